// Reading small files of an untrusted tree (see glassbox/untrusted_file.h).
#include "glassbox/untrusted_file.h"

#include "glassbox/fd.h"
#include "glassbox/safe_open.h"

#include <cerrno>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace glassbox {

namespace {

Result<UniqueFd> openInTree(int rootFd, const std::string &relative, const std::string &shown,
                            int flags)
{
    return openat2Resolved(rootFd, relative, flags | O_NOFOLLOW,
                           RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, 0, quoted(shown));
}

/// The descriptor must be a regular file of at most `maxBytes`.
Status checkRegular(int fd, const std::string &shown, size_t maxBytes)
{
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0)
        return sysError("stat " + quoted(shown));
    if (S_ISLNK(st.st_mode))
        return makeError(EINVAL, quoted(shown) + " is a symbolic link, which is not followed");
    if (!S_ISREG(st.st_mode))
        return makeError(EINVAL,
                         quoted(shown) + " is " + fileTypeName(st) + ", not a regular file");
    if (static_cast<uint64_t>(st.st_size) > maxBytes)
        return makeError(EFBIG, quoted(shown) + " is larger than " + std::to_string(maxBytes) +
                                    " bytes (" + std::to_string(st.st_size) + ")");
    return {};
}

} // namespace

std::string fileTypeName(const struct stat &st)
{
    const auto device = [&](const char *kind) {
        return std::string(kind) + " (" + std::to_string(major(st.st_rdev)) + ":" +
               std::to_string(minor(st.st_rdev)) + ")";
    };
    switch (st.st_mode & S_IFMT) {
    case S_IFREG:
        return "a regular file";
    case S_IFDIR:
        return "a directory";
    case S_IFLNK:
        return "a symbolic link";
    case S_IFCHR:
        return device("a character device");
    case S_IFBLK:
        return device("a block device");
    case S_IFIFO:
        return "a FIFO";
    case S_IFSOCK:
        return "a socket";
    }
    return "of unknown type";
}

Result<std::string> readUntrustedFile(int rootFd, const std::string &path, size_t maxBytes)
{
    std::string relative = path;
    while (!relative.empty() && relative.front() == '/')
        relative.erase(0, 1);
    const std::string shown = "/" + relative;
    if (relative.empty())
        return makeError(EISDIR, quoted(shown) + " is the root directory");
    {
        auto probe = openInTree(rootFd, relative, shown, O_PATH);
        if (!probe)
            return tl::unexpected(probe.error());
        GB_TRY(checkRegular(probe->get(), shown, maxBytes));
    }
    // Checked again on what was opened: the name may point elsewhere by now.
    auto fd = openInTree(rootFd, relative, shown, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (!fd)
        return tl::unexpected(fd.error());
    GB_TRY(checkRegular(fd->get(), shown, maxBytes));
    auto content = readBounded(fd->get(), maxBytes, shown);
    // Its size was checked above: past the cap now, it grew while we read.
    if (!content && content.error().code == EFBIG)
        content.error().message += " (it grew)";
    return content;
}

} // namespace glassbox
