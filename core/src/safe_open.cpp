// openat2(2) with one retry policy, and reads with a cap (see glassbox/safe_open.h).
#include "glassbox/safe_open.h"

#include <cerrno>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace glassbox {

Result<UniqueFd> openat2Resolved(int dirFd, const std::string &path, int flags, uint64_t resolve,
                                 unsigned mode, std::string_view what)
{
    open_how how{};
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.mode = (flags & (O_CREAT | O_TMPFILE)) != 0 ? mode : 0;
    how.resolve = resolve;
    const char *relative = path.empty() ? "." : path.c_str();
    long fd = -1;
    // A bounded number of tries: a tree whose renames never stop must not hang the caller.
    for (int attempt = 0; attempt < 16; ++attempt) {
        fd = ::syscall(SYS_openat2, dirFd, relative, &how, sizeof how);
        if (fd >= 0 || errno != EAGAIN)
            break;
    }
    if (fd < 0)
        return sysError("open " + (what.empty() ? quoted(path) : std::string(what)));
    return UniqueFd(static_cast<int>(fd));
}

Result<std::string> readBounded(int fd, size_t maxBytes, std::string_view shown)
{
    std::string content;
    char buffer[16384];
    for (;;) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return sysError("read " + quoted(shown));
        }
        if (n == 0)
            return content;
        if (content.size() + static_cast<size_t>(n) > maxBytes)
            return makeError(EFBIG, quoted(shown) + " is larger than " + std::to_string(maxBytes) +
                                        " bytes");
        content.append(buffer, static_cast<size_t>(n));
    }
}

} // namespace glassbox
