// The supervisor: see supervisor.h and the protocol in glassbox/shim.h.
#include "supervisor.h"

#include "glassbox/cgroup/cgroup.h"
#include "glassbox/container.h"
#include "glassbox/file_io.h"
#include "glassbox/state.h"
#include "log_writer.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <linux/close_range.h>
#include <optional>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <tuple>
#include <unistd.h>

namespace glassbox::shim {

namespace {

/// What the supervisor takes through its signalfd: children, and the signals it ignores.
sigset_t handledSignals()
{
    sigset_t set;
    sigemptyset(&set);
    for (int signal : {SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGPIPE})
        sigaddset(&set, signal);
    return set;
}

/// Points fds 0-2 at /dev/null.
Status redirectStdioToNull()
{
    auto null = openAt(AT_FDCWD, "/dev/null", O_RDWR | O_NOCTTY);
    if (!null)
        return tl::unexpected(null.error());
    for (int fd = 0; fd <= 2; ++fd) {
        if (::dup2(null->get(), fd) < 0)
            return sysError("redirect descriptor " + std::to_string(fd) + " to `/dev/null`");
    }
    return {};
}

/// Leaves the helper's session and descriptors behind.
Status detach(int keepFd)
{
    // Before anything else is opened, so only what the helper passed is closed.
    if (keepFd > 3 && ::syscall(SYS_close_range, 3u, unsigned(keepFd - 1), 0u) != 0)
        return sysError("close inherited descriptors");
    if (::syscall(SYS_close_range, unsigned(keepFd + 1), ~0u, 0u) != 0)
        return sysError("close inherited descriptors");
    if (::setsid() < 0)
        return sysError("setsid");
    if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
        return sysError("become a child subreaper");
    GB_TRY(redirectStdioToNull());
    // Paths were made absolute before the fork; the shim must not pin the helper's cwd.
    if (::chdir("/") != 0)
        return sysError("change to `/`");
    return {};
}

/// Tells the waiting first process how the start went. Write errors are ignored: if it is
/// gone, nobody is waiting.
void report(UniqueFd &fd, std::string_view message)
{
    (void)writeAll(fd.get(), message);
    fd.reset();
}

class Supervisor
{
public:
    Supervisor(const Options &options, std::string cgroupsPath)
        : m_options(options), m_cgroupsPath(std::move(cgroupsPath)), m_store(options.runtimeRoot)
    {
    }

    /// Creates and starts the container; on failure undoes everything.
    [[nodiscard]] Status start();
    /// Waits for the container to end, records it and deletes the container.
    [[nodiscard]] Status run();

private:
    [[nodiscard]] Status createAndStart();
    [[nodiscard]] Status awaitStartGate() const;
    void abandon();
    void reapChildren();
    /// Copies what the pipes hold now; with `untilEof`, waits up to `timeoutMs` for more.
    void copyOutput(bool untilEof = false, int timeoutMs = 0);
    /// Copies what one pipe holds now; closes it once every writer is gone.
    void drain(UniqueFd &pipe, LogStream stream);
    [[nodiscard]] bool outputOpen() const { return m_stdout || m_stderr; }
    void logWarnings(const std::vector<Error> &warnings);
    [[nodiscard]] std::string path(std::string_view name) const
    {
        return pathIn(m_options.dir, name);
    }

    Options m_options;
    std::string m_cgroupsPath;
    StateStore m_store;
    UniqueFd m_dir;
    UniqueFd m_signals;
    UniqueFd m_stdout; ///< read end of the container's stdout pipe
    UniqueFd m_stderr; ///< read end of the container's stderr pipe
    std::optional<LogWriter> m_log;
    pid_t m_init = 0;
    bool m_created = false;
    cgroup::Cgroup m_cgroup;
    uint64_t m_oomKillsAtCreate = 0;
    std::optional<Exit> m_exit;
};

Status Supervisor::start()
{
    auto started = createAndStart();
    if (!started)
        abandon();
    return started;
}

Status Supervisor::createAndStart()
{
    auto dir = openAt(AT_FDCWD, m_options.dir, O_RDONLY | O_DIRECTORY);
    if (!dir)
        return tl::unexpected(dir.error());
    m_dir = std::move(*dir);
    // A rerun in the same directory must not show the previous run's outcome.
    for (std::string_view stale : {kStartedFile, kExitFile}) {
        if (::unlinkat(m_dir.get(), std::string(stale).c_str(), 0) != 0 && errno != ENOENT)
            return sysError("remove " + quoted(path(stale)));
    }
    GB_TRY(writeFileAtomically(path(kPidFile), std::to_string(::getpid())));

    const sigset_t signals = handledSignals();
    int signalFd = ::signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);
    if (signalFd < 0)
        return sysError("signalfd");
    m_signals.reset(signalFd);

    auto log = LogWriter::open(m_dir.get(), m_options.logMax);
    if (!log)
        return withContext(log.error(), path(kLogFile));
    m_log.emplace(std::move(*log));

    // The container inherits stdio: stdin stays /dev/null, stdout and stderr become a pipe
    // each, so the log can tell them apart. dup2 clears close-on-exec on the copies, as the
    // container needs.
    for (const auto &[readEnd, target, name] :
         {std::tuple{&m_stdout, 1, "stdout"}, std::tuple{&m_stderr, 2, "stderr"}}) {
        int pipeFds[2];
        if (::pipe2(pipeFds, O_CLOEXEC) != 0)
            return sysError(std::string("create the ") + name + " pipe");
        readEnd->reset(pipeFds[0]);
        UniqueFd writeEnd(pipeFds[1]);
        if (::fcntl(readEnd->get(), F_SETFL, O_NONBLOCK) != 0)
            return sysError(std::string("make the ") + name + " pipe non-blocking");
        if (::dup2(writeEnd.get(), target) < 0)
            return sysError(std::string("redirect ") + name + " to its pipe");
    }

    std::vector<Error> warnings;
    CreateOptions create;
    create.id = m_options.id;
    create.bundle = m_options.bundle;
    create.cgroupsPath = m_cgroupsPath;
    auto pid = createContainer(m_store, create, &warnings);
    if (!pid)
        return tl::unexpected(pid.error());
    m_created = true;
    m_init = *pid;
    // Its own process group: a signal to the shim's group (a shell's kill -9 -PGID, a
    // terminal hang-up) does not reach the container. Possible until the init's execve.
    (void)::setpgid(m_init, m_init);

    auto info = containerInfo(m_store, m_options.id);
    if (!info)
        return tl::unexpected(info.error());
    m_cgroup = info->state.cgroup;
    if (!m_cgroup.directories.empty()) {
        if (auto stats = cgroup::readStats(m_cgroup); stats)
            m_oomKillsAtCreate = stats->oomKills.value_or(0);
    }
    if (!m_options.startGate.empty())
        GB_TRY(awaitStartGate());
    GB_TRY(startContainer(m_store, m_options.id, &warnings));
    GB_TRY(redirectStdioToNull()); // only the container holds the pipes' write ends now
    logWarnings(warnings);
    return writeFileAtomically(path(kStartedFile), toJson(Started{m_init, nowUsec()}));
}

Status Supervisor::awaitStartGate() const
{
    const std::string gate = path(m_options.startGate);
    // Watched before the first look, so that a gate written in between is not missed.
    UniqueFd events(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
    if (!events)
        return sysError("inotify_init1 for the start gate");
    if (::inotify_add_watch(events.get(), m_options.dir.c_str(), IN_MOVED_TO | IN_CLOSE_WRITE) < 0)
        return sysError("watch " + quoted(m_options.dir) + " for the start gate");
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(kStartGateTimeoutMs);
    for (;;) {
        auto verdict = readFile(gate, 64 * 1024);
        if (verdict) {
            const std::string_view reason = trimmed(*verdict);
            if (reason.empty())
                return {};
            return makeError(0, std::string(reason));
        }
        if (verdict.error().code != ENOENT)
            return withContext(verdict.error(), "read the start gate");
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return makeError(ETIMEDOUT, "nothing let the container start within " +
                                            std::to_string(kStartGateTimeoutMs / 1000) + " s (no " +
                                            quoted(gate) + ")");
        pollfd ready{events.get(), POLLIN, 0};
        if (::poll(&ready, 1, int(left.count())) < 0 && errno != EINTR)
            return sysError("wait for the start gate");
        char drain[4096];
        while (::read(events.get(), drain, sizeof drain) > 0) {
        }
    }
}

void Supervisor::abandon()
{
    (void)redirectStdioToNull();
    if (m_created) {
        (void)deleteContainer(m_store, m_options.id, true);
        reapChildren();
    }
    if (outputOpen())
        copyOutput(true, 1000);
    if (m_dir) {
        ::unlinkat(m_dir.get(), std::string(kStartedFile).c_str(), 0);
        ::unlinkat(m_dir.get(), std::string(kPidFile).c_str(), 0);
    }
    if (m_log)
        m_log->removeIfEmpty();
}

void Supervisor::reapChildren()
{
    for (;;) {
        int status = 0;
        pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid <= 0)
            return;
        if (pid != m_init || m_exit)
            continue;
        // Everything the init wrote before it exited is in the pipes now: copied to the log
        // before the exit is stamped, so that none of its records is stamped after its
        // finishedAt (on a slow machine the init is often reaped before its output is read).
        copyOutput();
        Exit exit;
        exit.finishedAtUsec = nowUsec();
        if (WIFSIGNALED(status)) {
            exit.signal = WTERMSIG(status);
            exit.exitCode = 128 + exit.signal;
        } else {
            exit.exitCode = WEXITSTATUS(status);
        }
        m_exit = exit;
    }
}

void Supervisor::drain(UniqueFd &pipe, LogStream stream)
{
    char buffer[65536];
    while (pipe) {
        ssize_t n = ::read(pipe.get(), buffer, sizeof buffer);
        if (n > 0) {
            // A full disk must not stop the container: its output is dropped instead.
            (void)m_log->write(stream, std::string_view(buffer, static_cast<size_t>(n)));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || errno != EAGAIN)
            pipe.reset(); // every writer is gone
        break;
    }
}

void Supervisor::copyOutput(bool untilEof, int timeoutMs)
{
    while (outputOpen()) {
        drain(m_stdout, LogStream::Stdout);
        drain(m_stderr, LogStream::Stderr);
        if (!untilEof || !outputOpen())
            return;
        pollfd entries[2] = {{m_stdout ? m_stdout.get() : -1, POLLIN, 0},
                             {m_stderr ? m_stderr.get() : -1, POLLIN, 0}};
        if (::poll(entries, 2, timeoutMs) <= 0)
            return;
    }
}

void Supervisor::logWarnings(const std::vector<Error> &warnings)
{
    for (const Error &warning : warnings)
        (void)m_log->write(LogStream::Stderr, "glassbox-shim: warning: " + warning.text() + "\n");
}

Status Supervisor::run()
{
    reapChildren(); // the init may have exited before the signalfd existed
    while (!m_exit) {
        // A negative descriptor (a pipe whose writers are gone) is skipped by poll.
        pollfd entries[3] = {{m_signals.get(), POLLIN, 0},
                             {m_stdout ? m_stdout.get() : -1, POLLIN, 0},
                             {m_stderr ? m_stderr.get() : -1, POLLIN, 0}};
        int rc = ::poll(entries, 3, -1);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0)
            return sysError("wait for container " + quoted(m_options.id));
        if (entries[0].revents != 0) {
            signalfd_siginfo info{};
            while (::read(m_signals.get(), &info, sizeof info) == sizeof info) {
                // SIGTERM, SIGINT, SIGHUP and SIGPIPE are deliberately ignored.
            }
            reapChildren();
        }
        if (entries[1].revents != 0 || entries[2].revents != 0)
            copyOutput();
    }
    // Everything the init wrote is in the pipes by now.
    copyOutput();
    if (!m_cgroup.directories.empty()) {
        if (auto stats = cgroup::readStats(m_cgroup); stats)
            m_exit->oomKilled = stats->oomKills.value_or(0) > m_oomKillsAtCreate;
    }
    auto written = writeFileAtomically(path(kExitFile), toJson(*m_exit));
    std::vector<Error> warnings;
    auto deleted = deleteContainer(m_store, m_options.id, true, &warnings);
    reapChildren();
    // What the container's other processes wrote before they were killed.
    copyOutput(true, 1000);
    logWarnings(warnings);
    // Exiting: a shim.pid left behind would name whatever process reuses the pid.
    ::unlinkat(m_dir.get(), std::string(kPidFile).c_str(), 0);
    if (!deleted)
        return deleted;
    return written;
}

} // namespace

int supervise(const Options &options, const std::string &cgroupsPath, UniqueFd startReport)
{
    if (auto detached = detach(startReport.get()); !detached) {
        report(startReport, "E" + detached.error().text());
        return 1;
    }
    Supervisor supervisor(options, cgroupsPath);
    if (auto started = supervisor.start(); !started) {
        report(startReport, "E" + started.error().text());
        return 1;
    }
    // Started: from now on the container outlives the first process (and the helper).
    ::prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
    report(startReport, "K");
    return supervisor.run() ? 0 : 1;
}

} // namespace glassbox::shim
