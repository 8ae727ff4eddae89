// Per-process setup shared by the container init and exec'd processes.
#include "process_setup.h"

#include "glassbox/capabilities.h"
#include "glassbox/file_io.h"
#include "path_in_root.h"
#include "sync.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

namespace glassbox {

void resetSignals()
{
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int number = 1; number < NSIG; ++number)
        if (number != SIGKILL && number != SIGSTOP)
            ::signal(number, SIG_DFL); // fails harmlessly for the real-time signals libc owns
}

Status setupConsole(const oci::Process &process, int syncFd, bool bindDevConsole)
{
    int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        return sysError("open the container's /dev/ptmx");
    UniqueFd masterFd(master);
    if (::grantpt(master) != 0 || ::unlockpt(master) != 0)
        return sysError("unlock the container's pty");
    char name[64];
    if (::ptsname_r(master, name, sizeof name) != 0)
        return sysError("name the container's pty");
    auto slave = openAt(AT_FDCWD, name, O_RDWR | O_NOCTTY);
    if (!slave)
        return tl::unexpected(slave.error());
    if (const auto &size = process.consoleSize) {
        winsize ws{};
        ws.ws_row = static_cast<unsigned short>(size->height);
        ws.ws_col = static_cast<unsigned short>(size->width);
        ::ioctl(slave->get(), TIOCSWINSZ, &ws);
    }
    // /dev/console is the pty, as on a real system.
    if (bindDevConsole) {
        auto root = openAt(AT_FDCWD, "/", O_PATH | O_DIRECTORY);
        if (!root)
            return tl::unexpected(root.error());
        auto console = ensureInRoot(root->get(), "/dev/console", false);
        if (console &&
            ::mount(name, fdPath(console->get()).c_str(), nullptr, MS_BIND, nullptr) != 0)
            return sysError("bind the pty to /dev/console");
    }
    if (::setsid() < 0)
        return sysError("start a session");
    if (::ioctl(slave->get(), TIOCSCTTY, 0) != 0)
        return sysError("make the pty the controlling terminal");
    for (int target = 0; target <= 2; ++target)
        if (::dup2(slave->get(), target) < 0)
            return sysError("attach the pty to stdio");
    return sync::send(syncFd, sync::Message::ConsoleMaster, 0, name, master);
}

Status applyRlimits(const oci::Process &process)
{
    for (size_t i = 0; i < process.rlimits.size(); ++i) {
        const auto &limit = process.rlimits[i];
        rlimit value{limit.soft, limit.hard};
        if (::setrlimit(static_cast<__rlimit_resource>(limit.resource), &value) == 0)
            continue;
        int saved = errno;
        rlimit current{};
        ::getrlimit(static_cast<__rlimit_resource>(limit.resource), &current);
        std::string field = "`process.rlimits[" + std::to_string(i) + "]`";
        if (saved == EPERM && limit.hard > current.rlim_max)
            return makeError(saved, field + ": cannot raise the hard limit of " + limit.type +
                                        " to " + std::to_string(limit.hard) +
                                        " above the current " + std::to_string(current.rlim_max) +
                                        " (that needs CAP_SYS_RESOURCE, which this host lacks)");
        return makeError(saved, field + ": set " + limit.type);
    }
    return {};
}

Status enterWorkingDirectory(const std::string &cwd)
{
    if (::chdir(cwd.c_str()) != 0) {
        if (errno != ENOENT)
            return sysError("`process.cwd`: enter " + quoted(cwd));
        auto root = openAt(AT_FDCWD, "/", O_PATH | O_DIRECTORY);
        if (!root)
            return tl::unexpected(root.error());
        auto made = ensureInRoot(root->get(), cwd, true);
        if (!made)
            return withContext(made.error(), "`process.cwd`");
        if (::chdir(cwd.c_str()) != 0)
            return sysError("`process.cwd`: enter " + quoted(cwd));
    }
    // A cwd reached through a leaked descriptor would lie outside the root; getcwd() says
    // so (CVE-2024-21626). Refuse rather than run there.
    char buffer[4096];
    if (::getcwd(buffer, sizeof buffer) == nullptr || buffer[0] != '/')
        return makeError(ENOENT,
                         "`process.cwd`: " + quoted(cwd) + " is outside the container's root");
    return {};
}

std::string envValue(const std::vector<std::string> &env, std::string_view name)
{
    for (const auto &entry : env)
        if (entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 &&
            entry[name.size()] == '=')
            return entry.substr(name.size() + 1);
    return {};
}

Result<std::string> findExecutable(const oci::Process &process)
{
    const std::string &program = process.args.front();
    auto usable = [](const std::string &path) {
        struct stat st
        {
        };
        return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
               ::access(path.c_str(), X_OK) == 0;
    };
    if (program.find('/') != std::string::npos) {
        if (usable(program))
            return program;
        return makeError(ENOENT, "`process.args[0]`: " + quoted(program) +
                                     " is not an executable file in the container");
    }
    std::string path = envValue(process.env, "PATH");
    if (path.empty())
        path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find(':', start);
        if (end == std::string::npos)
            end = path.size();
        std::string dir = path.substr(start, end - start);
        std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
        if (usable(candidate))
            return candidate;
        start = end + 1;
    }
    return makeError(ENOENT, "`process.args[0]`: executable " + quoted(program) +
                                 " not found in $PATH of the container");
}

Status restrictDescriptors(int preserveFds)
{
    // Nothing of the runtime's may survive the execve(); the caller's stdio and
    // --preserve-fds descriptors do.
    if (::syscall(SYS_close_range, 3 + preserveFds, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
        return sysError("mark descriptors close-on-exec");
    for (int fd = 3; fd < 3 + preserveFds; ++fd) {
        int flags = ::fcntl(fd, F_GETFD);
        if (flags >= 0)
            ::fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
    }
    return {};
}

Status switchUser(const oci::Process &process, std::vector<Error> &warnings)
{
    const auto &user = process.user;
    const bool caps = process.capabilities.has_value();
    if (caps)
        GB_TRY(caps::dropBounding(process.capabilities->bounding));
    // Keep the permitted set across setuid so the config's capabilities can be applied.
    if (caps && ::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0)
        return sysError("keep capabilities across the uid switch");
    std::vector<gid_t> groups(user.additionalGids.begin(), user.additionalGids.end());
    if (::setgroups(groups.size(), groups.data()) != 0 && errno != EPERM)
        return sysError("`process.user.additionalGids`: setgroups");
    if (::setresgid(user.gid, user.gid, user.gid) != 0)
        return sysError("`process.user.gid`: switch to gid " + std::to_string(user.gid));
    if (::setresuid(user.uid, user.uid, user.uid) != 0)
        return sysError("`process.user.uid`: switch to uid " + std::to_string(user.uid));
    if (caps) {
        if (::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0)
            return sysError("reset keep-capabilities");
        GB_TRY(caps::apply(*process.capabilities, &warnings));
    }
    if (user.umask)
        ::umask(*user.umask);
    return {};
}

std::vector<char *> argvPointers(const std::vector<std::string> &strings)
{
    std::vector<char *> list;
    list.reserve(strings.size() + 1);
    for (const auto &s : strings)
        list.push_back(const_cast<char *>(s.c_str()));
    list.push_back(nullptr);
    return list;
}

Status sendToConsoleSocket(const std::string &socketPath, int master, const std::string &name)
{
    UniqueFd sock(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!sock)
        return sysError("create a socket for --console-socket");
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socketPath.size() >= sizeof address.sun_path)
        return makeError(ENAMETOOLONG, "--console-socket " + quoted(socketPath) + " is too long");
    std::copy(socketPath.begin(), socketPath.end(), address.sun_path);
    if (::connect(sock.get(), reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
        return sysError("connect to --console-socket " + quoted(socketPath));
    // The peer (conmon, podman, a test) reads one message carrying the pty master.
    if (auto sent = sync::sendWithFd(sock.get(), name, master); !sent)
        return withContext(sent.error(), "send the pty to --console-socket " + quoted(socketPath));
    return {};
}

} // namespace glassbox
