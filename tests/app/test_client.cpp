// The client library (app/client/) and the contract's names (api/) without a bus: every
// name pinned to its literal, the object-path rule, error texts in both styles, and the
// CreateContainer options both clients build.
#include "BusNames.h"
#include "CreateOptions.h"
#include "ErrorText.h"
#include "Quantities.h"

#include <QFile>
#include <QTest>

using namespace glassbox::client;
namespace api = glassbox::api;

namespace {

QByteArray readAll(const char *path)
{
    QFile file(QString::fromUtf8(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerGlassboxDBusTypes(); }

    // The literals here are the wire: a constant that drifts from them fails this test,
    // which a test using the constant itself could not notice.
    void namesMatchTheContract_data()
    {
        QTest::addColumn<QString>("constant");
        QTest::addColumn<QString>("literal");
        const auto row = [](const char *name, QLatin1String constant, const char *literal) {
            QTest::newRow(name) << QString(constant) << QString::fromLatin1(literal);
        };
        row("service", api::kService, "org.glassbox.Manager1");
        row("manager path", api::kManagerPath, "/org/glassbox/Manager1");
        row("Manager1", api::kManagerInterface, "org.glassbox.Manager1");
        row("Container1", api::kContainerInterface, "org.glassbox.Container1");
        row("Image1", api::kImageInterface, "org.glassbox.Image1");
        row("Job1", api::kJobInterface, "org.glassbox.Job1");
        row("Properties", api::kPropertiesInterface, "org.freedesktop.DBus.Properties");
        row("ObjectManager", api::kObjectManagerInterface, "org.freedesktop.DBus.ObjectManager");
        row("NotAuthorized", api::error::kNotAuthorized, "org.glassbox.Error.NotAuthorized");
        row("InvalidArgument", api::error::kInvalidArgument, "org.glassbox.Error.InvalidArgument");
        row("NotFound", api::error::kNotFound, "org.glassbox.Error.NotFound");
        row("Busy", api::error::kBusy, "org.glassbox.Error.Busy");
        row("Failed", api::error::kFailed, "org.glassbox.Error.Failed");
        row("view", api::action::kView, "org.glassbox.view");
        row("manage", api::action::kManage, "org.glassbox.container.manage");
        row("privileged", api::action::kPrivileged, "org.glassbox.container.privileged");
        row("images", api::action::kImages, "org.glassbox.images");
        row("cancel-others", api::action::kCancelOthers, "org.glassbox.jobs.cancel-others");
        row("Command", api::option::kCommand, "Command");
        row("Env", api::option::kEnv, "Env");
        row("WorkingDir", api::option::kWorkingDir, "WorkingDir");
        row("User", api::option::kUser, "User");
        row("Hostname", api::option::kHostname, "Hostname");
        row("MemoryLimit", api::option::kMemoryLimit, "MemoryLimit");
        row("CpuQuota", api::option::kCpuQuota, "CpuQuota");
        row("CpuPeriod", api::option::kCpuPeriod, "CpuPeriod");
        row("PidsLimit", api::option::kPidsLimit, "PidsLimit");
        row("ReadOnly", api::option::kReadOnly, "ReadOnly");
        row("UserNamespace", api::option::kUserNamespace, "UserNamespace");
        row("CapAdd", api::option::kCapAdd, "CapAdd");
        row("CapDrop", api::option::kCapDrop, "CapDrop");
        row("Seccomp", api::option::kSeccomp, "Seccomp");
        row("BindMounts", api::option::kBindMounts, "BindMounts");
    }
    void namesMatchTheContract()
    {
        QFETCH(QString, constant);
        QFETCH(QString, literal);
        QCOMPARE(constant, literal);
    }

    // The contract's files name what BusNames.h names.
    void namesAreInTheContractFiles()
    {
        const QByteArray xml = readAll(GLASSBOX_CONTRACT_XML);
        QVERIFY(!xml.isEmpty());
        for (QLatin1String interface : {api::kManagerInterface, api::kContainerInterface,
                                        api::kImageInterface, api::kJobInterface})
            QVERIFY2(xml.contains("<interface name=\"" + QByteArray(interface.data()) + "\">"),
                     interface.data());
        const QByteArray policy = readAll(GLASSBOX_POLKIT_POLICY);
        QVERIFY(!policy.isEmpty());
        for (QLatin1String action :
             {api::action::kView, api::action::kManage, api::action::kPrivileged,
              api::action::kImages, api::action::kCancelOthers})
            QVERIFY2(policy.contains("<action id=\"" + QByteArray(action.data()) + "\">"),
                     action.data());
    }

    void errorKinds()
    {
        for (auto kind : {api::ErrorKind::NotAuthorized, api::ErrorKind::InvalidArgument,
                          api::ErrorKind::NotFound, api::ErrorKind::Busy, api::ErrorKind::Failed})
            QCOMPARE(api::errorKind(api::errorName(kind)), kind);
        QCOMPARE(api::errorKind(u"org.freedesktop.DBus.Error.NoReply"), std::nullopt);
    }

    void objectPaths()
    {
        QCOMPARE(api::containerPath(u"3f2a"),
                 QStringLiteral("/org/glassbox/Manager1/container/3f2a"));
        QCOMPARE(api::imagePath(u"sha256:0123456789abcdef0123"),
                 QStringLiteral("/org/glassbox/Manager1/image/0123456789abcdef"));
        QCOMPARE(api::imagePath(u"0123456789abcdef0123"),
                 QStringLiteral("/org/glassbox/Manager1/image/0123456789abcdef"));
        QCOMPARE(api::jobPath(7), QStringLiteral("/org/glassbox/Manager1/job/7"));
        QCOMPARE(api::idFromPath(u"/org/glassbox/Manager1/container/3f2a"), QStringLiteral("3f2a"));
    }

    // One row per error and style: the desktop application's sentence and glassboxctl's line.
    void errorText_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("terse");
        QTest::addColumn<QString>("expected");
        const auto row = [&](const char *tag, const char *name, const char *message, bool terse,
                             const QString &expected) {
            QTest::newRow(tag) << QString::fromLatin1(name) << QString::fromUtf8(message) << terse
                               << expected;
        };
        row("not authorized", "org.glassbox.Error.NotAuthorized", "", false,
            QStringLiteral("You are not allowed to start “web”."));
        row("not authorized, terse", "org.glassbox.Error.NotAuthorized", "", true,
            QStringLiteral("not authorized"));
        row("option not authorized", "org.glassbox.Error.NotAuthorized",
            "`CapAdd` needs org.glassbox.container.privileged", false,
            QStringLiteral("Could not start “web”. “CapAdd” needs "
                           "org.glassbox.container.privileged."));
        row("not found", "org.glassbox.Error.NotFound", "no container 3f2a", false,
            QStringLiteral("Could not start “web”: it no longer exists (no container 3f2a)."));
        row("not found, terse", "org.glassbox.Error.NotFound", "no container 3f2a", true,
            QStringLiteral("no container 3f2a"));
        row("busy", "org.glassbox.Error.Busy", "stopping", false,
            QStringLiteral("Could not start “web” because it is busy: stopping"));
        row("name taken", "org.glassbox.Error.Busy", "the name `web` is taken by 3f2a", false,
            QStringLiteral("Could not start “web”: the name “web” is taken by 3f2a."));
        row("invalid", "org.glassbox.Error.InvalidArgument", "bad", false,
            QStringLiteral("Could not start “web”, the input was refused: bad"));
        row("no command", "org.glassbox.Error.Failed",
            "glassbox-shim: `process.args[0]`: executable `foo` not found in $PATH", false,
            QStringLiteral("Could not start “web”: the command “foo” was not found in the "
                           "image."));
        row("no command, terse", "org.glassbox.Error.Failed",
            "glassbox-shim: `process.args[0]`: executable `foo` not found in $PATH", true,
            QStringLiteral("glassbox-shim: `process.args[0]`: executable `foo` not found in "
                           "$PATH"));
        row("no helper", "org.freedesktop.DBus.Error.ServiceUnknown", "gone", false,
            QStringLiteral("Could not start “web”: the Glassbox helper (glassbox-helper) is "
                           "not running or not installed."));
        row("no helper, terse", "org.freedesktop.DBus.Error.NameHasNoOwner", "gone", true,
            QStringLiteral("cannot reach glassbox-helper (org.glassbox.Manager1) on the system "
                           "bus: gone"));
        row("no answer", "org.freedesktop.DBus.Error.NoReply", "late", false,
            QStringLiteral("Could not start “web”: the Glassbox helper did not answer in time."));
        row("no answer, terse", "org.freedesktop.DBus.Error.Timeout", "late", true,
            QStringLiteral("glassbox-helper did not answer: late"));
        row("access denied, terse", "org.freedesktop.DBus.Error.AccessDenied", "policy", true,
            QStringLiteral("the bus refused the call: policy"));
        row("disconnected", "org.freedesktop.DBus.Error.Disconnected", "", false,
            QStringLiteral("Could not start “web”: the connection to the system bus is lost."));
        row("disconnected, terse", "org.freedesktop.DBus.Error.Disconnected", "eof", true,
            QStringLiteral("the connection to the system bus is lost: eof"));
        row("unknown object", "org.freedesktop.DBus.Error.UnknownObject", "", false,
            QStringLiteral("Could not start “web”: it no longer exists."));
        row("unknown method", "org.freedesktop.DBus.Error.UnknownMethod", "No such method", false,
            QStringLiteral("Could not start “web”: the Glassbox helper did not understand the "
                           "request (org.freedesktop.DBus.Error.UnknownMethod); the application "
                           "and the helper may be of different versions."));
    }
    void errorText()
    {
        QFETCH(QString, name);
        QFETCH(QString, message);
        QFETCH(bool, terse);
        QFETCH(QString, expected);
        const ErrorContext context{QStringLiteral("start “web”"),
                                   terse ? ErrorStyle::Terse : ErrorStyle::Sentence};
        QCOMPARE(glassbox::client::errorText(name, message, context), expected);
    }

    void meansNoHelperOrAnswer()
    {
        QVERIFY(meansNoHelper(u"org.freedesktop.DBus.Error.ServiceUnknown"));
        QVERIFY(meansNoHelper(u"org.freedesktop.DBus.Error.Spawn.ChildExited"));
        QVERIFY(!meansNoHelper(u"org.glassbox.Error.Failed"));
        QVERIFY(meansNoAnswer(u"org.freedesktop.DBus.Error.NoReply"));
        QVERIFY(!meansNoAnswer(u"org.freedesktop.DBus.Error.ServiceUnknown"));
    }

    // The Run dialog's spin box and `--cpus` give the same quota, without a text round trip.
    void cpusFromCores_data()
    {
        QTest::addColumn<double>("cores");
        QTest::addColumn<QString>("text");
        QTest::newRow("one and a half") << 1.5 << QStringLiteral("1.5");
        QTest::newRow("smallest") << 0.01 << QStringLiteral("0.01");
        QTest::newRow("a third, two decimals") << 0.33 << QStringLiteral("0.33");
        QTest::newRow("largest") << 10000.0 << QStringLiteral("10000");
    }
    void cpusFromCores()
    {
        QFETCH(double, cores);
        QFETCH(QString, text);
        CreateOptions fromCores;
        CreateOptions fromText;
        QString why;
        QVERIFY2(fromCores.setCpus(cores, &why), qPrintable(why));
        QVERIFY2(fromText.setCpus(text, &why), qPrintable(why));
        QCOMPARE(fromCores.toVariantMap(), fromText.toVariantMap());
    }

    void cpusOutOfRangeAreRefused()
    {
        for (double cores : {0.0, 0.001, -1.0, 10000.5, qInf(), qQNaN()}) {
            QString why;
            QVERIFY2(!cpuLimitFromCores(cores, &why), qPrintable(QString::number(cores)));
            QVERIFY(!why.isEmpty());
        }
    }

    void optionsHaveTheContractsTypes()
    {
        CreateOptions options;
        QString why;
        QVERIFY(options.setMemoryLimit(QStringLiteral("64m"), &why));
        QVERIFY(options.setPidsLimit(QStringLiteral("100"), &why));
        QVERIFY(!options.setMemoryLimit(QStringLiteral("1k"), &why));
        QVERIFY(!why.isEmpty());
        options.setReadOnly(false).setCapAdd({}).setCommand({QStringLiteral("sh")});
        const QVariantMap map = options.toVariantMap();
        QCOMPARE(map.value(QStringLiteral("MemoryLimit")).metaType(),
                 QMetaType::fromType<qulonglong>());
        QCOMPARE(map.value(QStringLiteral("MemoryLimit")).toULongLong(), 64ULL << 20);
        QCOMPARE(map.value(QStringLiteral("PidsLimit")).metaType(),
                 QMetaType::fromType<qlonglong>());
        // Off and empty are not sent: the helper's defaults apply.
        QVERIFY(!map.contains(QStringLiteral("ReadOnly")));
        QVERIFY(!map.contains(QStringLiteral("CapAdd")));
        QCOMPARE(map.value(QStringLiteral("Command")).toStringList(),
                 QStringList{QStringLiteral("sh")});
    }
};

QTEST_GUILESS_MAIN(TestClient)
#include "test_client.moc"
