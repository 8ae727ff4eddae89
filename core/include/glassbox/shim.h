// The protocol between glassbox-helper and glassbox-shim, the per-container supervisor:
// its command line, the files it keeps in the container's supervision directory, and
// readers for them, so that the helper and the shim share one definition.
//
// The helper creates the supervision directory D (e.g. /run/glassbox/shims/<id>), adds an
// inotify watch on it, and posix_spawns
//
//     glassbox-shim --runtime-root R --id ID --bundle B --dir D [--log-max BYTES]
//                   [--cgroup-leaf NAME] [--start-gate NAME]
//
// With --cgroup-leaf (pure cgroup v2 only), the spawned process first moves itself into
// `<its own cgroup>/NAME` and passes the memory and pids controllers down from its own
// cgroup, which then holds no processes; the container is created in `<its own
// cgroup>/container` (an absolute cgroups path, in place of config.json's). The helper
// uses it on systemd hosts, where it runs the shim in a transient scope of its own
// (`systemd-run --scope -p Delegate=yes`), so that the scope can pass controllers to the
// container: a cgroup that holds processes cannot (cgroup v2's no-internal-process rule).
//
// With --start-gate, the supervisor waits between the container's create and its start for
// the file D/NAME (written atomically by the helper): empty, the container starts; otherwise
// the start fails with its text as the reason. No file within kStartGateTimeoutMs fails it
// too. The helper sets up the container's network meanwhile: the container joins its
// network namespace at create, and its process runs only once the network is up.
//
// The spawned process forks the supervisor and waits for it to create and start the
// container (runtime root R, bundle B, id ID). It then exits 0 having printed nothing, or
// exits 1 with the error on stderr (the core Error's text, which names the path or config
// field at fault) and nothing left behind: no runtime state, no cgroup, none of the files
// below except a non-empty log. Its exit means start is over either way.
//
// The supervisor, meanwhile:
//   - calls setsid() (it survives the helper stopping or crashing; it has no controlling
//     terminal), becomes PR_SET_CHILD_SUBREAPER, points stdin, stdout and stderr at
//     /dev/null, closes every other inherited descriptor and changes to `/`;
//   - writes D/shim.pid (its pid, atomically) before creating the container, and removes it
//     when it exits normally (so shim.pid without a live shim means the shim was killed;
//     openSupervisor() tells a live shim from a reused pid);
//   - creates the container with its stdout and stderr on a pipe each, copied into D/log,
//     puts the container's init in a process group of its own, and starts it;
//   - writes D/started.json atomically: {"pid": N, "startedAt": usec since the epoch};
//   - copies output into D/log as it arrives (nothing is held back waiting for a newline),
//     one record per line in the CRI log format, as containerd, CRI-O and conmon write it:
//       2026-11-29T05:01:02.123456789Z stdout F a whole line
//       2026-11-29T05:01:02.123501000Z stderr P the start of a line, without its newline
//     (the time of the read in UTC, the stream, F for a line the container ended and P for
//     a piece of one, then the bytes as written). Its own warnings go to stderr records.
//     A record that would take D/log past --log-max (default 1 MiB) first rotates it:
//     D/log is copied over D/log.1 (through D/log.1.tmp and a rename) and then truncated,
//     so D/log and D/log.1 each stay within the cap and D/log stays the same file. A record
//     longer than the cap is cut at it; a line the container wrote in several pieces may
//     straddle the two files. A follower holding a descriptor of D/log sees the size drop
//     below its offset and starts over at 0;
//   - reaps every child (the container's init, and, as subreaper, whatever the container
//     orphans when it has no pid namespace of its own). Once the init has exited and the
//     output it wrote is in D/log, it reads the cgroup's OOM kill counter (against its value
//     at create, so an older kill does not count), writes D/exit.json atomically:
//     {"exitCode": N (128+S when killed by signal S), "signal": S or 0,
//      "oomKilled": bool, "finishedAt": usec since the epoch},
//     then deletes the runtime container (with force: leftover processes are killed, the
//     cgroup removed), removes D/shim.pid and exits. Watch for IN_MOVED_TO of exit.json; no polling
//     is needed. exit.json comes before the delete, so the id is free for a new create only once
//     the shim has exited: wait on its pidfd (from D/shim.pid) before reusing the id.
//
// SIGTERM, SIGINT, SIGHUP and SIGPIPE sent to the supervisor are ignored and never
// forwarded: the helper stops a container with killContainer() and the shim notices the
// exit. If the supervisor dies (SIGKILL, OOM killer), the container keeps running: it is
// in its own process group and is reparented to the nearest subreaper or PID 1. No
// exit.json is written then; the helper sees the shim's pidfd become readable without an
// exit.json and falls back to the runtime state (containerInfo, then deleteContainer
// once it has stopped). The container's stdout and stderr then have no reader: a later
// write by the container fails with EPIPE (SIGPIPE, which kills by default). A process
// that wants the output can open /proc/<pid>/fd/1 for reading, which reopens that pipe.
//
// A new run in the same D removes the previous started.json and exit.json and appends to
// the log. The shim passes the container no terminal: `process.terminal: true` fails the
// start.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace glassbox::shim {

/// Files in the supervision directory.
inline constexpr std::string_view kPidFile = "shim.pid";
inline constexpr std::string_view kStartedFile = "started.json";
inline constexpr std::string_view kExitFile = "exit.json";
inline constexpr std::string_view kLogFile = "log";
inline constexpr std::string_view kRotatedLogFile = "log.1";

inline constexpr uint64_t kDefaultLogMax = 1024 * 1024;

/// With --cgroup-leaf: the container's cgroup, a sibling of the shim's leaf.
inline constexpr std::string_view kContainerCgroup = "container";

/// `dir`/`name`.
[[nodiscard]] std::string pathIn(std::string_view dir, std::string_view name);

/// The shim's command line.
struct Options
{
    std::string runtimeRoot;          ///< --runtime-root: the runtime's state root
    std::string id;                   ///< --id: the runtime container id
    std::string bundle;               ///< --bundle: directory holding config.json
    std::string dir;                  ///< --dir: the supervision directory (must exist)
    uint64_t logMax = kDefaultLogMax; ///< --log-max: bytes per log file, at least 1
    std::string cgroupLeaf;           ///< --cgroup-leaf: empty, or a name other than "container"
    std::string startGate;            ///< --start-gate: empty, or a file name in `dir`
};

/// How long --start-gate waits: longer than the helper's netavark timeout (60 s).
inline constexpr int kStartGateTimeoutMs = 120000;

/// argv[1..] for spawning the shim with `options`.
[[nodiscard]] std::vector<std::string> arguments(const Options &options);

/// Parses argv[1..]: every option once, as separate words; --log-max in decimal bytes;
/// --cgroup-leaf a plain directory name.
[[nodiscard]] Result<Options> parseArguments(const std::vector<std::string> &args);

/// D/started.json
struct Started
{
    pid_t pid = 0;              ///< the container's init, a host pid
    uint64_t startedAtUsec = 0; ///< CLOCK_REALTIME, microseconds since the epoch
};

/// D/exit.json
struct Exit
{
    int exitCode = 0;            ///< the exit status, or 128+signal when killed
    int signal = 0;              ///< the signal that killed the init, 0 if it exited
    bool oomKilled = false;      ///< the OOM killer killed a process of the container
    uint64_t finishedAtUsec = 0; ///< CLOCK_REALTIME, microseconds since the epoch
};

[[nodiscard]] std::string toJson(const Started &started);
[[nodiscard]] std::string toJson(const Exit &exit);

/// Parse the files' contents; errors name the JSON field in backticks.
[[nodiscard]] Result<Started> parseStarted(std::string_view json);
[[nodiscard]] Result<Exit> parseExit(std::string_view json);

/// Read and parse D/started.json, D/exit.json and D/shim.pid.
[[nodiscard]] Result<Started> readStarted(std::string_view dir);
[[nodiscard]] Result<Exit> readExit(std::string_view dir);
[[nodiscard]] Result<pid_t> readShimPid(std::string_view dir);

/// A pidfd for the live shim supervising `dir` (absolute, as given to --dir): the pid from
/// D/shim.pid, checked after opening to still be a process whose command line has
/// `--dir dir` (as spawned with arguments()), so a reused pid is never mistaken for it. ESRCH when
/// no shim supervises `dir`.
[[nodiscard]] Result<UniqueFd> openSupervisor(std::string_view dir);

/// CLOCK_REALTIME in microseconds since the epoch, the unit of the files' times.
[[nodiscard]] uint64_t nowUsec();

} // namespace glassbox::shim
