// A stream of bytes an image is read from: a file, or one member of an archive.
#pragma once

#include "glassbox/error.h"

#include <cstddef>

namespace glassbox::image {

class ByteSource
{
public:
    virtual ~ByteSource() = default;
    /// Reads up to `size` bytes; 0 at the end of the stream.
    [[nodiscard]] virtual Result<size_t> read(char *buffer, size_t size) = 0;
};

} // namespace glassbox::image
