// `glassbox-runtime update [--resources FILE|-] [--memory N] ... ID`: new cgroup limits for a
// live container, with runc's flags and size forms ("64m", "1g", "-1").
#include "cli.h"

#include "glassbox/file_io.h"
#include "glassbox/oci/spec.h"
#include "glassbox/quantities.h"

#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace glassbox::cli {

namespace {

enum class Kind { Size, Signed, Unsigned, Text };

/// A single-value flag and the member of the OCI resources object it sets.
struct ValueFlag
{
    const char *name;
    const char *path;
    Kind kind;
};

constexpr ValueFlag valueFlags[] = {
    {"memory", "memory.limit", Kind::Size},
    {"memory-reservation", "memory.reservation", Kind::Size},
    {"memory-swap", "memory.swap", Kind::Size},
    {"cpu-period", "cpu.period", Kind::Unsigned},
    {"cpu-quota", "cpu.quota", Kind::Signed},
    {"cpu-share", "cpu.shares", Kind::Unsigned},
    {"cpuset-cpus", "cpu.cpus", Kind::Text},
    {"cpuset-mems", "cpu.mems", Kind::Text},
    {"pids-limit", "pids.limit", Kind::Signed},
};

// runc's flags for what Glassbox does not implement (the config parser refuses the same).
constexpr const char *unsupportedFlags[] = {"blkio-weight",  "cpu-rt-period",     "cpu-rt-runtime",
                                            "kernel-memory", "kernel-memory-tcp", "l3-cache-schema",
                                            "mem-bw-schema"};

constexpr const char *usage = "update [--resources FILE|-] [--memory N] [--memory-reservation N] "
                              "[--memory-swap N] [--cpu-period N] [--cpu-quota N] [--cpu-share N] "
                              "[--cpuset-cpus LIST] [--cpuset-mems LIST] [--pids-limit N] ID";

/// runc's size forms: "-1" (unlimited) or a size of glassbox/quantities.h ("64m", "1.5g",
/// "2GiB", "512 kb"; binary multiples), the grammar every Glassbox program reads.
Result<int64_t> parseSize(const std::string &text)
{
    if (text == "-1")
        return -1;
    return quantity::parseSize(text).map(
        [](uint64_t bytes) { return static_cast<int64_t>(bytes); });
}

template <typename T> Result<T> parseInteger(const std::string &text)
{
    T value{};
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return makeError(EINVAL, quoted(text) + " is not " +
                                     (std::is_signed_v<T> ? "an integer" : "a whole number"));
    return value;
}

Result<nlohmann::json> flagValue(const ValueFlag &flag, const std::string &text)
{
    Result<nlohmann::json> value;
    switch (flag.kind) {
    case Kind::Size:
        value = parseSize(text).map([](int64_t v) { return nlohmann::json(v); });
        break;
    case Kind::Signed:
        value = parseInteger<int64_t>(text).map([](int64_t v) { return nlohmann::json(v); });
        break;
    case Kind::Unsigned:
        value = parseInteger<uint64_t>(text).map([](uint64_t v) { return nlohmann::json(v); });
        break;
    case Kind::Text:
        value = nlohmann::json(text);
        break;
    }
    if (!value)
        return makeError(EINVAL, std::string("invalid value for --") + flag.name + ": " +
                                     value.error().message);
    return value;
}

/// The flags as a resources object, checked by the same parser as config.json; its errors
/// name the JSON path, which is turned back into the flag's name.
Result<oci::Resources> resourcesFromFlags(const Arguments &args)
{
    nlohmann::json document = nlohmann::json::object();
    for (const ValueFlag &flag : valueFlags) {
        if (!args.has(flag.name))
            continue;
        auto value = flagValue(flag, args.value(flag.name));
        if (!value)
            return tl::unexpected(std::move(value).error());
        std::string_view path = flag.path;
        auto dot = path.find('.');
        document[std::string(path.substr(0, dot))][std::string(path.substr(dot + 1))] = *value;
    }
    auto resources = oci::parseLinuxResources(document.dump());
    if (!resources) {
        Error error = std::move(resources).error();
        for (const ValueFlag &flag : valueFlags) {
            const std::string field = quoted(flag.path);
            if (auto at = error.message.find(field); at != std::string::npos)
                error.message.replace(at, field.size(), std::string("--") + flag.name);
        }
        return tl::unexpected(std::move(error));
    }
    return resources;
}

Result<oci::Resources> resourcesFromFile(const std::string &file)
{
    Result<std::string> text;
    if (file == "-") {
        std::string input;
        char buffer[4096];
        for (;;) {
            ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return sysError("read the resources from standard input");
            if (n == 0)
                break;
            input.append(buffer, static_cast<size_t>(n));
        }
        text = std::move(input);
    } else {
        text = readFile(file);
    }
    if (!text)
        return tl::unexpected(std::move(text).error());
    auto resources = oci::parseLinuxResources(*text);
    if (!resources)
        return withContext(std::move(resources).error(),
                           "--resources " + quoted(file == "-" ? "standard input" : file));
    return resources;
}

} // namespace

int update(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("update", argv,
                                 {{"resources", 'r', true},
                                  {"memory", 0, true},
                                  {"memory-reservation", 0, true},
                                  {"memory-swap", 0, true},
                                  {"cpu-period", 0, true},
                                  {"cpu-quota", 0, true},
                                  {"cpu-share", 0, true},
                                  {"cpuset-cpus", 0, true},
                                  {"cpuset-mems", 0, true},
                                  {"pids-limit", 0, true},
                                  {"blkio-weight", 0, true},
                                  {"cpu-rt-period", 0, true},
                                  {"cpu-rt-runtime", 0, true},
                                  {"kernel-memory", 0, true},
                                  {"kernel-memory-tcp", 0, true},
                                  {"l3-cache-schema", 0, true},
                                  {"mem-bw-schema", 0, true}});
    if (!args)
        return fail(globals, args.error());
    if (auto ok = args->expect(1, usage); !ok)
        return fail(globals, ok.error());
    for (const char *flag : unsupportedFlags) {
        if (args->has(flag))
            return fail(globals, {ENOTSUP, std::string("--") + flag +
                                               ": not supported by glassbox-runtime"});
    }
    Result<oci::Resources> resources;
    if (args->has("resources")) {
        // runc silently ignores the other flags then; refusing says which values would be lost.
        for (const ValueFlag &flag : valueFlags) {
            if (args->has(flag.name))
                return fail(globals, {EINVAL, std::string("--") + flag.name +
                                                  " cannot be combined with --resources; put "
                                                  "the value into the resources JSON"});
        }
        resources = resourcesFromFile(args->value("resources"));
    } else {
        resources = resourcesFromFlags(*args);
    }
    if (!resources)
        return fail(globals, resources.error());
    if (auto updated = updateContainer(StateStore(globals.root), args->positional()[0], *resources);
        !updated)
        return fail(globals, updated.error());
    return 0;
}

} // namespace glassbox::cli
