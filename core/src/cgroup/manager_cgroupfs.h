// What the cgroupfs backends share: making a container's directories (one per hierarchy,
// the same on every layout), moving processes in, listing and removing them. The backends
// (manager_cgroupfs_v1.cpp, manager_cgroupfs_v2.cpp) differ in where each resource, the
// freezer and the statistics live.
#pragma once

#include "cgroup_p.h"

#include "glassbox/cgroup/manager.h"

#include <functional>
#include <memory>

namespace glassbox::cgroup::detail {

class CgroupfsManager : public Manager
{
public:
    Result<Cgroup> create(std::string_view cgroupsPath, std::string_view id,
                          const oci::Resources &resources,
                          const std::function<Status(const Cgroup &)> &beforeMaking) final;
    Status enter(const Cgroup &cgroup, pid_t pid) final;
    Result<std::vector<pid_t>> processes(const Cgroup &cgroup) final;
    Status destroy(const Cgroup &cgroup) final;

protected:
    /// An empty host (managerFor()) manages existing cgroups only.
    explicit CgroupfsManager(Host host);

private:
    Host m_host;
};

/// v1 and hybrid hosts: each controller in its v1 hierarchy; the v2 directory (hybrid) for
/// what no v1 hierarchy has, PSI, `linux.resources.unified` and the eBPF device program.
[[nodiscard]] std::unique_ptr<Manager> makeCgroupfsV1Manager(Host host);
/// Pure v2 hosts: everything in the one v2 directory.
[[nodiscard]] std::unique_ptr<Manager> makeCgroupfsV2Manager(Host host);

/// The container's v2 directory, for a device program: not the hierarchy's root
/// (recognized by its lack of cgroup.events), where it would confine the whole host.
[[nodiscard]] const Cgroup::Directory *deviceProgramDirectory(const Cgroup &cgroup);

inline constexpr std::string_view noDeviceControl =
    "`linux.resources.devices`: no cgroup v1 `devices` controller, and no cgroup v2 "
    "directory of the container's own to attach an eBPF device program to";

[[nodiscard]] bool isSet(const oci::MemoryResources &memory);

/// The controllers `resources` need in the v2 directory, as apply() writes them; device
/// rules need none (v1 has a hierarchy for them, v2 an eBPF program). `inV1` says whether a
/// v1 hierarchy does a controller's work, which then needs nothing from v2; unified keys
/// are v2's in any case.
[[nodiscard]] Result<std::vector<v2::Need>>
v2Needs(const oci::Resources &resources, const std::function<bool(std::string_view)> &inV1);

} // namespace glassbox::cgroup::detail
