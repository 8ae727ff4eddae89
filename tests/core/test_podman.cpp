// Compatibility with a real container engine: Debian's podman (with conmon) drives
// glassbox-runtime through run, exit codes, detached containers, exec and removal, with every
// podman path in a temporary directory and every cgroup nested under this process's own.
#include "bundle.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <unistd.h>

using glassbox::test::Bundle;

class TestPodman : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_store;
    QString m_cgroupParent;
    QString m_podman;

    struct Output
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    /// podman with its root, runroot and tmpdir in m_store and glassbox-runtime as runtime.
    Output podman(const QStringList &args, int timeoutMs = 60000);
    QStringList runOptions() const;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void runPrintsOutput();
    void exitCodePassesThrough();
    void detachedContainerRunsAndExecWorks();
    void stopAndRemoveLeaveNothingRunning();
};

TestPodman::Output TestPodman::podman(const QStringList &args, int timeoutMs)
{
    QProcess process;
    const QString root = m_store.path();
    process.start(m_podman,
                  QStringList{QStringLiteral("--root"), root + QStringLiteral("/root"),
                              QStringLiteral("--runroot"), root + QStringLiteral("/runroot"),
                              QStringLiteral("--tmpdir"), root + QStringLiteral("/tmp"),
                              QStringLiteral("--storage-driver"), QStringLiteral("vfs"),
                              QStringLiteral("--cgroup-manager"), QStringLiteral("cgroupfs"),
                              QStringLiteral("--events-backend"), QStringLiteral("file"),
                              QStringLiteral("--runtime"),
                              QStringLiteral(GLASSBOX_RUNTIME_BINARY)} +
                      args);
    process.closeWriteChannel();
    Output output;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    output.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    output.out = process.readAllStandardOutput();
    output.err = process.readAllStandardError();
    return output;
}

QStringList TestPodman::runOptions() const
{
    // This host has no CAP_SYS_RESOURCE: podman's default rlimits (1048576) cannot be set,
    // so ask for values at or below the current hard limits.
    return {QStringLiteral("--network"),       QStringLiteral("none"),
            QStringLiteral("--cgroup-parent"), m_cgroupParent,
            QStringLiteral("--ulimit"),        QStringLiteral("nofile=1024:1024"),
            QStringLiteral("--ulimit"),        QStringLiteral("nproc=4096:4096")};
}

void TestPodman::initTestCase()
{
    const QString reason = glassbox::test::privilegedSkipReason();
    if (!reason.isEmpty())
        QSKIP(qPrintable(reason));
    m_podman = QStandardPaths::findExecutable(QStringLiteral("podman"));
    if (m_podman.isEmpty() || QStandardPaths::findExecutable(QStringLiteral("conmon")).isEmpty())
        QSKIP("needs Debian's podman and conmon");
    QVERIFY(m_store.isValid());
    m_cgroupParent =
        glassbox::test::podmanCgroupParent(QStringLiteral("glassbox-podman-%1").arg(::getpid()));

    Bundle bundle; // its busybox rootfs becomes the podman image
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    QProcess tar;
    QProcess import;
    tar.setStandardOutputProcess(&import);
    tar.start(QStringLiteral("tar"),
              {QStringLiteral("-C"), bundle.rootfs(), QStringLiteral("-c"), QStringLiteral(".")});
    const QString root = m_store.path();
    import.start(m_podman, {QStringLiteral("--root"), root + QStringLiteral("/root"),
                            QStringLiteral("--runroot"), root + QStringLiteral("/runroot"),
                            QStringLiteral("--tmpdir"), root + QStringLiteral("/tmp"),
                            QStringLiteral("--storage-driver"), QStringLiteral("vfs"),
                            QStringLiteral("import"), QStringLiteral("-"),
                            QStringLiteral("localhost/glassbox-test:latest")});
    QVERIFY(tar.waitForFinished(60000));
    QVERIFY(import.waitForFinished(60000));
    QVERIFY2(import.exitCode() == 0, import.readAllStandardError().constData());
}

void TestPodman::cleanupTestCase()
{
    if (m_podman.isEmpty() || !m_store.isValid())
        return;
    podman({QStringLiteral("rm"), QStringLiteral("--all"), QStringLiteral("--force"),
            QStringLiteral("--time"), QStringLiteral("0")});
    podman({QStringLiteral("system"), QStringLiteral("reset"), QStringLiteral("--force")});
    glassbox::test::removeCgroupTree(m_cgroupParent);
}

void TestPodman::runPrintsOutput()
{
    auto result = podman(QStringList{QStringLiteral("run"), QStringLiteral("--rm")} + runOptions() +
                         QStringList{QStringLiteral("localhost/glassbox-test:latest"),
                                     QStringLiteral("echo"), QStringLiteral("hello from podman")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, QByteArray("hello from podman\n"));
}

void TestPodman::exitCodePassesThrough()
{
    auto result =
        podman(QStringList{QStringLiteral("run"), QStringLiteral("--rm")} + runOptions() +
               QStringList{QStringLiteral("localhost/glassbox-test:latest"), QStringLiteral("sh"),
                           QStringLiteral("-c"), QStringLiteral("exit 3")});
    QCOMPARE(result.exitCode, 3);
}

void TestPodman::detachedContainerRunsAndExecWorks()
{
    auto started = podman(QStringList{QStringLiteral("run"), QStringLiteral("-d"),
                                      QStringLiteral("--name"), QStringLiteral("gb-exec")} +
                          runOptions() +
                          QStringList{QStringLiteral("localhost/glassbox-test:latest"),
                                      QStringLiteral("sleep"), QStringLiteral("300")});
    QVERIFY2(started.exitCode == 0, started.err.constData());
    auto state = podman({QStringLiteral("inspect"), QStringLiteral("-f"),
                         QStringLiteral("{{.State.Status}}"), QStringLiteral("gb-exec")});
    QCOMPARE(state.out.trimmed(), QByteArray("running"));
    auto exec = podman({QStringLiteral("exec"), QStringLiteral("gb-exec"), QStringLiteral("sh"),
                        QStringLiteral("-c"), QStringLiteral("echo exec-works; exit 4")});
    QCOMPARE(exec.out, QByteArray("exec-works\n"));
    QCOMPARE(exec.exitCode, 4);
}

void TestPodman::stopAndRemoveLeaveNothingRunning()
{
    auto removed =
        podman({QStringLiteral("rm"), QStringLiteral("--force"), QStringLiteral("--time"),
                QStringLiteral("0"), QStringLiteral("gb-exec")});
    QVERIFY2(removed.exitCode == 0, removed.err.constData());
    auto listed = podman({QStringLiteral("ps"), QStringLiteral("-a"), QStringLiteral("-q")});
    QCOMPARE(listed.out.trimmed(), QByteArray());
}

QTEST_GUILESS_MAIN(TestPodman)
#include "test_podman.moc"
