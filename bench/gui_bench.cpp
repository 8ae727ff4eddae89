// glassbox-bench-gui: the desktop application with many running containers (issue 6's
// targets: under 100 MB RSS, under 3 % of one core with the Resources tab open, under 1 s
// from launch to a populated list). It runs the real glassbox-helper on a private system bus
// with the real polkitd (the tests' TestSystemBus fixture), creates and starts N busybox
// containers running `sleep 1000`, then:
//
//   launch  starts `glassbox --bus-address ADDRESS --show bench-000 --tab resources` with
//           QT_LOGGING_RULES=glassbox.startup.info=true, L times, and takes the time from
//           just before the fork to the CLOCK_MONOTONIC time the application logs when its
//           containers list is first painted with all N rows (StartupLog.h);
//   steady  keeps the last one running with the Resources tab open: after a settling pause,
//           its utime+stime from /proc/PID/stat over S seconds of wall time and in each of
//           them, VmRSS every second and VmHWM at the end; the helper's CPU over the same
//           window.
//
// usage: glassbox-bench-gui --work DIR --helper BIN --shim BIN --runtime BIN --gui BIN
//            [--containers N] [--launches L] [--seconds S]
// Everything it makes lives under DIR; the pids of the helper and the application are
// written to DIR/helper.pid and DIR/gui.pid, so bench/gui.sh's trap (bench/lib.sh) removes
// whatever a failed run left. The display is the caller's (bench/gui.sh starts Xvfb).
#include "bench_support.h"
#include "system_bus.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <unistd.h>
#include <vector>

namespace {

using glassbox::api::kManagerPath;
using glassbox::api::kService;
constexpr QLatin1String kContainer = glassbox::api::kContainerInterface;

using glassbox::bench::cpuSeconds;
using glassbox::bench::die;
using glassbox::bench::median;
using glassbox::bench::statusField;

double monotonicSeconds()
{
    return glassbox::bench::nowMs() / 1000;
}

/// A "kB" field of /proc/PID/status (VmRSS, VmHWM) in MB (10^6 bytes); -1 if missing.
double statusMegabytes(qint64 pid, const QByteArray &name)
{
    const QByteArray field = statusField(pid, name);
    return field.isEmpty() ? -1 : field.split(' ').value(0).toDouble() * 1024 / 1e6;
}

class Bench
{
public:
    QString work, helperBinary, shimBinary, runtimeBinary, guiBinary;
    int containers = 100;
    int launches = 5;
    int seconds = 60;

    void run();

private:
    struct Launch
    {
        double populatedS = -1; ///< launch to the rows in the model
        double paintedS = -1;   ///< launch to the first paint with them
        int rows = -1;
    };

    std::unique_ptr<glassbox::test::TestSystemBus> m_bus;
    std::unique_ptr<QProcess> m_helper;
    std::unique_ptr<QProcess> m_gui;
    QStringList m_paths;

    QDBusConnection bus() const { return m_bus->connection(); }
    QDBusMessage call(const QString &path, const QString &interface, const QString &method,
                      const QVariantList &arguments = {});
    void startHelper();
    void startContainers();
    Launch launchGui();
    void stopGui();
    void cleanUp();
};

QDBusMessage Bench::call(const QString &path, const QString &interface, const QString &method,
                         const QVariantList &arguments)
{
    QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
    message.setArguments(arguments);
    const QDBusMessage reply = bus().call(message, QDBus::Block, 120000);
    if (reply.type() != QDBusMessage::ReplyMessage)
        die(QStringLiteral("%1: %2").arg(method, reply.errorMessage()));
    return reply;
}

void Bench::startHelper()
{
    m_helper = glassbox::bench::startHelper(*m_bus, work, helperBinary, shimBinary, runtimeBinary);
}

void Bench::startContainers()
{
    // Start replies once the container runs. Sequential: the helper is not what is measured.
    for (int i = 0; i < containers; ++i) {
        const QDBusMessage created = call(
            kManagerPath, kService, QStringLiteral("CreateContainer"),
            {QStringLiteral("busybox"), QStringLiteral("bench-%1").arg(i, 3, 10, QLatin1Char('0')),
             QVariantMap{{QStringLiteral("Command"),
                          QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}}});
        const QString path = created.arguments().value(0).value<QDBusObjectPath>().path();
        m_paths.append(path);
        call(path, kContainer, QStringLiteral("Start"));
    }
}

Bench::Launch Bench::launchGui()
{
    m_gui = std::make_unique<QProcess>();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_LOGGING_RULES"),
                       QStringLiteral("glassbox.startup.info=true"));
    m_gui->setProcessEnvironment(environment);
    // Its output goes to a file (no pipe to keep drained), read back for the start-up lines.
    const QString logName = work + QStringLiteral("/gui.log");
    QFile::remove(logName);
    m_gui->setStandardOutputFile(logName);
    m_gui->setStandardErrorFile(logName);
    const double start = monotonicSeconds();
    m_gui->start(guiBinary, {QStringLiteral("--bus-address"), m_bus->address(),
                             QStringLiteral("--show"), QStringLiteral("bench-000"),
                             QStringLiteral("--tab"), QStringLiteral("resources")});
    if (!m_gui->waitForStarted())
        die(QStringLiteral("cannot start %1").arg(guiBinary));
    QFile pidFile(work + QStringLiteral("/gui.pid"));
    if (pidFile.open(QIODevice::WriteOnly))
        pidFile.write(QByteArray::number(m_gui->processId()) + '\n');

    // "glassbox.startup: containers list painted: 100 rows at CLOCK_MONOTONIC 123.456 s"
    static const QRegularExpression line(
        QStringLiteral("glassbox\\.startup: containers list (populated|painted): (\\d+) rows at "
                       "CLOCK_MONOTONIC ([0-9.]+) s"));
    Launch launch;
    QDeadlineTimer deadline(60000);
    while (launch.paintedS < 0) {
        if (deadline.hasExpired() || m_gui->state() != QProcess::Running)
            die(QStringLiteral("glassbox did not log its list (see %1)").arg(logName));
        QThread::msleep(20); // the time is the one glassbox logs, not when it is read
        QFile log(logName);
        if (!log.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = log.readAll().split('\n');
        for (const QByteArray &text : lines) {
            const QRegularExpressionMatch match = line.match(QString::fromUtf8(text));
            if (!match.hasMatch())
                continue;
            const double at = match.captured(3).toDouble() - start;
            launch.rows = match.captured(2).toInt();
            (match.captured(1) == QLatin1String("painted") ? launch.paintedS : launch.populatedS) =
                at;
        }
    }
    return launch;
}

void Bench::stopGui()
{
    if (!m_gui)
        return;
    m_gui->terminate();
    if (!m_gui->waitForFinished(10000)) {
        m_gui->kill();
        m_gui->waitForFinished();
    }
    m_gui.reset();
    QFile::remove(work + QStringLiteral("/gui.pid"));
}

void Bench::cleanUp()
{
    stopGui();
    const int failed = glassbox::bench::removeContainers(bus(), m_paths);
    if (failed)
        std::fprintf(stderr, "glassbox-bench-gui: %d containers were not removed\n", failed);
    m_helper->terminate();
    if (!m_helper->waitForFinished(10000)) {
        m_helper->kill();
        m_helper->waitForFinished();
    }
}

void Bench::run()
{
    if (const QString why = glassbox::test::TestSystemBus::skipReason(); !why.isEmpty())
        die(why);
    m_bus = std::make_unique<glassbox::test::TestSystemBus>();
    if (!m_bus->isValid())
        die(m_bus->error());
    startHelper();
    const double before = monotonicSeconds();
    startContainers();
    std::printf("helper pid %lld on a private system bus with polkitd; %d containers created "
                "and started in %.1f s\n",
                m_helper->processId(), containers, monotonicSeconds() - before);
    std::fflush(stdout);

    std::vector<double> painted, populated;
    for (int i = 0; i < launches; ++i) {
        if (i > 0) {
            stopGui();
            QThread::sleep(1);
        }
        const Launch launch = launchGui();
        if (launch.rows != containers)
            die(QStringLiteral("the list had %1 rows for %2 containers")
                    .arg(launch.rows)
                    .arg(containers));
        painted.push_back(launch.paintedS * 1000);
        populated.push_back(launch.populatedS * 1000);
    }
    std::printf("\n## launch to a populated list (%d containers), %d launches (ms)\n", containers,
                launches);
    std::printf("| | median | min | max | each |\n|---|---|---|---|---|\n");
    const auto row = [](const char *name, const std::vector<double> &values) {
        QStringList each;
        for (const double value : values)
            each.append(QString::number(value, 'f', 0));
        std::printf("| %s | %.0f | %.0f | %.0f | %s |\n", name, median(values),
                    *std::min_element(values.begin(), values.end()),
                    *std::max_element(values.begin(), values.end()),
                    qPrintable(each.join(QLatin1Char(' '))));
    };
    row("rows in the model", populated);
    row("**first paint of the list with them**", painted);
    std::fflush(stdout);

    // The last one stays, Resources tab open: let its start-up work finish, then measure.
    const qint64 gui = m_gui->processId();
    const qint64 helper = m_helper->processId();
    QThread::sleep(5);
    const double gui0 = cpuSeconds(gui);
    const double helper0 = cpuSeconds(helper);
    const double wall0 = monotonicSeconds();
    std::vector<double> rss, perSecond;
    double cpuBefore = gui0;
    for (int i = 1; i <= seconds; ++i) {
        while (monotonicSeconds() < wall0 + i)
            QThread::msleep(20);
        if (m_gui->state() != QProcess::Running)
            die(QStringLiteral("glassbox exited during the measurement"));
        rss.push_back(statusMegabytes(gui, "VmRSS"));
        // Each second's own CPU (clock ticks: 10 ms, so steps of 1 %).
        const double cpuNow = cpuSeconds(gui);
        perSecond.push_back((cpuNow - cpuBefore) * 100);
        cpuBefore = cpuNow;
    }
    const double wall = monotonicSeconds() - wall0;
    const double guiCpu = (cpuSeconds(gui) - gui0) / wall * 100;
    const double helperCpu = (cpuSeconds(helper) - helper0) / wall * 100;
    const double hwm = statusMegabytes(gui, "VmHWM");
    std::printf("\n## steady state, Resources tab of bench-000 open, %.0f s\n", wall);
    std::printf("| | value |\n|---|---|\n");
    std::printf("| **glassbox CPU, %% of one core** | **%.2f** |\n", guiCpu);
    std::printf("| glassbox CPU of each second, %% of one core: median / max | %.0f / %.0f |\n",
                median(perSecond), *std::max_element(perSecond.begin(), perSecond.end()));
    std::printf("| **glassbox VmRSS, MB** (median / max of %d samples) | **%.1f** / %.1f |\n",
                int(rss.size()), median(rss), *std::max_element(rss.begin(), rss.end()));
    std::printf("| glassbox VmHWM (peak RSS), MB | %.1f |\n", hwm);
    std::printf("| helper CPU in the same window, %% of one core | %.2f |\n", helperCpu);
    std::printf("targets: list %s (< 1000 ms), CPU %s (< 3 %%), RSS %s (< 100 MB)\n",
                median(painted) < 1000 ? "met" : "MISSED", guiCpu < 3 ? "met" : "MISSED",
                hwm < 100 ? "met" : "MISSED");
    std::fflush(stdout);
    cleanUp();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("glassbox's start-up, memory and CPU with many running containers"));
    parser.addHelpOption();
    const auto option = [&parser](const char *name, const char *help) {
        return glassbox::bench::valueOption(parser, name, help);
    };
    const QCommandLineOption work = option("work", "Directory for everything the bench makes.");
    const QCommandLineOption helper = option("helper", "glassbox-helper binary.");
    const QCommandLineOption shim = option("shim", "glassbox-shim binary.");
    const QCommandLineOption runtime = option("runtime", "glassbox-runtime binary.");
    const QCommandLineOption gui = option("gui", "glassbox binary.");
    const QCommandLineOption containers = option("containers", "Running containers (100).");
    const QCommandLineOption launches = option("launches", "Launches timed (5).");
    const QCommandLineOption seconds = option("seconds", "Seconds of steady state (60).");
    parser.process(app);
    for (const QCommandLineOption &required : {work, helper, shim, runtime, gui})
        if (!parser.isSet(required))
            die(QStringLiteral("--%1 is required").arg(required.names().constFirst()));

    Bench bench;
    bench.work = QDir(parser.value(work)).absolutePath();
    bench.helperBinary = parser.value(helper);
    bench.shimBinary = parser.value(shim);
    bench.runtimeBinary = parser.value(runtime);
    bench.guiBinary = parser.value(gui);
    if (parser.isSet(containers))
        bench.containers = parser.value(containers).toInt();
    if (parser.isSet(launches))
        bench.launches = parser.value(launches).toInt();
    if (parser.isSet(seconds))
        bench.seconds = parser.value(seconds).toInt();
    if (bench.containers < 1 || bench.launches < 1 || bench.seconds < 1)
        die(QStringLiteral("--containers, --launches and --seconds must be positive"));
    bench.run();
    return 0;
}
