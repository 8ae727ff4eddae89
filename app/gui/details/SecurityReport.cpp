// A container's security posture (see SecurityReport.h).
#include "SecurityReport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSet>

#include <seccomp.h>

#include <cstdlib>

namespace glassbox::details {

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        list.append(item.toString());
    return list;
}

QString capName(QString name)
{
    name = name.toUpper();
    return name.startsWith(QStringLiteral("CAP_")) ? name : QStringLiteral("CAP_") + name;
}

// Docker's defaults for masked paths, as the runtime's default spec writes them.
QStringList defaultMaskedPaths()
{
    return {QStringLiteral("/proc/asound"),
            QStringLiteral("/proc/acpi"),
            QStringLiteral("/proc/kcore"),
            QStringLiteral("/proc/keys"),
            QStringLiteral("/proc/latency_stats"),
            QStringLiteral("/proc/timer_list"),
            QStringLiteral("/proc/timer_stats"),
            QStringLiteral("/proc/sched_debug"),
            QStringLiteral("/proc/scsi"),
            QStringLiteral("/sys/firmware"),
            QStringLiteral("/sys/devices/virtual/powercap")};
}

bool isBlocking(const QString &action)
{
    return action.startsWith(QStringLiteral("SCMP_ACT_ERRNO")) ||
           action.startsWith(QStringLiteral("SCMP_ACT_KILL")) ||
           action == QStringLiteral("SCMP_ACT_TRAP");
}

bool isRootUser(const QString &user)
{
    const QString name = user.section(QLatin1Char(':'), 0, 0);
    return name.isEmpty() || name == QStringLiteral("0") || name == QStringLiteral("root");
}

} // namespace

QStringList SecurityReport::defaultCapabilities()
{
    return {QStringLiteral("CAP_AUDIT_WRITE"),  QStringLiteral("CAP_CHOWN"),
            QStringLiteral("CAP_DAC_OVERRIDE"), QStringLiteral("CAP_FOWNER"),
            QStringLiteral("CAP_FSETID"),       QStringLiteral("CAP_KILL"),
            QStringLiteral("CAP_MKNOD"),        QStringLiteral("CAP_NET_BIND_SERVICE"),
            QStringLiteral("CAP_NET_RAW"),      QStringLiteral("CAP_SETFCAP"),
            QStringLiteral("CAP_SETGID"),       QStringLiteral("CAP_SETPCAP"),
            QStringLiteral("CAP_SETUID"),       QStringLiteral("CAP_SYS_CHROOT")};
}

QStringList SecurityReport::nativeSyscalls()
{
    static const QStringList names = [] {
        QStringList list;
        for (int number = 0; number < 1024; ++number)
            if (char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number)) {
                list.append(QString::fromLatin1(name));
                std::free(name);
            }
        return list;
    }();
    return names;
}

int SecurityReport::blockedSyscallCount(const QJsonObject &seccomp)
{
    if (!isBlocking(seccomp.value(QStringLiteral("defaultAction")).toString()))
        return -1;
    QSet<QString> allowed;
    const QJsonArray rules = seccomp.value(QStringLiteral("syscalls")).toArray();
    for (const QJsonValue &rule : rules) {
        const QJsonObject object = rule.toObject();
        if (isBlocking(object.value(QStringLiteral("action")).toString()))
            continue;
        for (const QString &name : strings(object.value(QStringLiteral("names"))))
            allowed.insert(name);
    }
    int blocked = 0;
    for (const QString &name : nativeSyscalls())
        blocked += allowed.contains(name) ? 0 : 1;
    return blocked;
}

SecurityReport SecurityReport::analyze(const QJsonObject &inspect, const NamespaceList &namespaces,
                                       bool privileged)
{
    SecurityReport report;
    const QJsonObject config = inspect.value(QStringLiteral("Config")).toObject();
    const QJsonObject spec = inspect.value(QStringLiteral("Spec")).toObject();
    const QJsonObject process = spec.value(QStringLiteral("process")).toObject();
    const QJsonObject linuxSection = spec.value(QStringLiteral("linux")).toObject();
    const bool haveSpec = !spec.isEmpty();
    if (!haveSpec)
        report.notes.append(tr("The helper does not report the container's OCI config; "
                               "capabilities and masked paths are derived from its creation "
                               "options and the defaults."));

    // Capabilities.
    const QStringList capAdd = strings(config.value(QStringLiteral("CapAdd")));
    const QStringList capDrop = strings(config.value(QStringLiteral("CapDrop")));
    if (haveSpec) {
        report.capabilities = strings(process.value(QStringLiteral("capabilities"))
                                          .toObject()
                                          .value(QStringLiteral("effective")));
    } else {
        report.capabilitiesInferred = true;
        QStringList caps = defaultCapabilities();
        for (const QString &drop : capDrop)
            if (drop.compare(QStringLiteral("ALL"), Qt::CaseInsensitive) == 0)
                caps.clear();
            else
                caps.removeAll(capName(drop));
        for (const QString &add : capAdd)
            if (!caps.contains(capName(add)))
                caps.append(capName(add));
        report.capabilities = caps;
    }
    report.capabilities.sort();
    QStringList extra;
    for (const QString &cap : std::as_const(report.capabilities))
        if (!defaultCapabilities().contains(cap))
            extra.append(cap);

    // Seccomp.
    const QString seccompOption = config.value(QStringLiteral("Seccomp")).toString();
    const QJsonValue seccomp = linuxSection.value(QStringLiteral("seccomp"));
    bool unconfined = seccompOption == QStringLiteral("unconfined");
    if (haveSpec) {
        unconfined = !seccomp.isObject();
        report.blockedSyscalls = unconfined ? 0 : blockedSyscallCount(seccomp.toObject());
    }
    if (unconfined)
        report.seccomp = tr("unconfined: every system call is allowed");
    else if (seccompOption.isEmpty() || seccompOption == QStringLiteral("default"))
        report.seccomp = tr("Docker's default profile");
    else
        report.seccomp = seccompOption;
    if (!haveSpec && !unconfined)
        report.notes.append(tr("How many system calls the profile blocks needs the OCI config."));

    // User namespace.
    const bool userNamespace = config.value(QStringLiteral("UserNamespace")).toBool();
    if (haveSpec && linuxSection.contains(QStringLiteral("uidMappings"))) {
        QStringList ranges;
        const QJsonArray maps = linuxSection.value(QStringLiteral("uidMappings")).toArray();
        for (const QJsonValue &map : maps) {
            const QJsonObject m = map.toObject();
            ranges.append(tr("container uid %1 = host uid %2 (%3 ids)")
                              .arg(m.value(QStringLiteral("containerID")).toInteger())
                              .arg(m.value(QStringLiteral("hostID")).toInteger())
                              .arg(m.value(QStringLiteral("size")).toInteger()));
        }
        report.userMapping = ranges.join(QStringLiteral("; "));
    } else if (userNamespace) {
        report.userMapping =
            tr("container uid 0 = host uid %1 (65536 ids)")
                .arg(config.value(QStringLiteral("UserNamespaceBase")).toInteger());
    }

    // no_new_privs and masked paths.
    if (haveSpec)
        report.noNewPrivileges = process.value(QStringLiteral("noNewPrivileges")).toBool();
    else
        report.notes.append(tr("Whether no_new_privs is set needs the OCI config."));
    if (haveSpec) {
        report.maskedPaths = strings(linuxSection.value(QStringLiteral("maskedPaths")));
    } else {
        report.maskedPaths = defaultMaskedPaths();
        report.maskedPathsInferred = true;
    }

    // Warnings.
    bool hostUser = !userNamespace;
    for (const glassbox::client::NamespaceInfo &ns : namespaces)
        if (ns.type == QStringLiteral("user"))
            hostUser = ns.shared;
    uint uid = 0;
    bool root = isRootUser(config.value(QStringLiteral("User")).toString());
    if (haveSpec) {
        uid = uint(process.value(QStringLiteral("user"))
                       .toObject()
                       .value(QStringLiteral("uid"))
                       .toInteger());
        root = uid == 0;
    }
    if (root && hostUser)
        report.warnings.append(tr("Runs as root on the host: there is no user namespace, so "
                                  "root in the container is the host's root, held back only by "
                                  "capabilities, seccomp and the other namespaces."));
    if (!extra.isEmpty())
        report.warnings.append(tr("Privileged: capabilities beyond the default set (%1).")
                                   .arg(extra.join(QStringLiteral(", "))));
    if (unconfined)
        report.warnings.append(tr("Privileged: seccomp is unconfined, so every system call, "
                                  "including the ones meant for the host's administrator, "
                                  "reaches the kernel."));
    if (privileged && extra.isEmpty() && !unconfined)
        report.warnings.append(tr("Privileged: created with options that need the privileged "
                                  "action (bind mounts from the host, added capabilities or "
                                  "seccomp unconfined)."));
    QStringList mounts;
    const QJsonArray bindMounts = config.value(QStringLiteral("BindMounts")).toArray();
    for (const QJsonValue &mount : bindMounts) {
        const QJsonObject m = mount.toObject();
        mounts.append(tr("%1 on %2%3")
                          .arg(m.value(QStringLiteral("Source")).toString(),
                               m.value(QStringLiteral("Destination")).toString(),
                               m.value(QStringLiteral("ReadOnly")).toBool() ? tr(" (read-only)")
                                                                            : QString()));
    }
    if (!mounts.isEmpty())
        report.warnings.append(
            tr("Host directories are mounted into it: %1.").arg(mounts.join(QStringLiteral(", "))));
    QStringList shared;
    for (const glassbox::client::NamespaceInfo &ns : namespaces)
        if (ns.shared && ns.type != QStringLiteral("user") && ns.type != QStringLiteral("time"))
            shared.append(ns.type);
    if (!shared.isEmpty())
        report.warnings.append(
            tr("Shares namespaces with the host: %1.").arg(shared.join(QStringLiteral(", "))));
    return report;
}

} // namespace glassbox::details
