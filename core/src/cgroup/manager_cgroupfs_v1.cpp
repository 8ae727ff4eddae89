// Cgroupfs on v1 and hybrid hosts: each resource goes to the v1 hierarchy of its controller.
// On a hybrid host the container's v2 directory does what no v1 hierarchy does: a controller
// mounted only there, `linux.resources.unified`, pressure stall information, and the eBPF
// device program next to the v1 `devices` controller.
#include "device_filter.h"
#include "manager_cgroupfs.h"

#include <cerrno>

namespace glassbox::cgroup::detail {

namespace {

// Runs `inV1` on the directory of the v1 hierarchy that holds `controller`, otherwise
// `inV2` on the v2 directory (a hybrid host where only v2 has the controller). Where there
// is neither, the error is `missing`. The v2 directory's own controller list is not
// consulted: it is what the runtime's cgroup is offered, and a cgroup elsewhere (an
// absolute cgroupsPath) may be offered more.
template <typename InV1, typename InV2>
auto route(const Cgroup &cgroup, std::string_view controller, InV1 inV1, InV2 inV2,
           std::string_view missing) -> decltype(inV1(std::string()))
{
    if (const Cgroup::Directory *dir = v1Directory(cgroup, controller))
        return inV1(dir->path);
    if (const Cgroup::Directory *dir = unifiedDirectory(cgroup))
        return inV2(dir->path);
    return makeError(ENOTSUP, std::string(missing));
}

std::string notAvailable(std::string_view field, std::string_view controller)
{
    return quoted(field) + ": the " + quoted(controller) +
           " controller is not available: no cgroup v1 hierarchy has it and there is no cgroup "
           "v2 hierarchy";
}

constexpr std::string_view noFreezer =
    "cannot freeze: no cgroup v1 `freezer` hierarchy and no cgroup v2";

class CgroupfsV1Manager final : public CgroupfsManager
{
public:
    explicit CgroupfsV1Manager(Host host) : CgroupfsManager(std::move(host)) {}

    std::string_view name() const override { return "cgroupfs-v1"; }
    Status apply(const Cgroup &cgroup, const oci::Resources &resources) override;
    Status setFrozen(const Cgroup &cgroup, bool frozen) override;
    Result<bool> isFrozen(const Cgroup &cgroup) override;
    Result<Stats> readStats(const Cgroup &cgroup) override;
    Result<Pressure> readPressure(const Cgroup &cgroup) override;
};

Status CgroupfsV1Manager::apply(const Cgroup &cgroup, const oci::Resources &resources)
{
    // Every v2 controller first, so that a refusal (not offered, or an ancestor that holds
    // processes) comes before any file is written.
    if (const Cgroup::Directory *v2Directory = unifiedDirectory(cgroup)) {
        auto needs = v2Needs(resources, [&](std::string_view controller) {
            return v1Directory(cgroup, controller) != nullptr;
        });
        if (!needs)
            return tl::unexpected(std::move(needs).error());
        GB_TRY(v2::enableControllers({}, v2Directory->path, *needs));
    }
    if (resources.memory && isSet(*resources.memory)) {
        const oci::MemoryResources &memory = *resources.memory;
        GB_TRY(route(
            cgroup, "memory", [&](const std::string &dir) { return v1::applyMemory(dir, memory); },
            [&](const std::string &dir) { return v2::applyMemory(dir, memory); },
            notAvailable("linux.resources.memory", "memory")));
    }
    if (resources.cpu) {
        const oci::CpuResources &cpu = *resources.cpu;
        if (cpu.shares || cpu.quota || cpu.period)
            GB_TRY(route(
                cgroup, "cpu", [&](const std::string &dir) { return v1::applyCpu(dir, cpu); },
                [&](const std::string &dir) { return v2::applyCpu(dir, cpu); },
                notAvailable("linux.resources.cpu", "cpu")));
        if (!cpu.cpus.empty() || !cpu.mems.empty()) {
            auto write = [&](const std::string &dir) {
                return applyCpuset(dir, cpu);
            };
            GB_TRY(route(cgroup, "cpuset", write, write,
                         notAvailable("linux.resources.cpu.cpus", "cpuset")));
        }
    }
    if (resources.pids) {
        auto write = [&](const std::string &dir) {
            return applyPids(dir, *resources.pids);
        };
        GB_TRY(route(cgroup, "pids", write, write, notAvailable("linux.resources.pids", "pids")));
    }
    if (!resources.devices.empty()) {
        // Both where both exist (hybrid hosts): the kernel checks the v1 controller and the
        // program, and every container on such a host exercises the program.
        const Cgroup::Directory *v1 = v1Directory(cgroup, "devices");
        const Cgroup::Directory *v2 = deviceProgramDirectory(cgroup);
        if (v1 == nullptr && v2 == nullptr)
            return makeError(ENOTSUP, std::string(noDeviceControl));
        if (v1 != nullptr)
            GB_TRY(v1::applyDevices(v1->path, resources.devices));
        if (v2 != nullptr)
            GB_TRY(applyDeviceFilter(v2->path, resources.devices));
    }
    // Last, so that raw values override the ones derived above, as runc does.
    if (!resources.unified.empty()) {
        const Cgroup::Directory *dir = unifiedDirectory(cgroup);
        if (dir == nullptr)
            return makeError(ENOTSUP, "`linux.resources.unified` needs cgroup v2, and this host "
                                      "has no cgroup v2 hierarchy mounted");
        GB_TRY(v2::applyUnified(dir->path, resources.unified));
    }
    return {};
}

// v1's freezer controller where there is one; otherwise cgroup.freeze, which every non-root
// v2 cgroup has without any controller.
Status CgroupfsV1Manager::setFrozen(const Cgroup &cgroup, bool frozen)
{
    return route(
        cgroup, "freezer", [&](const std::string &dir) { return v1::setFrozen(dir, frozen); },
        [&](const std::string &dir) { return v2::setFrozen(dir, frozen); }, noFreezer);
}

Result<bool> CgroupfsV1Manager::isFrozen(const Cgroup &cgroup)
{
    return route(
        cgroup, "freezer", [](const std::string &dir) { return v1::isFrozen(dir); },
        [](const std::string &dir) { return v2::isFrozen(dir); }, noFreezer);
}

Result<Stats> CgroupfsV1Manager::readStats(const Cgroup &cgroup)
{
    Stats stats;
    const Cgroup::Directory *v2Directory = unifiedDirectory(cgroup);
    if (const Cgroup::Directory *dir = v1Directory(cgroup, "cpuacct"))
        GB_TRY(v1::readCpuStats(dir->path, stats));
    else if (v2Directory != nullptr)
        GB_TRY(v2::readCpuStats(v2Directory->path, stats));
    // A v2 directory has memory.* and pids.* only where the controller is enabled (a limit
    // asked for it, or the parent passes it down anyway); without them the values stay unset.
    if (const Cgroup::Directory *dir = v1Directory(cgroup, "memory"))
        GB_TRY(v1::readMemoryStats(dir->path, stats));
    else if (v2Directory != nullptr)
        GB_TRY(v2::readMemoryStats(v2Directory->path, stats));
    if (const Cgroup::Directory *dir = v1Directory(cgroup, "pids"))
        GB_TRY(readPidsStats(dir->path, stats));
    else if (v2Directory != nullptr)
        GB_TRY(readPidsStats(v2Directory->path, stats));
    return stats;
}

// Hybrid hosts keep PSI in the v2 directory too; pure v1 hosts have none.
Result<Pressure> CgroupfsV1Manager::readPressure(const Cgroup &cgroup)
{
    const Cgroup::Directory *dir = unifiedDirectory(cgroup);
    if (dir == nullptr)
        return makeError(ENOTSUP, "the cgroup has no cgroup v2 directory, where PSI is kept");
    return v2::readPressure(dir->path);
}

} // namespace

std::unique_ptr<Manager> makeCgroupfsV1Manager(Host host)
{
    return std::make_unique<CgroupfsV1Manager>(std::move(host));
}

} // namespace glassbox::cgroup::detail
