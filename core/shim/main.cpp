// glassbox-shim: the per-container supervisor the helper spawns. This process forks the
// supervisor and stays only until the container has started (or failed to), so that the
// helper learns the outcome from an exit status and stderr. Protocol: glassbox/shim.h.
#include "glassbox/cgroup/cgroup.h"
#include "glassbox/file_io.h"
#include "glassbox/self_exec.h"
#include "glassbox/shim.h"
#include "glassbox/state.h"
#include "supervisor.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace glassbox;

namespace {

int fail(const Error &error)
{
    std::fprintf(stderr, "glassbox-shim: %s\n", error.text().c_str());
    return 1;
}

/// Paths made absolute now: the supervisor changes to `/`.
Result<shim::Options> resolve(shim::Options options)
{
    GB_TRY(validateId(options.id));
    std::error_code error;
    for (std::string *path : {&options.runtimeRoot, &options.bundle, &options.dir}) {
        *path = std::filesystem::absolute(*path, error).lexically_normal().string();
        if (error)
            return makeError(error.value(), "resolve " + quoted(*path));
    }
    struct stat info
    {
    };
    if (::stat(options.dir.c_str(), &info) != 0)
        return sysError("--dir " + quoted(options.dir));
    if (!S_ISDIR(info.st_mode))
        return makeError(ENOTDIR, "--dir " + quoted(options.dir) + " is not a directory");
    return options;
}

/// --cgroup-leaf: out of the way into the leaf before the fork, so that the supervisor is
/// born there too and the own cgroup stays empty; memory and pids are passed down for the
/// statistics even without limits. Returns the container's cgroups path.
Result<std::string> enterLeaf(const std::string &leaf)
{
    auto host = cgroup::Host::detect();
    if (!host)
        return tl::unexpected(std::move(host).error());
    auto own = cgroup::moveIntoLeaf(*host, leaf, {"memory", "pids"});
    if (!own)
        return withContext(std::move(own).error(), "--cgroup-leaf");
    return *own + "/" + std::string(shim::kContainerCgroup);
}

/// Starts from known signal state whatever the spawner left: default dispositions (an
/// ignored signal would stay ignored in the container across execve) and the signals the
/// supervisor reads from a signalfd blocked, before the fork so none is lost.
void resetSignals()
{
    for (int signal = 1; signal < NSIG; ++signal) {
        if (signal != SIGKILL && signal != SIGSTOP)
            ::signal(signal, SIG_DFL);
    }
    sigset_t blocked;
    sigemptyset(&blocked);
    for (int signal : {SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGPIPE})
        sigaddset(&blocked, signal);
    ::sigprocmask(SIG_SETMASK, &blocked, nullptr);
}

/// Closed standard descriptors would be reused by the start pipe and then overwritten.
void ensureStdio()
{
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) < 0 && ::open("/dev/null", O_RDWR | O_NOCTTY) < 0)
            std::_Exit(1);
    }
}

/// The first process: waits for the supervisor's report on the start.
int awaitStart(pid_t supervisor, UniqueFd report)
{
    std::string message;
    char buffer[4096];
    for (;;) {
        ssize_t n = ::read(report.get(), buffer, sizeof buffer);
        if (n > 0)
            message.append(buffer, static_cast<size_t>(n));
        else if (n == 0 || errno != EINTR)
            break;
    }
    if (message == "K")
        return 0;
    // The supervisor has cleaned up and exits now; waiting keeps "nothing left behind"
    // true by the time the helper sees our status.
    while (::waitpid(supervisor, nullptr, 0) < 0 && errno == EINTR) {
    }
    if (message.size() > 1 && message.front() == 'E') {
        std::fprintf(stderr, "glassbox-shim: %s\n", message.c_str() + 1);
        return 1;
    }
    std::fprintf(stderr, "glassbox-shim: the supervisor died while starting the container\n");
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    ensureStdio();
    // Containers are cloned from this process: run from a file they cannot write.
    if (auto sealed = sealOwnExecutable(argv); !sealed)
        return fail(sealed.error());
    auto parsed = shim::parseArguments(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed) {
        std::fprintf(stderr,
                     "usage: glassbox-shim --runtime-root DIR --id ID --bundle DIR --dir DIR "
                     "[--log-max BYTES] [--cgroup-leaf NAME] [--start-gate NAME]\n");
        return fail(parsed.error());
    }
    auto options = resolve(std::move(*parsed));
    if (!options)
        return fail(options.error());
    std::string cgroupsPath;
    if (!options->cgroupLeaf.empty()) {
        auto container = enterLeaf(options->cgroupLeaf);
        if (!container)
            return fail(container.error());
        cgroupsPath = std::move(*container);
    }

    resetSignals();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return fail(sysError("create the start pipe").value());
    UniqueFd readEnd(fds[0]);
    UniqueFd writeEnd(fds[1]);
    const pid_t firstProcess = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0)
        return fail(sysError("fork the supervisor").value());
    if (pid == 0) {
        // The helper waits on this first process for the start's outcome: if it dies first,
        // the helper takes the start as failed and removes the container, so the supervisor
        // must not go on and start it behind the helper's back. It dies with this process
        // until the outcome is reported (supervise() disarms this just before).
        ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (::getppid() != firstProcess)
            std::_Exit(1);
        readEnd.reset();
        std::_Exit(shim::supervise(*options, cgroupsPath, std::move(writeEnd)));
    }
    writeEnd.reset();
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    return awaitStart(pid, std::move(readEnd));
}
