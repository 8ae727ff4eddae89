// A container's lifecycle as the OCI runtime spec defines it: create, start, state, kill,
// delete. Used by the glassbox-runtime CLI and by the helper's shim.
#pragma once

#include "glassbox/error.h"
#include "glassbox/state.h"

#include <string>
#include <sys/types.h>
#include <vector>

namespace glassbox {

enum class CgroupManager { Cgroupfs, Disabled };

struct CreateOptions
{
    std::string id;
    std::string bundle;        ///< directory holding config.json
    std::string pidFile;       ///< written once the container is created; may be empty
    std::string consoleSocket; ///< AF_UNIX socket receiving the pty master when terminal=true
    bool noPivot = false;
    bool noNewKeyring = false;
    int preserveFds = 0; ///< fds 3 .. 3+N-1 pass into the container
    CgroupManager cgroupManager = CgroupManager::Cgroupfs;
};

/// Sets the container up and leaves its process blocked before the exec of user code.
/// Returns the container's pid. On failure nothing is left behind.
[[nodiscard]] Result<pid_t> createContainer(const StateStore &store, const CreateOptions &options);

/// Lets a created container exec its process, then runs the poststart hooks. Their
/// failures do not fail the start (the spec says so); they land in `warnings` if given.
[[nodiscard]] Status startContainer(const StateStore &store, const std::string &id,
                                    std::vector<Error> *warnings = nullptr);

/// Sends `signal` to the container's init, or with `all` to every process in its cgroup.
[[nodiscard]] Status killContainer(const StateStore &store, const std::string &id, int signal,
                                   bool all);

/// Removes a stopped (or created) container; with `force` also a running one, killing it.
/// Runs the poststop hooks; their failures land in `warnings` if given.
[[nodiscard]] Status deleteContainer(const StateStore &store, const std::string &id, bool force,
                                     std::vector<Error> *warnings = nullptr);

/// The container's state and its live status.
struct ContainerInfo
{
    ContainerState state;
    ContainerStatus status = ContainerStatus::Stopped;
};
[[nodiscard]] Result<ContainerInfo> containerInfo(const StateStore &store, const std::string &id);

/// Parses "KILL", "SIGKILL" or "9".
[[nodiscard]] Result<int> parseSignal(std::string_view text);

} // namespace glassbox
