// glassbox-bench-helper: glassbox-helper on a private system bus with the real polkitd (the
// tests' TestSystemBus fixture), measured side by side with podman and the bare runtime:
//
//   start  the time from sending Start over D-Bus to the container's PropertiesChanged with
//          State=running, against `podman run -d` and `glassbox-runtime run --detach` of the
//          same busybox rootfs (fork to reaped exit), alternating per iteration with the
//          same pause before each; two more rows split the helper's Start: the shim alone
//          and a polkit-checked call that changes nothing;
//   stats  GetStats for all containers at 1 Hz, the helper's CPU time per second of wall
//          time (utime+stime from /proc/PID/stat), against `podman stats --no-stream` at 1 Hz
//          for as many podman containers (CPU time of each podman process, from wait4).
//
// usage: glassbox-bench-helper --work DIR --helper BIN --shim BIN --runtime BIN
//            --bundle DIR --podman-image REF --cgroup-parent PATH [--podman-runtime NAME]
//            [--runs N] [--containers N] [--seconds N]
// Everything it makes lives under DIR (helper state, run and store dirs, podman's store,
// the bare runtime's root); it removes its containers at the end, and bench/helper.sh's trap
// removes whatever a failed run left. The helper's pid is written to DIR/helper.pid for it.
#include "bench_support.h"
#include "system_bus.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QDBusVariant>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using glassbox::api::kManagerPath;
using glassbox::api::kService;
constexpr QLatin1String kContainer = glassbox::api::kContainerInterface;
constexpr unsigned long kPauseMs = 100;

using glassbox::bench::cpuSeconds;
using glassbox::bench::die;
using glassbox::bench::median;
using glassbox::bench::nowMs;
using glassbox::bench::percentile;
using glassbox::bench::statusField;

using glassbox::bench::CommandResult;
using glassbox::bench::runCommand;

/// Records when a container's PropertiesChanged says State=running.
class RunningWatch : public QObject
{
    Q_OBJECT

public:
    QString path;
    double runningAtMs = 0;

public Q_SLOTS:
    void changed(const QString &interface, const QVariantMap &properties, const QStringList &,
                 const QDBusMessage &message)
    {
        const double at = nowMs();
        if (runningAtMs == 0 && message.path() == path && interface == kContainer &&
            properties.value(QStringLiteral("State")).toString() == QStringLiteral("running"))
            runningAtMs = at;
    }
};

class Bench
{
public:
    QString work, helperBinary, shimBinary, runtimeBinary, bundle, podmanImage, cgroupParent,
        podmanRuntime;
    int runs = 30;
    int containers = 100;
    int seconds = 30;

    void run();

private:
    std::unique_ptr<glassbox::test::TestSystemBus> m_bus;
    std::unique_ptr<QProcess> m_helper;
    RunningWatch m_watch;
    QStringList m_helperPaths;
    int m_podmanContainers = 0;
    QStringList m_bareIds;

    QDBusConnection bus() const { return m_bus->connection(); }
    QString errorLog() const { return work + QStringLiteral("/commands.err"); }
    QStringList podman(const QStringList &arguments) const;

    void startHelper();
    QDBusMessage call(const QString &path, const QString &interface, const QString &method,
                      const QVariantList &arguments = {});
    QString createHelperContainer();
    double startHelperContainer(const QString &path);
    double runPodmanContainer();
    double runBareContainer(const QString &id);
    double runShimAlone(const QString &id);
    double polkitCheckedCall(const QString &path);
    void compareStart();
    void compareStats();
    void cleanUp();
};

QStringList Bench::podman(const QStringList &arguments) const
{
    return glassbox::bench::podmanCommand(work, podmanRuntime, arguments);
}

void Bench::startHelper()
{
    m_helper = glassbox::bench::startHelper(*m_bus, work, helperBinary, shimBinary, runtimeBinary);
    // The helper sends its signals only to clients polkit allowed to view; listing the
    // objects once, as every client does first, makes this one of them.
    const QDBusMessage listed =
        call(kManagerPath, QStringLiteral("org.freedesktop.DBus.ObjectManager"),
             QStringLiteral("GetManagedObjects"));
    if (listed.type() != QDBusMessage::ReplyMessage)
        die(QStringLiteral("GetManagedObjects: %1").arg(listed.errorMessage()));
}

QDBusMessage Bench::call(const QString &path, const QString &interface, const QString &method,
                         const QVariantList &arguments)
{
    QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
    message.setArguments(arguments);
    return bus().call(message, QDBus::Block, 120000);
}

QString Bench::createHelperContainer()
{
    const QDBusMessage reply =
        call(kManagerPath, kService, QStringLiteral("CreateContainer"),
             {QStringLiteral("busybox"), QString(),
              QVariantMap{{QStringLiteral("Command"),
                           QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}}});
    if (reply.type() != QDBusMessage::ReplyMessage)
        die(QStringLiteral("CreateContainer: ") + reply.errorMessage());
    const QString path = reply.arguments().value(0).value<QDBusObjectPath>().path();
    m_helperPaths.append(path);
    return path;
}

double Bench::startHelperContainer(const QString &path)
{
    m_watch.path = path;
    m_watch.runningAtMs = 0;
    const double start = nowMs();
    QDBusPendingCall pending = bus().asyncCall(
        QDBusMessage::createMethodCall(kService, path, kContainer, QStringLiteral("Start")),
        120000);
    QDeadlineTimer deadline(120000);
    // The signal is sent before the reply; an error reply means it will never come.
    while (m_watch.runningAtMs == 0 && !deadline.hasExpired() &&
           !(pending.isFinished() && pending.isError()))
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    pending.waitForFinished();
    if (pending.isError())
        die(QStringLiteral("Start: ") + pending.error().message());
    if (m_watch.runningAtMs == 0)
        die(QStringLiteral("no PropertiesChanged with State=running for %1").arg(path));
    return m_watch.runningAtMs - start;
}

double Bench::runPodmanContainer()
{
    // The flags tests/core/test_podman.cpp uses on this host: no CAP_SYS_RESOURCE, so
    // podman's default rlimits (1048576) cannot be set; cgroups nested under our own.
    const CommandResult result =
        runCommand(podman({QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--network"),
                           QStringLiteral("none"), QStringLiteral("--cgroup-parent"), cgroupParent,
                           QStringLiteral("--ulimit"), QStringLiteral("nofile=1024:1024"),
                           QStringLiteral("--ulimit"), QStringLiteral("nproc=4096:4096"),
                           podmanImage, QStringLiteral("sleep"), QStringLiteral("1000")}),
                   errorLog());
    if (result.status != 0)
        die(QStringLiteral("podman run failed (%1); see %2").arg(result.status).arg(errorLog()));
    ++m_podmanContainers;
    return result.wallMs;
}

double Bench::runBareContainer(const QString &id)
{
    const CommandResult result = runCommand(
        {runtimeBinary, QStringLiteral("--root"), work + QStringLiteral("/bare"),
         QStringLiteral("run"), QStringLiteral("--detach"), QStringLiteral("--bundle"), bundle, id},
        errorLog());
    if (result.status != 0)
        die(QStringLiteral("glassbox-runtime run failed (%1); see %2")
                .arg(result.status)
                .arg(errorLog()));
    m_bareIds.append(id);
    return result.wallMs;
}

double Bench::runShimAlone(const QString &id)
{
    // What the helper spawns for a Start, run directly on the bare runtime's bundle: the shim
    // exits once its container is created and started.
    const QString dir = work + QStringLiteral("/shims/") + id;
    QDir().mkpath(dir);
    const CommandResult result =
        runCommand({shimBinary, QStringLiteral("--runtime-root"), work + QStringLiteral("/bare"),
                    QStringLiteral("--id"), id, QStringLiteral("--bundle"), bundle,
                    QStringLiteral("--dir"), dir},
                   errorLog());
    if (result.status != 0)
        die(QStringLiteral("glassbox-shim failed (%1); see %2").arg(result.status).arg(errorLog()));
    m_bareIds.append(id);
    return result.wallMs;
}

double Bench::polkitCheckedCall(const QString &path)
{
    // Kill of a container that is not running: validated, checked with polkitd (manage
    // actions are asked every time), then refused; the round trip every Start also makes.
    const double start = nowMs();
    const QDBusMessage reply = call(path, kContainer, QStringLiteral("Kill"), {int(SIGKILL)});
    const double elapsed = nowMs() - start;
    if (reply.errorName() != glassbox::api::error::kFailed)
        die(QStringLiteral("Kill of a created container: %1 %2")
                .arg(reply.errorName(), reply.errorMessage()));
    return elapsed;
}

void Bench::compareStart()
{
    // One untimed round first: the helper makes the busybox image on first use and the
    // runtime compiles the seccomp profile into its cache once; podman warms its store.
    startHelperContainer(createHelperContainer());
    runPodmanContainer();
    runBareContainer(QStringLiteral("bench-warmup"));

    std::vector<double> helper, podmanRun, bare, shim, polkit;
    for (int i = 0; i < runs; ++i) {
        // CreateContainer (the writable layer and bundle) is not part of the start.
        // The same pause before each timed step: moving a process into a cgroup waits for an
        // RCU grace period unless another migration happened just before (see the runtime
        // benchmark), so without it whichever step follows another start looks faster.
        const auto pause = [] {
            QThread::msleep(kPauseMs);
        };
        const QString path = createHelperContainer();
        pause();
        polkit.push_back(polkitCheckedCall(path));
        pause();
        helper.push_back(startHelperContainer(path));
        pause();
        podmanRun.push_back(runPodmanContainer());
        pause();
        bare.push_back(runBareContainer(QStringLiteral("bench-%1").arg(i)));
        pause();
        shim.push_back(runShimAlone(QStringLiteral("bench-shim-%1").arg(i)));
    }
    std::printf("\n## start: Start call to PropertiesChanged State=running, %d runs each, "
                "alternating, %lu ms pause before each (ms)\n",
                runs, kPauseMs);
    std::printf("| | median | p90 | min | max |\n|---|---|---|---|---|\n");
    const auto row = [](const char *name, const std::vector<double> &values) {
        std::printf("| %s | %.1f | %.1f | %.1f | %.1f |\n", name, median(values),
                    percentile(values, 0.9), *std::min_element(values.begin(), values.end()),
                    *std::max_element(values.begin(), values.end()));
    };
    row("helper Start -> State=running", helper);
    row("podman run -d", podmanRun);
    row("glassbox-runtime run --detach", bare);
    row("(part of Start) glassbox-shim alone, to created+started", shim);
    row("(part of Start) polkit-checked call (Kill, refused)", polkit);
    std::printf("helper / bare runtime (median): %.2fx (target < 2x); helper / podman: %.2fx\n",
                median(helper) / median(bare), median(helper) / median(podmanRun));
    std::fflush(stdout);

    // The bare runtime's containers are not part of the stats comparison.
    for (const QString &id : std::as_const(m_bareIds))
        runCommand({runtimeBinary, QStringLiteral("--root"), work + QStringLiteral("/bare"),
                    QStringLiteral("delete"), QStringLiteral("--force"), id},
                   errorLog());
    m_bareIds.clear();
}

void Bench::compareStats()
{
    while (m_helperPaths.size() < containers)
        startHelperContainer(createHelperContainer());
    while (m_podmanContainers < containers)
        runPodmanContainer();
    QStringList ids;
    for (const QString &path : std::as_const(m_helperPaths))
        ids.append(path.section(QLatin1Char('/'), -1));
    const qint64 pid = m_helper->processId();

    // What the helper costs with nothing asked of it, for comparison.
    const int idleSeconds = std::min(seconds, 10);
    double cpu0 = cpuSeconds(pid);
    QThread::sleep(unsigned(idleSeconds));
    QCoreApplication::processEvents();
    const double idle = (cpuSeconds(pid) - cpu0) / idleSeconds * 100;

    // GetStats for every container once a second. Samples older than the helper's 500 ms
    // cache are read again, so each poll here is a fresh read of 100 cgroups.
    std::vector<double> callMs;
    int entries = -1;
    cpu0 = cpuSeconds(pid);
    double wall0 = nowMs();
    for (int i = 0; i < seconds; ++i) {
        const double tick = wall0 + 1000.0 * i;
        while (nowMs() < tick)
            QThread::usleep(useconds_t(std::min(100.0, tick - nowMs()) * 1000));
        const double start = nowMs();
        const QDBusMessage reply = call(kManagerPath, kService, QStringLiteral("GetStats"), {ids});
        callMs.push_back(nowMs() - start);
        if (reply.type() != QDBusMessage::ReplyMessage)
            die(QStringLiteral("GetStats: ") + reply.errorMessage());
        // Count the entries (a(stttttttttt)): every running container must have one.
        const QDBusArgument list = reply.arguments().value(0).value<QDBusArgument>();
        int count = 0;
        list.beginArray();
        while (!list.atEnd()) {
            QString id;
            qulonglong value = 0;
            list.beginStructure();
            list >> id;
            for (int field = 0; field < 8; ++field)
                list >> value;
            list.endStructure();
            ++count;
        }
        list.endArray();
        entries = count;
    }
    double wall = (nowMs() - wall0) / 1000;
    const double helperCpu = (cpuSeconds(pid) - cpu0) / wall * 100;
    const QByteArray rss = statusField(pid, "VmRSS");

    // podman stats --no-stream for the podman containers, once a second.
    std::vector<double> podmanMs;
    double podmanCpu = 0;
    int late = 0;
    wall0 = nowMs();
    for (int i = 0; i < seconds; ++i) {
        const double tick = wall0 + 1000.0 * i;
        if (nowMs() > tick + 1)
            ++late;
        while (nowMs() < tick)
            QThread::usleep(useconds_t(std::min(100.0, tick - nowMs()) * 1000));
        const CommandResult result = runCommand(
            podman({QStringLiteral("stats"), QStringLiteral("--no-stream")}), errorLog());
        if (result.status != 0)
            die(QStringLiteral("podman stats failed; see %1").arg(errorLog()));
        podmanMs.push_back(result.wallMs);
        podmanCpu += result.cpuSeconds;
    }
    wall = (nowMs() - wall0) / 1000;

    std::printf("\n## stats: %d running containers, polled at 1 Hz for %d s\n", containers,
                seconds);
    std::printf("| | CPU, %% of one core | per poll (ms, median / p90) |\n|---|---|---|\n");
    std::printf("| helper, idle (no polling, %d s) | %.2f | - |\n", idleSeconds, idle);
    std::printf("| helper, GetStats(%d ids) | %.2f | %.1f / %.1f |\n", int(ids.size()), helperCpu,
                median(callMs), percentile(callMs, 0.9));
    std::printf("| podman stats --no-stream | %.2f | %.1f / %.1f |\n", podmanCpu / wall * 100,
                median(podmanMs), percentile(podmanMs, 0.9));
    std::printf("GetStats entries per reply: %d; helper VmRSS with %d containers: %s; podman "
                "polls that started late: %d\n",
                entries, int(m_helperPaths.size()), rss.constData(), late);
    std::fflush(stdout);
    if (entries != containers)
        die(QStringLiteral("GetStats answered %1 entries for %2 containers")
                .arg(entries)
                .arg(containers));
}

void Bench::cleanUp()
{
    // Remove(force) for every helper container at once, then the helper itself.
    const int failed = glassbox::bench::removeContainers(bus(), m_helperPaths);
    if (failed)
        std::fprintf(stderr, "glassbox-bench-helper: %d helper containers were not removed\n",
                     failed);
    m_helper->terminate();
    if (!m_helper->waitForFinished(10000)) {
        m_helper->kill();
        m_helper->waitForFinished();
    }
    runCommand(podman({QStringLiteral("rm"), QStringLiteral("--all"), QStringLiteral("--force"),
                       QStringLiteral("--time"), QStringLiteral("0")}),
               errorLog());
}

void Bench::run()
{
    if (const QString why = glassbox::test::TestSystemBus::skipReason(); !why.isEmpty())
        die(why);
    m_bus = std::make_unique<glassbox::test::TestSystemBus>();
    if (!m_bus->isValid())
        die(m_bus->error());
    // Every PropertiesChanged on the bus; RunningWatch picks the container it waits for.
    if (!bus().connect(QString(), QString(), QStringLiteral("org.freedesktop.DBus.Properties"),
                       QStringLiteral("PropertiesChanged"), &m_watch,
                       SLOT(changed(QString, QVariantMap, QStringList, QDBusMessage))))
        die(QStringLiteral("cannot subscribe to PropertiesChanged"));
    startHelper();
    std::printf("helper pid %lld on a private system bus with polkitd; podman runtime: %s\n",
                m_helper->processId(),
                podmanRuntime.isEmpty() ? "its default" : qPrintable(podmanRuntime));
    compareStart();
    compareStats();
    cleanUp();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("glassbox-helper's start and stats costs against podman"));
    parser.addHelpOption();
    const auto option = [&parser](const char *name, const char *help) {
        return glassbox::bench::valueOption(parser, name, help);
    };
    const QCommandLineOption work = option("work", "Directory for everything the bench makes.");
    const QCommandLineOption helper = option("helper", "glassbox-helper binary.");
    const QCommandLineOption shim = option("shim", "glassbox-shim binary.");
    const QCommandLineOption runtime = option("runtime", "glassbox-runtime binary.");
    const QCommandLineOption bundle = option("bundle", "Bundle for the bare runtime (sleep).");
    const QCommandLineOption image = option("podman-image", "podman image of the same rootfs.");
    const QCommandLineOption cgroup = option("cgroup-parent", "podman's --cgroup-parent.");
    const QCommandLineOption podmanRuntime = option("podman-runtime", "podman's --runtime.");
    const QCommandLineOption runs = option("runs", "Start samples per system (30).");
    const QCommandLineOption containers = option("containers", "Containers for stats (100).");
    const QCommandLineOption seconds = option("seconds", "Seconds of 1 Hz polling (30).");
    parser.process(app);
    for (const QCommandLineOption &required : {work, helper, shim, runtime, bundle, image, cgroup})
        if (!parser.isSet(required))
            die(QStringLiteral("--%1 is required").arg(required.names().constFirst()));

    Bench bench;
    bench.work = QDir(parser.value(work)).absolutePath();
    bench.helperBinary = parser.value(helper);
    bench.shimBinary = parser.value(shim);
    bench.runtimeBinary = parser.value(runtime);
    bench.bundle = parser.value(bundle);
    bench.podmanImage = parser.value(image);
    bench.cgroupParent = parser.value(cgroup);
    bench.podmanRuntime = parser.value(podmanRuntime);
    if (parser.isSet(runs))
        bench.runs = parser.value(runs).toInt();
    if (parser.isSet(containers))
        bench.containers = parser.value(containers).toInt();
    if (parser.isSet(seconds))
        bench.seconds = parser.value(seconds).toInt();
    if (bench.runs < 1 || bench.containers < bench.runs + 1 || bench.seconds < 1)
        die(QStringLiteral("--runs, --containers (> runs) and --seconds must be positive"));
    bench.run();
    return 0;
}

#include "helper_bench.moc"
