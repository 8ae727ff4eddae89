// Containers on networks: ports checked before anything is made, an address of the subnet,
// the record written before netavark runs (so that a crash leaves something detach() undoes),
// the namespace, netavark's setup; and the same in reverse.
#include "network_p.h"

#include "glassbox/file_io.h"
#include "glassbox/state.h"

#include <cerrno>
#include <set>
#include <unistd.h>

namespace glassbox::net {

using namespace detail;

namespace {

std::string portName(const PortMapping &port)
{
    return std::to_string(port.hostPort) + "/" + port.protocol;
}

// Whether two ports would take the same host port: an empty host IP is every address.
bool sameHostPort(const PortMapping &a, const PortMapping &b)
{
    return a.hostPort == b.hostPort && a.protocol == b.protocol &&
           (a.hostIp.empty() || b.hostIp.empty() || a.hostIp == b.hostIp);
}

// Whether the port's host address is free on the host: an empty address on a network with
// IPv6 publishes on the IPv6 addresses too, and is probed on both.
Result<uint16_t> probe(const PortMapping &port, bool ipv6)
{
    auto probed = probePort(port.hostIp, port.hostPort, port.protocol);
    if (!probed || !ipv6 || !port.hostIp.empty())
        return probed;
    auto probed6 = probePort("::", *probed, port.protocol);
    if (!probed6)
        return tl::unexpected(probed6.error());
    return probed;
}

bool takenIn(const std::vector<PortMapping> &ports, const PortMapping &port)
{
    for (const PortMapping &other : ports)
        if (sameHostPort(other, port))
            return true;
    return false;
}

// The container that publishes `port` already, if one does (its rule holds no socket).
const Attachment *publisherOf(const std::vector<Attachment> &attachments, const PortMapping &port)
{
    for (const Attachment &attachment : attachments)
        if (takenIn(attachment.ports, port))
            return &attachment;
    return nullptr;
}

Result<std::vector<PortMapping>> choosePorts(const std::vector<PortMapping> &requested,
                                             const Network &network,
                                             const std::vector<Attachment> &attachments)
{
    std::vector<PortMapping> chosen;
    for (PortMapping port : requested) {
        if (port.containerPort == 0)
            return makeError(EINVAL, "invalid published port " + quoted(portText(port)) +
                                         ": the container port must be 1 to 65535");
        if (port.protocol != "tcp" && port.protocol != "udp")
            return makeError(EINVAL, "invalid published port " + quoted(portText(port)) +
                                         ": the protocol must be `tcp` or `udp`");
        if (!port.hostIp.empty()) {
            auto ip = canonicalAddress(port.hostIp);
            if (!ip)
                return makeError(EINVAL, "invalid published port: " + ip.error().message);
            port.hostIp = *ip == "0.0.0.0" ? std::string() : *ip;
            if (port.hostIp == "::")
                return makeError(EINVAL, "invalid published port: " + std::string(kNoIpv6Only));
        }
        if (isIpv6Text(port.hostIp) && !network.ipv6())
            return makeError(
                EINVAL, "port " + quoted(portText(port)) + " is on an IPv6 address, and network " +
                            quoted(network.name) + " has no IPv6 subnet (create one with --ipv6)");
        if (port.hostPort != 0) {
            if (const Attachment *other = publisherOf(attachments, port))
                return makeError(EADDRINUSE,
                                 "port " + portName(port) + " is already published by container " +
                                     (other->name.empty() ? other->containerId : other->name));
            if (takenIn(chosen, port))
                return makeError(EINVAL, "port " + portName(port) + " is published twice");
            auto probed = probe(port, network.ipv6());
            if (!probed)
                return tl::unexpected(probed.error());
        } else {
            // The kernel's free port may be one another container publishes.
            // On a network with IPv6, its IPv6 side may be held by a host program.
            for (int attempt = 0;; ++attempt) {
                port.hostPort = 0;
                auto probed = probe(port, network.ipv6());
                if (!probed && probed.error().code != EADDRINUSE)
                    return tl::unexpected(probed.error());
                port.hostPort = probed ? *probed : 0;
                if (probed && !publisherOf(attachments, port) && !takenIn(chosen, port))
                    break;
                if (attempt == 100)
                    return makeError(EADDRINUSE, "no free host port for container port " +
                                                     std::to_string(port.containerPort));
            }
        }
        chosen.push_back(port);
    }
    return chosen;
}

// The lowest host address of the subnet that is neither the gateway nor another
// container's on this network.
Result<uint32_t> allocateAddress(const Network &network, const std::vector<Attachment> &attachments)
{
    auto subnet = parsePrefix(network.subnet);
    if (!subnet)
        return tl::unexpected(subnet.error());
    auto gateway = parseIpv4(network.gateway);
    if (!gateway)
        return tl::unexpected(gateway.error());
    std::set<uint32_t> used{*gateway};
    for (const Attachment &attachment : attachments) {
        if (attachment.network != network.name)
            continue;
        if (auto address = parseIpv4(attachment.address.substr(0, attachment.address.find('/'))))
            used.insert(*address);
    }
    const uint32_t broadcast = subnet->network() | ~subnet->netmask();
    for (uint32_t address = subnet->network() + 1; address < broadcast; ++address)
        if (used.count(address) == 0)
            return address;
    return makeError(ENOSPC, "network " + quoted(network.name) + " has no free address left in " +
                                 quoted(network.subnet));
}

// The same for the IPv6 subnet: the lowest address after the gateway's that no other container
// of the network has.
Result<Ipv6Address> allocateAddress6(const Network &network,
                                     const std::vector<Attachment> &attachments)
{
    auto subnet = parsePrefix6(network.subnet6);
    if (!subnet)
        return tl::unexpected(subnet.error());
    auto gateway = parseIpv6(network.gateway6);
    if (!gateway)
        return tl::unexpected(gateway.error());
    std::set<Ipv6Address> used{*gateway};
    for (const Attachment &attachment : attachments) {
        if (attachment.network != network.name || attachment.address6.empty())
            continue;
        if (auto address = parseIpv6(attachment.address6.substr(0, attachment.address6.find('/'))))
            used.insert(*address);
    }
    // Counting up in the last 32 bits is enough: a network has far fewer containers.
    Ipv6Address candidate = subnet->address;
    for (uint32_t index = 1; index < (uint32_t(1) << 30); ++index) {
        for (int byte = 0; byte < 4; ++byte)
            candidate[size_t(15 - byte)] = static_cast<uint8_t>(subnet->address[size_t(15 - byte)] |
                                                                ((index >> (8 * byte)) & 0xff));
        if (!subnet->contains(candidate))
            break;
        if (used.count(candidate) == 0)
            return candidate;
    }
    return makeError(ENOSPC, "network " + quoted(network.name) +
                                 " has no free IPv6 address left in " + quoted(network.subnet6));
}

// Names and hostnames go into /etc/hosts lines and aardvark-dns's files.
Status checkName(const std::string &name, const char *what)
{
    for (char c : name)
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f)
            return makeError(EINVAL, std::string("invalid ") + what + " " + quoted(name) +
                                         ": no spaces or control characters");
    return {};
}

// Whether every error of a netavark teardown says that the thing is gone already (ENOENT,
// ENODEV): the veth that went with its namespace, the DNS entry an earlier teardown removed.
// That is what a teardown is for, and a repeated one must get past it.
bool onlyAlreadyGone(const std::string &message)
{
    constexpr std::string_view failed = "` failed: ";
    constexpr std::string_view list = "netavark encountered multiple errors:";
    constexpr std::string_view item = "\n\t- ";
    size_t start = message.find(failed);
    if (start == std::string::npos)
        return false;
    std::string_view errors = std::string_view(message).substr(start + failed.size());
    if (errors.starts_with(list))
        errors.remove_prefix(list.size());
    if (errors.starts_with(item))
        errors.remove_prefix(item.size());
    while (!errors.empty()) {
        const size_t end = errors.find(item);
        const std::string_view error = errors.substr(0, end);
        if (!error.ends_with("(os error 2)") && !error.ends_with("(os error 19)"))
            return false;
        errors =
            end == std::string_view::npos ? std::string_view() : errors.substr(end + item.size());
    }
    return true;
}

// netavark's teardown of what the options file at `optionsFile` set up. A namespace that is
// gone (its mount removed by hand, or by a teardown that failed half-way) took the veth with
// it; an empty one stands in for it, so that netavark still removes the port forwards and
// the DNS entries.
Status tearDown(const Tools &tools, const std::string &runDir, const std::string &optionsFile,
                const std::string &netns)
{
    if (::access(optionsFile.c_str(), F_OK) != 0)
        return {}; // netavark never ran for it
    if (!isNamespaceFile(netns)) {
        GB_TRY(removeNamespace(netns));
        GB_TRY(createNamespace(netns));
    }
    auto done = runNetavark(tools, netavarkConfigDir(runDir), optionsFile, "teardown", netns);
    if (!done && !onlyAlreadyGone(done.error().message))
        return tl::unexpected(done.error());
    return {};
}

void keepFirst(Status &first, Status next)
{
    if (first && !next)
        first = std::move(next);
}

} // namespace

Result<std::vector<Attachment>> NetworkStore::attachments() const
{
    const std::string directory = m_runDir + "/containers";
    auto names = jsonFilesIn(directory);
    if (!names)
        return tl::unexpected(names.error());
    std::vector<Attachment> list;
    for (const std::string &name : *names) {
        if (name.ends_with(".netavark.json"))
            continue;
        std::string path = directory;
        path += '/';
        path += name;
        auto text = readFile(path);
        if (!text) {
            if (text.error().code == ENOENT)
                continue; // detached meanwhile
            return tl::unexpected(text.error());
        }
        auto attachment = attachmentFromJson(*text);
        if (!attachment)
            return withContext(attachment.error(), quoted(path));
        list.push_back(std::move(*attachment));
    }
    return list;
}

Result<std::optional<Attachment>> NetworkStore::attachment(std::string_view containerId) const
{
    GB_TRY(validateId(containerId));
    const std::string path = recordPath(m_runDir, containerId);
    auto text = readFile(path);
    if (!text) {
        if (text.error().code == ENOENT)
            return std::optional<Attachment>();
        return tl::unexpected(text.error());
    }
    auto attachment = attachmentFromJson(*text);
    if (!attachment)
        return withContext(attachment.error(), quoted(path));
    return std::optional<Attachment>(std::move(*attachment));
}

Result<Attachment> NetworkStore::reserve(const AttachRequest &request)
{
    GB_TRY(validateId(request.containerId));
    GB_TRY(checkName(request.name, "container name"));
    GB_TRY(checkName(request.hostname, "hostname"));
    auto lock = StoreLock::acquire(m_runDir);
    if (!lock)
        return tl::unexpected(lock.error());
    auto network = get(request.network);
    if (!network)
        return tl::unexpected(network.error());
    // netavark sets no forwards up for an internal network; saying so beats a silent port.
    if (network->internal && !request.ports.empty())
        return makeError(EINVAL, "network " + quoted(network->name) +
                                     " is internal: its containers cannot publish ports");
    auto all = attachments();
    if (!all)
        return tl::unexpected(all.error());
    for (const Attachment &other : *all)
        if (other.containerId == request.containerId)
            return makeError(EEXIST, "container " + quoted(request.containerId) +
                                         " is already on network " + quoted(other.network));
    auto ports = choosePorts(request.ports, *network, *all);
    if (!ports)
        return tl::unexpected(ports.error());
    auto address = allocateAddress(*network, *all);
    if (!address)
        return tl::unexpected(address.error());
    auto subnet = parsePrefix(network->subnet);
    if (!subnet)
        return tl::unexpected(subnet.error());

    Attachment attachment;
    attachment.containerId = request.containerId;
    attachment.name = request.name;
    attachment.hostname = request.hostname;
    attachment.network = network->name;
    attachment.netnsPath = netnsPath(request.containerId);
    attachment.interface = "eth0";
    attachment.address = ipv4Text(*address) + "/" + std::to_string(subnet->length);
    attachment.gateway = network->gateway;
    if (network->ipv6()) {
        auto address6 = allocateAddress6(*network, *all);
        if (!address6)
            return tl::unexpected(address6.error());
        auto subnet6 = parsePrefix6(network->subnet6);
        if (!subnet6)
            return tl::unexpected(subnet6.error());
        attachment.address6 = ipv6Text(*address6) + "/" + std::to_string(subnet6->length);
        attachment.gateway6 = network->gateway6;
    }
    if (network->dns)
        attachment.dnsServers = {network->gateway};
    attachment.ports = std::move(*ports);

    const std::string record = recordPath(m_runDir, request.containerId);
    const std::string options = optionsPath(m_runDir, request.containerId);
    GB_TRY(makeDirectories(m_runDir + "/containers", 0700));
    GB_TRY(writeFileAtomically(record, toJson(attachment), 0644));
    auto made = [&]() -> Status {
        GB_TRY(writeFileAtomically(options, netavarkOptions(*network, attachment), 0600));
        return createNamespace(attachment.netnsPath);
    }();
    if (made)
        return attachment;
    (void)removeNamespace(attachment.netnsPath);
    (void)removeFile(options);
    (void)removeFile(record);
    return tl::unexpected(made.error());
}

Result<Attachment> NetworkStore::setUp(std::string_view containerId)
{
    GB_TRY(validateId(containerId));
    auto lock = StoreLock::acquire(m_runDir);
    if (!lock)
        return tl::unexpected(lock.error());
    auto reserved = attachment(containerId);
    if (!reserved)
        return tl::unexpected(reserved.error());
    if (!*reserved)
        return makeError(ENOENT, "container " + quoted(containerId) + " has no network reserved");
    Attachment attachment = std::move(**reserved);
    const std::string record = recordPath(m_runDir, containerId);
    const std::string options = optionsPath(m_runDir, containerId);
    auto network = get(attachment.network);
    auto made = [&]() -> Status {
        if (!network)
            return tl::unexpected(network.error());
        auto output = runNetavark(m_tools, netavarkConfigDir(m_runDir), options, "setup",
                                  attachment.netnsPath);
        if (!output)
            return tl::unexpected(output.error());
        auto report = parseSetupOutput(*output, network->name, attachment.interface);
        if (!report)
            return tl::unexpected(report.error());
        attachment.macAddress = report->macAddress;
        attachment.address = report->address;
        if (!report->gateway.empty())
            attachment.gateway = report->gateway;
        if (!report->address6.empty())
            attachment.address6 = report->address6;
        if (!report->gateway6.empty())
            attachment.gateway6 = report->gateway6;
        // For display and traffic counters only: a container whose veth cannot be named
        // runs all the same.
        if (auto veth = hostVethOf(attachment.netnsPath, attachment.interface))
            attachment.hostVeth = *veth;
        return writeFileAtomically(record, toJson(attachment), 0644);
    }();
    if (made)
        return attachment;
    if (network)
        (void)tearDown(m_tools, m_runDir, options, attachment.netnsPath);
    (void)removeNamespace(attachment.netnsPath);
    (void)removeFile(options);
    (void)removeFile(record);
    return tl::unexpected(made.error());
}

Result<Attachment> NetworkStore::attach(const AttachRequest &request)
{
    auto reserved = reserve(request);
    if (!reserved)
        return reserved;
    return setUp(request.containerId);
}

Status NetworkStore::detach(std::string_view containerId)
{
    GB_TRY(validateId(containerId));
    auto lock = StoreLock::acquire(m_runDir);
    if (!lock)
        return tl::unexpected(lock.error());
    const std::string netns = netnsPath(containerId);
    const std::string options = optionsPath(m_runDir, containerId);
    Status torn = tearDown(m_tools, m_runDir, options, netns);
    Status first = torn;
    keepFirst(first, removeNamespace(netns));
    // A failed teardown keeps the options and the record: the next detach() repeats it (the
    // namespace's stand-in then), and remove() of the network still sees the container.
    if (!torn)
        return first;
    keepFirst(first, removeFile(options));
    keepFirst(first, removeFile(recordPath(m_runDir, containerId)));
    return first;
}

} // namespace glassbox::net
