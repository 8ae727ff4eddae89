// Whole-file read and write helpers used for kernel interface files and runtime state.
#include "glassbox/file_io.h"

#include "glassbox/safe_open.h"

#include <cerrno>
#include <fcntl.h>
#include <random>
#include <unistd.h>

namespace glassbox {

Result<UniqueFd> openAt(int dirFd, const std::string &path, int flags, unsigned mode)
{
    int fd = ::openat(dirFd, path.c_str(), flags | O_CLOEXEC, mode);
    if (fd < 0)
        return sysError("open " + quoted(path));
    return UniqueFd(fd);
}

Result<std::string> readFileAt(int dirFd, const std::string &path, size_t maxBytes)
{
    auto fd = openAt(dirFd, path, O_RDONLY);
    if (!fd)
        return tl::unexpected(fd.error());
    return readBounded(fd->get(), maxBytes, path);
}

Result<std::string> readFile(const std::string &path, size_t maxBytes)
{
    return readFileAt(AT_FDCWD, path, maxBytes);
}

Status writeAll(int fd, std::string_view data)
{
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return sysError("write");
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
    return {};
}

Status writeFileAt(int dirFd, const std::string &path, std::string_view content)
{
    auto fd = openAt(dirFd, path, O_WRONLY | O_TRUNC);
    if (!fd)
        return tl::unexpected(fd.error());
    ssize_t n;
    do {
        n = ::write(fd->get(), content.data(), content.size());
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return sysError("write " + quoted(std::string(trimmed(content))) + " to " + quoted(path));
    if (static_cast<size_t>(n) != content.size())
        return makeError(EIO, "short write to " + quoted(path));
    return {};
}

Status writeFile(const std::string &path, std::string_view content)
{
    return writeFileAt(AT_FDCWD, path, content);
}

Status writeFileAtomically(const std::string &path, std::string_view content, unsigned mode)
{
    std::random_device random;
    std::string temporary = path + ".tmp-" + std::to_string(random());
    auto fd = openAt(AT_FDCWD, temporary, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (!fd)
        return tl::unexpected(fd.error());
    auto written = writeAll(fd->get(), content);
    if (written && ::fsync(fd->get()) != 0)
        written = sysError("fsync " + quoted(temporary));
    if (written && ::rename(temporary.c_str(), path.c_str()) != 0)
        written = sysError("rename " + quoted(temporary) + " to " + quoted(path));
    if (!written) {
        ::unlink(temporary.c_str());
        return withContext(written.error(), "write " + quoted(path));
    }
    return {};
}

std::string_view trimmed(std::string_view text)
{
    constexpr std::string_view spaces = " \t\r\n";
    auto first = text.find_first_not_of(spaces);
    if (first == std::string_view::npos)
        return {};
    auto last = text.find_last_not_of(spaces);
    return text.substr(first, last - first + 1);
}

} // namespace glassbox
