// The busybox image: a layer tar written in memory with libarchive, imported as a rootfs.
#include "glassbox/image/busybox_image.h"

#include "glassbox/file_io.h"
#include "glassbox/spawn.h"

#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace glassbox::image {

namespace {

std::string rfc3339(time_t when)
{
    char text[32];
    tm utc{};
    ::gmtime_r(&when, &utc);
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

class TarWriter
{
public:
    explicit TarWriter(time_t mtime) : m_archive(archive_write_new()), m_mtime(mtime)
    {
        archive_write_set_format_pax_restricted(m_archive);
        archive_write_add_filter_none(m_archive);
        archive_write_set_bytes_in_last_block(m_archive, 1);
        archive_write_open2(m_archive, this, nullptr, &TarWriter::append, nullptr, nullptr);
    }
    ~TarWriter() { archive_write_free(m_archive); }
    TarWriter(const TarWriter &) = delete;
    TarWriter &operator=(const TarWriter &) = delete;

    Status add(const std::string &path, mode_t type, unsigned perm, std::string_view data = {},
               const char *hardlink = nullptr)
    {
        archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname(entry, path.c_str());
        archive_entry_set_filetype(entry, type);
        archive_entry_set_perm(entry, perm);
        archive_entry_set_uid(entry, 0);
        archive_entry_set_gid(entry, 0);
        archive_entry_set_mtime(entry, m_mtime, 0);
        if (hardlink != nullptr)
            archive_entry_set_hardlink(entry, hardlink);
        else
            archive_entry_set_size(entry, static_cast<la_int64_t>(data.size()));
        int rc = archive_write_header(m_archive, entry);
        archive_entry_free(entry);
        if (rc == ARCHIVE_OK && !data.empty() &&
            archive_write_data(m_archive, data.data(), data.size()) !=
                static_cast<la_ssize_t>(data.size()))
            rc = ARCHIVE_FATAL;
        if (rc != ARCHIVE_OK)
            return makeError(EIO,
                             "write busybox layer entry " + quoted(path) + ": " +
                                 (archive_error_string(m_archive) ? archive_error_string(m_archive)
                                                                  : "libarchive"));
        return {};
    }

    Result<std::string> finish()
    {
        if (archive_write_close(m_archive) != ARCHIVE_OK)
            return makeError(EIO, "finish busybox layer");
        return std::move(m_data);
    }

private:
    static la_ssize_t append(archive *, void *self, const void *buffer, size_t size)
    {
        static_cast<TarWriter *>(self)->m_data.append(static_cast<const char *>(buffer), size);
        return static_cast<la_ssize_t>(size);
    }

    archive *m_archive;
    time_t m_mtime;
    std::string m_data;
};

class MemorySource : public ByteSource
{
public:
    explicit MemorySource(std::string data) : m_data(std::move(data)) {}
    Result<size_t> read(char *buffer, size_t size) override
    {
        size_t n = std::min(size, m_data.size() - m_offset);
        std::copy_n(m_data.data() + m_offset, n, buffer);
        m_offset += n;
        return n;
    }
    std::optional<uint64_t> size() const override { return m_data.size(); }

private:
    std::string m_data;
    size_t m_offset = 0;
};

} // namespace

Result<ImportResult> loadBusyboxImage(const ImageStore &store, const std::string &busybox)
{
    struct stat st
    {
    };
    if (::stat(busybox.c_str(), &st) != 0)
        return sysError("busybox image: " + quoted(busybox) + " (install Debian's busybox-static)");
    auto binary = readFile(busybox);
    if (!binary)
        return withContext(binary.error(), "busybox image");
    auto list = spawn::capture({busybox, "--list-full"}, {}, kDefaultMaxRead);
    if (!list)
        return withContext(list.error(), "busybox image");
    auto help = spawn::capture({busybox, "--help"}, {}, kDefaultMaxRead);
    std::string version = "BusyBox";
    if (help)
        version = help->substr(0, help->find('\n'));

    TarWriter tar(st.st_mtime);
    for (const char *dir : {"bin", "dev", "etc", "home", "proc", "sbin", "sys", "usr", "usr/bin",
                            "usr/sbin", "var", "var/spool"})
        GB_TRY(tar.add(dir, AE_IFDIR, 0755));
    GB_TRY(tar.add("root", AE_IFDIR, 0700));
    GB_TRY(tar.add("tmp", AE_IFDIR, 01777));
    GB_TRY(tar.add("bin/busybox", AE_IFREG, 0755, *binary));
    size_t applets = 0;
    size_t start = 0;
    while (start < list->size()) {
        size_t end = list->find('\n', start);
        if (end == std::string::npos)
            end = list->size();
        std::string path = list->substr(start, end - start);
        start = end + 1;
        while (path.starts_with("/"))
            path.erase(0, 1);
        if (path.empty() || path == "bin/busybox" || path.find("..") != std::string::npos)
            continue;
        GB_TRY(tar.add(path, AE_IFREG, 0755, {}, "bin/busybox"));
        ++applets;
    }
    GB_TRY(tar.add("etc/passwd", AE_IFREG, 0644,
                   "root:x:0:0:root:/root:/bin/sh\n"
                   "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
                   "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"));
    GB_TRY(tar.add("etc/group", AE_IFREG, 0644,
                   "root:x:0:\ndaemon:x:1:\nusers:x:100:\nnogroup:x:65534:\n"));
    auto layer = tar.finish();
    if (!layer)
        return tl::unexpected(layer.error());

    ImportOptions options;
    options.tags = {"busybox:latest"};
    options.cmd = {"sh"};
    options.env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
    options.createdBy = "glassbox-image load-busybox: " + busybox + " (" + version + ") with " +
                        std::to_string(applets) + " applet hardlinks, /etc/passwd, /etc/group";
    options.comment = "Built locally from Debian's busybox-static, so the first run needs no "
                      "network; timestamps are the binary's, " +
                      rfc3339(st.st_mtime);
    options.created = rfc3339(st.st_mtime);
    MemorySource source(std::move(*layer));
    return importRootfs(store, source, options, "busybox-static " + busybox);
}

} // namespace glassbox::image
