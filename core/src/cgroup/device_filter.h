// Device control on cgroup v2: the OCI device rules become a BPF_PROG_TYPE_CGROUP_DEVICE
// program, attached to the container's cgroup v2 directory in place of the v1 devices files.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"
#include "glassbox/oci/spec.h"

#include <cstdint>
#include <linux/bpf.h>
#include <string>
#include <vector>

namespace glassbox::cgroup::detail {

/// The program that allows what the cgroup v1 devices controller would allow after `rules`
/// were written to it in order, starting from "deny everything" (as runc does): later rules
/// override earlier ones, type `a` resets to allow-all or deny-all, an unset major or minor
/// matches any. Like runc, a rule that would need a hole in an earlier wildcard rule (deny
/// c 1:5 after allow c *:*), which v1 silently ignores, is refused. Errors name
/// `linux.resources.devices[i]`.
[[nodiscard]] Result<std::vector<bpf_insn>>
deviceProgram(const std::vector<oci::DeviceRule> &rules);

/// Loads `program` as a device program. A verifier rejection carries the verifier's log.
[[nodiscard]] Result<UniqueFd> loadDeviceProgram(const std::vector<bpf_insn> &program);

/// The ids of the device programs attached to the cgroup v2 `directory` itself.
[[nodiscard]] Result<std::vector<uint32_t>> attachedDevicePrograms(const std::string &directory);

/// Gives the cgroup v2 `directory` the program for `rules`: the new program is attached
/// (BPF_F_ALLOW_MULTI) before the old ones are detached, so while both are attached a device
/// needs both to allow it, and never more than either allows is allowed.
[[nodiscard]] Status applyDeviceFilter(const std::string &directory,
                                       const std::vector<oci::DeviceRule> &rules);

} // namespace glassbox::cgroup::detail
