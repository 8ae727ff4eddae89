// glassboxctl end to end: the real glassbox-helper on a private system bus with the real
// polkitd (TestSystemBus), driven by the glassboxctl binary as the test users.
#include "bundle.h"
#include "system_bus.h"

#include <QDBusConnectionInterface>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using glassbox::test::kAllowedUser;
using glassbox::test::kDeniedUser;
using glassbox::test::TestSystemBus;
using glassbox::test::UserRunResult;

class TestGlassboxctl : public QObject
{
    Q_OBJECT

private:
    UserRunResult ctl(const char *user, const QStringList &args, int timeoutMs = 120000)
    {
        return m_bus->runAs(QString::fromLatin1(user), QStringLiteral(GLASSBOXCTL_BINARY), args,
                            timeoutMs);
    }
    static QString describe(const UserRunResult &r)
    {
        return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
            .arg(r.exitCode)
            .arg(QString::fromLocal8Bit(r.out), QString::fromLocal8Bit(r.err));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        if (glassbox::test::busyboxPath().isEmpty())
            QSKIP("busybox-static is missing");
        QVERIFY(m_root.isValid());
        QFile::setPermissions(m_root.path(), QFile::ReadOwner | QFile::WriteOwner |
                                                 QFile::ExeOwner | QFile::ReadOther |
                                                 QFile::ExeOther);
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));

        m_helper = std::make_unique<QProcess>();
        m_helper->setProcessEnvironment(m_bus->environment());
        m_helper->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QStringList args{
            QStringLiteral("--state-dir"),       m_root.filePath(QStringLiteral("state")),
            QStringLiteral("--run-dir"),         m_root.filePath(QStringLiteral("run")),
            QStringLiteral("--store-root"),      m_root.filePath(QStringLiteral("store")),
            QStringLiteral("--idle-timeout"),    QStringLiteral("0"),
            QStringLiteral("--network-dir"),     m_root.filePath(QStringLiteral("networks")),
            QStringLiteral("--default-network"), QStringLiteral("none")};
#ifdef GLASSBOX_RUNTIME_BINARY
        args << QStringLiteral("--runtime") << QStringLiteral(GLASSBOX_RUNTIME_BINARY);
#endif
#ifdef GLASSBOX_SHIM_BINARY
        args << QStringLiteral("--shim") << QStringLiteral(GLASSBOX_SHIM_BINARY);
#endif
        m_helper->start(QStringLiteral(GLASSBOX_HELPER_BINARY), args);
        QVERIFY(m_helper->waitForStarted());
        QDeadlineTimer deadline(20000);
        bool up = false;
        while (!deadline.hasExpired() && m_helper->state() == QProcess::Running) {
            up = m_bus->connection()
                     .interface()
                     ->isServiceRegistered(QStringLiteral("org.glassbox.Manager1"))
                     .value();
            if (up)
                break;
            QThread::msleep(100);
        }
        QVERIFY2(up, "glassbox-helper did not own org.glassbox.Manager1 on the test bus");

        // A busybox rootfs tar that the test users can read, for `import`.
        const QString rootfs = m_root.filePath(QStringLiteral("rootfs"));
        QString error;
        QVERIFY2(glassbox::test::buildBusyboxRootfs(rootfs, &error), qPrintable(error));
        m_archive = m_root.filePath(QStringLiteral("busybox.tar"));
        QCOMPARE(QProcess::execute(QStringLiteral("tar"),
                                   {QStringLiteral("-C"), rootfs, QStringLiteral("-cf"), m_archive,
                                    QStringLiteral(".")}),
                 0);
        QFile::setPermissions(m_archive, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
    }

    void cleanupTestCase()
    {
        if (m_bus && m_bus->isValid() && m_helper) {
            // Remove what the suite left behind, then stop the helper.
            ctl(kAllowedUser, {QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("web")});
            ctl(kAllowedUser,
                {QStringLiteral("rmi"), QStringLiteral("-f"), QStringLiteral("busybox")});
        }
        if (m_helper && m_helper->state() == QProcess::Running) {
            m_helper->terminate();
            if (!m_helper->waitForFinished(10000))
                m_helper->kill();
            m_helper->waitForFinished();
        }
        m_helper.reset();
        m_bus.reset();
    }

    void importImage()
    {
        const UserRunResult r =
            ctl(kAllowedUser,
                {QStringLiteral("import"), QStringLiteral("--format"), QStringLiteral("rootfs"),
                 QStringLiteral("--tag"), QStringLiteral("busybox:latest"), m_archive});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY(!r.out.trimmed().isEmpty()); // the image id
        const UserRunResult images = ctl(kAllowedUser, {QStringLiteral("images")});
        QVERIFY2(images.exitCode == 0, qPrintable(describe(images)));
        QVERIFY2(images.out.contains("busybox"), qPrintable(describe(images)));
    }

    void deniedUserIsRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("ps") << QStringList{QStringLiteral("ps")};
        QTest::newRow("run") << QStringList{QStringLiteral("run"), QStringLiteral("busybox"),
                                            QStringLiteral("true")};
        QTest::newRow("import") << QStringList{QStringLiteral("import"), m_archive};
    }
    void deniedUserIsRefused()
    {
        QFETCH(QStringList, args);
        const UserRunResult r = ctl(kDeniedUser, args);
        QVERIFY2(r.exitCode == 125, qPrintable(describe(r)));
        QVERIFY2(r.err.startsWith("Error: "), qPrintable(describe(r)));
    }

    void runForeground()
    {
        UserRunResult r = ctl(kAllowedUser, {QStringLiteral("run"), QStringLiteral("--rm"),
                                             QStringLiteral("busybox"), QStringLiteral("echo"),
                                             QStringLiteral("hello from glassboxctl")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY2(r.out.contains("hello from glassboxctl"), qPrintable(describe(r)));
        // The container's exit code is glassboxctl's.
        r = ctl(kAllowedUser,
                {QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("busybox"),
                 QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("exit 3")});
        QVERIFY2(r.exitCode == 3, qPrintable(describe(r)));
        // Each stream comes out where the container wrote it, live and from the log.
        r = ctl(kAllowedUser,
                {QStringLiteral("run"), QStringLiteral("--name"), QStringLiteral("streams"),
                 QStringLiteral("busybox"), QStringLiteral("sh"), QStringLiteral("-c"),
                 QStringLiteral("echo to-stdout; echo to-stderr >&2")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.out, QByteArray("to-stdout\n"));
        QVERIFY2(r.err.contains("to-stderr\n"), qPrintable(describe(r)));
        r = ctl(kAllowedUser, {QStringLiteral("logs"), QStringLiteral("streams")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.out, QByteArray("to-stdout\n"));
        QCOMPARE(r.err, QByteArray("to-stderr\n"));
        r = ctl(kAllowedUser, {QStringLiteral("logs"), QStringLiteral("--timestamps"),
                               QStringLiteral("streams")});
        static const QRegularExpression stamped(
            QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z to-stdout\n$"));
        QVERIFY2(stamped.match(QString::fromUtf8(r.out)).hasMatch(), qPrintable(describe(r)));
        r = ctl(kAllowedUser, {QStringLiteral("rm"), QStringLiteral("streams")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    }

    // Issue 13: `run --userns-remap` failed to start ("bind the rootfs ... Permission
    // denied"). Root inside, the image's files root's, and root a high host uid.
    void runWithUsernsRemap()
    {
        const UserRunResult r =
            ctl(kAllowedUser,
                {QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--userns-remap"),
                 QStringLiteral("busybox"), QStringLiteral("sh"), QStringLiteral("-c"),
                 QStringLiteral("id -u; stat -c %u:%g /bin/busybox /etc; cat /proc/self/uid_map")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QStringList lines =
            QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() == 4, qPrintable(describe(r)));
        QCOMPARE(lines[0], QStringLiteral("0"));
        QCOMPARE(lines[1], QStringLiteral("0:0"));
        QCOMPARE(lines[2], QStringLiteral("0:0"));
        const QStringList map = lines[3].simplified().split(QLatin1Char(' '));
        QVERIFY2(map.size() == 3 && map[0] == QStringLiteral("0") && map[1].toUInt() >= 1000000,
                 qPrintable(describe(r)));
    }

    void lifecycle()
    {
        UserRunResult r = ctl(kAllowedUser, {QStringLiteral("create"), QStringLiteral("--name"),
                                             QStringLiteral("web"), QStringLiteral("busybox"),
                                             QStringLiteral("sleep"), QStringLiteral("1000")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QByteArray id = r.out.trimmed();
        QVERIFY(!id.isEmpty());

        r = ctl(kAllowedUser, {QStringLiteral("start"), QStringLiteral("web")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        r = ctl(kAllowedUser, {QStringLiteral("ps")});
        QVERIFY2(r.out.contains("web") && r.out.contains("Up "), qPrintable(describe(r)));

        r = ctl(kAllowedUser, {QStringLiteral("exec"), QStringLiteral("web"), QStringLiteral("sh"),
                               QStringLiteral("-c"), QStringLiteral("echo inside; exit 4")});
        QVERIFY2(r.exitCode == 4 && r.out.contains("inside"), qPrintable(describe(r)));

        for (const char *verb : {"top", "ns", "diff", "layers", "inspect", "logs"}) {
            r = ctl(kAllowedUser, {QString::fromLatin1(verb), QStringLiteral("web")});
            QVERIFY2(r.exitCode == 0, qPrintable(QString::fromLatin1(verb) + describe(r)));
        }
        r = ctl(kAllowedUser, {QStringLiteral("top"), QStringLiteral("web")});
        QVERIFY2(r.out.contains("sleep"), qPrintable(describe(r)));
        r = ctl(kAllowedUser, {QStringLiteral("inspect"), QString::fromLatin1(id)});
        QVERIFY2(QJsonDocument::fromJson(r.out).isArray(), qPrintable(describe(r)));

        r = ctl(kAllowedUser,
                {QStringLiteral("--json"), QStringLiteral("stats"), QStringLiteral("web")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QJsonArray stats = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(stats.size(), 1);
        QVERIFY(stats.at(0).toObject().value(QStringLiteral("pids")).toInt() >= 1);

        r = ctl(kAllowedUser, {QStringLiteral("pause"), QStringLiteral("web")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        r = ctl(kAllowedUser, {QStringLiteral("resume"), QStringLiteral("web")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));

        // The denied user can change nothing.
        r = ctl(kDeniedUser, {QStringLiteral("stop"), QStringLiteral("web")});
        QVERIFY2(r.exitCode == 125, qPrintable(describe(r)));

        r = ctl(kAllowedUser, {QStringLiteral("stop"), QStringLiteral("-t"), QStringLiteral("1"),
                               QStringLiteral("web")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        r = ctl(kAllowedUser,
                {QStringLiteral("ps"), QStringLiteral("-a"), QStringLiteral("--json")});
        const QJsonArray all = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.at(0).toObject().value(QStringLiteral("State")).toString(),
                 QStringLiteral("stopped"));

        // --bus-address reaches the same helper without the environment variable.
        QProcess process;
        QVERIFY(m_bus->prepareAs(process, QString::fromLatin1(kAllowedUser)));
        QProcessEnvironment env = process.processEnvironment();
        env.remove(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(GLASSBOXCTL_BINARY),
                      {QStringLiteral("--bus-address"), m_bus->address(), QStringLiteral("rm"),
                       QStringLiteral("web")});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);

        r = ctl(kAllowedUser, {QStringLiteral("inspect"), QStringLiteral("web")});
        QCOMPARE(r.exitCode, 125);
        QVERIFY2(r.err.startsWith("Error: "), qPrintable(describe(r)));
    }

    // Issue 15: the Security tab's report at the terminal, worded as in the desktop
    // application, or the helper's JSON.
    void inspectSecurity()
    {
        UserRunResult r = ctl(kAllowedUser, {QStringLiteral("create"), QStringLiteral("--name"),
                                             QStringLiteral("guarded"), QStringLiteral("busybox"),
                                             QStringLiteral("true")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        auto remove = qScopeGuard([this] {
            ctl(kAllowedUser,
                {QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("guarded")});
        });
        r = ctl(kAllowedUser, {QStringLiteral("inspect"), QStringLiteral("--security"),
                               QStringLiteral("guarded")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY2(r.out.contains("Effective capabilities: CAP_AUDIT_WRITE, CAP_CHOWN"),
                 qPrintable(describe(r)));
        QVERIFY2(r.out.contains("Seccomp profile: Docker's default profile; blocks "),
                 qPrintable(describe(r)));
        QVERIFY2(
            r.out.contains("Things to know about this container:\n  - Runs as root on the host"),
            qPrintable(describe(r)));
        r = ctl(kAllowedUser, {QStringLiteral("--json"), QStringLiteral("inspect"),
                               QStringLiteral("--security"), QStringLiteral("guarded")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QJsonObject report = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(report.value(QStringLiteral("warnings")).toArray(),
                 QJsonArray{QStringLiteral("host-root")});
        QCOMPARE(report.value(QStringLiteral("seccomp")).toString(), QStringLiteral("default"));
        r = ctl(kAllowedUser, {QStringLiteral("inspect"), QStringLiteral("--security"),
                               QStringLiteral("guarded"), QStringLiteral("busybox")});
        QVERIFY2(r.exitCode == 125 && r.err.startsWith("Error: "), qPrintable(describe(r)));
    }

    void removeImage()
    {
        const UserRunResult r =
            ctl(kAllowedUser, {QStringLiteral("rmi"), QStringLiteral("busybox")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const UserRunResult images =
            ctl(kAllowedUser, {QStringLiteral("images"), QStringLiteral("-q")});
        QVERIFY2(images.out.trimmed().isEmpty(), qPrintable(describe(images)));
    }

private:
    QTemporaryDir m_root;
    QString m_archive;
    std::unique_ptr<TestSystemBus> m_bus;
    std::unique_ptr<QProcess> m_helper;
};

QTEST_GUILESS_MAIN(TestGlassboxctl)
#include "test_glassboxctl.moc"
