// A container's network namespace, kept by a bind mount of its nsfs file, and the host's end
// of its veth. Both enter a namespace on a short-lived thread: unshare(CLONE_NEWNET) and
// setns() change only the calling thread, so the caller (the helper's threads) never moves.
#include "network_p.h"

#include "glassbox/file_io.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/vfs.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace glassbox::net {

namespace detail {

Status runOnThread(const std::function<Status()> &work)
{
    Status result;
    try {
        std::thread worker([&] { result = work(); });
        worker.join();
    } catch (const std::system_error &error) {
        return makeError(error.code().value(), "start a thread");
    }
    return result;
}

bool isNamespaceFile(const std::string &path)
{
    struct statfs fs
    {
    };
    return ::statfs(path.c_str(), &fs) == 0 && fs.f_type == NSFS_MAGIC;
}

namespace {

// The ifindex that IFLA_LINK names for `index` (a veth's peer, in the peer's namespace),
// asked of rtnetlink in the calling thread's network namespace.
Result<int> peerIndexOf(int index, const std::string &interface)
{
    UniqueFd socket(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (!socket)
        return sysError("open a netlink socket");
    struct
    {
        nlmsghdr header;
        ifinfomsg info;
    } request{};
    request.header.nlmsg_len = NLMSG_LENGTH(sizeof(ifinfomsg));
    request.header.nlmsg_type = RTM_GETLINK;
    request.header.nlmsg_flags = NLM_F_REQUEST;
    request.header.nlmsg_seq = 1;
    request.info.ifi_family = AF_UNSPEC;
    request.info.ifi_index = index;
    if (::send(socket.get(), &request, request.header.nlmsg_len, 0) < 0)
        return sysError("ask rtnetlink for " + quoted(interface));

    alignas(nlmsghdr) char buffer[16384];
    ssize_t length;
    do {
        length = ::recv(socket.get(), buffer, sizeof buffer, 0);
    } while (length < 0 && errno == EINTR);
    if (length < 0)
        return sysError("read rtnetlink's answer for " + quoted(interface));
    auto remaining = static_cast<unsigned>(length);
    for (auto *message = reinterpret_cast<nlmsghdr *>(buffer); NLMSG_OK(message, remaining);
         message = NLMSG_NEXT(message, remaining)) {
        if (message->nlmsg_type == NLMSG_ERROR) {
            const auto *error = static_cast<const nlmsgerr *>(NLMSG_DATA(message));
            return makeError(-error->error, "ask rtnetlink for " + quoted(interface));
        }
        if (message->nlmsg_type != RTM_NEWLINK)
            continue;
        auto *info = static_cast<ifinfomsg *>(NLMSG_DATA(message));
        auto attributesLength = static_cast<unsigned>(IFLA_PAYLOAD(message));
        for (auto *attribute = IFLA_RTA(info); RTA_OK(attribute, attributesLength);
             attribute = RTA_NEXT(attribute, attributesLength)) {
            if (attribute->rta_type == IFLA_LINK && RTA_PAYLOAD(attribute) >= sizeof(uint32_t)) {
                uint32_t peer = 0;
                std::memcpy(&peer, RTA_DATA(attribute), sizeof peer);
                return static_cast<int>(peer);
            }
        }
    }
    return makeError(EINVAL, quoted(interface) + " has no peer: it is not a veth");
}

} // namespace

Result<std::string> hostVethOf(const std::string &netnsPath, const std::string &interface)
{
    auto ns = openAt(AT_FDCWD, netnsPath, O_RDONLY);
    if (!ns)
        return tl::unexpected(ns.error());
    int peer = 0;
    auto found = runOnThread([&]() -> Status {
        if (::setns(ns->get(), CLONE_NEWNET) != 0)
            return sysError("enter the network namespace " + quoted(netnsPath));
        const unsigned index = ::if_nametoindex(interface.c_str());
        if (index == 0)
            return sysError("find " + quoted(interface) + " in " + quoted(netnsPath));
        auto peerIndex = peerIndexOf(static_cast<int>(index), interface);
        if (!peerIndex)
            return tl::unexpected(peerIndex.error());
        peer = *peerIndex;
        return {};
    });
    if (!found)
        return tl::unexpected(found.error());
    char name[IF_NAMESIZE] = {};
    if (::if_indextoname(static_cast<unsigned>(peer), name) == nullptr)
        return sysError("find the host's end of " + quoted(interface) + " of " + quoted(netnsPath) +
                        " (ifindex " + std::to_string(peer) + ")");
    return std::string(name);
}

} // namespace detail

Status createNamespace(const std::string &path)
{
    const size_t slash = path.rfind('/');
    if (slash != std::string::npos && slash > 0)
        GB_TRY(detail::makeDirectories(path.substr(0, slash), 0755));
    for (int attempt = 0;; ++attempt) {
        auto file = openAt(AT_FDCWD, path, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
        if (file)
            break;
        if (file.error().code != EEXIST || attempt > 0)
            return withContext(file.error(), "create the mount point of a network namespace");
        if (detail::isNamespaceFile(path))
            return makeError(EEXIST, quoted(path) + " is already a network namespace");
        // The mount point of a namespace whose mount did not happen (a crash in between).
        if (::unlink(path.c_str()) != 0)
            return sysError("remove the stale " + quoted(path));
    }
    auto made = detail::runOnThread([&]() -> Status {
        if (::unshare(CLONE_NEWNET) != 0)
            return sysError("create a network namespace for " + quoted(path));
        const std::string self = "/proc/self/task/" + std::to_string(::gettid()) + "/ns/net";
        if (::mount(self.c_str(), path.c_str(), nullptr, MS_BIND, nullptr) != 0)
            return sysError("bind-mount a new network namespace on " + quoted(path));
        return {};
    });
    if (!made)
        ::unlink(path.c_str());
    return made;
}

Status removeNamespace(const std::string &path)
{
    // More than one mount may be stacked there (two racing creates of old); each goes.
    for (int mounts = 0; mounts < 16; ++mounts) {
        if (::umount2(path.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0)
            continue;
        if (errno == EINVAL || errno == ENOENT)
            break;
        return sysError("unmount the network namespace " + quoted(path));
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return sysError("remove " + quoted(path));
    return {};
}

} // namespace glassbox::net
