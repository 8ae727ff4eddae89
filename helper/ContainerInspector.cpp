// Read-only container views (see ContainerInspector.h).
#include "ContainerInspector.h"

#include "ContainerRecord.h"
#include "HelperContext.h"
#include "ImageAnalyses.h"
#include "Validation.h"

#include "glassbox/cgroup/cgroup.h"
#include "glassbox/container.h"
#include "glassbox/file_io.h"
#include "glassbox/image/analysis.h"
#include "glassbox/image/container_rootfs.h"
#include "glassbox/namespaces.h"
#include "glassbox/network.h"
#include "glassbox/network_view.h"
#include "glassbox/security_report.h"
#include "glassbox/spawn.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <ctime>
#include <initializer_list>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glassbox::helper {

namespace {

// 8 MiB of log text is at most 24 MiB on the wire (an invalid byte becomes U+FFFD, three
// bytes of UTF-8): under dbus-daemon's 32 MiB message limit on the system bus.
constexpr quint64 kMaxLogBytes = 8 * 1024 * 1024;
const char *const kNamespaceTypes[] = {"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"};

QString readProc(qint64 pid, const char *file)
{
    QFile in(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(file)));
    if (!in.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLocal8Bit(in.read(65536));
}

QString userName(uint uid)
{
    passwd entry{};
    passwd *result = nullptr;
    char buffer[4096];
    if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &result) == 0 && result)
        return QString::fromLocal8Bit(result->pw_name);
    return QString::number(uid);
}

QString coreError(const glassbox::Error &error)
{
    return QString::fromStdString(error.text());
}

/// The UTF-8 size of `text` (what it costs in a D-Bus message), without encoding it.
qsizetype utf8Size(QStringView text)
{
    qsizetype bytes = 0;
    for (const QChar c : text)
        bytes += c.unicode() < 0x80 ? 1 : (c.unicode() < 0x800 || c.isSurrogate()) ? 2 : 3;
    return bytes;
}

/// `text` cut to at most kMaxReplyString bytes of UTF-8, ending in "…" where it was cut
/// (a container's 64 KiB command line or 24 KiB path), never inside a character.
QString capped(const QString &text)
{
    if (utf8Size(text) <= ContainerInspector::kMaxReplyString)
        return text;
    QByteArray utf8 = text.toUtf8();
    qsizetype end = ContainerInspector::kMaxReplyString - 3; // room for the ellipsis
    while (end > 0 && (uchar(utf8.at(end)) & 0xC0) == 0x80)  // a continuation byte
        --end;
    utf8.truncate(end);
    return QString::fromUtf8(utf8) + QChar(0x2026);
}

/// Counts a list reply's size while it is built: a reply over dbus-daemon's message limit
/// makes the daemon drop the helper's connection (and with it every client's calls), so a
/// list stops at kReplyBudget and ends with an entry saying how many were left out.
class ReplyBudget
{
public:
    /// Whether an entry whose strings are `strings` still fits; counts it if so. Each entry
    /// also costs its struct's alignment and the fixed-size fields (under 32 bytes).
    bool take(std::initializer_list<QStringView> strings)
    {
        qsizetype bytes = 32;
        for (const QStringView text : strings)
            bytes += 5 + utf8Size(text); // length, text, NUL
        if (m_used + bytes > ContainerInspector::kReplyBudget)
            return false;
        m_used += bytes;
        return true;
    }

private:
    qsizetype m_used = 0;
};

QString leftOut(qsizetype count, const char *what)
{
    return QStringLiteral("%1 more %2 not listed: the reply is limited to %3 MiB")
        .arg(count)
        .arg(QLatin1String(what))
        .arg(ContainerInspector::kReplyBudget / (1024 * 1024));
}

} // namespace

GbNamespaceList ContainerInspector::namespaces(qint64 pid)
{
    // Inodes per type of every process, counted once for all types.
    QHash<QString, QHash<quint64, quint32>> counts;
    const QStringList entries =
        QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const pid_t other = pid_t(entry.toInt(&numeric));
        if (!numeric)
            continue;
        for (const char *type : kNamespaceTypes)
            if (const uint64_t inode = glassbox::namespaces::inode(other, type))
                ++counts[QLatin1String(type)][inode];
    }
    GbNamespaceList list;
    for (const char *type : kNamespaceTypes) {
        GbNamespace ns;
        ns.type = QLatin1String(type);
        ns.inode = glassbox::namespaces::inode(pid_t(pid), type);
        ns.hostInode = glassbox::namespaces::inode(::getpid(), type);
        if (ns.inode == 0)
            continue;
        ns.shared = ns.inode == ns.hostInode;
        ns.processes = counts.value(ns.type).value(ns.inode);
        list.append(ns);
    }
    return list;
}

bool ContainerInspector::processes(HelperContext *context, const QString &id, GbProcessList *out,
                                   QString *error)
{
    auto pids = glassbox::containerProcesses(*context->runtime, id.toStdString());
    if (!pids) {
        *error = coreError(pids.error());
        return false;
    }
    ReplyBudget budget;
    for (qsizetype i = 0; i < qsizetype(pids->size()); ++i) {
        const pid_t pid = (*pids)[size_t(i)];
        GbProcess process;
        process.pid = quint32(pid);
        const QStringList status = readProc(pid, "status").split(QLatin1Char('\n'));
        for (const QString &line : status) {
            if (line.startsWith(QStringLiteral("NSpid:")))
                process.nsPid = line.split(QLatin1Char('\t'), Qt::SkipEmptyParts).last().toUInt();
            else if (line.startsWith(QStringLiteral("Uid:")))
                process.user =
                    userName(line.split(QLatin1Char('\t'), Qt::SkipEmptyParts).value(1).toUInt());
        }
        process.command =
            capped(readProc(pid, "cmdline").replace(QChar(0), QLatin1Char(' ')).trimmed());
        if (process.command.isEmpty())
            process.command = QLatin1Char('[') + readProc(pid, "comm").trimmed() + QLatin1Char(']');
        process.user = capped(process.user);
        if (!budget.take({process.user, process.command})) {
            // pid 0 is no process: the contract's mark of a truncated list.
            out->append({0, 0, QString(), leftOut(qsizetype(pids->size()) - i, "processes")});
            break;
        }
        out->append(process);
    }
    return true;
}

bool ContainerInspector::pressure(HelperContext *context, const QString &id, GbCounterMap *out,
                                  QString *error)
{
    auto info = glassbox::containerInfo(*context->runtime, id.toStdString());
    if (!info) {
        *error = coreError(info.error());
        return false;
    }
    auto pressure = glassbox::cgroup::readPressure(info->state.cgroup);
    if (!pressure) {
        *error =
            QStringLiteral("no pressure stall information: %1").arg(coreError(pressure.error()));
        return false;
    }
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    out->insert(QStringLiteral("time"),
                quint64(now.tv_sec) * 1'000'000'000ULL + quint64(now.tv_nsec));
    const std::pair<const char *, const std::optional<uint64_t> &> counters[] = {
        {"cpu.some", pressure->cpuSomeUs},       {"cpu.full", pressure->cpuFullUs},
        {"memory.some", pressure->memorySomeUs}, {"memory.full", pressure->memoryFullUs},
        {"io.some", pressure->ioSomeUs},         {"io.full", pressure->ioFullUs}};
    for (const auto &[name, value] : counters)
        if (value)
            out->insert(QString::fromLatin1(name), *value);
    return true;
}

QString ContainerInspector::logs(const QString &logPath, quint64 maxBytes)
{
    maxBytes = qMin(maxBytes, kMaxLogBytes);
    QFile file(logPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (quint64(file.size()) <= maxBytes)
        return QString::fromUtf8(file.readAll());
    // The tail from the first whole record in it: a cut record would read as plain text.
    file.seek(file.size() - qint64(maxBytes));
    QByteArray tail = file.read(qint64(maxBytes));
    tail.remove(0, tail.indexOf('\n') + 1);
    return QString::fromUtf8(tail);
}

bool ContainerInspector::layers(HelperContext *context, const ContainerRecord &record,
                                GbLayerList *out, GbStringMap *paths, QString *error)
{
    // The image's layers as recorded at import (they never change): no scan of their files.
    if (!ImageAnalyses::layers(*context->images, record.imageId.toStdString(), out, error))
        return false;
    // created_by comes from the image's config, as long as its author wrote it.
    for (GbLayer &layer : *out)
        layer.createdBy = capped(layer.createdBy);
    auto rootfs = glassbox::image::containerRootfs(*context->images, record.id.toStdString());
    if (!rootfs) {
        *error = coreError(rootfs.error());
        return false;
    }
    auto files = glassbox::image::scanLayer(rootfs->upperDir);
    GbLayer writable;
    writable.diffId = QStringLiteral("container");
    writable.createdBy = QStringLiteral("container %1 (writable)").arg(record.id);
    if (files)
        for (const auto &file : *files) {
            writable.size += file.size;
            // Directories count, as in an image layer's count of its tar's entries.
            writable.files += file.whiteout ? 0 : 1;
            writable.whiteouts += file.whiteout ? 1 : 0;
            writable.opaques += file.opaque ? 1 : 0;
        }
    out->append(writable);
    QStringList lowers;
    for (const auto &lower : rootfs->lowerDirs)
        lowers.append(QString::fromStdString(lower));
    *paths = {{QStringLiteral("LowerDir"), lowers.join(QLatin1Char(':'))},
              {QStringLiteral("UpperDir"), QString::fromStdString(rootfs->upperDir)},
              {QStringLiteral("WorkDir"), QString::fromStdString(rootfs->workDir)},
              {QStringLiteral("MergedDir"), QString::fromStdString(rootfs->mergedDir)}};
    return true;
}

bool ContainerInspector::diff(HelperContext *context, const QString &id, GbChangeList *out,
                              QString *error)
{
    auto changes = glassbox::image::containerDiff(*context->images, id.toStdString());
    if (!changes) {
        *error = coreError(changes.error());
        return false;
    }
    ReplyBudget budget;
    for (qsizetype i = 0; i < qsizetype(changes->size()); ++i) {
        const auto &change = (*changes)[size_t(i)];
        // A copied-up file's size is what the copy-up cost (the lower file's size), so
        // that the copied-up bytes clients add up leave out what the container wrote.
        GbChange entry{QString(QLatin1Char(change.kind)),
                       capped(QString::fromStdString(change.path)), change.copiedUp,
                       change.copiedUp && !change.directory ? change.copiedBytes : change.size};
        if (!budget.take({entry.kind, entry.path})) {
            // Kind "!" is no change: the contract's mark of a truncated list.
            out->append({QStringLiteral("!"), leftOut(qsizetype(changes->size()) - i, "changes"),
                         false, 0});
            break;
        }
        out->append(entry);
    }
    return true;
}

HelperResult<QString> ContainerInspector::securityReport(HelperContext *context,
                                                         const ContainerRecord &record, qint64 pid)
{
    auto rootfs = glassbox::image::containerRootfs(*context->images, record.id.toStdString());
    if (!rootfs)
        return tl::unexpected(HelperError::failed(coreError(rootfs.error())));
    auto spec = glassbox::oci::loadSpec(rootfs->bundle);
    if (!spec)
        return tl::unexpected(HelperError::failed(coreError(spec.error())));
    // Only whether each namespace is the host's: no count of processes, unlike namespaces().
    std::vector<glassbox::security::NamespaceShare> shares;
    for (const char *type : kNamespaceTypes)
        if (const uint64_t inode = pid > 0 ? glassbox::namespaces::inode(pid_t(pid), type) : 0)
            shares.push_back({type, inode == glassbox::namespaces::inode(::getpid(), type)});
    const auto report = glassbox::security::analyze(*spec, shares, record.options.privileged());
    return QString::fromStdString(glassbox::security::toJson(report));
}

namespace {

/// The lines of `program -t nat` (iptables-save or ip6tables-save); none when it fails.
QList<QByteArray> natRules(const char *program)
{
    auto saved = glassbox::spawn::capture(
        {program, "-t", "nat"}, {.searchPath = true, .stdinDevNull = true, .timeoutMs = 10000},
        8 << 20);
    return saved ? QByteArray::fromStdString(*saved).split('\n') : QList<QByteArray>();
}

/// The last DNAT rule of `lines` that sends `port` to `destination` ("10.87.0.2:80",
/// "[fd00::2]:80"); "" for none.
QString dnatRule(const QList<QByteArray> &lines, const glassbox::net::PortMapping &port,
                 const QByteArray &destination)
{
    const QByteArray target = "--to-destination " + destination;
    const QByteArray dport = "--dport " + QByteArray::number(port.hostPort) + ' ';
    QString rule;
    for (const QByteArray &line : lines)
        if (line.contains("-j DNAT") && line.contains(target) && line.contains(dport) &&
            line.contains("-p " + QByteArray::fromStdString(port.protocol)))
            rule = QString::fromUtf8(line);
    return rule;
}

/// The DNAT rule of each published port of `attachment`, as `iptables-save -t nat` prints it:
/// netavark's per-network chain sends the host port to the container's address. On a network
/// with IPv6, a port on every address has an ip6tables rule too (a second entry of that port),
/// and a port on an IPv6 host address only that one.
QJsonArray forwardingRules(const glassbox::net::Attachment &attachment)
{
    QJsonArray forwards;
    const bool dualStack = !attachment.address6.empty();
    const QList<QByteArray> lines = natRules("iptables-save");
    const QList<QByteArray> lines6 = dualStack ? natRules("ip6tables-save") : QList<QByteArray>();
    const QByteArray address =
        QString::fromStdString(attachment.address).section(QLatin1Char('/'), 0, 0).toUtf8();
    const QByteArray address6 =
        '[' + QString::fromStdString(attachment.address6).section(QLatin1Char('/'), 0, 0).toUtf8() +
        ']';
    for (const glassbox::net::PortMapping &port : attachment.ports) {
        const QString key =
            QStringLiteral("%1/%2").arg(port.hostPort).arg(QString::fromStdString(port.protocol));
        const QByteArray inside = ':' + QByteArray::number(port.containerPort);
        const bool ipv6Only = glassbox::net::isIpv6Text(port.hostIp);
        if (!ipv6Only)
            forwards.append(
                QJsonObject{{QStringLiteral("port"), key},
                            {QStringLiteral("rule"), dnatRule(lines, port, address + inside)}});
        if (dualStack && (ipv6Only || port.hostIp.empty()))
            forwards.append(
                QJsonObject{{QStringLiteral("port"), key},
                            {QStringLiteral("rule"), dnatRule(lines6, port, address6 + inside)}});
    }
    return forwards;
}

} // namespace

HelperResult<QString>
ContainerInspector::network(HelperContext *context, const ContainerRecord &record,
                            const std::optional<glassbox::net::Attachment> &attachment, qint64 pid)
{
    if (!record.options.onNetwork())
        return tl::unexpected(HelperError::failed(
            QStringLiteral("the container has no network of the helper's (its network is %1)")
                .arg(Validation::quoted(record.options.network))));
    if (!attachment)
        return tl::unexpected(HelperError::failed(QStringLiteral("the container is not running")));
    QJsonObject object =
        QJsonDocument::fromJson(QByteArray::fromStdString(glassbox::net::toJson(*attachment)))
            .object();
    // The network's side of it: which bridge the veth hangs on, and its subnet.
    if (auto network = context->networks->get(attachment->network)) {
        object.insert(QStringLiteral("bridge"), QString::fromStdString(network->bridge));
        object.insert(QStringLiteral("subnet"), QString::fromStdString(network->subnet));
        if (network->ipv6())
            object.insert(QStringLiteral("subnet6"), QString::fromStdString(network->subnet6));
        object.insert(QStringLiteral("internal"), network->internal);
        object.insert(QStringLiteral("dns"), network->dns);
    }
    if (pid > 0)
        if (auto inside = glassbox::net::viewNamespace(pid_t(pid)))
            object.insert(
                QStringLiteral("inside"),
                QJsonDocument::fromJson(QByteArray::fromStdString(glassbox::net::toJson(*inside)))
                    .object());
    object.insert(QStringLiteral("forwards"), forwardingRules(*attachment));
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

bool ContainerInspector::inspect(HelperContext *context, const ContainerRecord &record,
                                 const QVariantMap &state, QString *json, QString *error)
{
    auto base = glassbox::image::inspectContainerJson(*context->images, record.id.toStdString());
    if (!base) {
        *error = coreError(base.error());
        return false;
    }
    QJsonObject object = QJsonDocument::fromJson(QByteArray::fromStdString(*base)).object();
    object.insert(QStringLiteral("Id"), record.id);
    object.insert(QStringLiteral("Name"), record.name);
    object.insert(QStringLiteral("Image"), record.imageId);
    object.insert(QStringLiteral("ImageName"), record.image);
    object.insert(QStringLiteral("Config"), record.options.toJson());
    QJsonObject stateObject;
    for (const char *key : {"State", "Pid", "ExitCode", "OOMKilled", "StartedAt", "FinishedAt"})
        stateObject.insert(QLatin1String(key),
                           QJsonValue::fromVariant(state.value(QLatin1String(key))));
    object.insert(QStringLiteral("State"), stateObject);
    object.insert(QStringLiteral("LogPath"),
                  context->config.shimDir(record.id) + QStringLiteral("/log"));
    // The OCI config the container runs with: what the GUI's Security tab explains
    // (capabilities, seccomp, no_new_privs, id mappings, masked paths).
    if (auto rootfs = glassbox::image::containerRootfs(*context->images, record.id.toStdString())) {
        if (auto spec = glassbox::readFile(rootfs->bundle + "/config.json"))
            object.insert(QStringLiteral("Spec"),
                          QJsonDocument::fromJson(QByteArray::fromStdString(*spec)).object());
    }
    const QByteArray text = QJsonDocument(object).toJson();
    // The image's config and the spec are the image author's and the creator's to make
    // large; a reply over the bus's limit would cost every client its calls.
    if (text.size() > kReplyBudget) {
        *error = QStringLiteral("the container's configuration is too large to inspect over "
                                "the bus (%1 bytes of JSON, at most %2)")
                     .arg(text.size())
                     .arg(kReplyBudget);
        return false;
    }
    *json = QString::fromUtf8(text);
    return true;
}

} // namespace glassbox::helper
