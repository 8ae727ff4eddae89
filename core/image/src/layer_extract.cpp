// Layer extraction with libarchive, in one pass: a raw reader undoes the compression and
// hashes both streams (the blob digest and the diff ID), a tar reader on top of it yields
// entries that LayerWriter recreates with *at calls below the layer's directory fd.
#include "layer_extract.h"

#include "fs_util.h"
#include "glassbox/image/digest.h"

#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <vector>

namespace glassbox::image {

namespace {

constexpr size_t kBlockSize = 1 << 20;

struct ArchiveFree
{
    void operator()(archive *a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

/// Splits a tar member name into clean components; refuses absolute paths and `..`.
Result<std::string> cleanPath(const char *raw)
{
    if (raw == nullptr)
        return makeError(EINVAL, "entry without a name");
    std::string path(raw);
    if (!path.empty() && path.front() == '/')
        return makeError(EPERM, "absolute path " + quoted(path) + " would leave the layer");
    std::string clean;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string::npos)
            end = path.size();
        std::string part = path.substr(start, end - start);
        start = end + 1;
        if (part.empty() || part == ".")
            continue;
        if (part == "..")
            return makeError(EPERM, "path " + quoted(path) + " has `..` and would leave the layer");
        clean += (clean.empty() ? "" : "/") + part;
    }
    return clean;
}

std::pair<std::string, std::string> splitPath(const std::string &path)
{
    auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return {"", path};
    return {path.substr(0, slash), path.substr(slash + 1)};
}

/// Recreates tar entries below the layer root.
class LayerWriter
{
public:
    LayerWriter(int rootFd, ExtractStats &stats)
        : m_root(rootFd), m_stats(stats), m_privileged(::geteuid() == 0)
    {
    }

    Status write(archive *reader, archive_entry *entry);
    Status finish();

private:
    Result<int> parentDir(const std::string &parent);
    Status clearSlot(int parentFd, const std::string &name, bool keepDir);
    Status writeFile(archive *reader, archive_entry *entry, int parentFd, const std::string &name);
    Status writeHardlink(archive_entry *entry, int parentFd, const std::string &name);
    Status setMetadata(archive_entry *entry, int fd, bool isDir, const std::string &path);
    Status ownership(int rc, const std::string &path) const;

    int m_root;
    ExtractStats &m_stats;
    bool m_privileged;
    std::string m_cachedPath;
    UniqueFd m_cachedFd;
    struct DirTimes
    {
        std::string path;
        timespec times[2];
    };
    std::vector<DirTimes> m_dirTimes;
    std::vector<char> m_buffer = std::vector<char>(kBlockSize);
};

Result<int> LayerWriter::parentDir(const std::string &parent)
{
    if (m_cachedFd && parent == m_cachedPath)
        return m_cachedFd.get();
    auto explain = [&](const Error &error) {
        if (error.code == EXDEV || error.code == ELOOP)
            return makeError(EPERM,
                             quoted(parent) + " goes through a symlink that leaves the layer");
        if (error.code == ENOTDIR)
            return makeError(ENOTDIR, quoted(parent) + " is not a directory");
        return tl::unexpected(error);
    };
    auto fd = openBeneath(m_root, parent, O_PATH | O_DIRECTORY);
    if (!fd && fd.error().code == ENOENT) {
        // Tars may omit parent directories: create them as tar does (0755, root-owned).
        std::string prefix;
        size_t start = 0;
        while (start <= parent.size()) {
            size_t end = parent.find('/', start);
            if (end == std::string::npos)
                end = parent.size();
            std::string dirParent = prefix;
            prefix = parent.substr(0, end);
            std::string part = parent.substr(start, end - start);
            start = end + 1;
            auto step = openBeneath(m_root, prefix, O_PATH | O_DIRECTORY);
            if (step)
                continue;
            if (step.error().code != ENOENT)
                return explain(step.error());
            auto up = openBeneath(m_root, dirParent, O_PATH | O_DIRECTORY);
            if (!up)
                return explain(up.error());
            if (::mkdirat(up->get(), part.c_str(), 0755) != 0 && errno != EEXIST)
                return sysError("create directory " + quoted(prefix));
        }
        fd = openBeneath(m_root, parent, O_PATH | O_DIRECTORY);
    }
    if (!fd)
        return explain(fd.error());
    m_cachedFd = std::move(*fd);
    m_cachedPath = parent;
    return m_cachedFd.get();
}

Status LayerWriter::clearSlot(int parentFd, const std::string &name, bool keepDir)
{
    struct stat st
    {
    };
    if (::fstatat(parentFd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? Status{} : sysError("stat " + quoted(name));
    if (S_ISDIR(st.st_mode)) {
        if (keepDir)
            return {};
        // The cached parent may live below the directory that goes away.
        m_cachedFd.reset();
        m_cachedPath.clear();
        return removeTree(parentFd, name);
    }
    // A later entry replaces an earlier one, as tar does; unlinking first means a symlink
    // planted under this name is never written through.
    if (::unlinkat(parentFd, name.c_str(), 0) != 0)
        return sysError("replace " + quoted(name));
    return {};
}

Status LayerWriter::ownership(int rc, const std::string &path) const
{
    // Without root, files simply belong to the importing user (rootless layers).
    if (rc != 0 && (m_privileged || errno != EPERM))
        return sysError("chown " + quoted(path));
    return {};
}

Status LayerWriter::setMetadata(archive_entry *entry, int fd, bool isDir, const std::string &path)
{
    GB_TRY(ownership(::fchown(fd, static_cast<uid_t>(archive_entry_uid(entry)),
                              static_cast<gid_t>(archive_entry_gid(entry))),
                     path));
    // After chown, which clears setuid/setgid bits.
    if (::fchmod(fd, archive_entry_perm(entry) & 07777) != 0)
        return sysError("chmod " + quoted(path));
    archive_entry_xattr_reset(entry);
    const char *name = nullptr;
    const void *value = nullptr;
    size_t size = 0;
    while (archive_entry_xattr_next(entry, &name, &value, &size) == ARCHIVE_OK) {
        std::string key(name);
        // Overlay's own attributes (redirect, metacopy, opaque) would change what the
        // lower layers show; only whiteout entries may produce them.
        if (key.starts_with("trusted.overlay."))
            continue;
        if (::fsetxattr(fd, key.c_str(), value, size, 0) != 0 &&
            (m_privileged || (errno != EPERM && errno != ENOTSUP)))
            return sysError("set xattr " + quoted(key) + " on " + quoted(path));
    }
    timespec times[2] = {{archive_entry_atime(entry), archive_entry_atime_nsec(entry)},
                         {archive_entry_mtime(entry), archive_entry_mtime_nsec(entry)}};
    if (!archive_entry_atime_is_set(entry))
        times[0] = times[1];
    if (isDir) {
        // Children would bump the mtime again: set it when the layer is complete.
        m_dirTimes.push_back({path, {times[0], times[1]}});
        return {};
    }
    if (::futimens(fd, times) != 0)
        return sysError("set times of " + quoted(path));
    return {};
}

Status LayerWriter::writeFile(archive *reader, archive_entry *entry, int parentFd,
                              const std::string &name)
{
    int raw = ::openat(parentFd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                       0600);
    if (raw < 0)
        return sysError("create " + quoted(name));
    UniqueFd fd(raw);
    const void *block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    for (;;) {
        int rc = archive_read_data_block(reader, &block, &size, &offset);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
            return makeError(EIO,
                             std::string(archive_error_string(reader) ? archive_error_string(reader)
                                                                      : "read error"));
        const char *data = static_cast<const char *>(block);
        while (size > 0) {
            ssize_t n = ::pwrite(fd.get(), data, size, offset);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return sysError("write " + quoted(name));
            data += n;
            size -= static_cast<size_t>(n);
            offset += n;
        }
    }
    // Sparse files end in a hole that no data block covers.
    if (::ftruncate(fd.get(), archive_entry_size(entry)) != 0)
        return sysError("truncate " + quoted(name));
    m_stats.contentSize += static_cast<uint64_t>(archive_entry_size(entry));
    return setMetadata(entry, fd.get(), false, name);
}

Status LayerWriter::writeHardlink(archive_entry *entry, int parentFd, const std::string &name)
{
    auto target = cleanPath(archive_entry_hardlink(entry));
    if (!target)
        return withContext(target.error(), "hardlink target");
    auto [targetParent, targetName] = splitPath(*target);
    auto notSeen = [&] {
        return makeError(EPERM, "hardlink to " + quoted(*target) +
                                    ", which is not in the layer (a target must come earlier)");
    };
    if (targetName.empty())
        return notSeen();
    auto dir = openBeneath(m_root, targetParent, O_PATH | O_DIRECTORY);
    if (!dir && (dir.error().code == EXDEV || dir.error().code == ELOOP))
        return makeError(EPERM, "hardlink to " + quoted(*target) + " leaves the layer");
    if (!dir)
        return notSeen();
    struct stat st
    {
    };
    if (::fstatat(dir->get(), targetName.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return notSeen();
    if (S_ISDIR(st.st_mode))
        return makeError(EPERM, "hardlink to the directory " + quoted(*target));
    if (::linkat(dir->get(), targetName.c_str(), parentFd, name.c_str(), 0) != 0)
        return sysError("link to " + quoted(*target));
    return {};
}

Status LayerWriter::write(archive *reader, archive_entry *entry)
{
    auto path = cleanPath(archive_entry_pathname(entry));
    if (!path)
        return tl::unexpected(path.error());
    if (path->empty())
        return {}; // the layer root itself: the diff directory keeps its own attributes
    auto [parent, name] = splitPath(*path);
    auto parentFd = parentDir(parent);
    if (!parentFd)
        return tl::unexpected(parentFd.error());

    if (name.starts_with(".wh.")) {
        if (name == ".wh..wh..opq") {
            UniqueFd dir(::openat(*parentFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            if (!dir || ::fsetxattr(dir.get(), "trusted.overlay.opaque", "y", 1, 0) != 0)
                return sysError("mark " + quoted(parent.empty() ? "/" : parent) + " opaque");
            ++m_stats.opaques;
            return {};
        }
        if (name.starts_with(".wh..wh."))
            return {}; // aufs bookkeeping (.wh..wh.plnk and friends): no meaning in overlay
        std::string hidden = name.substr(4);
        if (hidden.empty() || hidden == "." || hidden == "..")
            return makeError(EINVAL, "bad whiteout " + quoted(*path));
        GB_TRY(clearSlot(*parentFd, hidden, false));
        if (::mknodat(*parentFd, hidden.c_str(), S_IFCHR | 0, makedev(0, 0)) != 0)
            return sysError("create whiteout for " + quoted(hidden));
        GB_TRY(ownership(
            ::fchownat(*parentFd, hidden.c_str(), static_cast<uid_t>(archive_entry_uid(entry)),
                       static_cast<gid_t>(archive_entry_gid(entry)), AT_SYMLINK_NOFOLLOW),
            hidden));
        ++m_stats.whiteouts;
        return {};
    }

    ++m_stats.fileCount;
    if (archive_entry_hardlink(entry) != nullptr) {
        GB_TRY(clearSlot(*parentFd, name, false));
        return writeHardlink(entry, *parentFd, name);
    }
    mode_t type = archive_entry_filetype(entry);
    GB_TRY(clearSlot(*parentFd, name, type == AE_IFDIR));
    switch (type) {
    case AE_IFREG:
        return writeFile(reader, entry, *parentFd, name);
    case AE_IFDIR: {
        if (::mkdirat(*parentFd, name.c_str(), 0700) != 0 && errno != EEXIST)
            return sysError("create directory " + quoted(*path));
        int raw =
            ::openat(*parentFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (raw < 0)
            return sysError("open directory " + quoted(*path));
        UniqueFd dir(raw);
        return setMetadata(entry, dir.get(), true, *path);
    }
    case AE_IFLNK: {
        const char *target = archive_entry_symlink(entry);
        // Symlinks are recreated as they are (absolute ones are resolved inside the
        // container at run time); only writing *through* one is checked.
        if (target == nullptr || ::symlinkat(target, *parentFd, name.c_str()) != 0)
            return sysError("create symlink " + quoted(*path));
        GB_TRY(ownership(
            ::fchownat(*parentFd, name.c_str(), static_cast<uid_t>(archive_entry_uid(entry)),
                       static_cast<gid_t>(archive_entry_gid(entry)), AT_SYMLINK_NOFOLLOW),
            *path));
        timespec times[2] = {{archive_entry_mtime(entry), archive_entry_mtime_nsec(entry)},
                             {archive_entry_mtime(entry), archive_entry_mtime_nsec(entry)}};
        if (::utimensat(*parentFd, name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
            return sysError("set times of " + quoted(*path));
        return {};
    }
    case AE_IFCHR:
    case AE_IFBLK:
    case AE_IFIFO: {
        dev_t dev = type == AE_IFIFO ? 0 : archive_entry_rdev(entry);
        if (::mknodat(*parentFd, name.c_str(), type | 0600, dev) != 0)
            return sysError("create node " + quoted(*path));
        // O_PATH is enough for fchown/futimens through /proc-free *at calls below.
        GB_TRY(ownership(
            ::fchownat(*parentFd, name.c_str(), static_cast<uid_t>(archive_entry_uid(entry)),
                       static_cast<gid_t>(archive_entry_gid(entry)), AT_SYMLINK_NOFOLLOW),
            *path));
        if (::fchmodat(*parentFd, name.c_str(), archive_entry_perm(entry) & 07777, 0) != 0)
            return sysError("chmod " + quoted(*path));
        timespec times[2] = {{archive_entry_mtime(entry), archive_entry_mtime_nsec(entry)},
                             {archive_entry_mtime(entry), archive_entry_mtime_nsec(entry)}};
        if (::utimensat(*parentFd, name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
            return sysError("set times of " + quoted(*path));
        return {};
    }
    default:
        return makeError(EINVAL, "unsupported entry type of " + quoted(*path));
    }
}

Status LayerWriter::finish()
{
    m_cachedFd.reset();
    // Deepest first, so setting a child's times does not disturb its parent's again.
    for (auto it = m_dirTimes.rbegin(); it != m_dirTimes.rend(); ++it) {
        auto dir = openBeneath(m_root, it->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (!dir)
            return withContext(dir.error(), "set directory times");
        if (::futimens(dir->get(), it->times) != 0)
            return sysError("set times of " + quoted(it->path));
    }
    return {};
}

/// How often free space is looked at: the uncompressed bytes between two fstatvfs calls.
constexpr uint64_t kSpaceCheckInterval = uint64_t(64) << 20;

/// State shared by the two libarchive readers' callbacks.
struct Pipeline
{
    Pipeline(ByteSource &in, ExtractStats &out, int root, const ExtractLimits &bounds)
        : source(in), stats(out), rootFd(root), limits(bounds)
    {
    }
    ByteSource &source;
    ExtractStats &stats;
    int rootFd;
    ExtractLimits limits;
    /// tarSize at which free space is looked at next: after the first interval, so a small
    /// layer never fails on a nearly full disk that it would not fill.
    uint64_t nextSpaceCheck = kSpaceCheckInterval;
    Sha256 compressedHash;
    Sha256 tarHash;
    std::vector<char> compressed = std::vector<char>(kBlockSize);
    std::vector<char> plain = std::vector<char>(kBlockSize);
    archive *raw = nullptr;
    std::string sourceError;
    int sourceCode = 0; ///< the source's errno (a cancel, a limit), kept through libarchive
    std::string rawError;
};

la_ssize_t readCompressed(archive *, void *opaque, const void **buffer)
{
    auto *pipe = static_cast<Pipeline *>(opaque);
    auto n = pipe->source.read(pipe->compressed.data(), pipe->compressed.size());
    if (!n) {
        pipe->sourceError = n.error().message;
        pipe->sourceCode = n.error().code;
        return -1;
    }
    pipe->compressedHash.update(pipe->compressed.data(), *n);
    pipe->stats.compressedSize += *n;
    *buffer = pipe->compressed.data();
    return static_cast<la_ssize_t>(*n);
}

/// Counts `n` more uncompressed bytes against the limits; false (with the error kept as the
/// source's, so it survives libarchive) once one is passed.
bool countPlain(Pipeline &pipe, size_t n)
{
    pipe.tarHash.update(pipe.plain.data(), n);
    pipe.stats.tarSize += n;
    if (pipe.stats.tarSize > pipe.limits.maxTarBytes) {
        pipe.sourceCode = EFBIG;
        pipe.sourceError = "it is larger than " + std::to_string(pipe.limits.maxTarBytes) +
                           " bytes uncompressed, the import's limit (from " +
                           std::to_string(pipe.stats.compressedSize) + " bytes read)";
        return false;
    }
    if (pipe.limits.keepFreeBytes > 0 && pipe.stats.tarSize >= pipe.nextSpaceCheck) {
        pipe.nextSpaceCheck = pipe.stats.tarSize + kSpaceCheckInterval;
        struct statvfs fs
        {
        };
        if (::fstatvfs(pipe.rootFd, &fs) == 0 &&
            uint64_t(fs.f_bavail) * fs.f_frsize < pipe.limits.keepFreeBytes) {
            pipe.sourceCode = ENOSPC;
            pipe.sourceError = "the image store's filesystem has " +
                               std::to_string(uint64_t(fs.f_bavail) * fs.f_frsize) +
                               " bytes free, less than the " +
                               std::to_string(pipe.limits.keepFreeBytes) +
                               " an import leaves free (after " +
                               std::to_string(pipe.stats.tarSize) + " bytes of this layer)";
            return false;
        }
    }
    return true;
}

la_ssize_t readPlain(archive *, void *opaque, const void **buffer)
{
    auto *pipe = static_cast<Pipeline *>(opaque);
    la_ssize_t n = archive_read_data(pipe->raw, pipe->plain.data(), pipe->plain.size());
    if (n < 0) {
        const char *why = archive_error_string(pipe->raw);
        pipe->rawError = why ? why : "decompression failed";
        return -1;
    }
    if (!countPlain(*pipe, static_cast<size_t>(n)))
        return -1;
    *buffer = pipe->plain.data();
    return n;
}

std::string archiveError(archive *a, const Pipeline &pipe)
{
    if (!pipe.sourceError.empty())
        return pipe.sourceError;
    if (!pipe.rawError.empty())
        return pipe.rawError;
    const char *why = archive_error_string(a);
    return why ? why : "unknown libarchive error";
}

/// A failed read of the layer: the source's own error (and errno) when it was the source's.
tl::unexpected<Error> readError(const char *what, archive *a, const Pipeline &pipe)
{
    return makeError(pipe.sourceCode != 0 ? pipe.sourceCode : EIO,
                     std::string(what) + ": " + archiveError(a, pipe));
}

} // namespace

Result<ExtractStats> extractLayer(ByteSource &source, int rootFd, const ExtractLimits &limits)
{
    ExtractStats stats;
    Pipeline pipe(source, stats, rootFd, limits);

    ArchivePtr raw(archive_read_new());
    ArchivePtr tar(archive_read_new());
    if (!raw || !tar)
        return makeError(ENOMEM, "libarchive");
    // Only in-process decompressors: the "all" set would fork external programs.
    archive_read_support_filter_gzip(raw.get());
    archive_read_support_filter_zstd(raw.get());
    archive_read_support_filter_xz(raw.get());
    archive_read_support_format_raw(raw.get());
    if (archive_read_open(raw.get(), &pipe, nullptr, readCompressed, nullptr) != ARCHIVE_OK)
        return readError("read layer", raw.get(), pipe);
    pipe.raw = raw.get();
    switch (archive_filter_code(raw.get(), 0)) {
    case ARCHIVE_FILTER_GZIP:
        stats.compression = "gzip";
        break;
    case ARCHIVE_FILTER_ZSTD:
        stats.compression = "zstd";
        break;
    case ARCHIVE_FILTER_XZ:
        stats.compression = "xz";
        break;
    default:
        stats.compression = "none";
        break;
    }
    archive_entry *rawEntry = nullptr;
    int rc = archive_read_next_header(raw.get(), &rawEntry);
    if (rc == ARCHIVE_EOF) {
        // An empty blob: no entries and the digests of nothing.
    } else if (rc != ARCHIVE_OK) {
        return readError("read layer", raw.get(), pipe);
    } else {
        archive_read_support_format_tar(tar.get());
        if (archive_read_open(tar.get(), &pipe, nullptr, readPlain, nullptr) != ARCHIVE_OK)
            return readError("read layer tar", tar.get(), pipe);
        LayerWriter writer(rootFd, stats);
        archive_entry *entry = nullptr;
        for (;;) {
            rc = archive_read_next_header(tar.get(), &entry);
            if (rc == ARCHIVE_EOF)
                break;
            if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
                return readError("read layer tar", tar.get(), pipe);
            if (auto written = writer.write(tar.get(), entry); !written) {
                // A limit or a cancel met while this entry's data was read: say that, not
                // libarchive's generic read error.
                if (pipe.sourceCode != 0)
                    return readError("read layer tar", tar.get(), pipe);
                const char *name = archive_entry_pathname(entry);
                return withContext(written.error(), "layer entry " + quoted(name ? name : "?"));
            }
        }
        GB_TRY(writer.finish());
        // The tar reader stops at the end-of-archive blocks; the diff ID covers the whole
        // uncompressed stream, padding included.
        for (;;) {
            la_ssize_t n = archive_read_data(raw.get(), pipe.plain.data(), pipe.plain.size());
            if (n < 0)
                return readError("read layer", raw.get(), pipe);
            if (n == 0)
                break;
            if (!countPlain(pipe, static_cast<size_t>(n)))
                return makeError(pipe.sourceCode, pipe.sourceError);
        }
    }
    // And the blob digest covers every byte of the source, trailing bytes included.
    for (;;) {
        auto n = source.read(pipe.compressed.data(), pipe.compressed.size());
        if (!n)
            return tl::unexpected(n.error());
        if (*n == 0)
            break;
        pipe.compressedHash.update(pipe.compressed.data(), *n);
        stats.compressedSize += *n;
    }
    stats.compressedDigest = pipe.compressedHash.finish();
    stats.diffId = pipe.tarHash.finish();
    return stats;
}

} // namespace glassbox::image
