// A container's lifecycle as the OCI runtime spec defines it: create, start, state, kill,
// delete. Used by the glassbox-runtime CLI and by the helper's shim.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"
#include "glassbox/state.h"

#include <cstdint>
#include <optional>
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
    /// Without a console socket, the pty master is handed here (for `run` to relay it);
    /// when both are absent a terminal config is an error.
    UniqueFd *consoleMaster = nullptr;
    bool noPivot = false;
    bool noNewKeyring = false;
    int preserveFds = 0; ///< fds 3 .. 3+N-1 pass into the container
    CgroupManager cgroupManager = CgroupManager::Cgroupfs;
    /// Replaces config.json's `linux.cgroupsPath` when set: the shim puts a container next to
    /// its own leaf in the cgroup systemd made for both (see glassbox/shim.h).
    std::string cgroupsPath;
};

/// Sets the container up and leaves its process blocked before the exec of user code.
/// Returns the container's pid. On failure nothing is left behind. What the container got
/// less of than it asked for (e.g. no idmapped rootfs on this filesystem) lands in
/// `warnings` if given.
[[nodiscard]] Result<pid_t> createContainer(const StateStore &store, const CreateOptions &options,
                                            std::vector<Error> *warnings = nullptr);

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

// Managing a live container through its cgroup (container_manage.cpp).

/// Freezes every process of a running container (`pause`); its status becomes paused.
[[nodiscard]] Status pauseContainer(const StateStore &store, const std::string &id);

/// Thaws a paused container (`resume`).
[[nodiscard]] Status resumeContainer(const StateStore &store, const std::string &id);

/// Writes `resources` into the live cgroup of a created, running or paused container
/// (`update`). Only the values set in `resources` change; config.json is left alone.
[[nodiscard]] Status updateContainer(const StateStore &store, const std::string &id,
                                     const oci::Resources &resources);

/// Host pids of every process in the container's cgroup (`ps`).
[[nodiscard]] Result<std::vector<pid_t>> containerProcesses(const StateStore &store,
                                                            const std::string &id);

/// The container's cgroup counters (`events --stats`).
[[nodiscard]] Result<cgroup::Stats> containerStats(const StateStore &store, const std::string &id);

/// What `events` waits for: OOM events in the container's cgroup and the end of its init,
/// behind one descriptor (an epoll set) that a command loop or a Qt socket notifier can wait
/// on, so nothing polls the cgroup. OOM events come from an eventfd registered on
/// memory.oom_control through cgroup.event_control (v1) or inotify on memory.events (v2).
class EventWatch
{
public:
    /// Fails for a stopped container.
    [[nodiscard]] static Result<EventWatch> open(const StateStore &store, const std::string &id);

    /// Readable when check() has something new to report.
    [[nodiscard]] int fd() const { return m_epoll.get(); }
    [[nodiscard]] const ContainerState &state() const { return m_state; }

    struct Events
    {
        uint64_t ooms = 0;    ///< OOM events since the last check()
        bool stopped = false; ///< the container's init has exited
    };
    /// Consumes what woke fd() up. Call it on a timer too: where the kernel offered no
    /// notification, OOM kills are found by comparing the oom_kill counter.
    [[nodiscard]] Result<Events> check();

private:
    enum class OomSource { Counter, EventFd, Inotify };

    ContainerState m_state;
    UniqueFd m_epoll;
    UniqueFd m_pidfd;
    UniqueFd m_oomFd;
    OomSource m_source = OomSource::Counter;
    std::string m_memoryDirectory;
    uint64_t m_oomKills = 0; ///< the counter at the last check(), for OomSource::Counter/Inotify
};

// Running another process in a container (container_exec.cpp).

/// `exec`: the container's own process from config.json changed as runc's flags change it,
/// or a whole OCI process read from `processFile` (the flags then still apply on top).
struct ExecOptions
{
    std::string id;
    std::string processFile;       ///< --process: a JSON file holding an OCI `process`
    std::vector<std::string> args; ///< replaces process.args
    bool tty = false;              ///< allocate a pty (also when process.terminal asks for one)
    std::string consoleSocket;     ///< receives the pty master; without it the caller gets it
    bool detach = false;           ///< nobody will relay a pty: it then needs consoleSocket
    std::string pidFile;           ///< the process's host pid, written atomically
    std::string cwd;
    std::vector<std::string> env; ///< KEY=VALUE, replacing a variable of the same name
    std::optional<uint32_t> uid;
    std::optional<uint32_t> gid;
    std::vector<uint32_t> additionalGids;
    /// Added to the bounding, effective and permitted sets (and, when the process has
    /// inheritable capabilities, to the inheritable and ambient ones), as runc does.
    std::vector<std::string> capabilities;
    bool noNewPrivileges = false; ///< can only turn no_new_privs on
    int preserveFds = 0;          ///< fds 3 .. 3+N-1 pass into the process
};

/// A process started by execContainer(): a child of the caller, which reaps it.
struct ExecProcess
{
    pid_t pid = 0;     ///< host pid
    UniqueFd terminal; ///< the pty master when a pty was allocated without a console socket
    std::vector<Error> warnings; ///< what setup skipped (ambient capabilities it cannot raise)
};

/// Starts a process in a created or running container: it enters the container's cgroup and
/// the namespaces of its init, with the container's seccomp filter, and leaks no descriptor
/// of the caller beyond stdio and `preserveFds`. Returns once the process has exec'd.
[[nodiscard]] Result<ExecProcess> execContainer(const StateStore &store,
                                                const ExecOptions &options);

} // namespace glassbox
