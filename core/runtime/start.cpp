// `glassbox-runtime start ID`
#include "cli.h"

namespace glassbox::cli {

int start(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("start", argv, {});
    if (!args)
        return fail(globals, args.error());
    if (auto ok = args->expect(1, "start ID"); !ok)
        return fail(globals, ok.error());
    std::vector<Error> warnings;
    auto started = startContainer(StateStore(globals.root), args->positional()[0], &warnings);
    warn(globals, warnings);
    if (!started)
        return fail(globals, started.error());
    return 0;
}

} // namespace glassbox::cli
