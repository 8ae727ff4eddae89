// Content digests: streaming sha256 (libcrypto) and the "sha256:<64 hex>" form that names
// every blob, layer and image in the store.
#pragma once

#include "glassbox/error.h"

#include <memory>
#include <string>
#include <string_view>

namespace glassbox::image {

/// Incremental sha256 over a stream (a layer can be gigabytes; it is never held in memory).
class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256 &&) noexcept;
    Sha256 &operator=(Sha256 &&) noexcept;

    void update(const void *data, size_t size);
    /// "sha256:<hex>"; the object is reset and can hash again.
    [[nodiscard]] std::string finish();

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

/// sha256 of `data` as "sha256:<hex>".
[[nodiscard]] std::string sha256Digest(std::string_view data);

/// Accepts only "sha256:" followed by 64 lowercase hex digits: a digest is used as a file
/// name in the store, so anything else (other algorithms, "../") is refused here.
[[nodiscard]] Status validateDigest(std::string_view digest);

/// The hex part of a validated digest.
[[nodiscard]] std::string digestHex(std::string_view digest);

/// sha256 over the diff IDs as the OCI image spec defines chain IDs:
/// ChainID(L0) = DiffID(L0), ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)).
[[nodiscard]] std::string chainId(std::string_view parentChainId, std::string_view diffId);

} // namespace glassbox::image
