// sha256 through OpenSSL's EVP interface (uses the CPU's SHA extensions when present).
#include "glassbox/image/digest.h"

#include <new>
#include <openssl/evp.h>

namespace glassbox::image {

struct Sha256::Context
{
    EVP_MD_CTX *ctx = nullptr;
    ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : m_context(std::make_unique<Context>())
{
    m_context->ctx = EVP_MD_CTX_new();
    // Allocation failure is the only way these fail; treat it like any failed new.
    if (m_context->ctx == nullptr || EVP_DigestInit_ex(m_context->ctx, EVP_sha256(), nullptr) != 1)
        throw std::bad_alloc();
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256 &&) noexcept = default;
Sha256 &Sha256::operator=(Sha256 &&) noexcept = default;

void Sha256::update(const void *data, size_t size)
{
    EVP_DigestUpdate(m_context->ctx, data, size);
}

std::string Sha256::finish()
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_context->ctx, out, &length);
    EVP_DigestInit_ex(m_context->ctx, EVP_sha256(), nullptr);
    static const char hex[] = "0123456789abcdef";
    std::string digest = "sha256:";
    for (unsigned int i = 0; i < length; ++i) {
        digest += hex[out[i] >> 4];
        digest += hex[out[i] & 0xf];
    }
    return digest;
}

std::string sha256Digest(std::string_view data)
{
    Sha256 hash;
    hash.update(data.data(), data.size());
    return hash.finish();
}

Status validateDigest(std::string_view digest)
{
    constexpr std::string_view prefix = "sha256:";
    bool ok = digest.size() == prefix.size() + 64 && digest.substr(0, prefix.size()) == prefix;
    for (size_t i = prefix.size(); ok && i < digest.size(); ++i) {
        char c = digest[i];
        ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
    if (!ok)
        return makeError(EINVAL, "invalid digest " + quoted(digest) +
                                     ": expected sha256: and 64 lowercase hex digits");
    return {};
}

std::string digestHex(std::string_view digest)
{
    auto colon = digest.find(':');
    return std::string(colon == std::string_view::npos ? digest : digest.substr(colon + 1));
}

std::string chainId(std::string_view parentChainId, std::string_view diffId)
{
    if (parentChainId.empty())
        return std::string(diffId);
    std::string text(parentChainId);
    text += ' ';
    text += diffId;
    return sha256Digest(text);
}

} // namespace glassbox::image
