// Control group v2: passing controllers down through cgroup.subtree_control, the memory and
// cpu files with runc's conversions from the v1-shaped OCI values, raw unified values,
// cgroup.freeze, and the statistics read back.
#include "cgroup_p.h"

#include "glassbox/file_io.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <map>
#include <thread>

namespace glassbox::cgroup::detail::v2 {

namespace {

std::string parentOf(const std::string &path)
{
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos || slash == 0)
        return "/";
    return path.substr(0, slash);
}

// The kernel lists controllers as "cpu memory"; a leading '+' is dropped so that a file
// holding what we wrote (a fixture) reads the same.
bool listsController(std::string_view list, std::string_view controller)
{
    for (std::string name : splitOn(list, ' ')) {
        if (!name.empty() && name.front() == '+')
            name.erase(0, 1);
        if (name == controller)
            return true;
    }
    return false;
}

// runc's numToStr: -1 is "max"; 0 ("not set") never gets here.
Result<std::string> limitValue(int64_t value, std::string_view field)
{
    if (value == -1)
        return std::string("max");
    if (value < 0)
        return makeError(EINVAL, quoted(field) + ": " + std::to_string(value) +
                                     " is neither a size in bytes nor -1 (unlimited)");
    return std::to_string(value);
}

// runc's ConvertCPUSharesToCgroupV2Value: v1's shares 2..262144 mapped linearly onto v2's
// weight 1..10000, clamped so that out-of-range shares cannot wrap around.
uint64_t weightFromShares(uint64_t shares)
{
    if (shares <= 2)
        return 1;
    if (shares >= 262144)
        return 10000;
    return 1 + ((shares - 2) * 9999) / 262142;
}

} // namespace

namespace {

/// One ancestor that must add `need`'s controller to its cgroup.subtree_control.
struct Addition
{
    std::string level;
    const Need *need;
    bool exists; ///< false: create() has yet to make it
};

bool isBelow(const std::string &path, const std::string &top)
{
    return !top.empty() && path.size() > top.size() && path.starts_with(top) &&
           (top.back() == '/' || path[top.size()] == '/');
}

// Every non-root cgroup has cgroup.type; the root has none and no cgroup above it. The
// second test keeps fixture trees, which need not copy cgroup.type, honest.
bool isHierarchyRoot(const std::string &level)
{
    return !fileExists(level, "cgroup.type") &&
           (level == "/" || !fileExists(parentOf(level), "cgroup.subtree_control"));
}

// The ancestors of `directory` that must pass each need down, parents first (a controller
// must be enabled in a parent before its child).
Result<std::vector<Addition>> plan(const std::string &top, const std::string &directory,
                                   const std::vector<Need> &needs)
{
    std::vector<Addition> additions;
    for (const Need &need : needs) {
        std::vector<Addition> chain;
        bool available = false;
        // Up from the parent until an ancestor passes the controller down already, or is
        // offered it and can; past the hierarchy's top the files are gone.
        for (std::string level = parentOf(directory);; level = parentOf(level)) {
            auto subtree = readOptional(level, "cgroup.subtree_control");
            if (!subtree)
                return tl::unexpected(std::move(subtree).error());
            if (!*subtree) {
                if (!isBelow(level, top))
                    break;
                chain.push_back({level, &need, false});
                continue;
            }
            if (listsController(**subtree, need.controller)) {
                available = true;
                break;
            }
            chain.push_back({level, &need, true});
            auto offered = readOptional(level, "cgroup.controllers");
            if (!offered)
                return tl::unexpected(std::move(offered).error());
            if (*offered && listsController(**offered, need.controller)) {
                available = true;
                break;
            }
            if (level == "/" || level == top)
                break;
        }
        if (!available)
            return makeError(ENOTSUP, quoted(need.field) + ": the cgroup v2 controller " +
                                          quoted(need.controller) + " is not available to " +
                                          quoted(directory) +
                                          " (no ancestor has it in cgroup.controllers)");
        for (Addition &addition : chain) {
            const bool seen =
                std::any_of(additions.begin(), additions.end(), [&](const Addition &a) {
                    return a.level == addition.level && a.need->controller == need.controller;
                });
            if (!seen)
                additions.push_back(std::move(addition));
        }
    }
    std::stable_sort(additions.begin(), additions.end(),
                     [](const Addition &a, const Addition &b) { return a.level < b.level; });
    return additions;
}

// The kernel refuses to enable a controller in a cgroup that holds processes (EBUSY), except
// in the root; and where it lets a threaded controller (cpu, cpuset, pids) through, the
// cgroup turns into a threaded domain root ("domain threaded") and its new children become
// "domain invalid". So such an ancestor is refused before anything is written or made.
Status checkNoInternalProcesses(const std::vector<Addition> &additions)
{
    for (const Addition &addition : additions) {
        if (!addition.exists || isHierarchyRoot(addition.level))
            continue;
        auto procs = readOptional(addition.level, "cgroup.procs");
        if (!procs)
            return tl::unexpected(std::move(procs).error());
        if (!*procs || (*procs)->empty())
            continue;
        return makeError(
            EBUSY,
            quoted(addition.need->field) + ": the cgroup v2 controller " +
                quoted(addition.need->controller) + " would have to be enabled in " +
                quoted(joinPath(addition.level, "cgroup.subtree_control")) +
                ", but that cgroup holds processes, and the kernel passes controllers down only "
                "from cgroups without processes of their own (cgroup v2's no-internal-process "
                "rule); start the runtime from a leaf of a delegated cgroup and give an "
                "absolute linux.cgroupsPath, or let glassbox-helper run it");
    }
    return {};
}

} // namespace

Result<std::string> unifiedController(const std::string &key, std::string_view field)
{
    // "controller.file" and nothing else: a key is a file name in the container's cgroup,
    // never a path out of it.
    auto dot = key.find('.');
    if (key.find('/') != std::string::npos || dot == std::string::npos || dot == 0 ||
        dot + 1 == key.size())
        return makeError(EINVAL, quoted(field) + ": " + quoted(key) +
                                     " is not a cgroup v2 file name (controller.file)");
    return key.substr(0, dot);
}

Status checkControllers(const std::string &top, const std::string &directory,
                        const std::vector<Need> &needs)
{
    auto additions = plan(top, directory, needs);
    if (!additions)
        return tl::unexpected(std::move(additions).error());
    return checkNoInternalProcesses(*additions);
}

Status enableControllers(const std::string &top, const std::string &directory,
                         const std::vector<Need> &needs)
{
    auto additions = plan(top, directory, needs);
    if (!additions)
        return tl::unexpected(std::move(additions).error());
    GB_TRY(checkNoInternalProcesses(*additions));
    // One write per ancestor: the kernel enables all of its controllers or none.
    for (auto first = additions->begin(); first != additions->end();) {
        auto last = std::find_if(first, additions->end(),
                                 [&](const Addition &a) { return a.level != first->level; });
        std::string value, fields, names;
        for (auto it = first; it != last; ++it) {
            const std::string separator = it == first ? "" : ", ";
            value += (it == first ? "+" : " +") + it->need->controller;
            names += separator + quoted(it->need->controller);
            if (fields.find(quoted(it->need->field)) == std::string::npos)
                fields += separator + quoted(it->need->field);
        }
        auto written =
            writeFileAt(AT_FDCWD, joinPath(first->level, "cgroup.subtree_control"), value);
        if (!written)
            return withContext(std::move(written).error(),
                               fields + ": enable " + names + " for the container's cgroup");
        first = last;
    }
    return {};
}

Status applyMemory(const std::string &directory, const oci::MemoryResources &memory)
{
    // v2 has no per-cgroup swappiness and no switch for the OOM killer; refusing says so
    // instead of running the container without what the config asked for.
    if (memory.swappiness)
        return makeError(ENOTSUP, "`linux.resources.memory.swappiness`: cgroup v2 has no "
                                  "per-cgroup swappiness");
    if (memory.disableOomKiller.value_or(false))
        return makeError(ENOTSUP, "`linux.resources.memory.disableOOMKiller`: cgroup v2 cannot "
                                  "disable the OOM killer");

    // runc's ConvertMemorySwapToCgroupV2Value: OCI's swap is memory+swap (v1's memsw), v2's
    // memory.swap.max is swap alone. 0 means "not set", as in runc.
    const int64_t limit = memory.limit.value_or(0);
    const int64_t total = memory.swap.value_or(0);
    std::optional<std::string> swapValue;
    if (total == -1 || (limit == -1 && total == 0)) {
        // Unlimited memory without a word about swap means unlimited swap, as on v1.
        swapValue = "max";
    } else if (total < -1) {
        return makeError(EINVAL, "`linux.resources.memory.swap`: " + std::to_string(total) +
                                     " is neither a size in bytes nor -1 (unlimited)");
    } else if (total != 0) {
        if (limit == 0 || limit == -1)
            return makeError(EINVAL, "`linux.resources.memory.swap`: a swap limit needs "
                                     "`linux.resources.memory.limit`");
        if (total < limit)
            return makeError(EINVAL, "`linux.resources.memory.swap` (memory+swap, " +
                                         std::to_string(total) +
                                         ") is below `linux.resources.memory.limit` (" +
                                         std::to_string(limit) + ")");
        swapValue = std::to_string(total - limit);
    }
    if (swapValue) {
        // Without swap accounting nothing can swap beyond what "max" allows anyway.
        if (fileExists(directory, "memory.swap.max"))
            GB_TRY(writeValue(directory, "memory.swap.max", *swapValue,
                              "linux.resources.memory.swap"));
        else if (*swapValue != "max")
            return makeError(ENOTSUP, "`linux.resources.memory.swap`: swap accounting is off (" +
                                          quoted(joinPath(directory, "memory.swap.max")) +
                                          " does not exist)");
    }
    if (limit != 0) {
        auto value = limitValue(limit, "linux.resources.memory.limit");
        if (!value)
            return tl::unexpected(std::move(value).error());
        GB_TRY(writeValue(directory, "memory.max", *value, "linux.resources.memory.limit"));
    }
    if (memory.reservation && *memory.reservation != 0) {
        auto value = limitValue(*memory.reservation, "linux.resources.memory.reservation");
        if (!value)
            return tl::unexpected(std::move(value).error());
        GB_TRY(writeValue(directory, "memory.low", *value, "linux.resources.memory.reservation"));
    }
    return {};
}

Status applyCpu(const std::string &directory, const oci::CpuResources &cpu)
{
    if (cpu.shares && *cpu.shares != 0)
        GB_TRY(writeValue(directory, "cpu.weight", std::to_string(weightFromShares(*cpu.shares)),
                          "linux.resources.cpu.shares"));

    // 0 is "not set" for quota and period, as in runc.
    const bool quotaSet = cpu.quota && *cpu.quota != 0;
    const bool periodSet = cpu.period && *cpu.period != 0;
    if (!quotaSet && !periodSet)
        return {};
    if (quotaSet && *cpu.quota < -1)
        return makeError(EINVAL, "`linux.resources.cpu.quota`: " + std::to_string(*cpu.quota) +
                                     " is neither a time in microseconds nor -1 (unlimited)");
    // "$QUOTA $PERIOD" in one file; without a period the kernel keeps the current one.
    std::string value = quotaSet && *cpu.quota > 0 ? std::to_string(*cpu.quota) : "max";
    if (periodSet)
        value += " " + std::to_string(*cpu.period);
    return writeValue(directory, "cpu.max", value,
                      quotaSet ? "linux.resources.cpu.quota" : "linux.resources.cpu.period");
}

Status applyUnified(const std::string &directory, const std::map<std::string, std::string> &unified)
{
    for (const auto &[key, value] : unified) {
        const std::string field = "linux.resources.unified[\"" + key + "\"]";
        auto controller = unifiedController(key, field);
        if (!controller)
            return tl::unexpected(std::move(controller).error());
        GB_TRY(writeValue(directory, key, value, field));
    }
    return {};
}

Status setFrozen(const std::string &directory, bool frozen)
{
    const std::string wanted = frozen ? "1" : "0";
    GB_TRY(writeFileAt(AT_FDCWD, joinPath(directory, "cgroup.freeze"), wanted));
    // The write only asks; cgroup.events says "frozen 1" once every task has stopped.
    for (int attempt = 0; attempt < 1000; ++attempt) {
        auto events = readOptional(directory, "cgroup.events");
        if (!events)
            return tl::unexpected(std::move(events).error());
        if (!*events)
            return {};
        auto state = keyedValue(**events, "frozen");
        if (!state || *state == wanted)
            return {};
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    // Half frozen is the worst state to leave a container in.
    if (frozen)
        (void)writeFileAt(AT_FDCWD, joinPath(directory, "cgroup.freeze"), "0");
    return makeError(EBUSY, "freeze " + quoted(directory) + ": not frozen after 1 s");
}

Result<bool> isFrozen(const std::string &directory)
{
    // cgroup.events tells what is, cgroup.freeze only what was asked for.
    auto events = readOptional(directory, "cgroup.events");
    if (!events)
        return tl::unexpected(std::move(events).error());
    if (*events) {
        if (auto state = keyedValue(**events, "frozen"))
            return *state == "1";
    }
    auto asked = readValue(directory, "cgroup.freeze");
    if (!asked)
        return tl::unexpected(std::move(asked).error());
    return *asked == "1";
}

Status readCpuStats(const std::string &directory, Stats &stats)
{
    auto usage = readKeyed(directory, "cpu.stat", "usage_usec");
    if (!usage)
        return tl::unexpected(std::move(usage).error());
    if (*usage)
        stats.cpuUsageNs = **usage * 1000;
    return {};
}

namespace {

/// The total= of the "some" and "full" lines of a *.pressure file:
/// "some avg10=0.00 avg60=0.00 avg300=0.00 total=1234".
Status readPressureFile(const std::string &directory, std::string_view file,
                        std::optional<uint64_t> &some, std::optional<uint64_t> &full)
{
    auto text = readValue(directory, file);
    if (!text)
        return tl::unexpected(std::move(text).error());
    const std::string path = joinPath(directory, file);
    for (const std::string &line : splitOn(*text, '\n')) {
        const size_t total = line.find(" total=");
        if (total == std::string::npos)
            return makeError(EINVAL, quoted(path) + ": no total= in `" + line + "`");
        auto value = parseNumber(std::string_view(line).substr(total + 7), path);
        if (!value)
            return tl::unexpected(std::move(value).error());
        if (line.starts_with("some "))
            some = *value;
        else if (line.starts_with("full "))
            full = *value;
    }
    return {};
}

} // namespace

Result<Pressure> readPressure(const std::string &directory)
{
    Pressure pressure;
    GB_TRY(readPressureFile(directory, "cpu.pressure", pressure.cpuSomeUs, pressure.cpuFullUs));
    GB_TRY(readPressureFile(directory, "memory.pressure", pressure.memorySomeUs,
                            pressure.memoryFullUs));
    GB_TRY(readPressureFile(directory, "io.pressure", pressure.ioSomeUs, pressure.ioFullUs));
    return pressure;
}

Status readMemoryStats(const std::string &directory, Stats &stats)
{
    auto current = readOptional(directory, "memory.current");
    if (!current)
        return tl::unexpected(std::move(current).error());
    if (*current) {
        auto value = parseNumber(**current, joinPath(directory, "memory.current"));
        if (!value)
            return tl::unexpected(std::move(value).error());
        stats.memoryBytes = *value;
    }
    auto max = readOptional(directory, "memory.max");
    if (!max)
        return tl::unexpected(std::move(max).error());
    if (*max) {
        auto limit = parseLimit(**max, joinPath(directory, "memory.max"));
        if (!limit)
            return tl::unexpected(std::move(limit).error());
        stats.memoryLimit = *limit;
    }
    auto kills = readKeyed(directory, "memory.events", "oom_kill");
    if (!kills)
        return tl::unexpected(std::move(kills).error());
    stats.oomKills = *kills;
    auto inactive = readKeyed(directory, "memory.stat", "inactive_file");
    if (!inactive)
        return tl::unexpected(std::move(inactive).error());
    stats.inactiveFileBytes = *inactive;
    return {};
}

} // namespace glassbox::cgroup::detail::v2
