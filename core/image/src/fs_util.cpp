// Filesystem helpers of the image store.
#include "fs_util.h"

#include "glassbox/file_io.h"
#include "glassbox/mountinfo.h"
#include "glassbox/safe_open.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <memory>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <vector>

namespace glassbox::image {

Result<UniqueFd> openBeneath(int dirFd, const std::string &path, int flags, unsigned mode)
{
    return openat2Resolved(dirFd, path, flags, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, mode);
}

namespace {

struct DirCloser
{
    void operator()(DIR *dir) const { ::closedir(dir); }
};

/// Which directory a descriptor is, to check that ".." leads back where we came from.
struct DirectoryId
{
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const DirectoryId &) const = default;
};

Result<DirectoryId> idOf(int fd, const std::string &where)
{
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0)
        return sysError("stat " + quoted(where));
    return DirectoryId{st.st_dev, st.st_ino};
}

/// One directory on the way down: its identity and its subdirectories still to empty.
struct Level
{
    DirectoryId id;
    std::string name; ///< as its parent calls it
    std::vector<std::string> pending;
};

/// Removes the files and empty subdirectories of the directory `fd`; the subdirectories
/// that are not empty are returned, to be descended into.
Result<std::vector<std::string>> clearDirectory(int fd, const std::string &where)
{
    const int dupFd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (dupFd < 0)
        return sysError("dup " + quoted(where));
    std::unique_ptr<DIR, DirCloser> dir(::fdopendir(dupFd));
    if (!dir) {
        ::close(dupFd);
        return sysError("read directory " + quoted(where));
    }
    std::vector<std::string> full;
    errno = 0;
    while (dirent *entry = ::readdir(dir.get())) {
        const std::string name = entry->d_name;
        if (name == "." || name == "..")
            continue;
        if (entry->d_type != DT_DIR && ::unlinkat(fd, name.c_str(), 0) == 0)
            continue;
        if (entry->d_type != DT_DIR && errno != EISDIR)
            return sysError("remove " + quoted(where + "/" + name));
        if (::unlinkat(fd, name.c_str(), AT_REMOVEDIR) == 0 || errno == ENOENT)
            continue;
        if (errno != ENOTEMPTY && errno != EEXIST)
            return sysError("remove directory " + quoted(where + "/" + name));
        full.push_back(name);
    }
    return full;
}

} // namespace

Status removeTree(int dirFd, const std::string &name)
{
    if (::unlinkat(dirFd, name.c_str(), 0) == 0 || errno == ENOENT)
        return {};
    if (errno != EISDIR && errno != EPERM)
        return sysError("remove " + quoted(name));
    // Depth-first with one directory open at a time: a tree of any depth (a container can
    // nest directories 12 000 levels deep) is removed with two descriptors, where holding one
    // per level ran out of them. The way back up is "..", checked against the identity
    // recorded on the way down, so a directory moved meanwhile stops the removal instead of
    // leading it elsewhere.
    UniqueFd current(
        ::openat(dirFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!current)
        return sysError("open " + quoted(name) + " to remove it");
    std::vector<Level> levels;
    auto topId = idOf(current.get(), name);
    if (!topId)
        return tl::unexpected(topId.error());
    levels.push_back(Level{*topId, name, {}});
    auto topPending = clearDirectory(current.get(), name);
    if (!topPending)
        return tl::unexpected(topPending.error());
    levels.back().pending = std::move(*topPending);
    for (;;) {
        Level &level = levels.back();
        if (!level.pending.empty()) {
            const std::string child = std::move(level.pending.back());
            level.pending.pop_back();
            UniqueFd next(::openat(current.get(), child.c_str(),
                                   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            if (!next && errno == ENOENT)
                continue;
            if (!next)
                return sysError("open " + quoted(name + "/.../" + child) + " to remove it");
            auto childId = idOf(next.get(), child);
            if (!childId)
                return tl::unexpected(childId.error());
            auto childPending = clearDirectory(next.get(), child);
            if (!childPending)
                return tl::unexpected(childPending.error());
            current = std::move(next);
            levels.push_back(Level{*childId, child, std::move(*childPending)});
            continue;
        }
        // This directory is empty now: go up and remove it.
        if (levels.size() == 1)
            break;
        UniqueFd parent(::openat(current.get(), "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!parent)
            return sysError("open the parent of " + quoted(level.name) + " to remove it");
        auto parentId = idOf(parent.get(), level.name + "/..");
        if (!parentId)
            return tl::unexpected(parentId.error());
        const std::string done = level.name;
        levels.pop_back();
        if (!(*parentId == levels.back().id))
            return makeError(EBUSY, "remove " + quoted(name) + ": " + quoted(done) +
                                        " was moved while it was being removed");
        if (::unlinkat(parent.get(), done.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
            return sysError("remove directory " + quoted(done));
        current = std::move(parent);
    }
    current = UniqueFd();
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

std::vector<std::string> mountPointsBelow(const std::string &dir)
{
    const std::string prefix = dir + "/";
    std::vector<std::string> below;
    for (auto &point : mountPoints())
        if (point.compare(0, prefix.size(), prefix) == 0)
            below.push_back(std::move(point));
    // Deepest first, and each once (a point mounted over several times is listed as often).
    std::sort(below.begin(), below.end(), [](const std::string &a, const std::string &b) {
        return a.size() != b.size() ? a.size() > b.size() : a > b;
    });
    below.erase(std::unique(below.begin(), below.end()), below.end());
    return below;
}

bool isMountPoint(const std::string &path)
{
    const auto points = mountPoints();
    return std::find(points.begin(), points.end(), path) != points.end();
}

Status unmountAll(const std::string &point)
{
    // A point may carry several mounts stacked on each other.
    while (isMountPoint(point)) {
        if (::umount2(point.c_str(), UMOUNT_NOFOLLOW) == 0)
            continue;
        if (errno == EBUSY)
            return makeError(EBUSY, "unmount " + quoted(point) +
                                        ": still in use (is the container running?)");
        if (errno == EINVAL || errno == ENOENT)
            break; // gone meanwhile
        return sysError("unmount " + quoted(point));
    }
    return {};
}

Status unmountBelow(const std::string &dir)
{
    for (const std::string &point : mountPointsBelow(dir))
        GB_TRY(unmountAll(point));
    return {};
}

} // namespace glassbox::image
