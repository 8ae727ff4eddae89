// Container networking: named networks (a Linux bridge with NAT, or internal), the network
// namespace each running container gets on one, published ports and the /etc files that go
// with them. The kernel objects (bridge, veth pair, addresses, routes, iptables rules, port
// forwards) and per-network DNS are made by netavark and aardvark-dns, podman's network stack
// (Debian's `netavark` and `aardvark-dns` packages, /usr/lib/podman), driven the documented
// way: the options as JSON, the namespace's path on the command line. What netavark leaves
// to its caller is here: the definitions, the address allocation (IPAM), the namespace's
// bind mount, port conflicts and the record of every attachment, from which a teardown is
// repeated after a crash.
//
// Qt-free; thread-safe: a NetworkStore's changes are serialised by a mutex of the process
// and a flock of `<runDir>/lock`, so that container queues may attach concurrently.
#pragma once

#include "glassbox/error.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::net {

/// The network every container joins unless told otherwise.
inline constexpr std::string_view kDefaultNetwork = "glassbox";
/// Where the default network's subnet, and every network created without one, is taken
/// from: the first /24 of the first of these that no host route, host address and other
/// network overlaps. A host whose VPN routes all of 10.0.0.0/8 gets one of 172.29.0.0/16.
inline constexpr std::string_view kSubnetPools[] = {"10.87.0.0/16", "172.29.0.0/16",
                                                    "192.168.224.0/20"};

/// An IPv4 prefix, host byte order.
struct Ipv4Prefix
{
    uint32_t address = 0;
    int length = 0;

    [[nodiscard]] uint32_t netmask() const;
    [[nodiscard]] uint32_t network() const { return address & netmask(); }
    [[nodiscard]] bool contains(uint32_t ip) const { return (ip & netmask()) == network(); }
    [[nodiscard]] bool overlaps(const Ipv4Prefix &other) const;
    /// "10.87.0.0/24"
    [[nodiscard]] std::string text() const;
};
/// "10.87.0.0/24" (the address must be the network's, host bits clear; length 8..30).
[[nodiscard]] Result<Ipv4Prefix> parsePrefix(std::string_view text);
/// "10.87.0.1"
[[nodiscard]] Result<uint32_t> parseIpv4(std::string_view text);
[[nodiscard]] std::string ipv4Text(uint32_t address);

/// An IPv6 address, network byte order.
using Ipv6Address = std::array<uint8_t, 16>;

/// An IPv6 prefix.
struct Ipv6Prefix
{
    Ipv6Address address{};
    int length = 0;

    [[nodiscard]] bool contains(const Ipv6Address &ip) const;
    [[nodiscard]] bool overlaps(const Ipv6Prefix &other) const;
    /// "fd3c:7a10:22e5::/64" (RFC 5952's form)
    [[nodiscard]] std::string text() const;
};
/// "fd3c:7a10:22e5::/64" (host bits clear; length 16..120).
[[nodiscard]] Result<Ipv6Prefix> parsePrefix6(std::string_view text);
/// "fd3c:7a10:22e5::1"; no zone, no brackets.
[[nodiscard]] Result<Ipv6Address> parseIpv6(std::string_view text);
[[nodiscard]] std::string ipv6Text(const Ipv6Address &address);
/// An IPv4 or IPv6 address in its canonical text ("::1", "127.0.0.1"); EINVAL otherwise.
[[nodiscard]] Result<std::string> canonicalAddress(std::string_view text);
[[nodiscard]] bool isIpv6Text(std::string_view text);

/// Names of networks: [a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}, as podman's.
[[nodiscard]] bool isNetworkName(std::string_view name);

/// A network's definition, stored as `<configDir>/<name>.json`.
struct Network
{
    std::string name;
    std::string id;        ///< 64 hex digits, random at creation
    std::string bridge;    ///< the host's bridge interface: glassbox0, glassbox1, ...
    std::string subnet;    ///< "10.87.0.0/24"
    std::string gateway;   ///< "10.87.0.1", the bridge's address
    bool internal = false; ///< no NAT, no route out: containers reach only each other
    bool dns = true;       ///< aardvark-dns on the gateway: containers resolve each other
    int64_t createdUnix = 0;
    std::string subnet6;  ///< "fd3c:7a10:22e5::/64"; "" = IPv4 only
    std::string gateway6; ///< "fd3c:7a10:22e5::1", the bridge's IPv6 address

    [[nodiscard]] bool ipv6() const { return !subnet6.empty(); }
};
[[nodiscard]] std::string toJson(const Network &network);
/// Errors name the file's field that is wrong.
[[nodiscard]] Result<Network> networkFromJson(std::string_view json);

/// What `network create` asks for; empty strings mean "choose".
struct NetworkRequest
{
    std::string name;
    std::string subnet;  ///< default: the first free /24 of kSubnetPools
    std::string gateway; ///< default: the subnet's first address
    bool internal = false;
    bool dns = true;
    /// Dual stack: an IPv6 subnet beside the IPv4 one. Off by default, as podman's: netavark
    /// turns the host's IPv6 forwarding on, which stops a host that takes its IPv6 address
    /// from router advertisements from taking more.
    bool ipv6 = false;
    std::string subnet6;  ///< default (with ipv6): a random unique local /64 (fd00::/8)
    std::string gateway6; ///< default: the IPv6 subnet's first address
};

/// Why `[::]` (every IPv6 address and none of the IPv4 ones, as Docker reads it) is refused:
/// netavark 1.4 writes it as a rule for the destination ::/128, which matches no packet.
inline constexpr std::string_view kNoIpv6Only =
    "`[::]` (every IPv6 address alone) cannot be published: leave the address out to publish "
    "on every address, IPv4 and IPv6";

/// A published port: `-p [IP:]HOST:CONTAINER[/tcp|udp]`. hostPort 0 = any free port, chosen
/// when the container starts (`-P`, or `-p CONTAINER`).
struct PortMapping
{
    /// "" = every address of the host (its IPv6 ones too on a network with IPv6); otherwise
    /// one address, IPv4 or IPv6, in its canonical text ("::" is refused: kNoIpv6Only).
    std::string hostIp;
    uint16_t hostPort = 0;
    uint16_t containerPort = 0;
    std::string protocol = "tcp"; ///< "tcp" or "udp"

    friend bool operator==(const PortMapping &, const PortMapping &) = default;
};
/// "8080:80", "127.0.0.1:8080:80/udp", "80" (any host port), "[fd00::1]:8080:80" (an IPv6
/// host address in brackets: for networks with an IPv6 subnet).
[[nodiscard]] Result<PortMapping> parsePortMapping(std::string_view spec);
/// The same form back ("127.0.0.1:8080->80/tcp", "[::1]:8080->80/tcp" as docker ps shows it).
[[nodiscard]] std::string portText(const PortMapping &port);

/// One running container on one network.
struct AttachRequest
{
    std::string containerId; ///< 64 hex
    std::string name;        ///< the container's name: resolvable by the others (DNS)
    std::string hostname;    ///< written to /etc/hostname and /etc/hosts
    std::string network;     ///< a network's name
    std::vector<PortMapping> ports;
};

struct Attachment
{
    std::string containerId;
    std::string name;
    std::string hostname;
    std::string network;
    std::string netnsPath;               ///< `<runDir>/netns/<id>`, a bind mount of the namespace
    std::string interface;               ///< inside: "eth0"
    std::string address;                 ///< "10.87.0.2/24"
    std::string gateway;                 ///< "10.87.0.1"
    std::string address6;                ///< "fd3c:7a10:22e5::2/64"; "" without IPv6
    std::string gateway6;                ///< "fd3c:7a10:22e5::1"
    std::string macAddress;              ///< as netavark reported it
    std::string hostVeth;                ///< the veth's host end (found by its peer index)
    std::vector<std::string> dnsServers; ///< what /etc/resolv.conf names
    std::vector<PortMapping> ports;      ///< as published: host ports chosen
};
[[nodiscard]] std::string toJson(const Attachment &attachment);
[[nodiscard]] Result<Attachment> attachmentFromJson(std::string_view json);

/// Where netavark and aardvark-dns are (Debian installs them outside PATH).
struct Tools
{
    std::string netavark = "/usr/lib/podman/netavark";
    std::string aardvarkDns = "/usr/lib/podman/aardvark-dns";
};

/// Networks' definitions (`configDir`, kept: /var/lib/glassbox/networks) and what runs on
/// them (`runDir`, gone at reboot like the namespaces: /run/glassbox/networks).
class NetworkStore
{
public:
    NetworkStore(std::string configDir, std::string runDir, Tools tools = {});

    [[nodiscard]] Result<std::vector<Network>> list() const;
    /// ENOENT "no network `NAME`".
    [[nodiscard]] Result<Network> get(std::string_view name) const;
    /// EEXIST for a taken name; EINVAL for a bad name, subnet or gateway, a subnet (IPv4 or
    /// IPv6) that overlaps a host route or address or another network (the message names both).
    [[nodiscard]] Result<Network> create(const NetworkRequest &request);
    /// EBUSY "network `NAME` is in use by N containers" ("1 container"); ENOENT. Nothing is
    /// changed then.
    [[nodiscard]] Status remove(std::string_view name);
    /// The default network, created the first time it is asked for.
    [[nodiscard]] Result<Network> ensureDefault();

    /// Gives the container a network namespace at `<runDir>/netns/<id>` on
    /// `request.network`: an address, its veth on the bridge, DNS, the port forwards. Ports
    /// are checked first, each a clear error naming it (taken on the host, or published by
    /// another container) before anything is made; a failure undoes what was made.
    /// The attachment is recorded (`<runDir>/containers/<id>.json`) before netavark runs,
    /// so that detach() can undo a half-made one. EEXIST when the container has a record
    /// already (detach() it first); EINVAL for ports on an internal network, and for a port on
    /// an IPv6 host address when the network has no IPv6 subnet.
    [[nodiscard]] Result<Attachment> attach(const AttachRequest &request);
    /// attach() in two steps, for a caller that starts the container meanwhile (netavark's
    /// setup is most of a network's start cost): reserve() does everything but netavark's
    /// setup (the ports checked, the addresses chosen, the record, the namespace, which the
    /// container may join as soon as it returns); setUp() then runs netavark and completes
    /// the record. A setUp() that fails undoes the attachment, as a failed attach() does;
    /// ENOENT when nothing is reserved for the container.
    [[nodiscard]] Result<Attachment> reserve(const AttachRequest &request);
    [[nodiscard]] Result<Attachment> setUp(std::string_view containerId);
    /// Undoes attach(): netavark's teardown with the recorded options, the namespace's bind
    /// mount, the lease, the record. Idempotent; no record = nothing to do. A namespace
    /// whose mount is gone gets an empty stand-in, so that the rules still go. When the
    /// teardown fails, the namespace goes but the record stays: the next detach() repeats it.
    [[nodiscard]] Status detach(std::string_view containerId);
    /// The recorded attachment of a container, if it has one.
    [[nodiscard]] Result<std::optional<Attachment>> attachment(std::string_view containerId) const;
    [[nodiscard]] Result<std::vector<Attachment>> attachments() const;

    [[nodiscard]] std::string netnsPath(std::string_view containerId) const;

private:
    std::string m_configDir;
    std::string m_runDir;
    Tools m_tools;
};

/// A new network namespace, bind-mounted at `path` (the file is created): made on a thread
/// of its own (unshare(CLONE_NEWNET) changes only the calling thread), so the caller's
/// namespace never changes. EEXIST if `path` is already a namespace.
[[nodiscard]] Status createNamespace(const std::string &path);
/// Unmounts (MNT_DETACH) and unlinks `path`; ENOENT-free when it is already gone.
[[nodiscard]] Status removeNamespace(const std::string &path);

/// The container's /etc files, as Docker writes them.
/// hosts: localhost lines, then "ADDRESS HOSTNAME NAME" for the container itself.
[[nodiscard]] std::string hostsFile(const Attachment &attachment);
[[nodiscard]] std::string hostsFileWithoutNetwork(const std::string &hostname);
/// resolv.conf: `dnsServers` (the network's DNS on its gateway) when there are any;
/// otherwise the host's nameservers without loopback ones (127.0.0.0/8, ::1: systemd-resolved's
/// 127.0.0.53 cannot be reached from another namespace), and when none is left a comment
/// that says so. `hostResolvConf` is the host's file; its search and options lines are kept.
[[nodiscard]] std::string resolvConf(std::string_view hostResolvConf,
                                     const std::vector<std::string> &dnsServers);

} // namespace glassbox::net
