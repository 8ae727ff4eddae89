// A container's security posture (see security_report.h).
#include "glassbox/security_report.h"

#include "glassbox/capabilities.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <seccomp.h>
#include <set>

namespace glassbox::security {
namespace {

using nlohmann::json;

bool isBlocking(oci::SeccompAction action)
{
    switch (action) {
    case oci::SeccompAction::Kill:
    case oci::SeccompAction::KillProcess:
    case oci::SeccompAction::Trap:
    case oci::SeccompAction::Errno:
        return true;
    case oci::SeccompAction::Trace:
    case oci::SeccompAction::Allow:
    case oci::SeccompAction::Log:
        break;
    }
    return false;
}

bool contains(const std::vector<std::string> &list, const std::string &item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

bool hasOption(const oci::Mount &mount, const char *option)
{
    return std::find(mount.options.begin(), mount.options.end(), option) != mount.options.end();
}

} // namespace

const std::vector<std::string> &nativeSyscallNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> list;
        for (int number = 0; number < 1024; ++number)
            if (char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number)) {
                list.emplace_back(name);
                std::free(name);
            }
        return list;
    }();
    return names;
}

int blockedSyscallCount(const oci::Seccomp &seccomp)
{
    if (!isBlocking(seccomp.defaultAction))
        return -1;
    std::set<std::string> allowed;
    for (const oci::SeccompSyscall &rule : seccomp.syscalls)
        if (!isBlocking(rule.action))
            allowed.insert(rule.names.begin(), rule.names.end());
    return int(std::count_if(nativeSyscallNames().begin(), nativeSyscallNames().end(),
                             [&allowed](const std::string &name) { return !allowed.count(name); }));
}

Report analyze(const oci::Spec &spec, const std::vector<NamespaceShare> &namespaces,
               bool privileged)
{
    Report report;
    const oci::Process process = spec.process.value_or(oci::Process());
    if (process.capabilities)
        for (int capability : process.capabilities->effective)
            report.capabilities.push_back(caps::name(capability));
    std::sort(report.capabilities.begin(), report.capabilities.end());
    for (const std::string &capability : report.capabilities)
        if (!contains(caps::dockerDefaultNames(), capability))
            report.extraCapabilities.push_back(capability);

    report.seccomp = spec.linux.seccomp.has_value();
    report.nativeSyscalls = int(nativeSyscallNames().size());
    report.blockedSyscalls = report.seccomp ? blockedSyscallCount(*spec.linux.seccomp) : 0;
    report.uidMappings = spec.linux.uidMappings;
    report.noNewPrivileges = process.noNewPrivileges;
    report.maskedPaths = spec.linux.maskedPaths;
    for (const oci::Mount &mount : spec.mounts)
        if (mount.type == "bind" || hasOption(mount, "bind") || hasOption(mount, "rbind"))
            report.bindMounts.push_back({mount.source, mount.destination, hasOption(mount, "ro")});

    // Root in the container is the host's root unless a user namespace maps it elsewhere;
    // the live namespaces, when there are any, have the last word.
    bool hostUser = spec.linux.findNamespace(oci::NamespaceType::User) == nullptr;
    for (const NamespaceShare &ns : namespaces) {
        if (ns.type == "user")
            hostUser = ns.shared;
        else if (ns.shared && ns.type != "time")
            report.sharedNamespaces.push_back(ns.type);
    }

    if (process.user.uid == 0 && hostUser)
        report.warnings.emplace_back(kHostRoot);
    if (!report.extraCapabilities.empty())
        report.warnings.emplace_back(kExtraCapabilities);
    if (!report.seccomp)
        report.warnings.emplace_back(kSeccompUnconfined);
    if (privileged && report.extraCapabilities.empty() && report.seccomp)
        report.warnings.emplace_back(kPrivilegedOptions);
    if (!report.bindMounts.empty())
        report.warnings.emplace_back(kBindMounts);
    if (!report.sharedNamespaces.empty())
        report.warnings.emplace_back(kSharedNamespaces);
    return report;
}

std::string toJson(const Report &report)
{
    json mappings = json::array();
    for (const oci::IdMapping &mapping : report.uidMappings)
        mappings.push_back({{"containerID", mapping.containerId},
                            {"hostID", mapping.hostId},
                            {"size", mapping.size}});
    json mounts = json::array();
    for (const BindMount &mount : report.bindMounts)
        mounts.push_back({{"source", mount.source},
                          {"destination", mount.destination},
                          {"readOnly", mount.readOnly}});
    const json object = {{"capabilities", report.capabilities},
                         {"extraCapabilities", report.extraCapabilities},
                         {"seccomp", report.seccomp ? "default" : "unconfined"},
                         {"blockedSyscalls", report.blockedSyscalls},
                         {"nativeSyscalls", report.nativeSyscalls},
                         {"uidMappings", std::move(mappings)},
                         {"noNewPrivileges", report.noNewPrivileges},
                         {"maskedPaths", report.maskedPaths},
                         {"bindMounts", std::move(mounts)},
                         {"sharedNamespaces", report.sharedNamespaces},
                         {"warnings", report.warnings}};
    // Paths are the creator's bytes: replace what is not UTF-8 rather than throw.
    return object.dump(2, ' ', false, json::error_handler_t::replace);
}

} // namespace glassbox::security
