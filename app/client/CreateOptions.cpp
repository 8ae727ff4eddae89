// CreateContainer's options; see CreateOptions.h.
#include "CreateOptions.h"

#include "BusNames.h"
#include "Quantities.h"

#include <QDir>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace glassbox::client {

namespace option = glassbox::api::option;

namespace {

// A port as typed: decimal digits only, 1..65535.
bool parsePort(const QString &text, quint16 *port)
{
    if (text.isEmpty() || text.size() > 5)
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    const uint value = text.toUInt();
    if (value < 1 || value > 65535)
        return false;
    *port = quint16(value);
    return true;
}

// Dotted-quad IPv4 only: no shorthand ("127.1"), no leading zeros (read as octal by some).
bool isIpv4(const QString &text)
{
    const QStringList octets = text.split(QLatin1Char('.'));
    if (octets.size() != 4)
        return false;
    for (const QString &octet : octets) {
        if (octet.isEmpty() || octet.size() > 3 ||
            (octet.size() > 1 && octet.startsWith(QLatin1Char('0'))))
            return false;
        for (const QChar c : octet) {
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return false;
        }
        if (octet.toUInt() > 255)
            return false;
    }
    return true;
}

// An IPv6 address as inet_pton(3) reads it (no zone, no brackets), in inet_ntop(3)'s text:
// lower case, the longest run of zero groups as "::" (RFC 5952). Empty if it is none.
QString canonicalIpv6(const QString &text)
{
    // inet_pton() would stop at a NUL and take any byte a non-Latin-1 character became.
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F') ||
              u == u':' || u == u'.'))
            return {};
    }
    in6_addr address{};
    if (text.isEmpty() || text.size() > INET6_ADDRSTRLEN ||
        ::inet_pton(AF_INET6, text.toLatin1().constData(), &address) != 1)
        return {};
    char buffer[INET6_ADDRSTRLEN] = {};
    if (!::inet_ntop(AF_INET6, &address, buffer, sizeof buffer))
        return {};
    return QString::fromLatin1(buffer);
}

} // namespace

QString CreateOptions::hostAddress(const QString &text)
{
    if (isIpv4(text))
        return text;
    const bool bracketed = text.startsWith(QLatin1Char('[')) && text.endsWith(QLatin1Char(']'));
    return canonicalIpv6(bracketed ? text.mid(1, text.size() - 2) : text);
}

CreateOptions &CreateOptions::setCommand(const QStringList &argv)
{
    if (!argv.isEmpty())
        m_options.insert(option::kCommand, argv);
    return *this;
}

CreateOptions &CreateOptions::setEnv(const QStringList &entries)
{
    if (!entries.isEmpty())
        m_options.insert(option::kEnv, entries);
    return *this;
}

CreateOptions &CreateOptions::setWorkingDir(const QString &dir)
{
    m_options.insert(option::kWorkingDir, dir);
    return *this;
}

CreateOptions &CreateOptions::setHostname(const QString &name)
{
    m_options.insert(option::kHostname, name);
    return *this;
}

bool CreateOptions::setUser(const QString &spec, QString *why)
{
    if (!checkUserSpec(spec, why))
        return false;
    m_options.insert(option::kUser, spec);
    return true;
}

bool CreateOptions::setMemoryLimit(const QString &text, QString *why)
{
    quint64 bytes = 0;
    if (!parseMemoryLimit(text, &bytes, why))
        return false;
    m_options.insert(option::kMemoryLimit, QVariant::fromValue(qulonglong(bytes)));
    return true;
}

bool CreateOptions::setCpus(const QString &text, QString *why)
{
    qint64 quota = 0;
    quint64 period = 0;
    if (!parseCpus(text, &quota, &period, why))
        return false;
    m_options.insert(option::kCpuQuota, QVariant::fromValue(qlonglong(quota)));
    m_options.insert(option::kCpuPeriod, QVariant::fromValue(qulonglong(period)));
    return true;
}

bool CreateOptions::setCpus(double cores, QString *why)
{
    const auto limit = cpuLimitFromCores(cores, why);
    if (!limit)
        return false;
    m_options.insert(option::kCpuQuota, QVariant::fromValue(qlonglong(limit->quota)));
    m_options.insert(option::kCpuPeriod, QVariant::fromValue(qulonglong(limit->period)));
    return true;
}

bool CreateOptions::setPidsLimit(const QString &text, QString *why)
{
    qint64 limit = 0;
    if (!parsePidsLimit(text, &limit, why))
        return false;
    setPidsLimit(limit);
    return true;
}

CreateOptions &CreateOptions::setPidsLimit(qint64 limit)
{
    m_options.insert(option::kPidsLimit, QVariant::fromValue(qlonglong(limit)));
    return *this;
}

CreateOptions &CreateOptions::setReadOnly(bool on)
{
    if (on)
        m_options.insert(option::kReadOnly, true);
    return *this;
}

CreateOptions &CreateOptions::setUserNamespace(bool on)
{
    if (on)
        m_options.insert(option::kUserNamespace, true);
    return *this;
}

CreateOptions &CreateOptions::setCapAdd(const QStringList &caps)
{
    if (!caps.isEmpty())
        m_options.insert(option::kCapAdd, caps);
    return *this;
}

CreateOptions &CreateOptions::setCapDrop(const QStringList &caps)
{
    if (!caps.isEmpty())
        m_options.insert(option::kCapDrop, caps);
    return *this;
}

CreateOptions &CreateOptions::setSeccomp(const QString &profile)
{
    m_options.insert(option::kSeccomp, profile);
    return *this;
}

CreateOptions &CreateOptions::setBindMounts(const QList<BindMount> &mounts)
{
    if (!mounts.isEmpty())
        m_options.insert(option::kBindMounts, QVariant::fromValue(mounts));
    return *this;
}

CreateOptions &CreateOptions::setNetwork(const QString &network)
{
    if (network.isEmpty())
        m_options.remove(option::kNetwork);
    else
        m_options.insert(option::kNetwork, network);
    return *this;
}

CreateOptions &CreateOptions::setPorts(const QList<PublishedPort> &ports)
{
    if (!ports.isEmpty())
        m_options.insert(option::kPorts, QVariant::fromValue(ports));
    return *this;
}

CreateOptions &CreateOptions::setPublishAll(bool on)
{
    if (on)
        m_options.insert(option::kPublishAll, true);
    else
        m_options.remove(option::kPublishAll);
    return *this;
}

bool CreateOptions::parseVolume(const QString &spec, const QString &cwd, BindMount *mount)
{
    const QStringList parts = spec.split(QLatin1Char(':'));
    const bool modeGiven = parts.size() == 3;
    if (parts.size() < 2 || parts.size() > 3 || parts[0].isEmpty() ||
        !parts[1].startsWith(QLatin1Char('/')) ||
        (modeGiven && parts[2] != QLatin1String("ro") && parts[2] != QLatin1String("rw")))
        return false;
    *mount = {QDir::cleanPath(QDir(cwd).absoluteFilePath(parts[0])), parts[1],
              modeGiven && parts[2] == QLatin1String("ro")};
    return true;
}

bool CreateOptions::parsePublish(const QString &spec, PublishedPort *port, QString *why)
{
    const auto refuse = [&spec, why](const QString &reason) {
        if (why)
            *why = QStringLiteral("`%1`: %2").arg(spec, reason);
        return false;
    };
    QString addressAndPorts = spec;
    QString protocol = QStringLiteral("tcp");
    if (const qsizetype slash = spec.lastIndexOf(QLatin1Char('/')); slash >= 0) {
        protocol = spec.mid(slash + 1).toLower();
        addressAndPorts = spec.left(slash);
        if (protocol != QLatin1String("tcp") && protocol != QLatin1String("udp"))
            return refuse(
                QStringLiteral("protocol `%1` is neither tcp nor udp").arg(spec.mid(slash + 1)));
    }
    QString address;
    QStringList parts;
    if (addressAndPorts.startsWith(QLatin1Char('['))) {
        // docker's form of an IPv6 host address: in brackets, then the ports after a colon,
        // the host port possibly empty ("[::1]::80").
        const qsizetype close = addressAndPorts.indexOf(QLatin1Char(']'));
        if (close < 0)
            return refuse(QStringLiteral("`]` missing after the IPv6 host address"));
        const QString inside = addressAndPorts.mid(1, close - 1);
        const QString rest = addressAndPorts.mid(close + 1);
        parts = rest.mid(1).split(QLatin1Char(':'));
        if (!rest.startsWith(QLatin1Char(':')) || parts.size() != 2 || parts.constLast().isEmpty())
            return refuse(QStringLiteral("expected [IPv6]:HOST:CONTAINER or [IPv6]::CONTAINER"));
        if (isIpv4(inside))
            return refuse(
                QStringLiteral("host address `%1` is IPv4: write it without brackets").arg(inside));
        address = canonicalIpv6(inside);
        if (address.isEmpty())
            return refuse(QStringLiteral("host address `%1` is not an IPv6 address").arg(inside));
        // The helper refuses it too: netavark would forward nothing (network.h, kNoIpv6Only).
        if (address == QLatin1String("::"))
            return refuse(QStringLiteral("`[::]` (every IPv6 address alone) cannot be published: "
                                         "leave the address out to publish on every address, "
                                         "IPv4 and IPv6"));
        parts.prepend(address);
    } else {
        parts = addressAndPorts.split(QLatin1Char(':'));
        // More colons than IP:HOST:CONTAINER has are an IPv6 address without its brackets,
        // unless it starts with an IPv4 address.
        if (parts.size() > 3 && !isIpv4(parts.constFirst()))
            return refuse(QStringLiteral("an IPv6 host address goes in brackets: "
                                         "[IPv6]:HOST:CONTAINER"));
        if (parts.size() == 3)
            address = parts.constFirst();
        if (!address.isEmpty() && !isIpv4(address))
            return refuse(QStringLiteral("host address `%1` is not an IPv4 address").arg(address));
    }
    const QString &containerText = parts.constLast();
    if (parts.size() > 3 || containerText.isEmpty())
        return refuse(QStringLiteral("expected [IP:][HOST:]CONTAINER[/tcp|udp]"));
    const QString hostText = parts.size() >= 2 ? parts.at(parts.size() - 2) : QString();
    if (hostText.contains(QLatin1Char('-')) || containerText.contains(QLatin1Char('-')))
        return refuse(QStringLiteral("port ranges are not supported"));
    PublishedPort parsed;
    parsed.protocol = protocol;
    // "0.0.0.0" is all addresses, which the contract writes as "".
    parsed.hostIp = address == QLatin1String("0.0.0.0") ? QString() : address;
    if (!hostText.isEmpty() && !parsePort(hostText, &parsed.hostPort))
        return refuse(QStringLiteral("host port `%1` is not a number in 1..65535%2")
                          .arg(hostText, hostText == QLatin1String("0")
                                             ? QStringLiteral(" (leave it out for any free port)")
                                             : QString()));
    if (!parsePort(containerText, &parsed.containerPort))
        return refuse(
            QStringLiteral("container port `%1` is not a number in 1..65535").arg(containerText));
    *port = parsed;
    return true;
}

} // namespace glassbox::client
