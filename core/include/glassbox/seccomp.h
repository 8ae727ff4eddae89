// seccomp: the OCI seccomp section compiled (libseccomp) into a BPF program before the
// container process is forked, then loaded by that process as its last step before exec.
#pragma once

#include "glassbox/error.h"
#include "glassbox/oci/spec.h"

#include <linux/filter.h>
#include <vector>

namespace glassbox::seccomp {

/// A compiled filter: plain BPF plus the seccomp(2) flags to load it with. Compiling in the
/// parent keeps the container's own setup to one system call and reports errors before
/// anything is created.
struct Program
{
    std::vector<sock_filter> code;
    unsigned flags = 0; ///< SECCOMP_FILTER_FLAG_* from the config's `flags`.
};

/// Compiles `linux.seccomp`. Errors name the config field, e.g.
/// "`linux.seccomp.syscalls[3].args[0].op`: unknown operator `SCMP_CMP_FOO`".
/// Syscall names unknown to this kernel/architecture are skipped, as runc and crun do.
[[nodiscard]] Result<Program> compile(const oci::Seccomp &config);

/// compile(), reusing a program compiled earlier for the same profile. Compiling Docker's
/// default profile costs libseccomp about 15 ms, more than the rest of starting a container;
/// the cache under `cacheDirectory` (created 0700) keeps each program with the profile's
/// full canonical text, compared byte for byte on use, so a hash collision can never hand
/// out another profile's filter. An unusable cache is ignored, never an error.
[[nodiscard]] Result<Program> compileCached(const oci::Seccomp &config,
                                            const std::string &cacheDirectory);

/// Loads a compiled program into the calling thread (seccomp(2) SECCOMP_SET_MODE_FILTER).
/// Without no_new_privs this needs CAP_SYS_ADMIN.
[[nodiscard]] Status load(const Program &program);

/// Docker's default seccomp profile in OCI form for a container with the given
/// capabilities (names such as "CAP_SYS_ADMIN" widen it as Docker's profile does),
/// as JSON text for `linux.seccomp`.
[[nodiscard]] std::string defaultProfileJson(const std::vector<std::string> &capabilities);

} // namespace glassbox::seccomp
