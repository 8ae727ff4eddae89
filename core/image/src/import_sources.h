// Where an image's files come from: a directory (OCI layout, extracted docker save) or a
// tar of one. Paths are resolved inside the source; a symlink may not lead out of it.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"
#include "glassbox/image/byte_source.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace glassbox::image {

/// How reading a descriptor an import was given is bounded (see ImportOptions).
struct ReadLimits
{
    uint64_t maxBytes = UINT64_MAX;
    std::chrono::milliseconds stallTimeout{0}; ///< 0: a pipe may wait for ever
    std::function<bool()> cancelled; ///< asked before every read and while a pipe is waited for
};

/// A ByteSource over a file descriptor, which it reads and never reopens. A regular file is
/// read with pread() from this source's own offset: several sources may read one descriptor
/// (one per pass over an archive), and the offset the caller shares stays as it was. Anything
/// else (a pipe) is read without blocking: poll() in slices of 100 ms, asking `cancelled`
/// between them, and an error once `stallTimeout` passes without a byte. Past `maxBytes`
/// a read fails with EFBIG; errors name the source.
class FdSource : public ByteSource
{
public:
    FdSource(std::shared_ptr<const UniqueFd> fd, ReadLimits limits, std::string name);
    explicit FdSource(UniqueFd fd);
    [[nodiscard]] Result<size_t> read(char *buffer, size_t size) override;
    /// fstat's size when the descriptor is a regular file.
    [[nodiscard]] std::optional<uint64_t> size() const override;
    /// Moves a regular file's offset `bytes` on without reading; how far it moved.
    [[nodiscard]] uint64_t skip(uint64_t bytes);
    /// How far into the descriptor this source has read or skipped.
    [[nodiscard]] uint64_t offset() const { return m_offset; }

private:
    Result<size_t> readPipe(char *buffer, size_t size);

    std::shared_ptr<const UniqueFd> m_fd;
    ReadLimits m_limits;
    std::string m_name;
    bool m_regular = false;
    bool m_noWait = true; ///< preadv2(RWF_NOWAIT) works on this pipe
    uint64_t m_offset = 0;
};

class ImageSource
{
public:
    virtual ~ImageSource() = default;
    /// Whether `path` (relative, '/'-separated) names a file in the source.
    [[nodiscard]] virtual bool exists(const std::string &path) = 0;
    /// A stream of the file's bytes.
    [[nodiscard]] virtual Result<std::unique_ptr<ByteSource>> open(const std::string &path) = 0;
    /// How many bytes open(path) will give, without reading them; nullopt when unknown.
    [[nodiscard]] virtual std::optional<uint64_t> size(const std::string &path) = 0;
    /// The whole file, refused past `limit` bytes (manifests and configs are small).
    [[nodiscard]] Result<std::string> readSmall(const std::string &path, size_t limit = 16 << 20);
};

[[nodiscard]] Result<std::unique_ptr<ImageSource>> openDirectorySource(const std::string &path);
[[nodiscard]] Result<std::unique_ptr<ImageSource>> openTarSource(const std::string &path);
/// Told how far the pass that indexes a compressed archive has read into the file (it
/// decompresses the whole archive); false cancels it (ECANCELED).
using IndexProgress = std::function<bool(uint64_t position)>;

/// A tar (compressed or not) in the regular file `fd`, read through FdSources with `limits`.
/// The members are indexed before this returns: `indexProgress`, if given, follows that pass
/// when the archive is compressed (a plain tar's index only reads headers).
[[nodiscard]] Result<std::unique_ptr<ImageSource>>
openTarSource(std::shared_ptr<const UniqueFd> fd, ReadLimits limits, std::string name,
              const IndexProgress &indexProgress = {});

/// Normalizes a path inside a source; refuses absolute paths and `..` that leave it.
[[nodiscard]] Result<std::string> sourcePath(const std::string &base, const std::string &path);

} // namespace glassbox::image
