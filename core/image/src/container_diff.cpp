// `docker diff` from the upper dir: whiteouts are deletions, an entry that also exists in
// a lower layer is a change (overlay copied it up), anything else is an addition; an opaque
// directory also deletes what the lower layers held below it.
#include "glassbox/image/container_rootfs.h"
#include "glassbox/oci/spec.h"

#include "fs_util.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <functional>
#include <map>
#include <optional>
#include <set>
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

/// The names in the directory `dirFd`; `what` names it in errors.
Result<std::vector<std::string>> readNames(int dirFd, const std::string &what)
{
    std::vector<std::string> names;
    int dupFd = ::fcntl(dirFd, F_DUPFD_CLOEXEC, 0);
    if (dupFd < 0)
        return sysError("dup");
    DIR *dir = ::fdopendir(dupFd);
    if (dir == nullptr) {
        ::close(dupFd);
        return sysError("read " + quoted(what.empty() ? "/" : what));
    }
    while (dirent *entry = ::readdir(dir))
        if (std::string_view(entry->d_name) != "." && std::string_view(entry->d_name) != "..")
            names.emplace_back(entry->d_name);
    ::closedir(dir);
    return names;
}

enum class Lookup { Found, Hidden, NotHere };

struct LayerHit
{
    Lookup lookup = Lookup::NotHere;
    struct stat st
    {
    };
    UniqueFd dir;        ///< the entry itself when Found and a directory
    bool opaque = false; ///< a directory on the way (or the entry) hides the layers below
};

/// Looks `parts` up in one layer: found, hidden (a whiteout, a non-directory on the way,
/// or missing below an opaque directory) or simply not in this layer.
LayerHit lookupInLayer(int layerFd, const std::vector<std::string> &parts)
{
    LayerHit hit;
    UniqueFd dir(::fcntl(layerFd, F_DUPFD_CLOEXEC, 0));
    for (size_t i = 0; i < parts.size(); ++i) {
        if (::fstatat(dir.get(), parts[i].c_str(), &hit.st, AT_SYMLINK_NOFOLLOW) != 0) {
            hit.lookup = hit.opaque ? Lookup::Hidden : Lookup::NotHere;
            return hit;
        }
        if (isWhiteout(hit.st)) {
            hit.lookup = Lookup::Hidden;
            return hit;
        }
        if (!S_ISDIR(hit.st.st_mode)) {
            hit.lookup = i + 1 == parts.size() ? Lookup::Found : Lookup::Hidden;
            return hit;
        }
        dir.reset(
            ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!dir) {
            hit.lookup = Lookup::Hidden;
            return hit;
        }
        hit.opaque = hit.opaque || isOpaqueDir(dir.get());
    }
    hit.lookup = Lookup::Found;
    if (parts.empty())
        ::fstat(dir.get(), &hit.st);
    hit.dir = std::move(dir);
    return hit;
}

/// The entry `path` as the stack of `lowers` (top first) shows it, honouring whiteouts and
/// opaque directories the way overlayfs does; nullopt when it is not visible there.
std::optional<struct stat> visibleBelow(const std::vector<UniqueFd> &lowers,
                                        const std::string &path)
{
    auto parts = split(path);
    for (const auto &layer : lowers) {
        LayerHit hit = lookupInLayer(layer.get(), parts);
        if (hit.lookup == Lookup::Found)
            return hit.st;
        if (hit.lookup == Lookup::Hidden)
            return std::nullopt;
    }
    return std::nullopt;
}

/// The names the lower stack shows in its directory `path` (merged as overlayfs merges
/// them), each with whether it is a directory.
std::map<std::string, bool> visibleChildren(const std::vector<UniqueFd> &lowers,
                                            const std::string &path)
{
    std::map<std::string, bool> visible;
    std::set<std::string> hidden;
    const auto parts = split(path);
    for (const auto &layer : lowers) {
        LayerHit hit = lookupInLayer(layer.get(), parts);
        if (hit.lookup == Lookup::Hidden || (hit.lookup == Lookup::Found && !hit.dir))
            break;
        if (hit.lookup == Lookup::NotHere)
            continue;
        // An unreadable lower directory shows nothing to delete (the walk of the upper dir,
        // which the diff is about, fails on such errors).
        auto names = readNames(hit.dir.get(), path);
        if (!names)
            break;
        for (const std::string &name : *names) {
            if (visible.contains(name) || hidden.contains(name))
                continue;
            struct stat st
            {
            };
            if (::fstatat(hit.dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
                continue;
            if (isWhiteout(st))
                hidden.insert(name);
            else
                visible.emplace(name, S_ISDIR(st.st_mode));
        }
        if (hit.opaque)
            break;
    }
    return visible;
}

struct Entry
{
    Change change;
    mode_t mode = 0; ///< of the upper entry (0 for a deletion)
};

/// Below an opaque upper directory `path` (fd `upperDir`) nothing of the lower layers is
/// seen: every lower path there that the upper dir does not hold again is deleted, as
/// Docker reports it. A deleted directory is one entry, as a whiteout of one is.
void listHiddenBelow(int upperDir, const std::string &path, const std::vector<UniqueFd> &lowers,
                     std::vector<Entry> &entries)
{
    for (const auto &[name, isDirectory] : visibleChildren(lowers, path)) {
        const std::string childPath = path + "/" + name;
        struct stat st
        {
        };
        if (::fstatat(upperDir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            entries.push_back({{'D', childPath, false, isDirectory, 0, 0}, 0});
            continue;
        }
        if (!isDirectory || !S_ISDIR(st.st_mode))
            continue;
        UniqueFd child(
            ::openat(upperDir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (child)
            listHiddenBelow(child.get(), childPath, lowers, entries);
    }
}

/// `underOpaque`: an upper directory above is opaque, so no lower layer shows through.
Status walk(int dirFd, const std::string &prefix, const std::vector<UniqueFd> &lowers,
            bool underOpaque, std::vector<Entry> &entries)
{
    auto names = readNames(dirFd, prefix);
    if (!names)
        return tl::unexpected(names.error());
    for (const auto &name : *names) {
        auto st = statAt(dirFd, name);
        if (!st)
            return tl::unexpected(st.error());
        Entry entry;
        Change &change = entry.change;
        entry.mode = st->st_mode;
        change.path = prefix + "/" + name;
        change.directory = S_ISDIR(st->st_mode);
        if (isWhiteout(*st)) {
            change.kind = 'D';
            entry.mode = 0;
            entries.push_back(std::move(entry));
            continue;
        }
        const auto below = underOpaque ? std::nullopt : visibleBelow(lowers, change.path);
        change.copiedUp = below.has_value();
        change.kind = change.copiedUp ? 'C' : 'A';
        if (S_ISREG(st->st_mode))
            change.size = static_cast<uint64_t>(st->st_size);
        // What overlay copied is the lower file as it was; "echo x >> file" adds to the
        // upper copy afterwards, which is the container's own data, not the copy-up's.
        if (below && S_ISREG(below->st_mode) && S_ISREG(st->st_mode))
            change.copiedBytes = static_cast<uint64_t>(below->st_size);
        entries.push_back(entry);
        if (!change.directory)
            continue;
        UniqueFd child(
            ::openat(dirFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!child)
            return sysError("open " + quoted(change.path));
        const bool opaque = isOpaqueDir(child.get());
        if (opaque && below && S_ISDIR(below->st_mode))
            listHiddenBelow(child.get(), change.path, lowers, entries);
        GB_TRY(walk(child.get(), change.path, lowers, underOpaque || opaque, entries));
    }
    return {};
}

std::string parentOf(const std::string &path)
{
    const auto slash = path.rfind('/');
    return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

/// Drops the mount points the runtime made: a mount's destination, and the directories it
/// made on the way, when they hold nothing but such stubs (an empty directory, an empty
/// file for a file bind mount). Docker hides them in an init layer below the writable one,
/// podman filters a fixed list (/dev, /proc, /sys, /etc/hosts, ...); the bundle's own mount
/// list covers volumes too. Whatever the container wrote into one keeps it in the diff.
void dropMountStubs(const std::string &bundle, std::vector<Entry> &entries)
{
    auto spec = oci::loadSpec(bundle);
    if (!spec)
        return; // no bundle to tell the mounts: show everything rather than guess
    std::set<std::string> mountPaths;
    for (const oci::Mount &mount : spec->mounts) {
        std::string path = "/";
        for (const std::string &part : split(mount.destination))
            path += (path.size() > 1 ? "/" : "") + part;
        for (std::string at = path; at != "/"; at = parentOf(at))
            mountPaths.insert(at);
    }
    std::map<std::string, std::vector<size_t>> children;
    for (size_t i = 0; i < entries.size(); ++i)
        children[parentOf(entries[i].change.path)].push_back(i);
    std::map<size_t, bool> memo;
    std::function<bool(size_t)> isStub = [&](size_t i) {
        if (auto known = memo.find(i); known != memo.end())
            return known->second;
        const Entry &entry = entries[i];
        const Change &change = entry.change;
        bool stub = false;
        if (change.kind != 'D' && mountPaths.contains(change.path)) {
            if (S_ISREG(entry.mode))
                stub = change.kind == 'A' && change.size == 0;
            else if (S_ISDIR(entry.mode)) {
                const auto held = children.find(change.path);
                const bool empty = held == children.end();
                // A copied-up directory that holds only stubs was copied up for them; an
                // empty one was changed by the container itself (chmod, touch).
                stub = empty ? change.kind == 'A'
                             : std::all_of(held->second.begin(), held->second.end(), isStub);
            }
        }
        memo[i] = stub;
        return stub;
    };
    std::vector<Entry> kept;
    kept.reserve(entries.size());
    for (size_t i = 0; i < entries.size(); ++i)
        if (!isStub(i))
            kept.push_back(std::move(entries[i]));
    entries = std::move(kept);
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
    std::vector<Entry> entries;
    GB_TRY(walk(upper.get(), "", lowers, false, entries));
    dropMountStubs(rootfs->bundle, entries);
    std::vector<Change> changes;
    changes.reserve(entries.size());
    for (Entry &entry : entries)
        changes.push_back(std::move(entry.change));
    std::sort(changes.begin(), changes.end(),
              [](const Change &a, const Change &b) { return a.path < b.path; });
    return changes;
}

} // namespace glassbox::image
