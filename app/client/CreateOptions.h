// CreateContainer's options a{sv}, built and range-checked in one place for `glassboxctl
// run`/`create` and the Run dialog, with the contract's D-Bus types (t: qulonglong,
// x: qlonglong, as: QStringList, a(ssb): QList<GbBindMount>, a(sqqs): QList<GbPort>).
#pragma once

#include "ObjectInfo.h"

#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace glassbox::client {

class CreateOptions
{
public:
    // A list left empty is not sent: the helper's default applies.
    CreateOptions &setCommand(const QStringList &argv);
    /// NAME=VALUE entries (glassboxctl resolves a bare `-e NAME` first).
    CreateOptions &setEnv(const QStringList &entries);
    CreateOptions &setWorkingDir(const QString &dir);
    CreateOptions &setHostname(const QString &name);
    /// "user[:group]"; false with the parser's message.
    bool setUser(const QString &spec, QString *why);
    /// A size ("512m"), at least the helper's minimum.
    bool setMemoryLimit(const QString &text, QString *why);
    /// A number of CPUs as typed ("1.5").
    bool setCpus(const QString &text, QString *why);
    /// A number of CPUs as a spin box holds it.
    bool setCpus(double cores, QString *why);
    /// "-1" or 1..kMaxPids as typed.
    bool setPidsLimit(const QString &text, QString *why);
    CreateOptions &setPidsLimit(qint64 limit);
    CreateOptions &setReadOnly(bool on);
    CreateOptions &setUserNamespace(bool on);
    CreateOptions &setCapAdd(const QStringList &caps);
    CreateOptions &setCapDrop(const QStringList &caps);
    /// "default" or "unconfined".
    CreateOptions &setSeccomp(const QString &profile);
    CreateOptions &setBindMounts(const QList<BindMount> &mounts);
    /// "none", "host" or a network's name; empty: the helper's default network.
    CreateOptions &setNetwork(const QString &network);
    CreateOptions &setPorts(const QList<PublishedPort> &ports);
    /// `-P`: every port the image exposes, on a free host port each (sent only when true).
    CreateOptions &setPublishAll(bool on);

    /// `--volume HOST:CONTAINER[:ro|rw]`, a relative host path taken from `cwd`; false if
    /// the text is not of that form or the container path is not absolute.
    static bool parseVolume(const QString &spec, const QString &cwd, BindMount *mount);
    /// `--publish [IP:][HOST:]CONTAINER[/tcp|udp]` as docker reads it: ports 1..65535, a host
    /// port left out (or empty, "IP::80") is 0, any free one chosen at start; the host address
    /// IPv4 ("0.0.0.0" is sent as "", all addresses) or IPv6 in brackets ("[::1]:8080:80",
    /// "[fd00::5]::80"; sent without them, in its canonical text; "[::]" is refused, as the
    /// helper refuses it). False with "`SPEC`: reason" in *why.
    static bool parsePublish(const QString &spec, PublishedPort *port, QString *why);
    /// A published port's host address as the Ports option takes it: a dotted-quad IPv4
    /// address as given, or an IPv6 one (its brackets allowed) in its canonical text; empty if
    /// `text` is neither.
    static QString hostAddress(const QString &text);

    [[nodiscard]] QVariantMap toVariantMap() const { return m_options; }

private:
    QVariantMap m_options;
};

} // namespace glassbox::client
