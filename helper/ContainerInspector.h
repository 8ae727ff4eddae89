// Read-only views of a container for the Get* and Inspect methods: namespaces against the
// host's, processes with their NSpid, logs, layers and diff. Reads the kernel's and the
// image store's files; changes nothing. Touches no QObject: called on worker threads.
#pragma once

#include "glassbox/network.h"
#include <optional>

#include "DBusTypes.h"
#include "HelperError.h"

#include <QString>
#include <QVariantMap>

namespace glassbox::helper {

struct HelperContext;
struct ContainerRecord;

class ContainerInspector
{
public:
    /// The most a list reply (GetDiff, GetProcesses) carries in strings and fields: a
    /// quarter of dbus-daemon's 32 MiB message limit on the system bus, which drops the
    /// connection of a sender that exceeds it. A longer list ends in a "truncated" entry.
    static constexpr qsizetype kReplyBudget = 8 * 1024 * 1024;
    /// The most one string of such a list holds (UTF-8 bytes, "…" included).
    static constexpr qsizetype kMaxReplyString = 4096;

    /// The namespaces of `pid` against the helper's own (the host's reference), with the
    /// number of processes in each (counted across /proc, as lsns does).
    [[nodiscard]] static GbNamespaceList namespaces(qint64 pid);
    /// The container's processes, at most kReplyBudget of them: then a last entry with pid 0
    /// and the number left out as its command. Command lines over kMaxReplyString are cut.
    [[nodiscard]] static bool processes(HelperContext *context, const QString &id,
                                        GbProcessList *out, QString *error);
    /// The cgroup's PSI counters and the CLOCK_MONOTONIC time of the read (GetPressure).
    [[nodiscard]] static bool pressure(HelperContext *context, const QString &id, GbCounterMap *out,
                                       QString *error);
    /// The last `maxBytes` of the log (at most 8 MiB).
    [[nodiscard]] static QString logs(const QString &logPath, quint64 maxBytes);
    [[nodiscard]] static bool layers(HelperContext *context, const ContainerRecord &record,
                                     GbLayerList *out, GbStringMap *paths, QString *error);
    /// docker diff, at most kReplyBudget of it: then a last entry of kind "!" with the number
    /// left out as its path. Paths over kMaxReplyString are cut.
    [[nodiscard]] static bool diff(HelperContext *context, const QString &id, GbChangeList *out,
                                   QString *error);
    /// What the container may do to its host (glassbox/security_report.h) as JSON, from the
    /// bundle's config.json and, when `pid` is not 0, the live namespaces against the host's.
    [[nodiscard]] static HelperResult<QString>
    securityReport(HelperContext *context, const ContainerRecord &record, qint64 pid);
    /// The running container on its network as JSON: NetworkStore's attachment, the
    /// network's bridge and subnet, the namespace seen from inside through `pid` (its
    /// interfaces, addresses, counters and routes: "inside"), and each published port's
    /// forwarding rule from the host's iptables ("forwards"). Failed when it has none
    /// (stopped, "none", "host").
    [[nodiscard]] static HelperResult<QString>
    network(HelperContext *context, const ContainerRecord &record,
            const std::optional<glassbox::net::Attachment> &attachment, qint64 pid);
    /// docker inspect-like JSON: the image library's rootfs view plus name, config and state.
    [[nodiscard]] static bool inspect(HelperContext *context, const ContainerRecord &record,
                                      const QVariantMap &state, QString *json, QString *error);
};

} // namespace glassbox::helper
