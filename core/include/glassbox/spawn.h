// Running a program and reading its output, with posix_spawn(3) (never fork: the helper is
// threaded, and the runtime's parent side may be). The one way the runtime, the image
// library and the helper start another program; the container's own hooks are not this
// (they run inside the container's init).
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"

#include <cstddef>
#include <string>
#include <sys/types.h>
#include <vector>

namespace glassbox::spawn {

struct Options
{
    bool searchPath = false;   ///< argv[0] is looked up in PATH (posix_spawnp)
    bool mergeStderr = false;  ///< stderr into the output pipe too; otherwise it is inherited
    bool stdinDevNull = false; ///< stdin from /dev/null; otherwise it is inherited
    /// An empty signal mask and every signal at its default: a threaded parent (Qt) may
    /// block or ignore signals, which a child would inherit.
    bool resetSignals = false;
    bool nonBlockingOutput = false; ///< the parent's end of the pipe O_NONBLOCK (event loops)
    /// run() and capture(): a child whose output has not ended within this many milliseconds
    /// is killed (SIGKILL) and the call fails with ETIMEDOUT; 0 waits for as long as it takes.
    int timeoutMs = 0;
};

struct Child
{
    pid_t pid = -1;
    UniqueFd output; ///< the read end of the child's stdout (and stderr with mergeStderr)
};

/// Starts `argv` (argv[0] the program, no shell) in the environment of this process.
/// Errors: "pipe", "spawn `argv[0]`" with the errno.
[[nodiscard]] Result<Child> start(const std::vector<std::string> &argv, const Options &options);

struct Finished
{
    int status = 0; ///< as waitpid(2) reports it
    std::string output;
};

/// start(), then reads the output to its end and reaps the child. Output past `maxOutput`
/// kills the child and is EFBIG; no end of output within `options.timeoutMs` kills it and is
/// ETIMEDOUT.
[[nodiscard]] Result<Finished> run(const std::vector<std::string> &argv, const Options &options,
                                   size_t maxOutput);

/// run(), and the output if the program exited 0; otherwise "`argv...` failed", followed by
/// the output when it holds stderr (mergeStderr).
[[nodiscard]] Result<std::string> capture(const std::vector<std::string> &argv,
                                          const Options &options, size_t maxOutput);

} // namespace glassbox::spawn
