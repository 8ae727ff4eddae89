// The container process's own side of creation: from the moment clone() returns in the
// child until the execve() of the user's program.
#pragma once

#include "glassbox/cgroup/cgroup.h"
#include "glassbox/oci/spec.h"
#include "glassbox/seccomp.h"

#include <optional>
#include <string>

namespace glassbox {

struct InitConfig
{
    const oci::Spec &spec;
    std::string id;
    std::string rootfs;
    std::string bundle;
    const cgroup::Cgroup *cgroup = nullptr;
    std::optional<seccomp::Program> seccomp;
    int syncFd = -1; ///< the child's end of the sync socket pair
    int fifoFd = -1; ///< O_PATH descriptor of exec.fifo
    bool noPivot = false;
    bool noNewKeyring = false;
    int preserveFds = 0;
    bool newUserNamespace = false;
};

/// Runs in the cloned child. Reports failures to the parent over `syncFd` and exits;
/// on success it ends in execve() and never returns.
[[noreturn]] void runContainerInit(const InitConfig &config);

} // namespace glassbox
