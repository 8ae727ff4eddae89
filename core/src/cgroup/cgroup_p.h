// What the cgroup front end (cgroup.cpp) shares with its v1 and v2 backends: file helpers
// that name the path and the config field in errors, the mappings that are the same in
// both versions, and the version-specific writers and readers.
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

/// Makes `controllers` usable in `directory` by adding them to cgroup.subtree_control of the
/// ancestors that do not pass them down yet, from the nearest one that has them. An error
/// names the controller and the config `field` that needs it; with `bestEffort`, controllers
/// that cannot be enabled are skipped.
[[nodiscard]] Status enableControllers(const std::string &directory,
                                       const std::vector<std::string> &controllers,
                                       std::string_view field, bool bestEffort);

[[nodiscard]] Status applyMemory(const std::string &directory, const oci::MemoryResources &memory);
[[nodiscard]] Status applyCpu(const std::string &directory, const oci::CpuResources &cpu);
/// linux.resources.unified: every key written verbatim after its controller is enabled.
[[nodiscard]] Status applyUnified(const std::string &directory,
                                  const std::map<std::string, std::string> &unified);

[[nodiscard]] Status setFrozen(const std::string &directory, bool frozen);
[[nodiscard]] Result<bool> isFrozen(const std::string &directory);

[[nodiscard]] Status readCpuStats(const std::string &directory, Stats &stats);
[[nodiscard]] Status readMemoryStats(const std::string &directory, Stats &stats);
[[nodiscard]] Result<Pressure> readPressure(const std::string &directory);

} // namespace v2

} // namespace glassbox::cgroup::detail
