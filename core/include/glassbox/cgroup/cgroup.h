// Control groups: finding the host's hierarchies (v1, v2 or hybrid), creating a container's
// cgroup in each of them under the runtime's own cgroup, applying OCI resources, reading
// statistics, and removing it again. Every root (cgroupfs, /proc) is injectable so that
// the logic is tested against fixture trees without root. The functions below forward to
// the backend glassbox/cgroup/manager.h chooses for the host or the recorded cgroup.
#pragma once

#include "glassbox/error.h"
#include "glassbox/oci/spec.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace glassbox::cgroup {

enum class Layout { V1, V2, Hybrid };

/// Where to look: tests point these at fixture trees.
struct Roots
{
    std::string proc = "/proc"; ///< Reads `proc`/self/mountinfo and `proc`/self/cgroup.
    pid_t self = 0;             ///< Whose cgroup to nest under; 0 means "self".
};

/// One mounted hierarchy.
struct Hierarchy
{
    std::string mountPoint;               ///< e.g. /sys/fs/cgroup/memory or /sys/fs/cgroup/unified
    std::vector<std::string> controllers; ///< v1: the mount's controllers; v2: cgroup.controllers
    bool unified = false;                 ///< cgroup2
    std::string ownPath;                  ///< the runtime's cgroup in it, from /proc/self/cgroup
};

/// The cgroup hierarchies of this host.
struct Host
{
    Layout layout = Layout::V2;
    std::vector<Hierarchy> hierarchies;

    /// Reads the mount table and the process's own cgroups.
    [[nodiscard]] static Result<Host> detect(const Roots &roots = {});

    /// The hierarchy that holds `controller` ("memory", "pids", ...), v1 first.
    [[nodiscard]] const Hierarchy *find(std::string_view controller) const;
};

/// A container's cgroup: one directory per hierarchy. Plain data, so the state file can
/// record it and a later command can act on it.
struct Cgroup
{
    struct Directory
    {
        std::string path;                     ///< absolute directory
        std::vector<std::string> controllers; ///< what this directory controls
        bool unified = false;
    };
    std::vector<Directory> directories;

    /// The directory whose hierarchy holds `controller`, or nullptr.
    [[nodiscard]] const Directory *find(std::string_view controller) const;
};

/// The cgroup path a container gets: `cgroupsPath` if set (absolute: relative to each
/// hierarchy's root; relative: under the runtime's own cgroup), otherwise
/// <own cgroup>/glassbox/<id>. "slice:prefix:name" systemd paths are refused.
[[nodiscard]] Result<std::string> containerPath(const Hierarchy &hierarchy,
                                                std::string_view cgroupsPath, std::string_view id);

/// Creates the container's directories in every hierarchy (v1 cpuset: cpus/mems copied from
/// the parent so that processes can join) and, on cgroup v2, passes down the controllers
/// that `resources` need, and only those. Where an ancestor that would have to pass one down
/// holds processes (a login shell's session scope: the kernel refuses, and can turn the
/// cgroup "domain threaded" half-way), it fails before anything is made, naming the field,
/// the controller and the ancestor. Nothing is left behind on failure. `beforeMaking`, if
/// given, is told the directories once they are checked and before the first is made (a
/// caller killed meanwhile can then find them); its failure fails the create.
[[nodiscard]] Result<Cgroup> create(const Host &host, std::string_view cgroupsPath,
                                    std::string_view id, const oci::Resources &resources,
                                    const std::function<Status(const Cgroup &)> &beforeMaking = {});

/// Writes `resources` into the cgroup: v1 files (memory.limit_in_bytes, cpu.cfs_quota_us,
/// pids.max, devices.allow/deny, ...) or v2 files (memory.max, cpu.max, pids.max, ...), after
/// enabling the v2 controllers they need with the checks of create(). Errors name the file
/// and the config field.
[[nodiscard]] Status apply(const Cgroup &cgroup, const oci::Resources &resources);

/// Moves the calling process into `<its own cgroup>/<leaf>` (made if missing) on a pure cgroup
/// v2 host, so that its own cgroup holds no processes and can pass controllers down to
/// siblings of `leaf`, then passes `passDown` down where its own cgroup is offered them.
/// `host` is as detected before the move. Returns the own cgroup's path from before the move
/// ("/machine.slice/x.scope"), under which the siblings go.
[[nodiscard]] Result<std::string> moveIntoLeaf(const Host &host, std::string_view leaf,
                                               const std::vector<std::string> &passDown);

/// Moves `pid` into the cgroup in every hierarchy.
[[nodiscard]] Status enter(const Cgroup &cgroup, pid_t pid);

/// The pids in the cgroup (from the first hierarchy that tracks processes).
[[nodiscard]] Result<std::vector<pid_t>> processes(const Cgroup &cgroup);

/// Freezes or thaws every process (v2 cgroup.freeze, v1 freezer.state).
[[nodiscard]] Status setFrozen(const Cgroup &cgroup, bool frozen);
[[nodiscard]] Result<bool> isFrozen(const Cgroup &cgroup);

/// Cumulative counters, read straight from the kernel's files.
struct Stats
{
    std::optional<uint64_t> cpuUsageNs;  ///< v2 cpu.stat usage_usec*1000, v1 cpuacct.usage
    std::optional<uint64_t> memoryBytes; ///< memory.current / memory.usage_in_bytes
    /// Page cache not used lately (memory.stat inactive_file / total_inactive_file): the
    /// kernel reclaims it first, so memoryBytes less this is what `docker stats` shows.
    std::optional<uint64_t> inactiveFileBytes;
    std::optional<uint64_t> memoryLimit; ///< memory.max / memory.limit_in_bytes; unset = no limit
    std::optional<uint64_t> oomKills;    ///< memory.events oom_kill / memory.oom_control oom_kill
    std::optional<uint64_t> pids;        ///< pids.current
    std::optional<uint64_t> pidsLimit;   ///< pids.max; unset = no limit
};
[[nodiscard]] Result<Stats> readStats(const Cgroup &cgroup);

/// Pressure stall information (cpu.pressure, memory.pressure, io.pressure of the cgroup v2
/// directory): the cumulative microseconds in which some, or all ("full"), of the cgroup's
/// tasks waited for the resource. Unset where the kernel has no such line.
struct Pressure
{
    std::optional<uint64_t> cpuSomeUs;
    std::optional<uint64_t> cpuFullUs;
    std::optional<uint64_t> memorySomeUs;
    std::optional<uint64_t> memoryFullUs;
    std::optional<uint64_t> ioSomeUs;
    std::optional<uint64_t> ioFullUs;
};
/// ENOTSUP when the cgroup has no v2 directory (a pure v1 host), ENOENT naming the file
/// when the kernel keeps no PSI (built without it, or booted with psi=0).
[[nodiscard]] Result<Pressure> readPressure(const Cgroup &cgroup);

/// Removes the directories (deepest first). Processes must have exited; EBUSY is retried
/// briefly while the kernel finishes tearing them down.
[[nodiscard]] Status destroy(const Cgroup &cgroup);

} // namespace glassbox::cgroup
