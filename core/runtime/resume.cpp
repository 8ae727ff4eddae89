// `glassbox-runtime resume ID`: thaws a paused container.
#include "cli.h"

namespace glassbox::cli {

int resume(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("resume", argv, {});
    if (!args)
        return fail(globals, args.error());
    if (auto ok = args->expect(1, "resume ID"); !ok)
        return fail(globals, ok.error());
    if (auto resumed = resumeContainer(StateStore(globals.root), args->positional()[0]); !resumed)
        return fail(globals, resumed.error());
    return 0;
}

} // namespace glassbox::cli
