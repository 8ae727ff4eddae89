// The runtime's record of each container: <root>/<id>/state.json plus the exec fifo that
// holds a created container before `start`. Status is computed from the live process,
// never trusted from disk.
#pragma once

#include "glassbox/cgroup/cgroup.h"
#include "glassbox/error.h"
#include "glassbox/fd.h"
#include "glassbox/oci/spec.h"

#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace glassbox {

enum class ContainerStatus { Creating, Created, Running, Paused, Stopped };

[[nodiscard]] const char *statusName(ContainerStatus status);

/// What `state` prints (runc's fields) plus what later commands need to act.
struct ContainerState
{
    std::string ociVersion;
    std::string id;
    pid_t pid = 0;
    uint64_t pidStartTime = 0; ///< /proc/PID/stat field 22: tells a reused pid apart.
    std::string bundle;
    std::string rootfs;
    std::string created; ///< RFC 3339 with nanoseconds, UTC.
    std::string owner;
    std::map<std::string, std::string> annotations;
    cgroup::Cgroup cgroup;
    bool cgroupOwned = true; ///< false with --cgroup-manager=disabled
    /// Namespace files of the init process by spec name ("pid", "network", ...), kept so
    /// that exec and the GUI find them after the init process is gone.
    std::map<std::string, std::string> namespacePaths;
    bool terminal = false;
    /// Kept from create time: the spec runs them with the config the container was made with.
    std::vector<oci::Hook> poststart;
    std::vector<oci::Hook> poststop;

    /// Status right now: created while the exec fifo exists, running/paused while the
    /// pid is alive (and its start time matches), stopped otherwise.
    [[nodiscard]] ContainerStatus status(const std::string &containerDir) const;

    /// runc's `state` JSON for `status`.
    [[nodiscard]] std::string toPublicJson(ContainerStatus status) const;
};

/// Container ids: letters, digits, '_', '+', '-', '.', not "." or "..", at most 1024 bytes.
[[nodiscard]] Status validateId(std::string_view id);

/// The state root (--root): one directory per container.
class StateStore
{
public:
    explicit StateStore(std::string root);

    [[nodiscard]] const std::string &root() const { return m_root; }
    [[nodiscard]] std::string containerDir(std::string_view id) const;
    [[nodiscard]] std::string fifoPath(std::string_view id) const;

    /// Creates <root>/<id>/ atomically; fails with EEXIST "container `id` already exists".
    [[nodiscard]] Status reserve(std::string_view id) const;

    /// Takes an exclusive lock on the container's directory, serializing commands on
    /// the same id. Released when the returned fd closes.
    [[nodiscard]] Result<UniqueFd> lock(std::string_view id) const;

    [[nodiscard]] Status save(const ContainerState &state) const;
    /// While `create` runs, before state.json exists: the cgroup it made, so that a create
    /// killed half-way (SIGKILL skips its clean-up) leaves something `delete` can undo.
    [[nodiscard]] Status saveCreating(std::string_view id, const cgroup::Cgroup &cgroup) const;
    /// That cgroup; ENOENT when the create left none (or never got that far).
    [[nodiscard]] Result<cgroup::Cgroup> loadCreating(std::string_view id) const;
    [[nodiscard]] Result<ContainerState> load(std::string_view id) const;
    /// Ids of all containers with a state file, sorted.
    [[nodiscard]] Result<std::vector<std::string>> list() const;
    /// Removes the container's directory and everything in it.
    [[nodiscard]] Status remove(std::string_view id) const;

private:
    std::string m_root;
};

/// /proc/PID/stat's start time (field 22), 0 if the process is gone.
[[nodiscard]] uint64_t processStartTime(pid_t pid);

/// The current time as RFC 3339 with nanoseconds in UTC.
[[nodiscard]] std::string rfc3339Now();

} // namespace glassbox
