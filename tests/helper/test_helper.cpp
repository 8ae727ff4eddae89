// glassbox-helper against real services: a private system bus with the real polkitd (the
// TestSystemBus fixture), the real shim and runtime, as root. Clients are the test users the
// fixture's polkit rules grant (gbtest-allowed) and refuse (gbtest-denied).
#include "system_bus.h"

#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/types.h>

using namespace glassbox::test;

namespace {

const QString kService = QStringLiteral("org.glassbox.Manager1");
const QString kManagerPath = QStringLiteral("/org/glassbox/Manager1");
const QString kManager = QStringLiteral("org.glassbox.Manager1");
const QString kContainer = QStringLiteral("org.glassbox.Container1");
const QString kNotAuthorized = QStringLiteral("org.glassbox.Error.NotAuthorized");
const QString kInvalidArgument = QStringLiteral("org.glassbox.Error.InvalidArgument");

QDBusMessage call(QDBusConnection bus, const QString &path, const QString &interface,
                  const QString &method, const QVariantList &arguments = {}, int timeoutMs = 60000)
{
    QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
    message.setArguments(arguments);
    return bus.call(message, QDBus::Block, timeoutMs);
}

QVariant containerProperty(QDBusConnection bus, const QString &path, const QString &name)
{
    const QDBusMessage reply = call(bus, path, QStringLiteral("org.freedesktop.DBus.Properties"),
                                    QStringLiteral("Get"), {kContainer, name});
    if (reply.type() != QDBusMessage::ReplyMessage)
        return {};
    return reply.arguments().value(0).value<QDBusVariant>().variant();
}

bool alive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

} // namespace

class TestHelper : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSystemBus> m_bus;
    QTemporaryDir m_root;
    std::unique_ptr<QProcess> m_helper;
    QDBusConnection m_allowed{QString()};
    QDBusConnection m_denied{QString()};

    QString stateDir() const { return m_root.path() + QStringLiteral("/state"); }
    QString runDir() const { return m_root.path() + QStringLiteral("/run"); }
    QString storeRoot() const { return m_root.path() + QStringLiteral("/store"); }

    bool startHelper()
    {
        m_helper = std::make_unique<QProcess>();
        m_helper->setProcessEnvironment(m_bus->environment());
        m_helper->setProcessChannelMode(QProcess::ForwardedChannels);
        m_helper->start(QStringLiteral(GLASSBOX_HELPER_BINARY),
                        {QStringLiteral("--state-dir"), stateDir(), QStringLiteral("--run-dir"),
                         runDir(), QStringLiteral("--store-root"), storeRoot(),
                         QStringLiteral("--shim"), QStringLiteral(GLASSBOX_SHIM_BINARY),
                         QStringLiteral("--runtime"), QStringLiteral(GLASSBOX_RUNTIME_BINARY),
                         QStringLiteral("--idle-timeout"), QStringLiteral("0")});
        if (!m_helper->waitForStarted())
            return false;
        for (int i = 0; i < 200; ++i) {
            if (m_bus->connection().interface()->isServiceRegistered(kService))
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    void killHelper()
    {
        m_helper->kill();
        m_helper->waitForFinished();
        QTRY_VERIFY(!m_bus->connection().interface()->isServiceRegistered(kService));
    }

    QString create(QDBusConnection bus, const QString &name, const QVariantMap &options,
                   QDBusMessage *replyOut = nullptr)
    {
        const QDBusMessage reply =
            call(bus, kManagerPath, kManager, QStringLiteral("CreateContainer"),
                 {QStringLiteral("busybox"), name, options});
        if (replyOut)
            *replyOut = reply;
        if (reply.type() != QDBusMessage::ReplyMessage) {
            qWarning("CreateContainer: %s", qPrintable(reply.errorMessage()));
            return {};
        }
        return reply.arguments().value(0).value<QDBusObjectPath>().path();
    }

    QStringList containerIds() const
    {
        return QDir(stateDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));
        QVERIFY(m_root.isValid());
        QString error;
        m_allowed = m_bus->connectAs(QString::fromLatin1(kAllowedUser), &error);
        QVERIFY2(m_allowed.isConnected(), qPrintable(error));
        m_denied = m_bus->connectAs(QString::fromLatin1(kDeniedUser), &error);
        QVERIFY2(m_denied.isConnected(), qPrintable(error));
        QVERIFY(startHelper());
    }

    void cleanupTestCase()
    {
        if (m_helper) {
            m_helper->kill();
            m_helper->waitForFinished();
        }
    }

    void lifecycle()
    {
        const QString path =
            create(m_allowed, QStringLiteral("life"),
                   {{QStringLiteral("Command"),
                     QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                                 QStringLiteral("echo hello-from-busybox; exec sleep 1000")}}});
        QVERIFY(!path.isEmpty());
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("created"));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("Name")).toString(),
                 QStringLiteral("life"));

        QDBusMessage reply = call(m_allowed, path, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("running"));
        const uint pid = containerProperty(m_allowed, path, QStringLiteral("Pid")).toUInt();
        QVERIFY(alive(pid));
        QTRY_VERIFY(call(m_allowed, path, kContainer, QStringLiteral("GetLogs"), {qulonglong(4096)})
                        .arguments()
                        .value(0)
                        .toString()
                        .contains(QStringLiteral("hello-from-busybox")));

        // sleep as pid 1 ignores SIGTERM: the stop ends with SIGKILL after the timeout.
        reply = call(m_allowed, path, kContainer, QStringLiteral("Stop"), {uint(1)});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("stopped"));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("ExitCode")).toInt(),
                 128 + SIGKILL);
        QVERIFY(!alive(pid));

        reply = call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QVERIFY(!containerProperty(m_allowed, path, QStringLiteral("State")).isValid());
        QVERIFY(containerIds().isEmpty());
    }

    void deniedChangesNothing()
    {
        const QString path = create(m_allowed, QStringLiteral("guarded"), {});
        QVERIFY(!path.isEmpty());
        const QStringList before = containerIds();

        QDBusMessage created;
        QVERIFY(create(m_denied, QStringLiteral("intruder"), {}, &created).isEmpty());
        QCOMPARE(created.errorName(), kNotAuthorized);
        const QList<QPair<QString, QVariantList>> methods = {
            {QStringLiteral("Start"), {}},
            {QStringLiteral("Stop"), {uint(1)}},
            {QStringLiteral("Kill"), {int(SIGKILL)}},
            {QStringLiteral("Restart"), {uint(1)}},
            {QStringLiteral("Pause"), {}},
            {QStringLiteral("Resume"), {}},
            {QStringLiteral("Remove"), {true}},
            {QStringLiteral("Update"), {QVariantMap{{QStringLiteral("PidsLimit"), qlonglong(10)}}}},
            {QStringLiteral("Exec"), {QStringList{QStringLiteral("true")}}},
            {QStringLiteral("Inspect"), {}},
        };
        for (const auto &[method, arguments] : methods) {
            const QDBusMessage reply = call(m_denied, path, kContainer, method, arguments);
            QVERIFY2(reply.errorName() == kNotAuthorized,
                     qPrintable(method + QStringLiteral(": ") + reply.errorName()));
        }
        QCOMPARE(containerIds(), before);
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("created"));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("PidsLimit")).toLongLong(),
                 qlonglong(-1));

        // The same calls go through for the allowed user.
        QDBusMessage reply = call(m_allowed, path, kContainer, QStringLiteral("Update"),
                                  {QVariantMap{{QStringLiteral("PidsLimit"), qlonglong(10)}}});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("PidsLimit")).toLongLong(),
                 qlonglong(10));
        reply = call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QVERIFY(containerIds().isEmpty());
    }

    void badArguments_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QVariantMap>("options");
        QTest::addColumn<QString>("inMessage");
        QTest::newRow("bad name") << QStringLiteral("-bad") << QVariantMap()
                                  << QStringLiteral("name");
        QTest::newRow("unknown key")
            << QStringLiteral("a") << QVariantMap{{QStringLiteral("Privileged"), true}}
            << QStringLiteral("`Privileged`");
        QTest::newRow("wrong type")
            << QStringLiteral("a") << QVariantMap{{QStringLiteral("MemoryLimit"), 5}}
            << QStringLiteral("`MemoryLimit`");
        QTest::newRow("env") << QStringLiteral("a")
                             << QVariantMap{{QStringLiteral("Env"),
                                             QStringList{QStringLiteral("NOVALUE")}}}
                             << QStringLiteral("`Env`");
        QTest::newRow("pids") << QStringLiteral("a")
                              << QVariantMap{{QStringLiteral("PidsLimit"), qlonglong(0)}}
                              << QStringLiteral("`PidsLimit`");
        QTest::newRow("seccomp") << QStringLiteral("a")
                                 << QVariantMap{{QStringLiteral("Seccomp"), QStringLiteral("off")}}
                                 << QStringLiteral("`Seccomp`");
        QTest::newRow("cap") << QStringLiteral("a")
                             << QVariantMap{{QStringLiteral("CapDrop"),
                                             QStringList{QStringLiteral("CAP_BOGUS")}}}
                             << QStringLiteral("CAP_BOGUS");
    }

    void badArguments()
    {
        QFETCH(QString, name);
        QFETCH(QVariantMap, options);
        QFETCH(QString, inMessage);
        QDBusMessage reply;
        QVERIFY(create(m_allowed, name, options, &reply).isEmpty());
        QCOMPARE(reply.errorName(), kInvalidArgument);
        QVERIFY2(reply.errorMessage().contains(inMessage), qPrintable(reply.errorMessage()));
        QVERIFY(containerIds().isEmpty());
    }

    void badSignal()
    {
        const QString path = create(m_allowed, QStringLiteral("signals"), {});
        QVERIFY(!path.isEmpty());
        for (int signal : {0, 65, -1})
            QCOMPARE(
                call(m_allowed, path, kContainer, QStringLiteral("Kill"), {signal}).errorName(),
                kInvalidArgument);
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false}).type() ==
                QDBusMessage::ReplyMessage);
    }

    void survivesHelperCrash()
    {
        const QString path =
            create(m_allowed, QStringLiteral("survivor"),
                   {{QStringLiteral("Command"),
                     QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}});
        QVERIFY(!path.isEmpty());
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Start")).type() ==
                QDBusMessage::ReplyMessage);
        const uint pid = containerProperty(m_allowed, path, QStringLiteral("Pid")).toUInt();
        QVERIFY(alive(pid));

        killHelper();
        QTest::qWait(200);
        QVERIFY(alive(pid));
        QVERIFY(startHelper());
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("running"));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("Pid")).toUInt(), pid);

        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Stop"), {uint(1)}).type() ==
                QDBusMessage::ReplyMessage);
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("stopped"));
        QVERIFY(!alive(pid));
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false}).type() ==
                QDBusMessage::ReplyMessage);
    }

    void exitWhileHelperDown()
    {
        const QString path = create(
            m_allowed, QStringLiteral("leaver"),
            {{QStringLiteral("Command"), QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                                                     QStringLiteral("sleep 2; exit 7")}}});
        QVERIFY(!path.isEmpty());
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Start")).type() ==
                QDBusMessage::ReplyMessage);
        const uint pid = containerProperty(m_allowed, path, QStringLiteral("Pid")).toUInt();
        killHelper();
        QTRY_VERIFY_WITH_TIMEOUT(!alive(pid), 10000);
        QVERIFY(startHelper());
        QTRY_COMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                     QStringLiteral("stopped"));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("ExitCode")).toInt(), 7);
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false}).type() ==
                QDBusMessage::ReplyMessage);
    }
    void concurrentContainers()
    {
        const QList<QDBusConnection> clients = {m_allowed, m_bus->connection()};
        QList<QDBusPendingCall> creates;
        for (int i = 0; i < 20; ++i) {
            QDBusMessage message = QDBusMessage::createMethodCall(
                kService, kManagerPath, kManager, QStringLiteral("CreateContainer"));
            message.setArguments(
                {QStringLiteral("busybox"), QStringLiteral("many-%1").arg(i),
                 QVariantMap{{QStringLiteral("Command"),
                              QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}}});
            creates.append(clients.at(i % 2).asyncCall(message, 120000));
        }
        QStringList paths;
        for (QDBusPendingCall &pending : creates) {
            pending.waitForFinished();
            QVERIFY2(!pending.isError(), qPrintable(pending.error().message()));
            paths.append(pending.reply().arguments().value(0).value<QDBusObjectPath>().path());
        }
        QList<QDBusPendingCall> starts;
        for (int i = 0; i < paths.size(); ++i) {
            QDBusMessage message = QDBusMessage::createMethodCall(kService, paths.at(i), kContainer,
                                                                  QStringLiteral("Start"));
            starts.append(clients.at(i % 2).asyncCall(message, 120000));
        }
        for (QDBusPendingCall &pending : starts) {
            pending.waitForFinished();
            QVERIFY2(!pending.isError(), qPrintable(pending.error().message()));
        }
        for (const QString &path : std::as_const(paths)) {
            QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                     QStringLiteral("running"));
            QVERIFY(alive(containerProperty(m_allowed, path, QStringLiteral("Pid")).toUInt()));
        }
        for (const QString &path : std::as_const(paths))
            QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true}).type() ==
                    QDBusMessage::ReplyMessage);
        QVERIFY(containerIds().isEmpty());
    }

    void oomKillReported()
    {
        const QString path =
            create(m_allowed, QStringLiteral("hungry"),
                   {{QStringLiteral("Command"),
                     QStringList{QStringLiteral("tail"), QStringLiteral("/dev/zero")}},
                    {QStringLiteral("MemoryLimit"), qulonglong(16 * 1024 * 1024)}});
        QVERIFY(!path.isEmpty());
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Start")).type() ==
                QDBusMessage::ReplyMessage);
        QTRY_COMPARE_WITH_TIMEOUT(
            containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
            QStringLiteral("stopped"), 30000);
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("OOMKilled")).toBool(), true);
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false}).type() ==
                QDBusMessage::ReplyMessage);
    }

    void nothingLeaked()
    {
        QVERIFY(containerIds().isEmpty());
        QFile mounts(QStringLiteral("/proc/self/mountinfo"));
        QVERIFY(mounts.open(QIODevice::ReadOnly));
        QVERIFY(!QString::fromLocal8Bit(mounts.readAll()).contains(m_root.path()));
        QVERIFY(QDir(runDir() + QStringLiteral("/shims"))
                    .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                    .isEmpty());
        const QStringList runtime = QDir(runDir() + QStringLiteral("/runtime"))
                                        .entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        // `#seccomp` is the runtime's cache of compiled filters, not a container.
        QVERIFY2(runtime.isEmpty() || runtime == QStringList{QStringLiteral("#seccomp")},
                 qPrintable(runtime.join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(TestHelper)
#include "test_helper.moc"
