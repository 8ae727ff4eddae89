// `glassbox-runtime delete [--force] ID`
#include "cli.h"

namespace glassbox::cli {

int remove(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("delete", argv, {{"force", 'f', false}});
    if (!args)
        return fail(globals, args.error());
    if (auto ok = args->expect(1, "delete [--force] ID"); !ok)
        return fail(globals, ok.error());
    const std::string &id = args->positional()[0];
    StateStore store(globals.root);
    std::vector<Error> warnings;
    auto deleted = deleteContainer(store, id, args->has("force"), &warnings);
    warn(globals, warnings);
    if (!deleted) {
        // runc: deleting a container that does not exist succeeds with --force.
        if (args->has("force") && deleted.error().code == ENOENT)
            return 0;
        return fail(globals, deleted.error());
    }
    return 0;
}

} // namespace glassbox::cli
