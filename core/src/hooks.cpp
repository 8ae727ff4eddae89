// Running OCI hooks: fork, state JSON on a pipe to stdin, execve, wait with a timeout.
#include "hooks.h"

#include "glassbox/fd.h"
#include "glassbox/file_io.h"
#include "process_setup.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace glassbox::hooks {

namespace {

Status runOne(const oci::Hook &hook, const std::string &field, const std::string &stateJson)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return sysError(field + ": create a pipe");
    UniqueFd readEnd(fds[0]);
    UniqueFd writeEnd(fds[1]);
    std::vector<std::string> args =
        hook.args.empty() ? std::vector<std::string>{hook.path} : hook.args;
    auto argv = argvPointers(args);
    auto envp = argvPointers(hook.env);
    pid_t pid = ::fork();
    if (pid < 0)
        return sysError(field + ": fork");
    if (pid == 0) {
        resetSignals();
        if (::dup2(readEnd.get(), STDIN_FILENO) < 0)
            ::_exit(126);
        ::execve(hook.path.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    readEnd.reset();
    // A hook that does not read its stdin must not block us: ignore EPIPE.
    auto previous = ::signal(SIGPIPE, SIG_IGN);
    (void)writeAll(writeEnd.get(), stateJson);
    ::signal(SIGPIPE, previous);
    writeEnd.reset();

    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (hook.timeout && pidfd) {
        pollfd entry{pidfd.get(), POLLIN, 0};
        int rc;
        do {
            rc = ::poll(&entry, 1, *hook.timeout * 1000);
        } while (rc < 0 && errno == EINTR);
        if (rc == 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            return makeError(ETIMEDOUT, field + ": " + quoted(hook.path) + " timed out after " +
                                            std::to_string(*hook.timeout) + " s");
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return sysError(field + ": wait for " + quoted(hook.path));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return {};
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return makeError(ENOENT, field + ": cannot execute " + quoted(hook.path));
    if (WIFEXITED(status))
        return makeError(0, field + ": " + quoted(hook.path) + " exited with status " +
                                std::to_string(WEXITSTATUS(status)));
    return makeError(0, field + ": " + quoted(hook.path) + " was killed by signal " +
                            std::to_string(WTERMSIG(status)));
}

std::string fieldName(const char *phase, size_t index)
{
    return std::string("`hooks.") + phase + "[" + std::to_string(index) + "]`";
}

} // namespace

Status run(const std::vector<oci::Hook> &hooks, const char *phase, const std::string &stateJson)
{
    for (size_t i = 0; i < hooks.size(); ++i)
        GB_TRY(runOne(hooks[i], fieldName(phase, i), stateJson));
    return {};
}

std::vector<Error> runAll(const std::vector<oci::Hook> &hooks, const char *phase,
                          const std::string &stateJson)
{
    std::vector<Error> warnings;
    for (size_t i = 0; i < hooks.size(); ++i) {
        if (auto ran = runOne(hooks[i], fieldName(phase, i), stateJson); !ran)
            warnings.push_back(ran.error());
    }
    return warnings;
}

} // namespace glassbox::hooks
