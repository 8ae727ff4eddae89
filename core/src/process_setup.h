// Steps every container process takes before execve(), whether it is the container's init
// (create) or a process joining it (exec): terminal, rlimits, working directory, executable
// lookup, descriptors, user and capabilities.
#pragma once

#include "glassbox/error.h"
#include "glassbox/oci/spec.h"

#include <string>
#include <string_view>
#include <vector>

namespace glassbox {

/// Unblocks every signal and sets every disposition back to its default. Ignored signals
/// survive execve(): glassbox-runtime inherits SIGPIPE ignored from conmon, and the
/// container's `yes | head` would then print "Broken pipe" instead of ending quietly.
void resetSignals();

/// Opens a pty in the container's devpts, makes it the controlling terminal and stdio, and
/// sends the master over `syncFd` (ConsoleMaster). The init also binds it to /dev/console.
[[nodiscard]] Status setupConsole(const oci::Process &process, int syncFd, bool bindDevConsole);

/// setrlimit() for each of process.rlimits; a hard limit above the current one fails
/// clearly when CAP_SYS_RESOURCE is missing.
[[nodiscard]] Status applyRlimits(const oci::Process &process);

/// chdir() into `cwd` inside the container (created if missing) and checks the result lies
/// inside the root (CVE-2024-21626).
[[nodiscard]] Status enterWorkingDirectory(const std::string &cwd);

/// The value of NAME in an environment list, or empty.
[[nodiscard]] std::string envValue(const std::vector<std::string> &env, std::string_view name);

/// process.args[0] resolved through the container's PATH.
[[nodiscard]] Result<std::string> findExecutable(const oci::Process &process);

/// Marks every descriptor above stdio and the `preserveFds` following it close-on-exec.
[[nodiscard]] Status restrictDescriptors(int preserveFds);

/// Bounding set, uid/gid/groups switch, then the configured capability sets and umask.
/// Ambient capabilities that cannot be raised land in `warnings` (see caps::apply).
[[nodiscard]] Status switchUser(const oci::Process &process, std::vector<Error> &warnings);

/// NULL-terminated char* views of `strings` for execve().
[[nodiscard]] std::vector<char *> argvPointers(const std::vector<std::string> &strings);

/// Runtime side: hands a pty master received from a container process (ConsoleMaster) to
/// the AF_UNIX socket at `socketPath` (--console-socket) in one SCM_RIGHTS message whose
/// data is the pty's name, as runc and crun do.
[[nodiscard]] Status sendToConsoleSocket(const std::string &socketPath, int master,
                                         const std::string &name);

} // namespace glassbox
