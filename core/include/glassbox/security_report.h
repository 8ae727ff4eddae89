// What a container may do to its host, read from its OCI config and its live namespaces:
// capabilities beyond Docker's default set, seccomp, the user mapping, no_new_privs, masked
// paths, host bind mounts, namespaces shared with the host, and the warnings they add up
// to. Computed once here (the helper's Container1.GetSecurityReport) and rendered into
// sentences by the clients (app/client/SecurityText), which never link the core.
#pragma once

#include "glassbox/oci/spec.h"

#include <string>
#include <vector>

namespace glassbox::security {

/// One of the container's namespaces against the host's (Container1.GetNamespaces).
struct NamespaceShare
{
    std::string type; ///< "net", "pid", "user", ... (the /proc/PID/ns names)
    bool shared = false;
};

struct BindMount
{
    std::string source;
    std::string destination;
    bool readOnly = false;
};

/// The warnings, in the order the report lists them. Their details are in the report's
/// fields (extraCapabilities, bindMounts, sharedNamespaces).
inline constexpr const char *kHostRoot = "host-root";
inline constexpr const char *kExtraCapabilities = "extra-capabilities";
inline constexpr const char *kSeccompUnconfined = "seccomp-unconfined";
inline constexpr const char *kPrivilegedOptions = "privileged-options";
inline constexpr const char *kBindMounts = "bind-mounts";
inline constexpr const char *kSharedNamespaces = "shared-namespaces";

struct Report
{
    std::vector<std::string> capabilities;      ///< The effective set, sorted.
    std::vector<std::string> extraCapabilities; ///< Those beyond Docker's default set.
    bool seccomp = true;                        ///< False: unconfined.
    int blockedSyscalls = -1; ///< Of the native ones; -1 when the default action allows.
    int nativeSyscalls = 0;
    std::vector<oci::IdMapping> uidMappings; ///< Empty: container uids are host uids.
    bool noNewPrivileges = false;
    std::vector<std::string> maskedPaths;
    std::vector<BindMount> bindMounts;
    std::vector<std::string> sharedNamespaces; ///< Besides user and time.
    std::vector<std::string> warnings;         ///< kHostRoot, ...
};

/// `namespaces`: the live ones (empty for a stopped container: the spec decides then);
/// `privileged`: the container was created with options that need the privileged action.
[[nodiscard]] Report analyze(const oci::Spec &spec, const std::vector<NamespaceShare> &namespaces,
                             bool privileged);

/// The report as a JSON object, the wire format of Container1.GetSecurityReport.
[[nodiscard]] std::string toJson(const Report &report);

/// The names of this machine's native system calls (libseccomp's table).
[[nodiscard]] const std::vector<std::string> &nativeSyscallNames();

/// How many native system calls `seccomp` refuses outright: its default action for every
/// call no rule allows (argument filters count as allowed). -1 when the default allows.
[[nodiscard]] int blockedSyscallCount(const oci::Seccomp &seccomp);

} // namespace glassbox::security
