// The client library (app/client/) and the contract's names (api/) without a bus: every
// name pinned to its literal, the object-path rule, error texts in both styles, the
// CreateContainer options both clients build, and the calls as a peer receives them (a
// private connection to a fake helper in this process; no bus daemon).
#include "BlockingClient.h"
#include "BusNames.h"
#include "Calls.h"
#include "CreateOptions.h"
#include "ErrorText.h"
#include "Quantities.h"

#include <QDBusServer>
#include <QDBusUnixFileDescriptor>
#include <QDBusVirtualObject>
#include <QFile>
#include <QMutex>
#include <QScopeGuard>
#include <QTest>
#include <QThread>

#include <functional>

using namespace glassbox::client;
namespace api = glassbox::api;

namespace {

QByteArray readAll(const char *path)
{
    QFile file(QString::fromUtf8(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The helper's side of a private connection: every message to the helper's paths is kept,
// and answered by `answer` (an empty reply by default). It runs in a thread of its own, so
// that BlockingClient may block this one while it waits.
class FakeHelper : public QDBusVirtualObject
{
public:
    using Answer = std::function<QDBusMessage(const QDBusMessage &call)>;

    // tmpdir: an abstract socket on Linux, so there is no file to remove afterwards.
    FakeHelper() : m_server(new QDBusServer(QStringLiteral("unix:tmpdir=/tmp")))
    {
        // The server announces a connection in its own thread, and dispatches none before.
        connect(m_server, &QDBusServer::newConnection, this,
                [this](const QDBusConnection &connection) {
                    QDBusConnection(connection)
                        .registerVirtualObject(glassbox::api::kManagerPath, this,
                                               QDBusConnection::SubPath);
                });
        connect(&m_thread, &QThread::finished, m_server, &QObject::deleteLater);
        m_server->moveToThread(&m_thread);
        moveToThread(&m_thread);
        m_thread.start();
    }
    ~FakeHelper() override
    {
        m_thread.quit();
        m_thread.wait();
    }

    /// A connection to it, once it is set up: Qt knows only then that it passes descriptors.
    QDBusConnection open(const QString &name)
    {
        QDBusConnection connection = QDBusConnection::connectToPeer(m_server->address(), name);
        connection.call(QDBusMessage::createMethodCall(QString(), QStringLiteral("/"), QString(),
                                                       QStringLiteral("Ping")));
        return connection;
    }
    void setAnswer(Answer answer)
    {
        const QMutexLocker locker(&m_mutex);
        m_answer = std::move(answer);
    }
    QList<QDBusMessage> received()
    {
        const QMutexLocker locker(&m_mutex);
        return m_received;
    }

    QString introspect(const QString &) const override { return {}; }
    bool handleMessage(const QDBusMessage &message, const QDBusConnection &connection) override
    {
        const QMutexLocker locker(&m_mutex);
        m_received.append(message);
        connection.send(m_answer ? m_answer(message) : message.createReply());
        return true;
    }

private:
    QDBusServer *m_server;
    QThread m_thread;
    QMutex m_mutex;
    Answer m_answer;
    QList<QDBusMessage> m_received;
};

// One call of Calls and what the helper must receive: path, interface, member, signature,
// and whether it changes something (interactive authorization allowed).
struct CallRow
{
    const char *tag;
    std::function<QDBusPendingCall(const Calls &)> send;
    QString path;
    QLatin1String interface;
    const char *member;
    const char *signature;
    bool change;
};

const QList<CallRow> &callRows()
{
    const QString manager = api::kManagerPath;
    const QString container = api::containerPath(u"3f2a");
    const QString image = api::imagePath(u"sha256:0123456789abcdef0123");
    const QString job = api::jobPath(7);
    const auto id = QStringLiteral("3f2a");
    const auto imageId = QStringLiteral("sha256:0123456789abcdef0123");
    static const QList<CallRow> rows = {
        {"CreateContainer",
         [](const Calls &c) {
             return c.createContainer(QStringLiteral("busybox"), QStringLiteral("web"), {});
         },
         manager, api::kManagerInterface, "CreateContainer", "ssa{sv}", true},
        {"ImportImage",
         [](const Calls &c) {
             return c.importImage(QDBusUnixFileDescriptor(0), QStringLiteral("auto"), {});
         },
         manager, api::kManagerInterface, "ImportImage", "hss", true},
        {"GetStats", [id](const Calls &c) { return c.getStats({id}); }, manager,
         api::kManagerInterface, "GetStats", "as", false},
        {"GetManagedObjects", [](const Calls &c) { return c.getManagedObjects(); }, manager,
         api::kObjectManagerInterface, "GetManagedObjects", "", false},
        {"ListNetworks", [](const Calls &c) { return c.listNetworks(); }, manager,
         api::kManagerInterface, "ListNetworks", "", false},
        {"CreateNetwork",
         [](const Calls &c) {
             return c.createNetwork(QStringLiteral("backend"),
                                    {{api::networkOption::kInternal, true}});
         },
         manager, api::kManagerInterface, "CreateNetwork", "sa{sv}", true},
        {"RemoveNetwork", [](const Calls &c) { return c.removeNetwork(QStringLiteral("backend")); },
         manager, api::kManagerInterface, "RemoveNetwork", "s", true},
        {"InspectNetwork",
         [](const Calls &c) { return c.inspectNetwork(QStringLiteral("backend")); }, manager,
         api::kManagerInterface, "InspectNetwork", "s", false},
        {"Start", [id](const Calls &c) { return c.start(id); }, container, api::kContainerInterface,
         "Start", "", true},
        {"Stop", [id](const Calls &c) { return c.stop(id, 10); }, container,
         api::kContainerInterface, "Stop", "u", true},
        {"Restart", [id](const Calls &c) { return c.restart(id, 10); }, container,
         api::kContainerInterface, "Restart", "u", true},
        {"Kill", [id](const Calls &c) { return c.kill(id, 9); }, container,
         api::kContainerInterface, "Kill", "i", true},
        {"Pause", [id](const Calls &c) { return c.pause(id); }, container, api::kContainerInterface,
         "Pause", "", true},
        {"Resume", [id](const Calls &c) { return c.resume(id); }, container,
         api::kContainerInterface, "Resume", "", true},
        {"Remove", [id](const Calls &c) { return c.removeContainer(id, true); }, container,
         api::kContainerInterface, "Remove", "b", true},
        {"Exec", [id](const Calls &c) { return c.exec(id, {QStringLiteral("true")}); }, container,
         api::kContainerInterface, "Exec", "as", true},
        {"Inspect", [id](const Calls &c) { return c.inspectContainer(id); }, container,
         api::kContainerInterface, "Inspect", "", false},
        {"GetNamespaces", [id](const Calls &c) { return c.getNamespaces(id); }, container,
         api::kContainerInterface, "GetNamespaces", "", false},
        {"GetLayers", [id](const Calls &c) { return c.getContainerLayers(id); }, container,
         api::kContainerInterface, "GetLayers", "", false},
        {"GetDiff", [id](const Calls &c) { return c.getDiff(id); }, container,
         api::kContainerInterface, "GetDiff", "", false},
        {"GetProcesses", [id](const Calls &c) { return c.getProcesses(id); }, container,
         api::kContainerInterface, "GetProcesses", "", false},
        {"GetNetwork", [id](const Calls &c) { return c.getNetwork(id); }, container,
         api::kContainerInterface, "GetNetwork", "", false},
        {"GetLogs", [id](const Calls &c) { return c.getLogs(id, 1024); }, container,
         api::kContainerInterface, "GetLogs", "t", false},
        {"OpenLog", [id](const Calls &c) { return c.openLog(id); }, container,
         api::kContainerInterface, "OpenLog", "", false},
        {"Image Remove", [imageId](const Calls &c) { return c.removeImage(imageId, false); }, image,
         api::kImageInterface, "Remove", "b", true},
        {"Tag", [imageId](const Calls &c) { return c.tagImage(imageId, QStringLiteral("a:b")); },
         image, api::kImageInterface, "Tag", "s", true},
        {"Image Inspect", [imageId](const Calls &c) { return c.inspectImage(imageId); }, image,
         api::kImageInterface, "Inspect", "", false},
        {"Image GetLayers", [imageId](const Calls &c) { return c.getImageLayers(imageId); }, image,
         api::kImageInterface, "GetLayers", "", false},
        {"Cancel", [job](const Calls &c) { return c.cancelJob(job); }, job, api::kJobInterface,
         "Cancel", "", true},
        {"Get",
         [container](const Calls &c) {
             return c.getProperty(container, api::kContainerInterface, QStringLiteral("State"));
         },
         container, api::kPropertiesInterface, "Get", "ss", false},
        {"GetAll", [job](const Calls &c) { return c.getAllProperties(job, api::kJobInterface); },
         job, api::kPropertiesInterface, "GetAll", "s", false},
    };
    return rows;
}

// A container's properties as GetManagedObjects lists them.
GbInterfaceProperties containerObject(const char *id, const char *name)
{
    return {{api::kContainerInterface,
             {{QStringLiteral("Id"), QString::fromLatin1(id)},
              {QStringLiteral("Name"), QString::fromLatin1(name)},
              {QStringLiteral("State"), QStringLiteral("running")}}}};
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
        row("networks", api::action::kNetworks, "org.glassbox.networks");
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
        row("Network", api::option::kNetwork, "Network");
        row("Ports", api::option::kPorts, "Ports");
        row("PublishAll", api::option::kPublishAll, "PublishAll");
        row("Subnet", api::networkOption::kSubnet, "Subnet");
        row("Gateway", api::networkOption::kGateway, "Gateway");
        row("Internal", api::networkOption::kInternal, "Internal");
        row("DNS", api::networkOption::kDns, "DNS");
        row("IPv6", api::networkOption::kIpv6, "IPv6");
        row("Subnet6", api::networkOption::kSubnet6, "Subnet6");
        row("Gateway6", api::networkOption::kGateway6, "Gateway6");
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
              api::action::kImages, api::action::kCancelOthers, api::action::kNetworks})
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

    // Every typed call reaches the helper as the contract has it. A change allows polkit's
    // agent to ask for a password; a read does so only for glassboxctl (LikeChange), where
    // someone at a terminal waits for it.
    void callsCarryTheContract_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<bool>("likeChange");
        for (int i = 0; i < callRows().size(); ++i) {
            QTest::addRow("%s", callRows().at(i).tag) << i << false;
            QTest::addRow("%s, glassboxctl", callRows().at(i).tag) << i << true;
        }
    }
    void callsCarryTheContract()
    {
        QFETCH(int, row);
        QFETCH(bool, likeChange);
        const CallRow &expected = callRows().at(row);
        FakeHelper helper;
        const QString name = QStringLiteral("calls-%1-%2").arg(row).arg(likeChange);
        const auto disconnect = qScopeGuard([name] { QDBusConnection::disconnectFromPeer(name); });
        const Calls calls(helper.open(name),
                          likeChange ? Calls::Reads::LikeChange : Calls::Reads::Quick);
        QDBusPendingCall call = expected.send(calls);
        call.waitForFinished();
        QVERIFY2(!call.isError(), qPrintable(call.error().message()));
        const QList<QDBusMessage> received = helper.received();
        QCOMPARE(received.size(), 1);
        const QDBusMessage &message = received.constFirst();
        QCOMPARE(message.path(), expected.path);
        QCOMPARE(message.interface(), QString(expected.interface));
        QCOMPARE(message.member(), QString::fromLatin1(expected.member));
        QCOMPARE(message.signature(), QString::fromLatin1(expected.signature));
        QCOMPARE(message.isInteractiveAuthorizationAllowed(), expected.change || likeChange);
    }

    // glassboxctl's view: one GetManagedObjects, the objects in the order of their ids,
    // operands resolved, and a failure as the terse line.
    void blockingClientListsOnce()
    {
        FakeHelper helper;
        GbManagedObjects objects;
        objects.insert(QDBusObjectPath(api::containerPath(u"bb02")), containerObject("bb02", "db"));
        objects.insert(QDBusObjectPath(api::containerPath(u"aa01")),
                       containerObject("aa01", "web"));
        helper.setAnswer([objects](const QDBusMessage &call) {
            if (call.member() == QLatin1String("GetManagedObjects"))
                return call.createReply(QVariant::fromValue(objects));
            if (call.member() == QLatin1String("Get"))
                return call.createReply(QVariant::fromValue(QDBusVariant(QStringLiteral("up"))));
            return call.createErrorReply(api::error::kNotAuthorized, QString());
        });
        const auto disconnect =
            qScopeGuard([] { QDBusConnection::disconnectFromPeer(QStringLiteral("blocking")); });
        {
            BlockingClient client(helper.open(QStringLiteral("blocking")));
            QString error;
            QVERIFY2(client.list(&error), qPrintable(error));
            const QList<ContainerInfo> containers = client.objects().containers();
            QCOMPARE(containers.size(), 2);
            QCOMPARE(containers.at(0).id, QStringLiteral("aa01"));
            QCOMPARE(containers.at(1).name, QStringLiteral("db"));
            ContainerInfo found;
            QVERIFY2(client.findContainer(QStringLiteral("db"), &found, &error), qPrintable(error));
            QCOMPARE(found.id, QStringLiteral("bb02"));
            QVERIFY(!client.findContainer(QStringLiteral("nothing"), &found, &error));
            QVERIFY(error.contains(QLatin1String("nothing")));

            QVariant state;
            QVERIFY2(client.property(found.path, api::kContainerInterface, QStringLiteral("State"),
                                     &state, &error),
                     qPrintable(error));
            QCOMPARE(state.toString(), QStringLiteral("up"));

            QVERIFY(!client.succeeded(client.calls().start(found.id), &error));
            QCOMPARE(error, QStringLiteral("not authorized"));
        }
        // Nothing but calls: a snapshot asks for no signals.
        for (const QDBusMessage &message : helper.received())
            QCOMPARE(message.type(), QDBusMessage::MethodCallMessage);
    }

    // Ports reach the helper as a(sqqs), the one signature it accepts, and come back from
    // GetManagedObjects (a QDBusArgument inside a{sv}) into ContainerInfo.
    void portsOnTheWire()
    {
        const GbPortList ports = {{QString(), 18080, 80, QStringLiteral("tcp")},
                                  {QStringLiteral("127.0.0.1"), 0, 53, QStringLiteral("udp")}};
        FakeHelper helper;
        GbManagedObjects objects;
        GbInterfaceProperties web = containerObject("aa01", "web");
        web[api::kContainerInterface].insert(QStringLiteral("Network"), QStringLiteral("backend"));
        web[api::kContainerInterface].insert(QStringLiteral("Ports"), QVariant::fromValue(ports));
        objects.insert(QDBusObjectPath(api::containerPath(u"aa01")), web);
        // A helper of another version with another type for Ports: no ports rather than garbage.
        GbInterfaceProperties odd = containerObject("bb02", "odd");
        odd[api::kContainerInterface].insert(
            QStringLiteral("Ports"), QVariant::fromValue(GbBindMountList{
                                         {QStringLiteral("/a"), QStringLiteral("/b"), true}}));
        objects.insert(QDBusObjectPath(api::containerPath(u"bb02")), odd);
        helper.setAnswer([objects](const QDBusMessage &call) {
            if (call.member() == QLatin1String("GetManagedObjects"))
                return call.createReply(QVariant::fromValue(objects));
            return call.createReply();
        });
        const auto disconnect =
            qScopeGuard([] { QDBusConnection::disconnectFromPeer(QStringLiteral("ports")); });
        BlockingClient client(helper.open(QStringLiteral("ports")));
        QString error;
        ContainerInfo found;
        QVERIFY2(client.findContainer(QStringLiteral("web"), &found, &error), qPrintable(error));
        QCOMPARE(found.network, QStringLiteral("backend"));
        QCOMPARE(found.ports, ports);
        QVERIFY2(client.findContainer(QStringLiteral("odd"), &found, &error), qPrintable(error));
        QVERIFY(found.ports.isEmpty());
        QCOMPARE(found.network, QString());

        CreateOptions options;
        options.setNetwork(QStringLiteral("backend")).setPorts(ports);
        QVERIFY(client.succeeded(client.calls().createContainer(QStringLiteral("busybox"),
                                                                QString(), options.toVariantMap()),
                                 &error));
        const QDBusMessage create = helper.received().constLast();
        QCOMPARE(create.member(), QStringLiteral("CreateContainer"));
        const auto sent = qdbus_cast<QVariantMap>(create.arguments().value(2));
        QCOMPARE(sent.value(QStringLiteral("Network")).toString(), QStringLiteral("backend"));
        const auto portsArgument = sent.value(QStringLiteral("Ports")).value<QDBusArgument>();
        QCOMPARE(portsArgument.currentSignature(), QStringLiteral("a(sqqs)"));
        QCOMPARE(qdbus_cast<GbPortList>(portsArgument), ports);
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
        options.setNetwork(QStringLiteral("none")).setNetwork(QString()).setPorts({});
        QVERIFY(!options.toVariantMap().contains(QStringLiteral("Network")));
        QVERIFY(!options.toVariantMap().contains(QStringLiteral("Ports")));
        QCOMPARE(map.value(QStringLiteral("Command")).toStringList(),
                 QStringList{QStringLiteral("sh")});
    }
};

QTEST_GUILESS_MAIN(TestClient)
#include "test_client.moc"
