// config.json edits for container options (see BundleConfig.h).
#include "BundleConfig.h"

#include "glassbox/capabilities.h"
#include "glassbox/file_io.h"
#include "glassbox/seccomp.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <nlohmann/json.hpp>
#include <sys/syscall.h>
#include <unistd.h>

using nlohmann::json;

namespace {

std::string capabilityName(const QString &name)
{
    QString full = name.toUpper();
    if (!full.startsWith(QStringLiteral("CAP_")))
        full.prepend(QStringLiteral("CAP_"));
    return full.toStdString();
}

/// Reads a file of the rootfs without following its symlinks out of it.
std::string readInRoot(const QString &root, const char *path)
{
    const int rootFd = ::open(root.toLocal8Bit().constData(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootFd < 0)
        return {};
    open_how how{};
    how.flags = O_RDONLY | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const int fd = int(::syscall(SYS_openat2, rootFd, path, &how, sizeof how));
    ::close(rootFd);
    if (fd < 0)
        return {};
    std::string text;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0 && text.size() < 1024 * 1024)
        text.append(buffer, size_t(n));
    ::close(fd);
    return text;
}

/// Looks `name` up in an /etc/passwd or /etc/group text: (id, primary gid).
bool lookup(const std::string &db, const QString &name, quint32 *id, quint32 *gid)
{
    const QStringList lines = QString::fromStdString(db).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QStringList fields = line.split(QLatin1Char(':'));
        if (fields.size() >= 3 && fields.at(0) == name) {
            *id = fields.at(2).toUInt();
            if (gid && fields.size() >= 4)
                *gid = fields.at(3).toUInt();
            return true;
        }
    }
    return false;
}

bool resolveUser(const QString &mergedDir, const QString &user, json &process, QString *error)
{
    const QString userPart = user.section(QLatin1Char(':'), 0, 0);
    const QString groupPart =
        user.contains(QLatin1Char(':')) ? user.section(QLatin1Char(':'), 1) : QString();
    bool numeric = false;
    quint32 uid = userPart.toUInt(&numeric);
    quint32 gid = 0;
    if (!numeric && !lookup(readInRoot(mergedDir, "/etc/passwd"), userPart, &uid, &gid)) {
        *error = QStringLiteral("option `User`: user `%1` is not in the image's /etc/passwd")
                     .arg(userPart);
        return false;
    }
    if (!groupPart.isEmpty()) {
        bool groupNumeric = false;
        gid = groupPart.toUInt(&groupNumeric);
        if (!groupNumeric &&
            !lookup(readInRoot(mergedDir, "/etc/group"), groupPart, &gid, nullptr)) {
            *error = QStringLiteral("option `User`: group `%1` is not in the image's /etc/group")
                         .arg(groupPart);
            return false;
        }
    }
    process["user"] = {{"uid", uid}, {"gid", gid}};
    return true;
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

bool loadSpec(const QString &bundle, json *spec, QString *error)
{
    auto text = glassbox::readFile((bundle + QStringLiteral("/config.json")).toStdString());
    if (!text) {
        *error = QString::fromStdString(text.error().text());
        return false;
    }
    *spec = json::parse(*text, nullptr, false);
    if (spec->is_discarded() || !spec->is_object()) {
        *error = QStringLiteral("the generated config.json does not parse");
        return false;
    }
    return true;
}

bool saveSpec(const QString &bundle, const json &spec, QString *error)
{
    auto written = glassbox::writeFileAtomically(
        (bundle + QStringLiteral("/config.json")).toStdString(), spec.dump(2), 0600);
    if (!written) {
        *error = QString::fromStdString(written.error().text());
        return false;
    }
    return true;
}

} // namespace

namespace BundleConfig {

bool updateLimits(const QString &bundle, const ContainerLimits &limits, QString *error)
{
    json spec;
    if (!loadSpec(bundle, &spec, error))
        return false;
    applyLimits(spec, limits);
    return saveSpec(bundle, spec, error);
}

bool apply(const QString &bundle, const QString &mergedDir, const ContainerOptions &options,
           QString *error)
{
    json spec;
    if (!loadSpec(bundle, &spec, error))
        return false;
    json &process = spec["process"];
    json &linuxSection = spec["linux"];
    if (!options.workingDir.isEmpty())
        process["cwd"] = options.workingDir.toStdString();
    if (!options.user.isEmpty() && !resolveUser(mergedDir, options.user, process, error))
        return false;
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

    return saveSpec(bundle, spec, error);
}

} // namespace BundleConfig
