// tmpcopyup: copying a directory of the container's rootfs into the tmpfs mounted over it,
// descriptor by descriptor so that nothing in the (container-controlled) tree is followed.
#include "copy_up.h"

#include "glassbox/file_io.h"

#include <cerrno>
#include <climits>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <string_view>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glassbox::copyup {

namespace {

struct DirCloser
{
    void operator()(DIR *dir) const { ::closedir(dir); }
};
using DirHandle = std::unique_ptr<DIR, DirCloser>;

Status failed(const std::string &step, const std::string &path)
{
    return sysError("tmpcopyup: " + step + " " + quoted(path));
}

/// chown that tolerates an id this user namespace does not map (EINVAL): the copy then
/// keeps the container root's ownership, as a file of an unmapped owner can be neither
/// created nor handed over here.
bool changeOwner(int dirFd, const char *name, const struct stat &st, int flags)
{
    return ::fchownat(dirFd, name, st.st_uid, st.st_gid, flags) == 0 || errno == EINVAL;
}

Status applyAttributes(int fd, const struct stat &st, const std::string &path,
                       RootAttributes which = {})
{
    // Owner before mode: chown clears the set-id bits.
    if (which.owner && !changeOwner(fd, "", st, AT_EMPTY_PATH))
        return failed("set the owner of", path);
    if (which.mode && ::fchmod(fd, st.st_mode & 07777) != 0)
        return failed("set the mode of", path);
    const timespec times[2] = {st.st_atim, st.st_mtim};
    if (::futimens(fd, times) != 0)
        return failed("set the times of", path);
    return {};
}

Status copyContents(int source, int target, const std::string &path);

Status copyRegular(int sourceDir, int targetDir, const char *name, const struct stat &st,
                   const std::string &path)
{
    // O_NONBLOCK: should a fifo have replaced the file since fstatat, open must not hang.
    UniqueFd from(
        ::openat(sourceDir, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    struct stat opened
    {
    };
    if (!from || ::fstat(from.get(), &opened) != 0)
        return failed("open", path);
    if (!S_ISREG(opened.st_mode) || opened.st_ino != st.st_ino || opened.st_dev != st.st_dev)
        return makeError(EAGAIN, "tmpcopyup: " + quoted(path) + " changed while being copied");
    UniqueFd to(
        ::openat(targetDir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!to)
        return failed("create", path);
    for (;;) {
        ssize_t copied = ::sendfile(to.get(), from.get(), nullptr, 1 << 30);
        if (copied == 0)
            break;
        if (copied < 0 && errno != EINTR)
            return failed("copy", path);
    }
    return applyAttributes(to.get(), opened, path);
}

Status copyDirectory(int sourceDir, int targetDir, const char *name, const struct stat &st,
                     const std::string &path)
{
    UniqueFd from(::openat(sourceDir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!from)
        return failed("open", path);
    if (::mkdirat(targetDir, name, 0700) != 0)
        return failed("create", path);
    UniqueFd to(::openat(targetDir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!to)
        return failed("open the copy of", path);
    GB_TRY(copyContents(from.get(), to.get(), path));
    // Last, so that the copy of a read-only directory could be filled first.
    return applyAttributes(to.get(), st, path);
}

Status copySymlink(int sourceDir, int targetDir, const char *name, const struct stat &st,
                   const std::string &path)
{
    char link[PATH_MAX];
    ssize_t length = ::readlinkat(sourceDir, name, link, sizeof link);
    if (length < 0 || static_cast<size_t>(length) == sizeof link)
        return failed("read the symlink", path);
    const std::string text(link, static_cast<size_t>(length));
    if (::symlinkat(text.c_str(), targetDir, name) != 0)
        return failed("create the symlink", path);
    if (!changeOwner(targetDir, name, st, AT_SYMLINK_NOFOLLOW))
        return failed("set the owner of", path);
    const timespec times[2] = {st.st_atim, st.st_mtim};
    if (::utimensat(targetDir, name, times, AT_SYMLINK_NOFOLLOW) != 0)
        return failed("set the times of", path);
    return {};
}

Status copyNode(int targetDir, const char *name, const struct stat &st, const std::string &path)
{
    // Fifos, sockets, devices: the node, not its content. The target directory is ours (a
    // tmpfs no one else reaches yet), so following `name` below cannot meet a symlink.
    if (::mknodat(targetDir, name, st.st_mode & S_IFMT, st.st_rdev) != 0)
        return failed("create the node", path);
    if (!changeOwner(targetDir, name, st, AT_SYMLINK_NOFOLLOW))
        return failed("set the owner of", path);
    if (::fchmodat(targetDir, name, st.st_mode & 07777, 0) != 0)
        return failed("set the mode of", path);
    const timespec times[2] = {st.st_atim, st.st_mtim};
    if (::utimensat(targetDir, name, times, AT_SYMLINK_NOFOLLOW) != 0)
        return failed("set the times of", path);
    return {};
}

Status copyContents(int source, int target, const std::string &path)
{
    // A descriptor of its own for the listing: closedir() closes it.
    int listing = ::openat(source, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (listing < 0)
        return failed("list", path);
    DirHandle dir(::fdopendir(listing));
    if (!dir) {
        ::close(listing);
        return failed("list", path);
    }
    for (;;) {
        errno = 0;
        const dirent *entry = ::readdir(dir.get());
        if (entry == nullptr) {
            if (errno != 0)
                return failed("list", path);
            return {};
        }
        const std::string_view name = entry->d_name;
        if (name == "." || name == "..")
            continue;
        const std::string entryPath = path + "/" + entry->d_name;
        struct stat st
        {
        };
        if (::fstatat(source, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            return failed("stat", entryPath);
        switch (st.st_mode & S_IFMT) {
        case S_IFDIR:
            GB_TRY(copyDirectory(source, target, entry->d_name, st, entryPath));
            break;
        case S_IFREG:
            GB_TRY(copyRegular(source, target, entry->d_name, st, entryPath));
            break;
        case S_IFLNK:
            GB_TRY(copySymlink(source, target, entry->d_name, st, entryPath));
            break;
        default:
            GB_TRY(copyNode(target, entry->d_name, st, entryPath));
            break;
        }
    }
}

} // namespace

Status copyTree(int source, int target, const std::string &what, RootAttributes root)
{
    struct stat st
    {
    };
    if (::fstat(source, &st) != 0)
        return failed("stat", what);
    GB_TRY(copyContents(source, target, what));
    return applyAttributes(target, st, what, root);
}

} // namespace glassbox::copyup
