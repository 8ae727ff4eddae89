// The verbs of glassbox-image.
#include "commands.h"

#include "glassbox/file_io.h"
#include "glassbox/image/analysis.h"
#include "glassbox/image/busybox_image.h"
#include "glassbox/image/container_rootfs.h"
#include "glassbox/image/import.h"
#include "glassbox/image/pull.h"
#include "glassbox/image/reference.h"
#include "glassbox/quantities.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unistd.h>

namespace glassbox::imagetool {

using nlohmann::json;

int fail(const Error &error)
{
    std::fprintf(stderr, "glassbox-image: %s\n", error.text().c_str());
    return 1;
}

namespace {

int usageError(const char *text)
{
    std::fprintf(stderr, "glassbox-image: %s\n", text);
    return 2;
}

/// Splits `args` into options with a value (--name VALUE, repeatable), flags and operands.
struct Parsed
{
    std::multimap<std::string, std::string> values;
    std::set<std::string> flags;
    std::vector<std::string> operands;
};

bool parse(const Args &args, const std::set<std::string> &withValue,
           const std::set<std::string> &flags, Parsed &out, bool stopAtOperand = false)
{
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (!out.operands.empty() && stopAtOperand) {
            out.operands.push_back(arg);
        } else if (withValue.count(arg) && i + 1 < args.size()) {
            out.values.emplace(arg, args[++i]);
        } else if (flags.count(arg)) {
            out.flags.insert(arg);
        } else if (arg.starts_with("--")) {
            std::fprintf(stderr, "glassbox-image: unknown or incomplete option `%s`\n",
                         arg.c_str());
            return false;
        } else {
            out.operands.push_back(arg);
        }
    }
    return true;
}

std::vector<std::string> all(const Parsed &p, const std::string &key)
{
    std::vector<std::string> out;
    auto [begin, end] = p.values.equal_range(key);
    for (auto it = begin; it != end; ++it)
        out.push_back(it->second);
    return out;
}

std::string shortId(const std::string &id)
{
    return id.substr(7, 12);
}

std::string humanSize(uint64_t bytes)
{
    const char *units[] = {"B", "kB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1000 && unit < 4) {
        value /= 1000;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f%s" : "%.3g%s", value, units[unit]);
    return text;
}

int printImport(const Result<image::ImportResult> &result)
{
    if (!result)
        return fail(result.error());
    for (const auto &id : result->images)
        std::printf("Loaded image ID: %s\n", id.c_str());
    for (const auto &tag : result->tags)
        std::printf("Loaded image: %s\n", tag.c_str());
    std::printf("Layers: %zu extracted, %zu already present\n", result->layersCreated,
                result->layersReused);
    return 0;
}

} // namespace

int importCommand(const image::ImageStore &store, const Args &args)
{
    Parsed p;
    if (!parse(args,
               {"--format", "--tag", "--cmd", "--env", "--max-read", "--max-image-size",
                "--keep-free"},
               {}, p))
        return 2;
    if (p.operands.size() != 1)
        return usageError("import needs exactly one PATH");
    image::ImportOptions options;
    // The limits against endless sources and decompression bombs (defaults in import.h).
    for (auto [option, limit] : {std::pair{"--max-read", &options.maxBytes},
                                 std::pair{"--max-image-size", &options.maxImageBytes},
                                 std::pair{"--keep-free", &options.keepFreeBytes}}) {
        if (auto it = p.values.find(option); it != p.values.end()) {
            auto size = quantity::parseSize(it->second);
            if (!size)
                return fail(withContext(size.error(), option).value());
            *limit = *size;
        }
    }
    if (auto it = p.values.find("--format"); it != p.values.end()) {
        auto format = image::parseImportFormat(it->second);
        if (!format)
            return fail(format.error());
        options.format = *format;
    }
    options.tags = all(p, "--tag");
    options.cmd = all(p, "--cmd");
    options.env = all(p, "--env");
    // A percentage on a terminal; the callback runs either way, so the benchmark measures it.
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    bool shown = false;
    options.progress = [tty, &shown](double fraction) {
        if (tty)
            shown = std::fprintf(stderr, "\rimporting: %3d%%", int(fraction * 100)) > 0;
        return true;
    };
    auto result = image::importImage(store, p.operands[0], options);
    if (shown)
        (void)std::fputc('\n', stderr);
    return printImport(result);
}

int loadBusyboxCommand(const image::ImageStore &store, const Args &args)
{
    Parsed p;
    if (!parse(args, {"--busybox"}, {}, p) || !p.operands.empty())
        return 2;
    auto it = p.values.find("--busybox");
    return printImport(image::loadBusyboxImage(
        store, it == p.values.end() ? std::string(image::kBusyboxBinary) : it->second));
}

int listCommand(const image::ImageStore &store, const Args &args)
{
    Parsed p;
    if (!parse(args, {}, {"--json"}, p) || !p.operands.empty())
        return 2;
    auto lock = store.lock(false);
    if (!lock)
        return fail(lock.error());
    auto images = store.images();
    if (!images)
        return fail(images.error());
    json out = json::array();
    if (!p.flags.count("--json"))
        std::printf("%-40s %-14s %-22s %8s %s\n", "REPOSITORY:TAG", "IMAGE ID", "CREATED", "SIZE",
                    "LAYERS");
    for (const auto &image : *images) {
        uint64_t size = 0;
        for (const auto &layer : image.layers)
            if (auto info = store.layers().get(layer.chainId))
                size += info->size;
        auto config = store.config(image);
        std::string created = config ? config->created.substr(0, 19) : "?";
        out.push_back({{"id", image.id},
                       {"tags", image.tags},
                       {"created", config ? config->created : ""},
                       {"size", size},
                       {"layers", image.layers.size()}});
        std::vector<std::string> names = image.tags;
        if (names.empty())
            names.push_back("<none>");
        for (const auto &name : names) {
            auto ref = image::parseReference(name);
            if (!p.flags.count("--json"))
                std::printf("%-40s %-14s %-22s %8s %zu\n",
                            ref ? ref->familiar().c_str() : name.c_str(), shortId(image.id).c_str(),
                            created.c_str(), humanSize(size).c_str(), image.layers.size());
        }
    }
    if (p.flags.count("--json"))
        std::printf("%s\n", out.dump(2).c_str());
    return 0;
}

int inspectCommand(const image::ImageStore &store, const Args &args)
{
    Parsed p;
    if (!parse(args, {"--container"}, {}, p))
        return 2;
    Result<std::string> out = makeError(EINVAL, "inspect needs IMAGE or --container ID");
    if (auto it = p.values.find("--container"); it != p.values.end() && p.operands.empty())
        out = image::inspectContainerJson(store, it->second);
    else if (p.operands.size() == 1 && p.values.empty())
        out = image::inspectImageJson(store, p.operands[0]);
    if (!out)
        return fail(out.error());
    std::printf("%s\n", out->c_str());
    return 0;
}

int layersCommand(const image::ImageStore &store, const Args &args)
{
    Parsed p;
    if (!parse(args, {}, {"--json"}, p) || p.operands.size() != 1)
        return usageError("layers needs one IMAGE");
    auto analysis = image::analyzeImage(store, p.operands[0]);
    if (!analysis)
        return fail(analysis.error());
    if (p.flags.count("--json")) {
        std::printf("%s\n", image::analysisJson(*analysis).c_str());
        return 0;
    }
    std::printf("Image %s\n", analysis->id.c_str());
    std::printf("%-3s %-19s %9s %9s %7s %4s %4s %4s  %s\n", "#", "DIGEST", "SIZE", "COMPRESSED",
                "FILES", "WH", "OPQ", "REFS", "CREATED BY");
    for (size_t i = 0; i < analysis->layers.size(); ++i) {
        const auto &l = analysis->layers[i];
        std::printf(
            "%-3zu %-19s %9s %9s %7llu %4llu %4llu %4llu  %s\n", i, l.digest.substr(0, 19).c_str(),
            humanSize(l.layer.size).c_str(), humanSize(l.layer.compressedSize).c_str(),
            static_cast<unsigned long long>(l.layer.fileCount),
            static_cast<unsigned long long>(l.layer.whiteouts),
            static_cast<unsigned long long>(l.layer.opaques),
            static_cast<unsigned long long>(l.references), l.createdBy.substr(0, 60).c_str());
    }
    const auto &e = analysis->efficiency;
    std::printf("Total: %s in layers, %s wasted, efficiency %.2f%%\n",
                humanSize(e.totalBytes).c_str(), humanSize(e.wastedBytes).c_str(),
                e.efficiency * 100);
    for (size_t i = 0; i < e.paths.size() && i < 10; ++i)
        std::printf("  %8s  %llu versions  /%s\n", humanSize(e.paths[i].wastedBytes).c_str(),
                    static_cast<unsigned long long>(e.paths[i].versions), e.paths[i].path.c_str());
    return 0;
}

int tagCommand(const image::ImageStore &store, const Args &args)
{
    if (args.size() != 2)
        return usageError("tag needs IMAGE and NAME");
    auto done = store.tag(args[0], args[1]);
    return done ? 0 : fail(done.error());
}

int untagCommand(const image::ImageStore &store, const Args &args)
{
    if (args.size() != 1)
        return usageError("untag needs one NAME");
    auto done = store.untag(args[0]);
    return done ? 0 : fail(done.error());
}

int removeCommand(const image::ImageStore &store, const Args &args)
{
    Parsed p;
    if (!parse(args, {}, {"--force", "-f"}, p) || p.operands.size() != 1)
        return usageError("rm needs one IMAGE");
    auto removal = store.remove(p.operands[0], p.flags.count("--force") || p.flags.count("-f"));
    if (!removal)
        return fail(removal.error());
    for (const auto &name : removal->untagged)
        std::printf("Untagged: %s\n", name.c_str());
    for (const auto &id : removal->deletedImages)
        std::printf("Deleted: %s\n", id.c_str());
    for (const auto &layer : removal->deletedLayers)
        std::printf("Deleted layer: %s\n", layer.c_str());
    return 0;
}

int createContainerCommand(const image::ImageStore &store, const Args &args)
{
    Parsed p;
    if (!parse(args, {"--env"}, {}, p, true) || p.operands.size() < 2)
        return usageError("create-container needs ID and IMAGE");
    image::ContainerRootfsOptions options;
    options.id = p.operands[0];
    options.image = p.operands[1];
    options.args.assign(p.operands.begin() + 2, p.operands.end());
    options.env = all(p, "--env");
    auto rootfs = image::createContainerRootfs(store, options);
    if (!rootfs)
        return fail(rootfs.error());
    std::printf("%s\n", rootfs->bundle.c_str());
    return 0;
}

int removeContainerCommand(const image::ImageStore &store, const Args &args)
{
    if (args.size() != 1)
        return usageError("remove-container needs one ID");
    auto done = image::removeContainerRootfs(store, args[0]);
    return done ? 0 : fail(done.error());
}

int diffCommand(const image::ImageStore &store, const Args &args)
{
    Parsed p;
    if (!parse(args, {}, {"--json"}, p) || p.operands.size() != 1)
        return usageError("diff needs one ID");
    auto changes = image::containerDiff(store, p.operands[0]);
    if (!changes)
        return fail(changes.error());
    json out = json::array();
    for (const auto &c : *changes) {
        if (p.flags.count("--json"))
            out.push_back({{"kind", std::string(1, c.kind)},
                           {"path", c.path},
                           {"copiedUp", c.copiedUp},
                           {"size", c.size}});
        else
            std::printf("%c %s\n", c.kind, c.path.c_str());
    }
    if (p.flags.count("--json"))
        std::printf("%s\n", out.dump(2).c_str());
    return 0;
}

namespace {

std::atomic<bool> interrupted{false};

/// The credential for `reference`: --creds, else the first auth.json podman would read.
Result<std::optional<image::Credentials>> pullCredentials(const Parsed &p,
                                                          const image::Reference &reference)
{
    if (auto creds = all(p, "--creds"); !creds.empty()) {
        auto colon = creds.back().find(':');
        if (colon == std::string::npos)
            return makeError(EINVAL, "--creds takes USER:PASSWORD");
        return std::optional<image::Credentials>(
            image::Credentials{creds.back().substr(0, colon), creds.back().substr(colon + 1)});
    }
    std::vector<std::string> files = all(p, "--authfile");
    if (files.empty()) {
        std::map<std::string, std::string> env;
        for (const char *name :
             {"REGISTRY_AUTH_FILE", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "HOME"})
            if (const char *value = std::getenv(name))
                env[name] = value;
        files = image::authFilePaths(env);
    }
    for (const auto &file : files) {
        auto text = readFile(file, 1 << 20);
        if (!text && text.error().code == ENOENT)
            continue;
        if (!text)
            return tl::unexpected(text.error());
        auto found = image::credentialsFor(*text, reference);
        if (!found)
            return withContext(found.error(), file);
        if (*found)
            return found;
    }
    return std::optional<image::Credentials>();
}

} // namespace

int pullCommand(const image::ImageStore &store, const Args &args)
{
    Parsed p;
    if (!parse(args,
               {"--creds", "--authfile", "--registries-conf", "--cert-dir", "--parallel", "--arch"},
               {"-q", "--quiet", "--tls-verify=false"}, p))
        return 2;
    if (p.operands.size() != 1)
        return usageError("pull needs exactly one image reference");
    auto reference = image::parseReference(p.operands.front());
    if (!reference)
        return fail(reference.error());
    const bool quiet = p.flags.count("-q") || p.flags.count("--quiet");
    image::PullOptions options;
    auto credentials = pullCredentials(p, *reference);
    if (!credentials)
        return fail(credentials.error());
    options.credentials = *credentials;
    auto confPath = all(p, "--registries-conf");
    auto registries = image::loadRegistriesConf(
        confPath.empty() ? std::string(image::kRegistriesConf) : confPath.back());
    if (!registries)
        return fail(registries.error());
    options.registries = std::move(*registries);
    if (auto dir = all(p, "--cert-dir"); !dir.empty())
        options.certDirectory = dir.back();
    options.tlsVerify = !p.flags.count("--tls-verify=false");
    if (auto parallel = all(p, "--parallel"); !parallel.empty())
        options.parallelDownloads = std::max(1, std::atoi(parallel.back().c_str()));
    if (auto arch = all(p, "--arch"); !arch.empty())
        options.architecture = arch.back();
    // Ctrl-C cancels: the pull removes its downloads and leaves the store as it was.
    struct sigaction action
    {
    };
    action.sa_handler = [](int) {
        interrupted = true;
    };
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    options.cancelled = [] {
        return interrupted.load();
    };
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    if (!quiet)
        std::fprintf(stderr, "Trying to pull %s...\n", reference->toString().c_str());
    options.observer = [&](const image::PullEvent &event) {
        if (quiet)
            return true;
        const auto &layer = event.layers[event.layer];
        const std::string blob = layer.digest.substr(7, 12);
        switch (event.kind) {
        case image::PullEvent::Kind::Resolved:
            std::fprintf(stderr, "Manifest %s: %zu layers\n", event.manifestDigest.c_str(),
                         event.layers.size());
            break;
        case image::PullEvent::Kind::Downloading:
            if (terminal)
                std::fprintf(stderr, "\rCopying blob %s %s / %s", blob.c_str(),
                             humanSize(layer.done).c_str(), humanSize(layer.size).c_str());
            break;
        case image::PullEvent::Kind::Downloaded:
            std::fprintf(stderr, "%sCopying blob %s %s\n", terminal ? "\r\033[K" : "", blob.c_str(),
                         layer.present ? "skipped: already exists"
                                       : ("done " + humanSize(layer.size)).c_str());
            break;
        case image::PullEvent::Kind::Extracting:
            std::fprintf(stderr, "Extracting blob %s\n", blob.c_str());
            break;
        case image::PullEvent::Kind::Done:
            break;
        }
        return true;
    };
    auto result = image::pullImage(store, reference->toString(), options);
    if (!result)
        return fail(result.error());
    if (!quiet)
        std::fprintf(stderr, "Stored %s from %s: %zu layers downloaded (%s), %zu present\n",
                     result->reference.c_str(), result->registry.c_str(), result->layersDownloaded,
                     humanSize(result->bytesDownloaded).c_str(), result->layersPresent);
    std::printf("%s\n", result->imageId.c_str());
    return 0;
}

} // namespace glassbox::imagetool
