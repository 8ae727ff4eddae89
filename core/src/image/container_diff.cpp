// `docker diff` from the upper dir: whiteouts are deletions, an entry that also exists in
// a lower layer is a change (overlay copied it up), anything else is an addition.
#include "glassbox/image/container_rootfs.h"

#include "fs_util.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace glassbox::image {

namespace {

std::vector<std::string> split(const std::string &path)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (start < path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string::npos)
            end = path.size();
        if (end > start)
            parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

enum class Lookup { Found, Hidden, NotHere };

/// Looks `parts` up in one layer: found, hidden (a whiteout, a non-directory on the way,
/// or missing below an opaque directory) or simply not in this layer.
Lookup lookupInLayer(int layerFd, const std::vector<std::string> &parts)
{
    UniqueFd dir(::fcntl(layerFd, F_DUPFD_CLOEXEC, 0));
    bool opaque = false;
    for (size_t i = 0; i < parts.size(); ++i) {
        struct stat st
        {
        };
        if (::fstatat(dir.get(), parts[i].c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
            return opaque ? Lookup::Hidden : Lookup::NotHere;
        if (isWhiteout(st))
            return Lookup::Hidden;
        if (i + 1 == parts.size())
            return Lookup::Found;
        if (!S_ISDIR(st.st_mode))
            return Lookup::Hidden;
        dir.reset(
            ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!dir)
            return Lookup::Hidden;
        opaque = opaque || isOpaqueDir(dir.get());
    }
    return Lookup::Found;
}

/// Whether `path` is visible in the stack of `lowers` (top first), honouring whiteouts
/// and opaque directories the way overlayfs does.
bool existsBelow(const std::vector<UniqueFd> &lowers, const std::string &path)
{
    auto parts = split(path);
    for (const auto &layer : lowers) {
        Lookup found = lookupInLayer(layer.get(), parts);
        if (found != Lookup::NotHere)
            return found == Lookup::Found;
    }
    return false;
}

Status walk(int dirFd, const std::string &prefix, const std::vector<UniqueFd> &lowers,
            std::vector<Change> &changes)
{
    int dupFd = ::fcntl(dirFd, F_DUPFD_CLOEXEC, 0);
    if (dupFd < 0)
        return sysError("dup");
    DIR *dir = ::fdopendir(dupFd);
    if (dir == nullptr) {
        ::close(dupFd);
        return sysError("read " + quoted(prefix.empty() ? "/" : prefix));
    }
    std::vector<std::string> names;
    while (dirent *entry = ::readdir(dir))
        if (std::string_view(entry->d_name) != "." && std::string_view(entry->d_name) != "..")
            names.emplace_back(entry->d_name);
    ::closedir(dir);
    for (const auto &name : names) {
        auto st = statAt(dirFd, name);
        if (!st)
            return tl::unexpected(st.error());
        Change change;
        change.path = prefix + "/" + name;
        change.directory = S_ISDIR(st->st_mode);
        if (isWhiteout(*st)) {
            change.kind = 'D';
            changes.push_back(std::move(change));
            continue;
        }
        change.copiedUp = existsBelow(lowers, change.path);
        change.kind = change.copiedUp ? 'C' : 'A';
        if (S_ISREG(st->st_mode))
            change.size = static_cast<uint64_t>(st->st_size);
        changes.push_back(change);
        if (change.directory) {
            UniqueFd child(
                ::openat(dirFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            if (!child)
                return sysError("open " + quoted(change.path));
            GB_TRY(walk(child.get(), change.path, lowers, changes));
        }
    }
    return {};
}

} // namespace

Result<std::vector<Change>> containerDiff(const ImageStore &store, std::string_view id)
{
    auto rootfs = containerRootfs(store, id);
    if (!rootfs)
        return tl::unexpected(rootfs.error());
    std::vector<UniqueFd> lowers;
    for (const auto &lower : rootfs->lowerDirs) {
        UniqueFd fd(::open(lower.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!fd)
            return sysError("open lower layer " + quoted(lower));
        lowers.push_back(std::move(fd));
    }
    UniqueFd upper(::open(rootfs->upperDir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!upper)
        return sysError("open " + quoted(rootfs->upperDir));
    std::vector<Change> changes;
    GB_TRY(walk(upper.get(), "", lowers, changes));
    std::sort(changes.begin(), changes.end(),
              [](const Change &a, const Change &b) { return a.path < b.path; });
    return changes;
}

} // namespace glassbox::image
