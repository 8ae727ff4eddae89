// What the cgroup front end (cgroup.cpp), detection (host.cpp) and the backends
// (manager_cgroupfs*.cpp) share: file helpers that name the path and the config field in
// errors, the mappings that are the same in both versions, the version-specific writers and
// readers, and which directory of a cgroup is its v2 one or a controller's v1 one.
#pragma once

#include "glassbox/cgroup/cgroup.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::cgroup::detail {

[[nodiscard]] std::string joinPath(std::string_view directory, std::string_view name);

/// A cgroup path ("/a/b", "/") as a directory below `mountPoint`.
[[nodiscard]] std::string directoryOf(const std::string &mountPoint, const std::string &cgroupPath);

[[nodiscard]] bool contains(const std::vector<std::string> &list, std::string_view item);

/// The non-empty pieces of `text` between `separator`s.
[[nodiscard]] std::vector<std::string> splitOn(std::string_view text, char separator);

/// `directory`/`file`, trimmed.
[[nodiscard]] Result<std::string> readValue(const std::string &directory, std::string_view file);

/// Like readValue(), but a missing file is std::nullopt rather than an error: kernels and
/// configurations differ in which files exist (memory.memsw.*, cgroup.events, ...).
[[nodiscard]] Result<std::optional<std::string>> readOptional(const std::string &directory,
                                                              std::string_view file);

/// Writes `value` to `directory`/`file`; an error names the file and the config `field`.
[[nodiscard]] Status writeValue(const std::string &directory, std::string_view file,
                                std::string_view value, std::string_view field);

[[nodiscard]] bool fileExists(const std::string &directory, std::string_view file);

/// A decimal number from a cgroup file; `path` is only for the error message.
[[nodiscard]] Result<uint64_t> parseNumber(std::string_view text, const std::string &path);

/// "max" (no limit) as std::nullopt, otherwise the number.
[[nodiscard]] Result<std::optional<uint64_t>> parseLimit(std::string_view text,
                                                         const std::string &path);

/// The value of `key` in a flat keyed file ("key value" lines: cpu.stat, memory.events).
[[nodiscard]] std::optional<std::string_view> keyedValue(std::string_view text,
                                                         std::string_view key);

/// Reads `file` and returns the number on the `key` line; no file or no such line is
/// std::nullopt (older kernels lack memory.oom_control's oom_kill, for example).
[[nodiscard]] Result<std::optional<uint64_t>>
readKeyed(const std::string &directory, std::string_view file, std::string_view key);

// The mappings that v1 and v2 share: same file names, same values.
[[nodiscard]] Status applyPids(const std::string &directory, const oci::PidsResources &pids);
[[nodiscard]] Status applyCpuset(const std::string &directory, const oci::CpuResources &cpu);
[[nodiscard]] Status readPidsStats(const std::string &directory, Stats &stats);

namespace v1 {

/// Fills empty cpuset.cpus/cpuset.mems from the nearest ancestor that has them, from the
/// hierarchy's root at `mountPoint` down to `directory`: the kernel refuses to add a task
/// to a cpuset cgroup without CPUs or memory nodes.
[[nodiscard]] Status prepareCpuset(const std::string &mountPoint, const std::string &directory);

[[nodiscard]] Status applyMemory(const std::string &directory, const oci::MemoryResources &memory);
/// Shares, quota and period (cpuset is applyCpuset()).
[[nodiscard]] Status applyCpu(const std::string &directory, const oci::CpuResources &cpu);
[[nodiscard]] Status applyDevices(const std::string &directory,
                                  const std::vector<oci::DeviceRule> &rules);

[[nodiscard]] Status setFrozen(const std::string &directory, bool frozen);
[[nodiscard]] Result<bool> isFrozen(const std::string &directory);

[[nodiscard]] Status readCpuStats(const std::string &directory, Stats &stats);
[[nodiscard]] Status readMemoryStats(const std::string &directory, Stats &stats);

} // namespace v1

namespace v2 {

/// A controller a resource needs in the container's v2 directory, and the config field
/// that needs it (for errors).
struct Need
{
    std::string controller;
    std::string field;
};

/// The controller of a linux.resources.unified key ("memory" for "memory.high", "cgroup" for
/// the core's own files, which need none); EINVAL naming `field` for anything but
/// "controller.file".
[[nodiscard]] Result<std::string> unifiedController(const std::string &key, std::string_view field);

/// Checks that `needs` can be made usable in `directory` without writing anything: every
/// controller is offered by some ancestor, and no ancestor whose cgroup.subtree_control would
/// have to be written holds processes (the kernel's no-internal-process rule; only the
/// hierarchy's root is exempt). Ancestors below `top` (the mount point) that do not exist yet
/// count as empty cgroups that pass nothing down; with an empty `top`, `directory`'s
/// ancestors must all exist. Errors name the field, the controller and the ancestor.
[[nodiscard]] Status checkControllers(const std::string &top, const std::string &directory,
                                      const std::vector<Need> &needs);

/// checkControllers(), then adds each controller to cgroup.subtree_control of the ancestors
/// that do not pass it down yet, parents first. Only `needs` are written, never
/// cgroup.type.
[[nodiscard]] Status enableControllers(const std::string &top, const std::string &directory,
                                       const std::vector<Need> &needs);

[[nodiscard]] Status applyMemory(const std::string &directory, const oci::MemoryResources &memory);
[[nodiscard]] Status applyCpu(const std::string &directory, const oci::CpuResources &cpu);
/// linux.resources.unified: every key written verbatim (apply() has enabled the controllers).
[[nodiscard]] Status applyUnified(const std::string &directory,
                                  const std::map<std::string, std::string> &unified);

[[nodiscard]] Status setFrozen(const std::string &directory, bool frozen);
[[nodiscard]] Result<bool> isFrozen(const std::string &directory);

[[nodiscard]] Status readCpuStats(const std::string &directory, Stats &stats);
[[nodiscard]] Status readMemoryStats(const std::string &directory, Stats &stats);
[[nodiscard]] Result<Pressure> readPressure(const std::string &directory);

} // namespace v2

// Which hierarchy or directory does what (host.cpp). Apart from detection, these are the
// only readers of the `unified` flags: backends ask for "the v2 directory" or "the v1
// directory of a controller", never test the flag themselves.
[[nodiscard]] const Hierarchy *unifiedHierarchy(const Host &host);
/// The v1 hierarchy that holds `controller`, or nullptr (also when only v2 has it).
[[nodiscard]] const Hierarchy *v1Hierarchy(const Host &host, std::string_view controller);
[[nodiscard]] const Cgroup::Directory *unifiedDirectory(const Cgroup &cgroup);
/// The directory of the v1 hierarchy that holds `controller`, or nullptr.
[[nodiscard]] const Cgroup::Directory *v1Directory(const Cgroup &cgroup,
                                                   std::string_view controller);

} // namespace glassbox::cgroup::detail
