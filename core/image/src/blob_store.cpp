// The blob store: O_TMPFILE + linkat publishes a verified blob atomically, so a crash or a
// digest mismatch leaves no partial file under a real name (and no stray temp file).
#include "glassbox/image/blob_store.h"

#include "fs_util.h"
#include "glassbox/file_io.h"
#include "glassbox/image/digest.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace glassbox::image {

BlobStore::BlobStore(std::string root) : m_dir(std::move(root) + "/blobs/sha256") {}

Status BlobStore::init() const
{
    return makeDirs(m_dir);
}

std::string BlobStore::path(std::string_view digest) const
{
    return m_dir + "/" + digestHex(digest);
}

static std::string mismatch(std::string_view expected, std::string_view actual)
{
    return "blob " + quoted(expected) + " has digest " + quoted(actual);
}

Result<std::string> BlobStore::put(std::string_view data, std::string_view expected) const
{
    if (!expected.empty())
        GB_TRY(validateDigest(expected));
    std::string digest = sha256Digest(data);
    if (!expected.empty() && digest != expected)
        return makeError(EBADMSG, "digest mismatch: " + mismatch(expected, digest));
    if (has(digest))
        return digest;

    const std::string target = path(digest);
    auto fd = openAt(AT_FDCWD, m_dir, O_TMPFILE | O_WRONLY, 0644);
    std::string tempName;
    if (!fd && (fd.error().code == EOPNOTSUPP || fd.error().code == EISDIR)) {
        // Filesystems without O_TMPFILE: a named temporary file, removed on any failure.
        tempName = m_dir + "/.tmp-" + randomHex(8);
        fd = openAt(AT_FDCWD, tempName, O_CREAT | O_EXCL | O_WRONLY, 0644);
    }
    if (!fd)
        return withContext(fd.error(), "store blob " + quoted(digest));
    auto fail = [&](Error error) {
        if (!tempName.empty())
            ::unlink(tempName.c_str());
        return withContext(std::move(error), "store blob " + quoted(digest));
    };
    if (auto written = writeAll(fd->get(), data); !written)
        return fail(written.error());
    if (::fsync(fd->get()) != 0)
        return fail(sysError("fsync").value());
    if (tempName.empty()) {
        std::string procPath = "/proc/self/fd/" + std::to_string(fd->get());
        if (::linkat(AT_FDCWD, procPath.c_str(), AT_FDCWD, target.c_str(), AT_SYMLINK_FOLLOW) !=
                0 &&
            errno != EEXIST)
            return fail(sysError("link " + quoted(target)).value());
    } else if (::rename(tempName.c_str(), target.c_str()) != 0) {
        return fail(sysError("rename to " + quoted(target)).value());
    }
    return digest;
}

Result<std::string> BlobStore::get(std::string_view digest) const
{
    GB_TRY(validateDigest(digest));
    auto data = readFile(path(digest));
    if (!data) {
        if (data.error().code == ENOENT)
            return makeError(ENOENT, "blob " + quoted(digest) + " is not in the store");
        return data;
    }
    std::string actual = sha256Digest(*data);
    if (actual != digest)
        return makeError(EBADMSG, "corrupt store: " + mismatch(digest, actual));
    return data;
}

bool BlobStore::has(std::string_view digest) const
{
    return validateDigest(digest) && ::access(path(digest).c_str(), F_OK) == 0;
}

Status BlobStore::remove(std::string_view digest) const
{
    GB_TRY(validateDigest(digest));
    if (::unlink(path(digest).c_str()) != 0 && errno != ENOENT)
        return sysError("remove blob " + quoted(digest));
    return {};
}

Result<std::vector<std::string>> BlobStore::list() const
{
    DIR *dir = ::opendir(m_dir.c_str());
    if (dir == nullptr)
        return sysError("list " + quoted(m_dir));
    std::vector<std::string> digests;
    while (dirent *entry = ::readdir(dir)) {
        std::string digest = std::string("sha256:") + entry->d_name;
        if (validateDigest(digest))
            digests.push_back(digest);
    }
    ::closedir(dir);
    std::sort(digests.begin(), digests.end());
    return digests;
}

} // namespace glassbox::image
