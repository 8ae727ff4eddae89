// glassbox-bench-network: container networking (issue 16), glassbox-helper on a private
// system bus with the real polkitd against podman + netavark, in one run, alternating:
//
//   port   the time from sending Start to the first complete HTTP answer of a published
//          port (busybox httpd behind -p 127.0.0.1:P:80), against the time from exec of
//          `podman run -d -p 127.0.0.1:P:80` of the same image and command to the same;
//          attempts every 1 ms, each a non-blocking connect + GET kept open up to 1 s, so an
//          attempt stuck on a socket that answers nothing (podman's port reservation) does
//          not delay the next;
//   net    Start call -> reply on Network "none", on "glassbox" (the default, with DNS) and
//          on a network made without DNS (no ports), against `podman run -d --network none`,
//          on podman's default bridge network (no DNS), and on a podman network with DNS:
//          the extra start latency a network adds, per run as the difference between the
//          two starts of that run.
//
// usage: glassbox-bench-network --work DIR --helper BIN --shim BIN --runtime BIN
//            --podman-image REF --cgroup-parent PATH --podman-dns-network NAME
//            [--podman-runtime NAME] [--runs N] [--port-base N]
// It refuses to run unless GB_BENCH_HOST_NETNS names a network namespace other than its
// own: bench/network.sh runs it in one of its own, where 127.0.0.1 is the only address it
// sends to. Everything it makes lives under DIR; it removes its containers after each run,
// and bench/network.sh's trap removes whatever a failed run left. The helper's pid is
// written to DIR/helper.pid for it.
#include "DBusTypes.h"
#include "bench_support.h"
#include "system_bus.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QThread>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using glassbox::api::kManagerPath;
using glassbox::api::kService;
constexpr QLatin1String kContainer = glassbox::api::kContainerInterface;
constexpr unsigned long kPauseMs = 100;
constexpr double kAttemptEveryMs = 1;
constexpr double kAttemptGiveUpMs = 1000;
constexpr double kPageTimeoutMs = 60000;
const char kHttpd[] = "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 80 -h /www";

using glassbox::bench::die;
using glassbox::bench::median;
using glassbox::bench::nowMs;
using glassbox::bench::percentile;

using glassbox::bench::exitStatus;
using glassbox::bench::runCommand;
using glassbox::bench::spawnQuiet;

/// When 127.0.0.1:`port` first answers GET / with 200 and the page "ok": a new non-blocking
/// attempt every kAttemptEveryMs while earlier ones wait for their answer. `tick` runs
/// between polls and returns false to give up. 0 when it never answered.
double waitForPage(quint16 port, const std::function<bool()> &tick)
{
    struct Attempt
    {
        int fd = -1;
        double startedMs = 0;
        bool sent = false;
        QByteArray received;
    };
    std::vector<Attempt> attempts;
    const QByteArray request = "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const double deadline = nowMs() + kPageTimeoutMs;
    double next = 0;
    double answeredAt = 0;
    while (answeredAt == 0 && nowMs() < deadline) {
        double now = nowMs();
        if (now >= next && attempts.size() < 512) {
            next = now + kAttemptEveryMs;
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0)
                die(QStringLiteral("socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
            if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 ||
                errno == EINPROGRESS)
                attempts.push_back({fd, now, false, {}});
            else
                ::close(fd); // refused at once: nothing forwards or listens yet
        }
        std::vector<pollfd> fds;
        for (const Attempt &attempt : attempts)
            fds.push_back({attempt.fd, short(attempt.sent ? POLLIN : POLLOUT), 0});
        const double wait = std::max(0.0, next - nowMs());
        const timespec timeout{0, long(wait * 1e6)};
        ::ppoll(fds.data(), fds.size(), &timeout, nullptr);
        now = nowMs();
        for (size_t i = 0; i < fds.size(); ++i) {
            Attempt &attempt = attempts[i];
            bool done = now - attempt.startedMs > kAttemptGiveUpMs;
            if (!done && !attempt.sent && fds[i].revents) {
                int error = 0;
                socklen_t length = sizeof error;
                ::getsockopt(attempt.fd, SOL_SOCKET, SO_ERROR, &error, &length);
                if (error == 0 && ::send(attempt.fd, request.constData(), size_t(request.size()),
                                         MSG_NOSIGNAL) == request.size())
                    attempt.sent = true;
                else
                    done = true;
            } else if (!done && fds[i].revents) {
                char buffer[4096];
                const ssize_t n = ::recv(attempt.fd, buffer, sizeof buffer, 0);
                if (n > 0)
                    attempt.received.append(buffer, n);
                else if (n == 0 || errno != EAGAIN)
                    done = true; // closed (busybox httpd closes after its answer) or reset
                const QByteArray &r = attempt.received;
                const qsizetype body = r.indexOf("\r\n\r\n");
                if (r.startsWith("HTTP/1.") && r.indexOf(" 200 ") > 0 && body > 0 &&
                    r.mid(body + 4).startsWith("ok\n"))
                    answeredAt = now;
            }
            if (done) {
                ::close(attempt.fd);
                attempt.fd = -1;
            }
        }
        std::erase_if(attempts, [](const Attempt &a) { return a.fd < 0; });
        if (!tick())
            break;
    }
    for (const Attempt &attempt : attempts)
        ::close(attempt.fd);
    return answeredAt;
}

struct Samples
{
    std::vector<double> values;
    void add(double value) { values.push_back(value); }
};

class Bench
{
public:
    QString work, helperBinary, shimBinary, runtimeBinary, podmanImage, cgroupParent, podmanRuntime,
        podmanDnsNetwork;
    int runs = 20;
    int portBase = 18000;

    void run();

private:
    std::unique_ptr<glassbox::test::TestSystemBus> m_bus;
    std::unique_ptr<QProcess> m_helper;
    int m_podmanNames = 0;

    QDBusConnection bus() const { return m_bus->connection(); }
    QString errorLog() const { return work + QStringLiteral("/commands.err"); }
    QStringList podman(const QStringList &arguments) const;
    QStringList podmanRun(const QString &name, const QStringList &options,
                          const QStringList &command) const;
    QDBusMessage call(const QString &path, const QString &interface, const QString &method,
                      const QVariantList &arguments = {});

    QString create(const QString &network, quint16 hostPort);
    void remove(const QString &path);
    void removePodman(const QString &name);
    std::pair<double, double> glassboxPage(quint16 port);
    std::pair<double, double> podmanPage(quint16 port);
    double glassboxStart(const QString &network);
    double podmanStart(const QStringList &networkOptions);
};

QStringList Bench::podman(const QStringList &arguments) const
{
    return glassbox::bench::podmanCommand(work, podmanRuntime, arguments);
}

QStringList Bench::podmanRun(const QString &name, const QStringList &options,
                             const QStringList &command) const
{
    // The flags tests/core/test_podman.cpp uses on this host: no CAP_SYS_RESOURCE, so
    // podman's default rlimits cannot be set; cgroups nested under our own.
    return podman(QStringList{QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--name"),
                              name, QStringLiteral("--cgroup-parent"), cgroupParent,
                              QStringLiteral("--ulimit"), QStringLiteral("nofile=1024:1024"),
                              QStringLiteral("--ulimit"), QStringLiteral("nproc=4096:4096")} +
                  options + QStringList{podmanImage} + command);
}

QDBusMessage Bench::call(const QString &path, const QString &interface, const QString &method,
                         const QVariantList &arguments)
{
    QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
    message.setArguments(arguments);
    return bus().call(message, QDBus::Block, 120000);
}

QString Bench::create(const QString &network, quint16 hostPort)
{
    QVariantMap options{{QStringLiteral("Network"), network}};
    if (hostPort) {
        options[QStringLiteral("Command")] =
            QStringList{QStringLiteral("sh"), QStringLiteral("-c"), QString::fromLatin1(kHttpd)};
        QDBusArgument ports;
        ports << GbPortList{{QStringLiteral("127.0.0.1"), hostPort, 80, QStringLiteral("tcp")}};
        options[QStringLiteral("Ports")] = QVariant::fromValue(ports);
    } else {
        options[QStringLiteral("Command")] =
            QStringList{QStringLiteral("sleep"), QStringLiteral("1000")};
    }
    const QDBusMessage reply = call(kManagerPath, kService, QStringLiteral("CreateContainer"),
                                    {QStringLiteral("busybox"), QString(), options});
    if (reply.type() != QDBusMessage::ReplyMessage)
        die(QStringLiteral("CreateContainer: ") + reply.errorMessage());
    return reply.arguments().value(0).value<QDBusObjectPath>().path();
}

void Bench::remove(const QString &path)
{
    const QDBusMessage reply = call(path, kContainer, QStringLiteral("Remove"), {true});
    if (reply.type() != QDBusMessage::ReplyMessage)
        die(QStringLiteral("Remove: ") + reply.errorMessage());
}

void Bench::removePodman(const QString &name)
{
    const int status = runCommand(podman({QStringLiteral("rm"), QStringLiteral("--force"),
                                          QStringLiteral("--time"), QStringLiteral("0"), name}),
                                  errorLog())
                           .status;
    if (status != 0)
        die(QStringLiteral("podman rm %1 failed (%2); see %3")
                .arg(name)
                .arg(status)
                .arg(errorLog()));
}

/// Start -> the page answers, and Start -> its reply (ms).
std::pair<double, double> Bench::glassboxPage(quint16 port)
{
    const QString path = create(QStringLiteral("glassbox"), port);
    QThread::msleep(kPauseMs);
    const double start = nowMs();
    QDBusPendingCall pending = bus().asyncCall(
        QDBusMessage::createMethodCall(kService, path, kContainer, QStringLiteral("Start")),
        120000);
    double repliedAt = 0;
    const auto tick = [&] {
        QCoreApplication::processEvents();
        if (repliedAt == 0 && pending.isFinished())
            repliedAt = nowMs();
        return !(pending.isFinished() && pending.isError());
    };
    const double answeredAt = waitForPage(port, tick);
    pending.waitForFinished();
    if (repliedAt == 0)
        repliedAt = nowMs();
    if (pending.isError())
        die(QStringLiteral("Start: ") + pending.error().message());
    if (answeredAt == 0)
        die(QStringLiteral("127.0.0.1:%1 never answered (glassbox; see %2/helper.log)")
                .arg(port)
                .arg(work));
    remove(path);
    return {answeredAt - start, repliedAt - start};
}

/// exec of `podman run -d -p` -> the page answers, and -> podman's exit (ms).
std::pair<double, double> Bench::podmanPage(quint16 port)
{
    const QString name = QStringLiteral("gbn-%1").arg(++m_podmanNames);
    const QStringList argv =
        podmanRun(name, {QStringLiteral("-p"), QStringLiteral("127.0.0.1:%1:80").arg(port)},
                  {QStringLiteral("sh"), QStringLiteral("-c"), QString::fromLatin1(kHttpd)});
    QThread::msleep(kPauseMs);
    const double start = nowMs();
    const pid_t pid = spawnQuiet(argv, errorLog());
    if (pid < 0)
        die(QStringLiteral("fork failed"));
    double exitedAt = 0;
    int status = 0;
    const auto tick = [&] {
        if (exitedAt == 0 && ::waitpid(pid, &status, WNOHANG) == pid)
            exitedAt = nowMs();
        return exitedAt == 0 || exitStatus(status) == 0;
    };
    const double answeredAt = waitForPage(port, tick);
    if (exitedAt == 0) {
        ::waitpid(pid, &status, 0);
        exitedAt = nowMs();
    }
    if (exitStatus(status) != 0)
        die(QStringLiteral("podman run -p failed (%1); see %2")
                .arg(exitStatus(status))
                .arg(errorLog()));
    if (answeredAt == 0)
        die(QStringLiteral("127.0.0.1:%1 never answered (podman)").arg(port));
    removePodman(name);
    return {answeredAt - start, exitedAt - start};
}

/// Start call -> reply (ms) of a container on `network`.
double Bench::glassboxStart(const QString &network)
{
    const QString path = create(network, 0);
    QThread::msleep(kPauseMs);
    const double start = nowMs();
    const QDBusMessage reply = call(path, kContainer, QStringLiteral("Start"));
    const double elapsed = nowMs() - start;
    if (reply.type() != QDBusMessage::ReplyMessage)
        die(QStringLiteral("Start (%1): %2").arg(network, reply.errorMessage()));
    remove(path);
    return elapsed;
}

/// exec of `podman run -d` -> its exit (ms).
double Bench::podmanStart(const QStringList &networkOptions)
{
    const QString name = QStringLiteral("gbn-%1").arg(++m_podmanNames);
    const QStringList argv =
        podmanRun(name, networkOptions, {QStringLiteral("sleep"), QStringLiteral("1000")});
    QThread::msleep(kPauseMs);
    const glassbox::bench::CommandResult ran = runCommand(argv, errorLog());
    if (ran.status != 0)
        die(QStringLiteral("podman run %1 failed (%2); see %3")
                .arg(networkOptions.join(QLatin1Char(' ')))
                .arg(ran.status)
                .arg(errorLog()));
    removePodman(name);
    return ran.wallMs;
}

void Bench::run()
{
    // bench/network.sh names the namespace it started in (pid 1's may not be readable).
    const QByteArray host = qgetenv("GB_BENCH_HOST_NETNS");
    char link[64] = {};
    const ssize_t n = ::readlink("/proc/self/ns/net", link, sizeof link - 1);
    if (host.isEmpty() || n <= 0 || host == QByteArray(link, n))
        die(QStringLiteral(
            "refusing to run in the host's network namespace; use bench/network.sh"));
    if (const QString why = glassbox::test::TestSystemBus::skipReason(); !why.isEmpty())
        die(why);
    registerGlassboxDBusTypes();
    m_bus = std::make_unique<glassbox::test::TestSystemBus>();
    if (!m_bus->isValid())
        die(m_bus->error());
    m_helper = glassbox::bench::startHelper(*m_bus, work, helperBinary, shimBinary, runtimeBinary,
                                            QStringLiteral("glassbox"));
    std::printf("helper pid %lld on a private system bus with polkitd, --default-network "
                "glassbox; podman runtime: %s\n",
                m_helper->processId(),
                podmanRuntime.isEmpty() ? "its default" : qPrintable(podmanRuntime));
    std::fflush(stdout);

    // A glassbox network without DNS, like podman's default one (no aardvark-dns to start).
    const QString noDns = QStringLiteral("gbbench-nodns");
    const QDBusMessage created = call(kManagerPath, kService, QStringLiteral("CreateNetwork"),
                                      {noDns, QVariantMap{{QStringLiteral("DNS"), false}}});
    if (created.type() != QDBusMessage::ReplyMessage)
        die(QStringLiteral("CreateNetwork %1: %2").arg(noDns, created.errorMessage()));
    const QStringList none{QStringLiteral("--network"), QStringLiteral("none")};
    const QStringList dns{QStringLiteral("--network"), podmanDnsNetwork};
    // One untimed round: the helper makes the busybox image and the glassbox network on
    // first use, the runtime caches its seccomp profile, podman warms its store.
    int port = portBase;
    glassboxPage(quint16(port++));
    podmanPage(quint16(port++));
    glassboxStart(QStringLiteral("glassbox"));
    glassboxStart(noDns);
    podmanStart({});
    podmanStart(dns);

    Samples gbPage, gbReply, pmPage, pmExit, gbNone, gbNet, gbNoDns, pmNone, pmNet, pmDns;
    std::vector<std::function<void()>> steps{
        [&] {
            const auto [page, reply] = glassboxPage(quint16(port++));
            gbPage.add(page);
            gbReply.add(reply);
        },
        [&] {
            const auto [page, exited] = podmanPage(quint16(port++));
            pmPage.add(page);
            pmExit.add(exited);
        },
        [&] { gbNone.add(glassboxStart(QStringLiteral("none"))); },
        [&] { gbNet.add(glassboxStart(QStringLiteral("glassbox"))); },
        [&] { gbNoDns.add(glassboxStart(noDns)); },
        [&] { pmNone.add(podmanStart(none)); },
        [&] { pmNet.add(podmanStart({})); },
        [&] { pmDns.add(podmanStart(dns)); },
    };
    for (int i = 0; i < runs; ++i) {
        // Every other run in the reverse order, so neither side always goes first.
        if (i % 2 == 0)
            for (const auto &step : steps)
                step();
        else
            for (auto step = steps.rbegin(); step != steps.rend(); ++step)
                (*step)();
        std::fprintf(stderr, "\rrun %d/%d", i + 1, runs);
    }
    std::fprintf(stderr, "\n");

    const auto row = [](const char *name, const std::vector<double> &values) {
        std::printf("| %s | %.1f | %.1f | %.1f | %.1f |\n", name, median(values),
                    percentile(values, 0.9), *std::min_element(values.begin(), values.end()),
                    *std::max_element(values.begin(), values.end()));
    };
    const auto difference = [](const Samples &with, const Samples &without) {
        std::vector<double> d;
        for (size_t i = 0; i < with.values.size(); ++i)
            d.push_back(with.values[i] - without.values[i]);
        return d;
    };
    std::printf("\n## port: start to 127.0.0.1:P answering GET / (busybox httpd, -p "
                "127.0.0.1:P:80), %d runs each, alternating, %lu ms pause before each (ms)\n",
                runs, kPauseMs);
    std::printf("| | median | p90 | min | max |\n|---|---|---|---|---|\n");
    row("glassbox: Start sent -> page answered", gbPage.values);
    row("podman: exec of `podman run -d -p` -> page answered", pmPage.values);
    row("(glassbox: Start sent -> its reply)", gbReply.values);
    row("(podman: exec -> `podman run -d -p` exited)", pmExit.values);
    std::printf("glassbox / podman, start to port answering: %.2fx median, %.2fx p90\n",
                median(gbPage.values) / median(pmPage.values),
                percentile(gbPage.values, 0.9) / percentile(pmPage.values, 0.9));

    const std::vector<double> gbExtra = difference(gbNet, gbNone);
    const std::vector<double> gbNoDnsExtra = difference(gbNoDns, gbNone);
    const std::vector<double> pmExtra = difference(pmNet, pmNone);
    const std::vector<double> pmDnsExtra = difference(pmDns, pmNone);
    std::printf("\n## net: start latency with and without a network (no ports), %d runs each, "
                "alternating (ms)\n",
                runs);
    std::printf("| | median | p90 | min | max |\n|---|---|---|---|---|\n");
    row("glassbox Start -> reply, Network none", gbNone.values);
    row("glassbox Start -> reply, Network glassbox (bridge, DNS)", gbNet.values);
    row("glassbox Start -> reply, a network without DNS", gbNoDns.values);
    row("podman run -d --network none", pmNone.values);
    row("podman run -d (default network podman: bridge, no DNS)", pmNet.values);
    row("podman run -d --network <DNS-enabled bridge>", pmDns.values);
    row("extra for a network, glassbox (glassbox - none, per run)", gbExtra);
    row("extra for a network, glassbox (no-DNS network - none, per run)", gbNoDnsExtra);
    row("extra for a network, podman (podman - none, per run)", pmExtra);
    row("extra for a network, podman (DNS bridge - none, per run)", pmDnsExtra);
    std::printf("glassbox / podman, start on a network: %.2fx median (%.2fx against podman's "
                "DNS bridge); extra for a network: %.2fx median, %.2fx p90 (%.2fx / %.2fx "
                "against podman's DNS bridge)\n",
                median(gbNet.values) / median(pmNet.values),
                median(gbNet.values) / median(pmDns.values), median(gbExtra) / median(pmExtra),
                percentile(gbExtra, 0.9) / percentile(pmExtra, 0.9),
                median(gbExtra) / median(pmDnsExtra),
                percentile(gbExtra, 0.9) / percentile(pmDnsExtra, 0.9));
    std::printf("without DNS on both sides: glassbox / podman, extra for a network: %.2fx "
                "median, %.2fx p90\n",
                median(gbNoDnsExtra) / median(pmExtra),
                percentile(gbNoDnsExtra, 0.9) / percentile(pmExtra, 0.9));
    std::printf("difference of the medians (network - none): glassbox %.1f ms (without DNS "
                "%.1f ms), podman %.1f ms (DNS bridge %.1f ms)\n",
                median(gbNet.values) - median(gbNone.values),
                median(gbNoDns.values) - median(gbNone.values),
                median(pmNet.values) - median(pmNone.values),
                median(pmDns.values) - median(pmNone.values));
    std::fflush(stdout);

    m_helper->terminate();
    if (!m_helper->waitForFinished(10000)) {
        m_helper->kill();
        m_helper->waitForFinished();
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "published ports and network start latency: glassbox-helper against podman"));
    parser.addHelpOption();
    const auto option = [&parser](const char *name, const char *help) {
        return glassbox::bench::valueOption(parser, name, help);
    };
    const QCommandLineOption work = option("work", "Directory for everything the bench makes.");
    const QCommandLineOption helper = option("helper", "glassbox-helper binary.");
    const QCommandLineOption shim = option("shim", "glassbox-shim binary.");
    const QCommandLineOption runtime = option("runtime", "glassbox-runtime binary.");
    const QCommandLineOption image = option("podman-image", "podman image of the busybox rootfs.");
    const QCommandLineOption cgroup = option("cgroup-parent", "podman's --cgroup-parent.");
    const QCommandLineOption dnsNetwork =
        option("podman-dns-network", "A podman network with DNS enabled.");
    const QCommandLineOption podmanRuntime = option("podman-runtime", "podman's --runtime.");
    const QCommandLineOption runs = option("runs", "Samples per measure (20).");
    const QCommandLineOption portBase = option("port-base", "First host port (18000).");
    parser.process(app);
    for (const QCommandLineOption &required :
         {work, helper, shim, runtime, image, cgroup, dnsNetwork})
        if (!parser.isSet(required))
            die(QStringLiteral("--%1 is required").arg(required.names().constFirst()));

    Bench bench;
    bench.work = QDir(parser.value(work)).absolutePath();
    bench.helperBinary = parser.value(helper);
    bench.shimBinary = parser.value(shim);
    bench.runtimeBinary = parser.value(runtime);
    bench.podmanImage = parser.value(image);
    bench.cgroupParent = parser.value(cgroup);
    bench.podmanDnsNetwork = parser.value(dnsNetwork);
    bench.podmanRuntime = parser.value(podmanRuntime);
    if (parser.isSet(runs))
        bench.runs = parser.value(runs).toInt();
    if (parser.isSet(portBase))
        bench.portBase = parser.value(portBase).toInt();
    if (bench.runs < 1 || bench.portBase < 1024 || bench.portBase + 2 * bench.runs + 2 > 65535)
        die(QStringLiteral("--runs must be positive and --port-base leave 2*runs+2 ports "
                           "from 1024 up"));
    bench.run();
    return 0;
}
