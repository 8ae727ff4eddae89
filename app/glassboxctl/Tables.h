// glassboxctl's output: aligned tables like podman's, human sizes and times, CPU% from two
// stats samples, and the JSON forms of --json. Pure functions: times are passed in.
#pragma once

#include "CommandLine.h"
#include "CpuMeter.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace glassbox::ctl {

/// UTF-8 text that came from a container (file names, command lines, log lines, error
/// messages quoting them) made safe to write to a terminal, as `ls` shows file names:
/// control characters other than newline and tab, DEL, C1 controls (U+0080..U+009F),
/// bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) and bytes that are
/// not UTF-8 become `\xHH` or `\u{HHHH}`, and a backslash before `x` or `u` is doubled so the
/// escapes cannot be forged. A container can then neither set the window title, clear the
/// screen, move the cursor nor reorder what the user reads. Valid text passes unchanged.
QByteArray terminalSafe(QByteArrayView utf8);

/// Columns separated by at least two spaces, each as wide as its widest cell; the last
/// column is not padded. Every line ends with '\n'.
class Table
{
public:
    explicit Table(QStringList header) : m_header(std::move(header)) {}
    void addRow(QStringList row) { m_rows.append(std::move(row)); }
    QString render() const;

private:
    QStringList m_header;
    QList<QStringList> m_rows;
};

/// SI units with three significant digits, as podman prints them: "0 B", "999 B",
/// "1.45 kB", "12.3 MB", "2 GB".
QString humanSize(quint64 bytes);
/// Docker's HumanDuration: "Less than a second", "5 seconds", "About a minute",
/// "12 minutes", "About an hour", "3 hours", "4 days", "2 weeks", "5 months", "2 years".
QString humanDuration(quint64 microseconds);
/// "5 minutes ago"; "" for 0 (never).
QString ago(quint64 thenUs, quint64 nowUs);
/// ps's STATUS: "Created", "Up 5 minutes", "Up 5 minutes (paused)", "Exited (137) 3 seconds ago".
QString statusText(const client::ContainerInfo &container, quint64 nowUs);
/// The first 12 characters of an id ("sha256:" dropped).
QString shortId(const QString &id);
/// ("docker.io/library/busybox", "latest") from "docker.io/library/busybox:latest".
std::pair<QString, QString> splitTag(const QString &tag);
/// The command as one line, at most `width` characters ("..." when cut).
QString commandLine(const QStringList &command, int width = 30);

/// docker ps's form: "0.0.0.0:18080->80/tcp"; "80/tcp" while no host port is chosen (0).
QString portText(const client::PublishedPort &port);
/// ps's PORTS cell: portText() of each, in the container's order, joined by ", ".
QString portsText(const QList<client::PublishedPort> &ports);
/// docker port's lines: "80/tcp -> 0.0.0.0:18080", one per port with a host port.
QString portLines(const QList<client::PublishedPort> &ports);

QString psTable(const QList<client::ContainerInfo> &containers, quint64 nowUs);
QString imagesTable(const QList<client::ImageInfo> &images, quint64 nowUs);
/// Rows for `after` with CPU% against the entry of the same id in `before` ("--" without).
QString statsTable(const QList<client::StatsSample> &before,
                   const QList<client::StatsSample> &after,
                   const QList<client::ContainerInfo> &containers);
QString processesTable(const QList<client::ProcessInfo> &processes);
QString namespacesTable(const QList<client::NamespaceInfo> &namespaces);
QString layersTable(const QList<client::LayerInfo> &layers);
/// docker diff: "A /path" lines.
QString diffText(const QList<client::ChangeInfo> &changes);
/// network ls: NAME, SUBNET, GATEWAY, BRIDGE, DNS, INTERNAL, CONTAINERS, in the given order.
QString networksTable(const QList<client::NetworkInfo> &networks);

QJsonObject containerJson(const client::ContainerInfo &container);
QJsonObject imageJson(const client::ImageInfo &image);
QJsonArray statsJson(const QList<client::StatsSample> &before,
                     const QList<client::StatsSample> &after,
                     const QList<client::ContainerInfo> &containers);
QJsonArray processesJson(const QList<client::ProcessInfo> &processes);
QJsonArray namespacesJson(const QList<client::NamespaceInfo> &namespaces);
QJsonArray layersJson(const QList<client::LayerInfo> &layers);
QJsonArray changesJson(const QList<client::ChangeInfo> &changes);
/// {"host_ip", "host_port", "container_port", "protocol"} each, as podman's ps --format json.
QJsonArray portsJson(const QList<client::PublishedPort> &ports);
QJsonArray networksJson(const QList<client::NetworkInfo> &networks);
/// Indented JSON with a final newline.
QString jsonText(const QJsonArray &array);
QString jsonText(const QJsonObject &object);

} // namespace glassbox::ctl
