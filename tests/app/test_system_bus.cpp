// Proves the TestSystemBus fixture: the real polkitd on the private bus answers
// CheckAuthorization by the test rules, and the bus enforces our bus policy.
#include "system_bus.h"

#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusReply>
#include <QTest>

#include <memory>

using glassbox::test::kAllowedUser;
using glassbox::test::kDeniedUser;
using glassbox::test::TestSystemBus;

namespace {

struct Authorization
{
    bool ok = false; // the call itself succeeded
    bool authorized = false;
    bool challenge = false;
    QString error;
};

// org.freedesktop.PolicyKit1.Authority.CheckAuthorization for a system-bus-name subject,
// as glassbox-helper asks it.
Authorization askPolkit(const QDBusConnection &caller, const QString &busName,
                        const QString &action, const QMap<QString, QString> &details)
{
    QDBusMessage call =
        QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.PolicyKit1"),
                                       QStringLiteral("/org/freedesktop/PolicyKit1/Authority"),
                                       QStringLiteral("org.freedesktop.PolicyKit1.Authority"),
                                       QStringLiteral("CheckAuthorization"));
    QDBusArgument subject;
    subject.beginStructure();
    subject << QStringLiteral("system-bus-name");
    subject.beginMap(QMetaType::fromType<QString>(), QMetaType::fromType<QDBusVariant>());
    subject.beginMapEntry();
    subject << QStringLiteral("name") << QDBusVariant(busName);
    subject.endMapEntry();
    subject.endMap();
    subject.endStructure();
    call << QVariant::fromValue(subject) << action << QVariant::fromValue(details) << 0u
         << QString();
    const QDBusMessage reply = caller.call(call, QDBus::Block, 30000);

    Authorization result;
    if (reply.type() != QDBusMessage::ReplyMessage) {
        result.error = reply.errorName() + QStringLiteral(": ") + reply.errorMessage();
        return result;
    }
    const QDBusArgument answer = reply.arguments().value(0).value<QDBusArgument>();
    QMap<QString, QString> resultDetails;
    answer.beginStructure();
    answer >> result.authorized >> result.challenge >> resultDetails;
    answer.endStructure();
    result.ok = true;
    return result;
}

} // namespace

class TestSystemBusSuite : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qDBusRegisterMetaType<QMap<QString, QString>>();
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));
    }
    void cleanupTestCase() { m_bus.reset(); }

    void checkAuthorization_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("action");
        QTest::addColumn<bool>("authorized");
        QTest::newRow("allowed manage") << QString::fromLatin1(kAllowedUser)
                                        << QStringLiteral("org.glassbox.container.manage") << true;
        QTest::newRow("denied manage") << QString::fromLatin1(kDeniedUser)
                                       << QStringLiteral("org.glassbox.container.manage") << false;
        QTest::newRow("allowed privileged")
            << QString::fromLatin1(kAllowedUser)
            << QStringLiteral("org.glassbox.container.privileged") << true;
        QTest::newRow("denied view")
            << QString::fromLatin1(kDeniedUser) << QStringLiteral("org.glassbox.view") << false;
        QTest::newRow("root images")
            << QStringLiteral("root") << QStringLiteral("org.glassbox.images") << true;
    }
    void checkAuthorization()
    {
        QFETCH(QString, user);
        QFETCH(QString, action);
        QFETCH(bool, authorized);
        QString error;
        QDBusConnection subject = m_bus->connectAs(user, &error);
        QVERIFY2(subject.isConnected(), qPrintable(error));
        const QString container = QStringLiteral("web-%1")
                                      .arg(QString::fromLatin1(QTest::currentDataTag()))
                                      .replace(QLatin1Char(' '), QLatin1Char('-'));

        const Authorization answer = askPolkit(m_bus->connection(), subject.baseService(), action,
                                               {{QStringLiteral("verb"), QStringLiteral("start")},
                                                {QStringLiteral("container"), container}});
        QVERIFY2(answer.ok, qPrintable(answer.error));
        QCOMPARE(answer.authorized, authorized);
        QVERIFY(!answer.challenge); // the rules decide; nothing would prompt
        // polkitd answers yes for uid 0 without consulting the rules.
        if (user == QLatin1String("root"))
            return;
        // The rules saw the subject's user (from the bus's credentials) and the details.
        QVERIFY2(
            m_bus->polkitLog().contains(
                QStringLiteral("%1 %2 -> %3 details: verb=start "
                               "container=%4")
                    .arg(action, user, authorized ? QStringLiteral("yes") : QStringLiteral("no"),
                         container)),
            qPrintable(m_bus->polkitLog()));
    }

    // polkit refuses to answer for someone else's subject unless the caller is trusted.
    void unprivilegedCallerCannotAskForOthers()
    {
        QDBusConnection denied = m_bus->connectAs(QString::fromLatin1(kDeniedUser));
        QVERIFY(denied.isConnected());
        const Authorization answer = askPolkit(denied, m_bus->connection().baseService(),
                                               QStringLiteral("org.glassbox.view"), {});
        QVERIFY(!answer.ok || !answer.authorized);
    }

    void onlyRootOwnsManagerName()
    {
        const QString name = QStringLiteral("org.glassbox.Manager1");
        for (const char *user : {kAllowedUser, kDeniedUser}) {
            QDBusConnection connection = m_bus->connectAs(QString::fromLatin1(user));
            QVERIFY(connection.isConnected());
            const QDBusReply<QDBusConnectionInterface::RegisterServiceReply> reply =
                connection.interface()->registerService(name);
            QVERIFY2(!reply.isValid(), user);
            QCOMPARE(reply.error().type(), QDBusError::AccessDenied);
        }
        QVERIFY(m_bus->connection().registerService(name));
        QVERIFY(m_bus->connection().unregisterService(name));
    }

    // Anyone may call the helper's interfaces (polkit decides); other interfaces on the
    // helper's name stay closed.
    void anyoneMaySendToManager()
    {
        const QString name = QStringLiteral("org.glassbox.Manager1");
        QVERIFY(m_bus->connection().registerService(name));
        QDBusConnection denied = m_bus->connectAs(QString::fromLatin1(kDeniedUser));
        QVERIFY(denied.isConnected());

        auto call = [&](const QString &interface) {
            return denied.call(
                QDBusMessage::createMethodCall(name, QStringLiteral("/org/glassbox/Manager1"),
                                               interface, QStringLiteral("NoSuchMethod")),
                QDBus::Block, 10000);
        };
        // Reaches the owner, which has no such object.
        for (const char *interface :
             {"org.glassbox.Manager1", "org.glassbox.Container1", "org.glassbox.Image1",
              "org.glassbox.Job1", "org.freedesktop.DBus.Properties",
              "org.freedesktop.DBus.ObjectManager"}) {
            const QDBusMessage reply = call(QString::fromLatin1(interface));
            QCOMPARE(reply.type(), QDBusMessage::ErrorMessage);
            QVERIFY2(reply.errorName() != QStringLiteral("org.freedesktop.DBus.Error.AccessDenied"),
                     interface);
        }
        const QDBusMessage refused = call(QStringLiteral("org.example.Other"));
        QCOMPARE(refused.errorName(), QStringLiteral("org.freedesktop.DBus.Error.AccessDenied"));
        // Introspection would list every container id as a child node, answered by QtDBus
        // without polkit: the bus keeps it for root.
        const QDBusMessage introspect = denied.call(
            QDBusMessage::createMethodCall(name, QStringLiteral("/org/glassbox/Manager1/container"),
                                           QStringLiteral("org.freedesktop.DBus.Introspectable"),
                                           QStringLiteral("Introspect")),
            QDBus::Block, 10000);
        QCOMPARE(introspect.errorName(), QStringLiteral("org.freedesktop.DBus.Error.AccessDenied"));
        QVERIFY(m_bus->connection().unregisterService(name));
    }

    void runAsSwitchesUser()
    {
        const auto result = m_bus->runAs(QString::fromLatin1(kDeniedUser),
                                         QStringLiteral("/usr/bin/id"), {QStringLiteral("-un")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.trimmed(), QByteArray(kDeniedUser));
    }

private:
    std::unique_ptr<TestSystemBus> m_bus;
};

QTEST_GUILESS_MAIN(TestSystemBusSuite)
#include "test_system_bus.moc"
