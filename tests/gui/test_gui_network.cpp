// The desktop application's view of container networking (issue 16), end to end: the real
// helper, shim, runtime and netavark on a private system bus with the real polkitd, the main
// window offscreen. Like test_helper_network, the suite runs in a network and a mount
// namespace of its own (made in main(), before any thread), so the bridge, veths and
// iptables rules it makes never touch the host's. What the Network tab shows is compared with
// what the kernel says: `readlink /proc/PID/ns/net` and `ip -j addr` run inside the
// container's namespace with nsenter. GLASSBOX_SCREENSHOTS=DIR saves details-network.png.
#include "ContainerDetailsWidget.h"
#include "HelperClient.h"
#include "MainWindow.h"
#include "NetworkTab.h"
#include "helper_calls.h"
#include "helper_process.h"
#include "model_testers.h"
#include "network_namespace.h"
#include "system_bus.h"

#include <QApplication>
#include <QDBusArgument>
#include <QDBusMetaType>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QProcess>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <unistd.h>

using namespace glassbox::test;
using glassbox::details::NetworkTab;

namespace {

QString g_isolationProblem;

QByteArray output(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    process.waitForFinished(30000);
    return process.readAllStandardOutput();
}

/// Every cell of a tree widget, for "is it shown anywhere in this list".
QString allText(const QTreeWidget *tree)
{
    QStringList cells;
    for (int row = 0; row < tree->topLevelItemCount(); ++row)
        for (int column = 0; column < tree->columnCount(); ++column)
            cells.append(tree->topLevelItem(row)->text(column));
    return cells.join(QLatin1Char('\n'));
}

} // namespace

class TestGuiNetwork : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSystemBus> m_bus;
    QTemporaryDir m_root;
    std::unique_ptr<HelperProcess> m_helper;
    std::unique_ptr<HelperClient> m_client;
    QString m_path;

private Q_SLOTS:
    void initTestCase()
    {
        if (!g_isolationProblem.isEmpty())
            QSKIP(qPrintable(g_isolationProblem));
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        if (!QFile::exists(QStringLiteral("/usr/lib/podman/netavark")))
            QSKIP("netavark is not installed (Debian's netavark and aardvark-dns packages)");
        qDBusRegisterMetaType<PublishedPort>();
        qDBusRegisterMetaType<QList<PublishedPort>>();
        QVERIFY(m_root.isValid());
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));
        m_helper = std::make_unique<HelperProcess>(
            *m_bus, m_root.path(),
            HelperProcess::Binaries{QStringLiteral(GLASSBOX_HELPER_BINARY),
                                    QStringLiteral(GLASSBOX_SHIM_BINARY),
                                    QStringLiteral(GLASSBOX_RUNTIME_BINARY)},
            QString(),
            QStringList{QStringLiteral("--default-network"), QStringLiteral("glassbox")});
        QVERIFY2(m_helper->isValid(), qPrintable(m_helper->error()));

        QDBusArgument ports;
        ports << QList<PublishedPort>{{QString(), 18080, 80}};
        QDBusMessage reply;
        m_path = createBusybox(
            m_bus->connection(), QStringLiteral("netweb"),
            {{QStringLiteral("Command"),
              QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                          QStringLiteral("mkdir -p /www && echo hello > /www/index.html && exec "
                                         "httpd -f -p 80 -h /www")}},
             {QStringLiteral("Ports"), QVariant::fromValue(ports)}},
            &reply);
        QVERIFY2(!m_path.isEmpty(), qPrintable(reply.errorMessage()));
        const QDBusMessage started =
            call(m_bus->connection(), m_path, kContainer, QStringLiteral("Start"));
        QVERIFY2(started.type() == QDBusMessage::ReplyMessage, qPrintable(started.errorMessage()));
        m_client = std::make_unique<HelperClient>(m_bus->connection());
    }

    void cleanupTestCase()
    {
        m_client.reset();
        if (m_helper && !m_path.isEmpty())
            (void)call(m_bus->connection(), m_path, kContainer, QStringLiteral("Remove"), {true});
        m_helper.reset();
    }

    /// The Network tab of a running container shows its namespace's inode as the kernel
    /// names it, the addresses `ip addr` sees inside, the veth and bridge, the route out, the
    /// DNS server and the published port with its rule.
    void networkTabShowsWhatTheKernelSays()
    {
        const uint pid =
            containerProperty(m_bus->connection(), m_path, QStringLiteral("Pid")).toUInt();
        QVERIFY(pid > 0);
        MainWindow window(m_client.get());
        glassbox::test::testModelsUnder(&window);
        window.resize(1100, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.containersView()->model()->rowCount() > 0, 10000);
        window.showContainer(QStringLiteral("netweb"), QStringLiteral("network"));
        auto *details = window.findChild<ContainerDetailsWidget *>();
        QVERIFY(details);
        auto *tab = details->findChild<NetworkTab *>();
        QVERIFY(tab);
        QTRY_COMPARE(details->tabs()->currentWidget(), static_cast<QWidget *>(tab));
        QTRY_VERIFY_WITH_TIMEOUT(tab->interfacesView()->topLevelItemCount() >= 2, 15000);

        // The inode: what readlink says, "net:[4026532…]".
        const QString link = QFile::symLinkTarget(QStringLiteral("/proc/%1/ns/net").arg(pid))
                                 .section(QLatin1Char('/'), -1);
        const QString readlink = QString::fromUtf8(
            output(QStringLiteral("readlink"), {QStringLiteral("/proc/%1/ns/net").arg(pid)})
                .trimmed());
        QVERIFY2(readlink.startsWith(QStringLiteral("net:[")), qPrintable(readlink));
        // GetNamespaces answers apart from GetNetwork, and may come second (under TCG it
        // did): the row fills in when it does.
        QTRY_VERIFY2_WITH_TIMEOUT(tab->namespaceText().contains(readlink),
                                  qPrintable(tab->namespaceText() + QLatin1Char(' ') + link),
                                  15000);
        const QString hostNs = QString::fromUtf8(
            output(QStringLiteral("readlink"), {QStringLiteral("/proc/self/ns/net")}).trimmed());
        QVERIFY2(tab->namespaceText().contains(hostNs), qPrintable(tab->namespaceText()));

        // Every address `ip -j addr` sees inside is in the interfaces list.
        const QJsonArray links =
            QJsonDocument::fromJson(
                output(QStringLiteral("nsenter"),
                       {QStringLiteral("-t"), QString::number(pid), QStringLiteral("-n"),
                        QStringLiteral("ip"), QStringLiteral("-j"), QStringLiteral("addr")}))
                .array();
        QVERIFY(!links.isEmpty());
        const QString shown = allText(tab->interfacesView());
        int addresses = 0;
        for (const QJsonValue &item : links)
            for (const QJsonValue &info :
                 item.toObject().value(QStringLiteral("addr_info")).toArray()) {
                const QString address =
                    info.toObject().value(QStringLiteral("local")).toString() + QLatin1Char('/') +
                    QString::number(info.toObject().value(QStringLiteral("prefixlen")).toInt());
                QVERIFY2(shown.contains(address),
                         qPrintable(address + QLatin1String(" in\n") + shown));
                ++addresses;
            }
        QVERIFY(addresses >= 3); // lo's two and eth0's

        const QJsonObject network = tab->network();
        QVERIFY2(tab->vethText().contains(network.value(QStringLiteral("hostVeth")).toString()) &&
                     tab->vethText().contains(QStringLiteral("glassbox0")),
                 qPrintable(tab->vethText()));
        QVERIFY2(allText(tab->routesView())
                     .contains(network.value(QStringLiteral("gateway")).toString()),
                 qPrintable(allText(tab->routesView())));
        QVERIFY2(tab->dnsText().contains(network.value(QStringLiteral("gateway")).toString()),
                 qPrintable(tab->dnsText()));
        const QString ports = allText(tab->portsView());
        QVERIFY2(ports.contains(QStringLiteral("18080")) && ports.contains(QStringLiteral("DNAT")),
                 qPrintable(ports));

        if (const QString dir = qEnvironmentVariable("GLASSBOX_SCREENSHOTS"); !dir.isEmpty()) {
            QTRY_VERIFY_WITH_TIMEOUT(tab->receivedSeries()->count() >= 5, 20000);
            if (auto *splitter = window.findChild<QSplitter *>())
                splitter->setSizes({120, 640});
            QTest::qWait(400);
            QVERIFY(QDir().mkpath(dir));
            QVERIFY(window.grab().toImage().save(dir + QStringLiteral("/details-network.png")));
        }
    }

    /// On a network with IPv6 the tab shows the container's IPv6 address and gateway beside
    /// the IPv4 ones, the IPv6 subnet, the address on eth0, and a port on every address
    /// forwarded to both of its addresses.
    void networkTabShowsIpv6()
    {
        const QDBusMessage created =
            call(m_bus->connection(), kManagerPath, kManager, QStringLiteral("CreateNetwork"),
                 {QStringLiteral("dual"), QVariantMap{{QStringLiteral("IPv6"), true}}});
        QVERIFY2(created.type() == QDBusMessage::ReplyMessage, qPrintable(created.errorMessage()));
        QDBusArgument ports;
        ports << QList<PublishedPort>{{QString(), 18081, 80}};
        QDBusMessage reply;
        const QString path =
            createBusybox(m_bus->connection(), QStringLiteral("netweb6"),
                          {{QStringLiteral("Command"),
                            QStringList{QStringLiteral("sleep"), QStringLiteral("300")}},
                           {QStringLiteral("Network"), QStringLiteral("dual")},
                           {QStringLiteral("Ports"), QVariant::fromValue(ports)}},
                          &reply);
        QVERIFY2(!path.isEmpty(), qPrintable(reply.errorMessage()));
        const QDBusMessage started =
            call(m_bus->connection(), path, kContainer, QStringLiteral("Start"));
        QVERIFY2(started.type() == QDBusMessage::ReplyMessage, qPrintable(started.errorMessage()));
        const QJsonObject expected =
            QJsonDocument::fromJson(
                call(m_bus->connection(), path, kContainer, QStringLiteral("GetNetwork"))
                    .arguments()
                    .value(0)
                    .toString()
                    .toUtf8())
                .object();
        const QString address6 = expected.value(QStringLiteral("address6")).toString();
        const QString gateway6 = expected.value(QStringLiteral("gateway6")).toString();
        const QString subnet6 = expected.value(QStringLiteral("subnet6")).toString();
        QVERIFY2(!address6.isEmpty() && !gateway6.isEmpty() && !subnet6.isEmpty(),
                 QJsonDocument(expected).toJson().constData());

        MainWindow window(m_client.get());
        window.resize(1100, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.containersView()->model()->rowCount() > 1, 10000);
        window.showContainer(QStringLiteral("netweb6"), QStringLiteral("network"));
        auto *details = window.findChild<ContainerDetailsWidget *>();
        QVERIFY(details);
        auto *tab = details->findChild<NetworkTab *>();
        QVERIFY(tab);
        QTRY_VERIFY_WITH_TIMEOUT(!tab->address6Text().isEmpty(), 15000);
        QCOMPARE(tab->address6Text(),
                 QStringLiteral("%1 on eth0, gateway %2").arg(address6, gateway6));
        QVERIFY2(tab->addressText().contains(expected.value(QStringLiteral("address")).toString()),
                 qPrintable(tab->addressText()));
        QVERIFY2(tab->networkText().contains(subnet6), qPrintable(tab->networkText()));
        QVERIFY2(allText(tab->interfacesView()).contains(address6),
                 qPrintable(allText(tab->interfacesView())));
        const QString portsShown = allText(tab->portsView());
        QVERIFY2(portsShown.contains(
                     QStringLiteral("[%1]:80").arg(address6.section(QLatin1Char('/'), 0, 0))),
                 qPrintable(portsShown));
        // Its IPv6 DNAT rule beside the IPv4 one.
        QVERIFY2(portsShown.count(QStringLiteral("DNAT")) >= 2, qPrintable(portsShown));

        // A container on an IPv4-only network: no IPv6 row.
        window.showContainer(QStringLiteral("netweb"), QStringLiteral("network"));
        QTRY_VERIFY_WITH_TIMEOUT(tab->network().value(QStringLiteral("network")).toString() ==
                                         QStringLiteral("glassbox") &&
                                     !tab->addressText().isEmpty(),
                                 15000);
        QVERIFY2(tab->address6Text().isEmpty(), qPrintable(tab->address6Text()));
        QVERIFY2(!tab->networkText().contains(QStringLiteral("subnets")),
                 qPrintable(tab->networkText()));

        (void)call(m_bus->connection(), path, kContainer, QStringLiteral("Remove"), {true});
        (void)call(m_bus->connection(), kManagerPath, kManager, QStringLiteral("RemoveNetwork"),
                   {QStringLiteral("dual")});
    }
};

int main(int argc, char **argv)
{
    // Before any thread: the namespaces are this process's and every child's.
    g_isolationProblem = QString::fromStdString(isolateInNetworkNamespace());
    QApplication app(argc, argv);
    TestGuiNetwork suite;
    return QTest::qExec(&suite, argc, argv);
}

#include "test_gui_network.moc"
