// `glassbox-runtime pause ID`: freezes every process of a running container.
#include "cli.h"

namespace glassbox::cli {

int pause(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("pause", argv, {});
    if (!args)
        return fail(globals, args.error());
    if (auto ok = args->expect(1, "pause ID"); !ok)
        return fail(globals, ok.error());
    if (auto paused = pauseContainer(StateStore(globals.root), args->positional()[0]); !paused)
        return fail(globals, paused.error());
    return 0;
}

} // namespace glassbox::cli
