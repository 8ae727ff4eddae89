// A container process supervised from the foreground, as `run` and `exec` do it: the
// signals a terminal user sends are forwarded to it, its exit status becomes ours, and a pty
// that no --console-socket took is relayed to the runtime's own stdin and stdout.
#pragma once

#include <csignal>
#include <sys/types.h>

namespace glassbox::cli {

/// The signals a foreground runtime forwards (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1,
/// SIGUSR2, SIGWINCH) plus SIGCHLD, which tells it the process exited. Block them with
/// sigprocmask(SIG_BLOCK) before the process is created so that none is lost; container
/// processes clear their signal mask themselves.
[[nodiscard]] sigset_t forwardedSignals();

/// Waits until `pid`, a child of the caller, exits and returns its status as a shell reports
/// it: N, 128+N when killed by signal N, 255 when it cannot be waited for. The signals of
/// forwardedSignals(), which must be blocked, are sent on to `pid`. Other children that exit
/// meanwhile are reaped.
///
/// With `ptyMaster` (>= 0, not owned) it also relays the terminal: stdin (in raw mode while
/// it is a terminal; at its end the pty gets an end-of-file character) to the pty, the pty to
/// stdout, and the window size of our terminal at the start and on every SIGWINCH instead of
/// forwarding that signal. Output still in the pty when the process exits is drained.
[[nodiscard]] int superviseProcess(pid_t pid, int ptyMaster = -1);

} // namespace glassbox::cli
