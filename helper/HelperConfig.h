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
    /// Network definitions (kept) and what runs on them (gone at reboot, as the namespaces).
    QString networkConfigDir = QStringLiteral("/var/lib/glassbox/networks");
    /// The network a container joins when CreateContainer names none: "glassbox" (made on
    /// first use), or "none" (each container alone in its namespace; the tests' helpers
    /// that are not about networks, so that they make no bridge on the host).
    QString defaultNetwork = QStringLiteral("glassbox");
    /// Registries, mirrors and insecure ones for pulls (podman's file and its .d drop-ins),
    /// and the registries' own CAs (certs.d/HOST:PORT/*.crt).
    QString registriesConf = QStringLiteral("/etc/containers/registries.conf");
    QString certsDirectory = QStringLiteral("/etc/containers/certs.d");
    int idleSeconds = 60; ///< exit after this long without clients, calls or jobs; 0: never
    quint64 logMaxBytes = 1024 * 1024;

    [[nodiscard]] QString runtimeRoot() const { return runDir + QStringLiteral("/runtime"); }
    [[nodiscard]] QString networkRunDir() const { return runDir + QStringLiteral("/networks"); }
    [[nodiscard]] QString shimDir(const QString &id) const
    {
        return runDir + QStringLiteral("/shims/") + id;
    }
};

} // namespace glassbox::helper
