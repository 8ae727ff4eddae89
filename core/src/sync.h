// The channel between the runtime and the container process it is setting up: a
// SOCK_SEQPACKET socketpair carrying small typed messages, errors and file descriptors.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace glassbox::sync {

enum class Message : uint32_t {
    Go = 1,        ///< parent -> child: cgroup joined and id maps written, carry on
    Ready,         ///< child -> parent: set up, waiting for `start`
    Failed,        ///< child -> parent: setup failed; code + text
    ConsoleMaster, ///< child -> parent: the pty master (fd attached)
    RunHooks,      ///< child -> parent: namespaces exist, run createRuntime/prestart hooks
    HooksDone,     ///< parent -> child: hooks ran
    MountTree,     ///< parent -> child, before Go: an idmapped mount tree (fd); text names it
    Warning,       ///< child -> parent, before Ready: code + text of what setup skipped
};

struct Received
{
    Message type = Message::Failed;
    int code = 0;
    std::string text;
    UniqueFd fd;
};

/// A connected pair; [0] stays with the runtime, [1] goes to the container process.
struct Pair
{
    UniqueFd parent;
    UniqueFd child;
};
[[nodiscard]] Result<Pair> makePair();

[[nodiscard]] Status send(int socket, Message type, int code = 0, std::string_view text = {},
                          int fd = -1);
[[nodiscard]] Result<Received> receive(int socket);

/// Sends `text` with `fd` attached (SCM_RIGHTS, when fd >= 0) as one message on any
/// AF_UNIX socket; the console-socket protocol uses it too.
[[nodiscard]] Status sendWithFd(int socket, std::string_view text, int fd);

/// Sends an Error as a Failed message (best effort: the child exits right after).
void sendError(int socket, const Error &error);

} // namespace glassbox::sync
