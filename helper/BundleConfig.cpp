// config.json edits for container options (see BundleConfig.h).
#include "BundleConfig.h"

#include "glassbox/capabilities.h"
#include "glassbox/file_io.h"
#include "glassbox/image/container_user.h"
#include "glassbox/seccomp.h"

#include <nlohmann/json.hpp>

namespace glassbox::helper {

using nlohmann::json;

namespace {

std::string capabilityName(const QString &name)
{
    QString full = name.toUpper();
    if (!full.startsWith(QStringLiteral("CAP_")))
        full.prepend(QStringLiteral("CAP_"));
    return full.toStdString();
}

/// The `User` option, resolved through the image's own /etc/passwd and /etc/group the way
/// the image library resolves an image's User (the files are untrusted content).
/// A user the image does not know is the caller's option's fault: InvalidArgument.
HelperResult<void> resolveUser(const QString &mergedDir, const QString &user, json &process)
{
    auto resolved =
        glassbox::image::resolveContainerUser(mergedDir.toStdString(), user.toStdString());
    if (!resolved)
        return tl::unexpected(HelperError::invalidArgument(
            QStringLiteral("option `User`: %1")
                .arg(QString::fromStdString(resolved.error().text()))));
    process["user"] = {{"uid", resolved->uid}, {"gid", resolved->gid}};
    if (!resolved->additionalGids.empty())
        process["user"]["additionalGids"] = resolved->additionalGids;
    return {};
}

void applyCapabilities(json &process, const ContainerOptions &options)
{
    std::vector<std::string> caps =
        process["capabilities"]["bounding"].get<std::vector<std::string>>();
    for (const QString &name : options.capDrop) {
        const std::string cap = capabilityName(name);
        if (cap == "CAP_ALL")
            caps.clear();
        std::erase(caps, cap);
    }
    for (const QString &name : options.capAdd) {
        const std::string cap = capabilityName(name);
        if (cap == "CAP_ALL") {
            caps.clear();
            for (int i = 0; i <= glassbox::caps::lastCapability(); ++i)
                caps.push_back(glassbox::caps::name(i));
            break;
        }
        if (std::find(caps.begin(), caps.end(), cap) == caps.end())
            caps.push_back(cap);
    }
    for (const char *set : {"bounding", "effective", "permitted"})
        process["capabilities"][set] = caps;
}

void applyLimits(json &spec, const ContainerLimits &limits)
{
    json &resources = spec["linux"]["resources"];
    if (limits.memoryLimit)
        resources["memory"]["limit"] = *limits.memoryLimit;
    if (limits.cpuQuota)
        resources["cpu"]["quota"] = *limits.cpuQuota;
    if (limits.cpuPeriod)
        resources["cpu"]["period"] = *limits.cpuPeriod;
    if (limits.pidsLimit)
        resources["pids"]["limit"] = *limits.pidsLimit;
}

/// The network namespace: the host's (no entry), the helper's on a network (its path), or
/// a new one of its own (the image library's default).
void applyNetwork(json &spec, const ContainerOptions &options,
                  const BundleConfig::NetworkPaths &paths)
{
    json &namespaces = spec["linux"]["namespaces"];
    for (auto it = namespaces.begin(); it != namespaces.end();) {
        if (it->value("type", "") == "network")
            it = namespaces.erase(it);
        else
            ++it;
    }
    if (options.network == QStringLiteral("host"))
        return;
    if (!options.onNetwork()) {
        namespaces.push_back({{"type", "network"}});
        return;
    }
    namespaces.push_back({{"type", "network"}, {"path", paths.netns.toStdString()}});
    for (const char *file : {"hosts", "hostname", "resolv.conf"})
        spec["mounts"].push_back(
            {{"destination", std::string("/etc/") + file},
             {"type", "bind"},
             {"source", (paths.etcDir + QLatin1Char('/') + QLatin1String(file)).toStdString()},
             {"options", {"rbind", "rprivate", "rw"}}});
}

HelperResult<json> loadSpec(const QString &bundle)
{
    auto text = glassbox::readFile((bundle + QStringLiteral("/config.json")).toStdString());
    if (!text)
        return tl::unexpected(HelperError::fromCore(text.error()));
    json spec = json::parse(*text, nullptr, false);
    if (spec.is_discarded() || !spec.is_object())
        return tl::unexpected(
            HelperError::failed(QStringLiteral("the generated config.json does not parse")));
    return spec;
}

HelperResult<void> saveSpec(const QString &bundle, const json &spec)
{
    auto written = glassbox::writeFileAtomically(
        (bundle + QStringLiteral("/config.json")).toStdString(), spec.dump(2), 0600);
    if (!written)
        return tl::unexpected(HelperError::fromCore(written.error()));
    return {};
}

} // namespace

namespace BundleConfig {

HelperResult<void> updateLimits(const QString &bundle, const ContainerLimits &limits)
{
    auto spec = loadSpec(bundle);
    if (!spec)
        return tl::unexpected(spec.error());
    applyLimits(*spec, limits);
    return saveSpec(bundle, *spec);
}

HelperResult<void> apply(const QString &bundle, const QString &mergedDir,
                         const ContainerOptions &options, const NetworkPaths &network)
{
    auto loaded = loadSpec(bundle);
    if (!loaded)
        return tl::unexpected(loaded.error());
    json &spec = *loaded;
    json &process = spec["process"];
    json &linuxSection = spec["linux"];
    if (!options.workingDir.isEmpty())
        process["cwd"] = options.workingDir.toStdString();
    if (!options.user.isEmpty())
        if (auto resolved = resolveUser(mergedDir, options.user, process); !resolved)
            return resolved;
    if (!options.hostname.isEmpty())
        spec["hostname"] = options.hostname.toStdString();
    spec["root"]["readonly"] = options.readOnly;

    applyLimits(spec, options.limits);

    applyCapabilities(process, options);
    if (options.seccomp == QStringLiteral("unconfined")) {
        linuxSection.erase("seccomp");
    } else if (!options.capAdd.isEmpty()) {
        // Docker's profile opens syscall groups by capability: regenerate it for the set.
        json profile =
            json::parse(glassbox::seccomp::defaultProfileJson(
                            process["capabilities"]["bounding"].get<std::vector<std::string>>()),
                        nullptr, false);
        if (!profile.is_discarded())
            linuxSection["seccomp"] = std::move(profile);
    }

    if (options.userNamespace) {
        linuxSection["namespaces"].push_back({{"type", "user"}});
        const json mapping = json::array({{{"containerID", 0},
                                           {"hostID", options.userNamespaceBase},
                                           {"size", kUserNamespaceSize}}});
        linuxSection["uidMappings"] = mapping;
        linuxSection["gidMappings"] = mapping;
    }

    for (const GbBindMount &mount : options.bindMounts)
        spec["mounts"].push_back(
            {{"destination", mount.destination.toStdString()},
             {"type", "bind"},
             {"source", mount.source.toStdString()},
             {"options", {"rbind", "rprivate", mount.readOnly ? "ro" : "rw"}}});

    applyNetwork(spec, options, network);
    return saveSpec(bundle, spec);
}

} // namespace BundleConfig

} // namespace glassbox::helper
