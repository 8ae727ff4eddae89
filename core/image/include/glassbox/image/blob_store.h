// Content-addressed blobs (manifests, configs, indexes): <root>/blobs/sha256/<hex>.
// Every write is verified against its digest before it becomes visible, every read again.
#pragma once

#include "glassbox/error.h"

#include <string>
#include <string_view>
#include <vector>

namespace glassbox::image {

class BlobStore
{
public:
    /// `root` is the store root; blobs live in <root>/blobs/sha256.
    explicit BlobStore(std::string root);

    /// Creates the blob directory.
    [[nodiscard]] Status init() const;

    /// Stores `data` and returns its digest. With `expected`, a different digest fails
    /// ("blob `expected` has digest `actual`") and nothing is written. The blob is written
    /// to an unnamed temporary file in the store and linked into place only when complete.
    [[nodiscard]] Result<std::string> put(std::string_view data,
                                          std::string_view expected = {}) const;

    /// Reads a blob and verifies it: a blob whose content no longer matches its name
    /// fails with both digests.
    [[nodiscard]] Result<std::string> get(std::string_view digest) const;

    [[nodiscard]] bool has(std::string_view digest) const;
    [[nodiscard]] Status remove(std::string_view digest) const;
    /// Digests of every stored blob, sorted.
    [[nodiscard]] Result<std::vector<std::string>> list() const;
    [[nodiscard]] std::string path(std::string_view digest) const;

private:
    std::string m_dir;
};

} // namespace glassbox::image
