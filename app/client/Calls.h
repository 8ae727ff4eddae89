// The helper's methods as typed calls, one function per method of the contract that the
// clients call. Every call is sent as a QDBusMessage, because QtDBus 6.4's generated proxies
// cannot set the allow-interactive-authorization flag that lets the desktop's polkit agent ask
// for a password. The caller waits for the answer (glassboxctl) or watches it (the desktop).
#pragma once

#include <QDBusConnection>
#include <QDBusPendingCall>
#include <QLatin1String>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

class QDBusUnixFileDescriptor;

namespace glassbox::client {

class Calls
{
public:
    /// Long enough for someone to type a password into the polkit agent, and for Stop to
    /// wait for its timeout.
    static constexpr int kMutatingTimeoutMs = 10 * 60 * 1000;
    /// How long a window waits for a read before it says so.
    static constexpr int kReadTimeoutMs = 30 * 1000;

    /// Whether a method changes something (polkit may ask for a password) or only reads.
    enum class Access { Read, Change };
    /// How reads are sent; a change always allows interaction and waits kMutatingTimeoutMs.
    enum class Reads {
        Quick,      ///< no interaction, kReadTimeoutMs: the desktop application
        LikeChange, ///< as a change: someone at a terminal waits for the answer (glassboxctl)
    };

    explicit Calls(QDBusConnection bus, Reads reads = Reads::Quick);

    /// Any method of the helper's objects, for one that has no function below.
    [[nodiscard]] QDBusPendingCall call(const QString &path, const QString &interface,
                                        const QString &method, const QVariantList &args,
                                        Access access) const;

    // org.glassbox.Manager1 and its ObjectManager
    [[nodiscard]] QDBusPendingCall createContainer(const QString &image, const QString &name,
                                                   const QVariantMap &options) const;
    /// The helper reads the archive from `archive`: it never opens a path of the caller's.
    [[nodiscard]] QDBusPendingCall importImage(const QDBusUnixFileDescriptor &archive,
                                               const QString &format, const QString &tag) const;
    /// A Job1 pulling `reference`; `options`: Username and Password, the one credential the
    /// pull needs (the caller's own auth.json holds it; the helper never stores it).
    [[nodiscard]] QDBusPendingCall pullImage(const QString &reference,
                                             const QVariantMap &options) const;
    [[nodiscard]] QDBusPendingCall getStats(const QStringList &ids) const;
    [[nodiscard]] QDBusPendingCall getManagedObjects() const;
    [[nodiscard]] QDBusPendingCall listNetworks() const;
    /// `options`: networkOption keys of BusNames.h (Subnet, Gateway, Internal, DNS, IPv6,
    /// Subnet6, Gateway6), passed as given; an empty map takes the helper's defaults.
    [[nodiscard]] QDBusPendingCall createNetwork(const QString &name,
                                                 const QVariantMap &options) const;
    [[nodiscard]] QDBusPendingCall removeNetwork(const QString &name) const;
    /// JSON: the network's definition and the containers on it.
    [[nodiscard]] QDBusPendingCall inspectNetwork(const QString &name) const;

    // org.glassbox.Container1, on the container with this id
    [[nodiscard]] QDBusPendingCall start(const QString &id) const;
    [[nodiscard]] QDBusPendingCall stop(const QString &id, uint timeoutSeconds) const;
    [[nodiscard]] QDBusPendingCall restart(const QString &id, uint timeoutSeconds) const;
    [[nodiscard]] QDBusPendingCall kill(const QString &id, int signal) const;
    [[nodiscard]] QDBusPendingCall pause(const QString &id) const;
    [[nodiscard]] QDBusPendingCall resume(const QString &id) const;
    [[nodiscard]] QDBusPendingCall removeContainer(const QString &id, bool force) const;
    [[nodiscard]] QDBusPendingCall exec(const QString &id, const QStringList &argv) const;
    [[nodiscard]] QDBusPendingCall inspectContainer(const QString &id) const;
    [[nodiscard]] QDBusPendingCall getNamespaces(const QString &id) const;
    [[nodiscard]] QDBusPendingCall getContainerLayers(const QString &id) const;
    [[nodiscard]] QDBusPendingCall getDiff(const QString &id) const;
    [[nodiscard]] QDBusPendingCall getProcesses(const QString &id) const;
    /// JSON: what the container may do to its host (glassbox/security_report.h).
    [[nodiscard]] QDBusPendingCall getSecurityReport(const QString &id) const;
    /// JSON: the running container's attachment to its network.
    [[nodiscard]] QDBusPendingCall getNetwork(const QString &id) const;
    [[nodiscard]] QDBusPendingCall getLogs(const QString &id, quint64 maxBytes) const;
    [[nodiscard]] QDBusPendingCall openLog(const QString &id) const;

    // org.glassbox.Image1, on the image with this id
    [[nodiscard]] QDBusPendingCall removeImage(const QString &id, bool force) const;
    [[nodiscard]] QDBusPendingCall tagImage(const QString &id, const QString &reference) const;
    [[nodiscard]] QDBusPendingCall inspectImage(const QString &id) const;
    [[nodiscard]] QDBusPendingCall getImageLayers(const QString &id) const;

    // org.glassbox.Job1
    [[nodiscard]] QDBusPendingCall cancelJob(const QString &jobPath) const;

    // org.freedesktop.DBus.Properties on any of the helper's objects
    [[nodiscard]] QDBusPendingCall getProperty(const QString &path, const QString &interface,
                                               const QString &name) const;
    [[nodiscard]] QDBusPendingCall getAllProperties(const QString &path,
                                                    const QString &interface) const;

private:
    [[nodiscard]] QDBusPendingCall onContainer(const QString &id, QLatin1String method,
                                               const QVariantList &args, Access access) const;
    [[nodiscard]] QDBusPendingCall onImage(const QString &id, QLatin1String method,
                                           const QVariantList &args, Access access) const;

    QDBusConnection m_bus;
    Reads m_reads;
};

} // namespace glassbox::client
