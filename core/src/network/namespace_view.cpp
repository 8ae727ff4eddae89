// A network namespace as seen from inside (see glassbox/network_view.h).
#include "glassbox/network_view.h"

#include "network_p.h"

#include "glassbox/fd.h"
#include "glassbox/file_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <map>
#include <net/if.h>
#include <sched.h>
#include <sstream>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace glassbox::net {

namespace {

/// The number of leading one bits of a netmask (IPv4 or IPv6), as a prefix length.
int prefixLength(const sockaddr *mask)
{
    if (!mask)
        return 0;
    const unsigned char *bytes = nullptr;
    size_t size = 0;
    if (mask->sa_family == AF_INET) {
        bytes = reinterpret_cast<const unsigned char *>(
            &reinterpret_cast<const sockaddr_in *>(mask)->sin_addr);
        size = 4;
    } else if (mask->sa_family == AF_INET6) {
        bytes = reinterpret_cast<const unsigned char *>(
            &reinterpret_cast<const sockaddr_in6 *>(mask)->sin6_addr);
        size = 16;
    }
    int length = 0;
    for (size_t i = 0; i < size; ++i)
        length += __builtin_popcount(bytes[i]);
    return length;
}

std::string addressText(const sockaddr *address)
{
    char text[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET)
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in *>(address)->sin_addr, text,
                    sizeof text);
    else
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6 *>(address)->sin6_addr, text,
                    sizeof text);
    return text;
}

std::string macText(const sockaddr_ll *link)
{
    if (link->sll_halen == 0)
        return {};
    std::string text;
    char part[4];
    for (int i = 0; i < link->sll_halen; ++i) {
        std::snprintf(part, sizeof part, i == 0 ? "%02x" : ":%02x", link->sll_addr[i]);
        text += part;
    }
    return text == "00:00:00:00:00:00" ? std::string() : text;
}

/// What getifaddrs() and two ioctls say about the namespace this thread is in.
Result<std::vector<InterfaceView>> readInterfaces()
{
    ifaddrs *list = nullptr;
    if (::getifaddrs(&list) != 0)
        return sysError("getifaddrs");
    std::map<std::string, InterfaceView> byName;
    for (const ifaddrs *entry = list; entry; entry = entry->ifa_next) {
        if (!entry->ifa_name)
            continue;
        InterfaceView &view = byName[entry->ifa_name];
        view.name = entry->ifa_name;
        view.up = (entry->ifa_flags & IFF_UP) != 0;
        if (!entry->ifa_addr)
            continue;
        const int family = entry->ifa_addr->sa_family;
        if (family == AF_PACKET) {
            view.mac = macText(reinterpret_cast<const sockaddr_ll *>(entry->ifa_addr));
            if (entry->ifa_data) {
                const auto *stats = static_cast<const rtnl_link_stats *>(entry->ifa_data);
                view.rxBytes = stats->rx_bytes;
                view.txBytes = stats->tx_bytes;
            }
        } else if (family == AF_INET || family == AF_INET6) {
            view.addresses.push_back(addressText(entry->ifa_addr) + "/" +
                                     std::to_string(prefixLength(entry->ifa_netmask)));
        }
    }
    ::freeifaddrs(list);
    std::vector<InterfaceView> interfaces;
    UniqueFd socket(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    for (auto &[name, view] : byName) {
        view.index = ::if_nametoindex(name.c_str());
        ifreq request{};
        name.copy(request.ifr_name, IFNAMSIZ - 1);
        if (socket && ::ioctl(socket.get(), SIOCGIFMTU, &request) == 0)
            view.mtu = request.ifr_mtu;
        interfaces.push_back(std::move(view));
    }
    std::sort(interfaces.begin(), interfaces.end(),
              [](const InterfaceView &a, const InterfaceView &b) { return a.index < b.index; });
    return interfaces;
}

/// /proc/net/route's addresses: 8 hex digits in the kernel's (little-endian) byte order.
std::string routeAddress(const std::string &hex)
{
    in_addr address{};
    address.s_addr = uint32_t(std::stoul(hex, nullptr, 16));
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &address, text, sizeof text);
    return text;
}

Result<std::vector<RouteView>> readRoutes(pid_t pid)
{
    const std::string path = "/proc/" + std::to_string(pid) + "/net/route";
    auto text = readFile(path, 4 << 20);
    if (!text)
        return tl::unexpected(text.error());
    std::vector<RouteView> routes;
    std::istringstream lines(*text);
    std::string line;
    std::getline(lines, line); // the header
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string device, destination, gateway, flags, refs, use, metric, mask;
        if (!(fields >> device >> destination >> gateway >> flags >> refs >> use >> metric >> mask))
            continue;
        try {
            in_addr maskAddress{};
            maskAddress.s_addr = uint32_t(std::stoul(mask, nullptr, 16));
            const int length = __builtin_popcount(maskAddress.s_addr);
            const std::string via = routeAddress(gateway);
            routes.push_back({routeAddress(destination) + "/" + std::to_string(length),
                              via == "0.0.0.0" ? std::string() : via, device});
        } catch (const std::exception &) {
            return makeError(0, "`" + path + "` has a line that is not a route: " + quoted(line));
        }
    }
    // IPv6 ones as `ip -6 route` shows them; a namespace without IPv6 has no such file.
    auto table6 = readFile("/proc/" + std::to_string(pid) + "/net/ipv6_route", 4 << 20);
    if (!table6 && table6.error().code != ENOENT)
        return tl::unexpected(table6.error());
    for (const detail::Ipv6Route &route : detail::parseIpv6Routes(table6.value_or(""))) {
        if (!detail::isMainIpv6Route(route))
            continue;
        const std::string via = ipv6Text(route.nextHop);
        routes.push_back(
            {route.destination.text(), via == "::" ? std::string() : via, route.interface});
    }
    return routes;
}

} // namespace

Result<NamespaceView> viewNamespace(pid_t pid)
{
    const std::string path = "/proc/" + std::to_string(pid) + "/ns/net";
    UniqueFd ns(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!ns)
        return sysError("open " + quoted(path));
    Result<std::vector<InterfaceView>> interfaces = makeError(0, "not read");
    // A thread of its own joins the namespace and ends there: no other thread's changes.
    std::thread reader([&] {
        if (::setns(ns.get(), CLONE_NEWNET) != 0) {
            interfaces = sysError("join the network namespace of pid " + std::to_string(pid));
            return;
        }
        interfaces = readInterfaces();
    });
    reader.join();
    if (!interfaces)
        return tl::unexpected(interfaces.error());
    auto routes = readRoutes(pid);
    if (!routes)
        return tl::unexpected(routes.error());
    return NamespaceView{std::move(*interfaces), std::move(*routes)};
}

std::string toJson(const NamespaceView &view)
{
    nlohmann::json interfaces = nlohmann::json::array();
    for (const InterfaceView &item : view.interfaces)
        interfaces.push_back({{"name", item.name},
                              {"index", item.index},
                              {"mac", item.mac},
                              {"mtu", item.mtu},
                              {"up", item.up},
                              {"addresses", item.addresses},
                              {"rxBytes", item.rxBytes},
                              {"txBytes", item.txBytes}});
    nlohmann::json routes = nlohmann::json::array();
    for (const RouteView &route : view.routes)
        routes.push_back({{"destination", route.destination},
                          {"gateway", route.gateway},
                          {"interface", route.interface}});
    return nlohmann::json{{"interfaces", interfaces}, {"routes", routes}}.dump();
}

} // namespace glassbox::net
