// IPv4 and IPv6 addresses and prefixes as networks and attachments write them, and network
// names.
#include "glassbox/network.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>

namespace glassbox::net {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isAlnum(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A decimal number without sign or leading zeros (an address's "010" means octal to some
// parsers and decimal to others: refused), at most `maxDigits` long.
bool parseDecimal(std::string_view text, size_t maxDigits, uint32_t &value)
{
    if (text.empty() || text.size() > maxDigits || (text.size() > 1 && text[0] == '0'))
        return false;
    value = 0;
    for (char c : text) {
        if (!isDigit(c))
            return false;
        value = value * 10 + static_cast<uint32_t>(c - '0');
    }
    return true;
}

} // namespace

uint32_t Ipv4Prefix::netmask() const
{
    if (length <= 0)
        return 0;
    if (length >= 32)
        return 0xffffffffU;
    return 0xffffffffU << (32 - length);
}

bool Ipv4Prefix::overlaps(const Ipv4Prefix &other) const
{
    const uint32_t mask = length < other.length ? netmask() : other.netmask();
    return (address & mask) == (other.address & mask);
}

std::string Ipv4Prefix::text() const
{
    return ipv4Text(address) + "/" + std::to_string(length);
}

Result<uint32_t> parseIpv4(std::string_view text)
{
    uint32_t address = 0;
    int parts = 0;
    std::string_view rest = text;
    while (true) {
        const size_t dot = rest.find('.');
        uint32_t part = 0;
        if (!parseDecimal(rest.substr(0, dot), 3, part) || part > 255 || ++parts > 4)
            return makeError(EINVAL, "invalid IPv4 address " + quoted(text));
        address = address << 8 | part;
        if (dot == std::string_view::npos)
            break;
        rest.remove_prefix(dot + 1);
    }
    if (parts != 4)
        return makeError(EINVAL, "invalid IPv4 address " + quoted(text));
    return address;
}

std::string ipv4Text(uint32_t address)
{
    return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xff) + "." +
           std::to_string((address >> 8) & 0xff) + "." + std::to_string(address & 0xff);
}

Result<Ipv4Prefix> parsePrefix(std::string_view text)
{
    const size_t slash = text.find('/');
    if (slash == std::string_view::npos)
        return makeError(EINVAL, "invalid subnet " + quoted(text) +
                                     ": expected ADDRESS/LENGTH such as `10.87.0.0/24`");
    auto address = parseIpv4(text.substr(0, slash));
    if (!address)
        return makeError(EINVAL, "invalid subnet " + quoted(text) + ": " + address.error().message);
    uint32_t length = 0;
    if (!parseDecimal(text.substr(slash + 1), 2, length) || length < 8 || length > 30)
        return makeError(EINVAL,
                         "invalid subnet " + quoted(text) + ": the prefix length must be 8 to 30");
    const Ipv4Prefix prefix{*address, static_cast<int>(length)};
    if (prefix.network() != prefix.address) {
        const Ipv4Prefix network{prefix.network(), prefix.length};
        return makeError(EINVAL, "invalid subnet " + quoted(text) +
                                     ": host bits are set; the network is " +
                                     quoted(network.text()));
    }
    return prefix;
}

bool Ipv6Prefix::contains(const Ipv6Address &ip) const
{
    for (int bit = 0; bit < length; bit += 8) {
        const int bits = std::min(8, length - bit);
        const auto mask = static_cast<uint8_t>(0xff << (8 - bits));
        if ((ip[size_t(bit / 8)] & mask) != (address[size_t(bit / 8)] & mask))
            return false;
    }
    return true;
}

bool Ipv6Prefix::overlaps(const Ipv6Prefix &other) const
{
    return length < other.length ? contains(other.address) : other.contains(address);
}

std::string Ipv6Prefix::text() const
{
    return ipv6Text(address) + "/" + std::to_string(length);
}

Result<Ipv6Address> parseIpv6(std::string_view text)
{
    // inet_pton takes no zone ("%eth0") and no brackets, and wants a terminated string.
    Ipv6Address address{};
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN ||
        ::inet_pton(AF_INET6, std::string(text).c_str(), address.data()) != 1)
        return makeError(EINVAL, "invalid IPv6 address " + quoted(text));
    return address;
}

std::string ipv6Text(const Ipv6Address &address)
{
    char text[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET6, address.data(), text, sizeof text);
    return text;
}

Result<Ipv6Prefix> parsePrefix6(std::string_view text)
{
    const size_t slash = text.find('/');
    if (slash == std::string_view::npos)
        return makeError(EINVAL, "invalid IPv6 subnet " + quoted(text) +
                                     ": expected ADDRESS/LENGTH such as `fd00:1::/64`");
    auto address = parseIpv6(text.substr(0, slash));
    if (!address)
        return makeError(EINVAL,
                         "invalid IPv6 subnet " + quoted(text) + ": " + address.error().message);
    uint32_t length = 0;
    if (!parseDecimal(text.substr(slash + 1), 3, length) || length < 16 || length > 120)
        return makeError(EINVAL, "invalid IPv6 subnet " + quoted(text) +
                                     ": the prefix length must be 16 to 120");
    Ipv6Prefix prefix{*address, static_cast<int>(length)};
    Ipv6Prefix network{{}, prefix.length};
    for (int bit = 0; bit < prefix.length; ++bit)
        if (prefix.address[size_t(bit / 8)] & (0x80 >> (bit % 8)))
            network.address[size_t(bit / 8)] |= static_cast<uint8_t>(0x80 >> (bit % 8));
    if (network.address != prefix.address)
        return makeError(EINVAL, "invalid IPv6 subnet " + quoted(text) +
                                     ": host bits are set; the network is " +
                                     quoted(network.text()));
    return prefix;
}

bool isIpv6Text(std::string_view text)
{
    return text.find(':') != std::string_view::npos;
}

Result<std::string> canonicalAddress(std::string_view text)
{
    if (isIpv6Text(text)) {
        auto address = parseIpv6(text);
        if (!address)
            return tl::unexpected(address.error());
        return ipv6Text(*address);
    }
    auto address = parseIpv4(text);
    if (!address)
        return tl::unexpected(address.error());
    return ipv4Text(*address);
}

bool isNetworkName(std::string_view name)
{
    if (name.empty() || name.size() > 63 || !isAlnum(name[0]))
        return false;
    for (char c : name)
        if (!isAlnum(c) && c != '_' && c != '.' && c != '-')
            return false;
    return true;
}

} // namespace glassbox::net
