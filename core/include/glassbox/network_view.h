// A network namespace as seen from inside: its interfaces with their addresses and byte
// counters, and its routes (IPv4 and IPv6). What the desktop application's Network tab shows
// next to what the helper made (glassbox/network.h), read the way `ip addr` and `ip route`
// inside would.
#pragma once

#include "glassbox/error.h"

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace glassbox::net {

struct InterfaceView
{
    std::string name;
    unsigned index = 0;
    std::string mac; ///< "" for interfaces without one (lo)
    int mtu = 0;
    bool up = false;
    std::vector<std::string> addresses; ///< "10.87.0.2/24", "fe80::1/64"
    uint64_t rxBytes = 0;
    uint64_t txBytes = 0;
};

struct RouteView
{
    std::string destination; ///< "0.0.0.0/0", "10.87.0.0/24"
    std::string gateway;     ///< "" for a directly connected one
    std::string interface;
};

struct NamespaceView
{
    std::vector<InterfaceView> interfaces; ///< by index
    std::vector<RouteView> routes;
};

/// The network namespace process `pid` is in. Interfaces are read on a thread that joins
/// the namespace (setns(CLONE_NEWNET) changes only the calling thread's), routes from
/// /proc/PID/net/route and ipv6_route. Errors name the pid.
[[nodiscard]] Result<NamespaceView> viewNamespace(pid_t pid);

/// {"interfaces":[{"name","index","mac","mtu","up","addresses","rxBytes","txBytes"}],
///  "routes":[{"destination","gateway","interface"}]}
[[nodiscard]] std::string toJson(const NamespaceView &view);

} // namespace glassbox::net
