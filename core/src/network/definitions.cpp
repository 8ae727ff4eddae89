// Networks' definitions and attachments' records as JSON files. Reading checks every field
// that a path, a command line or the address allocation is made from, and names the field.
#include "glassbox/network.h"
#include "glassbox/state.h"

#include <cerrno>
#include <nlohmann/json.hpp>

namespace glassbox::net {

namespace {

using Json = nlohmann::json;

tl::unexpected<Error> fieldError(std::string_view what, const char *key, std::string_view problem)
{
    return makeError(EINVAL, std::string(what) + ": " + quoted(key) + " " + std::string(problem));
}

Result<const Json *> member(const Json &object, const char *key, std::string_view what)
{
    auto found = object.find(key);
    if (found == object.end())
        return fieldError(what, key, "is missing");
    return &*found;
}

Status read(const Json &object, const char *key, std::string &out, std::string_view what)
{
    auto value = member(object, key, what);
    if (!value)
        return tl::unexpected(value.error());
    if (!(*value)->is_string())
        return fieldError(what, key, "must be a string");
    out = (*value)->get<std::string>();
    return {};
}

// A key that files written before it existed lack: absent leaves `out` empty.
Status readOptional(const Json &object, const char *key, std::string &out, std::string_view what)
{
    if (!object.contains(key))
        return {};
    return read(object, key, out, what);
}

Status read(const Json &object, const char *key, bool &out, std::string_view what)
{
    auto value = member(object, key, what);
    if (!value)
        return tl::unexpected(value.error());
    if (!(*value)->is_boolean())
        return fieldError(what, key, "must be true or false");
    out = (*value)->get<bool>();
    return {};
}

Status read(const Json &object, const char *key, int64_t &out, std::string_view what)
{
    auto value = member(object, key, what);
    if (!value)
        return tl::unexpected(value.error());
    if (!(*value)->is_number_integer())
        return fieldError(what, key, "must be an integer");
    out = (*value)->get<int64_t>();
    return {};
}

Status read(const Json &object, const char *key, uint16_t &out, std::string_view what)
{
    auto value = member(object, key, what);
    if (!value)
        return tl::unexpected(value.error());
    if (!(*value)->is_number_unsigned() || (*value)->get<uint64_t>() > 65535)
        return fieldError(what, key, "must be a port number (0 to 65535)");
    out = static_cast<uint16_t>((*value)->get<uint64_t>());
    return {};
}

Status read(const Json &object, const char *key, std::vector<std::string> &out,
            std::string_view what)
{
    auto value = member(object, key, what);
    if (!value)
        return tl::unexpected(value.error());
    if (!(*value)->is_array())
        return fieldError(what, key, "must be a list of strings");
    out.clear();
    for (const Json &item : **value) {
        if (!item.is_string())
            return fieldError(what, key, "must be a list of strings");
        out.push_back(item.get<std::string>());
    }
    return {};
}

bool isHex(std::string_view text, size_t length)
{
    if (text.size() != length)
        return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

// An interface name the kernel takes: 1 to 15 bytes, no '/', ':' or whitespace.
bool isInterfaceName(std::string_view name)
{
    if (name.empty() || name.size() > 15 || name == "." || name == "..")
        return false;
    for (char c : name)
        if (c == '/' || c == ':' || static_cast<unsigned char>(c) <= ' ')
            return false;
    return true;
}

Result<Json> parseObject(std::string_view json, std::string_view what)
{
    Json parsed = Json::parse(json, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object())
        return makeError(EINVAL, std::string(what) + ": not a JSON object");
    return parsed;
}

Json portsToJson(const std::vector<PortMapping> &ports)
{
    Json list = Json::array();
    for (const PortMapping &port : ports)
        list.push_back({{"hostIp", port.hostIp},
                        {"hostPort", port.hostPort},
                        {"containerPort", port.containerPort},
                        {"protocol", port.protocol}});
    return list;
}

Result<std::vector<PortMapping>> portsFromJson(const Json &object, std::string_view what)
{
    auto list = member(object, "ports", what);
    if (!list)
        return tl::unexpected(list.error());
    if (!(*list)->is_array())
        return fieldError(what, "ports", "must be a list");
    std::vector<PortMapping> ports;
    for (const Json &item : **list) {
        if (!item.is_object())
            return fieldError(what, "ports", "must be a list of objects");
        PortMapping port;
        GB_TRY(read(item, "hostIp", port.hostIp, "`ports`"));
        GB_TRY(read(item, "hostPort", port.hostPort, "`ports`"));
        GB_TRY(read(item, "containerPort", port.containerPort, "`ports`"));
        GB_TRY(read(item, "protocol", port.protocol, "`ports`"));
        if (port.protocol != "tcp" && port.protocol != "udp")
            return fieldError(what, "ports", "has a protocol that is not `tcp` or `udp`");
        if (!port.hostIp.empty() && !canonicalAddress(port.hostIp))
            return fieldError(what, "ports", "has an invalid `hostIp` " + quoted(port.hostIp));
        ports.push_back(std::move(port));
    }
    return ports;
}

} // namespace

std::string toJson(const Network &network)
{
    const Json json = {
        {"name", network.name},       {"id", network.id},
        {"bridge", network.bridge},   {"subnet", network.subnet},
        {"gateway", network.gateway}, {"internal", network.internal},
        {"dns", network.dns},         {"createdUnix", network.createdUnix},
        {"subnet6", network.subnet6}, {"gateway6", network.gateway6},
    };
    return json.dump(2) + "\n";
}

Result<Network> networkFromJson(std::string_view text)
{
    constexpr std::string_view what = "network definition";
    auto json = parseObject(text, what);
    if (!json)
        return tl::unexpected(json.error());
    Network network;
    GB_TRY(read(*json, "name", network.name, what));
    GB_TRY(read(*json, "id", network.id, what));
    GB_TRY(read(*json, "bridge", network.bridge, what));
    GB_TRY(read(*json, "subnet", network.subnet, what));
    GB_TRY(read(*json, "gateway", network.gateway, what));
    GB_TRY(read(*json, "internal", network.internal, what));
    GB_TRY(read(*json, "dns", network.dns, what));
    GB_TRY(read(*json, "createdUnix", network.createdUnix, what));
    GB_TRY(readOptional(*json, "subnet6", network.subnet6, what));
    GB_TRY(readOptional(*json, "gateway6", network.gateway6, what));

    if (!isNetworkName(network.name))
        return fieldError(what, "name", "is not a valid network name: " + quoted(network.name));
    if (!isHex(network.id, 64))
        return fieldError(what, "id", "must be 64 hex digits");
    if (!isInterfaceName(network.bridge))
        return fieldError(what, "bridge", "is not an interface name: " + quoted(network.bridge));
    auto subnet = parsePrefix(network.subnet);
    if (!subnet)
        return fieldError(what, "subnet", "is wrong: " + subnet.error().message);
    auto gateway = parseIpv4(network.gateway);
    if (!gateway || !subnet->contains(*gateway))
        return fieldError(what, "gateway", "must be an address of " + quoted(network.subnet));
    if (network.ipv6() || !network.gateway6.empty()) {
        auto subnet6 = parsePrefix6(network.subnet6);
        if (!subnet6)
            return fieldError(what, "subnet6", "is wrong: " + subnet6.error().message);
        auto gateway6 = parseIpv6(network.gateway6);
        if (!gateway6 || !subnet6->contains(*gateway6))
            return fieldError(what, "gateway6", "must be an address of " + quoted(network.subnet6));
    }
    return network;
}

std::string toJson(const Attachment &attachment)
{
    const Json json = {
        {"containerId", attachment.containerId}, {"name", attachment.name},
        {"hostname", attachment.hostname},       {"network", attachment.network},
        {"netnsPath", attachment.netnsPath},     {"interface", attachment.interface},
        {"address", attachment.address},         {"gateway", attachment.gateway},
        {"address6", attachment.address6},       {"gateway6", attachment.gateway6},
        {"macAddress", attachment.macAddress},   {"hostVeth", attachment.hostVeth},
        {"dnsServers", attachment.dnsServers},   {"ports", portsToJson(attachment.ports)},
    };
    return json.dump(2) + "\n";
}

Result<Attachment> attachmentFromJson(std::string_view text)
{
    constexpr std::string_view what = "attachment";
    auto json = parseObject(text, what);
    if (!json)
        return tl::unexpected(json.error());
    Attachment attachment;
    GB_TRY(read(*json, "containerId", attachment.containerId, what));
    GB_TRY(read(*json, "name", attachment.name, what));
    GB_TRY(read(*json, "hostname", attachment.hostname, what));
    GB_TRY(read(*json, "network", attachment.network, what));
    GB_TRY(read(*json, "netnsPath", attachment.netnsPath, what));
    GB_TRY(read(*json, "interface", attachment.interface, what));
    GB_TRY(read(*json, "address", attachment.address, what));
    GB_TRY(read(*json, "gateway", attachment.gateway, what));
    GB_TRY(readOptional(*json, "address6", attachment.address6, what));
    GB_TRY(readOptional(*json, "gateway6", attachment.gateway6, what));
    GB_TRY(read(*json, "macAddress", attachment.macAddress, what));
    GB_TRY(read(*json, "hostVeth", attachment.hostVeth, what));
    GB_TRY(read(*json, "dnsServers", attachment.dnsServers, what));
    auto ports = portsFromJson(*json, what);
    if (!ports)
        return tl::unexpected(ports.error());
    attachment.ports = std::move(*ports);

    if (!validateId(attachment.containerId))
        return fieldError(what, "containerId", "is not a container id");
    if (!isNetworkName(attachment.network))
        return fieldError(what, "network", "is not a valid network name");
    if (!isInterfaceName(attachment.interface))
        return fieldError(what, "interface", "is not an interface name");
    // The allocation of addresses reads it: "10.87.0.2/24".
    const size_t slash = attachment.address.find('/');
    if (slash == std::string::npos || !parseIpv4(attachment.address.substr(0, slash)))
        return fieldError(what, "address", "must be ADDRESS/LENGTH");
    if (const size_t slash6 = attachment.address6.find('/');
        !attachment.address6.empty() &&
        (slash6 == std::string::npos || !parseIpv6(attachment.address6.substr(0, slash6))))
        return fieldError(what, "address6", "must be empty or IPV6-ADDRESS/LENGTH");
    return attachment;
}

} // namespace glassbox::net
