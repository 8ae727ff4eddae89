// `glassbox-runtime spec [--bundle DIR]`: a default config.json with Docker's defaults.
#include "cli.h"

#include "glassbox/file_io.h"
#include "glassbox/oci/spec.h"

#include <fcntl.h>

namespace glassbox::cli {

int spec(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("spec", argv, {{"bundle", 'b', true}, {"rootless", 0, false}});
    if (!args)
        return fail(globals, args.error());
    if (auto ok = args->expect(0, "spec [--bundle DIR]"); !ok)
        return fail(globals, ok.error());
    if (args->has("rootless"))
        return fail(globals, {ENOTSUP, "--rootless: rootless containers are not supported"});
    const std::string path = args->value("bundle", ".") + "/config.json";
    auto file = openAt(AT_FDCWD, path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (!file) {
        if (file.error().code == EEXIST)
            return fail(globals, {EEXIST, quoted(path) + " exists; remove it first"});
        return fail(globals, file.error());
    }
    if (auto written = writeAll(file->get(), oci::defaultSpecJson() + "\n"); !written)
        return fail(globals, written.error());
    return 0;
}

} // namespace glassbox::cli
