// Typed messages over a SOCK_SEQPACKET socketpair, with optional SCM_RIGHTS descriptors.
#include "sync.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <vector>

namespace glassbox::sync {

namespace {
struct Header
{
    Message type;
    int32_t code;
};
constexpr size_t maxText = 16384;
} // namespace

Result<Pair> makePair()
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
        return sysError("create the runtime's sync socket pair");
    return Pair{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

namespace {

Status sendParts(int socket, iovec *parts, size_t count, int fd)
{
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = count;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    if (fd >= 0) {
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        cmsghdr *cmsg = CMSG_FIRSTHDR(&message);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
    }
    ssize_t n;
    do {
        n = ::sendmsg(socket, &message, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return sysError("sendmsg");
    return {};
}

} // namespace

Status send(int socket, Message type, int code, std::string_view text, int fd)
{
    Header header{type, code};
    text = text.substr(0, maxText);
    iovec parts[2] = {{&header, sizeof header}, {const_cast<char *>(text.data()), text.size()}};
    if (auto sent = sendParts(socket, parts, text.empty() ? 1 : 2, fd); !sent)
        return withContext(sent.error(), "send to the container process");
    return {};
}

Status sendWithFd(int socket, std::string_view text, int fd)
{
    iovec part{const_cast<char *>(text.data()), text.size()};
    return sendParts(socket, &part, 1, fd);
}

Result<Received> receive(int socket)
{
    Header header{};
    std::vector<char> text(maxText);
    iovec parts[2] = {{&header, sizeof header}, {text.data(), text.size()}};
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = 2;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    ssize_t n;
    do {
        n = ::recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return sysError("receive from the container process");
    if (n == 0)
        return makeError(EPIPE, "the container process exited during setup");
    if (static_cast<size_t>(n) < sizeof header)
        return makeError(EPROTO, "short message from the container process");
    Received received;
    received.type = header.type;
    received.code = header.code;
    received.text.assign(text.data(), static_cast<size_t>(n) - sizeof header);
    for (cmsghdr *cmsg = CMSG_FIRSTHDR(&message); cmsg; cmsg = CMSG_NXTHDR(&message, cmsg)) {
        if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS) {
            int fd = -1;
            std::memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
            received.fd.reset(fd);
        }
    }
    return received;
}

void sendError(int socket, const Error &error)
{
    (void)send(socket, Message::Failed, error.code, error.message);
}

} // namespace glassbox::sync
