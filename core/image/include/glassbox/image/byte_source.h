// A stream of bytes an image is read from: a file, or one member of an archive.
#pragma once

#include "glassbox/error.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace glassbox::image {

class ByteSource
{
public:
    virtual ~ByteSource() = default;
    /// Reads up to `size` bytes; 0 at the end of the stream.
    [[nodiscard]] virtual Result<size_t> read(char *buffer, size_t size) = 0;
    /// The stream's length in bytes when known in advance (a regular file); what import
    /// progress is measured against.
    [[nodiscard]] virtual std::optional<uint64_t> size() const { return std::nullopt; }
};

} // namespace glassbox::image
