// OCI lifecycle hooks: programs run at fixed points of a container's life with the
// container's state JSON on their stdin.
#pragma once

#include "glassbox/error.h"
#include "glassbox/oci/spec.h"

#include <string>
#include <vector>

namespace glassbox::hooks {

/// Runs `hooks` in order, each with `stateJson` on stdin and its stdout and stderr passed
/// through. The first that exits non-zero, dies from a signal or outlives its timeout (it is
/// then killed) fails the call with an error naming `hooks.<phase>[i]` and the program.
[[nodiscard]] Status run(const std::vector<oci::Hook> &hooks, const char *phase,
                         const std::string &stateJson);

/// Like run(), but every hook runs; failures are returned as warnings (poststart and
/// poststop failures must not stop the lifecycle).
[[nodiscard]] std::vector<Error> runAll(const std::vector<oci::Hook> &hooks, const char *phase,
                                        const std::string &stateJson);

} // namespace glassbox::hooks
