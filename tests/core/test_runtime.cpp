// Privileged integration suite: glassbox-runtime runs busybox containers for real
// (namespaces, cgroups, capabilities, seccomp, mounts) and the container's own view is
// checked from inside, the host's from outside.
#include "bundle.h"
#include "console_socket.h"
#include "exe_attack.h"
#include "runtime_harness.h"

#include "glassbox/capabilities.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>
#include <QThread>
#include <csignal>
#include <fcntl.h>
#include <grp.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

using glassbox::test::Bundle;
using glassbox::test::hostCgroupDir;
using glassbox::test::RunResult;
using glassbox::test::runRuntime;

namespace {

// Whether this process holds `capability` in its effective set (libcap).
bool hasEffectiveCapability(cap_value_t capability)
{
    cap_t caps = ::cap_get_proc();
    if (caps == nullptr)
        return false;
    cap_flag_value_t value = CAP_CLEAR;
    const bool ok = ::cap_get_flag(caps, capability, CAP_EFFECTIVE, &value) == 0;
    ::cap_free(caps);
    return ok && value == CAP_SET;
}

} // namespace

class TestRuntime : public QObject
{
    Q_OBJECT

private:
    glassbox::test::RuntimeHarness m_harness{QStringLiteral("gbt")};

    QString newId() { return m_harness.newId(); }
    QString stateRoot() const { return m_harness.stateRoot(); }
    RunResult runtime(const QStringList &args, int timeoutMs = 30000)
    {
        return m_harness.runtime(args, timeoutMs);
    }
    QString status(const QString &id) { return m_harness.status(id); }
    /// `run` of the bundle: stdout, stderr and the container's exit status.
    RunResult run(Bundle &bundle, const QStringList &args)
    {
        bundle.setArgs(args);
        if (!bundle.write())
            return {};
        return runtime({QStringLiteral("run"), QStringLiteral("--bundle"), bundle.path(), newId()});
    }

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void exitCodePassesThrough();
    void namespacesDifferFromHost_data();
    void namespacesDifferFromHost();
    void sharedNetworkNamespaceEqualsHost();
    void hostnameIsSet();
    void hostnameInAJoinedUtsNamespace();
    void hostnameInTheHostsUtsNamespaceIsRefused();
    void configWithoutMountNamespaceIsRefusedWithTheReason();
    void loopbackIsUpInANewNetworkNamespace();
    void userAndGroupsSwitch();
    void environmentAndWorkingDirectory();
    void dockerDefaultCapabilities();
    void seccompBlocksDangerousCalls_data();
    void seccompBlocksDangerousCalls();
    void ordinaryProgramsWorkUnderSeccomp();
    void limitsLandInCgroupFiles();
    void allocationOverMemoryLimitIsOomKilled();
    void pidsLimitStopsForks();
    void maskedPathsReadEmpty();
    void readonlyPathsAreReadOnly();
    void noDescriptorLeaksIntoContainer();
    void malformedConfigIsRejectedWithJsonPath();
    void lifecycleCreateStartKillDelete();
    void deleteRefusesRunningWithoutForce();
    void deleteRemovesEverything();
    void stateJsonHasRuncFields();
    void concurrentCreateOfSameIdFailsOnce();
    void cwdCannotEscapeThroughProcSelfFd();
    void runtimeBinaryUnreachableFromContainer();
    void procSelfExeAsTheInitCannotOverwriteTheRuntime();
    void rlimitAboveHardLimitFailsClearly();
    void userNamespaceMapsRootToUnprivilegedUid();
    void hooksRunAtTheirLifecyclePoints();
    void createSendsThePtyToTheConsoleSocket();
    void runRelaysTheTerminalWithoutConsoleSocket();
    void logFileGetsJsonErrors();
    void systemdCgroupManagerFailsClearly();
    void noPivotRunsInTheRootfs();
    void preservedDescriptorsReachTheContainer();
    void timeNamespaceOffsetsApply();
    void noNewPrivilegesIsSet();
    void signalsIgnoredByTheCallerAreResetInTheContainer();
    void userNamespaceDropsTheCallersGroups();
    void devCoreLinksKcoreAsRunc();
    void failingOrSlowHookFailsCreate_data();
    void failingOrSlowHookFailsCreate();
    void propagationOptionsApplyToTmpfsMounts();
    void runcSpecBundleRunsWithAmbientCapabilityWarning();
    void rsharedBindMountStaysShared();
    void rsharedRootfsPropagationReachesTheHost();
    void tmpcopyupCopiesTheDirectoryIn();
};

void TestRuntime::initTestCase()
{
    const QString reason = glassbox::test::privilegedSkipReason();
    if (!reason.isEmpty())
        QSKIP(qPrintable(reason));
    QVERIFY(m_harness.isValid());
}

void TestRuntime::cleanup()
{
    // Whatever a failed test left running goes now, cgroups and all.
    m_harness.deleteAll();
}

void TestRuntime::exitCodePassesThrough()
{
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    auto result =
        run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("exit 42")});
    QCOMPARE(result.exitCode, 42);
    result = run(bundle, {QStringLiteral("true")});
    QCOMPARE(result.exitCode, 0);
    // A pid namespace's init ignores SIGKILL from inside, so share the host's for this one.
    glassbox::test::removeNamespace(bundle, "pid");
    result =
        run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("kill -9 $$")});
    QCOMPARE(result.exitCode, 128 + 9);
}

void TestRuntime::namespacesDifferFromHost_data()
{
    QTest::addColumn<QString>("ns");
    for (const char *ns : {"mnt", "uts", "ipc", "pid", "net", "cgroup"})
        QTest::newRow(ns) << QString::fromLatin1(ns);
}

void TestRuntime::namespacesDifferFromHost()
{
    QFETCH(QString, ns);
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto result = run(bundle, {QStringLiteral("readlink"), QStringLiteral("/proc/self/ns/") + ns});
    QCOMPARE(result.exitCode, 0);
    const QString inside = QString::fromUtf8(result.out).trimmed();
    const QString host = QFile::symLinkTarget(QStringLiteral("/proc/self/ns/") + ns);
    QVERIFY2(inside.startsWith(ns + QLatin1Char(':')),
             qPrintable(inside + QString::fromUtf8(result.err)));
    QVERIFY2(!host.endsWith(inside), qPrintable(inside + QStringLiteral(" equals the host's")));
}

void TestRuntime::sharedNetworkNamespaceEqualsHost()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    glassbox::test::removeNamespace(bundle, "network");
    auto result = run(bundle, {QStringLiteral("readlink"), QStringLiteral("/proc/self/ns/net")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(
        QString::fromUtf8(result.out).trimmed(),
        QFile::symLinkTarget(QStringLiteral("/proc/self/ns/net")).section(QLatin1Char('/'), -1));
}

void TestRuntime::hostnameIsSet()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["hostname"] = "glassbox-test";
    auto result = run(bundle, {QStringLiteral("hostname")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out.trimmed(), QByteArray("glassbox-test"));
}

// Issue 13: runc and crun set the hostname in a uts namespace joined by path; glassbox once
// refused it. The name lands in the joined namespace, not on the host.
void TestRuntime::hostnameInAJoinedUtsNamespace()
{
    QProcess holder;
    holder.start(QStringLiteral("unshare"),
                 {QStringLiteral("--uts"), QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(holder.waitForStarted());
    auto stop = qScopeGuard([&] {
        holder.kill();
        holder.waitForFinished();
    });
    const QString utsPath = QStringLiteral("/proc/%1/ns/uts").arg(holder.processId());
    // unshare(1) execs sleep once the namespace is made: wait until it differs from ours.
    QTRY_VERIFY(QFile::symLinkTarget(utsPath) !=
                QFile::symLinkTarget(QStringLiteral("/proc/self/ns/uts")));
    char hostBefore[256] = {};
    QCOMPARE(::gethostname(hostBefore, sizeof hostBefore - 1), 0);

    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["hostname"] = "joined-uts";
    for (auto &ns : bundle.config()["linux"]["namespaces"])
        if (ns["type"] == "uts")
            ns["path"] = utsPath.toStdString();
    auto result = run(bundle, {QStringLiteral("hostname")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out.trimmed(), QByteArray("joined-uts"));
    QProcess inHolder;
    inHolder.start(QStringLiteral("nsenter"),
                   {QStringLiteral("--uts=") + utsPath, QStringLiteral("hostname")});
    QVERIFY(inHolder.waitForFinished());
    QCOMPARE(inHolder.readAllStandardOutput().trimmed(), QByteArray("joined-uts"));
    char hostAfter[256] = {};
    QCOMPARE(::gethostname(hostAfter, sizeof hostAfter - 1), 0);
    QCOMPARE(QByteArray(hostAfter), QByteArray(hostBefore));
}

// Joining the host's own uts namespace with a hostname would rename the host: refused.
void TestRuntime::hostnameInTheHostsUtsNamespaceIsRefused()
{
    char hostBefore[256] = {};
    QCOMPARE(::gethostname(hostBefore, sizeof hostBefore - 1), 0);
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["hostname"] = "renamed-host";
    for (auto &ns : bundle.config()["linux"]["namespaces"])
        if (ns["type"] == "uts")
            ns["path"] = QStringLiteral("/proc/%1/ns/uts").arg(::getpid()).toStdString();
    auto result = run(bundle, {QStringLiteral("hostname")});
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains("would rename the host"), result.err.constData());
    char hostAfter[256] = {};
    QCOMPARE(::gethostname(hostAfter, sizeof hostAfter - 1), 0);
    QCOMPARE(QByteArray(hostAfter), QByteArray(hostBefore));
}

// runc would run this on the host's root, ignoring root.path; glassbox refuses and says why.
void TestRuntime::configWithoutMountNamespaceIsRefusedWithTheReason()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    glassbox::test::removeNamespace(bundle, "mount");
    auto result = run(bundle, {QStringLiteral("true")});
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains("a mount namespace is required: without one the process would "
                                 "share the host's filesystem"),
             result.err.constData());
}

// As with runc and crun, a new network namespace has `lo` up: 127.0.0.1 works inside.
void TestRuntime::loopbackIsUpInANewNetworkNamespace()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto result = run(bundle, {QStringLiteral("cat"), QStringLiteral("/sys/class/net/lo/flags")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    bool ok = false;
    const int flags = result.out.trimmed().toInt(&ok, 16);
    QVERIFY2(ok && (flags & 0x1) != 0, result.out.constData()); // IFF_UP
}

void TestRuntime::userAndGroupsSwitch()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["process"]["user"] = {
        {"uid", 1000}, {"gid", 1000}, {"additionalGids", {10, 20}}};
    auto result = run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"),
                               QStringLiteral("id -u; id -g; id -G")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("1000\n1000\n1000 10 20\n"));
}

void TestRuntime::environmentAndWorkingDirectory()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["process"]["env"].push_back("GLASSBOX_TEST=hello world");
    bundle.config()["process"]["cwd"] = "/home/user";
    auto result = run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"),
                               QStringLiteral("echo \"$GLASSBOX_TEST\"; pwd")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("hello world\n/home/user\n"));
}

void TestRuntime::dockerDefaultCapabilities()
{
    quint64 expected = 0;
    for (const auto &name : glassbox::caps::dockerDefaultNames())
        expected |= quint64(1) << *glassbox::caps::fromName(name);
    QCOMPARE(expected, Q_UINT64_C(0xa80425fb)); // Docker's well-known default mask
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto result =
        run(bundle, {QStringLiteral("grep"), QStringLiteral("-E"),
                     QStringLiteral("^Cap(Eff|Bnd|Prm|Amb)"), QStringLiteral("/proc/self/status")});
    QCOMPARE(result.exitCode, 0);
    QMap<QString, quint64> sets;
    for (const QByteArray &line : result.out.split('\n')) {
        const auto parts = QString::fromUtf8(line).split(QLatin1Char(':'));
        if (parts.size() == 2)
            sets[parts[0]] = parts[1].trimmed().toULongLong(nullptr, 16);
    }
    QCOMPARE(sets.value(QStringLiteral("CapEff")), expected);
    QCOMPARE(sets.value(QStringLiteral("CapBnd")), expected);
    QCOMPARE(sets.value(QStringLiteral("CapPrm")), expected);
    QCOMPARE(sets.value(QStringLiteral("CapAmb")), quint64(0));
}

void TestRuntime::seccompBlocksDangerousCalls_data()
{
    QTest::addColumn<QString>("call");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unshare") << QStringLiteral("unshare") << QStringLiteral("EPERM");
    QTest::newRow("mount") << QStringLiteral("mount") << QStringLiteral("EPERM");
    QTest::newRow("keyctl") << QStringLiteral("keyctl") << QStringLiteral("EPERM");
    QTest::newRow("getpid allowed") << QStringLiteral("getpid") << QStringLiteral("ok");
}

void TestRuntime::seccompBlocksDangerousCalls()
{
    QFETCH(QString, call);
    QFETCH(QString, expected);
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto result = run(bundle, {QStringLiteral("/bin/probe"), QStringLiteral("syscall"), call});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(QString::fromUtf8(result.out).trimmed(), expected);
}

void TestRuntime::ordinaryProgramsWorkUnderSeccomp()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto result =
        run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"),
                     QStringLiteral("ls / >/dev/null && cat /etc/passwd | grep -c root && "
                                    "ps -o pid,comm | grep -c ps && echo x > /dev/shm/f && "
                                    "cat /dev/shm/f && sleep 0.1 && date >/dev/null")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("1\n1\nx\n"));
}

void TestRuntime::limitsLandInCgroupFiles()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["linux"]["resources"]["memory"] = {{"limit", 64 * 1024 * 1024}};
    bundle.config()["linux"]["resources"]["pids"] = {{"limit", 25}};
    bundle.config()["linux"]["resources"]["cpu"] = {{"quota", 50000}, {"period", 100000}};
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("30")});
    QVERIFY(bundle.write());
    const QString id = newId();
    auto created =
        runtime({QStringLiteral("create"), QStringLiteral("--bundle"), bundle.path(), id});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    auto state = nlohmann::json::parse(runtime({QStringLiteral("state"), id}).out.toStdString());
    const qint64 pid = state["pid"].get<qint64>();
    QVERIFY(pid > 0);
    auto readValue = [&](const QString &controller, const QString &file) {
        QFile f(hostCgroupDir(pid, controller) + QLatin1Char('/') + file);
        return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray("<missing>");
    };
    const QString memoryDir = hostCgroupDir(pid, QStringLiteral("memory"));
    QVERIFY2(memoryDir.contains(id), qPrintable(memoryDir));
    QCOMPARE(readValue(QStringLiteral("pids"), QStringLiteral("pids.max")), QByteArray("25"));
    if (glassbox::test::pureCgroupV2()) {
        QCOMPARE(readValue(QStringLiteral("memory"), QStringLiteral("memory.max")),
                 QByteArray("67108864"));
        QCOMPARE(readValue(QStringLiteral("cpu"), QStringLiteral("cpu.max")),
                 QByteArray("50000 100000"));
    } else {
        QCOMPARE(readValue(QStringLiteral("memory"), QStringLiteral("memory.limit_in_bytes")),
                 QByteArray("67108864"));
        QCOMPARE(readValue(QStringLiteral("cpu"), QStringLiteral("cpu.cfs_quota_us")),
                 QByteArray("50000"));
        QCOMPARE(readValue(QStringLiteral("cpu"), QStringLiteral("cpu.cfs_period_us")),
                 QByteArray("100000"));
    }
    // The container is nested under the runtime's own cgroup (or the delegated parent the
    // suite was given), never at a hierarchy root.
    const QString parent = glassbox::test::testCgroupParent();
    QVERIFY2(memoryDir.startsWith(parent.isEmpty()
                                      ? hostCgroupDir(::getpid(), QStringLiteral("memory"))
                                      : QStringLiteral("/sys/fs/cgroup") + parent),
             qPrintable(memoryDir));
    QCOMPARE(runtime({QStringLiteral("delete"), QStringLiteral("--force"), id}).exitCode, 0);
    QVERIFY(!QDir(memoryDir).exists());
}

void TestRuntime::allocationOverMemoryLimitIsOomKilled()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["linux"]["resources"]["memory"] = {{"limit", 32 * 1024 * 1024}};
    auto result =
        run(bundle, {QStringLiteral("/bin/probe"), QStringLiteral("alloc"), QStringLiteral("256")});
    QCOMPARE(result.exitCode, 128 + 9);
    QVERIFY(!result.out.contains("allocated"));
}

void TestRuntime::pidsLimitStopsForks()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["linux"]["resources"]["pids"] = {{"limit", 5}};
    auto result = run(
        bundle, {QStringLiteral("sh"), QStringLiteral("-c"),
                 QStringLiteral("for i in 1 2 3 4 5 6 7 8; do sleep 2 & done; wait; echo done")});
    QVERIFY2(result.err.contains("fork") || result.err.contains("Resource temporarily unavailable"),
             result.err.constData());
}

void TestRuntime::maskedPathsReadEmpty()
{
    // The host has content there, so empty reads inside mean the masks are in place.
    QVERIFY(!QDir(QStringLiteral("/sys/firmware")).isEmpty());
    QFile timerList(QStringLiteral("/proc/timer_list"));
    QVERIFY(timerList.open(QIODevice::ReadOnly) && !timerList.readAll().isEmpty());
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto result = run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"),
                               QStringLiteral("cat /proc/timer_list /proc/keys | wc -c; "
                                              "ls -A /sys/firmware | wc -l; "
                                              "head -c 16 /proc/kcore 2>/dev/null | wc -c")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("0\n0\n0\n"));
}

void TestRuntime::readonlyPathsAreReadOnly()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto result =
        run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"),
                     QStringLiteral("echo 1 > /proc/sys/kernel/domainname && echo written; "
                                    "touch /proc/sysrq-trigger 2>/dev/null || echo refused")});
    QVERIFY2(!result.out.contains("written"), result.out.constData());
    QVERIFY(result.err.contains("Read-only file system"));
}

void TestRuntime::noDescriptorLeaksIntoContainer()
{
    // A descriptor the caller forgot to mark close-on-exec reaches the runtime...
    int leaked = ::open("/etc/hostname", O_RDONLY);
    QVERIFY(leaked >= 3);
    auto closeLeaked = qScopeGuard([&] { ::close(leaked); });
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto result = run(bundle, {QStringLiteral("/bin/probe"), QStringLiteral("fds")});
    QCOMPARE(result.exitCode, 0);
    // ...but the container holds only stdio.
    QCOMPARE(result.out.trimmed(), QByteArray("0 1 2"));
}

void TestRuntime::malformedConfigIsRejectedWithJsonPath()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["linux"]["resources"]["memory"] = {{"limit", "lots"}};
    QVERIFY(bundle.write());
    const QString id = newId();
    auto result =
        runtime({QStringLiteral("create"), QStringLiteral("--bundle"), bundle.path(), id});
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains("`linux.resources.memory.limit`"), result.err.constData());
    QVERIFY(!QDir(stateRoot() + QLatin1Char('/') + id).exists());
    QVERIFY(runtime({QStringLiteral("list"), QStringLiteral("-q")}).out.isEmpty());
}

void TestRuntime::lifecycleCreateStartKillDelete()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    const QString id = newId();
    const QString pidFile = bundle.path() + QStringLiteral("/pid");
    auto created = runtime({QStringLiteral("create"), QStringLiteral("--bundle"), bundle.path(),
                            QStringLiteral("--pid-file"), pidFile, id});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    QCOMPARE(status(id), QStringLiteral("created"));
    QFile pid(pidFile);
    QVERIFY(pid.open(QIODevice::ReadOnly));
    const qint64 hostPid = pid.readAll().toLongLong();
    QVERIFY(hostPid > 0);
    QCOMPARE(runtime({QStringLiteral("start"), id}).exitCode, 0);
    QCOMPARE(status(id), QStringLiteral("running"));
    // After start the init is busybox (the kernel names it relative to the container's root).
    QTRY_COMPARE(QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(hostPid)),
                 QStringLiteral("/bin/busybox"));
    auto second = runtime({QStringLiteral("start"), id});
    QVERIFY(second.exitCode != 0); // a running container cannot be started again
    QCOMPARE(runtime({QStringLiteral("kill"), id, QStringLiteral("KILL")}).exitCode, 0);
    QTRY_COMPARE(status(id), QStringLiteral("stopped"));
    auto again = runtime({QStringLiteral("kill"), id, QStringLiteral("9")});
    QVERIFY(again.exitCode != 0);
    QVERIFY(again.err.contains("not running"));
    QCOMPARE(runtime({QStringLiteral("delete"), id}).exitCode, 0);
    QVERIFY(runtime({QStringLiteral("state"), id}).err.contains("does not exist"));
}

void TestRuntime::deleteRefusesRunningWithoutForce()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    const QString id = newId();
    QCOMPARE(runtime({QStringLiteral("run"), QStringLiteral("--detach"), QStringLiteral("--bundle"),
                      bundle.path(), id})
                 .exitCode,
             0);
    QCOMPARE(status(id), QStringLiteral("running"));
    auto refused = runtime({QStringLiteral("delete"), id});
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains("running"), refused.err.constData());
    QCOMPARE(status(id), QStringLiteral("running"));
    QCOMPARE(runtime({QStringLiteral("delete"), QStringLiteral("--force"), id}).exitCode, 0);
    QVERIFY(runtime({QStringLiteral("state"), id}).exitCode != 0);
}

void TestRuntime::deleteRemovesEverything()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    const QString id = newId();
    QCOMPARE(
        runtime({QStringLiteral("create"), QStringLiteral("--bundle"), bundle.path(), id}).exitCode,
        0);
    auto state = nlohmann::json::parse(runtime({QStringLiteral("state"), id}).out.toStdString());
    const qint64 pid = state["pid"].get<qint64>();
    QStringList dirs;
    for (const char *controller : {"memory", "pids", "cpu", "freezer", "devices", ""})
        dirs << hostCgroupDir(pid, QString::fromLatin1(controller));
    for (const QString &dir : dirs)
        QVERIFY2(QDir(dir).exists() && dir.contains(id), qPrintable(dir));
    QCOMPARE(runtime({QStringLiteral("start"), id}).exitCode, 0);
    QCOMPARE(runtime({QStringLiteral("delete"), QStringLiteral("--force"), id}).exitCode, 0);
    for (const QString &dir : dirs)
        QVERIFY2(!QDir(dir).exists(), qPrintable(dir));
    QVERIFY(!QDir(stateRoot() + QLatin1Char('/') + id).exists());
    QVERIFY(!QFile::exists(QStringLiteral("/proc/%1").arg(pid)) ||
            QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(pid)).isEmpty());
    QFile mounts(QStringLiteral("/proc/self/mountinfo"));
    QVERIFY(mounts.open(QIODevice::ReadOnly));
    QVERIFY(!mounts.readAll().contains(bundle.path().toUtf8()));
}

void TestRuntime::stateJsonHasRuncFields()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["annotations"] = {{"org.glassbox.test", "yes"}};
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    const QString id = newId();
    QCOMPARE(
        runtime({QStringLiteral("create"), QStringLiteral("--bundle"), bundle.path(), id}).exitCode,
        0);
    auto state = nlohmann::json::parse(runtime({QStringLiteral("state"), id}).out.toStdString());
    QCOMPARE(QString::fromStdString(state["id"]), id);
    QCOMPARE(QString::fromStdString(state["status"]), QStringLiteral("created"));
    QCOMPARE(QString::fromStdString(state["bundle"]), bundle.path());
    QCOMPARE(QString::fromStdString(state["rootfs"]), bundle.rootfs());
    QVERIFY(state["pid"].get<int>() > 0);
    QVERIFY(QString::fromStdString(state["ociVersion"]).startsWith(QLatin1String("1.")));
    QVERIFY(QDateTime::fromString(QString::fromStdString(state["created"]), Qt::ISODateWithMs)
                .isValid());
    QVERIFY(state.contains("owner"));
    QCOMPARE(state["annotations"]["org.glassbox.test"].get<std::string>(), std::string("yes"));
    auto list = nlohmann::json::parse(
        runtime({QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("json")})
            .out.toStdString());
    QCOMPARE(list.size(), size_t(1));
    QCOMPARE(QString::fromStdString(list[0]["id"]), id);
}

void TestRuntime::concurrentCreateOfSameIdFailsOnce()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    const QString id = newId();
    QList<QProcess *> processes;
    for (int i = 0; i < 4; ++i) {
        auto *process = new QProcess(this);
        process->start(QStringLiteral(GLASSBOX_RUNTIME_BINARY),
                       {QStringLiteral("--root"), stateRoot(), QStringLiteral("create"),
                        QStringLiteral("--bundle"), bundle.path(), id});
        processes << process;
    }
    int succeeded = 0;
    int refused = 0;
    for (QProcess *process : processes) {
        QVERIFY(process->waitForFinished(30000));
        if (process->exitCode() == 0)
            ++succeeded;
        else if (process->readAllStandardError().contains("already exists"))
            ++refused;
        delete process;
    }
    QCOMPARE(succeeded, 1);
    QCOMPARE(refused, 3);
    QCOMPARE(status(id), QStringLiteral("created"));
}

void TestRuntime::cwdCannotEscapeThroughProcSelfFd()
{
    // CVE-2024-21626: a cwd through a descriptor of the runtime's would be on the host.
    for (int fd = 3; fd < 9; ++fd) {
        Bundle bundle;
        QVERIFY(bundle.isValid());
        bundle.config()["process"]["cwd"] =
            QStringLiteral("/proc/self/fd/%1").arg(fd).toStdString();
        auto result =
            run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("pwd; ls")});
        if (result.exitCode == 0) {
            // Only acceptable if the directory is inside the container.
            QVERIFY2(!result.out.contains("glassbox") && result.out.startsWith('/'),
                     result.out.constData());
        }
    }
}

void TestRuntime::runtimeBinaryUnreachableFromContainer()
{
    // Container A stays created: its init is still the runtime binary. B joins A's pid
    // namespace and tries to open /proc/1/exe, the CVE-2019-5736 way in.
    Bundle a;
    QVERIFY(a.isValid());
    a.setArgs({QStringLiteral("true")});
    QVERIFY(a.write());
    const QString idA = newId();
    QCOMPARE(
        runtime({QStringLiteral("create"), QStringLiteral("--bundle"), a.path(), idA}).exitCode, 0);
    auto stateA = nlohmann::json::parse(runtime({QStringLiteral("state"), idA}).out.toStdString());
    const qint64 pidA = stateA["pid"].get<qint64>();
    // The runtime's own file, which it runs from a detached read-only mount (issue 12): the
    // link names that mount's root, so compare the files.
    struct stat init
    {
    }, binary{};
    QVERIFY(::stat(QFile::encodeName(QStringLiteral("/proc/%1/exe").arg(pidA)).constData(),
                   &init) == 0);
    QVERIFY(::stat(GLASSBOX_RUNTIME_BINARY, &binary) == 0);
    QVERIFY(init.st_ino == binary.st_ino && init.st_dev == binary.st_dev);

    Bundle b;
    QVERIFY(b.isValid());
    for (auto &ns : b.config()["linux"]["namespaces"])
        if (ns["type"] == "pid")
            ns["path"] = QStringLiteral("/proc/%1/ns/pid").arg(pidA).toStdString();
    auto result =
        run(b, {QStringLiteral("/bin/probe"), QStringLiteral("exe"), QStringLiteral("1")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.trimmed() != "ok", "the runtime binary was reachable via /proc/1/exe");
}

// Issue 12 (CVE-2019-5736), the init's way: the container's process is a script whose
// interpreter is /proc/self/exe. The init, a clone of `create`, executes it, so the runtime
// binary runs as the container's process while another process in the container holds its
// /proc/PID/exe and, once it has exited, reopens that for writing. Against a copy of the
// runtime; without a pid namespace, because the attacker must outlive that process.
void TestRuntime::procSelfExeAsTheInitCannotOverwriteTheRuntime()
{
    glassbox::test::RuntimeCopy copy;
    QVERIFY2(copy.isValid(), qPrintable(copy.error()));
    Bundle bundle;
    QVERIFY(bundle.isValid());
    glassbox::test::removeNamespace(bundle, "pid");
    bundle.config()["root"]["readonly"] = false;
    const QString id = newId();
    const QString script = QStringLiteral("/evil-") + id;
    const QString fifo = QStringLiteral("/tmp/evil.log");
    QFile file(bundle.rootfs() + script);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(glassbox::test::exeScript(fifo));
    file.close();
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                QFile::ReadOther | QFile::ExeOther));
    QCOMPARE(::mkfifo(QFile::encodeName(bundle.rootfs() + fifo).constData(), 0600), 0);
    bundle.setArgs({script});
    QVERIFY(bundle.write());
    QString error;
    QVERIFY2(glassbox::test::useTestCgroupParent(bundle.path(), id, &error), qPrintable(error));

    const QString root = stateRoot();
    const QString output = bundle.path() + QStringLiteral("/output");
    auto created =
        copy.run(root, {QStringLiteral("create"), QStringLiteral("--bundle"), bundle.path(), id},
                 30000, output);
    QVERIFY2(created.exitCode == 0, glassbox::test::readTrimmed(output).constData());
    auto attacker = copy.run(
        root, QStringList{QStringLiteral("exec"), QStringLiteral("--detach"), id} +
                  glassbox::test::attackerCommand(script, fifo, QStringLiteral("/tmp/attack")));
    QVERIFY2(attacker.exitCode == 0, attacker.err.constData());
    auto started = copy.run(root, {QStringLiteral("start"), id});
    QVERIFY2(started.exitCode == 0, started.err.constData());
    if (glassbox::test::isDynamicExecutable(copy.path())) {
        // The sanitizer build: the kernel cannot load a dynamic runtime inside the container
        // (its loader is not there), so the init's execve fails and nothing runs to attack;
        // the ci build's static runtime takes the attack for real.
        QTRY_VERIFY(glassbox::test::readTrimmed(output).contains("No such file or directory"));
        QVERIFY2(copy.changes().isEmpty(), qPrintable(copy.changes()));
        return;
    }

    const QByteArray outcome =
        glassbox::test::attackOutcome(bundle.rootfs() + QStringLiteral("/tmp/attack"));
    // The runtime as the container's process: "unknown command", also logged to the fifo.
    QTRY_VERIFY(glassbox::test::readTrimmed(output).contains("unknown command"));
    qInfo("reopening the runtime's /proc/PID/exe for writing after its exit: %s",
          outcome.constData());
    QVERIFY2(QList<QByteArray>({"EROFS", "ETXTBSY", "EACCES", "EPERM"}).contains(outcome),
             outcome.constData());
    QVERIFY2(copy.changes().isEmpty(), qPrintable(copy.changes()));
}

void TestRuntime::rlimitAboveHardLimitFailsClearly()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    rlimit current{};
    ::getrlimit(RLIMIT_NOFILE, &current);
    nlohmann::json limit = {{"type", "RLIMIT_NOFILE"},
                            {"soft", uint64_t(current.rlim_max) + 1000},
                            {"hard", uint64_t(current.rlim_max) + 1000}};
    bundle.config()["process"]["rlimits"] = nlohmann::json::array({limit});
    auto result =
        run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("ulimit -H -n")});
    // With CAP_SYS_RESOURCE (root on a stock host) the kernel lets the runtime raise a hard
    // limit up to fs.nr_open, and the container gets it; without it (this project's CI
    // machines), or above nr_open, create fails and says which limit and why.
    const qulonglong nrOpen =
        glassbox::test::readTrimmed(QStringLiteral("/proc/sys/fs/nr_open")).toULongLong();
    if (hasEffectiveCapability(CAP_SYS_RESOURCE) && qulonglong(current.rlim_max) + 1000 <= nrOpen) {
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.trimmed(), QByteArray::number(qulonglong(current.rlim_max) + 1000));
    } else {
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains("`process.rlimits[0]`") &&
                     result.err.contains("RLIMIT_NOFILE"),
                 result.err.constData());
    }
    QVERIFY(runtime({QStringLiteral("list"), QStringLiteral("-q")}).out.isEmpty());
}

void TestRuntime::userNamespaceMapsRootToUnprivilegedUid()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto &linuxConfig = bundle.config()["linux"];
    linuxConfig["namespaces"].push_back({{"type", "user"}});
    linuxConfig["uidMappings"] = {{{"containerID", 0}, {"hostID", 200000}, {"size", 65536}}};
    linuxConfig["gidMappings"] = {{{"containerID", 0}, {"hostID", 200000}, {"size", 65536}}};
    // sysfs and cgroup mounts need ownership of the network/cgroup namespaces' owner.
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    const QString id = newId();
    auto created = runtime({QStringLiteral("run"), QStringLiteral("--detach"),
                            QStringLiteral("--bundle"), bundle.path(), id});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    auto state = nlohmann::json::parse(runtime({QStringLiteral("state"), id}).out.toStdString());
    QFile status(QStringLiteral("/proc/%1/status").arg(state["pid"].get<qint64>()));
    QVERIFY(status.open(QIODevice::ReadOnly));
    const QByteArray text = status.readAll();
    QRegularExpression uid(QStringLiteral("Uid:\\s+(\\d+)"));
    auto match = uid.match(QString::fromUtf8(text));
    QVERIFY(match.hasMatch());
    QCOMPARE(match.captured(1), QStringLiteral("200000"));
    QCOMPARE(runtime({QStringLiteral("delete"), QStringLiteral("--force"), id}).exitCode, 0);

    // The rootfs is idmapped through the container's mappings: root's files stay root's
    // inside, and a bind mount with the `idmap` option is shifted the same way.
    QTemporaryDir shared;
    QVERIFY(shared.isValid());
    ::chmod(QFile::encodeName(shared.path()).constData(), 0755);
    QFile marker(shared.path() + QStringLiteral("/owned-by-root"));
    QVERIFY(marker.open(QIODevice::WriteOnly));
    marker.close();
    bundle.config()["mounts"].push_back({{"destination", "/shared"},
                                         {"type", "bind"},
                                         {"source", shared.path().toStdString()},
                                         {"options", {"rbind", "idmap"}}});
    auto result =
        run(bundle, {QStringLiteral("stat"), QStringLiteral("-c"), QStringLiteral("%u:%g %n"),
                     QStringLiteral("/bin/busybox"), QStringLiteral("/etc/passwd"),
                     QStringLiteral("/shared/owned-by-root")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out,
             QByteArray("0:0 /bin/busybox\n0:0 /etc/passwd\n0:0 /shared/owned-by-root\n"));
}

static nlohmann::json hostShellHook(const QString &script)
{
    return {{"path", "/bin/sh"}, {"args", {"sh", "-c", script.toStdString()}}};
}

void TestRuntime::hooksRunAtTheirLifecyclePoints()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString out = bundle.path();
    auto &hooks = bundle.config()["hooks"];
    hooks["prestart"] = {hostShellHook(QStringLiteral("cat > %1/prestart.json").arg(out))};
    hooks["createRuntime"] = {
        hostShellHook(QStringLiteral("readlink /proc/self/ns/mnt > %1/createRuntime").arg(out))};
    hooks["createContainer"] = {
        hostShellHook(QStringLiteral("readlink /proc/self/ns/mnt > %1/createContainer").arg(out))};
    // startContainer resolves and runs inside the container: busybox's sh.
    hooks["startContainer"] = {
        {{"path", "/bin/sh"}, {"args", {"sh", "-c", "echo from-hook > /dev/shm/started"}}}};
    hooks["poststart"] = {hostShellHook(QStringLiteral("cat > %1/poststart.json").arg(out))};
    hooks["poststop"] = {hostShellHook(QStringLiteral("cat > %1/poststop.json").arg(out))};
    bundle.setArgs({QStringLiteral("sh"), QStringLiteral("-c"),
                    QStringLiteral("cat /dev/shm/started; sleep 60")});
    QVERIFY(bundle.write());
    const QString id = newId();
    auto created =
        runtime({QStringLiteral("create"), QStringLiteral("--bundle"), bundle.path(), id});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    auto readFile = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray("<missing>");
    };
    auto prestart = nlohmann::json::parse(
        readFile(out + QStringLiteral("/prestart.json")).toStdString(), nullptr, false);
    QVERIFY(!prestart.is_discarded());
    QCOMPARE(QString::fromStdString(prestart["id"]), id);
    QCOMPARE(QString::fromStdString(prestart["status"]), QStringLiteral("creating"));
    const qint64 pid = prestart["pid"].get<qint64>();
    QVERIFY(pid > 0);
    // createRuntime runs in the runtime's namespaces, createContainer in the container's.
    QCOMPARE(readFile(out + QStringLiteral("/createRuntime")),
             QFile::symLinkTarget(QStringLiteral("/proc/self/ns/mnt"))
                 .section(QLatin1Char('/'), -1)
                 .toUtf8());
    QCOMPARE(readFile(out + QStringLiteral("/createContainer")),
             QFile::symLinkTarget(QStringLiteral("/proc/%1/ns/mnt").arg(pid))
                 .section(QLatin1Char('/'), -1)
                 .toUtf8());
    QVERIFY(!QFile::exists(out + QStringLiteral("/poststart.json")));
    QCOMPARE(runtime({QStringLiteral("start"), id}).exitCode, 0);
    auto poststart = nlohmann::json::parse(
        readFile(out + QStringLiteral("/poststart.json")).toStdString(), nullptr, false);
    QVERIFY(!poststart.is_discarded());
    QCOMPARE(QString::fromStdString(poststart["status"]), QStringLiteral("running"));
    QCOMPARE(runtime({QStringLiteral("delete"), QStringLiteral("--force"), id}).exitCode, 0);
    auto poststop = nlohmann::json::parse(
        readFile(out + QStringLiteral("/poststop.json")).toStdString(), nullptr, false);
    QVERIFY(!poststop.is_discarded());
    QCOMPARE(QString::fromStdString(poststop["status"]), QStringLiteral("stopped"));

    // startContainer ran inside, before the process: its file was there to read.
    Bundle second;
    QVERIFY(second.isValid());
    second.config()["hooks"]["startContainer"] = hooks["startContainer"];
    auto result = run(second, {QStringLiteral("cat"), QStringLiteral("/dev/shm/started")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("from-hook\n"));
}

void TestRuntime::failingOrSlowHookFailsCreate_data()
{
    QTest::addColumn<QString>("phase");
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("timeout");
    QTest::addColumn<QString>("expected");
    QTest::newRow("prestart fails")
        << QStringLiteral("prestart") << QStringLiteral("exit 3") << 0
        << QStringLiteral("`hooks.prestart[0]`: `/bin/sh` exited with status 3");
    QTest::newRow("createRuntime times out")
        << QStringLiteral("createRuntime") << QStringLiteral("sleep 10") << 1
        << QStringLiteral("`hooks.createRuntime[0]`: `/bin/sh` timed out after 1 s");
    QTest::newRow("createContainer fails")
        << QStringLiteral("createContainer") << QStringLiteral("exit 1") << 0
        << QStringLiteral("`hooks.createContainer[0]`");
}

void TestRuntime::failingOrSlowHookFailsCreate()
{
    QFETCH(QString, phase);
    QFETCH(QString, script);
    QFETCH(int, timeout);
    QFETCH(QString, expected);
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto hook = hostShellHook(script);
    if (timeout > 0)
        hook["timeout"] = timeout;
    bundle.config()["hooks"][phase.toStdString()] = {hook};
    bundle.setArgs({QStringLiteral("true")});
    QVERIFY(bundle.write());
    const QString id = newId();
    auto result =
        runtime({QStringLiteral("create"), QStringLiteral("--bundle"), bundle.path(), id});
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(expected.toUtf8()), result.err.constData());
    QVERIFY(!QDir(stateRoot() + QLatin1Char('/') + id).exists());
}

void TestRuntime::createSendsThePtyToTheConsoleSocket()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["process"]["terminal"] = true;
    bundle.setArgs(
        {QStringLiteral("sh"), QStringLiteral("-c"),
         QStringLiteral("tty; readlink /proc/self/fd/0; echo on-the-console > /dev/console")});
    QVERIFY(bundle.write());
    glassbox::test::ConsoleSocket console(bundle.path() + QStringLiteral("/console.sock"));
    QVERIFY(console.isListening());
    const QString id = newId();
    QProcess create;
    create.start(QStringLiteral(GLASSBOX_RUNTIME_BINARY),
                 {QStringLiteral("--root"), stateRoot(), QStringLiteral("create"),
                  QStringLiteral("--bundle"), bundle.path(), QStringLiteral("--console-socket"),
                  console.path(), id});
    QVERIFY2(console.receive(), "create never sent the pty");
    QVERIFY(create.waitForFinished(20000));
    QVERIFY2(create.exitCode() == 0, create.readAllStandardError().constData());
    QCOMPARE(runtime({QStringLiteral("start"), id}).exitCode, 0);
    const QByteArray output = console.readUntilClosed();
    // The pty lives in the container's own devpts, and /dev/console is that pty.
    QVERIFY2(output.startsWith("/dev/pts/0\r\n/dev/pts/0\r\n"), output.constData());
    QVERIFY2(output.contains("on-the-console"), output.constData());
}

void TestRuntime::runRelaysTheTerminalWithoutConsoleSocket()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["process"]["terminal"] = true;
    auto result = run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"),
                               QStringLiteral("test -t 0 && test -t 1 && echo relayed; exit 5")});
    QCOMPARE(result.exitCode, 5);
    QVERIFY2(result.out.contains("relayed\r\n"), result.out.constData());
}

void TestRuntime::logFileGetsJsonErrors()
{
    const QString log = stateRoot() + QStringLiteral("/runtime.log");
    auto result =
        runRuntime(stateRoot(), {QStringLiteral("--log"), log, QStringLiteral("--log-format"),
                                 QStringLiteral("json"), QStringLiteral("state"),
                                 QStringLiteral("no-such-container")});
    QVERIFY(result.exitCode != 0);
    QVERIFY(result.err.contains("`no-such-container` does not exist"));
    QFile file(log);
    QVERIFY(file.open(QIODevice::ReadOnly));
    auto entry = nlohmann::json::parse(file.readAll().trimmed().toStdString(), nullptr, false);
    QVERIFY(!entry.is_discarded());
    QCOMPARE(entry["level"].get<std::string>(), std::string("error"));
    QVERIFY(QString::fromStdString(entry["msg"]).contains(QStringLiteral("does not exist")));
    QVERIFY(entry.contains("time"));
}

void TestRuntime::systemdCgroupManagerFailsClearly()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    QVERIFY(bundle.write());
    auto result = runtime({QStringLiteral("--systemd-cgroup"), QStringLiteral("run"),
                           QStringLiteral("--bundle"), bundle.path(), newId()});
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains("systemd cgroup manager"), result.err.constData());
}

void TestRuntime::noPivotRunsInTheRootfs()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.setArgs({QStringLiteral("sh"), QStringLiteral("-c"),
                    QStringLiteral("ls /bin/probe && echo $(hostname)")});
    QVERIFY(bundle.write());
    auto result = runtime({QStringLiteral("run"), QStringLiteral("--no-pivot"),
                           QStringLiteral("--bundle"), bundle.path(), newId()});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, QByteArray("/bin/probe\nglassbox\n"));
}

void TestRuntime::preservedDescriptorsReachTheContainer()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.setArgs(
        {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("/bin/probe fds; cat <&3")});
    QVERIFY(bundle.write());
    // The host's shell opens fd 3 without close-on-exec and hands it over explicitly.
    QProcess shell;
    shell.start(
        QStringLiteral("/bin/sh"),
        {QStringLiteral("-c"),
         QStringLiteral(
             "exec 3<%1/config.json; exec %2 --root %3 run --preserve-fds 1 --bundle %1 %4")
             .arg(bundle.path(), QStringLiteral(GLASSBOX_RUNTIME_BINARY), stateRoot(), newId())});
    QVERIFY(shell.waitForFinished(30000));
    const QByteArray out = shell.readAllStandardOutput();
    QVERIFY2(shell.exitCode() == 0, shell.readAllStandardError().constData());
    QVERIFY2(out.startsWith("0 1 2 3\n{"), out.left(200).constData());
}

void TestRuntime::timeNamespaceOffsetsApply()
{
    if (!QFile::exists(QStringLiteral("/proc/self/ns/time")))
        QSKIP("this kernel has no time namespaces (CONFIG_TIME_NS)");
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config()["linux"]["namespaces"].push_back({{"type", "time"}});
    bundle.config()["linux"]["timeOffsets"] = {
        {"boottime", {{"secs", 10 * 365 * 86400}, {"nanosecs", 0}}}};
    auto result = run(bundle, {QStringLiteral("cut"), QStringLiteral("-d."), QStringLiteral("-f1"),
                               QStringLiteral("/proc/uptime")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    // Ten years of boot time more than the host's.
    QVERIFY2(result.out.trimmed().toLongLong() > 10LL * 365 * 86400, result.out.constData());
}

void TestRuntime::noNewPrivilegesIsSet()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto result = run(bundle, {QStringLiteral("grep"), QStringLiteral("NoNewPrivs"),
                               QStringLiteral("/proc/self/status")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out.simplified(), QByteArray("NoNewPrivs: 1"));
    bundle.config()["process"]["noNewPrivileges"] = false;
    result = run(bundle, {QStringLiteral("grep"), QStringLiteral("NoNewPrivs"),
                          QStringLiteral("/proc/self/status")});
    QCOMPARE(result.out.simplified(), QByteArray("NoNewPrivs: 0"));
}

// Found in the stock Debian guest: run from a root login shell (supplementary group 0), a
// user-namespaced container failed with "bind the rootfs ... onto itself: Permission
// denied". The unmapped host group 0 went into the namespace, and a directory 0701 root:root
// on the way to the rootfs (the helper's store, searchable by others only) then applies its
// group bits (none) to the container's root. The init drops the caller's groups.
void TestRuntime::userNamespaceDropsTheCallersGroups()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto &linuxConfig = bundle.config()["linux"];
    linuxConfig["namespaces"].push_back({{"type", "user"}});
    linuxConfig["uidMappings"] = {{{"containerID", 0}, {"hostID", 300000}, {"size", 65536}}};
    linuxConfig["gidMappings"] = {{{"containerID", 0}, {"hostID", 300000}, {"size", 65536}}};
    bundle.setArgs(
        {QStringLiteral("grep"), QStringLiteral("^Groups:"), QStringLiteral("/proc/self/status")});
    QVERIFY(bundle.write());
    QVERIFY(::chmod(QFile::encodeName(bundle.path()).constData(), 0701) == 0);
    const QString id = newId();
    QString error;
    QVERIFY2(glassbox::test::useTestCgroupParent(bundle.path(), id, &error), qPrintable(error));
    QProcess process;
    process.setProgram(QStringLiteral(GLASSBOX_RUNTIME_BINARY));
    process.setArguments({QStringLiteral("--root"), stateRoot(), QStringLiteral("run"),
                          QStringLiteral("--bundle"), bundle.path(), id});
    process.setChildProcessModifier([] {
        const gid_t rootGroup = 0;
        if (::setgroups(1, &rootGroup) != 0)
            ::_exit(126);
    });
    process.start();
    auto result = glassbox::test::finishRun(process, 30000);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out.simplified(), QByteArray("Groups:"));
}

// Found by test_podman_conformance in the stock Debian guest: `ls /dev | wc -l` under
// --privileged gave 149 with glassbox and 150 with runc, which links /dev/core to
// /proc/kcore where the kernel has it (Debian's does; this project's build host does not).
void TestRuntime::devCoreLinksKcoreAsRunc()
{
    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto result = run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"),
                               QStringLiteral("readlink /dev/core || echo none")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out.trimmed(), QFile::exists(QStringLiteral("/proc/kcore"))
                                       ? QByteArray("/proc/kcore")
                                       : QByteArray("none"));
}

void TestRuntime::signalsIgnoredByTheCallerAreResetInTheContainer()
{
    // Found by test_podman_conformance: conmon ignores SIGPIPE, the runtime inherited that,
    // and an ignored disposition survives execve, so `yes | head -c 2` in a podman container
    // printed "yes: Broken pipe" where runc's ended quietly. The runtime here is started the
    // way conmon starts it, with SIGPIPE (and SIGHUP, as under nohup) ignored.
    auto withSignalsIgnored = [this](const QStringList &args) {
        QProcess process;
        process.setProgram(QStringLiteral(GLASSBOX_RUNTIME_BINARY));
        process.setArguments(QStringList{QStringLiteral("--root"), stateRoot()} + args);
        process.setChildProcessModifier([] {
            ::signal(SIGPIPE, SIG_IGN);
            ::signal(SIGHUP, SIG_IGN);
        });
        process.start();
        return glassbox::test::finishRun(process, 30000);
    };
    const QStringList pipeline{QStringLiteral("sh"), QStringLiteral("-c"),
                               QStringLiteral("yes | head -c 2")};
    const QStringList ignored{QStringLiteral("grep"), QStringLiteral("SigIgn"),
                              QStringLiteral("/proc/self/status")};
    const QByteArray none("SigIgn:\t0000000000000000\n");

    // The container's init (run).
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.setArgs(ignored);
    QVERIFY(bundle.write());
    QString id = newId();
    QString error;
    QVERIFY2(glassbox::test::useTestCgroupParent(bundle.path(), id, &error), qPrintable(error));
    auto result =
        withSignalsIgnored({QStringLiteral("run"), QStringLiteral("--bundle"), bundle.path(), id});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, none);
    bundle.setArgs(pipeline);
    QVERIFY(bundle.write());
    id = newId();
    QVERIFY2(glassbox::test::useTestCgroupParent(bundle.path(), id, &error), qPrintable(error));
    result =
        withSignalsIgnored({QStringLiteral("run"), QStringLiteral("--bundle"), bundle.path(), id});
    QCOMPARE(result.out, QByteArray("y\n"));
    QCOMPARE(result.err, QByteArray()); // no "Broken pipe"
    QCOMPARE(result.exitCode, 0);

    // A process joining a running container (exec).
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("30")});
    QVERIFY(bundle.write());
    id = newId();
    QVERIFY(runtime({QStringLiteral("run"), QStringLiteral("--detach"), QStringLiteral("--bundle"),
                     bundle.path(), id})
                .exitCode == 0);
    result = withSignalsIgnored(QStringList{QStringLiteral("exec"), id} + ignored);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, none);
    result = withSignalsIgnored(QStringList{QStringLiteral("exec"), id} + pipeline);
    QCOMPARE(result.out, QByteArray("y\n"));
    QCOMPARE(result.err, QByteArray());
}

namespace {

/// The optional fields of the mount at `mountPoint` in a /proc/<pid>/mountinfo text
/// ("shared:12 master:3", "" for a private mount), or "<absent>".
QByteArray propagationTags(const QByteArray &mountinfo, const QByteArray &mountPoint)
{
    for (const QByteArray &line : mountinfo.split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() < 7 || fields[4] != mountPoint)
            continue;
        QByteArrayList tags;
        for (qsizetype i = 6; i < fields.size() && fields[i] != "-"; ++i)
            tags.append(fields[i]);
        return tags.join(' ');
    }
    return "<absent>";
}

void addMount(Bundle &bundle, const std::string &destination, const std::string &type,
              const std::string &source, const std::vector<std::string> &options)
{
    bundle.config()["mounts"].push_back(
        {{"destination", destination}, {"type", type}, {"source", source}, {"options", options}});
}

} // namespace

void TestRuntime::propagationOptionsApplyToTmpfsMounts()
{
    // Issue 13: a propagation option on a tmpfs (podman adds rprivate to each) was applied to
    // the directory under the new mount and failed with EINVAL.
    Bundle bundle;
    QVERIFY(bundle.isValid());
    addMount(bundle, "/tp", "tmpfs", "tmpfs", {"rprivate", "nosuid"});
    addMount(bundle, "/ts", "tmpfs", "tmpfs", {"shared"});
    for (auto &mount : bundle.config()["mounts"]) // podman's cgroup mount has it too
        if (mount["destination"] == "/sys/fs/cgroup")
            mount["options"].push_back("rprivate");
    auto result = run(bundle, {QStringLiteral("cat"), QStringLiteral("/proc/self/mountinfo")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(propagationTags(result.out, "/tp"), QByteArray());
    const QByteArray shared = propagationTags(result.out, "/ts");
    QVERIFY2(QRegularExpression(QStringLiteral("^shared:\\d+$"))
                 .match(QString::fromUtf8(shared))
                 .hasMatch(),
             shared.constData());
}

void TestRuntime::runcSpecBundleRunsWithAmbientCapabilityWarning()
{
    // The config `runc spec` (runc 1.1, Debian 12's) writes: ambient capabilities without
    // inheritable ones, which the kernel refuses to raise. runtime-spec 1.1: a capability
    // that cannot be granted is a warning, not a failure.
    Bundle bundle;
    QVERIFY(bundle.isValid());
    bundle.config() = nlohmann::json::parse(R"({
  "ociVersion": "1.0.2-dev",
  "process": {
    "terminal": true, "user": {"uid": 0, "gid": 0},
    "args": ["sh", "-c", "echo hello from runc spec; grep CapAmb /proc/self/status"],
    "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
    "cwd": "/",
    "capabilities": {
      "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "ambient": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
    },
    "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
    "noNewPrivileges": true
  },
  "root": {"path": "rootfs", "readonly": true},
  "hostname": "runc",
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
     "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
    {"destination": "/dev/pts", "type": "devpts", "source": "devpts",
     "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
    {"destination": "/dev/shm", "type": "tmpfs", "source": "shm",
     "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
    {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
     "options": ["nosuid", "noexec", "nodev"]},
    {"destination": "/sys", "type": "sysfs", "source": "sysfs",
     "options": ["nosuid", "noexec", "nodev", "ro"]},
    {"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
     "options": ["nosuid", "noexec", "nodev", "relatime", "ro"]}
  ],
  "linux": {
    "resources": {"devices": [{"allow": false, "access": "rwm"}]},
    "namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"},
                   {"type": "mount"}],
    "maskedPaths": ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                    "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
                    "/proc/sched_debug", "/sys/firmware", "/proc/scsi", "/sys/devices/virtual/tpm"],
    "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
  }
})");
    if (glassbox::test::pureCgroupV2()) // runc spec adds one there
        bundle.config()["linux"]["namespaces"].push_back({{"type", "cgroup"}});
    QVERIFY(bundle.write());
    const QString log = stateRoot() + QStringLiteral("/runc-spec.log");
    auto result = runtime({QStringLiteral("--log"), log, QStringLiteral("--log-format"),
                           QStringLiteral("json"), QStringLiteral("run"),
                           QStringLiteral("--bundle"), bundle.path(), newId()});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY2(result.out.contains("hello from runc spec\r\n"), result.out.constData());
    QVERIFY2(result.out.contains("CapAmb:\t0000000000000000"), result.out.constData());
    QVERIFY2(result.err.contains("warning") && result.err.contains("CAP_AUDIT_WRITE"),
             result.err.constData());
    QFile file(log);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool logged = false;
    for (const QByteArray &line : file.readAll().split('\n')) {
        auto entry = nlohmann::json::parse(line.toStdString(), nullptr, false);
        if (!entry.is_discarded() && entry.value("level", "") == "warning" &&
            entry.value("msg", "").find("CAP_NET_BIND_SERVICE") != std::string::npos)
            logged = true;
    }
    QVERIFY(logged);
}

void TestRuntime::rsharedBindMountStaysShared()
{
    // Issue 13: the recursive MS_SLAVE meant for the old root after pivot_root(".", ".")
    // landed on the new one and turned every shared mount into a slave.
    QTemporaryDir volume;
    QVERIFY(volume.isValid());
    Bundle bundle;
    QVERIFY(bundle.isValid());
    addMount(bundle, "/shared", "bind", volume.path().toStdString(), {"rbind", "rshared"});
    auto result = run(bundle, {QStringLiteral("cat"), QStringLiteral("/proc/self/mountinfo")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QByteArray tags = propagationTags(result.out, "/shared");
    QVERIFY2(tags.startsWith("shared:"), tags.constData());
}

void TestRuntime::rsharedRootfsPropagationReachesTheHost()
{
    // Bidirectional mounts (Kubernetes' mountPropagation: Bidirectional): with
    // rootfsPropagation rshared, a mount made in the container under an rshared bind of a
    // shared host directory appears on the host, as with runc.
    QTemporaryDir volume;
    QVERIFY(volume.isValid());
    QVERIFY(QDir(volume.path()).mkdir(QStringLiteral("sub")));
    const QByteArray hostPath = volume.path().toUtf8();
    const QByteArray subPath = hostPath + "/sub";
    QVERIFY(::mount(hostPath.constData(), hostPath.constData(), nullptr, MS_BIND, nullptr) == 0);
    // Before `volume` is removed, even when the test fails half-way.
    auto unmount = qScopeGuard([&] {
        while (::umount2(subPath.constData(), MNT_DETACH) == 0) {
        }
        ::umount2(hostPath.constData(), MNT_DETACH);
    });
    QVERIFY(::mount(nullptr, hostPath.constData(), nullptr, MS_SHARED, nullptr) == 0);

    Bundle bundle;
    QVERIFY(bundle.isValid());
    auto &config = bundle.config();
    config["linux"]["rootfsPropagation"] = "rshared";
    config["linux"].erase("seccomp"); // mount(2) is not in the default profile
    for (const char *set : {"bounding", "effective", "permitted"})
        config["process"]["capabilities"][set].push_back("CAP_SYS_ADMIN");
    addMount(bundle, "/shared", "bind", volume.path().toStdString(), {"rbind", "rshared"});
    auto result = run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"),
                               QStringLiteral("mount -t tmpfs -o size=1m gbt-marker /shared/sub "
                                              "&& grep -c ' /shared/sub ' /proc/self/mountinfo")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, QByteArray("1\n"));
    QFile mountinfo(QStringLiteral("/proc/self/mountinfo"));
    QVERIFY(mountinfo.open(QIODevice::ReadOnly));
    QVERIFY2(propagationTags(mountinfo.readAll(), subPath) != "<absent>",
             "the container's mount did not reach the host");
}

void TestRuntime::tmpcopyupCopiesTheDirectoryIn()
{
    // Issue 13: podman adds tmpcopyup to every --tmpfs and to a --read-only rootfs' tmpfs
    // mounts; the tmpfs must start with what the directory it covers held.
    Bundle bundle;
    QVERIFY(bundle.isValid());
    const QString etc = bundle.rootfs() + QStringLiteral("/etc");
    QVERIFY(QDir(etc).mkdir(QStringLiteral("sub")));
    const QByteArray secret = (etc + QStringLiteral("/sub/secret")).toUtf8();
    {
        QFile file(QString::fromUtf8(secret));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write("kept\n") == 5);
    }
    QVERIFY(::chown(secret.constData(), 1000, 1000) == 0);
    QVERIFY(::chmod(secret.constData(), 0640) == 0);
    const timespec times[2] = {{978307200, 0}, {978307200, 0}}; // 2001-01-01
    QVERIFY(::utimensat(AT_FDCWD, secret.constData(), times, 0) == 0);
    QVERIFY(::symlink("passwd", (etc + QStringLiteral("/link")).toUtf8().constData()) == 0);
    // A symlink pointing out of the rootfs must be copied as a link, not followed.
    QVERIFY(::symlink("/proc/self/root/etc/shadow",
                      (etc + QStringLiteral("/escape")).toUtf8().constData()) == 0);
    addMount(bundle, "/etc", "tmpfs", "tmpfs", {"tmpcopyup", "nosuid", "rprivate"});
    auto result = run(bundle, {QStringLiteral("sh"), QStringLiteral("-c"),
                               QStringLiteral("grep -c ' /etc .* - tmpfs ' /proc/self/mountinfo; "
                                              "head -c 5 /etc/passwd; echo; "
                                              "stat -c '%a %u %g %Y' /etc/sub/secret; "
                                              "cat /etc/sub/secret; readlink /etc/link; "
                                              "readlink /etc/escape; touch /etc/new")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, QByteArray("1\nroot:\n640 1000 1000 978307200\nkept\npasswd\n"
                                    "/proc/self/root/etc/shadow\n"));
    // Writes land in the tmpfs, not in the image.
    QVERIFY(!QFile::exists(etc + QStringLiteral("/new")));
}

QTEST_GUILESS_MAIN(TestRuntime)
#include "test_runtime.moc"
