// Privileged suite for container networking (glassbox/network.h): definitions, address and
// port allocation, and containers on networks for real, with netavark, aardvark-dns and
// glassbox-runtime. The whole suite runs in a network and mount namespace of its own, made
// in main() before any thread: the host's interfaces, routes and firewall are never touched,
// and traffic goes only to 127.0.0.1 and the suite's own containers.
#include "bundle.h"
#include "network_namespace.h"
#include "runtime_harness.h"

#include "glassbox/network.h"
#include "glassbox/network_view.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTest>
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <net/if.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sched.h>
#include <set>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/vfs.h>
#include <thread>
#include <unistd.h>

namespace net = glassbox::net;

// Failed comparisons of the library's strings show them.
template <> char *QTest::toString(const std::string &text)
{
    return qstrdup(text.c_str());
}

using glassbox::test::Bundle;
using glassbox::test::RunResult;

namespace {

// Why the suite could not isolate itself (set in main(), before QTest runs), or empty.
std::string g_isolationError;

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

// The error's text of a failed Result, for QVERIFY2 (which evaluates it either way).
template <typename T> std::string why(const glassbox::Result<T> &result)
{
    return result ? std::string() : result.error().text();
}

net::NetworkRequest networkRequest(std::string name, std::string subnet, std::string gateway,
                                   bool internal, bool dns)
{
    net::NetworkRequest request;
    request.name = std::move(name);
    request.subnet = std::move(subnet);
    request.gateway = std::move(gateway);
    request.internal = internal;
    request.dns = dns;
    return request;
}

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

// A command's standard output and error, or "<failed: ...>".
QByteArray command(const QString &program, const QStringList &args, int *exitCode = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
    }
    if (exitCode != nullptr)
        *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return process.readAll();
}

QByteArray iptablesSave()
{
    return command(QStringLiteral("iptables-save"), {});
}

// The names of the veths of this (the suite's) namespace.
QStringList veths()
{
    const QList<QByteArray> lines =
        command(QStringLiteral("ip"),
                {QStringLiteral("-o"), QStringLiteral("link"), QStringLiteral("show"),
                 QStringLiteral("type"), QStringLiteral("veth")})
            .split('\n');
    QStringList names;
    for (const QByteArray &line : lines) {
        // "5: veth0@if2: <BROADCAST,...> ..."
        const QList<QByteArray> fields = line.split(':');
        if (fields.size() > 2)
            names.append(QString::fromUtf8(fields[1].trimmed().split('@').first()));
    }
    return names;
}

std::string randomContainerId()
{
    std::string id;
    for (int i = 0; i < 64; ++i)
        id += "0123456789abcdef"[QRandomGenerator::global()->bounded(16)];
    return id;
}

// Binds `port` of `protocol` on 127.0.0.1 (0: a free one); the socket, or -1.
int bindPort(uint16_t port, int type, uint16_t *bound = nullptr)
{
    const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
    const int on = 1;
    if (type == SOCK_STREAM)
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
    if (bound != nullptr)
        *bound = ntohs(address.sin_port);
    return fd;
}

uint16_t freePort()
{
    uint16_t port = 0;
    const int fd = bindPort(0, SOCK_STREAM, &port);
    if (fd >= 0)
        ::close(fd);
    return port;
}

// One HTTP/1.0 GET of http://host:port/index.html (an address of the suite's own namespace):
// the whole answer, or empty.
QByteArray httpGet(uint16_t port, const char *host = "127.0.0.1")
{
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (auto *v4 = reinterpret_cast<sockaddr_in *>(&storage);
        ::inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        length = sizeof *v4;
    } else if (auto *v6 = reinterpret_cast<sockaddr_in6 *>(&storage);
               ::inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        length = sizeof *v6;
    } else {
        return {};
    }
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return {};
    auto closeFd = qScopeGuard([&] { ::close(fd); });
    const timeval timeout{2, 0}; // connect() and recv() alike
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0)
        return {};
    const char get[] = "GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n";
    if (::send(fd, get, sizeof get - 1, MSG_NOSIGNAL) != ssize_t(sizeof get - 1))
        return {};
    QByteArray answer;
    char buffer[4096];
    ssize_t got;
    while ((got = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
        answer.append(buffer, got);
    return answer;
}

bool isNamespaceFile(const std::string &path)
{
    struct statfs fs
    {
    };
    return ::statfs(path.c_str(), &fs) == 0 && fs.f_type == 0x6e736673; // NSFS_MAGIC
}

} // namespace

class TestNetwork : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    glassbox::test::RuntimeHarness m_harness{QStringLiteral("gbn")};
    std::unique_ptr<net::NetworkStore> m_store;
    std::vector<std::unique_ptr<Bundle>> m_bundles;
    bool m_dummy = false;
    int m_fakes = 0;

    std::string configDir() const { return m_dir.filePath(QStringLiteral("config")).toStdString(); }
    std::string runDir() const { return m_dir.filePath(QStringLiteral("run")).toStdString(); }
    std::string recordPath(const std::string &id) const
    {
        return runDir() + "/containers/" + id + ".json";
    }

    net::AttachRequest request(const std::string &name, const std::string &network,
                               std::vector<net::PortMapping> ports = {})
    {
        return {randomContainerId(), name, name, network, std::move(ports)};
    }

    /// Runs `args` in a busybox container that joins `attachment`'s namespace; `prepare`
    /// writes into the rootfs first. Detached: the runtime's id, or "" (with a warning).
    QString start(const net::Attachment &attachment, const QStringList &args,
                  const std::function<void(Bundle &)> &prepare = {})
    {
        Bundle &bundle = newBundle(attachment, args, prepare);
        const QString id = m_harness.newId();
        auto result = m_harness.runtime({QStringLiteral("run"), QStringLiteral("--detach"),
                                         QStringLiteral("--bundle"), bundle.path(), id});
        if (result.exitCode != 0) {
            qWarning("run failed: %s", result.err.constData());
            return {};
        }
        return id;
    }
    /// The same in the foreground: its output and exit code.
    RunResult run(const net::Attachment &attachment, const QStringList &args,
                  const std::function<void(Bundle &)> &prepare = {})
    {
        Bundle &bundle = newBundle(attachment, args, prepare);
        return m_harness.runtime(
            {QStringLiteral("run"), QStringLiteral("--bundle"), bundle.path(), m_harness.newId()});
    }
    Bundle &newBundle(const net::Attachment &attachment, const QStringList &args,
                      const std::function<void(Bundle &)> &prepare)
    {
        m_bundles.push_back(std::make_unique<Bundle>());
        Bundle &bundle = *m_bundles.back();
        glassbox::test::removeNamespace(bundle, "network");
        bundle.config()["linux"]["namespaces"].push_back(
            {{"type", "network"}, {"path", attachment.netnsPath}});
        bundle.setArgs(args);
        if (prepare)
            prepare(bundle);
        bundle.write();
        return bundle;
    }
    void stop(const QString &id)
    {
        m_harness.runtime({QStringLiteral("delete"), QStringLiteral("--force"), id});
    }
    static void writeFile(const QString &path, const QByteArray &content)
    {
        QDir().mkpath(QFileInfo(path).path());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    void removeEverything();
    /// A store on the same directories whose netavark fails `verb` as the real one does,
    /// with `error` as its JSON on stdout; a failing teardown does the real one first. Other
    /// verbs are the real netavark's.
    net::NetworkStore failingStore(const QString &verb, const QByteArray &error)
    {
        const QString name = QStringLiteral("fake-netavark-%1").arg(++m_fakes);
        const QString fake = m_dir.filePath(name);
        const QString message = m_dir.filePath(name + QStringLiteral(".json"));
        writeFile(message,
                  QByteArray::fromStdString(nlohmann::json{{"error", error.toStdString()}}.dump()));
        const QString real = qs(net::Tools().netavark);
        writeFile(fake, QStringLiteral("#!/bin/sh\n"
                                       "case \" $* \" in\n"
                                       "*\" %1 \"*)\n"
                                       "  [ %1 = teardown ] && %2 \"$@\" >/dev/null 2>&1\n"
                                       "  cat %3; exit 1;;\n"
                                       "esac\n"
                                       "exec %2 \"$@\"\n")
                            .arg(verb, real, message)
                            .toUtf8());
        QFile::setPermissions(fake, QFile::ReadOwner | QFile::ExeOwner);
        return net::NetworkStore(configDir(), runDir(),
                                 {fake.toStdString(), net::Tools().aardvarkDns});
    }
    pid_t aardvarkPid() const
    {
        QFile file(qs(runDir() + "/netavark/aardvark-dns/aardvark.pid"));
        return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toInt() : 0;
    }
    /// Alive and not a zombie (the daemon's reaper may be slow to collect it).
    static bool processAlive(pid_t pid)
    {
        if (pid <= 0)
            return false;
        const QByteArray stat =
            glassbox::test::readTrimmed(QStringLiteral("/proc/%1/stat").arg(pid));
        const qsizetype close = stat.lastIndexOf(')');
        return close > 0 && close + 2 < stat.size() && stat[close + 2] != 'Z' &&
               stat[close + 2] != 'X';
    }

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void prefixesAndAddresses_data();
    void prefixesAndAddresses();
    void portMappings_data();
    void portMappings();
    void networkNames();
    void resolvConfKeepsSearchDropsLoopback();
    void hostsFiles();
    void definitionsRoundTripAndNameTheirBadField();
    void namespaceFileIsMadeAndRemoved();

    void definitionsAreCreatedListedAndRemoved();
    void aRouteOverThePoolMovesTheDefaultNetwork();
    void publishedPortReachesTheContainerAndIsGoneAfterDetach();
    void removeOfANetworkInUseIsRefused();
    void portConflictsAreRefusedBeforeAnythingIsMade();
    void containersResolveEachOtherByName();
    void aFailedSetupLeavesNothing();
    void reserveThenSetUp();
    void concurrentAttachesGetDistinctAddresses();
    void internalNetworksPublishNoPorts();
    void detachIsIdempotentAndSurvivesARemovedNamespace();
    void ipv6NetworksPublishOnIpv6Addresses();
};

void TestNetwork::initTestCase()
{
    if (!g_isolationError.empty())
        QSKIP(g_isolationError.c_str());
    const QString reason = glassbox::test::privilegedSkipReason();
    if (!reason.isEmpty())
        QSKIP(qPrintable(reason));
    const net::Tools tools;
    if (!QFileInfo(qs(tools.netavark)).isExecutable() ||
        !QFileInfo(qs(tools.aardvarkDns)).isExecutable())
        QSKIP("needs Debian's netavark and aardvark-dns packages (/usr/lib/podman)");
    int exitCode = 0;
    const QByteArray iptables = command(QStringLiteral("iptables-save"), {}, &exitCode);
    if (exitCode != 0)
        QSKIP(qPrintable(
            QStringLiteral("needs iptables (iptables-save: %1)").arg(QString::fromUtf8(iptables))));
    QVERIFY(m_dir.isValid());
    QVERIFY(m_harness.isValid());
    m_store = std::make_unique<net::NetworkStore>(configDir(), runDir());
}

void TestNetwork::removeEverything()
{
    if (!m_store)
        return;
    // The containers first: a namespace in use by a process outlives its mount.
    m_harness.deleteAll();
    m_bundles.clear();
    if (auto attachments = m_store->attachments()) {
        for (const net::Attachment &attachment : *attachments)
            if (auto done = m_store->detach(attachment.containerId); !done)
                qWarning("detach: %s", done.error().text().c_str());
    }
    const QStringList leftovers =
        QDir(qs(runDir() + "/netns")).entryList(QDir::Files | QDir::NoDotAndDotDot);
    for (const QString &name : leftovers)
        (void)net::removeNamespace(runDir() + "/netns/" + name.toStdString());
    if (auto networks = m_store->list()) {
        for (const net::Network &network : *networks)
            (void)m_store->remove(network.name);
    }
    QDir(qs(configDir())).removeRecursively(); // definitions a test broke on purpose
    // netavark stops aardvark-dns with the last teardown; a failed test may not get there.
    if (const pid_t pid = aardvarkPid(); processAlive(pid))
        ::kill(pid, SIGKILL);
    if (m_dummy) {
        command(QStringLiteral("ip"),
                {QStringLiteral("link"), QStringLiteral("del"), QStringLiteral("gbtest0")});
        command(QStringLiteral("ip"),
                {QStringLiteral("addr"), QStringLiteral("del"), QStringLiteral("10.87.0.1/24"),
                 QStringLiteral("dev"), QStringLiteral("lo")});
        m_dummy = false;
    }
}

void TestNetwork::cleanup()
{
    removeEverything();
}

void TestNetwork::cleanupTestCase()
{
    removeEverything();
}

// ---- parsing and files ---------------------------------------------------------------------

void TestNetwork::prefixesAndAddresses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("parsed"); // the prefix's text(), or the error's words
    QTest::addColumn<bool>("valid");
    QTest::newRow("default pool") << "10.87.0.0/24"
                                  << "10.87.0.0/24" << true;
    QTest::newRow("/16") << "172.30.0.0/16"
                         << "172.30.0.0/16" << true;
    QTest::newRow("host bits") << "10.87.0.1/24"
                               << "the network is `10.87.0.0/24`" << false;
    QTest::newRow("no length") << "10.87.0.0"
                               << "ADDRESS/LENGTH" << false;
    QTest::newRow("too long") << "10.87.0.0/31"
                              << "8 to 30" << false;
    QTest::newRow("too short") << "10.0.0.0/7"
                               << "8 to 30" << false;
    QTest::newRow("octet") << "10.256.0.0/16"
                           << "invalid IPv4 address `10.256.0.0`" << false;
    QTest::newRow("leading zero") << "10.087.0.0/24"
                                  << "invalid IPv4 address" << false;
    QTest::newRow("three parts") << "10.87.0/24"
                                 << "invalid IPv4 address" << false;
    QTest::newRow("five parts") << "10.87.0.0.0/24"
                                << "invalid IPv4 address" << false;
}

void TestNetwork::prefixesAndAddresses()
{
    QFETCH(QString, text);
    QFETCH(QString, parsed);
    QFETCH(bool, valid);
    auto prefix = net::parsePrefix(text.toStdString());
    QCOMPARE(bool(prefix), valid);
    if (valid) {
        QCOMPARE(qs(prefix->text()), parsed);
    } else {
        QVERIFY2(prefix.error().message.find(parsed.toStdString()) != std::string::npos,
                 prefix.error().message.c_str());
        QCOMPARE(prefix.error().code, EINVAL);
    }

    QCOMPARE(net::parseIpv4("10.87.0.1").value_or(0), 0x0a570001U);
    QCOMPARE(net::ipv4Text(0x0a570001U), std::string("10.87.0.1"));
    QVERIFY(!net::parseIpv4("10.87.0.1 "));
    QVERIFY(!net::parseIpv4(""));
    const net::Ipv4Prefix slash24{0x0a570000U, 24};
    QCOMPARE(slash24.netmask(), 0xffffff00U);
    QVERIFY(slash24.contains(0x0a5700feU));
    QVERIFY(!slash24.contains(0x0a570100U));
    QVERIFY(slash24.overlaps({0x0a570000U, 16}));
    QVERIFY(!slash24.overlaps({0x0a570100U, 24}));

    // IPv6: RFC 5952's text, host bits and lengths checked, prefixes compared bit by bit.
    auto ula = net::parsePrefix6("FD3C:7A10:22E5:0000::/64");
    QVERIFY2(ula, why(ula).c_str());
    QCOMPARE(ula->text(), std::string("fd3c:7a10:22e5::/64"));
    for (const auto &[bad, words] :
         {std::pair{"fd3c:7a10:22e5::1/64", "the network is `fd3c:7a10:22e5::/64`"},
          std::pair{"fd3c::", "ADDRESS/LENGTH"}, std::pair{"fd3c::/8", "16 to 120"},
          std::pair{"fd3c::/121", "16 to 120"}, std::pair{"10.0.0.0/64", "invalid IPv6 address"},
          std::pair{"fd3c::%eth0/64", "invalid IPv6 address"}}) {
        auto prefix = net::parsePrefix6(bad);
        QVERIFY2(!prefix, bad);
        QCOMPARE(prefix.error().code, EINVAL);
        QVERIFY2(contains(prefix.error().message, words), prefix.error().message.c_str());
    }
    const auto address = [](const char *text) {
        return net::parseIpv6(text).value();
    };
    QVERIFY(ula->contains(address("fd3c:7a10:22e5::ffff:1")));
    QVERIFY(!ula->contains(address("fd3c:7a10:22e6::1")));
    QVERIFY(ula->overlaps(net::parsePrefix6("fd3c:7a10::/32").value()));
    QVERIFY(!ula->overlaps(net::parsePrefix6("fd3c:7a10:22e5:1::/64").value()));
    auto odd = net::parsePrefix6("fd3c:7a10:22e5:8000::/49");
    QVERIFY2(odd, why(odd).c_str());
    QVERIFY(odd->contains(address("fd3c:7a10:22e5:ffff::1")));
    QVERIFY(!odd->contains(address("fd3c:7a10:22e5:7fff::1")));
    QCOMPARE(net::canonicalAddress("0:0::1").value_or("?"), std::string("::1"));
    QCOMPARE(net::canonicalAddress("10.0.0.1").value_or("?"), std::string("10.0.0.1"));
    QVERIFY(!net::canonicalAddress("[::1]"));
    QVERIFY(!net::canonicalAddress("localhost"));
}

void TestNetwork::portMappings_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("hostIp");
    QTest::addColumn<int>("hostPort");
    QTest::addColumn<int>("containerPort");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("error"); // words of the message; empty when valid
    const QString none;
    QTest::newRow("host:container") << "8080:80"
                                    << "" << 8080 << 80 << "tcp" << none;
    QTest::newRow("ip:host:container/udp") << "127.0.0.1:8080:80/udp"
                                           << "127.0.0.1" << 8080 << 80 << "udp" << none;
    QTest::newRow("container only") << "80"
                                    << "" << 0 << 80 << "tcp" << none;
    QTest::newRow("ip, any host port") << "127.0.0.1::80"
                                       << "127.0.0.1" << 0 << 80 << "tcp" << none;
    QTest::newRow("0.0.0.0 is every address") << "0.0.0.0:53:53/udp"
                                              << "" << 53 << 53 << "udp" << none;
    QTest::newRow("host port 0") << "0:80" << none << 0 << 0 << none
                                 << "invalid host port `0` in `0:80`";
    QTest::newRow("host port too big")
        << "70000:80" << none << 0 << 0 << none << "invalid host port `70000` in `70000:80`";
    QTest::newRow("container port 0")
        << "8080:0" << none << 0 << 0 << none << "invalid container port `0`";
    QTest::newRow("not numbers") << "a:b" << none << 0 << 0 << none << "invalid host port `a`";
    QTest::newRow("sctp") << "8080:80/sctp" << none << 0 << 0 << none
                          << "protocol `sctp` is not `tcp` or `udp`";
    QTest::newRow("IPv6") << "[::1]:8080:80"
                          << "::1" << 8080 << 80 << "tcp" << none;
    QTest::newRow("IPv6, any host port, canonical") << "[FD00:0::5]::53/udp"
                                                    << "fd00::5" << 0 << 53 << "udp" << none;
    QTest::newRow("every IPv6 address alone") << "[::]:8080:80" << none << 0 << 0 << none
                                              << "`[::]` (every IPv6 address alone) cannot be";
    QTest::newRow("IPv6 without brackets")
        << "::1:8080:80" << none << 0 << 0 << none << "expected [IP:]HOST:CONTAINER";
    QTest::newRow("IPv6 bracket not closed")
        << "[::1:8080:80" << none << 0 << 0 << none << "expected [IPV6]:HOST:CONTAINER";
    QTest::newRow("IPv6 without host port part")
        << "[::1]:80" << none << 0 << 0 << none << "an IPv6 address in brackets";
    QTest::newRow("bad IPv6") << "[zz::1]:80:80" << none << 0 << 0 << none
                              << "invalid IPv6 address `zz::1`";
    QTest::newRow("IPv4 in brackets")
        << "[127.0.0.1]:80:80" << none << 0 << 0 << none << "invalid IPv6 address `127.0.0.1`";
    QTest::newRow("bad IP") << "1.2.3:8080:80" << none << 0 << 0 << none
                            << "invalid IPv4 address `1.2.3`";
    QTest::newRow("too many parts")
        << "1:2:3:4" << none << 0 << 0 << none << "expected [IP:]HOST:CONTAINER";
    QTest::newRow("empty") << "" << none << 0 << 0 << none << "invalid container port ``";
}

void TestNetwork::portMappings()
{
    QFETCH(QString, spec);
    QFETCH(QString, hostIp);
    QFETCH(int, hostPort);
    QFETCH(int, containerPort);
    QFETCH(QString, protocol);
    QFETCH(QString, error);
    auto port = net::parsePortMapping(spec.toStdString());
    if (!error.isEmpty()) {
        QVERIFY2(!port, qPrintable(spec + QStringLiteral(" was accepted")));
        QCOMPARE(port.error().code, EINVAL);
        QVERIFY2(contains(port.error().message, error.toStdString()), port.error().message.c_str());
        return;
    }
    QVERIFY2(port, why(port).c_str());
    QCOMPARE(qs(port->hostIp), hostIp);
    QCOMPARE(int(port->hostPort), hostPort);
    QCOMPARE(int(port->containerPort), containerPort);
    QCOMPARE(qs(port->protocol), protocol);
}

void TestNetwork::networkNames()
{
    for (const char *good : {"glassbox", "a", "web_1.test-2", "A9"})
        QVERIFY2(net::isNetworkName(good), good);
    const std::string longest(63, 'n');
    QVERIFY(net::isNetworkName(longest));
    QVERIFY(!net::isNetworkName(longest + "n"));
    for (const char *bad : {"", "-web", ".web", "_web", "a/b", "a b", "..", "a:b", "wéb"})
        QVERIFY2(!net::isNetworkName(bad), bad);

    QCOMPARE(net::portText({"127.0.0.1", 8080, 80, "tcp"}), std::string("127.0.0.1:8080->80/tcp"));
    QCOMPARE(net::portText({"", 53, 53, "udp"}), std::string("0.0.0.0:53->53/udp"));
    QCOMPARE(net::portText({"", 0, 80, "tcp"}), std::string("80/tcp"));
    QCOMPARE(net::portText({"::1", 8080, 80, "tcp"}), std::string("[::1]:8080->80/tcp"));
}

void TestNetwork::resolvConfKeepsSearchDropsLoopback()
{
    const std::string resolved = "# generated by systemd-resolved\n"
                                 "nameserver 127.0.0.53\n"
                                 "options edns0 trust-ad\n"
                                 "search lan example.org\n";
    // Only loopback nameservers: none is left, and the file says why.
    const std::string noNetwork = net::resolvConf(resolved, {});
    QVERIFY2(!noNetwork.starts_with("nameserver") && !contains(noNetwork, "\nnameserver"),
             noNetwork.c_str());
    QVERIFY2(contains(noNetwork, "# The host's nameservers are on its loopback"),
             noNetwork.c_str());
    QVERIFY(contains(noNetwork, "search lan example.org\n"));
    QVERIFY(contains(noNetwork, "options edns0 trust-ad\n"));

    const std::string mixed = "nameserver 127.0.0.1\nnameserver 192.168.1.1\n"
                              "nameserver ::1\nnameserver 2001:db8::1\nsearch lan\n";
    QCOMPARE(net::resolvConf(mixed, {}),
             std::string("search lan\nnameserver 192.168.1.1\nnameserver 2001:db8::1\n"));
    // The network's DNS wins over the host's servers; search and options stay.
    QCOMPARE(net::resolvConf(mixed + "options ndots:2\n", {"10.87.0.1"}),
             std::string("search lan\nnameserver 10.87.0.1\noptions ndots:2\n"));
    QVERIFY(contains(net::resolvConf("", {}), "names no nameserver"));
}

void TestNetwork::hostsFiles()
{
    net::Attachment attachment;
    attachment.address = "10.87.0.2/24";
    attachment.hostname = "web";
    attachment.name = "web";
    const std::string localhost = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost "
                                  "ip6-loopback\n";
    QCOMPARE(net::hostsFile(attachment), localhost + "10.87.0.2\tweb\n");
    attachment.hostname = "3f2a9c";
    QCOMPARE(net::hostsFile(attachment), localhost + "10.87.0.2\t3f2a9c web\n");
    QCOMPARE(net::hostsFileWithoutNetwork("box"), localhost + "127.0.1.1\tbox\n");
    attachment.address6 = "fd00:1::2/64";
    QCOMPARE(net::hostsFile(attachment),
             localhost + "10.87.0.2\t3f2a9c web\nfd00:1::2\t3f2a9c web\n");
}

void TestNetwork::definitionsRoundTripAndNameTheirBadField()
{
    net::Network network;
    network.name = "web";
    network.id = std::string(64, 'a');
    network.bridge = "glassbox3";
    network.subnet = "10.87.3.0/24";
    network.gateway = "10.87.3.1";
    network.internal = true;
    network.dns = false;
    network.createdUnix = 1700000000;
    auto back = net::networkFromJson(net::toJson(network));
    QVERIFY2(back, why(back).c_str());
    QCOMPARE(back->name, network.name);
    QCOMPARE(back->id, network.id);
    QCOMPARE(back->bridge, network.bridge);
    QCOMPARE(back->subnet, network.subnet);
    QCOMPARE(back->gateway, network.gateway);
    QCOMPARE(back->internal, true);
    QCOMPARE(back->dns, false);
    QCOMPARE(back->createdUnix, network.createdUnix);

    network.gateway = "10.87.4.1";
    auto outside = net::networkFromJson(net::toJson(network));
    QVERIFY(!outside);
    QVERIFY2(contains(outside.error().message, "`gateway`"), outside.error().message.c_str());
    network.gateway = "10.87.3.1";
    network.subnet = "10.87.3.1/24";
    auto hostBits = net::networkFromJson(net::toJson(network));
    QVERIFY(!hostBits);
    QVERIFY2(contains(hostBits.error().message, "`subnet`"), hostBits.error().message.c_str());
    network.subnet = "10.87.3.0/24";
    // IPv6: kept, checked, and absent from definitions written before it existed.
    network.subnet6 = "fd00:3::/64";
    network.gateway6 = "fd00:3::1";
    auto dual = net::networkFromJson(net::toJson(network));
    QVERIFY2(dual, why(dual).c_str());
    QCOMPARE(dual->subnet6, network.subnet6);
    QCOMPARE(dual->gateway6, network.gateway6);
    network.gateway6 = "fd00:4::1";
    auto outside6 = net::networkFromJson(net::toJson(network));
    QVERIFY(!outside6);
    QVERIFY2(contains(outside6.error().message, "`gateway6`"), outside6.error().message.c_str());
    network.subnet6 = "fd00:3::1/64";
    auto hostBits6 = net::networkFromJson(net::toJson(network));
    QVERIFY(!hostBits6);
    QVERIFY2(contains(hostBits6.error().message, "`subnet6`"), hostBits6.error().message.c_str());
    auto older = nlohmann::json::parse(net::toJson(network));
    older.erase("subnet6");
    older.erase("gateway6");
    auto v4only = net::networkFromJson(older.dump());
    QVERIFY2(v4only, why(v4only).c_str());
    QVERIFY(!v4only->ipv6());
    network.subnet6.clear();
    network.gateway6.clear();
    auto missing = net::networkFromJson(R"({"name": "web"})");
    QVERIFY(!missing);
    QVERIFY2(contains(missing.error().message, "`id` is missing"), missing.error().message.c_str());
    QVERIFY(!net::networkFromJson("not json"));

    net::Attachment attachment;
    attachment.containerId = randomContainerId();
    attachment.name = "web";
    attachment.network = "glassbox";
    attachment.netnsPath = "/run/glassbox/networks/netns/" + attachment.containerId;
    attachment.interface = "eth0";
    attachment.address = "10.87.0.2/24";
    attachment.gateway = "10.87.0.1";
    attachment.macAddress = "f2:44:0d:e4:dd:73";
    attachment.hostVeth = "veth0";
    attachment.dnsServers = {"10.87.0.1"};
    attachment.ports = {{"127.0.0.1", 8080, 80, "tcp"}, {"", 5353, 53, "udp"}};
    auto record = net::attachmentFromJson(net::toJson(attachment));
    QVERIFY2(record, why(record).c_str());
    QCOMPARE(record->containerId, attachment.containerId);
    QCOMPARE(record->address, attachment.address);
    QCOMPARE(record->dnsServers, attachment.dnsServers);
    QVERIFY(record->ports == attachment.ports);
    attachment.containerId = "../../etc";
    auto escape = net::attachmentFromJson(net::toJson(attachment));
    QVERIFY(!escape);
    QVERIFY2(contains(escape.error().message, "`containerId`"), escape.error().message.c_str());
}

void TestNetwork::namespaceFileIsMadeAndRemoved()
{
    const std::string path = runDir() + "/netns/by-hand";
    auto created = net::createNamespace(path);
    QVERIFY2(created, why(created).c_str());
    auto guard = qScopeGuard([&] { (void)net::removeNamespace(path); });
    QVERIFY(isNamespaceFile(path));
    // A namespace of its own: neither the suite's nor the host's.
    QVERIFY(QFileInfo(qs(path)).exists());
    struct stat made
    {
    }, own{};
    QCOMPARE(::stat(path.c_str(), &made), 0);
    QCOMPARE(::stat("/proc/self/ns/net", &own), 0);
    QVERIFY(made.st_ino != own.st_ino);
    auto again = net::createNamespace(path);
    QVERIFY(!again);
    QCOMPARE(again.error().code, EEXIST);
    QVERIFY(net::removeNamespace(path));
    QVERIFY(!QFileInfo::exists(qs(path)));
    QVERIFY(net::removeNamespace(path)); // gone already: fine
}

// ---- networks and containers ---------------------------------------------------------------

void TestNetwork::definitionsAreCreatedListedAndRemoved()
{
    // A host address in the pool's first /24: the default network must step over it.
    int exitCode = 0;
    m_dummy = true;
    QByteArray output =
        command(QStringLiteral("ip"),
                {QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("gbtest0"),
                 QStringLiteral("type"), QStringLiteral("dummy")},
                &exitCode);
    const QString device = exitCode == 0 ? QStringLiteral("gbtest0") : QStringLiteral("lo");
    output = command(QStringLiteral("ip"),
                     {QStringLiteral("addr"), QStringLiteral("add"), QStringLiteral("10.87.0.1/24"),
                      QStringLiteral("dev"), device},
                     &exitCode);
    QVERIFY2(exitCode == 0, output.constData());
    command(QStringLiteral("ip"),
            {QStringLiteral("link"), QStringLiteral("set"), device, QStringLiteral("up")});

    auto glassbox = m_store->ensureDefault();
    QVERIFY2(glassbox, why(glassbox).c_str());
    QCOMPARE(glassbox->name, std::string(net::kDefaultNetwork));
    QCOMPARE(glassbox->subnet, std::string("10.87.1.0/24"));
    QCOMPARE(glassbox->gateway, std::string("10.87.1.1"));
    QCOMPARE(glassbox->bridge, std::string("glassbox0"));
    QCOMPARE(glassbox->id.size(), size_t(64));
    QVERIFY(glassbox->dns);
    QVERIFY(!glassbox->internal);
    auto same = m_store->ensureDefault();
    QVERIFY(same);
    QCOMPARE(same->id, glassbox->id);

    auto second = m_store->create(networkRequest("second", "", "", true, false));
    QVERIFY2(second, why(second).c_str());
    QCOMPARE(second->subnet, std::string("10.87.2.0/24"));
    QCOMPARE(second->bridge, std::string("glassbox1"));
    QVERIFY(second->internal);
    QVERIFY(!second->dns);
    QVERIFY(second->id != glassbox->id);

    auto overNetwork = m_store->create(networkRequest("third", "10.87.0.0/16", "", false, true));
    QVERIFY(!overNetwork);
    QCOMPARE(overNetwork.error().code, EINVAL);
    QVERIFY2(contains(overNetwork.error().message, "`10.87.0.0/16` overlaps network `glassbox`"),
             overNetwork.error().message.c_str());
    auto overHost = m_store->create(networkRequest("third", "10.87.0.0/25", "", false, true));
    QVERIFY(!overHost);
    QCOMPARE(overHost.error().code, EINVAL);
    QVERIFY2(contains(overHost.error().message, "overlaps the host's") &&
                 contains(overHost.error().message, "10.87.0."),
             overHost.error().message.c_str());
    auto duplicate = m_store->create(networkRequest("glassbox", "10.99.0.0/24", "", false, true));
    QVERIFY(!duplicate);
    QCOMPARE(duplicate.error().code, EEXIST);
    QVERIFY2(contains(duplicate.error().message, "`glassbox` already exists"),
             duplicate.error().message.c_str());
    for (const char *gateway : {"10.98.0.1", "10.99.0.0", "10.99.0.255", "10.99.0"}) {
        auto bad = m_store->create(networkRequest("third", "10.99.0.0/24", gateway, false, true));
        QVERIFY2(!bad, gateway);
        QCOMPARE(bad.error().code, EINVAL);
        QVERIFY2(contains(bad.error().message, "gateway"), bad.error().message.c_str());
    }
    auto badName = m_store->create(networkRequest("-x", "", "", false, true));
    QVERIFY(!badName);
    QCOMPARE(badName.error().code, EINVAL);
    auto hostBits = m_store->create(networkRequest("third", "10.99.0.1/24", "", false, true));
    QVERIFY(!hostBits);
    QVERIFY2(contains(hostBits.error().message, "host bits"), hostBits.error().message.c_str());
    auto explicitOne =
        m_store->create(networkRequest("third", "10.99.0.0/24", "10.99.0.254", false, true));
    QVERIFY2(explicitOne, why(explicitOne).c_str());
    QCOMPARE(explicitOne->gateway, std::string("10.99.0.254"));
    QCOMPARE(explicitOne->bridge, std::string("glassbox2"));

    auto all = m_store->list();
    QVERIFY(all);
    QCOMPARE(all->size(), size_t(3));
    QCOMPARE((*all)[0].name, std::string("glassbox"));
    QCOMPARE((*all)[1].name, std::string("second"));
    QCOMPARE((*all)[2].name, std::string("third"));
    auto got = m_store->get("second");
    QVERIFY(got);
    QCOMPARE(got->id, second->id);
    QCOMPARE(got->subnet, second->subnet);
    QVERIFY(QFile::exists(qs(configDir() + "/second.json")));

    auto nothing = m_store->get("nope");
    QVERIFY(!nothing);
    QCOMPARE(nothing.error().code, ENOENT);
    QCOMPARE(nothing.error().message, std::string("no network `nope`"));
    QVERIFY(m_store->remove("second"));
    QCOMPARE(m_store->get("second").error().code, ENOENT);
    QVERIFY(!QFile::exists(qs(configDir() + "/second.json")));
    QCOMPARE(m_store->remove("second").error().code, ENOENT);
    // A freed subnet and bridge are taken again.
    auto reused = m_store->create(networkRequest("fourth", "", "", false, true));
    QVERIFY(reused);
    QCOMPARE(reused->subnet, std::string("10.87.2.0/24"));
    QCOMPARE(reused->bridge, std::string("glassbox1"));

    // A definition edited by hand into nonsense: the error names the file and the field.
    auto removeBroken = qScopeGuard([&] { QFile::remove(qs(configDir() + "/broken.json")); });
    writeFile(qs(configDir() + "/broken.json"), QByteArray::fromStdString(net::toJson(*reused))
                                                    .replace("\"fourth\"", "\"broken\"")
                                                    .replace("10.87.2.0/24", "10.87.2.0/33"));
    auto broken = m_store->get("broken");
    QVERIFY(!broken);
    QVERIFY2(contains(broken.error().message, "broken.json") &&
                 contains(broken.error().message, "`subnet`"),
             broken.error().message.c_str());
}

void TestNetwork::aRouteOverThePoolMovesTheDefaultNetwork()
{
    // A VPN that routes all of 10.0.0.0/8: the default network goes to the next pool.
    int exitCode = 0;
    const QStringList route{QStringLiteral("10.0.0.0/8"), QStringLiteral("dev"),
                            QStringLiteral("lo")};
    QByteArray output =
        command(QStringLiteral("ip"),
                QStringList{QStringLiteral("route"), QStringLiteral("add")} + route, &exitCode);
    QVERIFY2(exitCode == 0, output.constData());
    auto removeRoute = qScopeGuard([&] {
        command(QStringLiteral("ip"),
                QStringList{QStringLiteral("route"), QStringLiteral("del")} + route);
    });
    auto glassbox = m_store->ensureDefault();
    QVERIFY2(glassbox, why(glassbox).c_str());
    QCOMPARE(glassbox->subnet, std::string("172.29.0.0/24"));
    auto inTen = m_store->create(networkRequest("vpn", "10.20.0.0/24", "", false, true));
    QVERIFY(!inTen);
    QVERIFY2(contains(inTen.error().message, "10.0.0.0/8"), inTen.error().message.c_str());
}

void TestNetwork::publishedPortReachesTheContainerAndIsGoneAfterDetach()
{
    auto network = m_store->create(networkRequest("web", "", "", false, false));
    QVERIFY2(network, why(network).c_str());
    const uint16_t port = freePort();
    QVERIFY(port != 0);
    const auto ask = request("web1", "web", {{"127.0.0.1", port, 80, "tcp"}});
    auto attached = m_store->attach(ask);
    QVERIFY2(attached, why(attached).c_str());
    const net::Attachment attachment = *attached;
    auto subnet = net::parsePrefix(network->subnet);
    QVERIFY(subnet);
    QCOMPARE(attachment.address, net::ipv4Text(subnet->network() + 2) + "/24");
    QCOMPARE(attachment.gateway, network->gateway);
    QCOMPARE(attachment.netnsPath, m_store->netnsPath(ask.containerId));
    QVERIFY(isNamespaceFile(attachment.netnsPath));
    QCOMPARE(attachment.macAddress.size(), size_t(17));
    QVERIFY2(veths().contains(qs(attachment.hostVeth)),
             qPrintable(qs(attachment.hostVeth) + QStringLiteral(" is not among ") +
                        veths().join(QLatin1Char(' '))));
    QVERIFY(attachment.dnsServers.empty()); // no DNS on this network: the host's servers
    QVERIFY(attachment.ports == ask.ports);
    auto recorded = m_store->attachment(ask.containerId);
    QVERIFY(recorded && *recorded);
    QCOMPARE((*recorded)->macAddress, attachment.macAddress);
    QVERIFY(iptablesSave().contains(QByteArray::fromStdString(ask.containerId)));

    const QByteArray page = "hello from glassbox " + QByteArray::number(port) + "\n";
    const QString id =
        start(attachment,
              {QStringLiteral("httpd"), QStringLiteral("-f"), QStringLiteral("-p"),
               QStringLiteral("80"), QStringLiteral("-h"), QStringLiteral("/www")},
              [&](Bundle &bundle) {
                  writeFile(bundle.rootfs() + QStringLiteral("/www/index.html"), page);
              });
    QVERIFY(!id.isEmpty());
    QByteArray answer;
    QTRY_VERIFY2_WITH_TIMEOUT((answer = httpGet(port)).endsWith(page), answer.constData(), 10000);
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK") || answer.startsWith("HTTP/1.0 200 OK"),
             answer.constData());

    stop(id);
    auto detached = m_store->detach(ask.containerId);
    QVERIFY2(detached, why(detached).c_str());
    QCOMPARE(httpGet(port), QByteArray()); // nothing forwards it any more
    const int reuse = bindPort(port, SOCK_STREAM);
    QVERIFY(reuse >= 0);
    ::close(reuse);
    const QByteArray rules = iptablesSave();
    QVERIFY2(!rules.contains(QByteArray::fromStdString(ask.containerId)), rules.constData());
    QVERIFY(!QFileInfo::exists(qs(attachment.netnsPath)));
    QVERIFY2(veths().isEmpty(), qPrintable(veths().join(QLatin1Char(' '))));
    QVERIFY(!QFileInfo::exists(qs(recordPath(ask.containerId))));
    auto none = m_store->attachment(ask.containerId);
    QVERIFY(none && !*none);

    // The address and the port are free again.
    auto next = m_store->attach(request("web2", "web", {{"127.0.0.1", port, 80, "tcp"}}));
    QVERIFY2(next, why(next).c_str());
    QCOMPARE(next->address, attachment.address);
}

void TestNetwork::removeOfANetworkInUseIsRefused()
{
    auto network = m_store->create(networkRequest("busy", "", "", false, false));
    QVERIFY2(network, why(network).c_str());
    const auto first = request("one", "busy");
    const auto second = request("two", "busy");
    auto one = m_store->attach(first);
    QVERIFY2(one, why(one).c_str());
    auto two = m_store->attach(second);
    QVERIFY2(two, why(two).c_str());
    QVERIFY(two->address != m_store->attachment(first.containerId).value()->address);
    auto refused = m_store->remove("busy");
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, EBUSY);
    QCOMPARE(refused.error().message, std::string("network `busy` is in use by 2 containers"));
    QVERIFY(m_store->get("busy"));
    QVERIFY(m_store->detach(second.containerId));
    QCOMPARE(m_store->remove("busy").error().message,
             std::string("network `busy` is in use by 1 container"));
    QVERIFY(m_store->detach(first.containerId));
    QVERIFY(m_store->remove("busy"));
    QCOMPARE(m_store->get("busy").error().code, ENOENT);
    auto gone = m_store->attach(request("three", "busy"));
    QVERIFY(!gone);
    QCOMPARE(gone.error().code, ENOENT);
}

void TestNetwork::portConflictsAreRefusedBeforeAnythingIsMade()
{
    auto network = m_store->create(networkRequest("ports", "", "", false, false));
    QVERIFY2(network, why(network).c_str());
    auto nothingMade = [&](const std::string &containerId) {
        auto record = m_store->attachment(containerId);
        return record && !*record && !QFileInfo::exists(qs(m_store->netnsPath(containerId))) &&
               veths().isEmpty() &&
               QDir(qs(runDir() + "/containers")).entryList(QDir::Files).isEmpty();
    };

    // Taken on the host: a listening TCP socket, a bound UDP one.
    uint16_t port = 0;
    const int listening = bindPort(0, SOCK_STREAM, &port);
    QVERIFY(listening >= 0);
    auto closeListening = qScopeGuard([&] { ::close(listening); });
    QCOMPARE(::listen(listening, 1), 0);
    const auto onTcp = request("taken", "ports", {{"", port, 80, "tcp"}});
    auto refused = m_store->attach(onTcp);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, EADDRINUSE);
    QCOMPARE(refused.error().message,
             "host port " + std::to_string(port) + "/tcp is already in use");
    QVERIFY(nothingMade(onTcp.containerId));
    const int udp = bindPort(0, SOCK_DGRAM, &port);
    QVERIFY(udp >= 0);
    auto closeUdp = qScopeGuard([&] { ::close(udp); });
    const auto onUdp =
        request("taken", "ports", {{"127.0.0.1", 8, 8, "tcp"}, {"", port, 53, "udp"}});
    refused = m_store->attach(onUdp);
    QVERIFY(!refused);
    QVERIFY2(contains(refused.error().message, std::to_string(port) + "/udp"),
             refused.error().message.c_str());
    QVERIFY(nothingMade(onUdp.containerId));

    // Published by another container: its DNAT rule holds no socket, the record says it.
    const uint16_t published = freePort();
    const auto first = request("first", "ports", {{"127.0.0.1", published, 80, "tcp"}});
    auto firstOne = m_store->attach(first);
    QVERIFY2(firstOne, why(firstOne).c_str());
    for (const std::string ip : {"127.0.0.1", ""}) {
        const auto clash = request("second", "ports", {{ip, published, 8080, "tcp"}});
        auto again = m_store->attach(clash);
        QVERIFY(!again);
        QCOMPARE(again.error().code, EADDRINUSE);
        QCOMPARE(again.error().message, "port " + std::to_string(published) +
                                            "/tcp is already published by container first");
        QVERIFY(!m_store->attachment(clash.containerId).value());
        QVERIFY(!QFileInfo::exists(qs(m_store->netnsPath(clash.containerId))));
    }
    // Same number, other protocol: no clash. Port 0: a free port is chosen.
    auto udpToo = m_store->attach(
        request("third", "ports", {{"127.0.0.1", published, 53, "udp"}, {"", 0, 80, "tcp"}}));
    QVERIFY2(udpToo, why(udpToo).c_str());
    QVERIFY(udpToo->ports[1].hostPort != 0);
    QVERIFY(udpToo->ports[1].hostPort != published);
    QCOMPARE(udpToo->ports[0].hostPort, published);
    auto zero = m_store->attach(request("fourth", "ports", {{"", 8080, 0, "tcp"}}));
    QVERIFY(!zero);
    QCOMPARE(zero.error().code, EINVAL);
}

void TestNetwork::containersResolveEachOtherByName()
{
    auto network = m_store->create(networkRequest("dns", "", "", false, true));
    QVERIFY2(network, why(network).c_str());
    auto server = m_store->attach(request("dbserver", "dns"));
    QVERIFY2(server, why(server).c_str());
    auto client = m_store->attach(request("client", "dns"));
    QVERIFY2(client, why(client).c_str());
    QCOMPARE(client->dnsServers, std::vector<std::string>{network->gateway});
    const std::string serverIp = server->address.substr(0, server->address.find('/'));

    const QString serverId =
        start(*server,
              {QStringLiteral("httpd"), QStringLiteral("-f"), QStringLiteral("-p"),
               QStringLiteral("80"), QStringLiteral("-h"), QStringLiteral("/www")},
              [&](Bundle &bundle) {
                  writeFile(bundle.rootfs() + QStringLiteral("/www/index.html"), "db is up\n");
              });
    QVERIFY(!serverId.isEmpty());
    // The client's /etc/resolv.conf as the helper writes it: the network's DNS.
    const std::string resolv = net::resolvConf("nameserver 127.0.0.53\n", client->dnsServers);
    const auto prepare = [&](Bundle &bundle) {
        writeFile(bundle.rootfs() + QStringLiteral("/etc/resolv.conf"),
                  QByteArray::fromStdString(resolv));
        writeFile(bundle.rootfs() + QStringLiteral("/etc/hosts"),
                  QByteArray::fromStdString(net::hostsFile(*client)));
    };
    RunResult lookup;
    for (int attempt = 0; attempt < 10; ++attempt) {
        lookup = run(*client, {QStringLiteral("nslookup"), QStringLiteral("dbserver")}, prepare);
        if (lookup.exitCode == 0)
            break;
        QTest::qWait(500); // aardvark-dns starting
    }
    QVERIFY2(lookup.exitCode == 0, (lookup.out + lookup.err).constData());
    QVERIFY2(lookup.out.contains(QByteArray::fromStdString(serverIp)), lookup.out.constData());
    RunResult fetched;
    for (int attempt = 0; attempt < 10; ++attempt) {
        fetched = run(*client,
                      {QStringLiteral("wget"), QStringLiteral("-q"), QStringLiteral("-O"),
                       QStringLiteral("-"), QStringLiteral("http://dbserver/index.html")},
                      prepare);
        if (fetched.exitCode == 0)
            break;
        QTest::qWait(500); // httpd starting
    }
    QVERIFY2(fetched.out == "db is up\n", (fetched.out + fetched.err).constData());
    // A name no container has does not resolve to one of them.
    auto unknown =
        run(*client, {QStringLiteral("nslookup"), QStringLiteral("nobody-here")}, prepare);
    QVERIFY(!unknown.out.contains(QByteArray::fromStdString(serverIp)));

    // netavark started the network's aardvark-dns; the last teardown stops it.
    const pid_t aardvark = aardvarkPid();
    QVERIFY(processAlive(aardvark));
    stop(serverId);
    QVERIFY(m_store->detach(server->containerId));
    QVERIFY(processAlive(aardvark));
    QVERIFY(m_store->detach(client->containerId));
    QTRY_VERIFY(!processAlive(aardvark));
}

void TestNetwork::aFailedSetupLeavesNothing()
{
    auto network = m_store->create(networkRequest("failing", "", "", false, false));
    QVERIFY2(network, why(network).c_str());
    net::NetworkStore failing =
        failingStore(QStringLiteral("setup"), "IO error: the bridge melted");
    const auto ask = request("doomed", "failing", {{"127.0.0.1", freePort(), 80, "tcp"}});
    auto attached = failing.attach(ask);
    QVERIFY(!attached);
    QVERIFY2(contains(attached.error().message, "netavark setup of") &&
                 contains(attached.error().message, "failed: IO error: the bridge melted"),
             attached.error().message.c_str());
    QVERIFY(!m_store->attachment(ask.containerId).value());
    QVERIFY(!QFileInfo::exists(qs(m_store->netnsPath(ask.containerId))));
    QVERIFY(QDir(qs(runDir() + "/containers")).entryList(QDir::Files).isEmpty());
    // The real one, with the same address and port free again.
    auto real = m_store->attach(ask);
    QVERIFY2(real, why(real).c_str());
    QCOMPARE(real->address,
             net::ipv4Text(net::parsePrefix(network->subnet)->network() + 2) + "/24");
}

void TestNetwork::reserveThenSetUp()
{
    auto network = m_store->create(networkRequest("steps", "", "", false, false));
    QVERIFY2(network, why(network).c_str());
    const uint16_t port = freePort();
    const auto ask = request("stepper", "steps", {{"127.0.0.1", port, 80, "tcp"}});
    auto early = m_store->setUp(ask.containerId);
    QVERIFY(!early);
    QCOMPARE(early.error().code, ENOENT);

    // Reserved: the namespace to join, the address and the port held, nothing of netavark's.
    auto reserved = m_store->reserve(ask);
    QVERIFY2(reserved, why(reserved).c_str());
    QVERIFY(isNamespaceFile(reserved->netnsPath));
    QVERIFY(reserved->macAddress.empty());
    QVERIFY(veths().isEmpty());
    QVERIFY(!iptablesSave().contains(QByteArray::fromStdString(ask.containerId)));
    auto clash = m_store->attach(request("other", "steps", {{"127.0.0.1", port, 80, "tcp"}}));
    QVERIFY(!clash);
    QCOMPARE(clash.error().code, EADDRINUSE);
    auto busy = m_store->remove("steps");
    QVERIFY(!busy);
    QCOMPARE(busy.error().code, EBUSY);
    // A start that ends before the setup (the shim failed) detaches a reservation cleanly.
    auto released = m_store->detach(ask.containerId);
    QVERIFY2(released, why(released).c_str());
    QVERIFY(!m_store->attachment(ask.containerId).value());
    QVERIFY(!QFileInfo::exists(qs(reserved->netnsPath)));
    QVERIFY(QDir(qs(runDir() + "/containers")).entryList(QDir::Files).isEmpty());
    reserved = m_store->reserve(ask);
    QVERIFY2(reserved, why(reserved).c_str());

    // A failed setup undoes the reservation; a second reservation is then set up for real.
    net::NetworkStore failing = failingStore(QStringLiteral("setup"), "no bridge today");
    auto failed = failing.setUp(ask.containerId);
    QVERIFY(!failed);
    QVERIFY2(contains(failed.error().message, "no bridge today"), failed.error().message.c_str());
    QVERIFY(!m_store->attachment(ask.containerId).value());
    QVERIFY(!QFileInfo::exists(qs(reserved->netnsPath)));
    QVERIFY(m_store->reserve(ask));
    auto done = m_store->setUp(ask.containerId);
    QVERIFY2(done, why(done).c_str());
    QCOMPARE(done->address, reserved->address);
    QCOMPARE(done->macAddress.size(), size_t(17));
    QVERIFY(veths().contains(qs(done->hostVeth)));
    QVERIFY(iptablesSave().contains(QByteArray::fromStdString(ask.containerId)));
    QCOMPARE(m_store->attachment(ask.containerId).value()->macAddress, done->macAddress);
}

void TestNetwork::concurrentAttachesGetDistinctAddresses()
{
    auto network = m_store->create(networkRequest("crowd", "", "", false, false));
    QVERIFY2(network, why(network).c_str());
    constexpr int count = 4;
    std::vector<net::AttachRequest> requests;
    requests.reserve(count);
    std::vector<glassbox::Result<net::Attachment>> results(count, glassbox::makeError(0, ""));
    for (int i = 0; i < count; ++i)
        requests.push_back(request("c" + std::to_string(i), "crowd"));
    {
        std::vector<std::thread> threads;
        threads.reserve(count);
        for (int i = 0; i < count; ++i)
            threads.emplace_back([&, i] { results[i] = m_store->attach(requests[i]); });
        for (std::thread &thread : threads)
            thread.join();
    }
    std::set<std::string> addresses;
    for (const auto &result : results) {
        QVERIFY2(result, why(result).c_str());
        addresses.insert(result->address);
    }
    QCOMPARE(addresses.size(), size_t(count));
    QCOMPARE(veths().size(), count);
    std::vector<glassbox::Status> detached(count);
    {
        std::vector<std::thread> threads;
        threads.reserve(count);
        for (int i = 0; i < count; ++i)
            threads.emplace_back(
                [&, i] { detached[i] = m_store->detach(requests[i].containerId); });
        for (std::thread &thread : threads)
            thread.join();
    }
    for (const auto &status : detached)
        QVERIFY2(status, why(status).c_str());
    QVERIFY(veths().isEmpty());
    QVERIFY(m_store->remove("crowd"));
}

void TestNetwork::internalNetworksPublishNoPorts()
{
    auto network = m_store->create(networkRequest("inside", "", "", true, true));
    QVERIFY2(network, why(network).c_str());
    auto refused = m_store->attach(request("exposed", "inside", {{"", freePort(), 80, "tcp"}}));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, EINVAL);
    QVERIFY2(contains(refused.error().message, "`inside` is internal"),
             refused.error().message.c_str());
    auto attached = m_store->attach(request("hidden", "inside"));
    QVERIFY2(attached, why(attached).c_str());
    QVERIFY(!attached->macAddress.empty());
}

void TestNetwork::detachIsIdempotentAndSurvivesARemovedNamespace()
{
    auto network = m_store->create(networkRequest("gone", "", "", false, true));
    QVERIFY2(network, why(network).c_str());
    const uint16_t port = freePort();
    const auto ask = request("lost", "gone", {{"", port, 80, "tcp"}});
    auto attached = m_store->attach(ask);
    QVERIFY2(attached, why(attached).c_str());
    QVERIFY(iptablesSave().contains(QByteArray::fromStdString(ask.containerId)));
    QVERIFY(!veths().isEmpty());

    // Someone removed the mount: the namespace, and its veth with it, are gone.
    QVERIFY(net::removeNamespace(attached->netnsPath));
    QVERIFY(!QFileInfo::exists(qs(attached->netnsPath)));
    QTRY_VERIFY(veths().isEmpty());
    auto detached = m_store->detach(ask.containerId);
    QVERIFY2(detached, why(detached).c_str());
    const QByteArray rules = iptablesSave();
    QVERIFY2(!rules.contains(QByteArray::fromStdString(ask.containerId)), rules.constData());
    QVERIFY(!m_store->attachment(ask.containerId).value());
    QVERIFY(!QFileInfo::exists(qs(attached->netnsPath)));
    QVERIFY(m_store->detach(ask.containerId));
    QVERIFY(m_store->detach(randomContainerId())); // never attached

    // A teardown that fails keeps the record, and the next detach() repeats it.
    const auto again = request("retried", "gone", {{"", freePort(), 80, "tcp"}});
    auto second = m_store->attach(again);
    QVERIFY2(second, why(second).c_str());
    auto failed = failingStore(QStringLiteral("teardown"), "IO error: the bridge melted")
                      .detach(again.containerId);
    QVERIFY(!failed);
    QVERIFY2(contains(failed.error().message, "the bridge melted"), failed.error().message.c_str());
    QVERIFY(m_store->attachment(again.containerId).value());
    QCOMPARE(m_store->remove("gone").error().code, EBUSY);
    QVERIFY(!QFileInfo::exists(qs(second->netnsPath))); // the namespace went all the same
    // The repeat meets what the first one removed already (the veth, the DNS entry).
    auto retried = m_store->detach(again.containerId);
    QVERIFY2(retried, why(retried).c_str());
    QVERIFY(!iptablesSave().contains(QByteArray::fromStdString(again.containerId)));
    QVERIFY(!m_store->attachment(again.containerId).value());

    // What an earlier teardown removed already (ENOENT, ENODEV) is no failure; anything
    // else among the errors is.
    const auto third = request("third", "gone");
    QVERIFY(m_store->attach(third));
    auto gone = failingStore(QStringLiteral("teardown"),
                             "netavark encountered multiple errors:\n"
                             "\t- IO error: No such file or directory (os error 2)\n"
                             "\t- failed to delete container veth eth0: Netlink error: No "
                             "such device (os error 19)")
                    .detach(third.containerId);
    QVERIFY2(gone, why(gone).c_str());
    QVERIFY(!m_store->attachment(third.containerId).value());
    const auto fourth = request("fourth", "gone");
    QVERIFY(m_store->attach(fourth));
    auto mixed = failingStore(QStringLiteral("teardown"),
                              "netavark encountered multiple errors:\n"
                              "\t- IO error: No such file or directory (os error 2)\n"
                              "\t- iptables: Bad rule (does a matching rule exist?)")
                     .detach(fourth.containerId);
    QVERIFY(!mixed);
    QVERIFY2(contains(mixed.error().message, "Bad rule"), mixed.error().message.c_str());
    QVERIFY(m_store->attachment(fourth.containerId).value());
    QVERIFY(m_store->detach(fourth.containerId));
    QVERIFY(m_store->remove("gone"));
}

int main(int argc, char *argv[])
{
    // Before QCoreApplication starts a thread: unshare(CLONE_NEWNS) wants this process alone.
    g_isolationError = glassbox::test::isolateInNetworkNamespace();
    QCoreApplication app(argc, argv);
    TestNetwork test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

void TestNetwork::ipv6NetworksPublishOnIpv6Addresses()
{
    // An address of the suite's own namespace to publish on and connect to (on lo: this
    // kernel may have no dummy interfaces). Traffic stays in the namespace.
    const char *hostAddress = "fd00:9b0c::1";
    QCOMPARE(
        command(QStringLiteral("ip"),
                {QStringLiteral("-6"), QStringLiteral("addr"), QStringLiteral("add"),
                 QStringLiteral("fd00:9b0c::1/128"), QStringLiteral("dev"), QStringLiteral("lo")}),
        QByteArray());
    auto dropAddress = qScopeGuard([] {
        command(QStringLiteral("ip"),
                {QStringLiteral("-6"), QStringLiteral("addr"), QStringLiteral("del"),
                 QStringLiteral("fd00:9b0c::1/128"), QStringLiteral("dev"), QStringLiteral("lo")});
    });

    // A port on an IPv6 address needs a network with an IPv6 subnet.
    auto v4only = m_store->create(networkRequest("v4only", "", "", false, false));
    QVERIFY2(v4only, why(v4only).c_str());
    auto refused = m_store->attach(request("v4", "v4only", {{hostAddress, freePort(), 80, "tcp"}}));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, EINVAL);
    QVERIFY2(contains(refused.error().message, "network `v4only` has no IPv6 subnet"),
             refused.error().message.c_str());

    net::NetworkRequest dual = networkRequest("dual", "", "", false, false);
    dual.ipv6 = true;
    auto network = m_store->create(dual);
    QVERIFY2(network, why(network).c_str());
    auto subnet6 = net::parsePrefix6(network->subnet6);
    QVERIFY2(subnet6, network->subnet6.c_str());
    QCOMPARE(subnet6->length, 64);
    QCOMPARE(int(subnet6->address[0]), 0xfd); // a unique local address
    QCOMPARE(network->gateway6, network->subnet6.substr(0, network->subnet6.size() - 3) + "1");
    QCOMPARE(m_store->get("dual")->subnet6, network->subnet6); // as stored
    // Another network may not take the same IPv6 subnet; a bad gateway is named.
    net::NetworkRequest same = networkRequest("same", "", "", false, false);
    same.subnet6 = network->subnet6;
    auto overlapping = m_store->create(same);
    QVERIFY(!overlapping);
    QVERIFY2(contains(overlapping.error().message, "overlaps network `dual`"),
             overlapping.error().message.c_str());
    same.subnet6 = "fd00:77::/64";
    same.gateway6 = "fd00:78::1";
    auto badGateway = m_store->create(same);
    QVERIFY(!badGateway);
    QVERIFY2(contains(badGateway.error().message, "IPv6 gateway `fd00:78::1` is not in subnet"),
             badGateway.error().message.c_str());

    // "::" would be netavark's rule for the destination ::/128, which nothing reaches.
    auto ipv6Only = m_store->attach(request("any6", "dual", {{"::", freePort(), 80, "tcp"}}));
    QVERIFY(!ipv6Only);
    QCOMPARE(ipv6Only.error().code, EINVAL);
    QVERIFY2(contains(ipv6Only.error().message, "cannot be published"),
             ipv6Only.error().message.c_str());
    QVERIFY(veths().isEmpty());

    const uint16_t onAddress = freePort();
    const uint16_t everywhere = freePort();
    const auto ask =
        request("web6", "dual", {{hostAddress, onAddress, 80, "tcp"}, {"", everywhere, 80, "tcp"}});
    auto attached = m_store->attach(ask);
    QVERIFY2(attached, why(attached).c_str());
    const std::string expected6 =
        network->subnet6.substr(0, network->subnet6.size() - 3) + "2/64"; // "fd..::2/64"
    QCOMPARE(attached->address6, expected6);
    QCOMPARE(attached->gateway6, network->gateway6);
    QVERIFY(!attached->address.empty()); // dual stack: IPv4 too
    const QByteArray rules6 = command(QStringLiteral("ip6tables-save"), {});
    QVERIFY2(rules6.contains(QByteArray::fromStdString(ask.containerId)), rules6.constData());

    const QByteArray page = "hello over IPv6\n";
    const QString id =
        start(*attached,
              {QStringLiteral("httpd"), QStringLiteral("-f"), QStringLiteral("-p"),
               QStringLiteral("80"), QStringLiteral("-h"), QStringLiteral("/www")},
              [&](Bundle &bundle) {
                  writeFile(bundle.rootfs() + QStringLiteral("/www/index.html"), page);
              });
    QVERIFY(!id.isEmpty());
    QByteArray answer;
    QTRY_VERIFY2_WITH_TIMEOUT((answer = httpGet(onAddress, hostAddress)).endsWith(page),
                              answer.constData(), 10000);
    // The port published on every address answers on IPv4 and IPv6 alike; the one on
    // fd00:9b0c::1 only there.
    QVERIFY2(httpGet(everywhere, hostAddress).endsWith(page), "every address, IPv6");
    QVERIFY2(httpGet(everywhere).endsWith(page), "every address, IPv4");
    QCOMPARE(httpGet(onAddress), QByteArray());
    // Inside: the address on eth0 and a default route through the IPv6 gateway.
    const auto pid = static_cast<pid_t>(m_harness.initPid(id));
    QVERIFY(pid > 0);
    auto view = net::viewNamespace(pid);
    QVERIFY2(view, why(view).c_str());
    bool hasAddress = false;
    for (const net::InterfaceView &interface : view->interfaces)
        if (interface.name == "eth0")
            for (const std::string &address : interface.addresses)
                hasAddress = hasAddress || address == expected6;
    QVERIFY2(hasAddress, net::toJson(*view).c_str());
    bool defaultRoute6 = false;
    for (const net::RouteView &route : view->routes)
        defaultRoute6 =
            defaultRoute6 || (route.destination == "::/0" && route.gateway == network->gateway6);
    QVERIFY2(defaultRoute6, net::toJson(*view).c_str());

    stop(id);
    auto detached = m_store->detach(ask.containerId);
    QVERIFY2(detached, why(detached).c_str());
    QCOMPARE(httpGet(onAddress, hostAddress), QByteArray());
    const QByteArray after6 = command(QStringLiteral("ip6tables-save"), {});
    QVERIFY2(!after6.contains(QByteArray::fromStdString(ask.containerId)), after6.constData());
    // The address is free again.
    auto next = m_store->attach(request("web6b", "dual"));
    QVERIFY2(next, why(next).c_str());
    QCOMPARE(next->address6, expected6);
}

#include "test_network.moc"
