// glassbox-helper's life cycle on the bus, as installed: started by D-Bus activation on the
// first call, kept while a client is connected, gone after the idle period once the last one
// has left (its containers keep running under their shims), and back on the next call with
// them. A private system bus with the real polkitd (TestSystemBus); root.
#include "helper_calls.h"
#include "system_bus.h"

#include <QDBusConnectionInterface>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace glassbox::test;

namespace {

/// Seconds without clients after which the helper under test exits.
constexpr int kIdleSeconds = 2;

} // namespace

class TestHelperActivation : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSystemBus> m_bus;
    QTemporaryDir m_root;
    QString m_container; ///< the container that outlives a helper
    uint m_containerPid = 0;
    uint m_firstHelperPid = 0;

    QDBusConnection client()
    {
        QString error;
        QDBusConnection connection = m_bus->connectAs(QString::fromLatin1(kAllowedUser), &error);
        if (!connection.isConnected())
            qWarning("cannot connect as %s: %s", kAllowedUser, qPrintable(error));
        return connection;
    }
    /// Closes a client's connection: the bus sees its unique name leave.
    static void hangUp(QDBusConnection &connection)
    {
        const QString name = connection.name();
        connection = QDBusConnection(QString()); // the last reference, or nothing is closed
        QDBusConnection::disconnectFromBus(name);
    }
    bool helperOnBus() const
    {
        return m_bus->connection().interface()->isServiceRegistered(kService);
    }
    uint helperPid() const
    {
        const QDBusReply<uint> pid = m_bus->connection().interface()->servicePid(kService);
        return pid.isValid() ? pid.value() : 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY(m_root.isValid());
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));
        QString error;
        QVERIFY2(m_bus->addActivatableService(
                     kService,
                     {QStringLiteral(GLASSBOX_HELPER_BINARY), QStringLiteral("--state-dir"),
                      m_root.filePath(QStringLiteral("state")), QStringLiteral("--run-dir"),
                      m_root.filePath(QStringLiteral("run")), QStringLiteral("--store-root"),
                      m_root.filePath(QStringLiteral("store")), QStringLiteral("--shim"),
                      QStringLiteral(GLASSBOX_SHIM_BINARY), QStringLiteral("--runtime"),
                      QStringLiteral(GLASSBOX_RUNTIME_BINARY), QStringLiteral("--idle-timeout"),
                      QString::number(kIdleSeconds), QStringLiteral("--network-dir"),
                      m_root.filePath(QStringLiteral("networks")),
                      QStringLiteral("--default-network"), QStringLiteral("none")},
                     &error),
                 qPrintable(error));
        QVERIFY(!helperOnBus());
    }

    void activatedByTheFirstCall()
    {
        QDBusConnection first = client();
        QVERIFY(first.isConnected());
        QElapsedTimer timer;
        timer.start();
        const QDBusMessage listed =
            call(first, kManagerPath, QStringLiteral("org.freedesktop.DBus.ObjectManager"),
                 QStringLiteral("GetManagedObjects"));
        QVERIFY2(listed.type() == QDBusMessage::ReplyMessage, qPrintable(listed.errorMessage()));
        qInfo("activated and answered in %lld ms", timer.elapsed());
        m_firstHelperPid = helperPid();
        QVERIFY(m_firstHelperPid > 0);

        QDBusMessage reply;
        m_container =
            createBusybox(first, QStringLiteral("survivor"),
                          {{QStringLiteral("Command"),
                            QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}},
                          &reply);
        QVERIFY2(!m_container.isEmpty(), qPrintable(reply.errorMessage()));
        reply = call(first, m_container, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QTRY_COMPARE(containerProperty(first, m_container, QStringLiteral("State")).toString(),
                     QStringLiteral("running"));
        m_containerPid = containerProperty(first, m_container, QStringLiteral("Pid")).toUInt();
        QVERIFY(alive(m_containerPid));

        // A connected client keeps the helper, however quiet it is.
        QTest::qWait((kIdleSeconds * 2 + 1) * 1000);
        QCOMPARE(helperPid(), m_firstHelperPid);

        // Once it has left, the helper goes after the idle period; the container stays.
        hangUp(first);
        timer.restart();
        QTRY_VERIFY_WITH_TIMEOUT(!helperOnBus(), (kIdleSeconds + 10) * 1000);
        qInfo("left the bus %lld ms after its last client", timer.elapsed());
        QVERIFY(timer.elapsed() >= kIdleSeconds * 1000 - 100);
        QTRY_VERIFY(!alive(m_firstHelperPid));
        QVERIFY(alive(m_containerPid));
    }

    void comesBackWithItsContainers()
    {
        QVERIFY(!m_container.isEmpty());
        QDBusConnection second = client();
        QVERIFY(second.isConnected());
        // A property read is a call like any other: it activates the helper.
        QCOMPARE(containerProperty(second, m_container, QStringLiteral("State")).toString(),
                 QStringLiteral("running"));
        QCOMPARE(containerProperty(second, m_container, QStringLiteral("Pid")).toUInt(),
                 m_containerPid);
        const uint pid = helperPid();
        QVERIFY(pid > 0 && pid != m_firstHelperPid);

        const QDBusMessage reply =
            call(second, m_container, kContainer, QStringLiteral("Remove"), {true});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QTRY_VERIFY(!alive(m_containerPid));
        m_container.clear();
        hangUp(second);
        QTRY_VERIFY_WITH_TIMEOUT(!helperOnBus(), (kIdleSeconds + 10) * 1000);
    }

    void cleanupTestCase()
    {
        if (!m_bus || !m_bus->isValid())
            return;
        // What a failed case left: the container goes through a helper (activated again if
        // need be), then the helper itself.
        if (!m_container.isEmpty()) {
            QDBusConnection last = client();
            call(last, m_container, kContainer, QStringLiteral("Remove"), {true});
            hangUp(last);
        }
        if (const uint pid = helperPid(); pid > 0) {
            ::kill(pid_t(pid), SIGTERM);
            QTRY_VERIFY(!alive(pid));
        }
    }
};

QTEST_GUILESS_MAIN(TestHelperActivation)
#include "test_helper_activation.moc"
