// The shim's long-lived process: creates and starts the container, copies its output into
// the log, waits for it and records how it ended. See glassbox/shim.h for the protocol.
#pragma once

#include "glassbox/fd.h"
#include "glassbox/shim.h"

#include <string>

namespace glassbox::shim {

/// Runs in the forked child. Reports the start's outcome on `startReport` ("K", or "E"
/// followed by the error's text) and closes it, then supervises until the container has
/// exited and is deleted. `cgroupsPath`, when not empty, replaces config.json's
/// linux.cgroupsPath (--cgroup-leaf). Returns the process's exit status.
[[nodiscard]] int supervise(const Options &options, const std::string &cgroupsPath,
                            UniqueFd startReport);

} // namespace glassbox::shim
