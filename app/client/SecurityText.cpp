// A security report as text; see SecurityText.h.
#include "SecurityText.h"

#include <QJsonArray>

namespace glassbox::client {
namespace {

QStringList strings(const QJsonObject &report, QLatin1String key)
{
    return report.value(key).toVariant().toStringList();
}

QString joined(const QStringList &list)
{
    return list.join(QStringLiteral(", "));
}

} // namespace

QString SecurityText::label(Row row)
{
    switch (row) {
    case Row::Capabilities:
        return tr("Effective capabilities:");
    case Row::Seccomp:
        return tr("Seccomp profile:");
    case Row::UserNamespace:
        return tr("User namespace:");
    case Row::NoNewPrivileges:
        return tr("no_new_privs:");
    case Row::MaskedPaths:
        return tr("Masked paths:");
    }
    return {};
}

QString SecurityText::value(Row row, const QJsonObject &report)
{
    switch (row) {
    case Row::Capabilities: {
        const QStringList capabilities = strings(report, QLatin1String("capabilities"));
        return capabilities.isEmpty() ? tr("none") : joined(capabilities);
    }
    case Row::Seccomp: {
        const QString profile =
            report.value(QLatin1String("seccomp")).toString() == QLatin1String("unconfined")
                ? tr("unconfined: every system call is allowed")
                : tr("Docker's default profile");
        const int blocked = report.value(QLatin1String("blockedSyscalls")).toInt();
        if (blocked <= 0)
            return profile;
        return tr("%1; blocks %2 of this machine's %3 system calls")
            .arg(profile)
            .arg(blocked)
            .arg(report.value(QLatin1String("nativeSyscalls")).toInt());
    }
    case Row::UserNamespace: {
        QStringList ranges;
        const QJsonArray mappings = report.value(QLatin1String("uidMappings")).toArray();
        for (const QJsonValue &mapping : mappings) {
            const QJsonObject m = mapping.toObject();
            ranges.append(tr("container uid %1 = host uid %2 (%3 ids)")
                              .arg(m.value(QLatin1String("containerID")).toInteger())
                              .arg(m.value(QLatin1String("hostID")).toInteger())
                              .arg(m.value(QLatin1String("size")).toInteger()));
        }
        return ranges.isEmpty() ? tr("none: container uids are host uids")
                                : ranges.join(QStringLiteral("; "));
    }
    case Row::NoNewPrivileges:
        return report.value(QLatin1String("noNewPrivileges")).toBool()
                   ? tr("set: setuid programs cannot gain privileges")
                   : tr("not set: setuid programs inside can gain privileges");
    case Row::MaskedPaths:
        return joined(strings(report, QLatin1String("maskedPaths")));
    }
    return {};
}

QStringList SecurityText::warnings(const QJsonObject &report)
{
    QStringList sentences;
    const QStringList codes = strings(report, QLatin1String("warnings"));
    for (const QString &code : codes) {
        if (code == QLatin1String("host-root")) {
            sentences.append(tr("Runs as root on the host: there is no user namespace, so root in "
                                "the container is the host's root, held back only by "
                                "capabilities, seccomp and the other namespaces."));
        } else if (code == QLatin1String("extra-capabilities")) {
            sentences.append(tr("Privileged: capabilities beyond the default set (%1).")
                                 .arg(joined(strings(report, QLatin1String("extraCapabilities")))));
        } else if (code == QLatin1String("seccomp-unconfined")) {
            sentences.append(tr("Privileged: seccomp is unconfined, so every system call, "
                                "including the ones meant for the host's administrator, reaches "
                                "the kernel."));
        } else if (code == QLatin1String("privileged-options")) {
            sentences.append(tr("Privileged: created with options that need the privileged "
                                "action (bind mounts from the host, added capabilities or "
                                "seccomp unconfined)."));
        } else if (code == QLatin1String("bind-mounts")) {
            QStringList mounts;
            const QJsonArray bindMounts = report.value(QLatin1String("bindMounts")).toArray();
            for (const QJsonValue &mount : bindMounts) {
                const QJsonObject m = mount.toObject();
                mounts.append(tr("%1 on %2%3")
                                  .arg(m.value(QLatin1String("source")).toString(),
                                       m.value(QLatin1String("destination")).toString(),
                                       m.value(QLatin1String("readOnly")).toBool()
                                           ? tr(" (read-only)")
                                           : QString()));
            }
            sentences.append(tr("Host directories are mounted into it: %1.").arg(joined(mounts)));
        } else if (code == QLatin1String("shared-namespaces")) {
            sentences.append(tr("Shares namespaces with the host: %1.")
                                 .arg(joined(strings(report, QLatin1String("sharedNamespaces")))));
        }
        // A code a newer helper added is left out rather than shown raw: these are sentences.
    }
    return sentences;
}

QString SecurityText::warningsHeading()
{
    return tr("Things to know about this container:");
}

QString SecurityText::text(const QJsonObject &report)
{
    QString text;
    for (const Row row : kRows)
        text += label(row) + QLatin1Char(' ') + value(row, report) + QLatin1Char('\n');
    const QStringList sentences = warnings(report);
    if (!sentences.isEmpty()) {
        text += warningsHeading() + QLatin1Char('\n');
        for (const QString &sentence : sentences)
            text += QStringLiteral("  - ") + sentence + QLatin1Char('\n');
    }
    return text;
}

} // namespace glassbox::client
