// Linux capabilities (libcap): names, Docker's default set, and applying an OCI
// capabilities section to the calling process after its uid switch.
#pragma once

#include "glassbox/error.h"
#include "glassbox/oci/spec.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::caps {

/// The kernel number of "CAP_CHOWN", "CAP_NET_RAW", ...; nullopt for an unknown name.
[[nodiscard]] std::optional<int> fromName(std::string_view name);

/// "CAP_CHOWN" for 0, ...
[[nodiscard]] std::string name(int capability);

/// The highest capability this kernel knows (/proc/sys/kernel/cap_last_cap).
[[nodiscard]] int lastCapability();

/// The 14 capabilities Docker grants a container by default.
[[nodiscard]] const std::vector<std::string> &dockerDefaultNames();

/// Drops every capability not in `keep` from the bounding set. Needs CAP_SETPCAP, so it
/// runs before the uid switch.
[[nodiscard]] Status dropBounding(const std::vector<int> &keep);

/// Sets the effective, permitted and inheritable sets, then raises the ambient ones.
/// Runs after the uid switch (with PR_SET_KEEPCAPS held across it), as runc does. An
/// ambient capability the kernel cannot raise (not also inheritable and permitted) is
/// skipped and named in `warnings`, as runtime-spec 1.1, runc and crun have it.
[[nodiscard]] Status apply(const oci::Capabilities &capabilities,
                           std::vector<Error> *warnings = nullptr);

} // namespace glassbox::caps
