// What the host already uses: routes and addresses a new subnet must not overlap, and ports
// a published port must not take.
#include "network_p.h"

#include "glassbox/file_io.h"

#include <algorithm>
#include <arpa/inet.h>
#include <bit>
#include <cerrno>
#include <cstdlib>
#include <ifaddrs.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>

namespace glassbox::net::detail {

namespace {

int prefixLength(uint32_t netmask)
{
    return std::popcount(netmask);
}

uint32_t hexValue(const std::string &text)
{
    return static_cast<uint32_t>(std::strtoul(text.c_str(), nullptr, 16));
}

// /proc/net/route: "Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT",
// addresses as the hex of their bytes in memory (network order read as a host integer).
Result<std::vector<HostPrefix>> routes()
{
    auto table = readFile("/proc/net/route");
    if (!table)
        return tl::unexpected(table.error());
    std::vector<HostPrefix> prefixes;
    std::istringstream lines(*table);
    std::string line;
    std::getline(lines, line); // the header
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string interface, destination, gateway, flags, refCount, use, metric, mask;
        if (!(fields >> interface >> destination >> gateway >> flags >> refCount >> use >> metric >>
              mask))
            continue;
        const auto network = ntohl(hexValue(destination));
        const auto netmask = ntohl(hexValue(mask));
        const auto routeFlags = hexValue(flags);
        // The default route covers everything; it is where traffic leaves, not a subnet.
        if (netmask == 0 || (routeFlags & RTF_UP) == 0)
            continue;
        const Ipv4Prefix prefix{network & netmask, prefixLength(netmask)};
        prefixes.push_back({prefix, "route " + quoted(prefix.text()) + " on " + quoted(interface)});
    }
    return prefixes;
}

Result<std::vector<HostPrefix>> addresses()
{
    ifaddrs *list = nullptr;
    if (::getifaddrs(&list) != 0)
        return sysError("list the host's addresses");
    std::vector<HostPrefix> prefixes;
    for (const ifaddrs *entry = list; entry != nullptr; entry = entry->ifa_next) {
        if (entry->ifa_addr == nullptr || entry->ifa_netmask == nullptr ||
            entry->ifa_addr->sa_family != AF_INET)
            continue;
        const auto *address = reinterpret_cast<const sockaddr_in *>(entry->ifa_addr);
        const auto *netmask = reinterpret_cast<const sockaddr_in *>(entry->ifa_netmask);
        const Ipv4Prefix prefix{ntohl(address->sin_addr.s_addr),
                                prefixLength(ntohl(netmask->sin_addr.s_addr))};
        prefixes.push_back(
            {prefix, "address " + quoted(prefix.text()) + " of " + quoted(entry->ifa_name)});
    }
    ::freeifaddrs(list);
    return prefixes;
}

// A /proc/net/ipv6_route file is missing without IPv6.
Result<std::vector<HostPrefix6>> routes6()
{
    auto table = readFile("/proc/net/ipv6_route");
    if (!table) {
        if (table.error().code == ENOENT)
            return std::vector<HostPrefix6>();
        return tl::unexpected(table.error());
    }
    std::vector<HostPrefix6> prefixes;
    for (const Ipv6Route &route : parseIpv6Routes(*table)) {
        // The default route is where traffic leaves, not a subnet.
        if (!isMainIpv6Route(route) || route.destination.length == 0)
            continue;
        prefixes.push_back({route.destination, "route " + quoted(route.destination.text()) +
                                                   " on " + quoted(route.interface)});
    }
    return prefixes;
}

Result<std::vector<HostPrefix6>> addresses6()
{
    ifaddrs *list = nullptr;
    if (::getifaddrs(&list) != 0)
        return sysError("list the host's addresses");
    std::vector<HostPrefix6> prefixes;
    for (const ifaddrs *entry = list; entry != nullptr; entry = entry->ifa_next) {
        if (entry->ifa_addr == nullptr || entry->ifa_netmask == nullptr ||
            entry->ifa_addr->sa_family != AF_INET6)
            continue;
        const auto *address = reinterpret_cast<const sockaddr_in6 *>(entry->ifa_addr);
        const auto *netmask = reinterpret_cast<const sockaddr_in6 *>(entry->ifa_netmask);
        Ipv6Prefix prefix;
        for (size_t i = 0; i < 16; ++i) {
            prefix.length += std::popcount(netmask->sin6_addr.s6_addr[i]);
            prefix.address[i] = address->sin6_addr.s6_addr[i] & netmask->sin6_addr.s6_addr[i];
        }
        if (prefix.address[0] == 0xfe && (prefix.address[1] & 0xc0) == 0x80)
            continue; // link-local
        Ipv6Address own{};
        std::copy(std::begin(address->sin6_addr.s6_addr), std::end(address->sin6_addr.s6_addr),
                  own.begin());
        const std::string text = ipv6Text(own) + "/" + std::to_string(prefix.length);
        prefixes.push_back({prefix, "address " + quoted(text) + " of " + quoted(entry->ifa_name)});
    }
    ::freeifaddrs(list);
    return prefixes;
}

} // namespace

std::vector<Ipv6Route> parseIpv6Routes(const std::string &table)
{
    // "DEST DEST_LEN SRC SRC_LEN NEXT_HOP METRIC REFCNT USE FLAGS IFACE": addresses as 32 hex
    // digits, the rest in hex.
    const auto address = [](const std::string &hex) {
        Ipv6Address bytes{};
        for (size_t i = 0; i < 16; ++i)
            bytes[i] = static_cast<uint8_t>(hexValue(hex.substr(2 * i, 2)));
        return bytes;
    };
    std::vector<Ipv6Route> routes;
    std::istringstream lines(table);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        std::string destination, length, source, sourceLength, nextHop, metric, refCount, use,
            flags, interface;
        if (!(fields >> destination >> length >> source >> sourceLength >> nextHop >> metric >>
              refCount >> use >> flags >> interface) ||
            destination.size() != 32 || nextHop.size() != 32 || hexValue(length) > 128)
            continue;
        routes.push_back({{address(destination), static_cast<int>(hexValue(length))},
                          address(nextHop),
                          hexValue(flags),
                          interface});
    }
    return routes;
}

bool isMainIpv6Route(const Ipv6Route &route)
{
    constexpr uint32_t kLocal = 0x80000000;  // RTF_LOCAL: the local table's
    constexpr uint32_t kReject = RTF_REJECT; // unreachable, as lo's ::/0 in a new namespace
    const Ipv6Address &destination = route.destination.address;
    const bool linkLocal = destination[0] == 0xfe && (destination[1] & 0xc0) == 0x80;
    const bool multicast = destination[0] == 0xff;
    return (route.flags & (kLocal | kReject)) == 0 && !linkLocal && !multicast &&
           route.interface != "lo";
}

Result<std::vector<HostPrefix6>> hostPrefixes6()
{
    auto prefixes = routes6();
    if (!prefixes)
        return withContext(prefixes.error(), "read the host's IPv6 routes");
    auto own = addresses6();
    if (!own)
        return tl::unexpected(own.error());
    prefixes->insert(prefixes->end(), own->begin(), own->end());
    return prefixes;
}

Result<std::vector<HostPrefix>> hostPrefixes()
{
    auto prefixes = routes();
    if (!prefixes)
        return withContext(prefixes.error(), "read the host's routes");
    auto own = addresses();
    if (!own)
        return tl::unexpected(own.error());
    prefixes->insert(prefixes->end(), own->begin(), own->end());
    return prefixes;
}

Result<uint16_t> probePort(const std::string &hostIp, uint16_t port, const std::string &protocol)
{
    const bool tcp = protocol == "tcp";
    const bool ipv6 = isIpv6Text(hostIp);
    const std::string name = std::to_string(port) + "/" + protocol;
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (ipv6) {
        auto ip = parseIpv6(hostIp);
        if (!ip)
            return tl::unexpected(ip.error());
        auto &address = reinterpret_cast<sockaddr_in6 &>(storage);
        address.sin6_family = AF_INET6;
        address.sin6_port = htons(port);
        std::copy(ip->begin(), ip->end(), address.sin6_addr.s6_addr);
        length = sizeof address;
    } else {
        auto &address = reinterpret_cast<sockaddr_in &>(storage);
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        if (!hostIp.empty()) {
            auto ip = parseIpv4(hostIp);
            if (!ip)
                return tl::unexpected(ip.error());
            address.sin_addr.s_addr = htonl(*ip);
        }
        length = sizeof address;
    }
    auto *address = reinterpret_cast<sockaddr *>(&storage);
    UniqueFd socket(
        ::socket(address->sa_family, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0));
    if (!socket)
        return sysError("open a " + protocol + " socket to check host port " + name);
    // A TIME_WAIT connection of an earlier container does not hold the port; an IPv6 socket
    // asks about IPv6 alone (the IPv4 side is probed on its own).
    const int on = 1;
    if (tcp && ::setsockopt(socket.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0)
        return sysError("set SO_REUSEADDR to check host port " + name);
    if (ipv6 && ::setsockopt(socket.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) != 0)
        return sysError("set IPV6_V6ONLY to check host port " + name);
    if (::bind(socket.get(), address, length) != 0) {
        if (errno == EADDRINUSE)
            return makeError(EADDRINUSE, "host port " + name + " is already in use" +
                                             (hostIp.empty() ? "" : " on " + quoted(hostIp)));
        return sysError("publish port " + name + " on " +
                        quoted(hostIp.empty() ? "0.0.0.0" : hostIp));
    }
    if (::getsockname(socket.get(), address, &length) != 0)
        return sysError("read the port of a " + protocol + " socket");
    return ntohs(address->sa_family == AF_INET6
                     ? reinterpret_cast<const sockaddr_in6 *>(address)->sin6_port
                     : reinterpret_cast<const sockaddr_in *>(address)->sin_port);
}

} // namespace glassbox::net::detail
