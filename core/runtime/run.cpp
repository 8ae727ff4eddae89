// `glassbox-runtime run [options] ID`: create, start, wait, delete; the container's exit
// status becomes ours (128+N when it was killed by signal N, as runc does).
#include "cli.h"
#include "terminal_relay.h"

#include <csignal>

namespace glassbox::cli {

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
    const sigset_t blocked = forwardedSignals();
    ::sigprocmask(SIG_BLOCK, &blocked, nullptr);
    // A terminal no --console-socket takes is relayed to our own stdin and stdout.
    UniqueFd consoleMaster;
    if (options->consoleSocket.empty() && !args->has("detach"))
        options->consoleMaster = &consoleMaster;

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
    int code = superviseProcess(*pid, consoleMaster ? consoleMaster.get() : -1);
    if (!args->has("keep")) {
        if (auto deleted = deleteContainer(store, options->id, true, &warnings); !deleted)
            fail(globals, deleted.error());
    }
    warn(globals, warnings);
    return code;
}

} // namespace glassbox::cli
