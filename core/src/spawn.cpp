// posix_spawn with a pipe for the output (see glassbox/spawn.h).
#include "glassbox/spawn.h"

#include "glassbox/safe_open.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace glassbox::spawn {

namespace {

// posix_spawn's attribute and file-action objects, destroyed on every path.
class SpawnSetup
{
public:
    SpawnSetup()
    {
        ::posix_spawn_file_actions_init(&actions);
        ::posix_spawnattr_init(&attributes);
    }
    SpawnSetup(const SpawnSetup &) = delete;
    SpawnSetup &operator=(const SpawnSetup &) = delete;
    ~SpawnSetup()
    {
        ::posix_spawn_file_actions_destroy(&actions);
        ::posix_spawnattr_destroy(&attributes);
    }

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
};

int waitFor(pid_t pid)
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

} // namespace

Result<Child> start(const std::vector<std::string> &argv, const Options &options)
{
    if (argv.empty())
        return makeError(EINVAL, "spawn: no program");
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        return sysError("pipe");
    UniqueFd readEnd(pipeFds[0]);
    UniqueFd writeEnd(pipeFds[1]);
    // Only the parent's end: the child's must block for ordinary writers.
    if (options.nonBlockingOutput && ::fcntl(readEnd.get(), F_SETFL, O_NONBLOCK) != 0)
        return sysError("pipe");

    SpawnSetup setup;
    if (options.stdinDevNull)
        ::posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_adddup2(&setup.actions, writeEnd.get(), STDOUT_FILENO);
    if (options.mergeStderr)
        ::posix_spawn_file_actions_adddup2(&setup.actions, writeEnd.get(), STDERR_FILENO);
    if (options.resetSignals) {
        sigset_t none;
        sigemptyset(&none);
        ::posix_spawnattr_setsigmask(&setup.attributes, &none);
        sigset_t all;
        sigfillset(&all);
        ::posix_spawnattr_setsigdefault(&setup.attributes, &all);
        ::posix_spawnattr_setflags(&setup.attributes,
                                   POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    }

    std::vector<char *> args;
    for (const std::string &arg : argv)
        args.push_back(const_cast<char *>(arg.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc =
        options.searchPath
            ? ::posix_spawnp(&pid, args[0], &setup.actions, &setup.attributes, args.data(), environ)
            : ::posix_spawn(&pid, args[0], &setup.actions, &setup.attributes, args.data(), environ);
    if (rc != 0)
        return makeError(rc, "spawn " + quoted(argv[0]));
    return Child{pid, std::move(readEnd)};
}

namespace {

/// The pipe read to its end, `maxBytes` at most, within `timeoutMs`.
Result<std::string> readWithin(int fd, size_t maxBytes, int timeoutMs, const std::string &what)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    std::string data;
    char buffer[16384];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0)
            return makeError(ETIMEDOUT,
                             what + " did not end within " + std::to_string(timeoutMs) + " ms");
        pollfd poller{fd, POLLIN, 0};
        const int ready = ::poll(&poller, 1, int(left));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0)
            return sysError("poll " + what);
        if (ready == 0)
            continue;
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return sysError("read " + what);
        if (n == 0)
            return data;
        if (data.size() + size_t(n) > maxBytes)
            return makeError(EFBIG,
                             what + " is larger than " + std::to_string(maxBytes) + " bytes");
        data.append(buffer, size_t(n));
    }
}

} // namespace

Result<Finished> run(const std::vector<std::string> &argv, const Options &options, size_t maxOutput)
{
    Options blocking = options;
    blocking.nonBlockingOutput = false;
    auto child = start(argv, blocking);
    if (!child)
        return tl::unexpected(std::move(child).error());
    const std::string what = "output of " + argv[0];
    auto output = options.timeoutMs > 0
                      ? readWithin(child->output.get(), maxOutput, options.timeoutMs, what)
                      : readBounded(child->output.get(), maxOutput, what);
    if (!output) {
        // Too much, or unreadable: the child may be blocked on a full pipe.
        ::kill(child->pid, SIGKILL);
        waitFor(child->pid);
        return tl::unexpected(std::move(output).error());
    }
    return Finished{waitFor(child->pid), std::move(*output)};
}

Result<std::string> capture(const std::vector<std::string> &argv, const Options &options,
                            size_t maxOutput)
{
    auto finished = run(argv, options, maxOutput);
    if (!finished)
        return tl::unexpected(std::move(finished).error());
    if (WIFEXITED(finished->status) && WEXITSTATUS(finished->status) == 0)
        return std::move(finished->output);
    std::string command;
    for (const std::string &arg : argv)
        command += (command.empty() ? "" : " ") + arg;
    std::string message = quoted(command) + " failed";
    if (options.mergeStderr && !finished->output.empty())
        message += ": " + finished->output;
    return makeError(0, std::move(message));
}

} // namespace glassbox::spawn
