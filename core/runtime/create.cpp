// `glassbox-runtime create [options] ID`
#include "cli.h"

namespace glassbox::cli {

int create(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("create", argv, {GLASSBOX_CREATE_FLAGS});
    if (!args)
        return fail(globals, args.error());
    if (auto ok = args->expect(1, "create [--bundle DIR] [--pid-file FILE] [--console-socket "
                                  "SOCKET] [--no-pivot] [--no-new-keyring] [--preserve-fds N] ID");
        !ok)
        return fail(globals, ok.error());
    auto options = createOptions(globals, *args);
    if (!options)
        return fail(globals, options.error());
    std::vector<Error> warnings;
    auto pid = createContainer(StateStore(globals.root), *options, &warnings);
    warn(globals, warnings);
    if (!pid)
        return fail(globals, pid.error());
    debug(globals, "created " + options->id + " as pid " + std::to_string(*pid));
    return 0;
}

} // namespace glassbox::cli
