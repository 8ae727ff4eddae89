// Privileged integration suite for `glassbox-runtime exec`: processes started in running
// busybox containers are checked from inside (output, identity, seccomp, descriptors) and
// from the host (namespaces, cgroup).
#include "bundle.h"
#include "console_socket.h"
#include "exe_attack.h"
#include "runtime_harness.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTest>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include <unistd.h>

using glassbox::test::Bundle;
using glassbox::test::RunResult;
using glassbox::test::runRuntime;

class TestExec : public QObject
{
    Q_OBJECT

private:
    glassbox::test::RuntimeHarness m_harness{QStringLiteral("gbe")};

    QString newId() { return m_harness.newId(); }
    RunResult runtime(const QStringList &args, int timeoutMs = 30000)
    {
        return m_harness.runtime(args, timeoutMs);
    }
    /// Runs `sleep 60` in the bundle, detached; returns its id or an empty string.
    QString startSleeper(Bundle &bundle)
    {
        bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
        if (!bundle.write())
            return {};
        const QString id = newId();
        auto result = runtime({QStringLiteral("run"), QStringLiteral("--detach"),
                               QStringLiteral("--bundle"), bundle.path(), id});
        if (result.exitCode != 0) {
            qWarning("run failed: %s", result.err.constData());
            return {};
        }
        return id;
    }
    RunResult exec(const QString &id, const QStringList &flags, const QStringList &command)
    {
        return runtime(QStringList{QStringLiteral("exec")} + flags + QStringList{id} + command);
    }
    qint64 initPid(const QString &id) { return m_harness.initPid(id); }
    /// Starts `sleep 5` detached and returns its host pid from --pid-file.
    qint64 execSleeper(const QString &id, const QString &pidFile)
    {
        auto result = exec(id, {QStringLiteral("--detach"), QStringLiteral("--pid-file"), pidFile},
                           {QStringLiteral("sleep"), QStringLiteral("5")});
        if (result.exitCode != 0) {
            qWarning("exec failed: %s", result.err.constData());
            return 0;
        }
        QFile file(pidFile);
        return file.open(QIODevice::ReadOnly) ? file.readAll().toLongLong() : 0;
    }
    static QMap<QString, quint64> capabilitySets(const QByteArray &status);

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void outputAndExitCodePassThrough();
    void joinsTheInitsNamespaces_data();
    void joinsTheInitsNamespaces();
    void joinsTheContainersCgroup();
    void dockerDefaultCapabilitiesAndCapFlag();
    void seccompApplies();
    void environmentWorkingDirectoryAndUser();
    void noDescriptorLeaks();
    void preservedDescriptorsPass();
    void stoppedContainerIsRefused();
    void createdContainerAcceptsExec();
    void joinsUserNamespace();
    void signalsAreForwarded();
    void processFileIsRun();
    void consoleSocketReceivesThePty();
    void foregroundTerminalIsRelayed();
    void badFlagsAreNamed_data();
    void badFlagsAreNamed();
    void procSelfExeScriptCannotOverwriteTheRuntime();
    void runtimeRunsFromADetachedReadOnlyMount();
    void sealedMemfdCopyWithoutCapSysAdmin();
};

QMap<QString, quint64> TestExec::capabilitySets(const QByteArray &status)
{
    QMap<QString, quint64> sets;
    for (const QByteArray &line : status.split('\n')) {
        const auto parts = QString::fromUtf8(line).split(QLatin1Char(':'));
        if (parts.size() == 2)
            sets[parts[0]] = parts[1].trimmed().toULongLong(nullptr, 16);
    }
    return sets;
}

void TestExec::initTestCase()
{
    const QString reason = glassbox::test::privilegedSkipReason();
    if (!reason.isEmpty())
        QSKIP(qPrintable(reason));
    QVERIFY(m_harness.isValid());
}

void TestExec::cleanup()
{
    m_harness.deleteAll();
}

void TestExec::outputAndExitCodePassThrough()
{
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    auto echo = exec(id, {}, {QStringLiteral("echo"), QStringLiteral("hello from exec")});
    QCOMPARE(echo.exitCode, 0);
    QCOMPARE(echo.out, QByteArray("hello from exec\n"));
    auto code =
        exec(id, {}, {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("exit 7")});
    QCOMPARE(code.exitCode, 7);
    // The exec'd process lives next to the init, which keeps running.
    QCOMPARE(exec(id, {}, {QStringLiteral("true")}).exitCode, 0);
    auto missing = exec(id, {}, {QStringLiteral("no-such-program")});
    QVERIFY(missing.exitCode != 0);
    QVERIFY2(missing.err.contains("no-such-program"), missing.err.constData());
}

void TestExec::joinsTheInitsNamespaces_data()
{
    QTest::addColumn<QString>("ns");
    for (const char *ns : {"mnt", "uts", "ipc", "pid", "net", "cgroup", "user"})
        QTest::newRow(ns) << QString::fromLatin1(ns);
}

void TestExec::joinsTheInitsNamespaces()
{
    QFETCH(QString, ns);
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    const qint64 pid = execSleeper(id, bundle.path() + QStringLiteral("/exec.pid"));
    QVERIFY(pid > 0);
    const qint64 init = initPid(id);
    QVERIFY(init > 0 && init != pid);
    // "mnt:[4026532177]": the namespace's identity (QFile::symLinkTarget would prefix a path).
    auto identity = [&](const QString &process) {
        char target[64] = {};
        const QByteArray link =
            QFile::encodeName(QStringLiteral("/proc/%1/ns/%2").arg(process, ns));
        return ::readlink(link.constData(), target, sizeof target - 1) > 0 ? QByteArray(target)
                                                                           : QByteArray();
    };
    QVERIFY(!identity(QString::number(pid)).isEmpty());
    QCOMPARE(identity(QString::number(pid)), identity(QString::number(init)));
    if (ns != QLatin1String("user")) // the container has its own of all the others
        QVERIFY(identity(QString::number(pid)) != identity(QStringLiteral("self")));
}

void TestExec::joinsTheContainersCgroup()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    const qint64 pid = execSleeper(id, bundle.path() + QStringLiteral("/exec.pid"));
    QVERIFY(pid > 0);
    auto cgroups = [](qint64 of) {
        QFile file(QStringLiteral("/proc/%1/cgroup").arg(of));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    const QByteArray mine = cgroups(pid);
    QVERIFY2(mine.contains(id.toUtf8()), mine.constData());
    QCOMPARE(mine, cgroups(initPid(id)));
}

void TestExec::dockerDefaultCapabilitiesAndCapFlag()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    const QStringList grep = {QStringLiteral("grep"), QStringLiteral("-E"),
                              QStringLiteral("^Cap(Eff|Bnd|Prm|Amb)"),
                              QStringLiteral("/proc/self/status")};
    auto result = exec(id, {}, grep);
    QCOMPARE(result.exitCode, 0);
    auto sets = capabilitySets(result.out);
    QCOMPARE(sets.value(QStringLiteral("CapEff")), Q_UINT64_C(0xa80425fb));
    QCOMPARE(sets.value(QStringLiteral("CapBnd")), Q_UINT64_C(0xa80425fb));
    QCOMPARE(sets.value(QStringLiteral("CapAmb")), quint64(0));
    // --cap adds to the sets: CAP_NET_ADMIN is bit 12.
    result = exec(id, {QStringLiteral("--cap"), QStringLiteral("CAP_NET_ADMIN")}, grep);
    QCOMPARE(result.exitCode, 0);
    sets = capabilitySets(result.out);
    QCOMPARE(sets.value(QStringLiteral("CapEff")), Q_UINT64_C(0xa80425fb) | (1u << 12));
    QCOMPARE(sets.value(QStringLiteral("CapBnd")), Q_UINT64_C(0xa80425fb) | (1u << 12));
}

void TestExec::seccompApplies()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    for (const char *call : {"unshare", "mount", "keyctl"}) {
        auto result = exec(
            id, {},
            {QStringLiteral("/bin/probe"), QStringLiteral("syscall"), QString::fromLatin1(call)});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.trimmed(), QByteArray("EPERM"));
    }
    auto allowed =
        exec(id, {},
             {QStringLiteral("/bin/probe"), QStringLiteral("syscall"), QStringLiteral("getpid")});
    QCOMPARE(allowed.out.trimmed(), QByteArray("ok"));
}

void TestExec::environmentWorkingDirectoryAndUser()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    auto result = exec(id,
                       {QStringLiteral("--env"), QStringLiteral("GREETING=hello world"),
                        QStringLiteral("-e"), QStringLiteral("TERM=dumb"), QStringLiteral("--cwd"),
                        QStringLiteral("/tmp"), QStringLiteral("--user"),
                        QStringLiteral("1000:1000"), QStringLiteral("--additional-gids"),
                        QStringLiteral("10"), QStringLiteral("-g"), QStringLiteral("20")},
                       {QStringLiteral("sh"), QStringLiteral("-c"),
                        QStringLiteral("echo \"$GREETING\"; echo $TERM; env | grep -c ^TERM=; "
                                       "pwd; id -u; id -g; id -G")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("hello world\ndumb\n1\n/tmp\n1000\n1000\n1000 10 20\n"));
    // Without flags, the container's process settings apply.
    result =
        exec(id, {}, {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("pwd; id -u")});
    QCOMPARE(result.out, QByteArray("/\n0\n"));
    // A missing working directory is an error, not created behind the user's back.
    result = exec(id, {QStringLiteral("--cwd"), QStringLiteral("/no/such/dir")},
                  {QStringLiteral("true")});
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains("/no/such/dir"), result.err.constData());
}

void TestExec::noDescriptorLeaks()
{
    int leaked = ::open("/dev/null", O_RDONLY); // not close-on-exec: reaches the runtime
    QVERIFY(leaked >= 3);
    auto closeLeaked = qScopeGuard([&] { ::close(leaked); });
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    auto result = exec(id, {}, {QStringLiteral("/bin/probe"), QStringLiteral("fds")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out.trimmed(), QByteArray("0 1 2"));
}

void TestExec::preservedDescriptorsPass()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    // A shell hands the runtime descriptor 3; --preserve-fds 1 passes it on, and nothing else.
    QProcess shell;
    shell.start(QStringLiteral("/bin/sh"),
                {QStringLiteral("-c"), QStringLiteral("exec 3</dev/null; exec \"$@\""),
                 QStringLiteral("sh"), QStringLiteral(GLASSBOX_RUNTIME_BINARY),
                 QStringLiteral("--root"), m_harness.stateRoot(), QStringLiteral("exec"),
                 QStringLiteral("--preserve-fds"), QStringLiteral("1"), id,
                 QStringLiteral("/bin/probe"), QStringLiteral("fds")});
    QVERIFY(shell.waitForFinished(30000));
    QCOMPARE(shell.exitCode(), 0);
    QCOMPARE(shell.readAllStandardOutput().trimmed(), QByteArray("0 1 2 3"));
}

void TestExec::stoppedContainerIsRefused()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.setArgs({QStringLiteral("true")});
    QVERIFY(bundle.write());
    const QString id = newId();
    QCOMPARE(runtime({QStringLiteral("run"), QStringLiteral("--detach"), QStringLiteral("--bundle"),
                      bundle.path(), id})
                 .exitCode,
             0);
    QTRY_VERIFY(runtime({QStringLiteral("state"), id}).out.contains("\"stopped\""));
    auto result = exec(id, {}, {QStringLiteral("echo"), QStringLiteral("never")});
    QVERIFY(result.exitCode != 0);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains("cannot exec") && result.err.contains("stopped"),
             result.err.constData());
    auto unknown = exec(QStringLiteral("no-such-container"), {}, {QStringLiteral("true")});
    QVERIFY(unknown.exitCode != 0);
    QVERIFY2(unknown.err.contains("no-such-container"), unknown.err.constData());
}

void TestExec::createdContainerAcceptsExec()
{
    // As with runc: the init waits for `start`, its namespaces are complete already.
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    const QString id = newId();
    QCOMPARE(
        runtime({QStringLiteral("create"), QStringLiteral("--bundle"), bundle.path(), id}).exitCode,
        0);
    auto result = exec(id, {}, {QStringLiteral("cat"), QStringLiteral("/proc/1/comm")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(!result.out.trimmed().isEmpty());
    QVERIFY(runtime({QStringLiteral("state"), id}).out.contains("\"created\""));
}

void TestExec::joinsUserNamespace()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto &linuxConfig = bundle.config()["linux"];
    linuxConfig["namespaces"].push_back({{"type", "user"}});
    linuxConfig["uidMappings"] = {{{"containerID", 0}, {"hostID", 200000}, {"size", 65536}}};
    linuxConfig["gidMappings"] = {{{"containerID", 0}, {"hostID", 200000}, {"size", 65536}}};
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    auto result = exec(id, {}, {QStringLiteral("id"), QStringLiteral("-u")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, QByteArray("0\n"));
    const qint64 pid = execSleeper(id, bundle.path() + QStringLiteral("/exec.pid"));
    QVERIFY(pid > 0);
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    QVERIFY(status.open(QIODevice::ReadOnly));
    QVERIFY2(status.readAll().contains("Uid:\t200000\t"), "root inside is not 200000 outside");
}

void TestExec::signalsAreForwarded()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    QProcess runtime;
    runtime.start(QStringLiteral(GLASSBOX_RUNTIME_BINARY),
                  {QStringLiteral("--root"), m_harness.stateRoot(), QStringLiteral("exec"), id,
                   QStringLiteral("sh"), QStringLiteral("-c"),
                   QStringLiteral("trap 'exit 5' TERM; echo ready; while :; do sleep 0.1; done")});
    QVERIFY(runtime.waitForReadyRead(20000));
    QCOMPARE(runtime.readAllStandardOutput(), QByteArray("ready\n"));
    ::kill(static_cast<pid_t>(runtime.processId()), SIGTERM);
    QVERIFY(runtime.waitForFinished(20000));
    QCOMPARE(runtime.exitCode(), 5);
}

void TestExec::processFileIsRun()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    nlohmann::json process = {
        {"terminal", false},
        {"user", {{"uid", 1000}, {"gid", 1000}}},
        {"args", {"sh", "-c", "echo $FROM_FILE; id -u; pwd"}},
        {"env", {"PATH=/usr/bin:/bin", "FROM_FILE=yes"}},
        {"cwd", "/tmp"},
        {"noNewPrivileges", true},
    };
    const QString file = bundle.path() + QStringLiteral("/process.json");
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QByteArray::fromStdString(process.dump()));
    out.close();
    auto result = exec(id, {QStringLiteral("--process"), file}, {});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, QByteArray("yes\n1000\n/tmp\n"));

    process["args"] = nlohmann::json::array();
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(QByteArray::fromStdString(process.dump()));
    out.close();
    result = exec(id, {QStringLiteral("--process"), file}, {});
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains("`process.args`"), result.err.constData());
}

void TestExec::consoleSocketReceivesThePty()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    glassbox::test::ConsoleSocket console(bundle.path() + QStringLiteral("/console.sock"));
    QVERIFY(console.isListening());

    QProcess runtime;
    runtime.start(QStringLiteral(GLASSBOX_RUNTIME_BINARY),
                  {QStringLiteral("--root"), m_harness.stateRoot(), QStringLiteral("exec"),
                   QStringLiteral("--tty"), QStringLiteral("--console-socket"), console.path(), id,
                   QStringLiteral("sh"), QStringLiteral("-c"),
                   QStringLiteral("tty; echo from-the-pty")});
    QVERIFY2(console.receive(), "the runtime never sent the pty");
    QVERIFY2(console.ptyName().startsWith("/dev/pts/"), console.ptyName().constData());
    const QByteArray output = console.readUntilClosed();
    QVERIFY(runtime.waitForFinished(20000));
    QCOMPARE(runtime.exitCode(), 0);
    QVERIFY2(output.contains("from-the-pty"), output.constData());
    QVERIFY2(output.startsWith("/dev/pts/"), output.constData()); // `tty` inside
}

void TestExec::foregroundTerminalIsRelayed()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    // Without a console socket the runtime relays the pty to its own stdio (here pipes).
    auto result = exec(id, {QStringLiteral("-t")},
                       {QStringLiteral("sh"), QStringLiteral("-c"),
                        QStringLiteral("test -t 0 && test -t 1 && echo relayed; exit 3")});
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.out.contains("relayed\r\n"), result.out.constData());
}

void TestExec::badFlagsAreNamed_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("named");
    QTest::newRow("unknown cap") << QStringList{QStringLiteral("--cap"),
                                                QStringLiteral("CAP_BOGUS")}
                                 << QStringLiteral("--cap");
    QTest::newRow("user") << QStringList{QStringLiteral("--user"), QStringLiteral("root")}
                          << QStringLiteral("--user");
    QTest::newRow("env") << QStringList{QStringLiteral("--env"), QStringLiteral("NOVALUE")}
                         << QStringLiteral("--env");
    QTest::newRow("relative cwd") << QStringList{QStringLiteral("--cwd"), QStringLiteral("tmp")}
                                  << QStringLiteral("--cwd");
    QTest::newRow("detached tty") << QStringList{QStringLiteral("-t"), QStringLiteral("-d")}
                                  << QStringLiteral("--console-socket");
}

void TestExec::badFlagsAreNamed()
{
    QFETCH(QStringList, flags);
    QFETCH(QString, named);
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    auto result = exec(id, flags, {QStringLiteral("true")});
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(named.toUtf8()), result.err.constData());
}

// Issue 12 (CVE-2019-5736): a process in the container writes a script whose interpreter is
// /proc/self/exe. When `exec` runs it, the kernel resolves that in the process the runtime
// started, so the runtime binary runs again inside the container, where another process
// holds its /proc/PID/exe and, once it has exited, reopens that for writing. The attack runs
// against a copy of the runtime: with the defence gone it overwrites the copy.
void TestExec::procSelfExeScriptCannotOverwriteTheRuntime()
{
    glassbox::test::RuntimeCopy copy;
    QVERIFY2(copy.isValid(), qPrintable(copy.error()));
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["root"]["readonly"] = false;
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    const QString id = newId();
    QString error;
    QVERIFY2(glassbox::test::useTestCgroupParent(bundle.path(), id, &error), qPrintable(error));
    const QString root = m_harness.stateRoot();
    auto started = copy.run(root, {QStringLiteral("run"), QStringLiteral("--detach"),
                                   QStringLiteral("--bundle"), bundle.path(), id});
    QVERIFY2(started.exitCode == 0, started.err.constData());

    const QString script = QStringLiteral("/evil-") + id;
    const QString fifo = QStringLiteral("/tmp/evil.log");
    auto planted = copy.run(
        root, {QStringLiteral("exec"), id, QStringLiteral("sh"), QStringLiteral("-c"),
               QStringLiteral("printf '%1' > %2 && chmod 755 %2 && mkfifo %3")
                   .arg(QString::fromUtf8(glassbox::test::exeScript(fifo).replace('\n', "\\n")),
                        script, fifo)});
    QVERIFY2(planted.exitCode == 0, planted.err.constData());
    auto attacker = copy.run(
        root, QStringList{QStringLiteral("exec"), QStringLiteral("--detach"), id} +
                  glassbox::test::attackerCommand(script, fifo, QStringLiteral("/tmp/attack")));
    QVERIFY2(attacker.exitCode == 0, attacker.err.constData());
    auto interpreted = copy.run(root, {QStringLiteral("exec"), id, script});
    if (glassbox::test::isDynamicExecutable(copy.path())) {
        // The sanitizer build: the kernel cannot load a dynamic runtime inside the container,
        // so nothing ran to attack; the ci build's static runtime takes the attack for real.
        QVERIFY2(interpreted.err.contains("No such file or directory"),
                 interpreted.err.constData());
        QVERIFY2(copy.changes().isEmpty(), qPrintable(copy.changes()));
        return;
    }
    // The runtime as the interpreter: "unknown command", logged to the attacker's fifo.
    QVERIFY2(interpreted.err.contains("unknown command"), interpreted.err.constData());

    const QByteArray outcome =
        glassbox::test::attackOutcome(bundle.rootfs() + QStringLiteral("/tmp/attack"));
    qInfo("reopening the runtime's /proc/PID/exe for writing after its exit: %s",
          outcome.constData());
    QVERIFY2(QList<QByteArray>({"EROFS", "ETXTBSY", "EACCES", "EPERM"}).contains(outcome),
             outcome.constData());
    QVERIFY2(copy.changes().isEmpty(), qPrintable(copy.changes()));
}

// What the attack above meets, checked from the host with every privilege: the runtime runs
// the same file (no copy) from a detached read-only mount that nothing can make writable
// again, through /proc/PID/exe and /proc/PID/map_files alike.
void TestExec::runtimeRunsFromADetachedReadOnlyMount()
{
    glassbox::test::RuntimeCopy copy;
    QVERIFY2(copy.isValid(), qPrintable(copy.error()));
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString id = startSleeper(bundle);
    QVERIFY(!id.isEmpty());
    QProcess runtime;
    runtime.start(copy.path(),
                  {QStringLiteral("--root"), m_harness.stateRoot(), QStringLiteral("exec"), id,
                   QStringLiteral("sleep"), QStringLiteral("2")});
    QVERIFY(runtime.waitForStarted());
    const QString proc = QStringLiteral("/proc/%1").arg(runtime.processId());
    const QByteArray exePath = QFile::encodeName(proc + QStringLiteral("/exe"));
    auto readOnly = [&] {
        struct statfs fs
        {
        };
        return ::statfs(exePath.constData(), &fs) == 0 && (fs.f_flags & ST_RDONLY) != 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(readOnly(), 5000); // once it has re-executed itself
    struct stat running
    {
    }, original{};
    QVERIFY(::stat(exePath.constData(), &running) == 0);
    QVERIFY(::stat(QFile::encodeName(copy.path()).constData(), &original) == 0);
    QCOMPARE(running.st_ino, original.st_ino);
    QCOMPARE(running.st_dev, original.st_dev);

    const int exe = ::open(exePath.constData(), O_PATH | O_CLOEXEC);
    QVERIFY(exe >= 0);
    auto closeExe = qScopeGuard([&] { ::close(exe); });
    QFile maps(proc + QStringLiteral("/maps"));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    QString range; // map_files names a mapping as maps does, without leading zeros
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() >= 5 && fields[4].toULongLong() == original.st_ino) {
            const QList<QByteArray> bounds = fields[0].split('-');
            range = QString::number(bounds.value(0).toULongLong(nullptr, 16), 16) +
                    QLatin1Char('-') +
                    QString::number(bounds.value(1).toULongLong(nullptr, 16), 16);
            break;
        }
    }
    QVERIFY(!range.isEmpty());
    const int mapped =
        ::open(QFile::encodeName(proc + QStringLiteral("/map_files/") + range), O_PATH | O_CLOEXEC);
    QVERIFY(mapped >= 0);
    auto closeMapped = qScopeGuard([&] { ::close(mapped); });
    QVERIFY(runtime.waitForFinished(20000));
    QCOMPARE(runtime.exitCode(), 0);

    for (int fd : {exe, mapped}) {
        const QByteArray reopen = "/proc/self/fd/" + QByteArray::number(fd);
        errno = 0;
        QCOMPARE(::open(reopen.constData(), O_WRONLY | O_CLOEXEC), -1);
        QCOMPARE(errno, EROFS);
    }
    // The mount went with the runtime's open_tree descriptor: it cannot be made writable
    // (mount_setattr), cloned writable (open_tree) or remounted, even by root on the host.
    mount_attr attr{};
    attr.attr_clr = MOUNT_ATTR_RDONLY;
    QCOMPARE(::mount_setattr(exe, "", AT_EMPTY_PATH, &attr, sizeof attr), -1);
    QCOMPARE(errno, EINVAL);
    QCOMPARE(::open_tree(exe, "", AT_EMPTY_PATH | OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC), -1);
    QCOMPARE(errno, EINVAL);
    const QByteArray reopen = "/proc/self/fd/" + QByteArray::number(exe);
    QCOMPARE(::mount(nullptr, reopen.constData(), nullptr, MS_REMOUNT | MS_BIND, nullptr), -1);
    QVERIFY(copy.changes().isEmpty());
}

// Without CAP_SYS_ADMIN (no open_tree) the runtime runs from a sealed memfd copy instead.
void TestExec::sealedMemfdCopyWithoutCapSysAdmin()
{
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (setpriv.isEmpty())
        QSKIP("setpriv (util-linux) is not installed");
    QProcess runtime;
    runtime.start(setpriv, {QStringLiteral("--bounding-set"), QStringLiteral("-sys_admin"),
                            QStringLiteral("--"), QStringLiteral(GLASSBOX_RUNTIME_BINARY),
                            QStringLiteral("--root"), m_harness.stateRoot(),
                            QStringLiteral("--debug"), QStringLiteral("exec"),
                            QStringLiteral("no-such-container"), QStringLiteral("true")});
    QVERIFY(runtime.waitForFinished(20000));
    const QByteArray err = runtime.readAllStandardError();
    QVERIFY2(err.contains("executable protected by a sealed memfd copy"), err.constData());
    QVERIFY2(err.contains("`no-such-container` does not exist"), err.constData());
    QVERIFY(runtime.exitCode() != 0);
}

QTEST_GUILESS_MAIN(TestExec)
#include "test_exec.moc"
