// Image references normalized the way Docker does: `busybox` is
// `docker.io/library/busybox:latest`, `localhost:5000/app@sha256:...` keeps its registry.
#pragma once

#include "glassbox/error.h"

#include <string>
#include <string_view>

namespace glassbox::image {

struct Reference
{
    std::string domain; ///< "docker.io", "quay.io", "localhost:5000"
    std::string path;   ///< "library/busybox"
    std::string tag;    ///< "latest" when neither tag nor digest was given
    std::string digest; ///< "sha256:..." or empty

    /// domain/path
    [[nodiscard]] std::string name() const;
    /// The full normalized form: name:tag, name@digest or name:tag@digest.
    [[nodiscard]] std::string toString() const;
    /// Docker's short form: `busybox:latest` for docker.io/library/busybox:latest.
    [[nodiscard]] std::string familiar() const;
};

/// Parses and normalizes `text`; refuses uppercase repositories, bad tags and digests.
[[nodiscard]] Result<Reference> parseReference(std::string_view text);

} // namespace glassbox::image
