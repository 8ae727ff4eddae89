// What the host already uses: routes and addresses a new subnet must not overlap, and ports
// a published port must not take.
#include "network_p.h"

#include "glassbox/file_io.h"

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

} // namespace

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
    const std::string name = std::to_string(port) + "/" + protocol;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (!hostIp.empty()) {
        auto ip = parseIpv4(hostIp);
        if (!ip)
            return tl::unexpected(ip.error());
        address.sin_addr.s_addr = htonl(*ip);
    }
    UniqueFd socket(::socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0));
    if (!socket)
        return sysError("open a " + protocol + " socket to check host port " + name);
    // A TIME_WAIT connection of an earlier container does not hold the port.
    const int on = 1;
    if (tcp && ::setsockopt(socket.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0)
        return sysError("set SO_REUSEADDR to check host port " + name);
    if (::bind(socket.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        if (errno == EADDRINUSE)
            return makeError(EADDRINUSE, "host port " + name + " is already in use");
        return sysError("publish port " + name + " on " +
                        quoted(hostIp.empty() ? "0.0.0.0" : hostIp));
    }
    socklen_t length = sizeof address;
    if (::getsockname(socket.get(), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return sysError("read the port of a " + protocol + " socket");
    return ntohs(address.sin_port);
}

} // namespace glassbox::net::detail
