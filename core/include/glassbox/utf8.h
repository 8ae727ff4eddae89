// UTF-8 checks for bytes that come from outside (file names, archive entries, a container's
// output) before they go where only text is allowed: JSON (nlohmann throws on invalid UTF-8)
// or a terminal. Header-only and free of the rest of the core, so glassboxctl uses it too.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace glassbox::utf8 {

/// Length of the well-formed UTF-8 sequence that starts `bytes`, or 0 if it does not start
/// with one (an ASCII byte counts as a sequence of 1). No overlong forms, no surrogates,
/// nothing above U+10FFFF. The decoded value goes to `codePoint`.
inline int sequenceLength(std::string_view bytes, char32_t *codePoint)
{
    if (bytes.empty())
        return 0;
    const auto lead = static_cast<unsigned char>(bytes[0]);
    int length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        *codePoint = lead;
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, value = lead & 0x1Fu, minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, value = lead & 0x0Fu, minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, value = lead & 0x07u, minimum = 0x10000;
    } else {
        return 0;
    }
    if (bytes.size() < std::size_t(length))
        return 0;
    for (int i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(bytes[std::size_t(i)]);
        if ((next & 0xC0u) != 0x80u)
            return 0;
        value = (value << 6) | (next & 0x3Fu);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    *codePoint = value;
    return length;
}

/// `bytes` as valid UTF-8: each byte that does not start a well-formed sequence is written
/// as `\xHH`; everything else is kept. For names shown to people and stored in JSON.
inline std::string escapeInvalid(std::string_view bytes)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size());
    while (!bytes.empty()) {
        char32_t codePoint = 0;
        const int length = sequenceLength(bytes, &codePoint);
        if (length == 0) {
            const auto byte = static_cast<unsigned char>(bytes[0]);
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
            bytes.remove_prefix(1);
        } else {
            out.append(bytes.substr(0, std::size_t(length)));
            bytes.remove_prefix(std::size_t(length));
        }
    }
    return out;
}

} // namespace glassbox::utf8
