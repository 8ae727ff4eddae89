// What the files of core/src/network share: the store's lock and paths, the host's view
// (routes, addresses, free ports, the veth's host end) and netavark's options and output.
#pragma once

#include "glassbox/fd.h"
#include "glassbox/network.h"

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::net::detail {

/// mkdir -p: every missing directory of `path` is created with `mode`.
[[nodiscard]] Status makeDirectories(const std::string &path, unsigned mode);

/// The names of the `*.json` files in `directory`, sorted; none when it does not exist.
[[nodiscard]] Result<std::vector<std::string>> jsonFilesIn(const std::string &directory);

/// unlink(2); a file that is already gone is no error.
[[nodiscard]] Status removeFile(const std::string &path);

/// `bytes` random bytes (getrandom) as lower-case hex digits.
[[nodiscard]] Result<std::string> randomHex(size_t bytes);

/// Runs `work` on a thread of its own and waits for it: what it changes about its thread
/// (setns, unshare of the network namespace) never reaches the caller's.
[[nodiscard]] Status runOnThread(const std::function<Status()> &work);

/// Whether `path` is a namespace file (a bind mount of one: nsfs).
[[nodiscard]] bool isNamespaceFile(const std::string &path);

/// The process-wide mutex and the flock of `<runDir>/lock`, held together: every change of a
/// NetworkStore (definitions, records, netavark runs) happens under one.
class StoreLock
{
public:
    [[nodiscard]] static Result<StoreLock> acquire(const std::string &runDir);

private:
    StoreLock(std::unique_lock<std::mutex> guard, UniqueFd file)
        : m_guard(std::move(guard)), m_file(std::move(file))
    {
    }

    std::unique_lock<std::mutex> m_guard;
    UniqueFd m_file; ///< flocked; declared last so that it is closed first
};

/// Where a store keeps what runs (below runDir).
[[nodiscard]] std::string recordPath(const std::string &runDir, std::string_view containerId);
[[nodiscard]] std::string optionsPath(const std::string &runDir, std::string_view containerId);
[[nodiscard]] std::string netavarkConfigDir(const std::string &runDir);

/// A prefix of the host that a network's subnet must not overlap, and how to name it.
struct HostPrefix
{
    Ipv4Prefix prefix;
    std::string description; ///< "route `10.87.0.0/24` on `eth0`"
};
/// The routes (/proc/net/route, without the default route) and the addresses (getifaddrs)
/// of the caller's network namespace.
[[nodiscard]] Result<std::vector<HostPrefix>> hostPrefixes();

/// One line of /proc/net/ipv6_route.
struct Ipv6Route
{
    Ipv6Prefix destination;
    Ipv6Address nextHop{}; ///< :: for a directly connected one
    uint32_t flags = 0;    ///< RTF_*
    std::string interface;
};
/// Lines that do not parse are left out.
[[nodiscard]] std::vector<Ipv6Route> parseIpv6Routes(const std::string &table);
/// Whether `route` is one `ip -6 route` shows: not the local table's (the namespace's own
/// addresses, multicast), not a link-local one, not a rejecting one.
[[nodiscard]] bool isMainIpv6Route(const Ipv6Route &route);

struct HostPrefix6
{
    Ipv6Prefix prefix;
    std::string description; ///< "route `fd00:1::/64` on `eth0`"
};
/// The IPv6 routes (/proc/net/ipv6_route, without the default route, link-local and
/// multicast ones) and the IPv6 addresses of the caller's network namespace; none on a host
/// without IPv6.
[[nodiscard]] Result<std::vector<HostPrefix6>> hostPrefixes6();

/// Binds a socket of `protocol` to `hostIp`:`port` in the caller's namespace and closes it:
/// EADDRINUSE "host port 8080/tcp is already in use". Port 0 asks the kernel for a free one,
/// which is returned. An IPv6 `hostIp` binds an IPv6-only socket.
[[nodiscard]] Result<uint16_t> probePort(const std::string &hostIp, uint16_t port,
                                         const std::string &protocol);

/// The name, in the caller's namespace, of the veth whose peer is `interface` in the
/// namespace at `netnsPath` (the peer's ifindex from rtnetlink's IFLA_LINK).
[[nodiscard]] Result<std::string> hostVethOf(const std::string &netnsPath,
                                             const std::string &interface);

/// netavark's options for `setup` and `teardown` of one container on one network.
[[nodiscard]] std::string netavarkOptions(const Network &network, const Attachment &attachment);

/// What `netavark setup` reports for the container's interface.
struct SetupReport
{
    std::string macAddress;
    std::string address; ///< "10.87.0.2/24"
    std::string gateway;
    std::string address6; ///< "fd00:1::2/64"; "" without IPv6
    std::string gateway6;
    std::vector<std::string> dnsServers;
};
[[nodiscard]] Result<SetupReport>
parseSetupOutput(std::string_view output, const std::string &network, const std::string &interface);

/// `netavark --config <configDir> --aardvark-binary <...> --file <optionsFile> <verb>
/// <netnsPath>`: its standard output; an error carries netavark's own message.
[[nodiscard]] Result<std::string> runNetavark(const Tools &tools, const std::string &configDir,
                                              const std::string &optionsFile, std::string_view verb,
                                              const std::string &netnsPath);

} // namespace glassbox::net::detail
