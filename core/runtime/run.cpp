// `glassbox-runtime run [options] ID`: create, start, wait, delete; the container's exit
// status becomes ours (128+N when it was killed by signal N, as runc does).
#include "cli.h"

#include <cerrno>
#include <csignal>
#include <sys/wait.h>

namespace glassbox::cli {

namespace {

/// Forwards the signals a terminal user sends to the container until it exits.
int waitForwardingSignals(pid_t pid)
{
    sigset_t forwarded;
    sigemptyset(&forwarded);
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD})
        sigaddset(&forwarded, signal);
    for (;;) {
        int status = 0;
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            if (WIFEXITED(status))
                return WEXITSTATUS(status);
            return 128 + WTERMSIG(status);
        }
        if (done < 0 && errno != EINTR)
            return 255;
        siginfo_t info{};
        int signal = ::sigwaitinfo(&forwarded, &info);
        if (signal > 0 && signal != SIGCHLD)
            ::kill(pid, signal);
    }
}

} // namespace

int run(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse(
        "run", argv, {GLASSBOX_CREATE_FLAGS, {"detach", 'd', false}, {"keep", 0, false}});
    if (!args)
        return fail(globals, args.error());
    if (auto ok = args->expect(1, "run [--bundle DIR] [--detach] [--keep] [create options] ID");
        !ok)
        return fail(globals, ok.error());
    auto options = createOptions(globals, *args);
    if (!options)
        return fail(globals, options.error());
    StateStore store(globals.root);

    // Blocked before the container exists so no signal or exit is lost; the container
    // process resets its own mask before it runs user code.
    sigset_t blocked;
    sigemptyset(&blocked);
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD})
        sigaddset(&blocked, signal);
    ::sigprocmask(SIG_BLOCK, &blocked, nullptr);

    std::vector<Error> warnings;
    auto pid = createContainer(store, *options, &warnings);
    if (!pid)
        return fail(globals, pid.error());
    if (auto started = startContainer(store, options->id, &warnings); !started) {
        (void)deleteContainer(store, options->id, true);
        return fail(globals, started.error());
    }
    if (args->has("detach")) {
        warn(globals, warnings);
        return 0;
    }
    int code = waitForwardingSignals(*pid);
    if (!args->has("keep")) {
        if (auto deleted = deleteContainer(store, options->id, true, &warnings); !deleted)
            fail(globals, deleted.error());
    }
    warn(globals, warnings);
    return code;
}

} // namespace glassbox::cli
