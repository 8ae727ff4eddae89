// The container's init process: namespaces, rootfs, console, limits, identity,
// capabilities and seccomp, then a wait on the exec fifo and the execve() of user code.
#include "container_init.h"

#include "glassbox/capabilities.h"
#include "glassbox/file_io.h"
#include "glassbox/namespaces.h"
#include "path_in_root.h"
#include "rootfs.h"
#include "sync.h"

#include <cerrno>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

namespace glassbox {

namespace {

constexpr long keyctlJoinSessionKeyring = 1; // KEYCTL_JOIN_SESSION_KEYRING

Status joinNamespaces(const InitConfig &config)
{
    // The user namespace first (it decides what the others may do), the mount namespace
    // last (joining it changes how later paths resolve). pid was joined by the parent.
    using oci::NamespaceType;
    const NamespaceType order[] = {
        NamespaceType::User,   NamespaceType::Ipc,  NamespaceType::Uts,  NamespaceType::Network,
        NamespaceType::Cgroup, NamespaceType::Time, NamespaceType::Mount};
    for (NamespaceType type : order) {
        const oci::Namespace *ns = config.spec.linux.findNamespace(type);
        if (ns != nullptr && !ns->path.empty())
            GB_TRY(namespaces::join(type, ns->path));
    }
    return {};
}

Status setupTimeNamespace(const oci::Linux &linuxConfig)
{
    const oci::Namespace *ns = linuxConfig.findNamespace(oci::NamespaceType::Time);
    if (ns == nullptr || !ns->path.empty())
        return {};
    // The new time namespace applies to this process from its execve() on (Linux >= 6.0)
    // and its offsets can only be written before any process lives in it.
    if (::unshare(CLONE_NEWTIME) != 0)
        return sysError("create the time namespace");
    std::string offsets;
    for (const auto &[clock, offset] : linuxConfig.timeOffsets)
        offsets += clock + " " + std::to_string(offset.secs) + " " +
                   std::to_string(offset.nanosecs) + "\n";
    if (!offsets.empty())
        GB_TRY(writeFile("/proc/self/timens_offsets", offsets));
    return {};
}

Status setupConsole(const InitConfig &config)
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
    if (const auto &size = config.spec.process->consoleSize) {
        winsize ws{};
        ws.ws_row = static_cast<unsigned short>(size->height);
        ws.ws_col = static_cast<unsigned short>(size->width);
        ::ioctl(slave->get(), TIOCSWINSZ, &ws);
    }
    // /dev/console is the pty, as on a real system.
    auto root = openAt(AT_FDCWD, "/", O_PATH | O_DIRECTORY);
    if (!root)
        return tl::unexpected(root.error());
    auto console = ensureInRoot(root->get(), "/dev/console", false);
    if (console && ::mount(name, fdPath(console->get()).c_str(), nullptr, MS_BIND, nullptr) != 0)
        return sysError("bind the pty to /dev/console");
    if (::setsid() < 0)
        return sysError("start a session");
    if (::ioctl(slave->get(), TIOCSCTTY, 0) != 0)
        return sysError("make the pty the controlling terminal");
    for (int target = 0; target <= 2; ++target)
        if (::dup2(slave->get(), target) < 0)
            return sysError("attach the pty to stdio");
    return sync::send(config.syncFd, sync::Message::ConsoleMaster, 0, name, master);
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

Status switchUser(const oci::Process &process)
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
        GB_TRY(caps::apply(*process.capabilities));
    }
    if (user.umask)
        ::umask(*user.umask);
    return {};
}

Status waitForStart(int fifoFd)
{
    // Opening the fifo for writing blocks until `start` opens it for reading.
    auto fifo = openAt(AT_FDCWD, fdPath(fifoFd), O_WRONLY);
    if (!fifo)
        return withContext(fifo.error(), "wait for start");
    return writeAll(fifo->get(), "0");
}

Status setUp(const InitConfig &config, std::string &executable)
{
    const oci::Spec &spec = config.spec;
    const oci::Process &process = *spec.process;
    // From here on no other process may open /proc/<us>/exe or ptrace us: the runtime
    // binary must not be reachable from inside the container (CVE-2019-5736). execve()
    // of the user's program makes the process dumpable again.
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        return sysError("make the container process non-dumpable");
    auto go = sync::receive(config.syncFd);
    if (!go)
        return tl::unexpected(go.error());
    if (go->type != sync::Message::Go)
        return makeError(EPROTO, "unexpected message from the runtime");
    GB_TRY(joinNamespaces(config));
    if (config.newUserNamespace) {
        if (::setresgid(0, 0, 0) != 0 || ::setresuid(0, 0, 0) != 0)
            return sysError("become root in the user namespace (are uid/gid 0 mapped?)");
    }
    const oci::Namespace *cgroupNs = spec.linux.findNamespace(oci::NamespaceType::Cgroup);
    // Unshared only now, after the parent moved us into the container's cgroup, so that
    // this cgroup is the namespace's root.
    if (cgroupNs != nullptr && cgroupNs->path.empty() && ::unshare(CLONE_NEWCGROUP) != 0)
        return sysError("create the cgroup namespace");
    GB_TRY(setupTimeNamespace(spec.linux));
    if (!spec.hostname.empty() && ::sethostname(spec.hostname.data(), spec.hostname.size()) != 0)
        return sysError("`hostname`: set " + quoted(spec.hostname));
    if (!spec.domainname.empty() &&
        ::setdomainname(spec.domainname.data(), spec.domainname.size()) != 0)
        return sysError("`domainname`: set " + quoted(spec.domainname));

    rootfs::Context context{
        spec,          config.rootfs,           config.bundle,
        config.cgroup, config.newUserNamespace, cgroupNs != nullptr && cgroupNs->path.empty(),
        config.noPivot};
    GB_TRY(rootfs::enter(context));
    if (process.terminal)
        GB_TRY(setupConsole(config));
    GB_TRY(rootfs::finish(context));

    if (process.oomScoreAdj)
        GB_TRY(writeFile("/proc/self/oom_score_adj", std::to_string(*process.oomScoreAdj)));
    GB_TRY(applyRlimits(process));
    if (!config.noNewKeyring) {
        std::string name = "_ses." + config.id;
        // ENOSYS/EPERM: keyrings are unavailable or forbidden here; not a reason to fail.
        if (::syscall(SYS_keyctl, keyctlJoinSessionKeyring, name.c_str()) < 0 && errno != ENOSYS &&
            errno != EPERM && errno != EACCES)
            return sysError("create the session keyring");
    }
    GB_TRY(enterWorkingDirectory(process.cwd));
    auto found = findExecutable(process);
    if (!found)
        return tl::unexpected(found.error());
    executable = *found;
    GB_TRY(restrictDescriptors(config.preserveFds));
    // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: load it while we have it.
    if (config.seccomp && !process.noNewPrivileges)
        GB_TRY(seccomp::load(*config.seccomp));
    GB_TRY(switchUser(process));
    if (process.noNewPrivileges && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return sysError("set no_new_privs");
    return {};
}

std::vector<char *> pointers(const std::vector<std::string> &strings)
{
    std::vector<char *> list;
    list.reserve(strings.size() + 1);
    for (const auto &s : strings)
        list.push_back(const_cast<char *>(s.c_str()));
    list.push_back(nullptr);
    return list;
}

} // namespace

void runContainerInit(const InitConfig &config)
{
    // If the runtime dies while we are being set up, so do we.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    // The runtime may block signals (`run` forwards them); user code starts with none blocked.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    std::string executable;
    auto ready = setUp(config, executable);
    if (!ready) {
        sync::sendError(config.syncFd, ready.error());
        ::_exit(1);
    }
    // From now on the runtime may exit (after `create`); we wait for `start` alone.
    ::prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
    if (!sync::send(config.syncFd, sync::Message::Ready))
        ::_exit(1);
    auto started = waitForStart(config.fifoFd);
    const oci::Process &process = *config.spec.process;
    if (started && config.seccomp && process.noNewPrivileges)
        started = seccomp::load(*config.seccomp); // last, so nothing before exec is filtered
    if (started) {
        auto argv = pointers(process.args);
        auto envp = pointers(process.env);
        ::execve(executable.c_str(), argv.data(), envp.data());
        started = sysError("exec " + quoted(executable));
    }
    std::string message = "glassbox-runtime: " + started.error().text() + "\n";
    (void)!::write(STDERR_FILENO, message.data(), message.size());
    ::_exit(127);
}

} // namespace glassbox
