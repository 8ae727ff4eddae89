// The /etc/hosts and /etc/resolv.conf a container gets, as Docker writes them.
#include "glassbox/network.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sstream>

namespace glassbox::net {

namespace {

constexpr std::string_view kLocalhost = "127.0.0.1\tlocalhost\n"
                                        "::1\tlocalhost ip6-localhost ip6-loopback\n";

// 127.0.0.0/8 and ::1 name the container's own loopback, not the host's resolver.
bool isLoopback(const std::string &address)
{
    if (auto ip = parseIpv4(address))
        return (*ip >> 24) == 127;
    in6_addr ip6{};
    return ::inet_pton(AF_INET6, address.c_str(), &ip6) == 1 && IN6_IS_ADDR_LOOPBACK(&ip6);
}

} // namespace

std::string hostsFile(const Attachment &attachment)
{
    std::string hosts(kLocalhost);
    const std::string &hostname =
        attachment.hostname.empty() ? attachment.name : attachment.hostname;
    if (hostname.empty() || attachment.address.empty())
        return hosts;
    std::string names = hostname;
    if (!attachment.name.empty() && attachment.name != hostname)
        names += " " + attachment.name;
    for (const std::string *address : {&attachment.address, &attachment.address6})
        if (!address->empty())
            hosts += address->substr(0, address->find('/')) + "\t" + names + "\n";
    return hosts;
}

std::string hostsFileWithoutNetwork(const std::string &hostname)
{
    std::string hosts(kLocalhost);
    if (!hostname.empty())
        hosts += "127.0.1.1\t" + hostname + "\n";
    return hosts;
}

std::string resolvConf(std::string_view hostResolvConf, const std::vector<std::string> &dnsServers)
{
    std::string search;
    std::string options;
    std::vector<std::string> hostServers;
    bool loopbackDropped = false;
    std::istringstream lines{std::string(hostResolvConf)};
    for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        std::string keyword;
        words >> keyword;
        if (keyword == "search" || keyword == "domain") {
            search += line + "\n";
        } else if (keyword == "options") {
            options += line + "\n";
        } else if (keyword == "nameserver") {
            std::string address;
            if (!(words >> address))
                continue;
            if (isLoopback(address))
                loopbackDropped = true;
            else
                hostServers.push_back(address);
        }
    }
    const std::vector<std::string> &servers = dnsServers.empty() ? hostServers : dnsServers;
    std::string conf = search;
    for (const std::string &server : servers)
        conf += "nameserver " + server + "\n";
    if (servers.empty() && loopbackDropped)
        conf += "# The host's nameservers are on its loopback (such as systemd-resolved's\n"
                "# 127.0.0.53), which a container cannot reach: no nameserver is left.\n";
    else if (servers.empty())
        conf += "# The host's resolv.conf names no nameserver.\n";
    return conf + options;
}

} // namespace glassbox::net
