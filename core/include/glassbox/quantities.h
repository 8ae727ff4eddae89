// The numbers people type and callers send: sizes, CPU counts, pids limits, uids and gids,
// signals. One grammar and one range per quantity, shared by glassboxctl, the desktop
// application, the helper and the runtime, so that a value means the same everywhere and is
// refused, never narrowed, when it does not fit. Qt-free and free of the rest of the core
// (library glassbox-quantities), so the unprivileged clients link only this.
#pragma once

#include "glassbox/error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace glassbox::quantity {

/// The largest byte count anything takes: the OCI spec and the cgroup files hold int64.
inline constexpr uint64_t kMaxBytes = INT64_MAX;

/// A size in bytes: decimal digits, an optional fraction (".5"), then optionally one space and
/// a unit, case-insensitive: `b`, or `k` `m` `g` `t` `p` (binary multiples, as docker/go-units
/// and runc read them) each optionally followed by `i` and then `b` ("64m", "1.5GiB",
/// "512 kb"). A fraction is exact and rounded down to the byte. Anything else is an error that
/// quotes the text: a sign, an exponent, hex, whitespace around it, a second fraction
/// ("1.2.3m"), an unknown unit ("10Q"), more than kMaxBytes.
[[nodiscard]] Result<uint64_t> parseSize(std::string_view text);

/// Memory limits of a container: kMinMemoryLimit..kMaxBytes.
inline constexpr uint64_t kMinMemoryLimit = 4 << 20;
[[nodiscard]] Result<uint64_t> checkMemoryLimit(uint64_t bytes);

/// A CPU limit as CFS bandwidth: `quota` microseconds of CPU time per `period`.
struct CpuLimit
{
    int64_t quota = 0;
    uint64_t period = 0;
};
/// The period parseCpus() uses (100 ms, as docker and podman).
inline constexpr uint64_t kCpuPeriod = 100000;
inline constexpr uint64_t kMinCpuPeriod = 1000;
inline constexpr uint64_t kMaxCpuPeriod = 1000000;
inline constexpr int64_t kMinCpuQuota = 1000;
inline constexpr int64_t kMaxCpuQuota = 1000000000;
/// A number of CPUs, "1.5": digits with up to five decimals (one microsecond of quota per
/// period), from 0.01 to 10000 (kMinCpuQuota..kMaxCpuQuota at kCpuPeriod).
[[nodiscard]] Result<CpuLimit> parseCpus(std::string_view text);
/// -1 (no limit) or kMinCpuQuota..kMaxCpuQuota microseconds.
[[nodiscard]] Result<int64_t> checkCpuQuota(int64_t quota);
/// kMinCpuPeriod..kMaxCpuPeriod microseconds.
[[nodiscard]] Result<uint64_t> checkCpuPeriod(uint64_t period);

/// Process limits: -1 (no limit) or 1..kMaxPids (the kernel's pid_max ceiling).
inline constexpr int64_t kMaxPids = 4194304;
[[nodiscard]] Result<int64_t> parsePidsLimit(std::string_view text);
[[nodiscard]] Result<int64_t> checkPidsLimit(int64_t limit);

/// uids and gids: decimal digits, 0..kMaxId. 4294967295 is (uid_t)-1, "no id" to the kernel.
inline constexpr uint32_t kMaxId = 4294967294u;
[[nodiscard]] Result<uint32_t> parseId(std::string_view text);

/// Docker's `User`: "user[:group]", each part a name or, when it is all digits, an id checked
/// with parseId(): "4294967296" is an error, never uid 0. Empty parts are errors.
struct UserSpec
{
    std::string user;
    std::optional<uint32_t> uid; ///< set when `user` is numeric
    std::string group;           ///< empty: none given
    std::optional<uint32_t> gid; ///< set when `group` is numeric
};
[[nodiscard]] Result<UserSpec> parseUserSpec(std::string_view text);

/// Signals 1..kMaxSignal (SIGRTMAX on Linux).
inline constexpr int kMaxSignal = 64;
/// A signal by number ("9") or name, with or without "SIG", any case ("KILL", "sigterm"),
/// and real-time signals as "RTMIN+N" / "RTMAX-N".
[[nodiscard]] Result<int> parseSignal(std::string_view text);
[[nodiscard]] Result<int> checkSignal(int signal);

} // namespace glassbox::quantity
