// Protection of the programs that start container processes (glassbox-runtime, glassbox-shim)
// against being overwritten from inside a container through /proc/PID/exe (CVE-2019-5736).
#pragma once

#include "glassbox/error.h"

namespace glassbox {

/// What keeps /proc/self/exe from being opened for writing.
enum class ExeProtection {
    ReadOnlyMount, ///< the file is on a read-only mount (our detached one, or the host's own)
    SealedMemfd,   ///< a private copy in a memfd sealed against writes
};

/// "read-only mount" or "sealed memfd copy", for debug output.
[[nodiscard]] const char *describe(ExeProtection protection);

/// Makes sure that the running executable cannot be written through /proc/self/exe, as a
/// container could do once one of its processes runs this binary again as the interpreter of
/// a `#!/proc/self/exe` script. Call it at the start of main(), before anything is opened or
/// started, with main's argv. When /proc/self/exe is already a read-only mount or a sealed
/// memfd it returns how; otherwise it executes the same file again from a detached read-only
/// bind mount of it (or, where that is refused, from a sealed memfd copy) with the same argv,
/// environment and inherited descriptors, and does not return. The new image's first call
/// returns. A program executed from a descriptor (as by that re-execution) whose file is still
/// writable gets an error instead of re-executing again. An error means no protection could be
/// set up: start no container process.
[[nodiscard]] Result<ExeProtection> sealOwnExecutable(char **argv);

} // namespace glassbox
