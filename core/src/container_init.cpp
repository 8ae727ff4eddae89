// The container's init process: namespaces, rootfs, console, limits, identity,
// capabilities and seccomp, then a wait on the exec fifo and the execve() of user code.
#include "container_init.h"
#include "init_ops.h"

#include "glassbox/capabilities.h"
#include "glassbox/file_io.h"
#include "glassbox/namespaces.h"
#include "hooks.h"
#include "path_in_root.h"
#include "process_setup.h"
#include "rootfs.h"
#include "sync.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <map>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

namespace glassbox {

namespace {

constexpr long keyctlJoinSessionKeyring = 1; // KEYCTL_JOIN_SESSION_KEYRING

/// A new network namespace starts with `lo` down. runc and crun bring it up, and programs in
/// the container expect 127.0.0.1 to answer (a database's local socket, a health check).
Status bringLoopbackUp()
{
    UniqueFd socketFd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!socketFd)
        return sysError("open a socket to bring `lo` up");
    ifreq request{};
    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    if (::ioctl(socketFd.get(), SIOCGIFFLAGS, &request) != 0)
        return sysError("read the flags of `lo`");
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
    if (::ioctl(socketFd.get(), SIOCSIFFLAGS, &request) != 0)
        return sysError("bring `lo` up");
    return {};
}

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
    // unshare() makes the new time namespace this process's time_for_children; its offsets
    // can only be written before any process lives in it. Newer kernels move the process
    // into it at execve(), Debian 12's 6.1 does not: joining it explicitly once the offsets
    // are written works on both (this process is single-threaded, as setns() requires).
    if (::unshare(CLONE_NEWTIME) != 0)
        return sysError("create the time namespace");
    std::string offsets;
    for (const auto &[clock, offset] : linuxConfig.timeOffsets)
        offsets += clock + " " + std::to_string(offset.secs) + " " +
                   std::to_string(offset.nanosecs) + "\n";
    if (!offsets.empty())
        GB_TRY(writeFile("/proc/self/timens_offsets", offsets));
    auto forChildren = openAt(AT_FDCWD, "/proc/self/ns/time_for_children", O_RDONLY);
    if (!forChildren)
        return tl::unexpected(forChildren.error());
    if (::setns(forChildren->get(), CLONE_NEWTIME) != 0)
        return sysError("enter the new time namespace");
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

class LinuxInitOps final : public InitOps
{
public:
    int prctl(int option, unsigned long value) override { return ::prctl(option, value, 0, 0, 0); }
    int setresgid(gid_t gid) override { return ::setresgid(gid, gid, gid); }
    int setresuid(uid_t uid) override { return ::setresuid(uid, uid, uid); }
    int setgroups(size_t size, const gid_t *groups) override { return ::setgroups(size, groups); }
    int unshare(int flags) override { return ::unshare(flags); }
    int sethostname(std::string_view name) override
    {
        return ::sethostname(name.data(), name.size());
    }
    int setdomainname(std::string_view name) override
    {
        return ::setdomainname(name.data(), name.size());
    }
    long joinSessionKeyring(const std::string &name) override
    {
        return ::syscall(SYS_keyctl, keyctlJoinSessionKeyring, name.c_str());
    }
    Result<sync::Received> receive(int syncFd) override { return sync::receive(syncFd); }
    Status send(int syncFd, sync::Message type, int code, std::string_view text) override
    {
        return sync::send(syncFd, type, code, text);
    }
    Status joinNamespaces(const InitConfig &config) override
    {
        return glassbox::joinNamespaces(config);
    }
    Status bringLoopbackUp() override { return glassbox::bringLoopbackUp(); }
    Status setupTimeNamespace(const oci::Linux &linuxConfig) override
    {
        return glassbox::setupTimeNamespace(linuxConfig);
    }
    Status runHooks(const std::vector<oci::Hook> &hooks, const char *phase,
                    const std::string &state) override
    {
        return hooks::run(hooks, phase, state);
    }
    Status rootfsEnter(const rootfs::Context &context) override { return rootfs::enter(context); }
    Status setupConsole(const oci::Process &process, int syncFd) override
    {
        return glassbox::setupConsole(process, syncFd, true);
    }
    Status rootfsFinish(const rootfs::Context &context) override { return rootfs::finish(context); }
    Status setOomScoreAdj(int value) override
    {
        return writeFile("/proc/self/oom_score_adj", std::to_string(value));
    }
    Status applyRlimits(const oci::Process &process) override
    {
        return glassbox::applyRlimits(process);
    }
    Status enterWorkingDirectory(const std::string &cwd) override
    {
        return glassbox::enterWorkingDirectory(cwd);
    }
    Result<std::string> findExecutable(const oci::Process &process) override
    {
        return glassbox::findExecutable(process);
    }
    Status restrictDescriptors(int preserveFds) override
    {
        return glassbox::restrictDescriptors(preserveFds);
    }
    Status loadSeccomp(const seccomp::Program &program) override { return seccomp::load(program); }
    Status switchUser(const oci::Process &process, std::vector<Error> &warnings) override
    {
        return glassbox::switchUser(process, warnings);
    }
    Status waitForStart(int fifoFd) override { return glassbox::waitForStart(fifoFd); }
    int execve(const std::string &path, const std::vector<std::string> &args,
               const std::vector<std::string> &env) override
    {
        auto argv = argvPointers(args);
        auto envp = argvPointers(env);
        return ::execve(path.c_str(), argv.data(), envp.data());
    }
};

} // namespace

InitOps &linuxInitOps()
{
    static LinuxInitOps ops;
    return ops;
}

Status setUpInit(const InitConfig &config, InitOps &ops, std::string &executable,
                 std::string &hookState)
{
    const oci::Spec &spec = config.spec;
    const oci::Process &process = *spec.process;
    // From here on no other process may open /proc/<us>/exe or ptrace us: the runtime
    // binary must not be reachable from inside the container (CVE-2019-5736). execve()
    // of the user's program makes the process dumpable again.
    if (ops.prctl(PR_SET_DUMPABLE, 0) != 0)
        return sysError("make the container process non-dumpable");
    int rootfsTree = -1;
    std::map<size_t, int> mountTrees;
    std::vector<UniqueFd> trees; // kept open until the mounts are attached
    for (;;) {
        auto message = ops.receive(config.syncFd);
        if (!message)
            return tl::unexpected(message.error());
        if (message->type == sync::Message::Go)
            break;
        if (message->type != sync::Message::MountTree || !message->fd)
            return makeError(EPROTO, "unexpected message from the runtime");
        if (message->text == "rootfs")
            rootfsTree = message->fd.get();
        else
            mountTrees[std::stoul(message->text)] = message->fd.get();
        trees.push_back(std::move(message->fd));
    }
    GB_TRY(ops.joinNamespaces(config));
    if (config.newUserNamespace) {
        if (ops.setresgid(0) != 0 || ops.setresuid(0) != 0)
            return sysError("become root in the user namespace (are uid/gid 0 mapped?)");
        // The caller's supplementary groups (a root login shell's group 0) are host groups the
        // namespace does not map, and they still count: a directory 0701 root:root on the way
        // to the rootfs denies search to the group class they put us in. runc drops them here
        // too; process.user's groups are set at the end.
        if (ops.setgroups(0, nullptr) != 0)
            return sysError("drop the caller's supplementary groups in the user namespace");
    }
    if (const oci::Namespace *net = spec.linux.findNamespace(oci::NamespaceType::Network);
        net != nullptr && net->path.empty())
        GB_TRY(ops.bringLoopbackUp());
    const oci::Namespace *cgroupNs = spec.linux.findNamespace(oci::NamespaceType::Cgroup);
    // Unshared only now, after the parent moved us into the container's cgroup, so that
    // this cgroup is the namespace's root.
    if (cgroupNs != nullptr && cgroupNs->path.empty() && ops.unshare(CLONE_NEWCGROUP) != 0)
        return sysError("create the cgroup namespace");
    GB_TRY(ops.setupTimeNamespace(spec.linux));
    if (!spec.hostname.empty() && ops.sethostname(spec.hostname) != 0)
        return sysError("`hostname`: set " + quoted(spec.hostname));
    if (!spec.domainname.empty() && ops.setdomainname(spec.domainname) != 0)
        return sysError("`domainname`: set " + quoted(spec.domainname));

    rootfs::Context context{spec,
                            config.rootfs,
                            config.bundle,
                            config.cgroup,
                            config.newUserNamespace,
                            cgroupNs != nullptr && cgroupNs->path.empty(),
                            config.noPivot,
                            rootfsTree,
                            mountTrees};
    const oci::Hooks &hooks = spec.hooks;
    if (!hooks.prestart.empty() || !hooks.createRuntime.empty() || !hooks.createContainer.empty() ||
        !hooks.startContainer.empty()) {
        // The runtime runs prestart and createRuntime now that our namespaces exist.
        GB_TRY(ops.send(config.syncFd, sync::Message::RunHooks, 0, {}));
        auto done = ops.receive(config.syncFd);
        if (!done)
            return tl::unexpected(done.error());
        if (done->type != sync::Message::HooksDone)
            return makeError(EPROTO, "unexpected message from the runtime");
        hookState = done->text;
        GB_TRY(ops.runHooks(hooks.createContainer, "createContainer", hookState));
    }
    GB_TRY(ops.rootfsEnter(context));
    if (process.terminal)
        GB_TRY(ops.setupConsole(process, config.syncFd));
    GB_TRY(ops.rootfsFinish(context));

    if (process.oomScoreAdj)
        GB_TRY(ops.setOomScoreAdj(*process.oomScoreAdj));
    GB_TRY(ops.applyRlimits(process));
    if (!config.noNewKeyring) {
        std::string name = "_ses." + config.id;
        // ENOSYS/EPERM: keyrings are unavailable or forbidden here; not a reason to fail.
        if (ops.joinSessionKeyring(name) < 0 && errno != ENOSYS && errno != EPERM &&
            errno != EACCES)
            return sysError("create the session keyring");
    }
    GB_TRY(ops.enterWorkingDirectory(process.cwd));
    auto found = ops.findExecutable(process);
    if (!found)
        return tl::unexpected(found.error());
    executable = *found;
    GB_TRY(ops.restrictDescriptors(config.preserveFds));
    // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: load it while we have it.
    if (config.seccomp && !process.noNewPrivileges)
        GB_TRY(ops.loadSeccomp(*config.seccomp));
    std::vector<Error> warnings;
    GB_TRY(ops.switchUser(process, warnings));
    if (process.noNewPrivileges && ops.prctl(PR_SET_NO_NEW_PRIVS, 1) != 0)
        return sysError("set no_new_privs");
    // The core never logs: the runtime reports these with its own warnings.
    for (const Error &warning : warnings)
        GB_TRY(ops.send(config.syncFd, sync::Message::Warning, warning.code, warning.message));
    return {};
}

Status execInit(const InitConfig &config, InitOps &ops, const std::string &executable,
                const std::string &hookState)
{
    GB_TRY(ops.waitForStart(config.fifoFd));
    GB_TRY(ops.runHooks(config.spec.hooks.startContainer, "startContainer", hookState));
    const oci::Process &process = *config.spec.process;
    if (config.seccomp && process.noNewPrivileges)
        GB_TRY(ops.loadSeccomp(*config.seccomp)); // last, so nothing before exec is filtered
    ops.execve(executable, process.args, process.env);
    return sysError("exec " + quoted(executable));
}

void runContainerInit(const InitConfig &config)
{
    // If the runtime dies while we are being set up, so do we.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    // The runtime may block signals (`run` forwards them) and inherit some ignored (conmon
    // ignores SIGPIPE); user code starts with none blocked and none ignored, as under runc.
    resetSignals();
    std::string executable;
    std::string hookState;
    auto ready = setUpInit(config, linuxInitOps(), executable, hookState);
    if (!ready) {
        sync::sendError(config.syncFd, ready.error());
        ::_exit(1);
    }
    // From now on the runtime may exit (after `create`); we wait for `start` alone.
    ::prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
    if (!sync::send(config.syncFd, sync::Message::Ready))
        ::_exit(1);
    Status started = execInit(config, linuxInitOps(), executable, hookState);
    std::string message = "glassbox-runtime: " + started.error().text() + "\n";
    (void)!::write(STDERR_FILENO, message.data(), message.size());
    ::_exit(127);
}

} // namespace glassbox
