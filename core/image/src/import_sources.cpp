// Directory and tar image sources. A tar is indexed once (names, links); each file is then
// read by a fresh pass that skips to it, so a multi-gigabyte docker save is never copied.
#include "import_sources.h"

#include "fs_util.h"

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <vector>

namespace glassbox::image {

namespace {

/// How long one poll() waits before `cancelled` is asked again.
constexpr int kPollSliceMs = 100;

} // namespace

FdSource::FdSource(std::shared_ptr<const UniqueFd> fd, ReadLimits limits, std::string name)
    : m_fd(std::move(fd)), m_limits(std::move(limits)), m_name(std::move(name))
{
    struct stat st
    {
    };
    m_regular = ::fstat(m_fd->get(), &st) == 0 && S_ISREG(st.st_mode);
}

FdSource::FdSource(UniqueFd fd) : FdSource(std::make_shared<const UniqueFd>(std::move(fd)), {}, {})
{
}

Result<size_t> FdSource::read(char *buffer, size_t size)
{
    // At the limit, one more byte is asked for only to tell "exactly the limit" from "more".
    const bool atLimit = m_offset >= m_limits.maxBytes;
    if (!atLimit)
        size = static_cast<size_t>(std::min<uint64_t>(size, m_limits.maxBytes - m_offset));
    else
        size = std::min<size_t>(size, 1);
    Result<size_t> n = 0;
    if (m_regular) {
        // A file never makes a read wait, but a pass over a large archive is many reads: the
        // import's Cancel is asked before each one.
        if (m_limits.cancelled && m_limits.cancelled())
            return makeError(ECANCELED, "import cancelled");
        ssize_t got;
        do {
            got = ::pread(m_fd->get(), buffer, size, static_cast<off_t>(m_offset));
        } while (got < 0 && errno == EINTR);
        if (got < 0)
            return sysError("read " + quoted(m_name));
        n = static_cast<size_t>(got);
    } else {
        n = readPipe(buffer, size);
        if (!n)
            return n;
    }
    if (atLimit && *n > 0)
        return makeError(EFBIG, quoted(m_name) + " holds more than the import limit of " +
                                    std::to_string(m_limits.maxBytes) + " bytes");
    m_offset += *n;
    return n;
}

Result<size_t> FdSource::readPipe(char *buffer, size_t size)
{
    using Clock = std::chrono::steady_clock;
    const auto waitingSince = Clock::now();
    for (;;) {
        if (m_limits.cancelled && m_limits.cancelled())
            return makeError(ECANCELED, "import cancelled");
        // RWF_NOWAIT never blocks, even when another reader of the same pipe (the caller
        // holds it too) empties it between poll() and this read.
        ssize_t n;
        if (m_noWait) {
            iovec io{buffer, size};
            n = ::preadv2(m_fd->get(), &io, 1, -1, RWF_NOWAIT);
            if (n < 0 && errno == EOPNOTSUPP) {
                m_noWait = false;
                continue;
            }
        } else {
            // Kernels without RWF_NOWAIT on pipes: read no more than poll() saw.
            int available = 0;
            pollfd ready{m_fd->get(), POLLIN, 0};
            if (::poll(&ready, 1, 0) == 1 && ::ioctl(m_fd->get(), FIONREAD, &available) == 0 &&
                (available > 0 || (ready.revents & (POLLHUP | POLLERR)))) {
                n = ::read(m_fd->get(), buffer,
                           std::min(size, static_cast<size_t>(std::max(available, 0))));
            } else {
                n = -1;
                errno = EAGAIN;
            }
        }
        if (n >= 0)
            return static_cast<size_t>(n);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN)
            return sysError("read " + quoted(m_name));
        int timeout = kPollSliceMs;
        if (m_limits.stallTimeout.count() > 0) {
            const auto waited =
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - waitingSince);
            if (waited >= m_limits.stallTimeout)
                return makeError(ETIMEDOUT, quoted(m_name) + " delivered nothing for " +
                                                std::to_string(m_limits.stallTimeout.count()) +
                                                " ms");
            timeout = static_cast<int>(
                std::min<int64_t>(timeout, (m_limits.stallTimeout - waited).count()));
        }
        pollfd waitFor{m_fd->get(), POLLIN, 0};
        if (::poll(&waitFor, 1, std::max(timeout, 1)) < 0 && errno != EINTR)
            return sysError("wait for " + quoted(m_name));
    }
}

std::optional<uint64_t> FdSource::size() const
{
    struct stat st
    {
    };
    if (::fstat(m_fd->get(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    return static_cast<uint64_t>(st.st_size);
}

uint64_t FdSource::skip(uint64_t bytes)
{
    if (!m_regular)
        return 0;
    // Never past the limit: what lies beyond is read (and refused) instead.
    bytes = std::min(bytes, m_limits.maxBytes > m_offset ? m_limits.maxBytes - m_offset : 0);
    m_offset += bytes;
    return bytes;
}

Result<std::string> ImageSource::readSmall(const std::string &path, size_t limit)
{
    auto stream = open(path);
    if (!stream)
        return tl::unexpected(stream.error());
    std::string data;
    char buffer[65536];
    for (;;) {
        auto n = (*stream)->read(buffer, sizeof buffer);
        if (!n)
            return withContext(n.error(), "read " + quoted(path));
        if (*n == 0)
            return data;
        data.append(buffer, *n);
        if (data.size() > limit)
            return makeError(EFBIG,
                             quoted(path) + " is larger than " + std::to_string(limit) + " bytes");
    }
}

Result<std::string> sourcePath(const std::string &base, const std::string &path)
{
    std::string joined = path.starts_with("/") ? path.substr(1) : base + "/" + path;
    std::string clean;
    size_t start = 0;
    while (start <= joined.size()) {
        size_t end = joined.find('/', start);
        if (end == std::string::npos)
            end = joined.size();
        std::string part = joined.substr(start, end - start);
        start = end + 1;
        if (part.empty() || part == ".")
            continue;
        if (part == "..") {
            if (clean.empty())
                return makeError(EPERM, "path " + quoted(path) + " leaves the image archive");
            auto slash = clean.rfind('/');
            clean.resize(slash == std::string::npos ? 0 : slash);
            continue;
        }
        clean += (clean.empty() ? "" : "/") + part;
    }
    if (path.starts_with("/"))
        return makeError(EPERM, "absolute path " + quoted(path) + " in the image archive");
    return clean;
}

namespace {

class DirectorySource : public ImageSource
{
public:
    explicit DirectorySource(UniqueFd root) : m_root(std::move(root)) {}

    bool exists(const std::string &path) override
    {
        return openBeneath(m_root.get(), path, O_RDONLY).has_value();
    }

    Result<std::unique_ptr<ByteSource>> open(const std::string &path) override
    {
        auto fd = openBeneath(m_root.get(), path, O_RDONLY);
        if (!fd) {
            if (fd.error().code == ENOENT)
                return makeError(ENOENT, quoted(path) + " is missing from the image");
            if (fd.error().code == EXDEV)
                return makeError(EPERM, quoted(path) + " leaves the image directory");
            return tl::unexpected(fd.error());
        }
        return std::make_unique<FdSource>(std::move(*fd));
    }

    std::optional<uint64_t> size(const std::string &path) override
    {
        auto fd = openBeneath(m_root.get(), path, O_PATH);
        if (!fd)
            return std::nullopt;
        return FdSource(std::move(*fd)).size();
    }

private:
    UniqueFd m_root;
};

struct ArchiveFree
{
    void operator()(archive *a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

/// The outer tar, read through an FdSource of its own (libarchive's callbacks), so that each
/// pass has its own offset in the one descriptor.
struct OuterArchive
{
    struct Input
    {
        Input(std::shared_ptr<const UniqueFd> fd, const ReadLimits &limits, const std::string &name)
            : source(std::move(fd), limits, name)
        {
        }
        FdSource source;
        std::vector<char> buffer = std::vector<char>(1 << 20);
        std::string error;
        int errorCode = 0;           ///< of `error`: a cancel or a limit keeps its own errno
        bool compressed = false;     ///< a gzip, zstd or xz filter was found
        IndexProgress afterEachRead; ///< optional, once the filter is known
    };
    OuterArchive(std::shared_ptr<const UniqueFd> fd, const ReadLimits &limits,
                 const std::string &name)
        : input(std::make_unique<Input>(std::move(fd), limits, name)), archive(archive_read_new())
    {
    }

    std::unique_ptr<Input> input; // outlives the archive, which is freed first
    ArchivePtr archive;

    /// The error of the last failed call, after `what` if given, with the source's errno when
    /// a read failed (a cancel, a limit) and EIO for what libarchive found wrong.
    [[nodiscard]] Error failure(const std::string &what = {}) const
    {
        return Error{input->errorCode != 0 ? input->errorCode : EIO,
                     what.empty() ? errorText() : what + ": " + errorText()};
    }

    [[nodiscard]] std::string errorText() const
    {
        if (!input->error.empty())
            return input->error;
        const char *why = archive_error_string(archive.get());
        return why ? why : "bad archive";
    }
};

la_ssize_t readOuter(archive *, void *opaque, const void **buffer)
{
    auto *input = static_cast<OuterArchive::Input *>(opaque);
    auto n = input->source.read(input->buffer.data(), input->buffer.size());
    if (!n) {
        input->error = n.error().message;
        input->errorCode = n.error().code;
        return -1;
    }
    if (input->afterEachRead && !input->afterEachRead(input->source.offset())) {
        input->error = "import cancelled";
        input->errorCode = ECANCELED;
        return -1;
    }
    *buffer = input->buffer.data();
    return static_cast<la_ssize_t>(*n);
}

la_int64_t skipOuter(archive *, void *opaque, la_int64_t request)
{
    auto *input = static_cast<OuterArchive::Input *>(opaque);
    return request <= 0
               ? 0
               : static_cast<la_int64_t>(input->source.skip(static_cast<uint64_t>(request)));
}

Result<OuterArchive> openOuter(const std::shared_ptr<const UniqueFd> &fd, const ReadLimits &limits,
                               const std::string &name)
{
    OuterArchive outer(fd, limits, name);
    archive *a = outer.archive.get();
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_zstd(a);
    archive_read_support_filter_xz(a);
    archive_read_support_format_tar(a);
    archive_read_set_read_callback(a, readOuter);
    archive_read_set_skip_callback(a, skipOuter);
    archive_read_set_callback_data(a, outer.input.get());
    if (archive_read_open1(a) != ARCHIVE_OK)
        return tl::unexpected(outer.failure("open " + quoted(name)));
    // Filter 0 is the tar reader's own input; a compressed archive has one more.
    outer.input->compressed = archive_filter_count(a) > 1;
    return outer;
}

/// One member of the outer tar, read in place.
class MemberSource : public ByteSource
{
public:
    explicit MemberSource(OuterArchive outer) : m_outer(std::move(outer)) {}
    Result<size_t> read(char *buffer, size_t size) override
    {
        la_ssize_t n = archive_read_data(m_outer.archive.get(), buffer, size);
        if (n < 0)
            return tl::unexpected(m_outer.failure());
        return static_cast<size_t>(n);
    }

private:
    OuterArchive m_outer;
};

class TarSource : public ImageSource
{
public:
    struct Member
    {
        char type = 'f'; // f file, l symlink, h hardlink, d directory
        std::string target;
        uint64_t size = 0; ///< of a file, from its header
    };

    TarSource(std::shared_ptr<const UniqueFd> fd, ReadLimits limits, std::string path)
        : m_fd(std::move(fd)), m_limits(std::move(limits)), m_path(std::move(path))
    {
    }

    Status index(const IndexProgress &progress)
    {
        auto a = openOuter(m_fd, m_limits, m_path);
        if (!a)
            return tl::unexpected(a.error());
        if (a->input->compressed)
            a->input->afterEachRead = progress;
        archive_entry *entry = nullptr;
        for (;;) {
            int rc = archive_read_next_header(a->archive.get(), &entry);
            if (rc == ARCHIVE_EOF)
                return {};
            if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
                return tl::unexpected(a->failure("read " + quoted(m_path)));
            auto name =
                sourcePath("", archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "");
            if (!name)
                continue; // never a file of an image layout; a rootfs tar reports it
            Member member;
            if (const char *hard = archive_entry_hardlink(entry)) {
                member.type = 'h';
                member.target = hard;
            } else if (archive_entry_filetype(entry) == AE_IFLNK) {
                member.type = 'l';
                member.target = archive_entry_symlink(entry) ? archive_entry_symlink(entry) : "";
            } else if (archive_entry_filetype(entry) == AE_IFDIR) {
                member.type = 'd';
            } else if (archive_entry_size_is_set(entry)) {
                member.size = static_cast<uint64_t>(archive_entry_size(entry));
            }
            m_members[*name] = member;
        }
    }

    Result<std::string> realName(const std::string &path)
    {
        std::string current = path;
        for (int depth = 0; depth < 16; ++depth) {
            auto it = m_members.find(current);
            if (it == m_members.end() || it->second.type == 'd')
                return makeError(ENOENT, quoted(path) + " is missing from the image archive");
            if (it->second.type == 'f')
                return current;
            auto slash = current.rfind('/');
            std::string dir = slash == std::string::npos ? "" : current.substr(0, slash);
            auto next = it->second.type == 'h' ? sourcePath("", it->second.target)
                                               : sourcePath(dir, it->second.target);
            if (!next)
                return tl::unexpected(next.error());
            current = *next;
        }
        return makeError(ELOOP, quoted(path) + ": too many links in the image archive");
    }

    bool exists(const std::string &path) override
    {
        auto clean = sourcePath("", path);
        return clean && realName(*clean).has_value();
    }

    Result<std::unique_ptr<ByteSource>> open(const std::string &path) override
    {
        auto clean = sourcePath("", path);
        if (!clean)
            return tl::unexpected(clean.error());
        auto name = realName(*clean);
        if (!name)
            return tl::unexpected(name.error());
        auto a = openOuter(m_fd, m_limits, m_path);
        if (!a)
            return tl::unexpected(a.error());
        archive_entry *entry = nullptr;
        while (archive_read_next_header(a->archive.get(), &entry) == ARCHIVE_OK) {
            auto entryName =
                sourcePath("", archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "");
            if (entryName && *entryName == *name && !archive_entry_hardlink(entry))
                return std::make_unique<MemberSource>(std::move(*a));
        }
        return makeError(ENOENT, quoted(path) + " is missing from the image archive");
    }

    std::optional<uint64_t> size(const std::string &path) override
    {
        auto clean = sourcePath("", path);
        if (!clean)
            return std::nullopt;
        auto name = realName(*clean);
        if (!name)
            return std::nullopt;
        return m_members.at(*name).size;
    }

private:
    std::shared_ptr<const UniqueFd> m_fd;
    ReadLimits m_limits;
    std::string m_path;
    std::map<std::string, Member> m_members;
};

} // namespace

Result<std::unique_ptr<ImageSource>> openDirectorySource(const std::string &path)
{
    int raw = ::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (raw < 0)
        return sysError("open image directory " + quoted(path));
    return std::make_unique<DirectorySource>(UniqueFd(raw));
}

Result<std::unique_ptr<ImageSource>> openTarSource(const std::string &path)
{
    int raw = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (raw < 0)
        return sysError("open " + quoted(path));
    return openTarSource(std::make_shared<const UniqueFd>(raw), {}, path);
}

Result<std::unique_ptr<ImageSource>> openTarSource(std::shared_ptr<const UniqueFd> fd,
                                                   ReadLimits limits, std::string name,
                                                   const IndexProgress &indexProgress)
{
    auto source = std::make_unique<TarSource>(std::move(fd), std::move(limits), std::move(name));
    GB_TRY(source->index(indexProgress));
    return std::unique_ptr<ImageSource>(std::move(source));
}

} // namespace glassbox::image
