// glassbox-image: the image store's command line, used by the set-up script, the
// benchmark and tests. The D-Bus helper calls the library directly.
#include "commands.h"

#include <cstdio>
#include <cstring>
#include <exception>
#include <map>

using namespace glassbox;

static void usage(FILE *out)
{
    std::fputs(
        "usage: glassbox-image [--root DIR] COMMAND [ARGS]\n"
        "  import [--format auto|oci|docker-archive|rootfs] [--tag NAME]... [--cmd ARG]...\n"
        "         [--env NAME=VALUE]... PATH        OCI layout (dir or tar), docker save, rootfs "
        "tar\n"
        "         [--max-read SIZE] [--max-image-size SIZE] [--keep-free SIZE]\n"
        "                                          limits: bytes read (64g), bytes unpacked "
        "(128g),\n"
        "                                          free space left on the store (512m)\n"
        "  pull [-q] [--creds USER:PASS] [--authfile FILE] [--registries-conf FILE]\n"
        "       [--cert-dir DIR] [--tls-verify=false] [--parallel N] [--arch ARCH] REFERENCE\n"
        "                                          from a registry; credentials from podman's\n"
        "                                          auth.json unless given\n"
        "  load-busybox [--busybox PATH]           build busybox:latest from busybox-static\n"
        "  list [--json]                           images with names, size, layers\n"
        "  inspect IMAGE | --container ID          docker-inspect-like JSON\n"
        "  layers [--json] IMAGE                   layer stack, efficiency, wasted bytes\n"
        "  tag IMAGE NAME | untag NAME | rm [--force] IMAGE\n"
        "  create-container [--env NAME=VALUE]... ID IMAGE [ARGS...]\n"
        "                                          overlay rootfs + OCI bundle; prints the bundle\n"
        "  remove-container ID                     unmount and remove the rootfs and bundle\n"
        "  diff [--json] ID                        docker diff of the container's upper dir\n"
        "The store root defaults to /var/lib/glassbox.\n",
        out);
}

int main(int argc, char **argv)
{
    std::string root(image::kDefaultStoreRoot);
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; ++i) {
        if (std::strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
            root = argv[++i];
        } else if (std::strncmp(argv[i], "--root=", 7) == 0) {
            root = argv[i] + 7;
        } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            std::fprintf(stderr, "glassbox-image: unknown option `%s`\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    std::string verb = argv[i++];
    imagetool::Args args(argv + i, argv + argc);
    using Command = int (*)(const image::ImageStore &, const imagetool::Args &);
    static const std::map<std::string, Command> commands = {
        {"import", imagetool::importCommand},
        {"pull", imagetool::pullCommand},
        {"load-busybox", imagetool::loadBusyboxCommand},
        {"list", imagetool::listCommand},
        {"inspect", imagetool::inspectCommand},
        {"layers", imagetool::layersCommand},
        {"tag", imagetool::tagCommand},
        {"untag", imagetool::untagCommand},
        {"rm", imagetool::removeCommand},
        {"create-container", imagetool::createContainerCommand},
        {"remove-container", imagetool::removeContainerCommand},
        {"diff", imagetool::diffCommand},
    };
    auto command = commands.find(verb);
    if (command == commands.end()) {
        std::fprintf(stderr, "glassbox-image: unknown command `%s`\n", verb.c_str());
        usage(stderr);
        return 2;
    }
    auto store = image::ImageStore::open(root);
    if (!store)
        return imagetool::fail(store.error());
    // The library reports errors as values; an exception here is a defect, but it must end as
    // an error message and an exit code, with the stack unwound so an import's rollback runs.
    try {
        return command->second(*store, args);
    } catch (const std::exception &error) {
        std::fprintf(stderr, "glassbox-image: %s failed: internal error: %s\n", verb.c_str(),
                     error.what());
        return 1;
    }
}
