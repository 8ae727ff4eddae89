// Networks' definitions: `<configDir>/<name>.json`, created with a subnet no host route,
// host address or other network overlaps, and removed only when no container is on them.
#include "network_p.h"

#include "glassbox/file_io.h"

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <optional>
#include <string>

namespace glassbox::net {

using namespace detail;

namespace {

std::string containersText(size_t count)
{
    return std::to_string(count) + (count == 1 ? " container" : " containers");
}

// What `subnet` overlaps among the other networks and the host's prefixes, or "".
std::string overlapOf(const Ipv4Prefix &subnet, const std::vector<Network> &networks,
                      const std::vector<HostPrefix> &host)
{
    for (const Network &network : networks) {
        auto other = parsePrefix(network.subnet);
        if (other && subnet.overlaps(*other))
            return "network " + quoted(network.name) + " (" + quoted(network.subnet) + ")";
    }
    for (const HostPrefix &prefix : host)
        if (subnet.overlaps(prefix.prefix))
            return "the host's " + prefix.description;
    return {};
}

Result<Ipv4Prefix> chooseSubnet(const std::vector<Network> &networks,
                                const std::vector<HostPrefix> &host)
{
    std::string pools;
    for (const std::string_view text : kSubnetPools) {
        auto pool = parsePrefix(text);
        if (!pool)
            return tl::unexpected(pool.error());
        const uint32_t count = uint32_t(1) << (24 - pool->length);
        for (uint32_t index = 0; index < count; ++index) {
            const Ipv4Prefix candidate{pool->network() + (index << 8), 24};
            if (overlapOf(candidate, networks, host).empty())
                return candidate;
        }
        pools += (pools.empty() ? "" : ", ") + quoted(text);
    }
    return makeError(ENOSPC,
                     "every /24 of " + pools + " is taken by a network or the host: give a subnet");
}

Result<uint32_t> chooseGateway(const NetworkRequest &request, const Ipv4Prefix &subnet)
{
    const uint32_t broadcast = subnet.network() | ~subnet.netmask();
    if (request.gateway.empty())
        return subnet.network() + 1;
    auto gateway = parseIpv4(request.gateway);
    if (!gateway)
        return makeError(EINVAL, "invalid gateway: " + gateway.error().message);
    if (!subnet.contains(*gateway))
        return makeError(EINVAL, "gateway " + quoted(request.gateway) + " is not in subnet " +
                                     quoted(subnet.text()));
    if (*gateway == subnet.network() || *gateway == broadcast)
        return makeError(EINVAL, "gateway " + quoted(request.gateway) + " is the " +
                                     (*gateway == broadcast ? "broadcast" : "network") +
                                     " address of " + quoted(subnet.text()));
    return *gateway;
}

// What `subnet` overlaps among the other networks' IPv6 subnets and the host's, or "".
std::string overlapOf6(const Ipv6Prefix &subnet, const std::vector<Network> &networks,
                       const std::vector<HostPrefix6> &host)
{
    for (const Network &network : networks) {
        if (!network.ipv6())
            continue;
        auto other = parsePrefix6(network.subnet6);
        if (other && subnet.overlaps(*other))
            return "network " + quoted(network.name) + " (" + quoted(network.subnet6) + ")";
    }
    for (const HostPrefix6 &prefix : host)
        if (subnet.overlaps(prefix.prefix))
            return "the host's " + prefix.description;
    return {};
}

// A unique local /64 (RFC 4193): fd, a random 40-bit global id, subnet 0. Collisions are
// unlikely by design; one with a host route or another network draws again.
Result<Ipv6Prefix> chooseSubnet6(const std::vector<Network> &networks,
                                 const std::vector<HostPrefix6> &host)
{
    for (int attempt = 0; attempt < 16; ++attempt) {
        auto random = randomHex(5);
        if (!random)
            return tl::unexpected(random.error());
        Ipv6Prefix candidate{{0xfd}, 64};
        for (size_t i = 0; i < 5; ++i)
            candidate.address[i + 1] =
                static_cast<uint8_t>(std::stoul(random->substr(2 * i, 2), nullptr, 16));
        if (overlapOf6(candidate, networks, host).empty())
            return candidate;
    }
    return makeError(ENOSPC, "no free unique local IPv6 /64 found: give an IPv6 subnet");
}

Result<Ipv6Address> chooseGateway6(const NetworkRequest &request, const Ipv6Prefix &subnet)
{
    if (request.gateway6.empty()) {
        Ipv6Address first = subnet.address;
        first[15] |= 1;
        return first;
    }
    auto gateway = parseIpv6(request.gateway6);
    if (!gateway)
        return makeError(EINVAL, "invalid IPv6 gateway: " + gateway.error().message);
    if (!subnet.contains(*gateway))
        return makeError(EINVAL, "IPv6 gateway " + quoted(request.gateway6) + " is not in subnet " +
                                     quoted(subnet.text()));
    if (*gateway == subnet.address)
        return makeError(EINVAL, "IPv6 gateway " + quoted(request.gateway6) +
                                     " is the subnet-router anycast address of " +
                                     quoted(subnet.text()));
    return *gateway;
}

std::string chooseBridge(const std::vector<Network> &networks)
{
    for (int index = 0;; ++index) {
        std::string name = "glassbox" + std::to_string(index);
        if (std::none_of(networks.begin(), networks.end(),
                         [&](const Network &network) { return network.bridge == name; }))
            return name;
    }
}

} // namespace

NetworkStore::NetworkStore(std::string configDir, std::string runDir, Tools tools)
    : m_configDir(std::move(configDir)), m_runDir(std::move(runDir)), m_tools(std::move(tools))
{
}

std::string NetworkStore::netnsPath(std::string_view containerId) const
{
    return m_runDir + "/netns/" + std::string(containerId);
}

Result<std::vector<Network>> NetworkStore::list() const
{
    auto names = jsonFilesIn(m_configDir);
    if (!names)
        return tl::unexpected(names.error());
    std::vector<Network> networks;
    for (const std::string &file : *names) {
        const std::string_view name = std::string_view(file).substr(0, file.size() - 5);
        if (!isNetworkName(name))
            continue; // not one of ours: get() could never find it either
        auto network = get(name);
        if (!network)
            return tl::unexpected(network.error());
        networks.push_back(std::move(*network));
    }
    return networks;
}

Result<Network> NetworkStore::get(std::string_view name) const
{
    if (!isNetworkName(name))
        return makeError(ENOENT, "no network " + quoted(name));
    const std::string path = m_configDir + "/" + std::string(name) + ".json";
    auto text = readFile(path);
    if (!text) {
        if (text.error().code == ENOENT)
            return makeError(ENOENT, "no network " + quoted(name));
        return tl::unexpected(text.error());
    }
    auto network = networkFromJson(*text);
    if (!network)
        return withContext(network.error(), quoted(path));
    if (network->name != name)
        return makeError(EINVAL, quoted(path) + ": `name` is " + quoted(network->name) +
                                     ", not the file's name");
    return network;
}

Result<Network> NetworkStore::create(const NetworkRequest &request)
{
    if (!isNetworkName(request.name))
        return makeError(EINVAL, "invalid network name " + quoted(request.name) +
                                     ": letters, digits, '_', '.' and '-', starting with a "
                                     "letter or digit, at most 63");
    auto lock = StoreLock::acquire(m_runDir);
    if (!lock)
        return tl::unexpected(lock.error());
    auto networks = list();
    if (!networks)
        return tl::unexpected(networks.error());
    for (const Network &network : *networks)
        if (network.name == request.name)
            return makeError(EEXIST, "network " + quoted(request.name) + " already exists");
    auto host = hostPrefixes();
    if (!host)
        return tl::unexpected(host.error());

    Result<Ipv4Prefix> subnet =
        request.subnet.empty() ? chooseSubnet(*networks, *host) : parsePrefix(request.subnet);
    if (!subnet)
        return tl::unexpected(subnet.error());
    if (const std::string overlap = overlapOf(*subnet, *networks, *host); !overlap.empty())
        return makeError(EINVAL, "subnet " + quoted(subnet->text()) + " overlaps " + overlap);
    auto gateway = chooseGateway(request, *subnet);
    if (!gateway)
        return tl::unexpected(gateway.error());
    std::optional<Ipv6Prefix> subnet6;
    std::optional<Ipv6Address> gateway6;
    if (request.ipv6 || !request.subnet6.empty() || !request.gateway6.empty()) {
        auto host6 = hostPrefixes6();
        if (!host6)
            return tl::unexpected(host6.error());
        auto chosen = request.subnet6.empty() ? chooseSubnet6(*networks, *host6)
                                              : parsePrefix6(request.subnet6);
        if (!chosen)
            return tl::unexpected(chosen.error());
        if (const std::string overlap = overlapOf6(*chosen, *networks, *host6); !overlap.empty())
            return makeError(EINVAL,
                             "IPv6 subnet " + quoted(chosen->text()) + " overlaps " + overlap);
        auto gateway = chooseGateway6(request, *chosen);
        if (!gateway)
            return tl::unexpected(gateway.error());
        subnet6 = *chosen;
        gateway6 = *gateway;
    }
    auto id = randomHex(32);
    if (!id)
        return tl::unexpected(id.error());

    Network network;
    network.name = request.name;
    network.id = std::move(*id);
    network.bridge = chooseBridge(*networks);
    network.subnet = subnet->text();
    network.gateway = ipv4Text(*gateway);
    network.internal = request.internal;
    network.dns = request.dns;
    network.createdUnix = static_cast<int64_t>(::time(nullptr));
    if (subnet6) {
        network.subnet6 = subnet6->text();
        network.gateway6 = ipv6Text(*gateway6);
    }
    GB_TRY(makeDirectories(m_configDir, 0755));
    GB_TRY(writeFileAtomically(m_configDir + "/" + network.name + ".json", toJson(network), 0644));
    return network;
}

Status NetworkStore::remove(std::string_view name)
{
    auto lock = StoreLock::acquire(m_runDir);
    if (!lock)
        return tl::unexpected(lock.error());
    auto network = get(name);
    if (!network)
        return tl::unexpected(network.error());
    auto all = attachments();
    if (!all)
        return tl::unexpected(all.error());
    const auto users = std::count_if(all->begin(), all->end(), [&](const Attachment &attachment) {
        return attachment.network == name;
    });
    if (users > 0)
        return makeError(EBUSY, "network " + quoted(name) + " is in use by " +
                                    containersText(static_cast<size_t>(users)));
    return removeFile(m_configDir + "/" + network->name + ".json");
}

Result<Network> NetworkStore::ensureDefault()
{
    auto network = get(kDefaultNetwork);
    if (network || network.error().code != ENOENT)
        return network;
    NetworkRequest request;
    request.name = std::string(kDefaultNetwork);
    auto created = create(request);
    // Another thread or process made it in between.
    if (!created && created.error().code == EEXIST)
        return get(kDefaultNetwork);
    return created;
}

} // namespace glassbox::net
