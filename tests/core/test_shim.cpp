// glassbox-shim, the per-container supervisor: the protocol files are parsed without root;
// the supervisor itself runs real busybox containers (privileged) and what it leaves in the
// supervision directory is checked against glassbox/shim.h.
#include "bundle.h"

#include "glassbox/cgroup/cgroup.h"
#include "glassbox/shim.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>
#include <QThread>
#include <csignal>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using glassbox::test::Bundle;
using glassbox::test::RunResult;
namespace shim = glassbox::shim;

#define REQUIRE_PRIVILEGES()                                                                       \
    do {                                                                                           \
        if (!m_skip.isEmpty())                                                                     \
            QSKIP(qPrintable(m_skip));                                                             \
    } while (false)

namespace {

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 20000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(10);
    }
    return true;
}

/// A pidfd, so that a reused pid is never signalled.
int openPidfd(pid_t pid)
{
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

/// True once the process behind `pidfd` has exited (a zombie counts).
bool waitForPidfd(int pidfd, int timeoutMs)
{
    pollfd entry{pidfd, POLLIN, 0};
    return ::poll(&entry, 1, timeoutMs) == 1;
}

/// Collects the exit of a process re-parented to this test (a subreaper), so the
/// supervisors and containers it adopts leave no zombies; a no-op for others' processes.
void reap(int pidfd)
{
    siginfo_t info{};
    ::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pidfd), &info, WEXITED | WNOHANG);
}

/// /proc/PID/stat's parent pid, 0 if the process is gone.
pid_t parentOf(pid_t pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 1 ? fields[1].toInt() : 0;
}

/// Running or sleeping, not a zombie and not gone.
bool processAlive(pid_t pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype paren = text.lastIndexOf(')');
    return paren > 0 && paren + 2 < text.size() && text[paren + 2] != 'Z' && text[paren + 2] != 'X';
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// One line of the shim's log: "<RFC 3339 time> <stdout|stderr> <F|P> <content>".
struct LogRecord
{
    QDateTime time;
    QString stream;
    QString tag;
    QString content;
};

/// The records of a log, or nothing with `*bad` naming the first line that is not one.
QList<LogRecord> parseLog(const QByteArray &text, QString *bad)
{
    static const QRegularExpression record(QStringLiteral(
        "^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z) (stdout|stderr) ([FP]) (.*)$"));
    QList<LogRecord> records;
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    for (const QByteArray &line : std::as_const(lines)) {
        const auto match = record.match(QString::fromUtf8(line));
        if (!match.hasMatch()) {
            *bad = QString::fromUtf8(line);
            return {};
        }
        records.append({QDateTime::fromString(match.captured(1), Qt::ISODateWithMs),
                        match.captured(2), match.captured(3), match.captured(4)});
    }
    return records;
}

} // namespace

class TestShim : public QObject
{
    Q_OBJECT

private:
    QString m_skip;
    QTemporaryDir m_state;
    int m_counter = 0;
    QList<int> m_shimPidfds; ///< every supervisor started, killed in cleanup() if still alive

    struct Started
    {
        QString id;
        std::unique_ptr<QTemporaryDir> dir;
        RunResult result; ///< the first process: exit status and stderr
        pid_t shimPid = 0;
        QString path(std::string_view name) const
        {
            return QString::fromStdString(shim::pathIn(dir->path().toStdString(), name));
        }
    };

    QString newId() { return QStringLiteral("gbshim-%1-%2").arg(::getpid()).arg(++m_counter); }

    /// Runs the shim for `bundle` (already written) and returns once its first process exits;
    /// in the cgroup v2 directory `cgroup` when given.
    /// `whileStarting` runs after the shim was spawned, before its exit is awaited.
    Started
    startShim(const Bundle &bundle, const QStringList &extra = {}, const QString &cgroup = {},
              const std::function<void(QProcess &, const QString &dir)> &whileStarting = {});
    /// Waits for exit.json and for the supervisor to exit.
    bool waitForExit(const Started &started, shim::Exit *exit, QString *error);
    /// The container's cgroup directories that exist, from the layout the runtime uses.
    static QStringList remainingCgroups(const QString &id);

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    // Unprivileged: the protocol's parsers and the command line.
    void argumentsRoundTrip();
    void badArgumentsAreRefused_data();
    void badArgumentsAreRefused();
    void exitJsonParses_data();
    void exitJsonParses();
    void startedJsonParses();

    // Privileged: real containers.
    void exitCodeLogAndCleanup();
    void killedBySignal();
    void oomKillIsReported();
    void logRotatesAtCap();
    void badBundleFailsAndLeavesNothing();
    void containerSurvivesShimKill();
    void firstProcessKilledDuringStartStartsNothing();
    void cgroupLeafNestsTheContainer();
    void startGateHoldsTheStart();
};

TestShim::Started
TestShim::startShim(const Bundle &bundle, const QStringList &extra, const QString &cgroup,
                    const std::function<void(QProcess &, const QString &dir)> &whileStarting)
{
    Started started;
    started.id = newId();
    started.dir = std::make_unique<QTemporaryDir>();
    QString error;
    if (!glassbox::test::useTestCgroupParent(bundle.path(), started.id, &error)) {
        started.result.err = error.toUtf8();
        return started;
    }
    QProcess process;
    if (!cgroup.isEmpty()) {
        // As systemd-run --scope puts it into a scope of its own.
        const QByteArray procs = QFile::encodeName(cgroup + QStringLiteral("/cgroup.procs"));
        process.setChildProcessModifier([procs] {
            const int fd = ::open(procs.constData(), O_WRONLY | O_CLOEXEC);
            if (fd < 0 || ::write(fd, "0", 1) != 1)
                ::_exit(126);
            ::close(fd);
        });
    }
    process.setProgram(QStringLiteral(GLASSBOX_SHIM_BINARY));
    process.setArguments(QStringList{QStringLiteral("--runtime-root"), m_state.path(),
                                     QStringLiteral("--id"), started.id, QStringLiteral("--bundle"),
                                     bundle.path(), QStringLiteral("--dir"), started.dir->path()} +
                         extra);
    process.start();
    process.closeWriteChannel();
    if (whileStarting)
        whileStarting(process, started.dir->path());
    if (!process.waitForFinished(60000)) {
        started.result.timedOut = true;
        process.kill();
        process.waitForFinished();
    }
    started.result.exitCode =
        process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    started.result.out = process.readAllStandardOutput();
    started.result.err = process.readAllStandardError();
    if (auto pid = shim::readShimPid(started.dir->path().toStdString()); pid) {
        started.shimPid = *pid;
        if (int pidfd = openPidfd(*pid); pidfd >= 0)
            m_shimPidfds.append(pidfd);
    }
    return started;
}

bool TestShim::waitForExit(const Started &started, shim::Exit *exit, QString *error)
{
    const QString exitFile = started.path(shim::kExitFile);
    if (!waitFor([&] { return QFile::exists(exitFile); })) {
        *error = QStringLiteral("no exit.json after 20 s");
        return false;
    }
    auto parsed = shim::readExit(started.dir->path().toStdString());
    if (!parsed) {
        *error = QString::fromStdString(parsed.error().text());
        return false;
    }
    *exit = *parsed;
    if (started.shimPid <= 0) {
        // A quick container can finish before startShim() looked: the shim removes
        // shim.pid as its very last step, so its absence next to exit.json means it is done.
        const bool done = !QFile::exists(started.path(shim::kPidFile));
        if (!done)
            *error = QStringLiteral("shim.pid appeared too late to be read");
        return done;
    }
    // The supervisor deletes the container after writing exit.json, then exits.
    const int pidfd = openPidfd(started.shimPid);
    const bool gone = pidfd < 0 || waitForPidfd(pidfd, 20000);
    if (pidfd >= 0) {
        reap(pidfd);
        ::close(pidfd);
    }
    if (!gone)
        *error = QStringLiteral("the shim did not exit after writing exit.json");
    return gone;
}

QStringList TestShim::remainingCgroups(const QString &id)
{
    QStringList remaining;
    auto host = glassbox::cgroup::Host::detect();
    if (!host)
        return {QStringLiteral("<cannot detect cgroups>")};
    for (const auto &hierarchy : host->hierarchies) {
        auto path = glassbox::cgroup::containerPath(
            hierarchy, glassbox::test::testCgroupsPath(id).toStdString(), id.toStdString());
        if (!path)
            return {QString::fromStdString(path.error().text())};
        const QString directory = QString::fromStdString(hierarchy.mountPoint + *path);
        if (QFileInfo::exists(directory))
            remaining.append(directory);
    }
    return remaining;
}

void TestShim::initTestCase()
{
    m_skip = glassbox::test::privilegedSkipReason();
    QVERIFY(m_state.isValid());
    // Supervisors (and containers whose supervisor died) are re-parented here rather than to
    // PID 1, which is checked below and lets the suite reap them.
    QCOMPARE(::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
}

void TestShim::cleanup()
{
    // A failed test may leave a supervisor and its container: the supervisor goes first
    // so that it does not race the delete, then every container, cgroups and all.
    for (int pidfd : std::as_const(m_shimPidfds)) {
        ::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0);
        waitForPidfd(pidfd, 5000);
        reap(pidfd);
        ::close(pidfd);
    }
    m_shimPidfds.clear();
    if (!m_skip.isEmpty())
        return;
    const auto ids =
        glassbox::test::runRuntime(m_state.path(), {QStringLiteral("list"), QStringLiteral("-q")})
            .out.split('\n');
    for (const QByteArray &id : ids) {
        if (!id.isEmpty())
            glassbox::test::runRuntime(
                m_state.path(),
                {QStringLiteral("delete"), QStringLiteral("--force"), QString::fromUtf8(id)});
    }
}

void TestShim::cleanupTestCase()
{
    cleanup();
}

void TestShim::argumentsRoundTrip()
{
    shim::Options options{"/run/glassbox/runtime",
                          "c1",
                          "/var/lib/glassbox/c1",
                          "/run/glassbox/shims/c1",
                          4096,
                          "",
                          ""};
    auto parsed = shim::parseArguments(shim::arguments(options));
    QVERIFY2(parsed, parsed ? "" : parsed.error().text().c_str());
    QCOMPARE(parsed->runtimeRoot, options.runtimeRoot);
    QCOMPARE(parsed->id, options.id);
    QCOMPARE(parsed->bundle, options.bundle);
    QCOMPARE(parsed->dir, options.dir);
    QCOMPARE(parsed->logMax, uint64_t(4096));
    QVERIFY(parsed->cgroupLeaf.empty());
    options.cgroupLeaf = "supervisor";
    parsed = shim::parseArguments(shim::arguments(options));
    QVERIFY2(parsed, parsed ? "" : parsed.error().text().c_str());
    QCOMPARE(parsed->cgroupLeaf, std::string("supervisor"));
    QVERIFY(parsed->startGate.empty());
    options.startGate = "network-ready";
    parsed = shim::parseArguments(shim::arguments(options));
    QVERIFY2(parsed, parsed ? "" : parsed.error().text().c_str());
    QCOMPARE(parsed->startGate, std::string("network-ready"));
    parsed =
        shim::parseArguments({"--runtime-root", "r", "--id", "i", "--bundle", "b", "--dir", "d"});
    QVERIFY(parsed);
    QCOMPARE(parsed->logMax, shim::kDefaultLogMax);
}

void TestShim::badArgumentsAreRefused_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QStringList base{QStringLiteral("--runtime-root"), QStringLiteral("/tmp/r"),
                           QStringLiteral("--id"),           QStringLiteral("c1"),
                           QStringLiteral("--bundle"),       QStringLiteral("/tmp")};
    QTest::newRow("no dir") << base << QStringLiteral("--dir are required");
    QTest::newRow("log max zero") << base + QStringList{QStringLiteral("--dir"),
                                                        QStringLiteral("/tmp"),
                                                        QStringLiteral("--log-max"),
                                                        QStringLiteral("0")}
                                  << QStringLiteral("--log-max");
    QTest::newRow("log max not a number")
        << base + QStringList{QStringLiteral("--dir"), QStringLiteral("/tmp"),
                              QStringLiteral("--log-max"), QStringLiteral("1M")}
        << QStringLiteral("`1M`");
    QTest::newRow("leaf is the container's")
        << base + QStringList{QStringLiteral("--dir"), QStringLiteral("/tmp"),
                              QStringLiteral("--cgroup-leaf"), QStringLiteral("container")}
        << QStringLiteral("--cgroup-leaf: `container`");
    QTest::newRow("leaf is a path")
        << base + QStringList{QStringLiteral("--dir"), QStringLiteral("/tmp"),
                              QStringLiteral("--cgroup-leaf"), QStringLiteral("../x")}
        << QStringLiteral("--cgroup-leaf: `../x`");
    QTest::newRow("gate is a path")
        << base + QStringList{QStringLiteral("--dir"), QStringLiteral("/tmp"),
                              QStringLiteral("--start-gate"), QStringLiteral("../gate")}
        << QStringLiteral("--start-gate: `../gate`");
    QTest::newRow("unknown option")
        << base + QStringList{QStringLiteral("--dir"), QStringLiteral("/tmp"),
                              QStringLiteral("--tty"), QStringLiteral("yes")}
        << QStringLiteral("`--tty`");
    QTest::newRow("dir missing") << base + QStringList{QStringLiteral("--dir"),
                                                       QStringLiteral("/nonexistent/shim")}
                                 << QStringLiteral("`/nonexistent/shim`");
    QTest::newRow("bad id") << QStringList{QStringLiteral("--runtime-root"), QStringLiteral("/r"),
                                           QStringLiteral("--id"),           QStringLiteral("../x"),
                                           QStringLiteral("--bundle"),       QStringLiteral("/tmp"),
                                           QStringLiteral("--dir"),          QStringLiteral("/tmp")}
                            << QStringLiteral("../x");
}

void TestShim::badArgumentsAreRefused()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QProcess process;
    process.start(QStringLiteral(GLASSBOX_SHIM_BINARY), args);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 1);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(message), qPrintable(err));
}

void TestShim::exitJsonParses_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("message");
    QTest::newRow("exited") << QByteArray(R"({"exitCode":3,"signal":0,"oomKilled":false,)"
                                          R"("finishedAt":1700000000000000})")
                            << true << QString();
    QTest::newRow("killed") << QByteArray(R"({"exitCode":137,"signal":9,"oomKilled":true,)"
                                          R"("finishedAt":1})")
                            << true << QString();
    QTest::newRow("not an object") << QByteArray("[1]") << false << QStringLiteral("exit.json");
    QTest::newRow("truncated") << QByteArray(R"({"exitCode":3,)") << false
                               << QStringLiteral("exit.json");
    QTest::newRow("missing field") << QByteArray(R"({"exitCode":3,"signal":0,"finishedAt":1})")
                                   << false << QStringLiteral("`oomKilled`");
    QTest::newRow("wrong type") << QByteArray(R"({"exitCode":"3","signal":0,"oomKilled":false,)"
                                              R"("finishedAt":1})")
                                << false << QStringLiteral("`exitCode`");
    QTest::newRow("out of range") << QByteArray(R"({"exitCode":300,"signal":0,"oomKilled":false,)"
                                                R"("finishedAt":1})")
                                  << false << QStringLiteral("`exitCode`");
    QTest::newRow("negative time") << QByteArray(R"({"exitCode":0,"signal":0,"oomKilled":false,)"
                                                 R"("finishedAt":-1})")
                                   << false << QStringLiteral("`finishedAt`");
}

void TestShim::exitJsonParses()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    QFETCH(QString, message);
    auto exit = shim::parseExit(json.toStdString());
    QCOMPARE(bool(exit), valid);
    if (!valid) {
        QVERIFY2(QString::fromStdString(exit.error().message).contains(message),
                 exit.error().message.c_str());
        return;
    }
    // What the shim writes reads back the same.
    auto again = shim::parseExit(shim::toJson(*exit));
    QVERIFY(again);
    QCOMPARE(again->exitCode, exit->exitCode);
    QCOMPARE(again->signal, exit->signal);
    QCOMPARE(again->oomKilled, exit->oomKilled);
    QCOMPARE(again->finishedAtUsec, exit->finishedAtUsec);
}

void TestShim::startedJsonParses()
{
    auto started = shim::parseStarted(shim::toJson(shim::Started{1234, 1700000000000000}));
    QVERIFY(started);
    QCOMPARE(started->pid, pid_t(1234));
    QCOMPARE(started->startedAtUsec, uint64_t(1700000000000000));
    auto bad = shim::parseStarted(R"({"pid":0,"startedAt":1})");
    QVERIFY(!bad);
    QVERIFY2(bad.error().message.find("`pid`") != std::string::npos, bad.error().message.c_str());
}

void TestShim::exitCodeLogAndCleanup()
{
    REQUIRE_PRIVILEGES();
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    bundle.setArgs({QStringLiteral("sh"), QStringLiteral("-c"),
                    QStringLiteral("echo one; echo two >&2; exit 3")});
    QVERIFY(bundle.write());
    const uint64_t before = shim::nowUsec();
    Started started = startShim(bundle);
    QVERIFY2(started.result.exitCode == 0, started.result.err.constData());
    QVERIFY(started.result.err.isEmpty());
    QVERIFY(started.result.out.isEmpty());
    // shim.pid is read right after the start; a container this short may be gone by then.
    QVERIFY(started.shimPid > 0 || QFile::exists(started.path(shim::kExitFile)));

    auto startedJson = shim::readStarted(started.dir->path().toStdString());
    QVERIFY2(startedJson, startedJson ? "" : startedJson.error().text().c_str());
    QVERIFY(startedJson->pid > 0);
    QVERIFY(startedJson->pid != started.shimPid);
    QVERIFY(startedJson->startedAtUsec >= before);

    shim::Exit exit;
    QString error;
    QVERIFY2(waitForExit(started, &exit, &error), qPrintable(error));
    QCOMPARE(exit.exitCode, 3);
    QCOMPARE(exit.signal, 0);
    // Gone with the supervisor, so the pid cannot name a later process.
    QVERIFY(!QFile::exists(started.path(shim::kPidFile)));
    QCOMPARE(shim::openSupervisor(started.dir->path().toStdString()).error().code, ESRCH);
    QCOMPARE(exit.oomKilled, false);
    QVERIFY(exit.finishedAtUsec >= startedJson->startedAtUsec);
    // One record per line, each stream named, stamped between the start and the exit.
    QString bad;
    const QList<LogRecord> records = parseLog(readAll(started.path(shim::kLogFile)), &bad);
    QVERIFY2(bad.isEmpty(), qPrintable(bad));
    QCOMPARE(records.size(), 2);
    QCOMPARE(records[0].stream + records[0].tag + records[0].content, QStringLiteral("stdoutFone"));
    QCOMPARE(records[1].stream + records[1].tag + records[1].content, QStringLiteral("stderrFtwo"));
    for (const LogRecord &record : records) {
        QVERIFY(record.time.isValid());
        const qint64 usec = record.time.toMSecsSinceEpoch() * 1000;
        QVERIFY(usec >= qint64(before) - 1000 && usec <= qint64(exit.finishedAtUsec) + 1000);
    }
    QVERIFY(!QFile::exists(started.path(shim::kRotatedLogFile)));

    QVERIFY(!QDir(m_state.path() + QLatin1Char('/') + started.id).exists());
    QCOMPARE(remainingCgroups(started.id), QStringList());
}

void TestShim::killedBySignal()
{
    REQUIRE_PRIVILEGES();
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    Started started = startShim(bundle);
    QVERIFY2(started.result.exitCode == 0, started.result.err.constData());
    // The supervisor ignores the polite signals (and forwards none of them).
    auto supervisor = shim::openSupervisor(started.dir->path().toStdString());
    QVERIFY2(supervisor, supervisor ? "" : supervisor.error().text().c_str());
    for (int signal : {SIGTERM, SIGINT, SIGHUP})
        QCOMPARE(::syscall(SYS_pidfd_send_signal, supervisor->get(), signal, nullptr, 0), 0L);
    QVERIFY(!waitForPidfd(supervisor->get(), 200));
    QVERIFY(!QFile::exists(started.path(shim::kExitFile)));
    // As the helper stops a container: through the runtime, not by signalling the shim.
    auto killed = glassbox::test::runRuntime(
        m_state.path(), {QStringLiteral("kill"), started.id, QStringLiteral("KILL")});
    QVERIFY2(killed.exitCode == 0, killed.err.constData());
    shim::Exit exit;
    QString error;
    QVERIFY2(waitForExit(started, &exit, &error), qPrintable(error));
    QCOMPARE(exit.exitCode, 137);
    QCOMPARE(exit.signal, SIGKILL);
    QCOMPARE(exit.oomKilled, false);
    QVERIFY(!QDir(m_state.path() + QLatin1Char('/') + started.id).exists());
    QCOMPARE(remainingCgroups(started.id), QStringList());
}

void TestShim::oomKillIsReported()
{
    REQUIRE_PRIVILEGES();
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    bundle.config()["linux"]["resources"]["memory"] = {{"limit", 32 * 1024 * 1024}};
    bundle.setArgs({QStringLiteral("/bin/probe"), QStringLiteral("alloc"), QStringLiteral("256")});
    QVERIFY(bundle.write());
    Started started = startShim(bundle);
    QVERIFY2(started.result.exitCode == 0, started.result.err.constData());
    shim::Exit exit;
    QString error;
    QVERIFY2(waitForExit(started, &exit, &error), qPrintable(error));
    QCOMPARE(exit.oomKilled, true);
    QCOMPARE(exit.signal, SIGKILL);
    QCOMPARE(exit.exitCode, 137);
    QVERIFY(!readAll(started.path(shim::kLogFile)).contains("allocated"));
    QCOMPARE(remainingCgroups(started.id), QStringList());
}

void TestShim::logRotatesAtCap()
{
    REQUIRE_PRIVILEGES();
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    // 400 lines of 50 bytes: about 20 KiB through a 4 KiB cap, after a second in which the
    // suite opens the log as a follower would.
    bundle.setArgs(
        {QStringLiteral("sh"), QStringLiteral("-c"),
         QStringLiteral("sleep 1; i=0; while [ $i -lt 400 ]; do "
                        "printf 'line %03d 0123456789012345678901234567890123456\\n' $i; "
                        "i=$((i+1)); done")});
    QVERIFY(bundle.write());
    Started started = startShim(bundle, {QStringLiteral("--log-max"), QStringLiteral("4096")});
    QVERIFY2(started.result.exitCode == 0, started.result.err.constData());
    QFile follower(started.path(shim::kLogFile));
    QVERIFY(follower.open(QIODevice::ReadOnly));
    shim::Exit exit;
    QString error;
    QVERIFY2(waitForExit(started, &exit, &error), qPrintable(error));
    QCOMPARE(exit.exitCode, 0);

    const QByteArray rotated = readAll(started.path(shim::kRotatedLogFile));
    const QByteArray current = readAll(started.path(shim::kLogFile));
    QVERIFY(!rotated.isEmpty());
    // The follower's descriptor still names the live log (OpenLog hands clients such a
    // descriptor): what it reads now is the current file, not a rotated copy.
    QCOMPARE(follower.readAll(), current);
    QVERIFY2(current.size() <= 4096, QByteArray::number(current.size()).constData());
    QVERIFY2(rotated.size() <= 4096, QByteArray::number(rotated.size()).constData());
    // The two files hold the newest lines as whole records, in order, ending with the last.
    QString bad;
    const QList<LogRecord> records = parseLog(rotated + current, &bad);
    QVERIFY2(bad.isEmpty(), qPrintable(bad));
    QVERIFY(records.size() > 40);
    int expected = 400 - int(records.size());
    static const QRegularExpression pattern(
        QStringLiteral("^line (\\d{3}) 0123456789012345678901234567890123456$"));
    for (const LogRecord &record : records) {
        QCOMPARE(record.stream + record.tag, QStringLiteral("stdoutF"));
        auto match = pattern.match(record.content);
        QVERIFY2(match.hasMatch(), qPrintable(record.content));
        QCOMPARE(match.captured(1).toInt(), expected++);
    }
    QCOMPARE(expected, 400);
}

void TestShim::badBundleFailsAndLeavesNothing()
{
    REQUIRE_PRIVILEGES();
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    bundle.config()["linux"]["resources"]["memory"] = {{"limit", "lots"}};
    QVERIFY(bundle.write());
    Started started = startShim(bundle);
    QCOMPARE(started.result.exitCode, 1);
    QVERIFY2(started.result.err.contains("`linux.resources.memory.limit`"),
             started.result.err.constData());
    QVERIFY(started.result.out.isEmpty());
    QVERIFY(!QDir(m_state.path() + QLatin1Char('/') + started.id).exists());
    QCOMPARE(remainingCgroups(started.id), QStringList());
    // Not even the supervisor's own files: the directory is as the helper made it.
    QCOMPARE(QDir(started.dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList());
}

void TestShim::containerSurvivesShimKill()
{
    REQUIRE_PRIVILEGES();
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    Started started = startShim(bundle);
    QVERIFY2(started.result.exitCode == 0, started.result.err.constData());
    auto startedJson = shim::readStarted(started.dir->path().toStdString());
    QVERIFY(startedJson);
    const pid_t container = startedJson->pid;
    const pid_t supervisor = started.shimPid;

    // Detached: its own session, stdio on /dev/null, the container in its own group.
    QCOMPARE(::getsid(supervisor), supervisor);
    QVERIFY(::getsid(supervisor) != ::getsid(0));
    QCOMPARE(::getpgid(container), container);
    for (int fd = 0; fd <= 2; ++fd)
        QCOMPARE(QFile::symLinkTarget(QStringLiteral("/proc/%1/fd/%2").arg(supervisor).arg(fd)),
                 QStringLiteral("/dev/null"));

    auto pidfd = shim::openSupervisor(started.dir->path().toStdString());
    QVERIFY2(pidfd, pidfd ? "" : pidfd.error().text().c_str());
    QCOMPARE(::syscall(SYS_pidfd_send_signal, pidfd->get(), SIGKILL, nullptr, 0), 0L);
    QVERIFY(waitForPidfd(pidfd->get(), 10000));
    reap(pidfd->get());
    // What the helper sees: shim.pid names no live shim, and there is no exit.json.
    QCOMPARE(shim::openSupervisor(started.dir->path().toStdString()).error().code, ESRCH);

    // The container outlives its supervisor, unharmed and still known to the runtime.
    QThread::msleep(200);
    QVERIFY(processAlive(container));
    QCOMPARE(parentOf(container), ::getpid()); // the nearest subreaper adopted it
    const int containerPidfd = openPidfd(container);
    QVERIFY(containerPidfd >= 0);
    QVERIFY(!QFile::exists(started.path(shim::kExitFile)));
    auto state = glassbox::test::runRuntime(m_state.path(), {QStringLiteral("state"), started.id});
    QVERIFY2(state.out.contains("\"running\""), state.out.constData());

    auto deleted = glassbox::test::runRuntime(
        m_state.path(), {QStringLiteral("delete"), QStringLiteral("--force"), started.id});
    QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
    QVERIFY(waitForPidfd(containerPidfd, 10000));
    reap(containerPidfd);
    ::close(containerPidfd);
    QVERIFY(!processAlive(container));
    QVERIFY(!QDir(m_state.path() + QLatin1Char('/') + started.id).exists());
    QCOMPARE(remainingCgroups(started.id), QStringList());
}

// Found by bench/soak.sh: the helper waits on the shim's first process for the start's
// outcome. Killed during a start, the helper took the start as failed and removed the
// container, but the forked supervisor went on, created and started it: processes, cgroups
// and runtime state with no record. The supervisor now dies with the first process until the
// outcome is reported; what its create left is what `delete --force` (the helper's next step)
// removes. The start is held in a prestart hook so that the kill lands inside it.
void TestShim::firstProcessKilledDuringStartStartsNothing()
{
    REQUIRE_PRIVILEGES();
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    bundle.config()["hooks"]["prestart"] = {{{"path", "/bin/sleep"}, {"args", {"sleep", "2"}}}};
    QVERIFY(bundle.write());
    const QString id = newId();
    QString error;
    QVERIFY2(glassbox::test::useTestCgroupParent(bundle.path(), id, &error), qPrintable(error));
    QTemporaryDir dir;
    QProcess first;
    first.setProgram(QStringLiteral(GLASSBOX_SHIM_BINARY));
    first.setArguments({QStringLiteral("--runtime-root"), m_state.path(), QStringLiteral("--id"),
                        id, QStringLiteral("--bundle"), bundle.path(), QStringLiteral("--dir"),
                        dir.path()});
    first.start();
    QVERIFY(first.waitForStarted());
    // The supervisor is running once shim.pid exists; the hook holds the create for 2 s.
    pid_t supervisor = 0;
    QVERIFY(waitFor([&] {
        auto pid = shim::readShimPid(dir.path().toStdString());
        supervisor = pid ? *pid : 0;
        return supervisor > 0;
    }));
    const int supervisorPidfd = openPidfd(supervisor);
    QVERIFY(supervisorPidfd >= 0);
    m_shimPidfds.append(supervisorPidfd);
    QThread::msleep(300);
    first.kill();
    QVERIFY(first.waitForFinished());

    // The supervisor follows the first process; the container never starts.
    QVERIFY2(waitForPidfd(supervisorPidfd, 5000), "the supervisor outlived the first process");
    QThread::msleep(2500); // past the hook: a supervisor still going would have started it
    auto state = glassbox::test::runRuntime(m_state.path(), {QStringLiteral("state"), id});
    QVERIFY2(!state.out.contains("\"running\"") && !state.out.contains("\"created\""),
             state.out.constData());
    QVERIFY(!QFile::exists(
        QString::fromStdString(shim::pathIn(dir.path().toStdString(), shim::kStartedFile))));
    // What the helper does after a failed start removes the rest, cgroups included.
    auto deleted = glassbox::test::runRuntime(
        m_state.path(), {QStringLiteral("delete"), QStringLiteral("--force"), id});
    QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
    QVERIFY(!QDir(m_state.path() + QLatin1Char('/') + id).exists());
    QCOMPARE(remainingCgroups(id), QStringList());
}

// What the helper does on a systemd host: the shim starts alone in a scope of its own, moves
// into <scope>/supervisor, and the container, with a memory limit, goes into <scope>/container.
void TestShim::cgroupLeafNestsTheContainer()
{
    REQUIRE_PRIVILEGES();
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    bundle.config()["linux"]["resources"]["memory"] = {{"limit", 64 * 1024 * 1024}};
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    const QStringList leaf{QStringLiteral("--cgroup-leaf"), QStringLiteral("supervisor")};
    auto host = glassbox::cgroup::Host::detect();
    QVERIFY(host);
    if (host->layout != glassbox::cgroup::Layout::V2) {
        Started refused = startShim(bundle, leaf);
        QCOMPARE(refused.result.exitCode, 1);
        QVERIFY2(refused.result.err.contains("needs a pure cgroup v2 host"),
                 refused.result.err.constData());
        QVERIFY(!QDir(m_state.path() + QLatin1Char('/') + refused.id).exists());
        QCOMPARE(QDir(refused.dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList());
        // That refusal is this host's whole behaviour (v1 and hybrid hosts nest containers
        // under the helper's own cgroup); the guest stage runs the rest on pure v2.
        return;
    }
    const QString parent = glassbox::test::testCgroupParent();
    if (parent.isEmpty())
        QSKIP("needs GLASSBOX_TEST_CGROUP_PARENT: a delegated cgroup to make the scope in");
    const QString scopePath =
        parent + QStringLiteral("/shim-scope-%1-%2").arg(::getpid()).arg(m_counter + 1);
    const QString scope = QStringLiteral("/sys/fs/cgroup") + scopePath;
    QVERIFY(QDir().mkpath(scope));
    auto removeScope = qScopeGuard([&] {
        ::rmdir(QFile::encodeName(scope + QStringLiteral("/supervisor")).constData());
        ::rmdir(QFile::encodeName(scope).constData());
    });

    const QByteArray offered = readAll(scope + QStringLiteral("/cgroup.controllers"));
    Started started = startShim(bundle, leaf, scope);
    QVERIFY2(started.result.exitCode == 0, started.result.err.constData());
    auto startedJson = shim::readStarted(started.dir->path().toStdString());
    QVERIFY(startedJson);
    auto cgroupOf = [](pid_t pid) {
        return QString::fromUtf8(readAll(QStringLiteral("/proc/%1/cgroup").arg(pid))).trimmed();
    };
    QCOMPARE(cgroupOf(started.shimPid),
             QStringLiteral("0::") + scopePath + QStringLiteral("/supervisor"));
    QCOMPARE(cgroupOf(startedJson->pid),
             QStringLiteral("0::") + scopePath + QStringLiteral("/container"));
    QCOMPARE(readAll(scope + QStringLiteral("/cgroup.procs")), QByteArray());
    QCOMPARE(readAll(scope + QStringLiteral("/container/memory.max")).trimmed(),
             QByteArray("67108864"));
    // memory for the limit; pids for the statistics, passed down where the scope is offered
    // it (a systemd scope with Delegate=yes is).
    const QByteArray subtree = readAll(scope + QStringLiteral("/cgroup.subtree_control"));
    QVERIFY2(subtree.contains("memory"), subtree.constData());
    if (offered.contains("pids"))
        QVERIFY2(subtree.contains("pids"), subtree.constData());

    QCOMPARE(glassbox::test::runRuntime(
                 m_state.path(), {QStringLiteral("kill"), started.id, QStringLiteral("KILL")})
                 .exitCode,
             0);
    shim::Exit exit;
    QString error;
    QVERIFY2(waitForExit(started, &exit, &error), qPrintable(error));
    QCOMPARE(exit.signal, SIGKILL);
    QVERIFY(!QFileInfo::exists(scope + QStringLiteral("/container")));
}

QTEST_GUILESS_MAIN(TestShim)
void TestShim::startGateHoldsTheStart()
{
    REQUIRE_PRIVILEGES();
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    bundle.setArgs({QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo ran")});
    QVERIFY(bundle.write());
    const QStringList gate{QStringLiteral("--start-gate"), QStringLiteral("network-ready")};
    // Written as the helper does: atomically, in the supervision directory.
    const auto open = [](const QString &dir, const QByteArray &verdict) {
        QFile file(dir + QStringLiteral("/network-ready.tmp"));
        return file.open(QIODevice::WriteOnly) && file.write(verdict) == verdict.size() &&
               file.flush() &&
               ::rename(QFile::encodeName(file.fileName()).constData(),
                        QFile::encodeName(dir + QStringLiteral("/network-ready")).constData()) == 0;
    };

    // Held: created (its state exists) but not started; the gate's empty file lets it run.
    bool heldBeforeGate = false;
    QString heldState;
    Started started = startShim(bundle, gate, {}, [&](QProcess &process, const QString &dir) {
        QTest::qWait(700);
        heldBeforeGate = process.state() == QProcess::Running &&
                         !QFile::exists(dir + QStringLiteral("/started.json")) &&
                         readAll(dir + QStringLiteral("/log")).isEmpty();
        const RunResult state = glassbox::test::runRuntime(
            m_state.path(), {QStringLiteral("state"), process.arguments().value(3)});
        heldState = QJsonDocument::fromJson(state.out).object().value(u"status").toString();
        QVERIFY(open(dir, QByteArray()));
    });
    QVERIFY(heldBeforeGate);
    QCOMPARE(heldState, QStringLiteral("created"));
    QVERIFY2(started.result.exitCode == 0, started.result.err.constData());
    shim::Exit exit;
    QString error;
    QVERIFY2(waitForExit(started, &exit, &error), qPrintable(error));
    QCOMPARE(exit.exitCode, 0);
    QVERIFY(readAll(started.path(shim::kLogFile)).contains(" stdout F ran"));

    // A reason in the gate fails the start with it, and nothing is left behind.
    Started refused = startShim(bundle, gate, {}, [&](QProcess &, const QString &dir) {
        QVERIFY(open(dir, "the container's network could not be set up: no bridge\n"));
    });
    QCOMPARE(refused.result.exitCode, 1);
    QVERIFY2(refused.result.err.contains("the container's network could not be set up: no bridge"),
             refused.result.err.constData());
    QVERIFY(!QDir(m_state.path() + QLatin1Char('/') + refused.id).exists());
    QCOMPARE(remainingCgroups(refused.id), QStringList());
    QVERIFY(!QFile::exists(refused.path(shim::kStartedFile)));
}

#include "test_shim.moc"
