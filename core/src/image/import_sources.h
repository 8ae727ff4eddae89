// Where an image's files come from: a directory (OCI layout, extracted docker save) or a
// tar of one. Paths are resolved inside the source; a symlink may not lead out of it.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"
#include "glassbox/image/byte_source.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace glassbox::image {

/// A ByteSource over a file descriptor.
class FdSource : public ByteSource
{
public:
    explicit FdSource(UniqueFd fd) : m_fd(std::move(fd)) {}
    [[nodiscard]] Result<size_t> read(char *buffer, size_t size) override;
    /// fstat's size when the descriptor is a regular file.
    [[nodiscard]] std::optional<uint64_t> size() const override;

private:
    UniqueFd m_fd;
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

/// Normalizes a path inside a source; refuses absolute paths and `..` that leave it.
[[nodiscard]] Result<std::string> sourcePath(const std::string &base, const std::string &path);

} // namespace glassbox::image
