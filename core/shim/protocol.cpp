// The shim's command line and the JSON files it leaves in the supervision directory.
// Part of libglassbox-core so that the helper reads them with the same code.
#include "glassbox/shim.h"

#include "glassbox/file_io.h"

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <ctime>
#include <fcntl.h>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sys/syscall.h>
#include <unistd.h>

namespace glassbox::shim {

namespace {

using nlohmann::json;

Result<uint64_t> parseUnsigned(std::string_view text, std::string_view what)
{
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return makeError(EINVAL, std::string(what) + ": " + quoted(text) +
                                     " is not an unsigned decimal number");
    return value;
}

Result<json> parseObject(std::string_view text, std::string_view file)
{
    json object = json::parse(text, nullptr, false);
    if (object.is_discarded() || !object.is_object())
        return makeError(EINVAL, quoted(file) + " is not a JSON object");
    return object;
}

/// object[key] as an integer in [min, max].
Result<int64_t> integerField(const json &object, const char *key, std::string_view file,
                             int64_t min, int64_t max)
{
    auto it = object.find(key);
    if (it == object.end())
        return makeError(EINVAL, quoted(file) + ": " + quoted(key) + " is missing");
    if (!it->is_number_integer())
        return makeError(EINVAL, quoted(file) + ": " + quoted(key) + " is not an integer");
    const bool fits = !it->is_number_unsigned() || it->get<uint64_t>() <= uint64_t(INT64_MAX);
    const int64_t value = fits ? it->get<int64_t>() : INT64_MAX;
    if (!fits || value < min || value > max)
        return makeError(ERANGE, quoted(file) + ": " + quoted(key) + " is out of range");
    return value;
}

Result<bool> boolField(const json &object, const char *key, std::string_view file)
{
    auto it = object.find(key);
    if (it == object.end())
        return makeError(EINVAL, quoted(file) + ": " + quoted(key) + " is missing");
    if (!it->is_boolean())
        return makeError(EINVAL, quoted(file) + ": " + quoted(key) + " is not a boolean");
    return it->get<bool>();
}

} // namespace

std::string pathIn(std::string_view dir, std::string_view name)
{
    std::string path(dir);
    if (path.empty() || path.back() != '/')
        path += '/';
    return path.append(name);
}

std::vector<std::string> arguments(const Options &options)
{
    std::vector<std::string> args{"--runtime-root", options.runtimeRoot,
                                  "--id",           options.id,
                                  "--bundle",       options.bundle,
                                  "--dir",          options.dir,
                                  "--log-max",      std::to_string(options.logMax)};
    if (!options.cgroupLeaf.empty())
        args.insert(args.end(), {"--cgroup-leaf", options.cgroupLeaf});
    if (!options.startGate.empty())
        args.insert(args.end(), {"--start-gate", options.startGate});
    return args;
}

Result<Options> parseArguments(const std::vector<std::string> &args)
{
    Options options;
    static constexpr std::string_view names[] = {"--runtime-root", "--id",      "--bundle",
                                                 "--dir",          "--log-max", "--cgroup-leaf",
                                                 "--start-gate"};
    constexpr size_t count = std::size(names);
    bool seen[count] = {};
    for (size_t i = 0; i < args.size(); i += 2) {
        const std::string &name = args[i];
        size_t which = 0;
        while (which < count && names[which] != name)
            ++which;
        if (which == count)
            return makeError(EINVAL, "unknown option " + quoted(name));
        if (seen[which])
            return makeError(EINVAL, "option " + quoted(name) + " given twice");
        seen[which] = true;
        if (i + 1 >= args.size() || args[i + 1].empty())
            return makeError(EINVAL, "option " + quoted(name) + " needs a value");
        const std::string &value = args[i + 1];
        switch (which) {
        case 0:
            options.runtimeRoot = value;
            break;
        case 1:
            options.id = value;
            break;
        case 2:
            options.bundle = value;
            break;
        case 3:
            options.dir = value;
            break;
        case 5:
            if (value == "." || value == ".." || value == kContainerCgroup ||
                value.find('/') != std::string::npos)
                return makeError(EINVAL, "--cgroup-leaf: " + quoted(value) +
                                             " is not a directory name other than `" +
                                             std::string(kContainerCgroup) + "`");
            options.cgroupLeaf = value;
            break;
        case 6:
            if (value == "." || value == ".." || value.find('/') != std::string::npos)
                return makeError(EINVAL, "--start-gate: " + quoted(value) + " is not a file name");
            options.startGate = value;
            break;
        default: {
            auto bytes = parseUnsigned(value, "--log-max");
            if (!bytes)
                return tl::unexpected(bytes.error());
            if (*bytes == 0)
                return makeError(EINVAL, "--log-max: must be at least 1 byte");
            options.logMax = *bytes;
        }
        }
    }
    for (size_t which = 0; which < 4; ++which) {
        if (!seen[which])
            return makeError(EINVAL, "--runtime-root, --id, --bundle and --dir are required");
    }
    return options;
}

std::string toJson(const Started &started)
{
    return json{{"pid", started.pid}, {"startedAt", started.startedAtUsec}}.dump() + "\n";
}

std::string toJson(const Exit &exit)
{
    return json{{"exitCode", exit.exitCode},
                {"signal", exit.signal},
                {"oomKilled", exit.oomKilled},
                {"finishedAt", exit.finishedAtUsec}}
               .dump() +
           "\n";
}

Result<Started> parseStarted(std::string_view text)
{
    auto object = parseObject(text, kStartedFile);
    if (!object)
        return tl::unexpected(object.error());
    Started started;
    auto pid = integerField(*object, "pid", kStartedFile, 1, INT32_MAX);
    if (!pid)
        return tl::unexpected(pid.error());
    started.pid = static_cast<pid_t>(*pid);
    auto at = integerField(*object, "startedAt", kStartedFile, 0, INT64_MAX);
    if (!at)
        return tl::unexpected(at.error());
    started.startedAtUsec = static_cast<uint64_t>(*at);
    return started;
}

Result<Exit> parseExit(std::string_view text)
{
    auto object = parseObject(text, kExitFile);
    if (!object)
        return tl::unexpected(object.error());
    Exit exit;
    auto code = integerField(*object, "exitCode", kExitFile, 0, 255);
    if (!code)
        return tl::unexpected(code.error());
    exit.exitCode = static_cast<int>(*code);
    auto signal = integerField(*object, "signal", kExitFile, 0, 127);
    if (!signal)
        return tl::unexpected(signal.error());
    exit.signal = static_cast<int>(*signal);
    auto oom = boolField(*object, "oomKilled", kExitFile);
    if (!oom)
        return tl::unexpected(oom.error());
    exit.oomKilled = *oom;
    auto at = integerField(*object, "finishedAt", kExitFile, 0, INT64_MAX);
    if (!at)
        return tl::unexpected(at.error());
    exit.finishedAtUsec = static_cast<uint64_t>(*at);
    return exit;
}

Result<Started> readStarted(std::string_view dir)
{
    auto text = readFile(pathIn(dir, kStartedFile));
    if (!text)
        return tl::unexpected(text.error());
    return parseStarted(*text);
}

Result<Exit> readExit(std::string_view dir)
{
    auto text = readFile(pathIn(dir, kExitFile));
    if (!text)
        return tl::unexpected(text.error());
    return parseExit(*text);
}

Result<pid_t> readShimPid(std::string_view dir)
{
    const std::string path = pathIn(dir, kPidFile);
    auto text = readFile(path);
    if (!text)
        return tl::unexpected(text.error());
    auto pid = parseUnsigned(trimmed(*text), quoted(path));
    if (!pid)
        return tl::unexpected(pid.error());
    if (*pid == 0 || *pid > INT32_MAX)
        return makeError(ERANGE, quoted(path) + " holds no valid pid");
    return static_cast<pid_t>(*pid);
}

Result<UniqueFd> openSupervisor(std::string_view dir)
{
    auto pid = readShimPid(dir);
    if (!pid) {
        if (pid.error().code == ENOENT)
            return makeError(ESRCH, "no shim supervises " + quoted(dir));
        return tl::unexpected(pid.error());
    }
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, *pid, 0)));
    if (!pidfd) {
        // A killed shim's pid stays allocated while the container it left behind is in its
        // session (the shim called setsid), and kernels before 6.9 (Debian 12's 6.1) answer
        // EINVAL rather than ESRCH for a pid that names no process any more.
        const int error = errno == EINVAL ? ESRCH : errno;
        return makeError(error, "no shim supervises " + quoted(dir) + " (pid " +
                                    std::to_string(*pid) + ")");
    }
    // Checked after opening: from here on the pidfd refers to this very process.
    auto cmdline = readFile("/proc/" + std::to_string(*pid) + "/cmdline");
    if (!cmdline)
        return makeError(ESRCH, "no shim supervises " + quoted(dir));
    std::vector<std::string_view> words;
    for (std::string_view rest = *cmdline; !rest.empty();) {
        const size_t end = rest.find('\0');
        words.push_back(rest.substr(0, end));
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    }
    // Options come in pairs after argv[0] (see parseArguments).
    auto isShim = [&] {
        for (size_t i = 1; i + 1 < words.size(); i += 2) {
            if (words[i] == "--dir")
                return words[i + 1] == dir;
        }
        return false;
    };
    if (!isShim())
        return makeError(ESRCH, "no shim supervises " + quoted(dir) + " (pid " +
                                    std::to_string(*pid) + " is another process)");
    return pidfd;
}

uint64_t nowUsec()
{
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<uint64_t>(now.tv_sec) * 1000000u +
           static_cast<uint64_t>(now.tv_nsec) / 1000u;
}

} // namespace glassbox::shim
