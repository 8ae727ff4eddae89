// Published ports: `-p [IP:]HOST:CONTAINER[/tcp|udp]` as Docker and podman read it.
#include "glassbox/network.h"

#include <cerrno>

namespace glassbox::net {

namespace {

Result<uint16_t> parsePort(std::string_view text, const char *which, std::string_view spec)
{
    uint32_t value = 0;
    bool digits = !text.empty() && text.size() <= 5;
    for (char c : text) {
        digits = digits && c >= '0' && c <= '9';
        if (digits)
            value = value * 10 + static_cast<uint32_t>(c - '0');
    }
    if (!digits || value < 1 || value > 65535)
        return makeError(EINVAL, std::string("invalid ") + which + " port " + quoted(text) +
                                     " in " + quoted(spec) + ": expected a number from 1 to 65535");
    return static_cast<uint16_t>(value);
}

} // namespace

Result<PortMapping> parsePortMapping(std::string_view spec)
{
    PortMapping port;
    std::string_view rest = spec;
    // An IPv6 host address comes in brackets, as in URLs: "[::1]:8080:80".
    const bool bracketed = rest.starts_with('[');
    std::string_view ipv6;
    if (bracketed) {
        const size_t close = rest.find(']');
        if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':')
            return makeError(EINVAL, "invalid port mapping " + quoted(spec) +
                                         ": expected [IPV6]:HOST:CONTAINER[/tcp|udp]");
        ipv6 = rest.substr(1, close - 1);
        rest.remove_prefix(close + 2);
    }
    if (const size_t slash = rest.rfind('/'); slash != std::string_view::npos) {
        port.protocol = std::string(rest.substr(slash + 1));
        if (port.protocol != "tcp" && port.protocol != "udp")
            return makeError(EINVAL, "invalid port mapping " + quoted(spec) + ": protocol " +
                                         quoted(port.protocol) + " is not `tcp` or `udp`");
        rest = rest.substr(0, slash);
    }

    std::vector<std::string_view> parts;
    while (true) {
        const size_t colon = rest.find(':');
        parts.push_back(rest.substr(0, colon));
        if (colon == std::string_view::npos)
            break;
        rest.remove_prefix(colon + 1);
    }
    if (bracketed ? parts.size() != 2 : parts.size() > 3)
        return makeError(EINVAL, "invalid port mapping " + quoted(spec) +
                                     ": expected [IP:]HOST:CONTAINER[/tcp|udp], an IPv6 address "
                                     "in brackets");

    // HOST may be left out ("80") or empty ("127.0.0.1::80"): any free port.
    if (parts.size() >= 2 && !parts[parts.size() - 2].empty()) {
        auto host = parsePort(parts[parts.size() - 2], "host", spec);
        if (!host)
            return tl::unexpected(host.error());
        port.hostPort = *host;
    }
    auto container = parsePort(parts.back(), "container", spec);
    if (!container)
        return tl::unexpected(container.error());
    port.containerPort = *container;
    if (bracketed) {
        auto ip = parseIpv6(ipv6);
        if (!ip)
            return makeError(EINVAL,
                             "invalid port mapping " + quoted(spec) + ": " + ip.error().message);
        port.hostIp = ipv6Text(*ip);
        if (port.hostIp == "::")
            return makeError(EINVAL, "invalid port mapping " + quoted(spec) + ": " +
                                         std::string(kNoIpv6Only));
    } else if (parts.size() == 3 && !parts[0].empty()) {
        auto ip = parseIpv4(parts[0]);
        if (!ip)
            return makeError(EINVAL,
                             "invalid port mapping " + quoted(spec) + ": " + ip.error().message);
        // 0.0.0.0 is every address, as an empty IP is.
        if (*ip != 0)
            port.hostIp = ipv4Text(*ip);
    }
    return port;
}

std::string portText(const PortMapping &port)
{
    std::string container = std::to_string(port.containerPort) + "/" + port.protocol;
    if (port.hostPort == 0)
        return container;
    std::string host = port.hostIp.empty() ? std::string("0.0.0.0") : port.hostIp;
    if (isIpv6Text(host))
        host = "[" + host + "]";
    return host + ":" + std::to_string(port.hostPort) + "->" + container;
}

} // namespace glassbox::net
