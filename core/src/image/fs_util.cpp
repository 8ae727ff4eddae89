// Filesystem helpers of the image store.
#include "fs_util.h"

#include "glassbox/file_io.h"

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <memory>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <vector>

namespace glassbox::image {

Result<UniqueFd> openBeneath(int dirFd, const std::string &path, int flags, unsigned mode)
{
    open_how how{};
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    const char *relative = path.empty() ? "." : path.c_str();
    long fd;
    do {
        fd = ::syscall(SYS_openat2, dirFd, relative, &how, sizeof how);
    } while (fd < 0 && errno == EAGAIN);
    if (fd < 0)
        return sysError("open " + quoted(path));
    return UniqueFd(static_cast<int>(fd));
}

namespace {

struct DirCloser
{
    void operator()(DIR *dir) const { ::closedir(dir); }
};

Status removeChildren(int dirFd, const std::string &where)
{
    int dupFd = ::fcntl(dirFd, F_DUPFD_CLOEXEC, 0);
    if (dupFd < 0)
        return sysError("dup " + quoted(where));
    std::unique_ptr<DIR, DirCloser> dir(::fdopendir(dupFd));
    if (!dir) {
        ::close(dupFd);
        return sysError("read directory " + quoted(where));
    }
    std::vector<std::pair<std::string, bool>> entries;
    while (dirent *entry = ::readdir(dir.get())) {
        std::string name = entry->d_name;
        if (name == "." || name == "..")
            continue;
        entries.emplace_back(name, entry->d_type == DT_DIR);
    }
    for (auto &[name, isDir] : entries) {
        if (!isDir && ::unlinkat(dirFd, name.c_str(), 0) == 0)
            continue;
        if (!isDir && errno != EISDIR)
            return sysError("remove " + quoted(where + "/" + name));
        GB_TRY(removeTree(dirFd, name));
    }
    return {};
}

} // namespace

Status removeTree(int dirFd, const std::string &name)
{
    if (::unlinkat(dirFd, name.c_str(), 0) == 0 || errno == ENOENT)
        return {};
    if (errno != EISDIR && errno != EPERM)
        return sysError("remove " + quoted(name));
    int fd = ::openat(dirFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return sysError("open " + quoted(name) + " to remove it");
    UniqueFd child(fd);
    GB_TRY(removeChildren(child.get(), name));
    if (::unlinkat(dirFd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
        return sysError("remove directory " + quoted(name));
    return {};
}

std::string randomHex(size_t bytes)
{
    std::vector<unsigned char> buffer(bytes);
    size_t filled = 0;
    while (filled < bytes) {
        ssize_t n = ::getrandom(buffer.data() + filled, bytes - filled, 0);
        if (n > 0)
            filled += static_cast<size_t>(n);
    }
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : buffer) {
        out += hex[c >> 4];
        out += hex[c & 0xf];
    }
    return out;
}

Status makeDirs(const std::string &path, unsigned mode)
{
    for (size_t pos = 1; pos <= path.size(); ++pos) {
        if (pos != path.size() && path[pos] != '/')
            continue;
        std::string prefix = path.substr(0, pos);
        if (::mkdir(prefix.c_str(), mode) != 0 && errno != EEXIST)
            return sysError("create directory " + quoted(prefix));
    }
    return {};
}

Result<UniqueFd> lockPath(const std::string &path, bool exclusive)
{
    auto fd = openAt(AT_FDCWD, path, O_RDWR | O_CREAT, 0600);
    if (!fd)
        return fd;
    int rc;
    do {
        rc = ::flock(fd->get(), exclusive ? LOCK_EX : LOCK_SH);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0)
        return sysError("lock " + quoted(path));
    return fd;
}

Result<struct stat> statAt(int dirFd, const std::string &name)
{
    struct stat st
    {
    };
    if (::fstatat(dirFd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return sysError("stat " + quoted(name));
    return st;
}

bool isOpaqueDir(int fd)
{
    char value[4] = {};
    ssize_t n = ::fgetxattr(fd, "trusted.overlay.opaque", value, sizeof value);
    return n == 1 && value[0] == 'y';
}

} // namespace glassbox::image
