// Reading and writing cgroup files for both versions: one-value and flat keyed files, errors
// that name the file and the config field, and the mappings that v1 and v2 share (pids.max,
// cpuset.cpus/mems, pids statistics), so that each is written once.
#include "cgroup_p.h"

#include "glassbox/file_io.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <sys/stat.h>

namespace glassbox::cgroup {

namespace detail {

std::string joinPath(std::string_view directory, std::string_view name)
{
    std::string path(directory);
    if (path.empty() || path.back() != '/')
        path += '/';
    path += name;
    return path;
}

std::string directoryOf(const std::string &mountPoint, const std::string &cgroupPath)
{
    std::string directory = mountPoint;
    while (!directory.empty() && directory.back() == '/')
        directory.pop_back();
    if (cgroupPath == "/")
        return directory.empty() ? std::string("/") : directory;
    return directory + cgroupPath;
}

bool contains(const std::vector<std::string> &list, std::string_view item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::vector<std::string> splitOn(std::string_view text, char separator)
{
    std::vector<std::string> pieces;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(separator, start);
        if (end == std::string_view::npos)
            end = text.size();
        if (end > start)
            pieces.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return pieces;
}

Result<std::string> readValue(const std::string &directory, std::string_view file)
{
    auto text = readFileAt(AT_FDCWD, joinPath(directory, file));
    if (!text)
        return tl::unexpected(std::move(text).error());
    return std::string(trimmed(*text));
}

Result<std::optional<std::string>> readOptional(const std::string &directory, std::string_view file)
{
    auto text = readFileAt(AT_FDCWD, joinPath(directory, file));
    if (!text) {
        if (text.error().code == ENOENT)
            return std::optional<std::string>();
        return tl::unexpected(std::move(text).error());
    }
    return std::optional<std::string>(std::string(trimmed(*text)));
}

Status writeValue(const std::string &directory, std::string_view file, std::string_view value,
                  std::string_view field)
{
    auto written = writeFileAt(AT_FDCWD, joinPath(directory, file), value);
    if (!written)
        return withContext(std::move(written).error(), quoted(field));
    return {};
}

bool fileExists(const std::string &directory, std::string_view file)
{
    struct stat info;
    return ::stat(joinPath(directory, file).c_str(), &info) == 0;
}

Result<uint64_t> parseNumber(std::string_view text, const std::string &path)
{
    text = trimmed(text);
    uint64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return makeError(EINVAL,
                         "parse " + quoted(path) + ": " + quoted(text) + " is not a number");
    return value;
}

Result<std::optional<uint64_t>> parseLimit(std::string_view text, const std::string &path)
{
    if (trimmed(text) == "max")
        return std::optional<uint64_t>();
    auto value = parseNumber(text, path);
    if (!value)
        return tl::unexpected(std::move(value).error());
    return std::optional<uint64_t>(*value);
}

std::optional<std::string_view> keyedValue(std::string_view text, std::string_view key)
{
    while (!text.empty()) {
        auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        auto space = line.find(' ');
        if (space != std::string_view::npos && line.substr(0, space) == key)
            return trimmed(line.substr(space + 1));
    }
    return std::nullopt;
}

Result<std::optional<uint64_t>> readKeyed(const std::string &directory, std::string_view file,
                                          std::string_view key)
{
    auto text = readOptional(directory, file);
    if (!text)
        return tl::unexpected(std::move(text).error());
    if (!*text)
        return std::optional<uint64_t>();
    auto value = keyedValue(**text, key);
    if (!value)
        return std::optional<uint64_t>();
    auto number = parseNumber(*value, joinPath(directory, file));
    if (!number)
        return tl::unexpected(std::move(number).error());
    return std::optional<uint64_t>(*number);
}

// Follows runc 1.4 (opencontainers/cgroups#48 after runtime-spec#1279): a present limit is
// always written, a negative one as "max" and 0 as 1. For a cgroup that holds the process
// that would fork, 0 and 1 forbid the same thing; runc writes 1 so that its cgroupfs and
// systemd drivers (TasksMax) agree, and so does Glassbox. An absent `pids` object leaves
// pids.max as the kernel made it.
Status applyPids(const std::string &directory, const oci::PidsResources &pids)
{
    std::string value = pids.limit < 0 ? "max" : std::to_string(std::max<int64_t>(pids.limit, 1));
    return writeValue(directory, "pids.max", value, "linux.resources.pids.limit");
}

Status applyCpuset(const std::string &directory, const oci::CpuResources &cpu)
{
    if (!cpu.cpus.empty())
        GB_TRY(writeValue(directory, "cpuset.cpus", cpu.cpus, "linux.resources.cpu.cpus"));
    if (!cpu.mems.empty())
        GB_TRY(writeValue(directory, "cpuset.mems", cpu.mems, "linux.resources.cpu.mems"));
    return {};
}

Status readPidsStats(const std::string &directory, Stats &stats)
{
    auto current = readOptional(directory, "pids.current");
    if (!current)
        return tl::unexpected(std::move(current).error());
    if (*current) {
        auto value = parseNumber(**current, joinPath(directory, "pids.current"));
        if (!value)
            return tl::unexpected(std::move(value).error());
        stats.pids = *value;
    }
    auto max = readOptional(directory, "pids.max");
    if (!max)
        return tl::unexpected(std::move(max).error());
    if (*max) {
        auto limit = parseLimit(**max, joinPath(directory, "pids.max"));
        if (!limit)
            return tl::unexpected(std::move(limit).error());
        stats.pidsLimit = *limit;
    }
    return {};
}

} // namespace detail

} // namespace glassbox::cgroup
