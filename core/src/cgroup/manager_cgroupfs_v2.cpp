// Cgroupfs on pure v2 hosts: every resource, the freezer, the statistics and pressure stall
// information in the container's one v2 directory, after passing down exactly the
// controllers its resources need (see "Cgroup v2 and the no-internal-process rule" in
// docs/ARCHITECTURE.md). Devices are an eBPF program; there is no devices controller.
#include "device_filter.h"
#include "manager_cgroupfs.h"

#include <cerrno>

namespace glassbox::cgroup::detail {

namespace {

class CgroupfsV2Manager final : public CgroupfsManager
{
public:
    explicit CgroupfsV2Manager(Host host) : CgroupfsManager(std::move(host)) {}

    std::string_view name() const override { return "cgroupfs-v2"; }
    Status apply(const Cgroup &cgroup, const oci::Resources &resources) override;
    Status setFrozen(const Cgroup &cgroup, bool frozen) override;
    Result<bool> isFrozen(const Cgroup &cgroup) override;
    Result<Stats> readStats(const Cgroup &cgroup) override;
    Result<Pressure> readPressure(const Cgroup &cgroup) override;
};

// managerFor() gives this backend only cgroups with a v2 directory; another cgroup (one of a
// v1 host, handed to the wrong manager) is refused rather than half-managed.
Result<std::string> v2Path(const Cgroup &cgroup, std::string_view purpose)
{
    if (const Cgroup::Directory *dir = unifiedDirectory(cgroup))
        return dir->path;
    return makeError(ENOTSUP, "the cgroup has no cgroup v2 directory, " + std::string(purpose));
}

Status CgroupfsV2Manager::apply(const Cgroup &cgroup, const oci::Resources &resources)
{
    auto path = v2Path(cgroup, "where its resources go");
    if (!path)
        return tl::unexpected(std::move(path).error());
    const std::string &dir = *path;
    // Every controller first, so that a refusal (not offered, or an ancestor that holds
    // processes) comes before any file is written.
    auto needs = v2Needs(resources, [](std::string_view) { return false; });
    if (!needs)
        return tl::unexpected(std::move(needs).error());
    GB_TRY(v2::enableControllers({}, dir, *needs));
    if (resources.memory && isSet(*resources.memory))
        GB_TRY(v2::applyMemory(dir, *resources.memory));
    if (resources.cpu) {
        const oci::CpuResources &cpu = *resources.cpu;
        if (cpu.shares || cpu.quota || cpu.period)
            GB_TRY(v2::applyCpu(dir, cpu));
        if (!cpu.cpus.empty() || !cpu.mems.empty())
            GB_TRY(applyCpuset(dir, cpu));
    }
    if (resources.pids)
        GB_TRY(applyPids(dir, *resources.pids));
    if (!resources.devices.empty()) {
        const Cgroup::Directory *program = deviceProgramDirectory(cgroup);
        if (program == nullptr)
            return makeError(ENOTSUP, std::string(noDeviceControl));
        GB_TRY(applyDeviceFilter(program->path, resources.devices));
    }
    // Last, so that raw values override the ones derived above, as runc does.
    if (!resources.unified.empty())
        GB_TRY(v2::applyUnified(dir, resources.unified));
    return {};
}

// cgroup.freeze, which every non-root v2 cgroup has without any controller.
Status CgroupfsV2Manager::setFrozen(const Cgroup &cgroup, bool frozen)
{
    auto path = v2Path(cgroup, "whose cgroup.freeze would freeze it");
    if (!path)
        return tl::unexpected(std::move(path).error());
    return v2::setFrozen(*path, frozen);
}

Result<bool> CgroupfsV2Manager::isFrozen(const Cgroup &cgroup)
{
    auto path = v2Path(cgroup, "whose cgroup.freeze would freeze it");
    if (!path)
        return tl::unexpected(std::move(path).error());
    return v2::isFrozen(*path);
}

// cpu.stat is in every v2 cgroup; memory.* and pids.* only where the controller is enabled
// (a limit asked for it, or the parent passes it down anyway), else the values stay unset.
Result<Stats> CgroupfsV2Manager::readStats(const Cgroup &cgroup)
{
    Stats stats;
    const Cgroup::Directory *dir = unifiedDirectory(cgroup);
    if (dir == nullptr)
        return stats;
    GB_TRY(v2::readCpuStats(dir->path, stats));
    GB_TRY(v2::readMemoryStats(dir->path, stats));
    GB_TRY(readPidsStats(dir->path, stats));
    return stats;
}

Result<Pressure> CgroupfsV2Manager::readPressure(const Cgroup &cgroup)
{
    auto path = v2Path(cgroup, "where PSI is kept");
    if (!path)
        return tl::unexpected(std::move(path).error());
    return v2::readPressure(*path);
}

} // namespace

std::unique_ptr<Manager> makeCgroupfsV2Manager(Host host)
{
    return std::make_unique<CgroupfsV2Manager>(std::move(host));
}

} // namespace glassbox::cgroup::detail
