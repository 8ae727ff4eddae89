// The cgroup manager: one interface over the ways a container's cgroup can be kept, chosen
// once (makeManager() for a host, managerFor() for a cgroup recorded in state.json), in the
// style of crun's `struct libcrun_cgroup_manager` and runc's `cgroups/manager/new.go`.
// Backends: cgroupfs on v1 and hybrid hosts, cgroupfs on pure v2 hosts; a systemd driver
// would be a third (it is refused today, see "Departures" in docs/ARCHITECTURE.md).
#pragma once

#include "glassbox/cgroup/cgroup.h"

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace glassbox::cgroup {

/// What cgroup.h's functions of the same names do, for one layout. A manager holds no
/// cgroup: each call names the cgroup, as recorded by create() (and in state.json).
class Manager
{
public:
    Manager() = default;
    Manager(const Manager &) = delete;
    Manager &operator=(const Manager &) = delete;
    virtual ~Manager() = default;

    /// "cgroupfs-v1" (v1 and hybrid hosts) or "cgroupfs-v2" (pure v2 hosts).
    [[nodiscard]] virtual std::string_view name() const = 0;

    /// A manager from managerFor() knows no host and refuses to create (ENOENT).
    [[nodiscard]] virtual Result<Cgroup>
    create(std::string_view cgroupsPath, std::string_view id, const oci::Resources &resources,
           const std::function<Status(const Cgroup &)> &beforeMaking) = 0;
    [[nodiscard]] virtual Status apply(const Cgroup &cgroup, const oci::Resources &resources) = 0;
    [[nodiscard]] virtual Status enter(const Cgroup &cgroup, pid_t pid) = 0;
    [[nodiscard]] virtual Result<std::vector<pid_t>> processes(const Cgroup &cgroup) = 0;
    [[nodiscard]] virtual Status setFrozen(const Cgroup &cgroup, bool frozen) = 0;
    [[nodiscard]] virtual Result<bool> isFrozen(const Cgroup &cgroup) = 0;
    [[nodiscard]] virtual Result<Stats> readStats(const Cgroup &cgroup) = 0;
    [[nodiscard]] virtual Result<Pressure> readPressure(const Cgroup &cgroup) = 0;
    [[nodiscard]] virtual Status destroy(const Cgroup &cgroup) = 0;
};

enum class Driver { Cgroupfs, Systemd };

/// The one place a backend is chosen: by the host's layout (v1, hybrid, v2) and the driver.
/// Driver::Systemd is ENOTSUP: the runtime writes cgroupfs itself.
[[nodiscard]] Result<std::unique_ptr<Manager>> makeManager(const Host &host,
                                                           Driver driver = Driver::Cgroupfs);

/// The manager of an existing cgroup, from its directories alone (as state.json records
/// them: a directory of a v1 hierarchy with a controller means a v1 or hybrid host), so that
/// a container created by an earlier version is managed by this one.
[[nodiscard]] std::unique_ptr<Manager> managerFor(const Cgroup &cgroup);

} // namespace glassbox::cgroup
