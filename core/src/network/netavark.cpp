// netavark, driven as podman drives it: the options of one container on one network as a
// JSON file, `setup` or `teardown` of a namespace's path, and its JSON answer. netavark
// does no address allocation here: the address is ours (static_ips).
#include "network_p.h"

#include "glassbox/file_io.h"
#include "glassbox/spawn.h"

#include <cerrno>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <sys/wait.h>

namespace glassbox::net::detail {

namespace {

using Json = nlohmann::json;

constexpr size_t kMaxOutput = size_t(1) << 20;
/// Netavark takes well under a second here (under QEMU's TCG, a few); the iptables lock it may
/// wait for is held for milliseconds by anyone else.
constexpr int kNetavarkTimeoutMs = 60000;

std::string withoutLength(const std::string &address)
{
    return address.substr(0, address.find('/'));
}

// netavark prints its result, or {"error": "..."}, as one JSON object; log lines (RUST_LOG)
// may come around it because stderr shares the pipe.
std::optional<Json> findObject(std::string_view output)
{
    Json whole = Json::parse(output, nullptr, false);
    if (whole.is_object())
        return whole;
    std::istringstream lines{std::string(output)};
    std::optional<Json> last;
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with('{'))
            continue;
        Json object = Json::parse(line, nullptr, false);
        if (object.is_object())
            last = std::move(object);
    }
    return last;
}

std::string failureOf(const spawn::Finished &finished)
{
    if (auto object = findObject(finished.output);
        object && object->contains("error") && (*object)["error"].is_string())
        return (*object)["error"].get<std::string>();
    std::string output(trimmed(finished.output));
    if (WIFSIGNALED(finished.status))
        return "killed by signal " + std::to_string(WTERMSIG(finished.status));
    if (!output.empty())
        return output;
    return "exit status " + std::to_string(WEXITSTATUS(finished.status));
}

} // namespace

std::string netavarkOptions(const Network &network, const Attachment &attachment)
{
    // Other containers of the network resolve this one by its name and its short id.
    Json aliases = Json::array();
    if (!attachment.name.empty())
        aliases.push_back(attachment.name);
    aliases.push_back(attachment.containerId.substr(0, 12));
    Json ports = Json::array();
    for (const PortMapping &port : attachment.ports)
        ports.push_back({{"host_ip", port.hostIp},
                         {"container_port", port.containerPort},
                         {"host_port", port.hostPort},
                         {"range", 1},
                         {"protocol", port.protocol}});
    Json staticIps = {withoutLength(attachment.address)};
    Json subnets = Json::array({{{"subnet", network.subnet}, {"gateway", network.gateway}}});
    if (network.ipv6()) {
        if (!attachment.address6.empty())
            staticIps.push_back(withoutLength(attachment.address6));
        subnets.push_back({{"subnet", network.subnet6}, {"gateway", network.gateway6}});
    }
    const Json options = {
        {"container_id", attachment.containerId},
        {"container_name", attachment.name},
        {"networks",
         {{network.name,
           {{"interface_name", attachment.interface},
            {"static_ips", staticIps},
            {"aliases", aliases}}}}},
        {"network_info",
         {{network.name,
           {{"name", network.name},
            {"id", network.id},
            {"driver", "bridge"},
            {"network_interface", network.bridge},
            {"subnets", subnets},
            {"ipv6_enabled", network.ipv6()},
            {"internal", network.internal},
            {"dns_enabled", network.dns}}}}},
        {"port_mappings", ports},
    };
    return options.dump(2) + "\n";
}

Result<SetupReport> parseSetupOutput(std::string_view output, const std::string &network,
                                     const std::string &interface)
{
    auto unexpected = [&](std::string_view what) {
        return makeError(EINVAL, "unexpected answer of `netavark setup` (" + std::string(what) +
                                     "): " + std::string(output.substr(0, 512)));
    };
    auto object = findObject(output);
    if (!object)
        return unexpected("no JSON object");
    auto status = object->find(network);
    if (status == object->end() || !status->is_object())
        return unexpected("no network " + quoted(network));
    SetupReport report;
    try {
        const Json &link = status->at("interfaces").at(interface);
        report.macAddress = link.at("mac_address").get<std::string>();
        for (const Json &subnet : link.at("subnets")) {
            const std::string ipnet = subnet.at("ipnet").get<std::string>();
            const bool ipv6 = isIpv6Text(ipnet);
            if (!(ipv6 ? report.address6 : report.address).empty())
                continue; // the first of each family
            (ipv6 ? report.address6 : report.address) = ipnet;
            (ipv6 ? report.gateway6 : report.gateway) = subnet.value("gateway", std::string());
        }
        if (status->contains("dns_server_ips"))
            report.dnsServers = status->at("dns_server_ips").get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception &error) {
        return unexpected(error.what());
    }
    if (report.address.empty())
        return unexpected("no IPv4 address of " + quoted(interface));
    return report;
}

Result<std::string> runNetavark(const Tools &tools, const std::string &configDir,
                                const std::string &optionsFile, std::string_view verb,
                                const std::string &netnsPath)
{
    GB_TRY(makeDirectories(configDir, 0700));
    // The aardvark-dns binary on every run: teardown stops it through it too, and netavark's
    // default (/usr/libexec/podman) is not where Debian installs it.
    const std::vector<std::string> argv = {tools.netavark,      "--config",        configDir,
                                           "--aardvark-binary", tools.aardvarkDns, "--file",
                                           optionsFile,         std::string(verb), netnsPath};
    spawn::Options options;
    options.mergeStderr = true;
    options.stdinDevNull = true;
    options.resetSignals = true;
    // Bounded: a netavark stuck (on the iptables lock, say) would hold the store's lock and
    // the container's start for ever.
    options.timeoutMs = kNetavarkTimeoutMs;
    auto finished = spawn::run(argv, options, kMaxOutput);
    if (!finished)
        return withContext(finished.error(), "run " + quoted(tools.netavark));
    if (WIFEXITED(finished->status) && WEXITSTATUS(finished->status) == 0)
        return std::move(finished->output);
    return makeError(0, "netavark " + std::string(verb) + " of " + quoted(netnsPath) +
                            " failed: " + failureOf(*finished));
}

} // namespace glassbox::net::detail
