// Read-only views of a container for the Get* and Inspect methods: namespaces against the
// host's, processes with their NSpid, logs, layers and diff. Reads the kernel's and the
// image store's files; changes nothing. Touches no QObject: called on worker threads.
#pragma once

#include "DBusTypes.h"

#include <QString>
#include <QVariantMap>

struct HelperContext;
struct ContainerRecord;

class ContainerInspector
{
public:
    /// The namespaces of `pid` against the helper's own (the host's reference), with the
    /// number of processes in each (counted across /proc, as lsns does).
    [[nodiscard]] static GbNamespaceList namespaces(qint64 pid);
    [[nodiscard]] static bool processes(HelperContext *context, const QString &id,
                                        GbProcessList *out, QString *error);
    /// The cgroup's PSI counters and the CLOCK_MONOTONIC time of the read (GetPressure).
    [[nodiscard]] static bool pressure(HelperContext *context, const QString &id, GbCounterMap *out,
                                       QString *error);
    /// The last `maxBytes` of the log (at most 16 MiB).
    [[nodiscard]] static QString logs(const QString &logPath, quint64 maxBytes);
    [[nodiscard]] static bool layers(HelperContext *context, const ContainerRecord &record,
                                     GbLayerList *out, GbStringMap *paths, QString *error);
    [[nodiscard]] static bool diff(HelperContext *context, const QString &id, GbChangeList *out,
                                   QString *error);
    /// docker inspect-like JSON: the image library's rootfs view plus name, config and state.
    [[nodiscard]] static bool inspect(HelperContext *context, const ContainerRecord &record,
                                      const QVariantMap &state, QString *json, QString *error);
};
