// Where the helper keeps its state and which binaries it runs; command-line overridable so
// that tests run it against temporary roots.
#pragma once

#include <QString>

namespace glassbox::helper {

struct HelperConfig
{
    QString stateDir = QStringLiteral("/var/lib/glassbox/containers"); ///< <id>/record.json
    QString runDir = QStringLiteral("/run/glassbox");                  ///< runtime/, shims/<id>/
    QString storeRoot = QStringLiteral("/var/lib/glassbox");           ///< the image store
    QString shimBinary;                                                ///< glassbox-shim
    QString runtimeBinary;                                             ///< glassbox-runtime (Exec)
    /// systemd-run, when each shim runs in a transient scope of its own (systemd as PID 1 on
    /// a pure cgroup v2 host); empty: shims and containers stay below the helper's cgroup.
    QString systemdRun;
    int idleSeconds = 60; ///< exit after this long without clients, calls or jobs; 0: never
    quint64 logMaxBytes = 1024 * 1024;

    [[nodiscard]] QString runtimeRoot() const { return runDir + QStringLiteral("/runtime"); }
    [[nodiscard]] QString shimDir(const QString &id) const
    {
        return runDir + QStringLiteral("/shims/") + id;
    }
};

} // namespace glassbox::helper
