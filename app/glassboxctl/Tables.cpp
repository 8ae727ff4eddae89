// glassboxctl's tables, sizes, times and JSON; see Tables.h.
#include "Tables.h"

#include "CommandLine.h"

#include "glassbox/utf8.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace glassbox::ctl {

using client::ChangeInfo;
using client::ContainerInfo;
using client::CpuMeter;
using client::ImageInfo;
using client::LayerInfo;
using client::NamespaceInfo;
using client::NetworkInfo;
using client::ProcessInfo;
using client::PublishedPort;
using client::StatsSample;

namespace {

bool isUnsafeCodePoint(char32_t c)
{
    return (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

QString percentText(double percent)
{
    return percent < 0 ? QStringLiteral("--") : QString::number(percent, 'f', 2) + QLatin1Char('%');
}

const StatsSample *sampleFor(const QList<StatsSample> &samples, const QString &id)
{
    for (const StatsSample &s : samples) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

QString nameFor(const QList<ContainerInfo> &containers, const QString &id)
{
    for (const ContainerInfo &c : containers) {
        if (c.id == id)
            return c.name;
    }
    return {};
}

} // namespace

QString Table::render() const
{
    QList<qsizetype> widths(m_header.size(), 0);
    auto measure = [&widths](const QStringList &row) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    };
    measure(m_header);
    for (const QStringList &row : m_rows)
        measure(row);
    auto line = [&widths](const QStringList &row) {
        QString text;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            const QString cell = row.value(i);
            if (i + 1 == widths.size())
                text += cell;
            else
                text += cell.leftJustified(widths[i] + 2, QLatin1Char(' '));
        }
        while (text.endsWith(QLatin1Char(' ')))
            text.chop(1);
        return text + QLatin1Char('\n');
    };
    QString text = line(m_header);
    for (const QStringList &row : m_rows)
        text += line(row);
    return text;
}

QString humanSize(quint64 bytes)
{
    static const char *const units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    double value = double(bytes);
    int unit = 0;
    while (value >= 999.5 && unit < 6) {
        value /= 1000;
        ++unit;
    }
    // Three significant digits, trailing zeros dropped (%g).
    return QString::number(value, 'g', 3) + QLatin1Char(' ') + QLatin1String(units[unit]);
}

QString humanDuration(quint64 microseconds)
{
    const quint64 seconds = microseconds / 1000000;
    const quint64 minutes = seconds / 60;
    const quint64 hours = minutes / 60;
    if (seconds < 1)
        return Glassboxctl::tr("Less than a second");
    if (seconds == 1)
        return Glassboxctl::tr("1 second");
    if (seconds < 60)
        return Glassboxctl::tr("%1 seconds").arg(seconds);
    if (minutes == 1)
        return Glassboxctl::tr("About a minute");
    if (minutes < 60)
        return Glassboxctl::tr("%1 minutes").arg(minutes);
    if (std::llround(double(minutes) / 60) == 1 && hours < 2)
        return Glassboxctl::tr("About an hour");
    if (hours < 48)
        return Glassboxctl::tr("%1 hours").arg(hours);
    if (hours < 24 * 7 * 2)
        return Glassboxctl::tr("%1 days").arg(hours / 24);
    if (hours < 24 * 30 * 2)
        return Glassboxctl::tr("%1 weeks").arg(hours / 24 / 7);
    if (hours < 24 * 365 * 2)
        return Glassboxctl::tr("%1 months").arg(hours / 24 / 30);
    return Glassboxctl::tr("%1 years").arg(hours / 24 / 365);
}

QString ago(quint64 thenUs, quint64 nowUs)
{
    if (thenUs == 0)
        return {};
    return Glassboxctl::tr("%1 ago").arg(humanDuration(nowUs > thenUs ? nowUs - thenUs : 0));
}

QString statusText(const ContainerInfo &c, quint64 nowUs)
{
    const QString up = humanDuration(nowUs > c.startedAt ? nowUs - c.startedAt : 0);
    if (c.state == QLatin1String("running"))
        return Glassboxctl::tr("Up %1").arg(up);
    if (c.state == QLatin1String("paused"))
        return Glassboxctl::tr("Up %1 (paused)").arg(up);
    if (c.state == QLatin1String("stopping"))
        return Glassboxctl::tr("Up %1 (stopping)").arg(up);
    if (c.state == QLatin1String("created"))
        return Glassboxctl::tr("Created");
    if (c.state == QLatin1String("stopped")) {
        if (c.finishedAt == 0)
            return Glassboxctl::tr("Exited (%1)").arg(c.exitCode);
        return Glassboxctl::tr("Exited (%1) %2").arg(c.exitCode).arg(ago(c.finishedAt, nowUs));
    }
    return c.state;
}

QString shortId(const QString &id)
{
    return (id.startsWith(QLatin1String("sha256:")) ? id.mid(7) : id).left(12);
}

std::pair<QString, QString> splitTag(const QString &tag)
{
    const qsizetype slash = tag.lastIndexOf(QLatin1Char('/'));
    const qsizetype colon = tag.lastIndexOf(QLatin1Char(':'));
    if (colon <= slash)
        return {tag, QStringLiteral("<none>")};
    return {tag.left(colon), tag.mid(colon + 1)};
}

QString commandLine(const QStringList &command, int width)
{
    const QString line = command.join(QLatin1Char(' '));
    if (line.size() <= width)
        return line;
    return line.left(width - 3) + QLatin1String("...");
}

QString portText(const PublishedPort &port)
{
    return client::publishedPortText(port, u"->");
}

QString portsText(const QList<PublishedPort> &ports)
{
    return client::publishedPortsText(ports, u"->");
}

QString portLines(const QList<PublishedPort> &ports)
{
    QString text;
    for (const PublishedPort &port : ports) {
        if (port.hostPort != 0)
            text += QStringLiteral("%1/%2 -> %3\n")
                        .arg(QString::number(port.containerPort), port.protocol,
                             client::publishedAddress(port));
    }
    return text;
}

QString psTable(const QList<ContainerInfo> &containers, quint64 nowUs)
{
    Table table({Glassboxctl::tr("CONTAINER ID"), Glassboxctl::tr("IMAGE"),
                 Glassboxctl::tr("COMMAND"), Glassboxctl::tr("CREATED"), Glassboxctl::tr("STATUS"),
                 Glassboxctl::tr("PORTS"), Glassboxctl::tr("NAMES")});
    for (const ContainerInfo &c : containers) {
        table.addRow({shortId(c.id), c.image, commandLine(c.command), ago(c.created, nowUs),
                      statusText(c, nowUs), portsText(c.ports), c.name});
    }
    return table.render();
}

QString imagesTable(const QList<ImageInfo> &images, quint64 nowUs)
{
    Table table({Glassboxctl::tr("REPOSITORY"), Glassboxctl::tr("TAG"), Glassboxctl::tr("IMAGE ID"),
                 Glassboxctl::tr("CREATED"), Glassboxctl::tr("SIZE")});
    for (const ImageInfo &image : images) {
        const QStringList tags =
            image.tags.isEmpty() ? QStringList{QStringLiteral("<none>")} : image.tags;
        for (const QString &tag : tags) {
            const auto [repository, version] = splitTag(tag);
            table.addRow({repository, version, shortId(image.id), ago(image.created, nowUs),
                          humanSize(image.size)});
        }
    }
    return table.render();
}

QString statsTable(const QList<StatsSample> &before, const QList<StatsSample> &after,
                   const QList<ContainerInfo> &containers)
{
    Table table({Glassboxctl::tr("ID"), Glassboxctl::tr("NAME"),
                 Glassboxctl::tr("CPU % (100% = 1 core)"), Glassboxctl::tr("MEM USAGE / LIMIT"),
                 Glassboxctl::tr("MEM %"), Glassboxctl::tr("NET I/O"), Glassboxctl::tr("PIDS"),
                 Glassboxctl::tr("OOM KILLS")});
    for (const StatsSample &s : after) {
        const StatsSample *previous = sampleFor(before, s.id);
        const double cpu = previous ? CpuMeter::percent(*previous, s).value_or(-1) : -1;
        const QString limit =
            s.memoryLimit ? humanSize(s.memoryLimit) : Glassboxctl::tr("unlimited");
        // docker's figure: usage less the inactive file cache the kernel drops first.
        const double memPercent =
            s.memoryLimit ? 100.0 * double(s.memoryInUse()) / double(s.memoryLimit) : -1;
        const QString pids = s.pidsLimit ? QStringLiteral("%1 / %2").arg(s.pids).arg(s.pidsLimit)
                                         : QString::number(s.pids);
        // docker's NET I/O: bytes received / sent by the container's own interfaces so far.
        table.addRow({shortId(s.id), nameFor(containers, s.id), percentText(cpu),
                      humanSize(s.memoryInUse()) + QLatin1String(" / ") + limit,
                      percentText(memPercent),
                      humanSize(s.rxBytes) + QLatin1String(" / ") + humanSize(s.txBytes), pids,
                      QString::number(s.oomKills)});
    }
    return table.render();
}

QString processesTable(const QList<ProcessInfo> &processes)
{
    Table table({Glassboxctl::tr("PID"), Glassboxctl::tr("PID IN CONTAINER"),
                 Glassboxctl::tr("USER"), Glassboxctl::tr("COMMAND")});
    for (const ProcessInfo &p : processes)
        table.addRow({QString::number(p.pid), QString::number(p.nsPid), p.user, p.command});
    return table.render();
}

QString namespacesTable(const QList<NamespaceInfo> &namespaces)
{
    Table table({Glassboxctl::tr("TYPE"), Glassboxctl::tr("INODE"), Glassboxctl::tr("HOST INODE"),
                 Glassboxctl::tr("SHARED WITH HOST"), Glassboxctl::tr("PROCESSES")});
    for (const NamespaceInfo &n : namespaces) {
        table.addRow({n.type, QString::number(n.inode), QString::number(n.hostInode),
                      n.shared ? Glassboxctl::tr("yes") : Glassboxctl::tr("no"),
                      QString::number(n.processes)});
    }
    return table.render();
}

QString layersTable(const QList<LayerInfo> &layers)
{
    Table table({Glassboxctl::tr("LAYER"), Glassboxctl::tr("SIZE"), Glassboxctl::tr("FILES"),
                 Glassboxctl::tr("WHITEOUTS"), Glassboxctl::tr("OPAQUE DIRS"),
                 Glassboxctl::tr("CREATED BY")});
    for (const LayerInfo &l : layers) {
        const QString id = l.digest.isEmpty() ? Glassboxctl::tr("(writable)") : shortId(l.digest);
        table.addRow({id, humanSize(l.size), QString::number(l.files), QString::number(l.whiteouts),
                      QString::number(l.opaques), commandLine({l.createdBy}, 60)});
    }
    return table.render();
}

QString diffText(const QList<ChangeInfo> &changes)
{
    QString text;
    for (const ChangeInfo &c : changes)
        text += c.kind + QLatin1Char(' ') + c.path + QLatin1Char('\n');
    return text;
}

QString networksTable(const QList<NetworkInfo> &networks)
{
    Table table({Glassboxctl::tr("NAME"), Glassboxctl::tr("SUBNET"), Glassboxctl::tr("GATEWAY"),
                 Glassboxctl::tr("BRIDGE"), Glassboxctl::tr("DNS"), Glassboxctl::tr("INTERNAL"),
                 Glassboxctl::tr("CONTAINERS")});
    const auto yesNo = [](bool on) {
        return on ? Glassboxctl::tr("yes") : Glassboxctl::tr("no");
    };
    for (const NetworkInfo &n : networks) {
        table.addRow({n.name, n.subnet, n.gateway, n.bridge, yesNo(n.dns), yesNo(n.internal),
                      QString::number(n.containers)});
    }
    return table.render();
}

QJsonObject containerJson(const ContainerInfo &c)
{
    return {
        {QStringLiteral("Id"), c.id},
        {QStringLiteral("Names"), QJsonArray{c.name}},
        {QStringLiteral("Image"), c.image},
        {QStringLiteral("Command"), QJsonArray::fromStringList(c.command)},
        {QStringLiteral("State"), c.state},
        {QStringLiteral("Pid"), qint64(c.pid)},
        {QStringLiteral("ExitCode"), c.exitCode},
        {QStringLiteral("OOMKilled"), c.oomKilled},
        {QStringLiteral("Created"), qint64(c.created / 1000000)},
        {QStringLiteral("StartedAt"), qint64(c.startedAt / 1000000)},
        {QStringLiteral("ExitedAt"), qint64(c.finishedAt / 1000000)},
        {QStringLiteral("Networks"), c.network.isEmpty() ? QJsonArray() : QJsonArray{c.network}},
        {QStringLiteral("Ports"), portsJson(c.ports)}};
}

QJsonObject imageJson(const ImageInfo &image)
{
    return {{QStringLiteral("Id"), image.id},
            {QStringLiteral("Names"), QJsonArray::fromStringList(image.tags)},
            {QStringLiteral("Size"), qint64(image.size)},
            {QStringLiteral("Layers"), qint64(image.layerCount)},
            {QStringLiteral("Created"), qint64(image.created / 1000000)},
            {QStringLiteral("Containers"), QJsonArray::fromStringList(image.inUseBy)}};
}

QJsonArray statsJson(const QList<StatsSample> &before, const QList<StatsSample> &after,
                     const QList<ContainerInfo> &containers)
{
    QJsonArray array;
    for (const StatsSample &s : after) {
        const StatsSample *previous = sampleFor(before, s.id);
        QJsonObject entry{{QStringLiteral("id"), s.id},
                          {QStringLiteral("name"), nameFor(containers, s.id)},
                          {QStringLiteral("cpu_ns"), qint64(s.cpuNs)},
                          {QStringLiteral("mem_usage"), qint64(s.memoryInUse())},
                          {QStringLiteral("mem_cache"), qint64(s.memoryCache())},
                          {QStringLiteral("mem_limit"), qint64(s.memoryLimit)},
                          {QStringLiteral("pids"), qint64(s.pids)},
                          {QStringLiteral("pids_limit"), qint64(s.pidsLimit)},
                          {QStringLiteral("oom_kills"), qint64(s.oomKills)},
                          {QStringLiteral("net_rx_bytes"), qint64(s.rxBytes)},
                          {QStringLiteral("net_tx_bytes"), qint64(s.txBytes)}};
        const double cpu = previous ? CpuMeter::percent(*previous, s).value_or(-1) : -1;
        // Percent of one core.
        entry.insert(QStringLiteral("cpu_percent"), cpu < 0 ? QJsonValue() : QJsonValue(cpu));
        array.append(entry);
    }
    return array;
}

QJsonArray processesJson(const QList<ProcessInfo> &processes)
{
    QJsonArray array;
    for (const ProcessInfo &p : processes) {
        array.append(QJsonObject{{QStringLiteral("pid"), qint64(p.pid)},
                                 {QStringLiteral("container_pid"), qint64(p.nsPid)},
                                 {QStringLiteral("user"), p.user},
                                 {QStringLiteral("command"), p.command}});
    }
    return array;
}

QJsonArray namespacesJson(const QList<NamespaceInfo> &namespaces)
{
    QJsonArray array;
    for (const NamespaceInfo &n : namespaces) {
        array.append(QJsonObject{{QStringLiteral("type"), n.type},
                                 {QStringLiteral("inode"), qint64(n.inode)},
                                 {QStringLiteral("host_inode"), qint64(n.hostInode)},
                                 {QStringLiteral("shared_with_host"), n.shared},
                                 {QStringLiteral("processes"), qint64(n.processes)}});
    }
    return array;
}

QJsonArray layersJson(const QList<LayerInfo> &layers)
{
    QJsonArray array;
    for (const LayerInfo &l : layers) {
        array.append(QJsonObject{{QStringLiteral("digest"), l.digest},
                                 {QStringLiteral("diff_id"), l.diffId},
                                 {QStringLiteral("size"), qint64(l.size)},
                                 {QStringLiteral("files"), qint64(l.files)},
                                 {QStringLiteral("created_by"), l.createdBy},
                                 {QStringLiteral("whiteouts"), qint64(l.whiteouts)},
                                 {QStringLiteral("opaque_dirs"), qint64(l.opaques)}});
    }
    return array;
}

QJsonArray changesJson(const QList<ChangeInfo> &changes)
{
    QJsonArray array;
    for (const ChangeInfo &c : changes) {
        array.append(QJsonObject{{QStringLiteral("kind"), c.kind},
                                 {QStringLiteral("path"), c.path},
                                 {QStringLiteral("copied_up"), c.copiedUp},
                                 {QStringLiteral("size"), qint64(c.size)}});
    }
    return array;
}

QJsonArray portsJson(const QList<PublishedPort> &ports)
{
    QJsonArray array;
    for (const PublishedPort &p : ports) {
        array.append(QJsonObject{{QStringLiteral("host_ip"), p.hostIp},
                                 {QStringLiteral("host_port"), int(p.hostPort)},
                                 {QStringLiteral("container_port"), int(p.containerPort)},
                                 {QStringLiteral("protocol"), p.protocol}});
    }
    return array;
}

QJsonArray networksJson(const QList<NetworkInfo> &networks)
{
    QJsonArray array;
    for (const NetworkInfo &n : networks) {
        array.append(QJsonObject{{QStringLiteral("name"), n.name},
                                 {QStringLiteral("id"), n.id},
                                 {QStringLiteral("bridge"), n.bridge},
                                 {QStringLiteral("subnet"), n.subnet},
                                 {QStringLiteral("gateway"), n.gateway},
                                 {QStringLiteral("internal"), n.internal},
                                 {QStringLiteral("dns"), n.dns},
                                 {QStringLiteral("containers"), qint64(n.containers)}});
    }
    return array;
}

QString jsonText(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

QByteArray terminalSafe(QByteArrayView utf8)
{
    QByteArray out;
    out.reserve(utf8.size());
    auto escape = [&out](const char *prefix, uint value, int digits, const char *suffix) {
        out += prefix + QByteArray::number(value, 16).rightJustified(digits, '0') + suffix;
    };
    const auto *bytes = reinterpret_cast<const unsigned char *>(utf8.data());
    const qsizetype size = utf8.size();
    for (qsizetype i = 0; i < size;) {
        const unsigned char byte = bytes[i];
        if (byte == '\\') {
            const bool forgeable = i + 1 < size && (bytes[i + 1] == 'x' || bytes[i + 1] == 'u');
            out += forgeable ? "\\\\" : "\\";
            ++i;
            continue;
        }
        if (byte == '\n' || byte == '\t' || (byte >= 0x20 && byte < 0x7F)) {
            out += char(byte);
            ++i;
            continue;
        }
        char32_t codePoint = 0;
        const int length =
            byte < 0x80 ? 0
                        : glassbox::utf8::sequenceLength(
                              std::string_view(utf8.data() + i, size_t(size - i)), &codePoint);
        if (length == 0) {
            escape("\\x", byte, 2, ""); // a control character, or not UTF-8
            ++i;
        } else if (isUnsafeCodePoint(codePoint)) {
            escape("\\u{", uint(codePoint), 4, "}");
            i += length;
        } else {
            out.append(reinterpret_cast<const char *>(bytes + i), length);
            i += length;
        }
    }
    return out;
}

} // namespace glassbox::ctl
