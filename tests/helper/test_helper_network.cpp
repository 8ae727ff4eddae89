// Container networking through the helper (issue 16): the real helper, shim, runtime,
// netavark and aardvark-dns on a private system bus with the real polkitd, as root. The whole
// suite runs in a network and a mount namespace of its own (made in main(), before any
// thread): its bridges, veths, iptables rules and namespace mounts never touch the host's,
// and they all go with the suite's namespaces whatever happens. Traffic goes only to
// 127.0.0.1 of that namespace and to the suite's own containers.
#include "bundle.h"
#include "helper_calls.h"
#include "helper_process.h"
#include "image_fixtures.h"
#include "network_namespace.h"
#include "system_bus.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusUnixFileDescriptor>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace glassbox::test;

namespace {

/// Why the suite's own namespaces could not be made (main() fills it in); empty when it runs.
QString g_isolationProblem;

const QString kNetavark = QStringLiteral("/usr/lib/podman/netavark");

/// A TCP port nothing listens on in this namespace now.
quint16 freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    quint16 port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

/// GET `path` from `address` (HTTP/1.0, one try, 2 s at most): the response, empty if
/// nothing answered.
QByteArray httpGetFrom(const sockaddr *address, socklen_t length, const QByteArray &path)
{
    const int fd = ::socket(address->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    QByteArray response;
    if (::connect(fd, address, length) != 0 && errno != EINPROGRESS) {
        ::close(fd);
        return response;
    }
    pollfd poller{fd, POLLOUT, 0};
    int soError = 0;
    socklen_t soLength = sizeof soError;
    if (::poll(&poller, 1, 2000) != 1 ||
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &soLength) != 0 || soError != 0) {
        ::close(fd);
        return response;
    }
    const QByteArray request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::write(fd, request.constData(), size_t(request.size())) != request.size()) {
        ::close(fd);
        return response;
    }
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 2000) {
        poller = {fd, POLLIN, 0};
        if (::poll(&poller, 1, 200) != 1)
            continue;
        char buffer[4096];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0)
            break;
        response.append(buffer, n);
    }
    ::close(fd);
    return response;
}

/// GET `path` from 127.0.0.1:`port`.
QByteArray httpGetPath(quint16 port, const QByteArray &path)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return httpGetFrom(reinterpret_cast<sockaddr *>(&address), sizeof address, path);
}

/// GET / from [`ip`]:`port`, an IPv6 address; empty if nothing answered.
QByteArray httpGet6(const QString &ip, quint16 port)
{
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(port);
    if (::inet_pton(AF_INET6, ip.toLatin1().constData(), &address.sin6_addr) != 1)
        return {};
    return httpGetFrom(reinterpret_cast<sockaddr *>(&address), sizeof address, "/");
}

/// Whether `address` ("fd00:1::2" or "fd00:1::2/64") is in `prefix` ("fd00:1::/64").
bool inPrefix6(const QString &address, const QString &prefix)
{
    in6_addr ip{};
    in6_addr network{};
    bool lengthOk = false;
    const int length = prefix.section(QLatin1Char('/'), 1).toInt(&lengthOk);
    if (!lengthOk || length < 0 || length > 128 ||
        ::inet_pton(AF_INET6, address.section(QLatin1Char('/'), 0, 0).toLatin1().constData(),
                    &ip) != 1 ||
        ::inet_pton(AF_INET6, prefix.section(QLatin1Char('/'), 0, 0).toLatin1().constData(),
                    &network) != 1)
        return false;
    for (int bit = 0; bit < length; ++bit) {
        const int mask = 0x80 >> (bit % 8);
        if ((ip.s6_addr[bit / 8] & mask) != (network.s6_addr[bit / 8] & mask))
            return false;
    }
    return true;
}

QByteArray httpGet(quint16 port)
{
    return httpGetPath(port, "/");
}

/// Polls httpGet() until the response contains `text` or `timeoutMs` passed.
QByteArray awaitPage(quint16 port, const QByteArray &text, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QByteArray response;
    while (timer.elapsed() < timeoutMs) {
        response = httpGet(port);
        if (response.contains(text))
            break;
        QTest::qWait(100);
    }
    return response;
}

QByteArray run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    process.waitForFinished(30000);
    return process.readAll();
}

/// Interfaces of this namespace (if_nameindex() asks the kernel through a socket of this
/// namespace; /sys is still the host's sysfs here).
QStringList interfaces()
{
    QStringList names;
    if (struct if_nameindex *list = ::if_nameindex()) {
        for (const struct if_nameindex *entry = list; entry->if_index != 0; ++entry)
            names.append(QString::fromLocal8Bit(entry->if_name));
        ::if_freenameindex(list);
    }
    return names;
}

/// A shell command line for busybox that serves `page` on port 80.
QStringList webServer(const QString &page)
{
    return {QStringLiteral("sh"), QStringLiteral("-c"),
            QStringLiteral("mkdir -p /www && echo %1 > /www/index.html && exec httpd -f -p 80 "
                           "-h /www")
                .arg(page)};
}

QString idFromPath(const QString &path)
{
    return path.section(QLatin1Char('/'), -1);
}

} // namespace

class TestHelperNetwork : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSystemBus> m_bus;
    QTemporaryDir m_root;
    std::unique_ptr<HelperProcess> m_helper;
    QDBusConnection m_client{QString()};
    QDBusConnection m_manager{QString()};
    /// Every container the suite made, removed at its end whatever happened.
    QStringList m_made;

    QString runDir() const { return m_root.path() + QStringLiteral("/run"); }
    QString netnsDir() const { return runDir() + QStringLiteral("/networks/netns"); }
    QString attachmentsDir() const { return runDir() + QStringLiteral("/networks/containers"); }

    bool startHelper()
    {
        m_helper = std::make_unique<HelperProcess>(
            *m_bus, m_root.path(),
            HelperProcess::Binaries{QStringLiteral(GLASSBOX_HELPER_BINARY),
                                    QStringLiteral(GLASSBOX_SHIM_BINARY),
                                    QStringLiteral(GLASSBOX_RUNTIME_BINARY)},
            QString(),
            QStringList{QStringLiteral("--default-network"), QStringLiteral("glassbox")});
        if (!m_helper->isValid())
            qWarning("helper: %s", qPrintable(m_helper->error()));
        return m_helper->isValid();
    }

    QDBusMessage containerCall(const QString &path, const QString &method,
                               const QVariantList &arguments = {})
    {
        return call(m_client, path, kContainer, method, arguments);
    }

    QDBusMessage managerCall(const QString &method, const QVariantList &arguments = {})
    {
        return call(m_client, kManagerPath, kManager, method, arguments);
    }

    /// Creates and starts a busybox container; its path (empty on failure, with a warning).
    QString runContainer(const QString &name, const QVariantMap &options)
    {
        QDBusMessage reply;
        const QString path = createBusybox(m_client, name, options, &reply);
        m_made.append(path);
        if (path.isEmpty()) {
            qWarning("create %s: %s", qPrintable(name), qPrintable(reply.errorMessage()));
            return {};
        }
        const QDBusMessage started = containerCall(path, QStringLiteral("Start"));
        if (started.type() != QDBusMessage::ReplyMessage) {
            qWarning("start %s: %s", qPrintable(name), qPrintable(started.errorMessage()));
            return {};
        }
        return path;
    }

    /// Exec in the container: exit code and output.
    std::pair<int, QString> exec(const QString &path, const QStringList &argv)
    {
        const QDBusMessage reply = containerCall(path, QStringLiteral("Exec"), {argv});
        if (reply.type() != QDBusMessage::ReplyMessage)
            return {-1, reply.errorMessage()};
        return {reply.arguments().value(0).toInt(), reply.arguments().value(1).toString()};
    }

    bool remove(const QString &path)
    {
        return containerCall(path, QStringLiteral("Remove"), {true}).type() ==
               QDBusMessage::ReplyMessage;
    }

    QJsonObject networkOf(const QString &path)
    {
        const QDBusMessage reply = containerCall(path, QStringLiteral("GetNetwork"));
        return QJsonDocument::fromJson(reply.arguments().value(0).toString().toUtf8()).object();
    }

    QList<PublishedPort> portsOf(const QString &path)
    {
        return qdbus_cast<QList<PublishedPort>>(
            containerProperty(m_client, path, QStringLiteral("Ports")).value<QDBusArgument>());
    }

    /// What a removed container may have left: iptables rules naming it, its veth, its
    /// namespace mount, its attachment records. Empty when nothing is left.
    QStringList leftovers(const QString &id, const QString &hostVeth)
    {
        QStringList left;
        const QByteArray rules = run(QStringLiteral("iptables-save"), {});
        for (const QByteArray &line : rules.split('\n'))
            if (line.contains(id.left(12).toLatin1()))
                left.append(QStringLiteral("rule: ") + QString::fromUtf8(line));
        if (!hostVeth.isEmpty() && interfaces().contains(hostVeth))
            left.append(QStringLiteral("veth: ") + hostVeth);
        for (const QString &file : QDir(netnsDir()).entryList(QDir::Files))
            if (file.startsWith(id))
                left.append(QStringLiteral("namespace: ") + file);
        for (const QString &file : QDir(attachmentsDir()).entryList(QDir::Files))
            if (file.startsWith(id))
                left.append(QStringLiteral("attachment: ") + file);
        return left;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!g_isolationProblem.isEmpty())
            QSKIP(qPrintable(g_isolationProblem));
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        if (!QFile::exists(kNetavark))
            QSKIP("netavark is not installed (Debian's netavark and aardvark-dns packages)");
        qRegisterMetaType<PublishedPort>();
        qDBusRegisterMetaType<PublishedPort>();
        qDBusRegisterMetaType<QList<PublishedPort>>();
        QVERIFY(m_root.isValid());
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));
        QVERIFY(startHelper());
        m_client = m_bus->connection();
        QString error;
        m_manager = m_bus->connectAs(QString::fromLatin1(kManagerUser), &error);
        QVERIFY2(m_manager.isConnected(), qPrintable(error));
    }

    void cleanupTestCase()
    {
        // Containers first (their shims outlive the helper), then the helper.
        if (m_helper && m_helper->isValid())
            for (const QString &path : std::as_const(m_made))
                (void)containerCall(path, QStringLiteral("Remove"), {true});
        m_helper.reset();
    }

    /// `run -d -p PORT:80 busybox httpd` and a GET of 127.0.0.1:PORT from the host gets the
    /// page; after `rm` nothing answers there and no rule, veth, namespace or lease is left.
    void publishedPortServesThePage()
    {
        const quint16 port = freePort();
        QVERIFY(port != 0);
        const QString path =
            runContainer(QStringLiteral("web"),
                         {{QStringLiteral("Command"), webServer(QStringLiteral("hello-web"))},
                          {QStringLiteral("Ports"), portsOption({{QString(), port, 80}})}});
        QVERIFY(!path.isEmpty());
        const QString id = idFromPath(path);
        const QByteArray page = awaitPage(port, "hello-web", 10000);
        QVERIFY2(page.contains("hello-web"), page.constData());

        const QList<PublishedPort> ports = portsOf(path);
        QCOMPARE(ports.size(), 1);
        QCOMPARE(ports.at(0).hostPort, port);
        QCOMPARE(ports.at(0).containerPort, quint16(80));
        QCOMPARE(containerProperty(m_client, path, QStringLiteral("Network")).toString(),
                 QStringLiteral("glassbox"));
        const QJsonObject network = networkOf(path);
        QVERIFY2(network.value(QStringLiteral("address"))
                     .toString()
                     .startsWith(QStringLiteral("10.87.")),
                 QJsonDocument(network).toJson().constData());
        QCOMPARE(network.value(QStringLiteral("bridge")).toString(), QStringLiteral("glassbox0"));
        QVERIFY(interfaces().contains(QStringLiteral("glassbox0")));
        const QString veth = network.value(QStringLiteral("hostVeth")).toString();
        QVERIFY2(interfaces().contains(veth), qPrintable(veth));
        // The check after `rm` sees what it looks for while the container runs.
        const QString running = leftovers(id, veth).join(QLatin1Char('\n'));
        for (const char *kind : {"rule: ", "veth: ", "namespace: ", "attachment: "})
            QVERIFY2(running.contains(QLatin1String(kind)), qPrintable(running));

        // GetNetwork's view from inside: eth0 with that address, the default route through
        // the gateway; and the DNAT rule that forwards the port.
        const QString address = network.value(QStringLiteral("address")).toString();
        const QJsonObject inside = network.value(QStringLiteral("inside")).toObject();
        bool eth0HasIt = false;
        for (const QJsonValue &item : inside.value(QStringLiteral("interfaces")).toArray())
            if (item.toObject().value(QStringLiteral("name")).toString() == QStringLiteral("eth0"))
                eth0HasIt = item.toObject()
                                .value(QStringLiteral("addresses"))
                                .toArray()
                                .contains(QJsonValue(address));
        QVERIFY2(eth0HasIt, QJsonDocument(inside).toJson().constData());
        bool defaultRoute = false;
        for (const QJsonValue &item : inside.value(QStringLiteral("routes")).toArray())
            defaultRoute =
                defaultRoute || (item.toObject().value(QStringLiteral("destination")).toString() ==
                                     QStringLiteral("0.0.0.0/0") &&
                                 item.toObject().value(QStringLiteral("gateway")) ==
                                     network.value(QStringLiteral("gateway")));
        QVERIFY2(defaultRoute, QJsonDocument(inside).toJson().constData());
        const QString rule = network.value(QStringLiteral("forwards"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("rule"))
                                 .toString();
        QVERIFY2(rule.contains(QStringLiteral("--dport %1").arg(port)) &&
                     rule.contains(QStringLiteral("DNAT")),
                 qPrintable(rule));

        // GetStats counts the bytes that page crossed eth0 with (received: the request;
        // sent: the page), loopback left out.
        const QDBusMessage stats = managerCall(QStringLiteral("GetStats"), {QStringList{id}});
        QCOMPARE(stats.signature(), QStringLiteral("a(stttttttttt)"));
        const QDBusArgument list = stats.arguments().value(0).value<QDBusArgument>();
        QString statsId;
        quint64 counters[10] = {};
        list.beginArray();
        list.beginStructure();
        list >> statsId;
        for (quint64 &counter : counters)
            list >> counter;
        list.endStructure();
        list.endArray();
        QCOMPARE(statsId, id);
        QVERIFY2(counters[8] > 0 && counters[9] > counters[8] / 4,
                 qPrintable(QStringLiteral("rx %1 tx %2").arg(counters[8]).arg(counters[9])));

        // Inside: its own address on eth0, and /etc/hosts naming it.
        const auto [code, hosts] =
            exec(path, {QStringLiteral("cat"), QStringLiteral("/etc/hosts")});
        QCOMPARE(code, 0);
        QVERIFY2(hosts.contains(network.value(QStringLiteral("address"))
                                    .toString()
                                    .section(QLatin1Char('/'), 0, 0)),
                 qPrintable(hosts));

        QVERIFY(remove(path));
        QVERIFY2(leftovers(id, veth).isEmpty(),
                 qPrintable(leftovers(id, veth).join(QLatin1Char('\n'))));
        QVERIFY(httpGet(port).isEmpty());
    }

    /// Two containers on a user network find each other by name (aardvark-dns).
    void containersOnAUserNetworkResolveEachOther()
    {
        QDBusMessage created =
            managerCall(QStringLiteral("CreateNetwork"), {QStringLiteral("appnet"), QVariantMap{}});
        QVERIFY2(created.type() == QDBusMessage::ReplyMessage, qPrintable(created.errorMessage()));
        const QString db =
            runContainer(QStringLiteral("db"),
                         {{QStringLiteral("Command"), webServer(QStringLiteral("hello-db"))},
                          {QStringLiteral("Network"), QStringLiteral("appnet")}});
        QVERIFY(!db.isEmpty());
        const QString client =
            runContainer(QStringLiteral("client"),
                         {{QStringLiteral("Command"),
                           QStringList{QStringLiteral("sleep"), QStringLiteral("300")}},
                          {QStringLiteral("Network"), QStringLiteral("appnet")}});
        QVERIFY(!client.isEmpty());
        // Busybox's own resolver (nslookup) asks the network's DNS server, aardvark-dns on
        // the gateway, for the other container's name; wget then fetches its page from the
        // address it gave. (Static busybox's getaddrinfo() goes through glibc's NSS, which a
        // static binary cannot load, so `wget http://db/` is no test of the network; and
        // Debian's busybox 1.35 wget crashes with -T.)
        const QString dbAddress = networkOf(db)
                                      .value(QStringLiteral("address"))
                                      .toString()
                                      .section(QLatin1Char('/'), 0, 0);
        QVERIFY(!dbAddress.isEmpty());
        QString output;
        int code = -1;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 15000) {
            std::tie(code, output) =
                exec(client, {QStringLiteral("nslookup"), QStringLiteral("db")});
            if (code == 0 && output.contains(dbAddress))
                break;
            QTest::qWait(200);
        }
        QVERIFY2(code == 0 && output.contains(dbAddress),
                 qPrintable(QStringLiteral("exit %1: %2").arg(code).arg(output)));
        std::tie(code, output) =
            exec(client, {QStringLiteral("wget"), QStringLiteral("-q"), QStringLiteral("-O-"),
                          QStringLiteral("http://%1/").arg(dbAddress)});
        QVERIFY2(code == 0 && output.contains(QStringLiteral("hello-db")),
                 qPrintable(QStringLiteral("exit %1: %2").arg(code).arg(output)));

        // In use: refused, named, nothing changed.
        QDBusMessage refused =
            managerCall(QStringLiteral("RemoveNetwork"), {QStringLiteral("appnet")});
        QCOMPARE(refused.errorName(), QStringLiteral("org.glassbox.Error.Busy"));
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("client")),
                 qPrintable(refused.errorMessage()));
        QVERIFY(remove(db));
        QVERIFY(remove(client));
        QDBusMessage removed =
            managerCall(QStringLiteral("RemoveNetwork"), {QStringLiteral("appnet")});
        QVERIFY2(removed.type() == QDBusMessage::ReplyMessage, qPrintable(removed.errorMessage()));
    }

    /// Dual stack: CreateNetwork's IPv6 (a random unique local /64 by default), Subnet6 and
    /// Gateway6, checked before polkit and named when wrong; a container on such a network gets
    /// an IPv6 address of that subnet on eth0 beside its IPv4 one, and a port published on
    /// every address serves over IPv6 too, through the bridge's IPv6 address. Host addresses
    /// are kept in their canonical text. glassboxctl makes one with --subnet6 and shows an
    /// IPv6 host address in brackets.
    void ipv6Network()
    {
        const QDBusMessage created =
            managerCall(QStringLiteral("CreateNetwork"),
                        {QStringLiteral("dualnet"), QVariantMap{{QStringLiteral("IPv6"), true}}});
        QVERIFY2(created.type() == QDBusMessage::ReplyMessage, qPrintable(created.errorMessage()));
        const QDBusMessage inspected =
            managerCall(QStringLiteral("InspectNetwork"), {QStringLiteral("dualnet")});
        QVERIFY2(inspected.type() == QDBusMessage::ReplyMessage,
                 qPrintable(inspected.errorMessage()));
        const QByteArray json = inspected.arguments().value(0).toString().toUtf8();
        const QJsonObject definition = QJsonDocument::fromJson(json).object();
        const QString subnet6 = definition.value(QStringLiteral("subnet6")).toString();
        const QString gateway6 = definition.value(QStringLiteral("gateway6")).toString();
        QVERIFY2(inPrefix6(subnet6, QStringLiteral("fd00::/8")) &&
                     subnet6.endsWith(QStringLiteral("/64")),
                 json.constData());
        QVERIFY2(inPrefix6(gateway6, subnet6) && !gateway6.contains(QLatin1Char('/')),
                 json.constData());
        QVERIFY2(!definition.value(QStringLiteral("subnet")).toString().isEmpty(),
                 json.constData()); // dual: the IPv4 side too
        // ListNetworks keeps its signature (the IPv6 subnet is InspectNetwork's).
        QCOMPARE(managerCall(QStringLiteral("ListNetworks")).signature(),
                 QStringLiteral("a(sssssbbu)"));

        // Refused before anything is made, naming the options at fault.
        const QList<std::pair<QVariantMap, QStringList>> refusals = {
            {{{QStringLiteral("Subnet6"), QStringLiteral("fd00:1::/64")},
              {QStringLiteral("Gateway6"), QStringLiteral("fd00:2::1")}},
             {QStringLiteral("Gateway6"), QStringLiteral("fd00:1::/64")}},
            {{{QStringLiteral("IPv6"), false},
              {QStringLiteral("Subnet6"), QStringLiteral("fd00:1::/64")}},
             {QStringLiteral("IPv6"), QStringLiteral("Subnet6")}},
            {{{QStringLiteral("IPv6"), QStringLiteral("true")}}, {QStringLiteral("IPv6")}},
            {{{QStringLiteral("Subnet6"), QStringLiteral("fd00:1::1/64")}},
             {QStringLiteral("Subnet6")}},
            {{{QStringLiteral("Gateway6"), QStringLiteral("fd00:1::1")}},
             {QStringLiteral("Gateway6"), QStringLiteral("Subnet6")}},
        };
        for (const auto &[options, named] : refusals) {
            const QDBusMessage bad =
                managerCall(QStringLiteral("CreateNetwork"), {QStringLiteral("bad6"), options});
            QCOMPARE(bad.errorName(), kInvalidArgument);
            for (const QString &name : named)
                QVERIFY2(bad.errorMessage().contains(name), qPrintable(bad.errorMessage()));
        }
        QVERIFY(!QFile::exists(m_root.path() + QStringLiteral("/networks/bad6.json")));

        // A port on an IPv6 host address needs a network with IPv6: told at create.
        QDBusMessage onV4;
        QVERIFY(createBusybox(m_client, QStringLiteral("v6port"),
                              {{QStringLiteral("Ports"),
                                portsOption({{QStringLiteral("::1"), freePort(), 80}})}},
                              &onV4)
                    .isEmpty());
        QCOMPARE(onV4.errorName(), kInvalidArgument);
        QVERIFY2(onV4.errorMessage().contains(QStringLiteral("IPv6")) &&
                     onV4.errorMessage().contains(QStringLiteral("glassbox")),
                 qPrintable(onV4.errorMessage()));
        // Host addresses are kept in their canonical text, so that equal ones are one.
        QDBusMessage twice;
        QVERIFY(createBusybox(m_client, QStringLiteral("v6twice"),
                              {{QStringLiteral("Network"), QStringLiteral("dualnet")},
                               {QStringLiteral("Ports"),
                                portsOption({{QStringLiteral("FD00:0::1"), 8080, 80},
                                             {QStringLiteral("fd00::1"), 8080, 81}})}},
                              &twice)
                    .isEmpty());
        QCOMPARE(twice.errorName(), kInvalidArgument);
        QVERIFY2(twice.errorMessage().contains(QStringLiteral("published twice")),
                 qPrintable(twice.errorMessage()));

        // Every IPv6 address alone ("::"): netavark would forward nothing; refused at create.
        QDBusMessage everyIpv6;
        QVERIFY(createBusybox(m_client, QStringLiteral("v6any"),
                              {{QStringLiteral("Network"), QStringLiteral("dualnet")},
                               {QStringLiteral("Ports"),
                                portsOption({{QStringLiteral("0:0::0"), 8080, 80}})}},
                              &everyIpv6)
                    .isEmpty());
        QCOMPARE(everyIpv6.errorName(), kInvalidArgument);
        QVERIFY2(everyIpv6.errorMessage().contains(QStringLiteral("cannot be published")),
                 qPrintable(everyIpv6.errorMessage()));

        QDBusMessage canonical;
        const QString created6 = createBusybox(
            m_client, QStringLiteral("v6canon"),
            {{QStringLiteral("Network"), QStringLiteral("dualnet")},
             {QStringLiteral("Ports"), portsOption({{QStringLiteral("0:0::0:7"), 8080, 80},
                                                    {QStringLiteral("FD00:0:0::0:1"), 8080, 81},
                                                    {QStringLiteral("0.0.0.0"), 8080, 82}})}},
            &canonical);
        m_made.append(created6);
        QVERIFY2(!created6.isEmpty(), qPrintable(canonical.errorMessage()));
        const QList<PublishedPort> kept = portsOf(created6);
        QCOMPARE(kept.size(), 3);
        QCOMPARE(kept.at(0).hostIp, QStringLiteral("::7"));
        QCOMPARE(kept.at(1).hostIp, QStringLiteral("fd00::1"));
        QCOMPARE(kept.at(2).hostIp, QString()); // every address
        QVERIFY(remove(created6));

        const quint16 port = freePort();
        QVERIFY(port != 0);
        const QString path =
            runContainer(QStringLiteral("web6"),
                         {{QStringLiteral("Command"), webServer(QStringLiteral("hello-six"))},
                          {QStringLiteral("Network"), QStringLiteral("dualnet")},
                          {QStringLiteral("Ports"), portsOption({{QString(), port, 80}})}});
        QVERIFY(!path.isEmpty());

        // GetNetwork: the IPv6 address and gateway beside the IPv4 ones, and from inside, that
        // address on eth0.
        const QJsonObject network = networkOf(path);
        const QByteArray networkJson = QJsonDocument(network).toJson();
        const QString address6 = network.value(QStringLiteral("address6")).toString();
        QVERIFY2(inPrefix6(address6, subnet6) && address6.endsWith(QStringLiteral("/64")),
                 networkJson.constData());
        QCOMPARE(network.value(QStringLiteral("gateway6")).toString(), gateway6);
        QCOMPARE(network.value(QStringLiteral("subnet6")).toString(), subnet6);
        QVERIFY2(network.value(QStringLiteral("address")).toString().contains(QLatin1Char('.')),
                 networkJson.constData());
        QStringList eth0;
        const QJsonObject inside = network.value(QStringLiteral("inside")).toObject();
        for (const QJsonValue &item : inside.value(QStringLiteral("interfaces")).toArray())
            if (item.toObject().value(QStringLiteral("name")).toString() == QStringLiteral("eth0"))
                for (const QJsonValue &address :
                     item.toObject().value(QStringLiteral("addresses")).toArray())
                    eth0.append(address.toString());
        QVERIFY2(eth0.contains(address6), qPrintable(eth0.join(QLatin1Char(' '))));
        // InspectNetwork names it among the running ones.
        const QJsonObject withRunning =
            QJsonDocument::fromJson(
                managerCall(QStringLiteral("InspectNetwork"), {QStringLiteral("dualnet")})
                    .arguments()
                    .value(0)
                    .toString()
                    .toUtf8())
                .object();
        const QJsonObject running =
            withRunning.value(QStringLiteral("running")).toArray().at(0).toObject();
        QCOMPARE(running.value(QStringLiteral("address6")).toString(), address6);

        // The page over IPv4 and over IPv6, through the bridge's address; and a DNAT rule of
        // each.
        QVERIFY(awaitPage(port, "hello-six", 10000).contains("hello-six"));
        QByteArray page;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 15000 && !page.contains("hello-six")) {
            page = httpGet6(gateway6, port);
            if (!page.contains("hello-six"))
                QTest::qWait(200);
        }
        QVERIFY2(page.contains("hello-six"),
                 qPrintable(QString::fromUtf8(page) + QLatin1Char('\n') +
                            QString::fromUtf8(run(QStringLiteral("ip6tables-save"),
                                                  {QStringLiteral("-t"), QStringLiteral("nat")}))));
        const QJsonArray forwards = network.value(QStringLiteral("forwards")).toArray();
        QCOMPARE(forwards.size(), 2); // one port, two families
        const QString rule = forwards.at(0).toObject().value(QStringLiteral("rule")).toString();
        const QString rule6 = forwards.at(1).toObject().value(QStringLiteral("rule")).toString();
        QVERIFY2(rule.contains(QStringLiteral("DNAT")) &&
                     rule.contains(
                         network.value(QStringLiteral("address")).toString().section(u'/', 0, 0) +
                         QStringLiteral(":80")),
                 qPrintable(rule));
        QVERIFY2(rule6.contains(QStringLiteral("DNAT")) &&
                     rule6.contains(QStringLiteral("[%1]:80").arg(address6.section(u'/', 0, 0))),
                 qPrintable(rule6));
        for (const QJsonValue &forward : forwards)
            QCOMPARE(forward.toObject().value(QStringLiteral("port")).toString(),
                     QStringLiteral("%1/tcp").arg(port));

        // glassboxctl: a network from --subnet6 (which implies --ipv6), the container's IPv6
        // host address in brackets in `port` and `ps`.
        const QString ctl = QStringLiteral(GLASSBOXCTL_BINARY);
        const QString user = QString::fromLatin1(kAllowedUser);
        auto ctlRun = [&](const QStringList &args) {
            const UserRunResult r = m_bus->runAs(user, ctl, args, 60000);
            return std::tuple{r.exitCode, QString::fromUtf8(r.out), QString::fromUtf8(r.err)};
        };
        auto [code, out, err] =
            ctlRun({QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("ctl6"),
                    QStringLiteral("--network"), QStringLiteral("dualnet"), QStringLiteral("-p"),
                    QStringLiteral("[0::1]:%1:80").arg(port), QStringLiteral("busybox"),
                    QStringLiteral("true")});
        QVERIFY2(code == 0, qPrintable(err));
        m_made.append(QStringLiteral("/org/glassbox/Manager1/container/") + out.trimmed());
        std::tie(code, out, err) = ctlRun({QStringLiteral("port"), QStringLiteral("ctl6")});
        QCOMPARE(code, 0);
        QCOMPARE(out, QStringLiteral("80/tcp -> [::1]:%1\n").arg(port));
        std::tie(code, out, err) = ctlRun({QStringLiteral("ps"), QStringLiteral("-a")});
        QVERIFY2(out.contains(QStringLiteral("[::1]:%1->80/tcp").arg(port)), qPrintable(out));
        std::tie(code, out, err) =
            ctlRun({QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("ctl6")});
        QVERIFY2(code == 0, qPrintable(err));
        std::tie(code, out, err) = ctlRun(
            {QStringLiteral("network"), QStringLiteral("create"), QStringLiteral("--subnet6"),
             QStringLiteral("fd00:5ee::/64"), QStringLiteral("ctlnet6")});
        QVERIFY2(code == 0, qPrintable(err));
        std::tie(code, out, err) = ctlRun(
            {QStringLiteral("network"), QStringLiteral("inspect"), QStringLiteral("ctlnet6")});
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(QStringLiteral("fd00:5ee::/64")) &&
                     out.contains(QStringLiteral("fd00:5ee::1")),
                 qPrintable(out));
        std::tie(code, out, err) = ctlRun(
            {QStringLiteral("network"), QStringLiteral("create"), QStringLiteral("--subnet6"),
             QStringLiteral("fd00:5ef::/64"), QStringLiteral("--gateway6"),
             QStringLiteral("fd00:5ee::1"), QStringLiteral("ctlbad6")});
        QCOMPARE(code, 125);
        QVERIFY2(err.contains(QStringLiteral("Gateway6")), qPrintable(err));
        std::tie(code, out, err) =
            ctlRun({QStringLiteral("network"), QStringLiteral("rm"), QStringLiteral("ctlnet6")});
        QVERIFY2(code == 0, qPrintable(err));

        const QString id = idFromPath(path);
        const QString veth = network.value(QStringLiteral("hostVeth")).toString();
        QVERIFY(remove(path));
        QVERIFY2(leftovers(id, veth).isEmpty(),
                 qPrintable(leftovers(id, veth).join(QLatin1Char('\n'))));
        const QByteArray rules6 =
            run(QStringLiteral("ip6tables-save"), {QStringLiteral("-t"), QStringLiteral("nat")});
        QVERIFY2(!rules6.contains("--dport " + QByteArray::number(port) + ' '), rules6.constData());
        QVERIFY(httpGet6(gateway6, port).isEmpty());
        const QDBusMessage removed =
            managerCall(QStringLiteral("RemoveNetwork"), {QStringLiteral("dualnet")});
        QVERIFY2(removed.type() == QDBusMessage::ReplyMessage, qPrintable(removed.errorMessage()));
    }

    /// `none`: loopback alone. `host`: the host's interfaces, and only with the privileged
    /// action.
    void noneAndHost()
    {
        const QString none = runContainer(
            QStringLiteral("alone"), {{QStringLiteral("Command"),
                                       QStringList{QStringLiteral("sleep"), QStringLiteral("300")}},
                                      {QStringLiteral("Network"), QStringLiteral("none")}});
        QVERIFY(!none.isEmpty());
        const auto [noneCode, noneLinks] =
            exec(none, {QStringLiteral("ls"), QStringLiteral("/sys/class/net")});
        QCOMPARE(noneCode, 0);
        QCOMPARE(noneLinks.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts),
                 QStringList{QStringLiteral("lo")});
        QVERIFY(remove(none));

        // A marker interface of this suite's namespace, which only the host's network shows
        // (a veth pair: the dummy driver is not in every kernel).
        run(QStringLiteral("ip"),
            {QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("gbmark0"),
             QStringLiteral("type"), QStringLiteral("veth"), QStringLiteral("peer"),
             QStringLiteral("name"), QStringLiteral("gbmark1")});
        QVERIFY(interfaces().contains(QStringLiteral("gbmark0")));
        QDBusMessage refused;
        const QVariantMap hostOptions{{QStringLiteral("Command"),
                                       QStringList{QStringLiteral("sleep"), QStringLiteral("300")}},
                                      {QStringLiteral("Network"), QStringLiteral("host")}};
        QVERIFY(createBusybox(m_manager, QStringLiteral("hostnet-denied"), hostOptions, &refused)
                    .isEmpty());
        QCOMPARE(refused.errorName(), kNotAuthorized);
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("the host's network")),
                 qPrintable(refused.errorMessage()));
        const QString host = runContainer(QStringLiteral("hostnet"), hostOptions);
        QVERIFY(!host.isEmpty());
        const auto [hostCode, hostLinks] =
            exec(host, {QStringLiteral("ls"), QStringLiteral("/sys/class/net")});
        QCOMPARE(hostCode, 0);
        QVERIFY2(hostLinks.contains(QStringLiteral("gbmark0")), qPrintable(hostLinks));
        QVERIFY(remove(host));
        run(QStringLiteral("ip"),
            {QStringLiteral("link"), QStringLiteral("del"), QStringLiteral("gbmark0")});
    }

    /// The helper SIGKILLed while a published port serves: the port keeps working, and the
    /// next helper re-adopts the container and cleans everything up at `rm`.
    void helperKilledWhilePublishing()
    {
        const quint16 port = freePort();
        const QString path =
            runContainer(QStringLiteral("survivor"),
                         {{QStringLiteral("Command"), webServer(QStringLiteral("still-here"))},
                          {QStringLiteral("Ports"), portsOption({{QString(), port, 80}})}});
        QVERIFY(!path.isEmpty());
        QVERIFY(awaitPage(port, "still-here", 10000).contains("still-here"));
        const QString veth = networkOf(path).value(QStringLiteral("hostVeth")).toString();
        ::kill(pid_t(m_helper->pid()), SIGKILL);
        m_helper.reset();
        QVERIFY(awaitPage(port, "still-here", 5000).contains("still-here"));
        QVERIFY(startHelper());
        QCOMPARE(containerProperty(m_client, path, QStringLiteral("State")).toString(),
                 QStringLiteral("running"));
        QCOMPARE(portsOf(path).value(0).hostPort, port);
        const QString id = idFromPath(path);
        QVERIFY(remove(path));
        QVERIFY2(leftovers(id, veth).isEmpty(),
                 qPrintable(leftovers(id, veth).join(QLatin1Char('\n'))));
        QVERIFY(httpGet(port).isEmpty());
    }

    /// D-Bus activation without systemd (the bus's setuid launch helper) starts the helper
    /// with an empty environment: netavark must still find iptables. (The installed helper
    /// failed every start there with "netavark setup ... No such file or directory".)
    void aHelperStartedWithoutPathStillMakesNetworks()
    {
        m_helper.reset();
        const QByteArray path = qgetenv("PATH");
        qunsetenv("PATH");
        const bool started = startHelper();
        qputenv("PATH", path);
        QVERIFY(started);
        const quint16 port = freePort();
        const QString web =
            runContainer(QStringLiteral("nopath"),
                         {{QStringLiteral("Command"), webServer(QStringLiteral("hello-nopath"))},
                          {QStringLiteral("Ports"), portsOption({{QString(), port, 80}})}});
        QVERIFY(!web.isEmpty());
        QVERIFY(awaitPage(port, "hello-nopath", 10000).contains("hello-nopath"));
        QVERIFY(remove(web));
        // The next cases get a helper with the suite's environment again.
        m_helper.reset();
        QVERIFY(startHelper());
    }

    /// `-P` (PublishAll): each port the image's config exposes gets a free host port at the
    /// start; an entry that is no port is skipped.
    void publishAllPublishesWhatTheImageExposes()
    {
        // An image of the host's static busybox whose config exposes 80/tcp, 9999/udp and junk.
        const QByteArray busybox = [] {
            QFile file(glassbox::test::busyboxPath());
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        QVERIFY(!busybox.isEmpty());
        auto entry = [](const char *path, char type, std::string data, const char *link,
                        unsigned mode) {
            TarEntry made;
            made.path = path;
            made.type = type;
            made.data = std::move(data);
            made.link = link;
            made.mode = mode;
            return made;
        };
        std::vector<TarEntry> entries{entry("bin", 'd', "", "", 0755),
                                      entry("etc", 'd', "", "", 0755),
                                      entry("bin/busybox", 'f', busybox.toStdString(), "", 0755),
                                      entry("bin/sh", 'l', "", "busybox", 0777),
                                      entry("bin/httpd", 'l', "", "busybox", 0777)};
        const std::string layout = (m_root.path() + QStringLiteral("/exposing")).toStdString();
        writeOciLayout(layout, {{entries, "gzip", "busybox"}}, "exposing:1",
                       {{"config",
                         {{"ExposedPorts",
                           {{"80/tcp", nlohmann::json::object()},
                            {"9999/udp", nlohmann::json::object()},
                            {"junk", nlohmann::json::object()}}}}}});
        const QString archive = m_root.path() + QStringLiteral("/exposing.tar");
        QCOMPARE(QProcess::execute(QStringLiteral("tar"),
                                   {QStringLiteral("-C"), QString::fromStdString(layout),
                                    QStringLiteral("-cf"), archive, QStringLiteral(".")}),
                 0);
        QFile file(archive);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QDBusMessage job =
            managerCall(QStringLiteral("ImportImage"),
                        {QVariant::fromValue(QDBusUnixFileDescriptor(file.handle())),
                         QStringLiteral("oci-archive"), QStringLiteral("exposing:1")});
        QVERIFY2(job.type() == QDBusMessage::ReplyMessage, qPrintable(job.errorMessage()));
        const QString jobPath = job.arguments().value(0).value<QDBusObjectPath>().path();
        QString state;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            const QDBusMessage reply =
                call(m_client, jobPath, QStringLiteral("org.freedesktop.DBus.Properties"),
                     QStringLiteral("Get"),
                     {QStringLiteral("org.glassbox.Job1"), QStringLiteral("State")});
            state = reply.arguments().value(0).value<QDBusVariant>().variant().toString();
            if (state != QStringLiteral("running"))
                break;
            QTest::qWait(50);
        }
        QCOMPARE(state, QStringLiteral("succeeded"));

        QDBusMessage reply;
        const QString path = [&] {
            const QDBusMessage created =
                call(m_client, kManagerPath, kManager, QStringLiteral("CreateContainer"),
                     {QStringLiteral("exposing:1"), QStringLiteral("exposer"),
                      QVariantMap{{QStringLiteral("Command"),
                                   QStringList{QStringLiteral("httpd"), QStringLiteral("-f"),
                                               QStringLiteral("-p"), QStringLiteral("80"),
                                               QStringLiteral("-h"), QStringLiteral("/etc")}},
                                  {QStringLiteral("PublishAll"), true}}});
            reply = created;
            return created.arguments().value(0).value<QDBusObjectPath>().path();
        }();
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        m_made.append(path);
        // Before the start: the image's two ports, host ports still to be chosen.
        QList<PublishedPort> ports = portsOf(path);
        QCOMPARE(ports.size(), 2);
        QCOMPARE(ports.at(0).containerPort, quint16(80));
        QCOMPARE(ports.at(1).containerPort, quint16(9999));
        QCOMPARE(ports.at(1).protocol, QStringLiteral("udp"));
        QCOMPARE(ports.at(0).hostPort, quint16(0));
        const QDBusMessage started = containerCall(path, QStringLiteral("Start"));
        QVERIFY2(started.type() == QDBusMessage::ReplyMessage, qPrintable(started.errorMessage()));
        ports = portsOf(path);
        QVERIFY(ports.at(0).hostPort != 0 && ports.at(1).hostPort != 0);
        // The chosen port serves the container's /etc/hostname.
        const QByteArray hostname =
            containerCall(path, QStringLiteral("Exec"),
                          {QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                                       QStringLiteral("read h < /etc/hostname; echo $h")}})
                .arguments()
                .value(1)
                .toString()
                .trimmed()
                .toUtf8();
        QByteArray page;
        timer.restart();
        while (timer.elapsed() < 10000 && !page.contains(hostname)) {
            page = httpGetPath(ports.at(0).hostPort, "/hostname");
            QTest::qWait(100);
        }
        QVERIFY2(!hostname.isEmpty() && page.contains(hostname), page.constData());
        QVERIFY(remove(path));
    }

    /// What a user types: `glassboxctl run -p`, `port`, `ps`, and `network create/ls/
    /// inspect/rm`, with their output and exit codes.
    void glassboxctlNetworkCommands()
    {
        const QString ctl = QStringLiteral(GLASSBOXCTL_BINARY);
        const QString user = QString::fromLatin1(kAllowedUser);
        auto ctlRun = [&](const QStringList &args) {
            const UserRunResult r = m_bus->runAs(user, ctl, args, 60000);
            return std::tuple{r.exitCode, QString::fromUtf8(r.out), QString::fromUtf8(r.err)};
        };
        auto [code, out, err] =
            ctlRun({QStringLiteral("network"), QStringLiteral("create"), QStringLiteral("--subnet"),
                    QStringLiteral("10.90.0.0/24"), QStringLiteral("ctlnet")});
        QVERIFY2(code == 0, qPrintable(err));
        std::tie(code, out, err) = ctlRun({QStringLiteral("network"), QStringLiteral("ls")});
        QCOMPARE(code, 0);
        const QStringList rows = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(rows.value(0).startsWith(QStringLiteral("NAME")), qPrintable(out));
        const QStringList ctlnet = rows.filter(QRegularExpression(QStringLiteral("^ctlnet ")));
        QCOMPARE(ctlnet.size(), 1);
        QVERIFY2(ctlnet.at(0).contains(QStringLiteral("10.90.0.0/24")) &&
                     ctlnet.at(0).contains(QStringLiteral("10.90.0.1")),
                 qPrintable(out));

        const quint16 port = freePort();
        std::tie(code, out, err) = ctlRun(
            QStringList{QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--name"),
                        QStringLiteral("ctlweb"), QStringLiteral("--network"),
                        QStringLiteral("ctlnet"), QStringLiteral("-p"),
                        QStringLiteral("127.0.0.1:%1:80").arg(port), QStringLiteral("busybox")} +
            webServer(QStringLiteral("hello-ctl")));
        QVERIFY2(code == 0, qPrintable(err));
        m_made.append(QStringLiteral("/org/glassbox/Manager1/container/") + out.trimmed());
        QVERIFY(awaitPage(port, "hello-ctl", 10000).contains("hello-ctl"));
        std::tie(code, out, err) = ctlRun({QStringLiteral("port"), QStringLiteral("ctlweb")});
        QCOMPARE(code, 0);
        QCOMPARE(out, QStringLiteral("80/tcp -> 127.0.0.1:%1\n").arg(port));
        std::tie(code, out, err) = ctlRun({QStringLiteral("ps")});
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(QStringLiteral("127.0.0.1:%1->80/tcp").arg(port)), qPrintable(out));
        std::tie(code, out, err) = ctlRun(
            {QStringLiteral("network"), QStringLiteral("inspect"), QStringLiteral("ctlnet")});
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(QStringLiteral("ctlweb")), qPrintable(out));

        // In use: refused with the container's name, exit 1, still listed.
        std::tie(code, out, err) =
            ctlRun({QStringLiteral("network"), QStringLiteral("rm"), QStringLiteral("ctlnet")});
        QCOMPARE(code, 1);
        QVERIFY2(err.contains(QStringLiteral("ctlweb")), qPrintable(err));
        // A bad -p never reaches the helper.
        std::tie(code, out, err) =
            ctlRun({QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("-p"),
                    QStringLiteral("70000:80"), QStringLiteral("busybox"), QStringLiteral("true")});
        QCOMPARE(code, 125);
        QVERIFY2(err.contains(QStringLiteral("70000")), qPrintable(err));

        std::tie(code, out, err) =
            ctlRun({QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("ctlweb")});
        QVERIFY2(code == 0, qPrintable(err));
        std::tie(code, out, err) =
            ctlRun({QStringLiteral("network"), QStringLiteral("rm"), QStringLiteral("ctlnet")});
        QVERIFY2(code == 0, qPrintable(err));
        QCOMPARE(out, QStringLiteral("ctlnet\n"));
        std::tie(code, out, err) =
            ctlRun({QStringLiteral("network"), QStringLiteral("ls"), QStringLiteral("-q")});
        QVERIFY2(!out.split(QLatin1Char('\n')).contains(QStringLiteral("ctlnet")), qPrintable(out));
    }

    /// A port taken on the host, a bad subnet, an unknown network: clear errors, and nothing
    /// changed.
    void clearErrors()
    {
        // A port something of the host listens on: the start fails naming it, nothing made.
        const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_ANY);
        QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
        QCOMPARE(::listen(listener, 1), 0);
        socklen_t length = sizeof address;
        ::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length);
        const quint16 taken = ntohs(address.sin_port);
        QDBusMessage reply;
        const QString path =
            createBusybox(m_client, QStringLiteral("clash"),
                          {{QStringLiteral("Command"),
                            QStringList{QStringLiteral("sleep"), QStringLiteral("300")}},
                           {QStringLiteral("Ports"), portsOption({{QString(), taken, 80}})}},
                          &reply);
        QVERIFY2(!path.isEmpty(), qPrintable(reply.errorMessage()));
        m_made.append(path);
        const QDBusMessage start = containerCall(path, QStringLiteral("Start"));
        ::close(listener);
        QCOMPARE(start.errorName(), kInvalidArgument);
        QVERIFY2(start.errorMessage().contains(QStringLiteral("%1/tcp").arg(taken)),
                 qPrintable(start.errorMessage()));
        QVERIFY(containerProperty(m_client, path, QStringLiteral("State")).toString() !=
                QStringLiteral("running"));
        QVERIFY2(leftovers(idFromPath(path), QString()).isEmpty(),
                 qPrintable(leftovers(idFromPath(path), QString()).join(QLatin1Char('\n'))));
        QVERIFY(remove(path));

        for (const QString &subnet :
             {QStringLiteral("10.88.0.1/24"), QStringLiteral("300.1.1.0/24"),
              QStringLiteral("10.88.0.0/40")}) {
            const QDBusMessage bad = managerCall(
                QStringLiteral("CreateNetwork"),
                {QStringLiteral("badnet"), QVariantMap{{QStringLiteral("Subnet"), subnet}}});
            QCOMPARE(bad.errorName(), kInvalidArgument);
            QVERIFY2(bad.errorMessage().contains(QStringLiteral("Subnet")),
                     qPrintable(bad.errorMessage()));
        }
        // Overlapping the default network's subnet: refused, naming it.
        const QDBusMessage overlap =
            managerCall(QStringLiteral("CreateNetwork"),
                        {QStringLiteral("badnet"),
                         QVariantMap{{QStringLiteral("Subnet"), QStringLiteral("10.87.0.0/16")}}});
        QCOMPARE(overlap.errorName(), kInvalidArgument);
        QVERIFY2(overlap.errorMessage().contains(QStringLiteral("overlaps network")),
                 qPrintable(overlap.errorMessage()));
        QVERIFY(!QFile::exists(m_root.path() + QStringLiteral("/networks/badnet.json")));

        QDBusMessage unknown;
        QVERIFY(createBusybox(m_client, QStringLiteral("lost"),
                              {{QStringLiteral("Network"), QStringLiteral("nosuchnet")}}, &unknown)
                    .isEmpty());
        QCOMPARE(unknown.errorName(), QStringLiteral("org.glassbox.Error.NotFound"));
        QVERIFY2(unknown.errorMessage().contains(QStringLiteral("nosuchnet")),
                 qPrintable(unknown.errorMessage()));
    }
};

int main(int argc, char **argv)
{
    // Before any thread: unshare(CLONE_NEWNET | CLONE_NEWNS) applies to this process alone
    // once it is single-threaded, and every child (dbus-daemon, polkitd, the helper, netavark)
    // inherits the namespaces.
    g_isolationProblem = QString::fromStdString(isolateInNetworkNamespace());
    QCoreApplication app(argc, argv);
    TestHelperNetwork suite;
    return QTest::qExec(&suite, argc, argv);
}

#include "test_helper_network.moc"
