// Directory and tar image sources. A tar is indexed once (names, links); each file is then
// read by a fresh pass that skips to it, so a multi-gigabyte docker save is never copied.
#include "import_sources.h"

#include "fs_util.h"

#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <fcntl.h>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace glassbox::image {

Result<size_t> FdSource::read(char *buffer, size_t size)
{
    for (;;) {
        ssize_t n = ::read(m_fd.get(), buffer, size);
        if (n >= 0)
            return static_cast<size_t>(n);
        if (errno != EINTR)
            return sysError("read");
    }
}

std::optional<uint64_t> FdSource::size() const
{
    struct stat st
    {
    };
    if (::fstat(m_fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    return static_cast<uint64_t>(st.st_size);
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

Result<ArchivePtr> openOuter(const std::string &path)
{
    ArchivePtr a(archive_read_new());
    archive_read_support_filter_gzip(a.get());
    archive_read_support_filter_zstd(a.get());
    archive_read_support_filter_xz(a.get());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_filename(a.get(), path.c_str(), 1 << 20) != ARCHIVE_OK)
        return makeError(EIO, "open " + quoted(path) + ": " +
                                  std::string(archive_error_string(a.get())
                                                  ? archive_error_string(a.get())
                                                  : "unreadable"));
    return a;
}

/// One member of the outer tar, read in place.
class MemberSource : public ByteSource
{
public:
    explicit MemberSource(ArchivePtr a) : m_archive(std::move(a)) {}
    Result<size_t> read(char *buffer, size_t size) override
    {
        la_ssize_t n = archive_read_data(m_archive.get(), buffer, size);
        if (n < 0)
            return makeError(EIO, std::string(archive_error_string(m_archive.get())
                                                  ? archive_error_string(m_archive.get())
                                                  : "read error"));
        return static_cast<size_t>(n);
    }

private:
    ArchivePtr m_archive;
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

    explicit TarSource(std::string path) : m_path(std::move(path)) {}

    Status index()
    {
        auto a = openOuter(m_path);
        if (!a)
            return tl::unexpected(a.error());
        archive_entry *entry = nullptr;
        for (;;) {
            int rc = archive_read_next_header(a->get(), &entry);
            if (rc == ARCHIVE_EOF)
                return {};
            if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
                return makeError(EIO, "read " + quoted(m_path) + ": " +
                                          std::string(archive_error_string(a->get())
                                                          ? archive_error_string(a->get())
                                                          : "bad archive"));
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
        auto a = openOuter(m_path);
        if (!a)
            return tl::unexpected(a.error());
        archive_entry *entry = nullptr;
        while (archive_read_next_header(a->get(), &entry) == ARCHIVE_OK) {
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
    auto source = std::make_unique<TarSource>(path);
    GB_TRY(source->index());
    return std::unique_ptr<ImageSource>(std::move(source));
}

} // namespace glassbox::image
