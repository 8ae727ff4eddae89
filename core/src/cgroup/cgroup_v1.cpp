// Control group v1: the per-controller files (memory, cpu, cpuset, devices, freezer), written
// from the OCI resources the way runc writes them, and the statistics read back.
#include "cgroup_p.h"

#include "glassbox/file_io.h"

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <thread>

namespace glassbox::cgroup::detail::v1 {

namespace {

constexpr std::string_view memoryLimitFile = "memory.limit_in_bytes";
constexpr std::string_view swapLimitFile = "memory.memsw.limit_in_bytes";

// v1 reports "no limit" as the largest page-aligned 63-bit number (9223372036854771712 with
// 4 KiB pages). No machine has 4 EiB, so anything above 2^62 means "no limit" whatever the
// page size.
constexpr uint64_t unlimitedAbove = uint64_t{1} << 62;

// v1 takes -1 for "no limit" itself, so a size is written as it is once it is checked.
Result<std::string> sizeValue(int64_t value, std::string_view field)
{
    if (value < -1)
        return makeError(EINVAL, quoted(field) + ": " + std::to_string(value) +
                                     " is neither a size in bytes nor -1 (unlimited)");
    return std::to_string(value);
}

// OCI leaves major/minor out for "any"; some tools write -1 for the same.
std::string deviceNumber(const std::optional<int64_t> &number)
{
    return number && *number >= 0 ? std::to_string(*number) : std::string("*");
}

Result<std::optional<uint64_t>> readNumber(const std::string &directory, std::string_view file)
{
    auto text = readOptional(directory, file);
    if (!text)
        return tl::unexpected(std::move(text).error());
    if (!*text)
        return std::optional<uint64_t>();
    auto value = parseNumber(**text, joinPath(directory, file));
    if (!value)
        return tl::unexpected(std::move(value).error());
    return std::optional<uint64_t>(*value);
}

} // namespace

Status prepareCpuset(const std::string &mountPoint, const std::string &directory)
{
    if (!directory.starts_with(mountPoint))
        return makeError(EINVAL, quoted(directory) + " is not below " + quoted(mountPoint));
    const auto parts = splitOn(std::string_view(directory).substr(mountPoint.size()), '/');
    for (std::string_view file : {"cpuset.cpus", "cpuset.mems"}) {
        std::string level = mountPoint;
        std::string inherited;
        if (auto root = readOptional(level, file); !root)
            return tl::unexpected(std::move(root).error());
        else if (*root)
            inherited = **root;
        // From the top, as runc and crun do: a parent left empty (made by hand, or by an older
        // runtime) has to be filled before its child can copy from it.
        for (const std::string &part : parts) {
            level = joinPath(level, part);
            auto current = readOptional(level, file);
            if (!current)
                return tl::unexpected(std::move(current).error());
            // No such file (a "noprefix" mount, a fixture): nothing that could block a task.
            if (!*current)
                continue;
            if (!(*current)->empty()) {
                inherited = **current;
                continue;
            }
            if (inherited.empty())
                continue;
            auto written = writeFileAt(AT_FDCWD, joinPath(level, file), inherited);
            if (!written)
                return withContext(std::move(written).error(),
                                   "copy the parent's " + std::string(file));
        }
    }
    return {};
}

Status applyMemory(const std::string &directory, const oci::MemoryResources &memory)
{
    const bool swapAccounting = fileExists(directory, swapLimitFile);
    std::optional<int64_t> swap = memory.swap;
    // As runc: lifting the memory limit lifts the swap limit too, since the kernel refuses a
    // memory limit above memory.memsw.limit_in_bytes.
    if (memory.limit == -1 && !swap && swapAccounting)
        swap = -1;
    if (swap && !swapAccounting)
        return makeError(ENOTSUP, "`linux.resources.memory.swap`: swap accounting is off (" +
                                      quoted(joinPath(directory, swapLimitFile)) +
                                      " does not exist; the kernel needs swapaccount=1)");

    std::optional<std::string> limitValue;
    std::optional<std::string> swapValue;
    if (memory.limit) {
        auto value = sizeValue(*memory.limit, "linux.resources.memory.limit");
        if (!value)
            return tl::unexpected(std::move(value).error());
        limitValue = *value;
    }
    if (swap) {
        auto value = sizeValue(*swap, "linux.resources.memory.swap");
        if (!value)
            return tl::unexpected(std::move(value).error());
        swapValue = *value;
    }

    // memory.memsw.limit_in_bytes may never be below memory.limit_in_bytes, so raising both
    // means swap first and lowering both means memory first.
    bool swapFirst = false;
    if (limitValue && swapValue) {
        if (*swap == -1) {
            swapFirst = true;
        } else {
            auto current = readValue(directory, memoryLimitFile);
            if (!current)
                return tl::unexpected(std::move(current).error());
            auto currentLimit = parseNumber(*current, joinPath(directory, memoryLimitFile));
            if (!currentLimit)
                return tl::unexpected(std::move(currentLimit).error());
            swapFirst = *currentLimit < static_cast<uint64_t>(*swap);
        }
    }
    if (swapFirst)
        GB_TRY(writeValue(directory, swapLimitFile, *swapValue, "linux.resources.memory.swap"));
    if (limitValue)
        GB_TRY(writeValue(directory, memoryLimitFile, *limitValue, "linux.resources.memory.limit"));
    if (swapValue && !swapFirst)
        GB_TRY(writeValue(directory, swapLimitFile, *swapValue, "linux.resources.memory.swap"));

    if (memory.reservation) {
        auto value = sizeValue(*memory.reservation, "linux.resources.memory.reservation");
        if (!value)
            return tl::unexpected(std::move(value).error());
        GB_TRY(writeValue(directory, "memory.soft_limit_in_bytes", *value,
                          "linux.resources.memory.reservation"));
    }
    if (memory.swappiness) {
        if (*memory.swappiness > 100)
            return makeError(EINVAL, "`linux.resources.memory.swappiness`: " +
                                         std::to_string(*memory.swappiness) + " is outside 0-100");
        GB_TRY(writeValue(directory, "memory.swappiness", std::to_string(*memory.swappiness),
                          "linux.resources.memory.swappiness"));
    }
    if (memory.disableOomKiller.value_or(false))
        GB_TRY(writeValue(directory, "memory.oom_control", "1",
                          "linux.resources.memory.disableOOMKiller"));
    return {};
}

Status applyCpu(const std::string &directory, const oci::CpuResources &cpu)
{
    if (cpu.shares && *cpu.shares != 0) {
        const std::string wanted = std::to_string(*cpu.shares);
        GB_TRY(writeValue(directory, "cpu.shares", wanted, "linux.resources.cpu.shares"));
        // The kernel clamps shares to 2-262144 without an error; say so rather than run the
        // container with a weight nobody asked for.
        auto actual = readValue(directory, "cpu.shares");
        if (!actual)
            return tl::unexpected(std::move(actual).error());
        if (*actual != wanted)
            return makeError(EINVAL, "`linux.resources.cpu.shares`: the kernel set " +
                                         quoted(joinPath(directory, "cpu.shares")) + " to " +
                                         *actual + " instead of " + wanted);
    }

    // 0 is "not set" for quota and period, as in runc.
    const bool quotaSet = cpu.quota && *cpu.quota != 0;
    if (quotaSet && *cpu.quota < -1)
        return makeError(EINVAL, "`linux.resources.cpu.quota`: " + std::to_string(*cpu.quota) +
                                     " is neither a time in microseconds nor -1 (unlimited)");
    // The kernel refuses a period (EINVAL) that would make the current quota exceed the
    // parent's bandwidth; once the new quota is in place the same period may be fine, so it
    // is written again after the quota, as runc does.
    bool periodPending = false;
    if (cpu.period && *cpu.period != 0) {
        auto written = writeValue(directory, "cpu.cfs_period_us", std::to_string(*cpu.period),
                                  "linux.resources.cpu.period");
        if (!written) {
            if (written.error().code != EINVAL || !quotaSet)
                return written;
            periodPending = true;
        }
    }
    if (quotaSet) {
        GB_TRY(writeValue(directory, "cpu.cfs_quota_us", std::to_string(*cpu.quota),
                          "linux.resources.cpu.quota"));
        if (periodPending)
            GB_TRY(writeValue(directory, "cpu.cfs_period_us", std::to_string(*cpu.period),
                              "linux.resources.cpu.period"));
    }
    return {};
}

Status applyDevices(const std::string &directory, const std::vector<oci::DeviceRule> &rules)
{
    // In order: each rule refines the list the ones before it left ("a *:* rwm" denied, then
    // single devices allowed).
    for (size_t i = 0; i < rules.size(); ++i) {
        const oci::DeviceRule &rule = rules[i];
        const std::string field = "linux.resources.devices[" + std::to_string(i) + "]";
        if (rule.type != 'a' && rule.type != 'b' && rule.type != 'c')
            return makeError(EINVAL, quoted(field) + ": device type " +
                                         quoted(std::string(1, rule.type)) + " is not a, b or c");
        if (rule.access.empty() || rule.access.find_first_not_of("rwm") != std::string::npos)
            return makeError(EINVAL, quoted(field) + ": access " + quoted(rule.access) +
                                         " is not made of r, w and m");
        const std::string line = std::string(1, rule.type) + ' ' + deviceNumber(rule.major) + ':' +
                                 deviceNumber(rule.minor) + ' ' + rule.access;
        GB_TRY(writeValue(directory, rule.allow ? "devices.allow" : "devices.deny", line, field));
    }
    return {};
}

Status setFrozen(const std::string &directory, bool frozen)
{
    const std::string target = frozen ? "FROZEN" : "THAWED";
    const std::string stateFile = joinPath(directory, "freezer.state");
    GB_TRY(writeFileAt(AT_FDCWD, stateFile, target));
    // FREEZING means some tasks have not stopped yet (busy in the kernel, or forked while the
    // freeze went on); writing FROZEN again catches those. Give up after about a second.
    for (int attempt = 0; attempt < 1000; ++attempt) {
        auto state = readValue(directory, "freezer.state");
        if (!state)
            return tl::unexpected(std::move(state).error());
        if (*state == target)
            return {};
        if (attempt % 50 == 49)
            GB_TRY(writeFileAt(AT_FDCWD, stateFile, target));
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    // Half frozen is the worst state to leave a container in.
    if (frozen)
        (void)writeFileAt(AT_FDCWD, stateFile, "THAWED");
    return makeError(EBUSY, "freeze " + quoted(directory) + ": still FREEZING after 1 s");
}

Result<bool> isFrozen(const std::string &directory)
{
    auto state = readValue(directory, "freezer.state");
    if (!state)
        return tl::unexpected(std::move(state).error());
    // FREEZING is not frozen yet: some tasks still run.
    return *state == "FROZEN";
}

Status readCpuStats(const std::string &directory, Stats &stats)
{
    auto usage = readNumber(directory, "cpuacct.usage");
    if (!usage)
        return tl::unexpected(std::move(usage).error());
    stats.cpuUsageNs = *usage;
    return {};
}

Status readMemoryStats(const std::string &directory, Stats &stats)
{
    auto usage = readNumber(directory, "memory.usage_in_bytes");
    if (!usage)
        return tl::unexpected(std::move(usage).error());
    stats.memoryBytes = *usage;
    auto limit = readNumber(directory, memoryLimitFile);
    if (!limit)
        return tl::unexpected(std::move(limit).error());
    if (*limit && **limit <= unlimitedAbove)
        stats.memoryLimit = *limit;
    // oom_kill is in memory.oom_control since Linux 4.13.
    auto kills = readKeyed(directory, "memory.oom_control", "oom_kill");
    if (!kills)
        return tl::unexpected(std::move(kills).error());
    stats.oomKills = *kills;
    // total_: the hierarchy below too, as usage_in_bytes counts it.
    auto inactive = readKeyed(directory, "memory.stat", "total_inactive_file");
    if (!inactive)
        return tl::unexpected(std::move(inactive).error());
    stats.inactiveFileBytes = *inactive;
    return {};
}

} // namespace glassbox::cgroup::detail::v1
