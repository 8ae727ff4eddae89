// `glassbox-runtime kill [--all] ID [SIGNAL]` (SIGTERM by default, names or numbers).
#include "cli.h"

#include <csignal>

namespace glassbox::cli {

int kill(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("kill", argv, {{"all", 'a', false}, {"pid", 'p', true}});
    if (!args)
        return fail(globals, args.error());
    const auto &positional = args->positional();
    if (positional.empty() || positional.size() > 2)
        return fail(globals, {EINVAL, "usage: glassbox-runtime kill [--all] ID [SIGNAL]"});
    int signal = SIGTERM;
    if (positional.size() == 2) {
        auto parsed = parseSignal(positional[1]);
        if (!parsed)
            return fail(globals, parsed.error());
        signal = *parsed;
    }
    if (auto sent =
            killContainer(StateStore(globals.root), positional[0], signal, args->has("all"));
        !sent)
        return fail(globals, sent.error());
    return 0;
}

} // namespace glassbox::cli
