// `glassbox-runtime state ID`: runc's state JSON.
#include "cli.h"

#include <cstdio>

namespace glassbox::cli {

int state(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("state", argv, {});
    if (!args)
        return fail(globals, args.error());
    if (auto ok = args->expect(1, "state ID"); !ok)
        return fail(globals, ok.error());
    auto info = containerInfo(StateStore(globals.root), args->positional()[0]);
    if (!info)
        return fail(globals, info.error());
    std::printf("%s\n", info->state.toPublicJson(info->status).c_str());
    return 0;
}

} // namespace glassbox::cli
