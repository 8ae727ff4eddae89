// `exec`: another process in an existing container. A short-lived helper enters the
// container's cgroup and, with one setns() on the init's pidfd, its namespaces; it then
// clones the process with CLONE_PARENT, so that the process is born inside the pid namespace
// yet is the runtime's own child (waitable, and killed by PDEATHSIG if the runtime dies
// while it is being set up).
#include "glassbox/container.h"

#include "glassbox/capabilities.h"
#include "glassbox/file_io.h"
#include "glassbox/namespaces.h"
#include "glassbox/seccomp.h"
#include "process_setup.h"
#include "sync.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fcntl.h>
#include <linux/sched.h>
#include <nlohmann/json.hpp>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace glassbox {

namespace {

/// `--process FILE`: an OCI `process` object, read by the config parser so that the same
/// rules apply and errors name the field (`process.args`, ...).
Result<oci::Process> loadProcessFile(const std::string &path)
{
    auto text = readFile(path);
    if (!text)
        return withContext(text.error(), "--process");
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded())
        return makeError(EINVAL, "--process " + quoted(path) + ": malformed JSON");
    // The parser reads whole configs: wrap the process into the smallest one.
    nlohmann::json document = {
        {"ociVersion", "1.0.0"}, {"root", {{"path", "/"}}}, {"process", std::move(json)}};
    auto spec = oci::parseSpec(document.dump());
    if (!spec)
        return withContext(spec.error(), "--process " + quoted(path));
    return std::move(*spec->process);
}

void addCapability(std::vector<int> &set, int capability)
{
    if (std::find(set.begin(), set.end(), capability) == set.end())
        set.push_back(capability);
}

/// What runc's exec flags change in the process.
Status applyOptions(oci::Process &process, const ExecOptions &options)
{
    if (!options.args.empty())
        process.args = options.args;
    if (process.args.empty() || process.args.front().empty())
        return makeError(EINVAL, "exec needs a command (or --process with `args`)");
    process.terminal = process.terminal || options.tty;
    if (!options.cwd.empty()) {
        if (options.cwd.front() != '/')
            return makeError(EINVAL, "--cwd: " + quoted(options.cwd) + " is not absolute");
        process.cwd = options.cwd;
    }
    for (const std::string &entry : options.env) {
        const size_t equals = entry.find('=');
        if (equals == std::string::npos || equals == 0)
            return makeError(EINVAL, "--env: expected KEY=VALUE, not " + quoted(entry));
        const std::string_view key(entry.data(), equals + 1); // with the '='
        auto same = std::find_if(process.env.begin(), process.env.end(),
                                 [&](const std::string &e) { return e.rfind(key, 0) == 0; });
        if (same != process.env.end())
            *same = entry;
        else
            process.env.push_back(entry);
    }
    if (options.uid)
        process.user.uid = *options.uid;
    if (options.gid)
        process.user.gid = *options.gid;
    for (uint32_t gid : options.additionalGids)
        process.user.additionalGids.push_back(gid);
    for (const std::string &name : options.capabilities) {
        std::string upper = name;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (upper.rfind("CAP_", 0) != 0)
            upper.insert(0, "CAP_");
        auto capability = caps::fromName(upper);
        if (!capability)
            return makeError(EINVAL, "--cap: unknown capability " + quoted(name));
        // Without a capabilities section the process keeps all of root's: nothing to add.
        if (!process.capabilities)
            continue;
        oci::Capabilities &sets = *process.capabilities;
        addCapability(sets.bounding, *capability);
        addCapability(sets.effective, *capability);
        addCapability(sets.permitted, *capability);
        // runc raises ambient capabilities only for processes that have inheritable ones;
        // an ambient capability must be inheritable too.
        if (!sets.inheritable.empty()) {
            addCapability(sets.inheritable, *capability);
            addCapability(sets.ambient, *capability);
        }
    }
    if (options.noNewPrivileges)
        process.noNewPrivileges = true;
    if (process.terminal && options.consoleSocket.empty() && options.detach)
        return makeError(EINVAL, "a terminal (--tty) with --detach needs --console-socket to "
                                 "receive it");
    if (!process.terminal && !options.consoleSocket.empty())
        return makeError(EINVAL, "--console-socket needs a terminal (--tty or "
                                 "`process.terminal`)");
    return {};
}

/// A pidfd for the container's init if it is still the process the state names.
Result<UniqueFd> openInit(const ContainerState &state)
{
    int fd = static_cast<int>(::syscall(SYS_pidfd_open, state.pid, 0));
    if (fd < 0)
        return sysError("open the process of container " + quoted(state.id));
    UniqueFd pidfd(fd);
    if (processStartTime(state.pid) != state.pidStartTime)
        return makeError(ESRCH,
                         "cannot exec in container " + quoted(state.id) + ": it is not running");
    return pidfd;
}

/// setns() flags for every namespace of the init that is not the runtime's own: those the
/// container created and those it joined alike.
int namespacesToJoin(pid_t init)
{
    using oci::NamespaceType;
    int flags = 0;
    for (NamespaceType type :
         {NamespaceType::User, NamespaceType::Mount, NamespaceType::Pid, NamespaceType::Network,
          NamespaceType::Ipc, NamespaceType::Uts, NamespaceType::Cgroup, NamespaceType::Time}) {
        const uint64_t theirs = namespaces::inode(init, oci::procName(type));
        if (theirs != 0 && theirs != namespaces::inode(::getpid(), oci::procName(type)))
            flags |= oci::cloneFlag(type);
    }
    return flags;
}

/// Moves a descriptor of ours out of 3 .. 3+preserveFds-1, where it would pass into the
/// process as if the caller had meant to hand it over.
Status keepOutOfPreserved(UniqueFd &fd, int preserveFds)
{
    if (fd.get() >= 3 + preserveFds)
        return {};
    int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 3 + preserveFds);
    if (moved < 0)
        return sysError("--preserve-fds " + std::to_string(preserveFds) +
                        ": move a descriptor of the runtime above the preserved ones");
    fd.reset(moved);
    return {};
}

/// What the helper and the process need, prepared by the runtime before the fork.
struct Plan
{
    const ContainerState &state;
    const oci::Process &process;
    const std::optional<seccomp::Program> &filter;
    int initFd = -1;   ///< pidfd of the container's init
    int joinFlags = 0; ///< namespaces to setns() into
    int reportFd = -1; ///< helper -> runtime: the process's pid, or why there is none
    int syncFd = -1;   ///< process <-> runtime: console, Ready, Failed
    int preserveFds = 0;
};

/// The process's own setup, inside the container's namespaces, as the init does it.
Status setUpProcess(const Plan &plan, std::string &executable)
{
    const oci::Process &process = plan.process;
    if (process.terminal)
        GB_TRY(setupConsole(process, plan.syncFd, false));
    if (process.oomScoreAdj)
        GB_TRY(writeFile("/proc/self/oom_score_adj", std::to_string(*process.oomScoreAdj)));
    GB_TRY(applyRlimits(process));
    // Unlike the init's, a missing cwd is an error here: exec must not create directories.
    if (::chdir(process.cwd.c_str()) != 0)
        return sysError("`process.cwd`: enter " + quoted(process.cwd) + " in the container");
    GB_TRY(enterWorkingDirectory(process.cwd)); // checks it lies inside the root
    auto found = findExecutable(process);
    if (!found)
        return tl::unexpected(found.error());
    executable = *found;
    GB_TRY(restrictDescriptors(plan.preserveFds));
    // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: load it while we have it.
    if (plan.filter && !process.noNewPrivileges)
        GB_TRY(seccomp::load(*plan.filter));
    std::vector<Error> warnings;
    GB_TRY(switchUser(process, warnings));
    for (const Error &warning : warnings) // the runtime reports them; the core never logs
        GB_TRY(sync::send(plan.syncFd, sync::Message::Warning, warning.code, warning.message));
    if (process.noNewPrivileges) {
        if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            return sysError("set no_new_privs");
        if (plan.filter)
            GB_TRY(seccomp::load(*plan.filter)); // last, so little runs filtered before exec
    }
    return {};
}

[[noreturn]] void runProcess(const Plan &plan)
{
    // Our parent is the runtime (CLONE_PARENT): if it dies while we are set up, so do we.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    resetSignals();
    std::string executable;
    auto ready = setUpProcess(plan, executable);
    if (!ready) {
        sync::sendError(plan.syncFd, ready.error());
        ::_exit(1);
    }
    // A detached exec's runtime exits once we have exec'd; that must not kill us.
    ::prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
    if (!sync::send(plan.syncFd, sync::Message::Ready))
        ::_exit(1);
    auto argv = argvPointers(plan.process.args);
    auto envp = argvPointers(plan.process.env);
    ::execve(executable.c_str(), argv.data(), envp.data());
    auto failed = sysError("exec " + quoted(executable));
    sync::sendError(plan.syncFd, failed.value());
    ::_exit(127);
}

Result<pid_t> enterAndClone(const Plan &plan)
{
    // cgroupfs paths are host paths: enter the cgroup before the mount namespace.
    if (!plan.state.cgroup.directories.empty())
        GB_TRY(cgroup::enter(plan.state.cgroup, ::getpid()));
    // One call joins them all, user namespace first, as one atomic step (Linux >= 5.8).
    if (plan.joinFlags != 0 && ::setns(plan.initFd, plan.joinFlags) != 0)
        return sysError("join the namespaces of container " + quoted(plan.state.id));
    // Joining a pid namespace only places our children in it. clone3 wants exit_signal 0
    // with CLONE_PARENT: the child inherits ours (SIGCHLD) and signals the runtime.
    clone_args args{};
    args.flags = CLONE_PARENT;
    pid_t pid = static_cast<pid_t>(::syscall(SYS_clone3, &args, sizeof args));
    if (pid < 0)
        return sysError("clone the process in container " + quoted(plan.state.id));
    if (pid == 0)
        runProcess(plan);
    return pid;
}

[[noreturn]] void runHelper(const Plan &plan)
{
    // Before anything else: nothing in the container may open /proc/<us>/exe, the runtime
    // binary, or ptrace us (CVE-2019-5736). The process's execve() makes it dumpable again.
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    auto pid = enterAndClone(plan);
    if (!pid) {
        sync::sendError(plan.reportFd, pid.error());
        ::_exit(1);
    }
    // The pid as the host sees it: we stay in the runtime's pid namespace.
    (void)sync::send(plan.reportFd, sync::Message::Ready, *pid);
    ::_exit(0);
}

/// Kills and reaps what a failed exec left running.
class ExecGuard
{
public:
    ExecGuard() = default;
    ExecGuard(const ExecGuard &) = delete;
    ExecGuard &operator=(const ExecGuard &) = delete;
    ~ExecGuard()
    {
        for (pid_t pid : {m_helper, m_process}) {
            if (pid > 0) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, nullptr, 0);
            }
        }
    }
    void setHelper(pid_t pid) { m_helper = pid; }
    void setProcess(pid_t pid) { m_process = pid; }
    void reapHelper()
    {
        ::waitpid(m_helper, nullptr, 0);
        m_helper = 0;
    }
    void commit() { m_process = 0; }

private:
    pid_t m_helper = 0;
    pid_t m_process = 0;
};

/// Follows the process's setup until it has exec'd: the pty it may send first, then Ready,
/// then the end of the sync socket (closed on exec) or the reason the exec failed.
Result<UniqueFd> waitUntilExeced(int syncFd, const ExecOptions &options,
                                 std::vector<Error> &warnings)
{
    UniqueFd terminal;
    bool ready = false;
    for (;;) {
        auto message = sync::receive(syncFd);
        if (!message) {
            if (ready && message.error().code == EPIPE)
                return terminal;
            return tl::unexpected(message.error());
        }
        switch (message->type) {
        case sync::Message::ConsoleMaster:
            if (options.consoleSocket.empty())
                terminal = std::move(message->fd);
            else
                GB_TRY(
                    sendToConsoleSocket(options.consoleSocket, message->fd.get(), message->text));
            break;
        case sync::Message::Ready:
            ready = true;
            break;
        case sync::Message::Warning:
            warnings.push_back({message->code, message->text});
            break;
        case sync::Message::Failed:
            return makeError(message->code, message->text);
        default:
            return makeError(EPROTO, "unexpected message from the exec'd process");
        }
    }
}

} // namespace

Result<ExecProcess> execContainer(const StateStore &store, const ExecOptions &options)
{
    GB_TRY(validateId(options.id));
    auto info = containerInfo(store, options.id);
    if (!info)
        return tl::unexpected(info.error());
    const ContainerState &state = info->state;
    if (info->status == ContainerStatus::Stopped || info->status == ContainerStatus::Paused)
        return makeError(info->status == ContainerStatus::Paused ? EBUSY : ESRCH,
                         "cannot exec in container " + quoted(options.id) + ": it is " +
                             statusName(info->status));
    auto spec = oci::loadSpec(state.bundle);
    if (!spec)
        return tl::unexpected(spec.error());
    oci::Process process;
    if (!options.processFile.empty()) {
        auto loaded = loadProcessFile(options.processFile);
        if (!loaded)
            return tl::unexpected(loaded.error());
        process = std::move(*loaded);
    } else if (spec->process) {
        process = *spec->process;
    } else {
        return makeError(EINVAL, "`process`: missing in " + quoted(state.bundle + "/config.json"));
    }
    GB_TRY(applyOptions(process, options));
    std::optional<seccomp::Program> filter;
    if (spec->linux.seccomp) {
        auto compiled = seccomp::compileCached(*spec->linux.seccomp, store.root() + "/#seccomp");
        if (!compiled)
            return tl::unexpected(compiled.error());
        filter = std::move(*compiled);
    }

    auto initFd = openInit(state);
    if (!initFd)
        return tl::unexpected(initFd.error());
    auto report = sync::makePair();
    if (!report)
        return tl::unexpected(report.error());
    auto channel = sync::makePair();
    if (!channel)
        return tl::unexpected(channel.error());
    for (UniqueFd *fd :
         {&*initFd, &report->parent, &report->child, &channel->parent, &channel->child})
        GB_TRY(keepOutOfPreserved(*fd, options.preserveFds));
    Plan plan{state,
              process,
              filter,
              initFd->get(),
              namespacesToJoin(state.pid),
              report->child.get(),
              channel->child.get(),
              options.preserveFds};

    ExecGuard guard;
    pid_t helper = ::fork();
    if (helper < 0)
        return sysError("fork to exec in container " + quoted(options.id));
    if (helper == 0) {
        report->parent.reset();
        channel->parent.reset();
        runHelper(plan);
    }
    guard.setHelper(helper);
    report->child.reset();
    channel->child.reset();
    initFd->reset();

    auto started = sync::receive(report->parent.get());
    if (!started)
        return tl::unexpected(started.error());
    if (started->type == sync::Message::Failed)
        return makeError(started->code, started->text);
    if (started->type != sync::Message::Ready || started->code <= 0)
        return makeError(EPROTO, "unexpected message from the exec helper");
    const pid_t pid = started->code;
    guard.setProcess(pid);
    guard.reapHelper(); // its copy of the sync socket closes, so exec shows as end of file
    std::vector<Error> warnings;
    auto terminal = waitUntilExeced(channel->parent.get(), options, warnings);
    if (!terminal)
        return tl::unexpected(terminal.error());
    if (!options.pidFile.empty())
        GB_TRY(writeFileAtomically(options.pidFile, std::to_string(pid), 0644));
    guard.commit();
    return ExecProcess{pid, std::move(*terminal), std::move(warnings)};
}

} // namespace glassbox
