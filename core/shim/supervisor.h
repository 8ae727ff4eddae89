// The shim's long-lived process: creates and starts the container, copies its output into
// the log, waits for it and records how it ended. See glassbox/shim.h for the protocol.
#pragma once

#include "glassbox/fd.h"
#include "glassbox/shim.h"

namespace glassbox::shim {

/// Runs in the forked child. Reports the start's outcome on `startReport` ("K", or "E"
/// followed by the error's text) and closes it, then supervises until the container has
/// exited and is deleted. Returns the process's exit status.
[[nodiscard]] int supervise(const Options &options, UniqueFd startReport);

} // namespace glassbox::shim
