// Issue 12: every method of the D-Bus contract called with wrong argument types and counts,
// empty, huge (1 MB) and hostile strings, out-of-range numbers and bad option maps, as root, as
// a user polkit allows everything, one it allows only to view and one it denies everything,
// against the real glassbox-helper on a private system bus with the real polkitd. A probe
// client keeps asking for GetManagedObjects meanwhile: the helper must answer it within 100 ms
// throughout, answer every fuzz call with an error of the contract (never a success for bad
// input, never silence), echo no argument whole, and end with its objects and the file system
// as they were.
#include "helper_calls.h"
#include "helper_cleanup.h"
#include "helper_process.h"
#include "system_bus.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QDBusSignature>
#include <QDBusUnixFileDescriptor>
#include <QDBusVariant>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QXmlStreamReader>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cmath>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

using namespace glassbox::test;

namespace {

const QString kProperties = QStringLiteral("org.freedesktop.DBus.Properties");
const QString kObjectManager = QStringLiteral("org.freedesktop.DBus.ObjectManager");
const QString kImage = QStringLiteral("org.glassbox.Image1");
const QString kJob = QStringLiteral("org.glassbox.Job1");
const QString kInvalidArgs = QStringLiteral("org.freedesktop.DBus.Error.InvalidArgs");
const QString kUnknownMethod = QStringLiteral("org.freedesktop.DBus.Error.UnknownMethod");
/// Where the specification of org.freedesktop.DBus.Properties names them, these errors are
/// the right answers of Get/GetAll/Set.
const QStringList kPropertyErrors{QStringLiteral("org.freedesktop.DBus.Error.UnknownInterface"),
                                  QStringLiteral("org.freedesktop.DBus.Error.UnknownProperty"),
                                  QStringLiteral("org.freedesktop.DBus.Error.PropertyReadOnly")};

/// An echoed argument must never come back whole: 1 MB in, far less than this out.
constexpr qsizetype kMaxReplyBytes = 64 * 1024;
/// The probe's period and the answer time it must see.
constexpr int kProbePeriodMs = 50;
/// polkit's own timeout is 25 s: a call unanswered after this got no reply at all.
constexpr int kCallTimeoutMs = 40000;
constexpr int kHuge = 1 << 20;
/// Calls and bytes in flight at once. The bus delivers one client's calls to the helper in
/// order, so what is queued ahead of the probe's call delays it whatever the helper does (about
/// 9 ms per MB here); and dbus-daemon refuses more than 128 pending calls of one client and
/// more than 64 descriptors queued for one receiver (LimitsExceeded). Those are the bus's
/// limits, not the helper's: the fuzz stays below them.
constexpr qsizetype kInFlightCalls = 48;
constexpr qsizetype kInFlightBytes = 4 * kHuge;

using StringMap = QMap<QString, QString>;

enum class Target { Manager, Container, Image, Job };

/// What a call deserves.
enum class Expect {
    Refused,   ///< bad input: an error for everyone
    Valid,     ///< good input without lasting effect: root and the allowed user may succeed
    DeniedOnly ///< good input that would change something: sent only by the users who may not
               ///< (the denied one and the viewer)
};

struct Case
{
    QString label;
    QVariantList arguments;
    Expect expect = Expect::Refused;
};

/// Where a method lives and the values it gets besides the wrong types every method gets.
struct Context
{
    QString marker;        ///< in every hostile path, so a file it made is found
    QString containerName; ///< the target container's
    QString containerId;   ///< the target container's
    int devNull = -1;      ///< a harmless descriptor for `h`
    std::function<int(const QString &)> descriptor; ///< a prepared descriptor by kind
};

struct Method
{
    Target target;
    QString interface;
    QString name;
    QString signature; ///< of the in arguments, as the contract has it
    std::function<QList<Case>(const Context &)> values;
};

/// About the bytes `arguments` take on the bus (their strings', at two per character).
qsizetype payloadBytes(const QVariantList &arguments)
{
    qsizetype bytes = 0;
    for (const QVariant &argument : arguments) {
        if (argument.typeId() == QMetaType::QString) {
            bytes += 2 * argument.toString().size();
        } else if (argument.typeId() == QMetaType::QStringList) {
            const QStringList items = argument.toStringList();
            for (const QString &item : items)
                bytes += 2 * item.size();
        } else if (argument.typeId() == QMetaType::QVariantMap) {
            const QVariantMap map = argument.toMap();
            for (auto it = map.cbegin(); it != map.cend(); ++it)
                bytes += 2 * it.key().size() + payloadBytes({it.value()});
        } else if (argument.metaType() == QMetaType::fromType<QDBusVariant>()) {
            bytes += payloadBytes({argument.value<QDBusVariant>().variant()});
        } else if (argument.metaType() == QMetaType::fromType<HostMounts>()) {
            const HostMounts mounts = argument.value<HostMounts>();
            for (const HostMount &mount : mounts)
                bytes += 2 * (mount.source.size() + mount.destination.size());
        }
    }
    return bytes;
}

/// The complete types a signature is made of ("ssa{sv}" -> s, s, a{sv}).
QStringList completeTypes(const QString &signature)
{
    QStringList types;
    qsizetype i = 0;
    while (i < signature.size()) {
        qsizetype end = i;
        while (end < signature.size() && signature.at(end) == QLatin1Char('a'))
            ++end;
        if (end < signature.size() &&
            (signature.at(end) == QLatin1Char('(') || signature.at(end) == QLatin1Char('{'))) {
            int depth = 0;
            for (; end < signature.size(); ++end) {
                const QChar c = signature.at(end);
                if (c == QLatin1Char('(') || c == QLatin1Char('{'))
                    ++depth;
                else if ((c == QLatin1Char(')') || c == QLatin1Char('}')) && --depth == 0)
                    break;
            }
        }
        types.append(signature.mid(i, end - i + 1));
        i = end + 1;
    }
    return types;
}

QVariant variant(const QVariant &value)
{
    return QVariant::fromValue(QDBusVariant(value));
}

/// A value of every D-Bus type family, each with its signature: the wrong types.
QList<QPair<QString, QVariant>> palette(int fd)
{
    HostMounts mounts{{QStringLiteral("/"), QStringLiteral("/host"), false}};
    return {
        {QStringLiteral("s"), QStringLiteral("fuzz")},
        {QStringLiteral("o"), QVariant::fromValue(QDBusObjectPath(QStringLiteral("/fuzz")))},
        {QStringLiteral("g"), QVariant::fromValue(QDBusSignature(QStringLiteral("a{sv}")))},
        {QStringLiteral("y"), QVariant::fromValue(uchar(255))},
        {QStringLiteral("b"), true},
        {QStringLiteral("n"), QVariant::fromValue(short(SHRT_MIN))},
        {QStringLiteral("q"), QVariant::fromValue(ushort(USHRT_MAX))},
        {QStringLiteral("i"), INT_MIN},
        {QStringLiteral("u"), UINT_MAX},
        {QStringLiteral("x"), qlonglong(LLONG_MIN)},
        {QStringLiteral("t"), qulonglong(ULLONG_MAX)},
        {QStringLiteral("d"), std::nan("")},
        {QStringLiteral("h"), QVariant::fromValue(QDBusUnixFileDescriptor(fd))},
        {QStringLiteral("v"), variant(QStringLiteral("fuzz"))},
        {QStringLiteral("as"), QStringList{QStringLiteral("fuzz")}},
        // D-Bus strings must be UTF-8; bytes are where invalid UTF-8 can go.
        {QStringLiteral("ay"), QByteArray("\xff\xfe\x80../\x00/etc/shadow", 17)},
        {QStringLiteral("av"), QVariantList{1, QStringLiteral("x")}},
        {QStringLiteral("a{sv}"), QVariantMap{{QStringLiteral("Command"), QStringList()}}},
        {QStringLiteral("a{ss}"),
         QVariant::fromValue(StringMap{{QStringLiteral("a"), QStringLiteral("b")}})},
        {QStringLiteral("a(ssb)"), QVariant::fromValue(mounts)},
        {QStringLiteral("(ssb)"), QVariant::fromValue(mounts.first())},
    };
}

/// A harmless value of `type`, for the arguments around a wrong one.
QVariant sample(const QString &type, int fd)
{
    for (const auto &[signature, value] : palette(fd))
        if (signature == type)
            return value;
    return QStringLiteral("fuzz");
}

/// Wrong argument counts and types for a method with the in-signature `signature`.
QList<Case> wrongTypes(const QString &signature, int fd)
{
    const QStringList types = completeTypes(signature);
    QVariantList good;
    for (const QString &type : types)
        good.append(sample(type, fd));
    QList<Case> cases;
    if (!types.isEmpty())
        cases.append({QStringLiteral("no arguments"), {}});
    cases.append({QStringLiteral("one argument too many"), good + QVariantList{1}});
    if (types.size() > 1) {
        cases.append({QStringLiteral("first argument only"), {good.first()}});
        QVariantList reversed(good.rbegin(), good.rend());
        if (completeTypes(signature) != QStringList(types.rbegin(), types.rend()))
            cases.append({QStringLiteral("arguments reversed"), reversed});
    }
    // Every argument at once in one variant, as a careless client might send them.
    cases.append({QStringLiteral("all in a variant"),
                  {variant(good.isEmpty() ? QVariant(QStringLiteral("fuzz")) : good.first())}});
    const auto values = palette(fd);
    if (types.isEmpty())
        for (const auto &[type, value] : values)
            cases.append({QStringLiteral("unexpected %1").arg(type), {value}});
    for (qsizetype position = 0; position < types.size(); ++position)
        for (const auto &[type, value] : values) {
            if (type == types.at(position))
                continue;
            QVariantList arguments = good;
            arguments[position] = value;
            cases.append({QStringLiteral("%1 for argument %2 (%3)")
                              .arg(type)
                              .arg(position)
                              .arg(types.at(position)),
                          arguments});
        }
    // A signature that matches but for a variant around the right type.
    for (qsizetype position = 0; position < types.size(); ++position)
        if (types.at(position) != QStringLiteral("v")) {
            QVariantList arguments = good;
            arguments[position] = variant(good.at(position));
            cases.append({QStringLiteral("variant around argument %1").arg(position), arguments});
        }
    return cases;
}

/// Strings an attacker would try, labelled. None is a valid image reference, container name,
/// property, interface or key; the paths name `marker` so that a file they made is found.
QList<QPair<QString, QString>> hostileStrings(const QString &marker)
{
    QString control;
    for (ushort c = 1; c < 0x20; ++c)
        control.append(QChar(c));
    control += QStringLiteral("\x7f\x1b[2J\x1b]0;owned\x07");
    QString repeatedEscapes;
    while (repeatedEscapes.size() < kHuge)
        repeatedEscapes += QStringLiteral("\x1b[31m\n");
    return {
        {QStringLiteral("empty"), QString()},
        {QStringLiteral("1 MB"), QString(kHuge, QLatin1Char('a'))},
        {QStringLiteral("1 MB of escapes"), repeatedEscapes},
        {QStringLiteral("1 MB of 2-byte UTF-8"), QString(kHuge / 2, QChar(0x00e9))},
        {QStringLiteral("513 characters"), QString(513, QLatin1Char('b'))},
        {QStringLiteral("65537 characters"), QString(65537, QLatin1Char('c'))},
        {QStringLiteral("dot-dot"),
         QStringLiteral("../../../../../../tmp/") + marker + QStringLiteral("-dotdot")},
        {QStringLiteral("dot-dot alone"), QStringLiteral("..")},
        {QStringLiteral("/etc/shadow"), QStringLiteral("/etc/shadow")},
        {QStringLiteral("absolute path"),
         QStringLiteral("/tmp/") + marker + QStringLiteral("-abs")},
        {QStringLiteral("control characters"), control},
        {QStringLiteral("newline injection"),
         QStringLiteral("x\nglassbox-helper: authorized uid=0")},
        // Qt sends a lone surrogate as U+FFFD: what a buggy client's string becomes.
        {QStringLiteral("lone surrogate"), QString(QChar(0xd800)) + QStringLiteral("x")},
        {QStringLiteral("right-to-left override"), QStringLiteral("\u202egnp.exe")},
        {QStringLiteral("format specifiers"), QStringLiteral("%1%2%n%s%x%99")},
        {QStringLiteral("shell"),
         QStringLiteral("$(touch /tmp/") + marker + QStringLiteral("-shell);`id`|&*?")},
        {QStringLiteral("glob"), QStringLiteral("*")},
    };
}

QList<Case> refusedForEach(const QList<QPair<QString, QString>> &strings,
                           const std::function<QVariantList(const QString &)> &arguments)
{
    QList<Case> cases;
    for (const auto &[label, value] : strings)
        cases.append({label, arguments(value)});
    return cases;
}

/// Option maps CreateContainer and Update must refuse: unknown keys, wrong types, nested
/// variants, values out of range. `limitsOnly`: the keys of Update.
QList<QPair<QString, QVariantMap>> badOptions(const QString &marker, bool limitsOnly)
{
    const auto hostile = hostileStrings(marker);
    QList<QPair<QString, QVariantMap>> maps;
    for (const auto &[label, value] : hostile)
        maps.append({QStringLiteral("unknown key: ") + label, {{value, true}}});
    QVariantMap many;
    for (int i = 0; i < 10000; ++i)
        many.insert(QStringLiteral("Unknown%1").arg(i), i);
    maps.append({QStringLiteral("10000 unknown keys"), many});
    maps.append({QStringLiteral("known key in lower case"),
                 {{QStringLiteral("memorylimit"), qulonglong(1) << 30}}});
    QVariant nested = QVariant::fromValue(qulonglong(1) << 30);
    for (int depth = 0; depth < 30; ++depth)
        nested = variant(nested);
    const QVariant once = variant(qulonglong(1) << 30);
    const QList<QPair<QString, QVariantMap>> limits{
        {QStringLiteral("MemoryLimit as s"),
         {{QStringLiteral("MemoryLimit"), QStringLiteral("1g")}}},
        {QStringLiteral("MemoryLimit as i"), {{QStringLiteral("MemoryLimit"), 1 << 30}}},
        {QStringLiteral("MemoryLimit as x"), {{QStringLiteral("MemoryLimit"), qlonglong(-1)}}},
        {QStringLiteral("MemoryLimit as d"), {{QStringLiteral("MemoryLimit"), 1e9}}},
        {QStringLiteral("MemoryLimit in a variant"), {{QStringLiteral("MemoryLimit"), once}}},
        {QStringLiteral("MemoryLimit 30 variants deep"), {{QStringLiteral("MemoryLimit"), nested}}},
        {QStringLiteral("MemoryLimit 2^64-1"),
         {{QStringLiteral("MemoryLimit"), qulonglong(ULLONG_MAX)}}},
        {QStringLiteral("MemoryLimit 2^63"),
         {{QStringLiteral("MemoryLimit"), qulonglong(1) << 63}}},
        {QStringLiteral("CpuQuota as t"), {{QStringLiteral("CpuQuota"), qulonglong(100000)}}},
        {QStringLiteral("CpuQuota INT64_MIN"),
         {{QStringLiteral("CpuQuota"), qlonglong(LLONG_MIN)}}},
        {QStringLiteral("CpuQuota -2"), {{QStringLiteral("CpuQuota"), qlonglong(-2)}}},
        {QStringLiteral("CpuPeriod 0"), {{QStringLiteral("CpuPeriod"), qulonglong(0)}}},
        {QStringLiteral("CpuPeriod 2^64-1"),
         {{QStringLiteral("CpuPeriod"), qulonglong(ULLONG_MAX)}}},
        {QStringLiteral("PidsLimit 0"), {{QStringLiteral("PidsLimit"), qlonglong(0)}}},
        {QStringLiteral("PidsLimit INT64_MIN"),
         {{QStringLiteral("PidsLimit"), qlonglong(LLONG_MIN)}}},
        {QStringLiteral("PidsLimit as s"), {{QStringLiteral("PidsLimit"), QStringLiteral("10")}}},
        {QStringLiteral("a good limit and an unknown key"),
         {{QStringLiteral("PidsLimit"), qlonglong(100)}, {QStringLiteral("Bogus"), 1}}},
    };
    maps += limits;
    if (limitsOnly) {
        maps.append({QStringLiteral("a creation option"),
                     {{QStringLiteral("Command"), QStringList{QStringLiteral("sh")}}}});
        return maps;
    }
    const QString huge(kHuge, QLatin1Char('a'));
    QStringList manyEntries;
    for (int i = 0; i < 5000; ++i)
        manyEntries.append(QStringLiteral("x"));
    const QString missing = QStringLiteral("/tmp/") + marker + QStringLiteral("-bind");
    HostMounts tooMany;
    for (int i = 0; i < 65; ++i)
        tooMany.append({QStringLiteral("/"), QStringLiteral("/m%1").arg(i), true});
    const QList<QPair<QString, QVariantMap>> options{
        {QStringLiteral("Command as s"), {{QStringLiteral("Command"), QStringLiteral("sh")}}},
        {QStringLiteral("Command as av"), {{QStringLiteral("Command"), QVariantList{1, 2}}}},
        {QStringLiteral("Command empty"), {{QStringLiteral("Command"), QStringList()}}},
        {QStringLiteral("Command of 1 MB"), {{QStringLiteral("Command"), QStringList{huge}}}},
        {QStringLiteral("Command of 5000 entries"), {{QStringLiteral("Command"), manyEntries}}},
        {QStringLiteral("Env without ="),
         {{QStringLiteral("Env"), QStringList{QStringLiteral("X")}}}},
        {QStringLiteral("Env =x"), {{QStringLiteral("Env"), QStringList{QStringLiteral("=x")}}}},
        {QStringLiteral("Env of 30000 characters without ="),
         {{QStringLiteral("Env"), QStringList{QString(30000, QChar(0x20ac))}}}},
        {QStringLiteral("Env as a{sv}"),
         {{QStringLiteral("Env"), QVariantMap{{QStringLiteral("A"), 1}}}}},
        {QStringLiteral("ReadOnly as s"), {{QStringLiteral("ReadOnly"), QStringLiteral("yes")}}},
        {QStringLiteral("ReadOnly as i"), {{QStringLiteral("ReadOnly"), 1}}},
        {QStringLiteral("UserNamespace as y"),
         {{QStringLiteral("UserNamespace"), QVariant::fromValue(uchar(1))}}},
        {QStringLiteral("User 2^32"), {{QStringLiteral("User"), QStringLiteral("4294967296")}}},
        {QStringLiteral("User -1"), {{QStringLiteral("User"), QStringLiteral("-1")}}},
        {QStringLiteral("User 0:-1"), {{QStringLiteral("User"), QStringLiteral("0:-1")}}},
        {QStringLiteral("User dot-dot"),
         {{QStringLiteral("User"), QStringLiteral("../../etc/shadow")}}},
        {QStringLiteral("User of 1 MB"), {{QStringLiteral("User"), huge}}},
        {QStringLiteral("WorkingDir relative"),
         {{QStringLiteral("WorkingDir"), QStringLiteral("tmp")}}},
        {QStringLiteral("WorkingDir dot-dot"),
         {{QStringLiteral("WorkingDir"), QStringLiteral("/../../etc")}}},
        {QStringLiteral("WorkingDir of 1 MB"),
         {{QStringLiteral("WorkingDir"), QStringLiteral("/") + huge}}},
        {QStringLiteral("Seccomp off"), {{QStringLiteral("Seccomp"), QStringLiteral("off")}}},
        {QStringLiteral("Seccomp as b"), {{QStringLiteral("Seccomp"), false}}},
        {QStringLiteral("CapDrop unknown"),
         {{QStringLiteral("CapDrop"), QStringList{QStringLiteral("CAP_BOGUS")}}}},
        {QStringLiteral("CapAdd as s"), {{QStringLiteral("CapAdd"), QStringLiteral("ALL")}}},
        {QStringLiteral("BindMounts as as"),
         {{QStringLiteral("BindMounts"), QStringList{QStringLiteral("/:/host")}}}},
        {QStringLiteral("BindMounts as a{ss}"),
         {{QStringLiteral("BindMounts"),
           QVariant::fromValue(StringMap{{QStringLiteral("/"), QStringLiteral("/host")}})}}},
        {QStringLiteral("BindMounts as (ssb)"),
         {{QStringLiteral("BindMounts"),
           QVariant::fromValue(HostMount{QStringLiteral("/"), QStringLiteral("/host"), false})}}},
        {QStringLiteral("BindMounts of a missing source"),
         {{QStringLiteral("BindMounts"),
           QVariant::fromValue(HostMounts{{missing, QStringLiteral("/mnt"), false}})}}},
        {QStringLiteral("BindMounts of a relative source"),
         {{QStringLiteral("BindMounts"),
           QVariant::fromValue(
               HostMounts{{QStringLiteral("etc"), QStringLiteral("/mnt"), false}})}}},
        {QStringLiteral("BindMounts of a climbing source"),
         {{QStringLiteral("BindMounts"),
           QVariant::fromValue(HostMounts{
               {missing + QStringLiteral("/../../etc"), QStringLiteral("/mnt"), false}})}}},
        {QStringLiteral("BindMounts to dot-dot"),
         {{QStringLiteral("BindMounts"),
           QVariant::fromValue(
               HostMounts{{QStringLiteral("/"), QStringLiteral("/../../") + marker, false}})}}},
        {QStringLiteral("BindMounts over /"),
         {{QStringLiteral("BindMounts"),
           QVariant::fromValue(HostMounts{{QStringLiteral("/"), QStringLiteral("/"), false}})}}},
        {QStringLiteral("BindMounts of a 1 MB source"),
         {{QStringLiteral("BindMounts"),
           QVariant::fromValue(
               HostMounts{{QStringLiteral("/") + huge, QStringLiteral("/mnt"), false}})}}},
        {QStringLiteral("BindMounts to a 1 MB path"),
         {{QStringLiteral("BindMounts"),
           QVariant::fromValue(
               HostMounts{{QStringLiteral("/"), QStringLiteral("/") + huge, false}})}}},
        {QStringLiteral("BindMounts of 65 entries"),
         {{QStringLiteral("BindMounts"), QVariant::fromValue(tooMany)}}},
    };
    maps += options;
    for (const auto &[label, value] : hostile)
        if (!value.isEmpty())
            maps.append(
                {QStringLiteral("Hostname: ") + label, {{QStringLiteral("Hostname"), value}}});
    for (const auto &[label, value] : hostile)
        maps.append(
            {QStringLiteral("CapAdd: ") + label, {{QStringLiteral("CapAdd"), QStringList{value}}}});
    for (const auto &[label, value] : hostile)
        maps.append(
            {QStringLiteral("Env: ") + label, {{QStringLiteral("Env"), QStringList{value}}}});
    return maps;
}

/// Every method of the contract, the standard interfaces the helper serves included, with the
/// values each gets on top of wrongTypes().
QList<Method> methodTable()
{
    using C = const Context &;
    QList<Method> table;
    const auto valid = [](C) {
        return QList<Case>{{QStringLiteral("as meant"), {}, Expect::Valid}};
    };
    const auto denied = [](C) {
        return QList<Case>{{QStringLiteral("as meant"), {}, Expect::DeniedOnly}};
    };

    // org.glassbox.Manager1
    table.append(
        {Target::Manager, kManager, QStringLiteral("CreateContainer"), QStringLiteral("ssa{sv}"),
         [](C c) {
             const auto hostile = hostileStrings(c.marker);
             QList<Case> cases = refusedForEach(hostile, [](const QString &image) {
                 return QVariantList{image, QStringLiteral("fuzz-image"), QVariantMap()};
             });
             for (const auto &[label, name] : hostile)
                 if (!name.isEmpty()) // empty: the helper picks a name
                     cases.append({QStringLiteral("name: ") + label,
                                   {QStringLiteral("busybox"), name, QVariantMap()}});
             for (const auto &[label, options] : badOptions(c.marker, false))
                 cases.append(
                     {QStringLiteral("options: ") + label,
                      {QStringLiteral("busybox"), QStringLiteral("fuzz-options"), options}});
             cases.append({QStringLiteral("the target's name"),
                           {QStringLiteral("busybox"), c.containerName, QVariantMap()}});
             cases.append({QStringLiteral("an image that is not there"),
                           {QStringLiteral("gbfuzz-missing:latest"), QStringLiteral("fuzz-missing"),
                            QVariantMap()}});
             cases.append(
                 {QStringLiteral("as meant"),
                  {QStringLiteral("busybox"), QStringLiteral("fuzz-denied"), QVariantMap()},
                  Expect::DeniedOnly});
             cases.append(
                 {QStringLiteral("a host bind mount"),
                  {QStringLiteral("busybox"), QStringLiteral("fuzz-bind"),
                   QVariantMap{{QStringLiteral("BindMounts"),
                                QVariant::fromValue(HostMounts{
                                    {QStringLiteral("/"), QStringLiteral("/host"), false}})}}},
                  Expect::DeniedOnly});
             return cases;
         }});
    table.append(
        {Target::Manager, kManager, QStringLiteral("GetStats"), QStringLiteral("as"), [](C c) {
             QList<Case> cases = refusedForEach(hostileStrings(c.marker), [](const QString &id) {
                 return QVariantList{QStringList{id}};
             });
             QStringList many;
             for (int i = 0; i < 5000; ++i)
                 many.append(c.containerId);
             cases.append({QStringLiteral("5000 ids"), {many}});
             cases.append({QStringLiteral("an id that is not there"),
                           {QStringList{QStringLiteral("0123456789ab")}}});
             cases.append(
                 {QStringLiteral("an upper-case id"), {QStringList{c.containerId.toUpper()}}});
             cases.append({QStringLiteral("no ids"), {QStringList()}, Expect::Valid});
             cases.append(
                 {QStringLiteral("the target"), {QStringList{c.containerId}}, Expect::Valid});
             return cases;
         }});
    table.append(
        {Target::Manager, kManager, QStringLiteral("ImportImage"), QStringLiteral("hss"), [](C c) {
             const auto fd = [&c](const char *kind) {
                 return QVariant::fromValue(
                     QDBusUnixFileDescriptor(c.descriptor(QString::fromLatin1(kind))));
             };
             QList<Case> cases;
             for (const auto &[label, format] : hostileStrings(c.marker))
                 cases.append({QStringLiteral("format: ") + label,
                               {fd("junk"), format, QStringLiteral("gbfuzz:format")}});
             for (const auto &[label, tag] : hostileStrings(c.marker))
                 if (!tag.isEmpty()) // empty: no tag
                     cases.append({QStringLiteral("tag: ") + label,
                                   {fd("junk"), QStringLiteral("rootfs"), tag}});
             for (const char *kind : {"opath", "writeonly", "directory", "chardev", "socket"})
                 cases.append({QStringLiteral("descriptor: %1").arg(QLatin1String(kind)),
                               {fd(kind), QStringLiteral("rootfs"), QStringLiteral("gbfuzz:fd")}});
             cases.append(
                 {QStringLiteral("a pipe for an OCI archive"),
                  {fd("pipe"), QStringLiteral("oci-archive"), QStringLiteral("gbfuzz:pipe")}});
             cases.append({QStringLiteral("as meant"),
                           {fd("junk"), QStringLiteral("rootfs"), QStringLiteral("gbfuzz:denied")},
                           Expect::DeniedOnly});
             return cases;
         }});
    // A pull that would run goes to 127.0.0.1:1, where nothing listens; only users who may
    // not pull send it.
    table.append(
        {Target::Manager, kManager, QStringLiteral("PullImage"), QStringLiteral("sa{sv}"), [](C c) {
             QList<Case> cases =
                 refusedForEach(hostileStrings(c.marker), [](const QString &reference) {
                     return QVariantList{reference, QVariantMap()};
                 });
             const QString reference = QStringLiteral("127.0.0.1:1/gbfuzz:pull");
             for (const auto &[label, options] : QList<std::pair<QString, QVariantMap>>{
                      {QStringLiteral("unknown key"), {{QStringLiteral("Token"), QString()}}},
                      {QStringLiteral("Username as a number"), {{QStringLiteral("Username"), 1}}},
                      {QStringLiteral("Password as a list"),
                       {{QStringLiteral("Password"), QStringList{QStringLiteral("x")}}}},
                      {QStringLiteral("Password with a newline"),
                       {{QStringLiteral("Password"), QStringLiteral("a\r\nX-Injected: 1")}}},
                      {QStringLiteral("Username of 1 MB"),
                       {{QStringLiteral("Username"), QString(1 << 20, QLatin1Char('u'))}}}})
                 cases.append({QStringLiteral("options: ") + label, {reference, options}});
             cases.append(
                 {QStringLiteral("as meant"),
                  {reference, QVariantMap{{QStringLiteral("Username"), QStringLiteral("u")},
                                          {QStringLiteral("Password"), QStringLiteral("p")}}},
                  Expect::DeniedOnly});
             return cases;
         }});
    table.append(
        {Target::Manager, kObjectManager, QStringLiteral("GetManagedObjects"), QString(), valid});
    // Networks: the suite's helper has none of its own (--default-network none), and no case
    // that would make or remove one is sent by a user who may.
    table.append({Target::Manager, kManager, QStringLiteral("ListNetworks"), QString(), valid});
    table.append(
        {Target::Manager, kManager, QStringLiteral("CreateNetwork"), QStringLiteral("sa{sv}"),
         [](C c) {
             QList<Case> cases = refusedForEach(hostileStrings(c.marker), [](const QString &name) {
                 return QVariantList{name, QVariantMap()};
             });
             const QString name = QStringLiteral("gbfuzz-net");
             for (const auto &[label, options] : QList<std::pair<QString, QVariantMap>>{
                      {QStringLiteral("unknown key"),
                       {{QStringLiteral("Bridge"), QStringLiteral("eth0")}}},
                      {QStringLiteral("Subnet as a number"), {{QStringLiteral("Subnet"), 24}}},
                      {QStringLiteral("Subnet with host bits"),
                       {{QStringLiteral("Subnet"), QStringLiteral("10.99.0.1/24")}}},
                      {QStringLiteral("Subnet /33"),
                       {{QStringLiteral("Subnet"), QStringLiteral("10.99.0.0/33")}}},
                      {QStringLiteral("Gateway not an address"),
                       {{QStringLiteral("Gateway"), QStringLiteral("gateway")}}},
                      {QStringLiteral("Internal as a string"),
                       {{QStringLiteral("Internal"), QStringLiteral("yes")}}},
                      {QStringLiteral("IPv6 as a string"),
                       {{QStringLiteral("IPv6"), QStringLiteral("true")}}},
                      {QStringLiteral("IPv6 as a number"), {{QStringLiteral("IPv6"), 1}}},
                      {QStringLiteral("Subnet6 as a boolean"), {{QStringLiteral("Subnet6"), true}}},
                      {QStringLiteral("Subnet6 of IPv4"),
                       {{QStringLiteral("Subnet6"), QStringLiteral("10.99.0.0/24")}}},
                      {QStringLiteral("Subnet6 with host bits"),
                       {{QStringLiteral("Subnet6"), QStringLiteral("fd00:99::1/64")}}},
                      {QStringLiteral("Subnet6 /129"),
                       {{QStringLiteral("Subnet6"), QStringLiteral("fd00:99::/129")}}},
                      {QStringLiteral("Subnet6 with a zone"),
                       {{QStringLiteral("Subnet6"), QStringLiteral("fe80::%eth0/64")}}},
                      {QStringLiteral("Gateway6 not an address"),
                       {{QStringLiteral("Subnet6"), QStringLiteral("fd00:99::/64")},
                        {QStringLiteral("Gateway6"), QStringLiteral("gateway")}}},
                      {QStringLiteral("Gateway6 outside Subnet6"),
                       {{QStringLiteral("Subnet6"), QStringLiteral("fd00:99::/64")},
                        {QStringLiteral("Gateway6"), QStringLiteral("fd00:98::1")}}},
                      {QStringLiteral("Gateway6 without Subnet6"),
                       {{QStringLiteral("Gateway6"), QStringLiteral("fd00:99::1")}}},
                      {QStringLiteral("IPv6 false beside Subnet6"),
                       {{QStringLiteral("IPv6"), false},
                        {QStringLiteral("Subnet6"), QStringLiteral("fd00:99::/64")}}}})
                 cases.append({QStringLiteral("options: ") + label, {name, options}});
             for (const char *reserved : {"none", "host"})
                 cases.append({QStringLiteral("the reserved name %1").arg(QLatin1String(reserved)),
                               {QString::fromLatin1(reserved), QVariantMap()}});
             cases.append({QStringLiteral("as meant"), {name, QVariantMap()}, Expect::DeniedOnly});
             return cases;
         }});
    for (const char *method : {"RemoveNetwork", "InspectNetwork"})
        table.append({Target::Manager, kManager, QString::fromLatin1(method), QStringLiteral("s"),
                      [method](C c) {
                          QList<Case> cases =
                              refusedForEach(hostileStrings(c.marker), [](const QString &name) {
                                  return QVariantList{name};
                              });
                          cases.append({QStringLiteral("a network that is not there"),
                                        {QStringLiteral("gbfuzz-missing")},
                                        qstrcmp(method, "RemoveNetwork") == 0 ? Expect::DeniedOnly
                                                                              : Expect::Refused});
                          return cases;
                      }});

    // org.glassbox.Container1
    const auto timeouts = [](C) {
        return QList<Case>{{QStringLiteral("3601 s"), {3601u}},
                           {QStringLiteral("UINT32_MAX s"), {UINT_MAX}},
                           {QStringLiteral("0 s"), {0u}, Expect::DeniedOnly},
                           {QStringLiteral("10 s"), {10u}, Expect::DeniedOnly}};
    };
    table.append({Target::Container, kContainer, QStringLiteral("Start"), QString(), denied});
    table.append(
        {Target::Container, kContainer, QStringLiteral("Stop"), QStringLiteral("u"), timeouts});
    table.append(
        {Target::Container, kContainer, QStringLiteral("Kill"), QStringLiteral("i"), [](C) {
             QList<Case> cases;
             for (const int signal : {0, 65, -1, -9, 1000, INT_MIN, INT_MAX})
                 cases.append({QStringLiteral("signal %1").arg(signal), {signal}});
             cases.append({QStringLiteral("SIGKILL"), {9}, Expect::DeniedOnly});
             cases.append({QStringLiteral("SIGTERM"), {15}, Expect::DeniedOnly});
             return cases;
         }});
    table.append(
        {Target::Container, kContainer, QStringLiteral("Restart"), QStringLiteral("u"), timeouts});
    table.append({Target::Container, kContainer, QStringLiteral("Pause"), QString(), denied});
    // Running, not paused: Resume is an error for everyone and changes nothing.
    table.append({Target::Container, kContainer, QStringLiteral("Resume"), QString(), valid});
    table.append(
        {Target::Container, kContainer, QStringLiteral("Remove"), QStringLiteral("b"), [](C) {
             return QList<Case>{{QStringLiteral("force"), {true}, Expect::DeniedOnly},
                                {QStringLiteral("no force"), {false}, Expect::DeniedOnly}};
         }});
    table.append(
        {Target::Container, kContainer, QStringLiteral("Update"), QStringLiteral("a{sv}"), [](C c) {
             QList<Case> cases;
             for (const auto &[label, map] : badOptions(c.marker, true))
                 cases.append({label, {map}});
             cases.append({QStringLiteral("no limits"), {QVariantMap()}, Expect::Valid});
             cases.append({QStringLiteral("a pids limit"),
                           {QVariantMap{{QStringLiteral("PidsLimit"), qlonglong(1000)}}},
                           Expect::DeniedOnly});
             return cases;
         }});
    for (const char *name : {"Inspect", "GetNamespaces", "GetSecurityReport", "GetLayers",
                             "GetDiff", "GetPressure", "GetProcesses", "OpenLog", "GetNetwork"})
        table.append({Target::Container, kContainer, QString::fromLatin1(name), QString(), valid});
    table.append(
        {Target::Container, kContainer, QStringLiteral("GetLogs"), QStringLiteral("t"), [](C) {
             QList<Case> cases;
             for (const qulonglong bytes :
                  {qulonglong(0), qulonglong(1), qulonglong(LLONG_MAX) + 1, qulonglong(ULLONG_MAX)})
                 cases.append({QStringLiteral("%1 bytes").arg(bytes), {bytes}, Expect::Valid});
             return cases;
         }});
    table.append(
        {Target::Container, kContainer, QStringLiteral("Exec"), QStringLiteral("as"), [](C c) {
             QList<Case> cases{
                 {QStringLiteral("no argv"), {QStringList()}},
                 {QStringLiteral("empty program"), {QStringList{QString(), QStringLiteral("x")}}},
                 {QStringLiteral("1025 arguments"), {QStringList(1025, QStringLiteral("a"))}},
                 {QStringLiteral("a 1 MB argument"),
                  {QStringList{QStringLiteral("echo"), QString(kHuge, QLatin1Char('a'))}}},
                 {QStringLiteral("as meant"),
                  {QStringList{QStringLiteral("true")}},
                  Expect::DeniedOnly}};
             // A program of any name may exist in a container: short ones are valid
             // requests (they fail inside it), long and empty ones never.
             for (const auto &[label, program] : hostileStrings(c.marker))
                 cases.append({QStringLiteral("program: ") + label,
                               {QStringList{program}},
                               program.isEmpty() || program.size() > 65536 ? Expect::Refused
                                                                           : Expect::Valid});
             return cases;
         }});

    // org.glassbox.Image1
    table.append({Target::Image, kImage, QStringLiteral("Remove"), QStringLiteral("b"), [](C) {
                      return QList<Case>{{QStringLiteral("force"), {true}, Expect::DeniedOnly},
                                         {QStringLiteral("no force"), {false}, Expect::DeniedOnly}};
                  }});
    for (const char *name : {"Tag", "Untag"})
        table.append(
            {Target::Image, kImage, QString::fromLatin1(name), QStringLiteral("s"), [name](C c) {
                 QList<Case> cases =
                     refusedForEach(hostileStrings(c.marker), [](const QString &reference) {
                         return QVariantList{reference};
                     });
                 cases.append({QStringLiteral("as meant"),
                               {QString::fromLatin1(qstrcmp(name, "Tag") == 0 ? "gbfuzz:tag"
                                                                              : "busybox:latest")},
                               Expect::DeniedOnly});
                 return cases;
             }});
    for (const char *name : {"GetLayers", "GetEfficiency", "Inspect"})
        table.append({Target::Image, kImage, QString::fromLatin1(name), QString(), valid});

    // org.glassbox.Job1: the job has failed, so Cancel is an error for everyone.
    table.append({Target::Job, kJob, QStringLiteral("Cancel"), QString(), valid});

    // org.freedesktop.DBus.Properties of every object (its properties come from the contract).
    for (const Target target : {Target::Manager, Target::Container, Target::Image, Target::Job}) {
        table.append(
            {target, kProperties, QStringLiteral("Get"), QStringLiteral("ss"), [](C c) {
                 QList<Case> cases;
                 for (const auto &[label, value] : hostileStrings(c.marker)) {
                     // No interface: every one of the object's is searched for it.
                     cases.append({QStringLiteral("property: ") + label, {QString(), value}});
                     if (!value.isEmpty()) // empty: any interface
                         cases.append({QStringLiteral("interface: ") + label,
                                       {value, QStringLiteral("Id")}});
                 }
                 return cases;
             }});
        table.append(
            {target, kProperties, QStringLiteral("GetAll"), QStringLiteral("s"), [](C c) {
                 QList<Case> cases;
                 for (const auto &[label, value] : hostileStrings(c.marker))
                     if (!value.isEmpty())
                         cases.append({label, {value}});
                 cases.append({QStringLiteral("any interface"), {QString()}, Expect::Valid});
                 return cases;
             }});
        table.append({target, kProperties, QStringLiteral("Set"), QStringLiteral("ssv"), [](C c) {
                          QList<Case> cases;
                          for (const auto &[label, value] : hostileStrings(c.marker))
                              cases.append({label, {value, value, variant(value)}});
                          return cases;
                      }});
    }
    return table;
}

/// The methods of the contract as "interface.Method(in signature)", read from its XML.
QStringList contractMethods(QString *error)
{
    QFile file(QStringLiteral(GLASSBOX_CONTRACT_XML));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.fileName() + QStringLiteral(": ") + file.errorString();
        return {};
    }
    QStringList methods;
    QXmlStreamReader xml(&file);
    QString interface, method, signature;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto attributes = xml.attributes();
            if (xml.name() == QLatin1String("interface")) {
                interface = attributes.value(QLatin1String("name")).toString();
            } else if (xml.name() == QLatin1String("method")) {
                method = attributes.value(QLatin1String("name")).toString();
                signature.clear();
            } else if (xml.name() == QLatin1String("arg") && !method.isEmpty() &&
                       attributes.value(QLatin1String("direction")) != QLatin1String("out")) {
                signature += attributes.value(QLatin1String("type")).toString();
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("method")) {
            methods.append(QStringLiteral("%1.%2(%3)").arg(interface, method, signature));
            method.clear();
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return methods;
}

/// The properties of each interface of the contract.
QMap<QString, QStringList> contractProperties()
{
    QFile file(QStringLiteral(GLASSBOX_CONTRACT_XML));
    QMap<QString, QStringList> properties;
    if (!file.open(QIODevice::ReadOnly))
        return properties;
    QXmlStreamReader xml(&file);
    QString interface;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("interface"))
            interface = xml.attributes().value(QLatin1String("name")).toString();
        else if (xml.name() == QLatin1String("property"))
            properties[interface].append(xml.attributes().value(QLatin1String("name")).toString());
    }
    return properties;
}

/// Calls GetManagedObjects every kProbePeriodMs on its own connection and keeps the answer
/// times, from its own thread: the suite's thread is busy sending 1 MB messages.
class Probe
{
public:
    explicit Probe(const QDBusConnection &bus) : m_bus(bus) {}
    ~Probe() { stop(); }

    void start()
    {
        m_thread.reset(QThread::create([this] { run(); }));
        m_thread->start();
    }
    void stop()
    {
        m_stop = true;
        if (m_thread) {
            m_thread->wait();
            m_thread.reset();
        }
    }
    qint64 maxMs() const { return m_maxMs; }
    int calls() const { return m_calls; }
    /// The method the suite is sending now, named in a slow answer's problem.
    void setFuzzing(const QString &method)
    {
        QMutexLocker lock(&m_mutex);
        m_fuzzing = method;
    }
    QStringList problems() const
    {
        QMutexLocker lock(&m_mutex);
        return m_problems;
    }

private:
    void run()
    {
        while (!m_stop) {
            QElapsedTimer timer;
            timer.start();
            const QDBusMessage reply = call(m_bus, kManagerPath, kObjectManager,
                                            QStringLiteral("GetManagedObjects"), {}, 10000);
            const qint64 elapsed = timer.elapsed();
            ++m_calls;
            m_maxMs = std::max(m_maxMs.load(), elapsed);
            if (reply.type() != QDBusMessage::ReplyMessage || elapsed >= maxAnswerMs()) {
                QMutexLocker lock(&m_mutex);
                m_problems.append(
                    (reply.type() == QDBusMessage::ReplyMessage
                         ? QStringLiteral("GetManagedObjects answered after %1 ms").arg(elapsed)
                         : QStringLiteral("GetManagedObjects failed after %1 ms: %2 %3")
                               .arg(elapsed)
                               .arg(reply.errorName(), reply.errorMessage().left(200))) +
                    QStringLiteral(" while the suite sent %1").arg(m_fuzzing));
            }
            QThread::msleep(ulong(std::max<qint64>(0, kProbePeriodMs - elapsed)));
        }
    }

    QDBusConnection m_bus;
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_maxMs{0};
    std::atomic<int> m_calls{0};
    mutable QMutex m_mutex;
    QStringList m_problems;
    QString m_fuzzing;
};

/// What the test compares before and after: each object's identity and state.
QMap<QString, QString> objectSummary(const QDBusConnection &bus, QString *error)
{
    const QDBusMessage reply =
        call(bus, kManagerPath, kObjectManager, QStringLiteral("GetManagedObjects"));
    QMap<QString, QString> summary;
    if (reply.type() != QDBusMessage::ReplyMessage) {
        *error = reply.errorMessage();
        return summary;
    }
    const QDBusArgument argument = reply.arguments().value(0).value<QDBusArgument>();
    QMap<QDBusObjectPath, QMap<QString, QVariantMap>> objects;
    argument >> objects;
    for (auto it = objects.cbegin(); it != objects.cend(); ++it) {
        const QString path = it.key().path();
        if (path.contains(QStringLiteral("/job/")))
            continue; // the suite makes jobs; they come and go
        const QVariantMap container = it.value().value(kContainer);
        const QVariantMap image = it.value().value(kImage);
        summary.insert(
            path,
            !container.isEmpty()
                ? QStringLiteral("name=%1 state=%2 pid=%3")
                      .arg(container.value(QStringLiteral("Name")).toString(),
                           container.value(QStringLiteral("State")).toString(),
                           container.value(QStringLiteral("Pid")).toString())
                : QStringLiteral("tags=%1").arg(
                      image.value(QStringLiteral("Tags")).toStringList().join(QLatin1Char(','))));
    }
    return summary;
}

} // namespace

class TestHelperFuzz : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSystemBus> m_bus;
    QTemporaryDir m_root{QDir::tempPath() + QStringLiteral("/gbfuzz-root-XXXXXX")};
    std::unique_ptr<HelperProcess> m_helper;
    qint64 m_helperPid = 0;
    QDBusConnection m_allowed{QString()};
    QDBusConnection m_denied{QString()};
    QDBusConnection m_viewer{QString()};
    QDBusConnection m_probeBus{QString()};
    std::unique_ptr<Probe> m_probe;
    Context m_context;
    QString m_containerPath, m_imagePath, m_jobPath;
    QElapsedTimer m_jobAge;
    QMap<QString, QString> m_before;
    QTemporaryDir m_files;
    QList<int> m_fds;
    int m_calls = 0;

    /// A descriptor of `kind` for ImportImage; the suite closes them at its end.
    int descriptor(const QString &kind)
    {
        const QByteArray junk = QFile::encodeName(m_files.path() + QStringLiteral("/junk"));
        int fd = -1;
        if (kind == QLatin1String("junk")) {
            fd = ::open(junk.constData(), O_RDONLY | O_CLOEXEC);
        } else if (kind == QLatin1String("opath")) {
            fd = ::open("/etc/shadow", O_PATH | O_CLOEXEC);
        } else if (kind == QLatin1String("writeonly")) {
            fd = ::open(junk.constData(), O_WRONLY | O_CLOEXEC);
        } else if (kind == QLatin1String("directory")) {
            fd = ::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        } else if (kind == QLatin1String("chardev")) {
            fd = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);
        } else if (kind == QLatin1String("socket")) {
            int pair[2];
            if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0) {
                m_fds.append(pair[1]);
                fd = pair[0];
            }
        } else if (kind == QLatin1String("pipe")) {
            int pair[2];
            if (::pipe2(pair, O_CLOEXEC) == 0) {
                m_fds.append(pair[1]);
                fd = pair[0];
            }
        }
        if (fd >= 0)
            m_fds.append(fd);
        return fd;
    }

    QString pathOf(Target target) const
    {
        switch (target) {
        case Target::Manager:
            return kManagerPath;
        case Target::Container:
            return m_containerPath;
        case Target::Image:
            return m_imagePath;
        case Target::Job:
            return m_jobPath;
        }
        return {};
    }

    /// A job object that outlives the next calls (finished jobs stay for a minute): a failed
    /// import of a file that is no tar.
    bool freshJob()
    {
        if (!m_jobPath.isEmpty() && m_jobAge.elapsed() < 20000)
            return true;
        const QDBusMessage reply =
            call(m_bus->connection(), kManagerPath, kManager, QStringLiteral("ImportImage"),
                 {QVariant::fromValue(QDBusUnixFileDescriptor(descriptor(QStringLiteral("junk")))),
                  QStringLiteral("rootfs"), QStringLiteral("gbfuzz:job")});
        if (reply.type() != QDBusMessage::ReplyMessage) {
            qWarning("ImportImage: %s", qPrintable(reply.errorMessage()));
            return false;
        }
        m_jobPath = reply.arguments().value(0).value<QDBusObjectPath>().path();
        m_jobAge.start();
        for (int i = 0; i < 100; ++i) {
            const QDBusMessage state = call(m_bus->connection(), m_jobPath, kProperties,
                                            QStringLiteral("Get"), {kJob, QStringLiteral("State")});
            if (state.arguments().value(0).value<QDBusVariant>().variant().toString() ==
                QLatin1String("failed"))
                return true;
            QTest::qWait(50);
        }
        qWarning("the import of junk did not fail");
        return false;
    }

    /// Why `reply` is wrong for `sent` by `user`, or empty.
    static QString verdict(const QString &interface, const Case &sent, const QString &user,
                           const QDBusMessage &reply)
    {
        const bool denied = user == QLatin1String(kDeniedUser);
        const bool viewer = user == QLatin1String(kViewerUser);
        if (reply.type() == QDBusMessage::ReplyMessage) {
            if (sent.expect != Expect::Valid || denied)
                return QStringLiteral("succeeded");
            for (const QVariant &argument : reply.arguments())
                if (argument.typeId() == QMetaType::QString &&
                    argument.toString().toUtf8().size() >= kMaxReplyBytes)
                    return QStringLiteral("a reply of %1 bytes")
                        .arg(argument.toString().toUtf8().size());
            return {};
        }
        if (reply.type() != QDBusMessage::ErrorMessage)
            return QStringLiteral("no reply");
        const QString name = reply.errorName();
        const qsizetype size = reply.errorMessage().toUtf8().size();
        if (size >= kMaxReplyBytes)
            return QStringLiteral("an error message of %1 bytes (%2)").arg(size).arg(name);
        // An echoed argument is escaped: it cannot clear a terminal or forge a log line.
        for (const QChar c : reply.errorMessage())
            if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Other_Format)
                return QStringLiteral("an error message with the raw character U+%1: %2")
                    .arg(c.unicode(), 4, 16, QLatin1Char('0'))
                    .arg(reply.errorMessage().left(300));
        if (name == QLatin1String("org.freedesktop.DBus.Error.NoReply") ||
            name == QLatin1String("org.freedesktop.DBus.Error.Timeout") ||
            name == QLatin1String("org.freedesktop.DBus.Error.Disconnected") ||
            name == QLatin1String("org.freedesktop.DBus.Error.ServiceUnknown"))
            return QStringLiteral("no reply: %1 %2").arg(name, reply.errorMessage());
        const bool typeError = name == kInvalidArgs || name == kUnknownMethod;
        if (denied) {
            // Told no, or that the call was malformed (checked before polkit is asked, it
            // says nothing about the helper's state); never what the objects hold.
            const bool ok =
                name == kNotAuthorized ||
                (sent.expect == Expect::Refused &&
                 (typeError || name == kInvalidArgument ||
                  name == QLatin1String("org.freedesktop.DBus.Error.PropertyReadOnly")));
            return ok ? QString()
                      : QStringLiteral("denied user got %1: %2")
                            .arg(name, reply.errorMessage().left(300));
        }
        const bool ok = name.startsWith(QLatin1String("org.glassbox.Error.")) || typeError ||
                        (interface == kProperties && kPropertyErrors.contains(name));
        if (!ok)
            return QStringLiteral("error outside the contract: %1: %2")
                .arg(name, reply.errorMessage().left(300));
        // The viewer may look, never change: whatever would change something is refused.
        if (viewer)
            return sent.expect != Expect::DeniedOnly || name == kNotAuthorized
                       ? QString()
                       : QStringLiteral("viewer got %1: %2")
                             .arg(name, reply.errorMessage().left(300));
        // A user polkit allows is only told no where the input needs more (none here but the
        // privileged tier's, which the allowed user holds).
        if (name == kNotAuthorized)
            return QStringLiteral("allowed user not authorized: %1").arg(reply.errorMessage());
        return {};
    }

    /// Sends every case of `method` as each of `clients` (user name, connection) at once,
    /// interleaved, so the helper has the three users' calls in flight together; then checks
    /// each reply. The failures.
    QStringList send(const Method &method, const QList<Case> &cases,
                     const QList<QPair<QString, QDBusConnection>> &clients)
    {
        const QString path = pathOf(method.target);
        struct Sent
        {
            const Case *sent;
            QString user;
            QDBusPendingCall call;
        };
        QList<Sent> pending;
        qsizetype pendingBytes = 0;
        QStringList failures;
        const auto collect = [&] {
            for (Sent &call : pending) {
                call.call.waitForFinished();
                const QString why =
                    verdict(method.interface, *call.sent, call.user, call.call.reply());
                if (!why.isEmpty())
                    failures.append(
                        QStringLiteral("%1.%2 as %3, %4: %5")
                            .arg(method.interface, method.name, call.user, call.sent->label, why));
            }
            pending.clear();
            pendingBytes = 0;
        };
        for (const Case &sent : cases) {
            for (const auto &[user, bus] : clients) {
                if (sent.expect == Expect::DeniedOnly && user != QLatin1String(kDeniedUser) &&
                    user != QLatin1String(kViewerUser))
                    continue;
                QDBusMessage message =
                    QDBusMessage::createMethodCall(kService, path, method.interface, method.name);
                message.setArguments(sent.arguments);
                pending.append({&sent, user, bus.asyncCall(message, kCallTimeoutMs)});
                pendingBytes += payloadBytes(sent.arguments);
                ++m_calls;
                if (pending.size() >= kInFlightCalls || pendingBytes >= kInFlightBytes)
                    collect();
            }
        }
        collect();
        return failures;
    }

    /// Paths named after the marker, wherever a hostile argument could have put one.
    QStringList markedFiles() const
    {
        QStringList found;
        for (const QString &dir :
             {QStringLiteral("/"), QStringLiteral("/tmp"), QStringLiteral("/etc"),
              QStringLiteral("/run"), QStringLiteral("/var/tmp"), QStringLiteral("/root"),
              m_root.path() + QStringLiteral("/state"), m_root.path() + QStringLiteral("/run"),
              m_root.path() + QStringLiteral("/run/shims"),
              m_root.path() + QStringLiteral("/run/runtime")}) {
            const QStringList names = QDir(dir).entryList(QDir::AllEntries | QDir::System |
                                                          QDir::Hidden | QDir::NoDotAndDotDot);
            for (const QString &name : names)
                if (name.contains(m_context.marker))
                    found.append(dir + QLatin1Char('/') + name);
        }
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        qDBusRegisterMetaType<HostMount>();
        qDBusRegisterMetaType<HostMounts>();
        qDBusRegisterMetaType<StringMap>();
        QVERIFY(m_root.isValid());
        QVERIFY(m_files.isValid());
        {
            QFile junk(m_files.path() + QStringLiteral("/junk"));
            QVERIFY(junk.open(QIODevice::WriteOnly));
            junk.write(QByteArray(4096, 'j'));
        }
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));
        QString error;
        m_allowed = m_bus->connectAs(QString::fromLatin1(kAllowedUser), &error);
        QVERIFY2(m_allowed.isConnected(), qPrintable(error));
        m_denied = m_bus->connectAs(QString::fromLatin1(kDeniedUser), &error);
        QVERIFY2(m_denied.isConnected(), qPrintable(error));
        m_viewer = m_bus->connectAs(QString::fromLatin1(kViewerUser), &error);
        QVERIFY2(m_viewer.isConnected(), qPrintable(error));
        m_helper = std::make_unique<HelperProcess>(
            *m_bus, m_root.path(),
            HelperProcess::Binaries{QStringLiteral(GLASSBOX_HELPER_BINARY),
                                    QStringLiteral(GLASSBOX_SHIM_BINARY),
                                    QStringLiteral(GLASSBOX_RUNTIME_BINARY)});
        QVERIFY2(m_helper->isValid(), qPrintable(m_helper->error()));
        m_helperPid = m_helper->pid();

        m_context.marker = QStringLiteral("gbfuzz-%1-").arg(::getpid());
        m_context.containerName = QStringLiteral("fuzz-target");
        m_context.devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        m_fds.append(m_context.devNull);
        m_context.descriptor = [this](const QString &kind) {
            return descriptor(kind);
        };

        // The targets: a running container, its image, a job.
        QDBusMessage reply;
        m_containerPath =
            createBusybox(m_bus->connection(), m_context.containerName,
                          {{QStringLiteral("Command"),
                            QStringList{QStringLiteral("sleep"), QStringLiteral("100000")}}},
                          &reply);
        QVERIFY2(!m_containerPath.isEmpty(), qPrintable(reply.errorMessage()));
        m_context.containerId = m_containerPath.section(QLatin1Char('/'), -1);
        reply = call(m_bus->connection(), m_containerPath, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QTRY_COMPARE(
            containerProperty(m_bus->connection(), m_containerPath, QStringLiteral("State"))
                .toString(),
            QStringLiteral("running"));
        const QString imageId =
            containerProperty(m_bus->connection(), m_containerPath, QStringLiteral("Image"))
                .toString();
        reply = call(m_bus->connection(), m_containerPath, kContainer, QStringLiteral("Inspect"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        m_before = objectSummary(m_bus->connection(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (auto it = m_before.cbegin(); it != m_before.cend(); ++it)
            if (it.key().contains(QStringLiteral("/image/")))
                m_imagePath = it.key();
        QVERIFY2(!m_imagePath.isEmpty(), qPrintable(imageId));
        QVERIFY(freshJob());
        QVERIFY(markedFiles().isEmpty());

        // The probe: a root client of its own, warmed up (its first call asks polkit).
        m_probeBus =
            QDBusConnection::connectToBus(m_bus->address(), QStringLiteral("gbfuzz-probe"));
        QVERIFY(m_probeBus.isConnected());
        reply = call(m_probeBus, kManagerPath, kObjectManager, QStringLiteral("GetManagedObjects"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        m_probe = std::make_unique<Probe>(m_probeBus);
        m_probe->start();
    }

    void cleanupTestCase()
    {
        if (m_probe)
            m_probe->stop();
        if (m_bus && !m_containerPath.isEmpty()) {
            (void)call(m_bus->connection(), m_containerPath, kContainer, QStringLiteral("Remove"),
                       {true}, 30000);
            // The shim still deletes the container's cgroups just after the reply; once it is
            // gone the helper's end also removes the cgroup parents.
            QElapsedTimer waited;
            waited.start();
            while (waited.elapsed() < 10000 &&
                   !leftoversBelow(m_root.path(), pid_t(m_helperPid)).isEmpty())
                QThread::msleep(100);
        }
        if (m_root.isValid()) {
            // Whatever a failure left: containers, shims, cgroups, mounts.
            const QStringList removed = cleanUpHelperRoot(
                m_root.path(), QStringLiteral(GLASSBOX_RUNTIME_BINARY), pid_t(m_helperPid));
            for (const QString &line : removed)
                qWarning("left behind: %s", qPrintable(line));
        }
        m_helper.reset(); // SIGTERM, then SIGKILL; removes the cgroup parents it saw made
        if (m_root.isValid()) {
            const QStringList left = leftoversBelow(m_root.path());
            // Never delete recursively through a mount that would not go (a host bind).
            m_root.setAutoRemove(left.isEmpty());
            QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char('\n'))));
        }
        for (const int fd : std::as_const(m_fds))
            ::close(fd);
        m_fds.clear();
        if (m_probeBus.isConnected())
            QDBusConnection::disconnectFromBus(QStringLiteral("gbfuzz-probe"));
    }

    // Adding a method to the contract without a fuzz entry fails here.
    void everyMethodHasCases()
    {
        QString error;
        const QStringList contract = contractMethods(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(contract.size() >= 20);
        QStringList table;
        for (const Method &method : methodTable())
            table.append(
                QStringLiteral("%1.%2(%3)").arg(method.interface, method.name, method.signature));
        QStringList missing, stale;
        for (const QString &method : contract)
            if (!table.contains(method))
                missing.append(method);
        for (const QString &method : std::as_const(table))
            if (method.startsWith(QStringLiteral("org.glassbox.")) && !contract.contains(method))
                stale.append(method);
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("no fuzz cases for: ") +
                                               missing.join(QStringLiteral(", "))));
        QVERIFY2(stale.isEmpty(), qPrintable(QStringLiteral("not in the contract: ") +
                                             stale.join(QStringLiteral(", "))));
        QVERIFY(contractProperties().value(kContainer).contains(QStringLiteral("State")));
    }

    void fuzz_data()
    {
        QTest::addColumn<int>("index");
        const QList<Method> table = methodTable();
        for (int i = 0; i < table.size(); ++i) {
            const Method &method = table.at(i);
            static const char *const targets[] = {"manager", "container", "image", "job"};
            QTest::addRow("%s %s.%s", targets[int(method.target)],
                          qPrintable(method.interface.section(QLatin1Char('.'), -1)),
                          qPrintable(method.name))
                << i;
        }
    }

    void fuzz()
    {
        QFETCH(int, index);
        const Method method = methodTable().at(index);
        if (method.target == Target::Job)
            QVERIFY(freshJob());
        QList<Case> cases =
            wrongTypes(method.signature, m_context.devNull) + method.values(m_context);
        if (method.interface == kProperties) {
            // Every property of the object's interface, read as meant; Set refused for each.
            static const QString interfaces[] = {kManager, kContainer, kImage, kJob};
            const QString interface = interfaces[int(method.target)];
            const QStringList properties = contractProperties().value(interface);
            for (const QString &property : properties) {
                if (method.name == QLatin1String("Get")) {
                    cases.append({property, {interface, property}, Expect::Valid});
                    cases.append({QStringLiteral("any interface: ") + property,
                                  {QString(), property},
                                  Expect::Valid});
                    cases.append({QStringLiteral("in lower case: ") + property,
                                  {interface, property.toLower()}});
                } else if (method.name == QLatin1String("Set")) {
                    cases.append({property, {interface, property, variant(QStringLiteral("x"))}});
                }
            }
            if (method.name == QLatin1String("GetAll"))
                cases.append({QStringLiteral("as meant"), {interface}, Expect::Valid});
        }
        const int callsBefore = m_calls;
        if (m_probe)
            m_probe->setFuzzing(method.interface + QLatin1Char('.') + method.name);
        QStringList failures = send(method, cases,
                                    {{QStringLiteral("root"), m_bus->connection()},
                                     {QString::fromLatin1(kAllowedUser), m_allowed},
                                     {QString::fromLatin1(kDeniedUser), m_denied},
                                     {QString::fromLatin1(kViewerUser), m_viewer}});
        QVERIFY2(alive(m_helperPid), "the helper died");
        // The worst first: a success or silence matters more than a long message.
        std::stable_partition(failures.begin(), failures.end(), [](const QString &failure) {
            return !failure.contains(QStringLiteral(": an error message of "));
        });
        QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 of %2 calls wrong:\n  ")
                                                    .arg(failures.size())
                                                    .arg(m_calls - callsBefore) +
                                                failures.mid(0, 40).join(QStringLiteral("\n  "))));
    }

    void answeredTheProbeThroughout()
    {
        QVERIFY(m_probe);
        m_probe->stop();
        qInfo("%d fuzz calls; the probe made %d calls, the slowest answered in %lld ms", m_calls,
              m_probe->calls(), m_probe->maxMs());
        QVERIFY(m_probe->calls() > 10);
        const QStringList problems = m_probe->problems();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 20).join(QLatin1Char('\n'))));
    }

    void nothingChanged()
    {
        QVERIFY2(alive(m_helperPid), "the helper died");
        QCOMPARE(m_helper->pid(), m_helperPid);
        QString error;
        const QMap<QString, QString> after = objectSummary(m_bus->connection(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(after, m_before);
        QCOMPARE(QDir(m_root.path() + QStringLiteral("/state"))
                     .entryList(QDir::Dirs | QDir::NoDotAndDotDot),
                 QStringList{m_context.containerId});
        // The helper writes nowhere but its own directories.
        QStringList top = QDir(m_root.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
        top.sort();
        QCOMPARE(top, (QStringList{QStringLiteral("run"), QStringLiteral("state"),
                                   QStringLiteral("store")}));
        const QStringList marked = markedFiles();
        QVERIFY2(marked.isEmpty(), qPrintable(marked.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestHelperFuzz)
#include "test_helper_fuzz.moc"
