// The Run dialog on its own (offscreen, no helper): typing into new table rows, the memory
// size field, access keys (every control's, in English and German), the built-in image of an
// empty store, the network, published ports and "publish all", and what is refused before
// the helper is asked. Its errors from the real helper are in test_gui_e2e.
#include "CreateContainerDialog.h"
#include "NetworkPage.h"
#include "ObjectInfo.h"
#include "Translations.h"
#include "model_testers.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDBusMetaType>
#include <QDialogButtonBox>
#include <QHash>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

namespace {

QPushButton *buttonWithText(const QWidget *parent, const QString &text)
{
    const QList<QPushButton *> buttons = parent->findChildren<QPushButton *>();
    for (QPushButton *button : buttons)
        if (button->text() == text)
            return button;
    return nullptr;
}

// The dialog on screen and active, so that typing goes where the focus is.
bool showActive(CreateContainerDialog *dialog)
{
    dialog->show();
    QApplication::setActiveWindow(dialog);
    return QTest::qWaitForWindowActive(dialog);
}

// The editor a table opened for its current cell, if it has the keyboard focus.
QLineEdit *focusedEditor(const QTableWidget *table)
{
    auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    return editor && table->viewport()->isAncestorOf(editor) ? editor : nullptr;
}

using glassbox::client::PublishedPort;

// A row of the Ports table with these cells (typing is in networkPortTyped).
void addPortRow(NetworkPage *page, const QString &address, const QString &hostPort,
                const QString &containerPort, const QString &protocol = QStringLiteral("tcp"))
{
    QTableWidget *table = page->portsTable();
    const int row = table->rowCount();
    table->insertRow(row);
    const QString cells[] = {address, hostPort, containerPort, protocol};
    for (int column = 0; column < 4; ++column)
        table->setItem(row, column, new QTableWidgetItem(cells[column]));
}

QList<PublishedPort> sentPorts(const QVariantMap &options)
{
    return options.value(QStringLiteral("Ports")).value<QList<PublishedPort>>();
}

// The access key of a text: the letter after its one '&' ("&&" is an ampersand), in lower
// case; null without one, or with two.
QChar accessKey(const QString &text)
{
    QChar key;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        if (!key.isNull() || !text.at(i + 1).isLetter())
            return QChar();
        key = text.at(i + 1).toLower();
    }
    return key;
}

glassbox::client::NetworkInfo networkInfo(const QString &name, const QString &subnet, bool internal)
{
    glassbox::client::NetworkInfo info;
    info.name = name;
    info.id = name.left(2);
    info.subnet = subnet;
    info.internal = internal;
    return info;
}

} // namespace

class TestRunDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        registerGlassboxDBusTypes();
        // English plural forms ("2 host ports"), as the application loads them.
        QVERIFY(Translations::install(&m_translators, QLocale(QLocale::English)));
    }

    // Issue 14: "Add variable" added a row without an item, so no editor opened and what
    // was typed went nowhere.
    void addVariableKeepsWhatIsTyped()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        QVERIFY(showActive(&dialog));
        dialog.findChild<QTabWidget *>(QStringLiteral("createTabs"))->setCurrentIndex(1);
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("envTable"));
        QPushButton *add = buttonWithText(&dialog, QStringLiteral("&Add variable"));
        QVERIFY(table && add);
        // The dialog keeps no model of its own; the rows it adds go into the table's.
        glassbox::test::testModelsUnder(&dialog);
        glassbox::test::testModel(table->model());
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(table->rowCount(), 1);
        QTRY_VERIFY(focusedEditor(table));
        QTest::keyClicks(focusedEditor(table), QStringLiteral("FOO=bar"));
        QTest::keyClick(focusedEditor(table), Qt::Key_Tab); // commits, opens the value's
        QCOMPARE(dialog.options().value(QStringLiteral("Env")).toStringList(),
                 QStringList{QStringLiteral("FOO=bar")});

        // A name and a value in their own columns make one entry too.
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(table->rowCount(), 2);
        QTRY_VERIFY(focusedEditor(table));
        QTest::keyClicks(focusedEditor(table), QStringLiteral("GREETING"));
        QTest::keyClick(focusedEditor(table), Qt::Key_Tab);
        QTRY_VERIFY(focusedEditor(table));
        QTest::keyClicks(focusedEditor(table), QStringLiteral("hello world"));
        QTest::keyClick(focusedEditor(table), Qt::Key_Return); // commits (queued)
        const QStringList expected{QStringLiteral("FOO=bar"),
                                   QStringLiteral("GREETING=hello world")};
        QTRY_COMPARE(dialog.options().value(QStringLiteral("Env")).toStringList(), expected);

        // Alt+R (Run) straight from an open editor: what Run sends has the cell being typed.
        QStringList sent;
        connect(&dialog, &CreateContainerDialog::createRequested, this,
                [&] { sent = dialog.options().value(QStringLiteral("Env")).toStringList(); });
        QTest::mouseClick(add, Qt::LeftButton);
        QTRY_VERIFY(focusedEditor(table));
        QTest::keyClicks(focusedEditor(table), QStringLiteral("LAST=1"));
        QTest::keyClick(focusedEditor(table), Qt::Key_R, Qt::AltModifier);
        QTRY_COMPARE(sent, expected + QStringList{QStringLiteral("LAST=1")});
    }

    void addMountKeepsWhatIsTyped()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        QVERIFY(showActive(&dialog));
        dialog.findChild<QTabWidget *>(QStringLiteral("createTabs"))->setCurrentIndex(4);
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("mountsTable"));
        QPushButton *add = buttonWithText(&dialog, QStringLiteral("Add &mount"));
        QVERIFY(table && add);
        glassbox::test::testModelsUnder(&dialog);
        glassbox::test::testModel(table->model());
        QTest::mouseClick(add, Qt::LeftButton);
        QTRY_VERIFY(focusedEditor(table));
        QTest::keyClicks(focusedEditor(table), QStringLiteral("/srv/data"));
        QTest::keyClick(focusedEditor(table), Qt::Key_Tab);
        QTRY_VERIFY(focusedEditor(table));
        QTest::keyClicks(focusedEditor(table), QStringLiteral("/data"));
        QTest::keyClick(focusedEditor(table), Qt::Key_Tab);
        const auto mounts = dialog.options()
                                .value(QStringLiteral("BindMounts"))
                                .value<QList<glassbox::client::BindMount>>();
        QCOMPARE(mounts.size(), 1);
        QCOMPARE(mounts.at(0).source, QStringLiteral("/srv/data"));
        QCOMPARE(mounts.at(0).destination, QStringLiteral("/data"));
        QVERIFY(!mounts.at(0).readOnly);
        QVERIFY(dialog.privilegedChoices()
                    .join(QLatin1Char(' '))
                    .contains(QStringLiteral("host path")));

        // Removed again: nothing is left to send.
        QTest::mouseClick(buttonWithText(&dialog, QStringLiteral("Remo&ve mount")), Qt::LeftButton);
        QCOMPARE(table->rowCount(), 0);
        QVERIFY(dialog.options()
                    .value(QStringLiteral("BindMounts"))
                    .value<QList<glassbox::client::BindMount>>()
                    .isEmpty());
    }

    // Issue 14: the memory limit was a MiB spin box: "1g" became 1 MiB, "abc" vanished, and
    // 1-3 MiB went to the helper, which refused them. Sizes as glassboxctl takes them; the
    // helper's minimum (4 MiB) and bad text are refused in the dialog, naming the text.
    void memoryLimit_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<quint64>("bytes"); // 0: refused
        QTest::addColumn<QString>("problem");
        const quint64 mib = 1024 * 1024;
        QTest::newRow("empty: no limit") << QString() << quint64(0) << QString();
        QTest::newRow("512m") << QStringLiteral("512m") << 512 * mib << QString();
        QTest::newRow("1g") << QStringLiteral("1g") << 1024 * mib << QString();
        QTest::newRow("1 GiB") << QStringLiteral("1 GiB") << 1024 * mib << QString();
        QTest::newRow("300MiB") << QStringLiteral("300MiB") << 300 * mib << QString();
        QTest::newRow("bytes") << QStringLiteral("8388608") << 8 * mib << QString();
        QTest::newRow("4m, the minimum") << QStringLiteral("4m") << 4 * mib << QString();
        QTest::newRow("spaces around") << QStringLiteral(" 64m ") << 64 * mib << QString();
        QTest::newRow("abc") << QStringLiteral("abc") << quint64(0)
                             << QStringLiteral("The memory limit “abc” is not a size");
        QTest::newRow("1m, below the minimum")
            << QStringLiteral("1m") << quint64(0)
            << QStringLiteral("The memory limit 1m is too small: a container needs at least 4 "
                              "MiB.");
        QTest::newRow("3 MiB") << QStringLiteral("3 MiB") << quint64(0)
                               << QStringLiteral("at least 4 MiB");
        QTest::newRow("4194303 bytes")
            << QStringLiteral("4194303") << quint64(0) << QStringLiteral("at least 4 MiB");
        QTest::newRow("unknown unit")
            << QStringLiteral("10q") << quint64(0) << QStringLiteral("“10q” is not a size");
    }
    void memoryLimit()
    {
        QFETCH(QString, text);
        QFETCH(quint64, bytes);
        QFETCH(QString, problem);
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        auto *memory = dialog.findChild<QLineEdit *>(QStringLiteral("memoryEdit"));
        auto *run = dialog.findChild<QPushButton *>(QStringLiteral("runButton"));
        QVERIFY(memory && run);
        memory->setText(text);
        const QVariantMap options = dialog.options();
        if (bytes > 0)
            QCOMPARE(options.value(QStringLiteral("MemoryLimit")).toULongLong(), bytes);
        else
            QVERIFY(!options.contains(QStringLiteral("MemoryLimit")));
        QCOMPARE(run->isEnabled(), problem.isEmpty());
        if (problem.isEmpty())
            QCOMPARE(dialog.problem(), QString());
        else
            QVERIFY2(dialog.problem().contains(problem), qPrintable(dialog.problem()));
    }

    // Issue 16: a port typed into a new row (Add port opens the host port's editor; Tab moves
    // on to the container port) is sent as the contract's a(sqqs) Ports option, on the default
    // network (no Network option).
    void networkPortTyped()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        QVERIFY(showActive(&dialog));
        auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("createTabs"));
        NetworkPage *page = dialog.networkPage();
        QVERIFY(tabs && page);
        tabs->setCurrentWidget(page);
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Net&work"));
        QTableWidget *table = page->portsTable();
        glassbox::test::testModelsUnder(&dialog);
        glassbox::test::testModel(table->model());
        // Nothing chosen: the helper's defaults, nothing sent.
        QVariantMap options = dialog.options();
        QVERIFY(!options.contains(QStringLiteral("Network")));
        QVERIFY(!options.contains(QStringLiteral("Ports")));
        QCOMPARE(page->networkCombo()->currentText(),
                 QStringLiteral("glassbox (the default network)"));

        QTest::mouseClick(buttonWithText(&dialog, QStringLiteral("&Add port")), Qt::LeftButton);
        QCOMPARE(table->rowCount(), 1);
        QTRY_VERIFY(focusedEditor(table));
        QCOMPARE(table->currentColumn(), int(NetworkPage::HostPortColumn));
        QTest::keyClicks(focusedEditor(table), QStringLiteral("18080"));
        QTest::keyClick(focusedEditor(table), Qt::Key_Tab);
        QTRY_VERIFY(focusedEditor(table));
        QTest::keyClicks(focusedEditor(table), QStringLiteral("80"));
        QTest::keyClick(focusedEditor(table), Qt::Key_Tab); // commits; tcp was filled in
        options = dialog.options();
        QVERIFY(!options.contains(QStringLiteral("Network")));
        const QVariant ports = options.value(QStringLiteral("Ports"));
        // What QtDBus marshals: a list of the contract's struct, signature a(sqqs).
        QCOMPARE(QByteArray(QDBusMetaType::typeToSignature(ports.metaType())),
                 QByteArray("a(sqqs)"));
        QCOMPARE(ports.value<GbPortList>(),
                 (GbPortList{GbPort{QString(), 18080, 80, QStringLiteral("tcp")}}));
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("runButton"))->isEnabled());
        QVERIFY(dialog.privilegedChoices().isEmpty()); // 18080 is no privileged port

        QTest::mouseClick(buttonWithText(&dialog, QStringLiteral("Remo&ve port")), Qt::LeftButton);
        QCOMPARE(table->rowCount(), 0);
        QVERIFY(!dialog.options().contains(QStringLiteral("Ports")));
    }

    void networkPortRows_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("hostPort");
        QTest::addColumn<QString>("containerPort");
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QString>("problem"); // "" for a port that is sent
        QTest::addColumn<GbPort>("sent");
        QTest::newRow("host:container")
            << QString() << QStringLiteral("8080") << QStringLiteral("80") << QStringLiteral("tcp")
            << QString() << GbPort{QString(), 8080, 80, QStringLiteral("tcp")};
        QTest::newRow("any host port (empty)")
            << QString() << QString() << QStringLiteral("53") << QStringLiteral("udp") << QString()
            << GbPort{QString(), 0, 53, QStringLiteral("udp")};
        QTest::newRow("any host port (0)")
            << QString() << QStringLiteral("0") << QStringLiteral("80") << QStringLiteral("tcp")
            << QString() << GbPort{QString(), 0, 80, QStringLiteral("tcp")};
        QTest::newRow("one address")
            << QStringLiteral("127.0.0.1") << QStringLiteral("65535") << QStringLiteral("1")
            << QStringLiteral("tcp") << QString()
            << GbPort{QStringLiteral("127.0.0.1"), 65535, 1, QStringLiteral("tcp")};
        QTest::newRow("0.0.0.0 is every address, sent as \"\"")
            << QStringLiteral("0.0.0.0") << QStringLiteral("8080") << QStringLiteral("80")
            << QStringLiteral("tcp") << QString()
            << GbPort{QString(), 8080, 80, QStringLiteral("tcp")};
        QTest::newRow("an IPv6 address")
            << QStringLiteral("fd00::1") << QStringLiteral("8080") << QStringLiteral("80")
            << QStringLiteral("tcp") << QString()
            << GbPort{QStringLiteral("fd00::1"), 8080, 80, QStringLiteral("tcp")};
        QTest::newRow("an IPv6 address in brackets, as -p writes it")
            << QStringLiteral("[::1]") << QStringLiteral("8080") << QStringLiteral("80")
            << QStringLiteral("udp") << QString()
            << GbPort{QStringLiteral("::1"), 8080, 80, QStringLiteral("udp")};
        QTest::newRow("an IPv6 address sent as glassboxctl sends it: canonical")
            << QStringLiteral("[FD00:0::1]") << QStringLiteral("8080") << QStringLiteral("80")
            << QStringLiteral("tcp") << QString()
            << GbPort{QStringLiteral("fd00::1"), 8080, 80, QStringLiteral("tcp")};
        QTest::newRow("not an IPv6 address")
            << QStringLiteral("fd00::zz") << QStringLiteral("8080") << QStringLiteral("80")
            << QStringLiteral("tcp")
            << QStringLiteral("the host address “fd00::zz” is not an IPv4 address such as "
                              "127.0.0.1 or an IPv6 one")
            << GbPort{};
        QTest::newRow("host port too big")
            << QString() << QStringLiteral("65536") << QStringLiteral("80") << QStringLiteral("tcp")
            << QStringLiteral("Port row 1: the host port “65536” is not a number from 1 to 65535")
            << GbPort{};
        QTest::newRow("host port negative")
            << QString() << QStringLiteral("-1") << QStringLiteral("80") << QStringLiteral("tcp")
            << QStringLiteral("the host port “-1” is not a number") << GbPort{};
        QTest::newRow("container port 0")
            << QString() << QStringLiteral("8080") << QStringLiteral("0") << QStringLiteral("tcp")
            << QStringLiteral("Port row 1: the container port “0” is not a number from 1 to "
                              "65535.")
            << GbPort{};
        QTest::newRow("container port text")
            << QString() << QStringLiteral("8080") << QStringLiteral("http")
            << QStringLiteral("tcp") << QStringLiteral("the container port “http”") << GbPort{};
        QTest::newRow("container port missing")
            << QString() << QStringLiteral("8080") << QString() << QStringLiteral("tcp")
            << QStringLiteral("Port row 1: give the container's port") << GbPort{};
        QTest::newRow("not an address")
            << QStringLiteral("localhost") << QStringLiteral("8080") << QStringLiteral("80")
            << QStringLiteral("tcp")
            << QStringLiteral("the host address “localhost” is not an IPv4 address") << GbPort{};
        QTest::newRow("octet too big")
            << QStringLiteral("256.0.0.1") << QStringLiteral("8080") << QStringLiteral("80")
            << QStringLiteral("tcp") << QStringLiteral("is not an IPv4 address") << GbPort{};
        QTest::newRow("sctp") << QString() << QStringLiteral("8080") << QStringLiteral("80")
                              << QStringLiteral("sctp")
                              << QStringLiteral("the protocol is tcp or udp") << GbPort{};
    }
    // Issue 16: ports as the helper takes them (1..65535, a host port 0 or empty for any free
    // one, an IPv4 or IPv6 host address); anything else is refused inline, naming the row and the
    // field, with Run disabled.
    void networkPortRows()
    {
        QFETCH(QString, address);
        QFETCH(QString, hostPort);
        QFETCH(QString, containerPort);
        QFETCH(QString, protocol);
        QFETCH(QString, problem);
        QFETCH(GbPort, sent);
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        auto *run = dialog.findChild<QPushButton *>(QStringLiteral("runButton"));
        addPortRow(dialog.networkPage(), address, hostPort, containerPort, protocol);
        QCOMPARE(run->isEnabled(), problem.isEmpty());
        if (problem.isEmpty()) {
            QCOMPARE(dialog.problem(), QString());
            QCOMPARE(sentPorts(dialog.options()), GbPortList{sent});
        } else {
            QVERIFY2(dialog.problem().contains(problem), qPrintable(dialog.problem()));
        }
    }

    // Issue 16: a port published twice is refused before the helper finds the clash; a port
    // needs a network of the container's own, so none and host refuse it, saying why.
    void networkPortsNeedANetwork()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        auto *run = dialog.findChild<QPushButton *>(QStringLiteral("runButton"));
        NetworkPage *page = dialog.networkPage();
        addPortRow(page, QString(), QStringLiteral("8080"), QStringLiteral("80"));
        addPortRow(page, QStringLiteral("127.0.0.1"), QStringLiteral("8080"), QStringLiteral("81"));
        QVERIFY2(dialog.problem().contains(
                     QStringLiteral("Port row 2 publishes the host port 8080/tcp a second time")),
                 qPrintable(dialog.problem()));
        QVERIFY(!run->isEnabled());
        page->portsTable()->item(1, NetworkPage::ProtocolColumn)->setText(QStringLiteral("udp"));
        QCOMPARE(dialog.problem(), QString());

        for (const QString &network : {QStringLiteral("none"), QStringLiteral("host")}) {
            QVERIFY(page->setNetwork(network));
            QVERIFY2(dialog.problem().startsWith(
                         QStringLiteral("Published ports need a network of their own")),
                     qPrintable(dialog.problem()));
            QVERIFY(!run->isEnabled());
        }
        // Without the ports, none is a choice like any other.
        QVERIFY(page->setNetwork(QStringLiteral("none")));
        page->portsTable()->setRowCount(0);
        QCOMPARE(dialog.problem(), QString());
        QVERIFY(run->isEnabled());
        QCOMPARE(dialog.options().value(QStringLiteral("Network")).toString(),
                 QStringLiteral("none"));
        // An empty row (Add port, nothing typed) is no port.
        page->addPort();
        QCOMPARE(dialog.problem(), QString());
        QVERIFY(!dialog.options().contains(QStringLiteral("Ports")));
    }

    // Issue 16: the host's network and host ports below 1024 need the privileged action: they
    // are marked on the Network tab and summed up above the buttons like the other
    // privileged choices.
    void networkPrivilegedChoicesMarked()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        NetworkPage *page = dialog.networkPage();
        auto *summary = dialog.findChild<QLabel *>(QStringLiteral("privilegedSummary"));
        auto *mark = dialog.findChild<QLabel *>(QStringLiteral("networkPrivilegedMark"));
        QVERIFY(summary && mark);
        QVERIFY(summary->isHidden());
        QVERIFY(mark->isHidden());
        const int host = page->networkCombo()->findData(QStringLiteral("host"));
        QVERIFY(host >= 0);
        QVERIFY(page->networkCombo()->itemText(host).contains(QStringLiteral("privileged")));
        page->networkCombo()->setCurrentIndex(host);
        QCOMPARE(dialog.options().value(QStringLiteral("Network")).toString(),
                 QStringLiteral("host"));
        QCOMPARE(dialog.privilegedChoices(),
                 QStringList{QStringLiteral("uses the host's network")});
        QVERIFY(!summary->isHidden());
        QVERIFY(summary->text().contains(QStringLiteral("uses the host's network")));
        QVERIFY(!mark->isHidden());
        QVERIFY(mark->text().startsWith(QStringLiteral("⚠ Privileged")));

        // Back on the default network with two ports below 1024 and one above.
        page->networkCombo()->setCurrentIndex(0);
        QVERIFY(mark->isHidden());
        addPortRow(page, QString(), QStringLiteral("80"), QStringLiteral("80"));
        addPortRow(page, QString(), QStringLiteral("8443"), QStringLiteral("443"));
        addPortRow(page, QString(), QStringLiteral("443"), QStringLiteral("443"));
        QCOMPARE(dialog.privilegedChoices(),
                 QStringList{QStringLiteral("publishes 2 host ports below 1024 (80, 443)")});
        QVERIFY(summary->text().contains(QStringLiteral("publishes 2 host ports below 1024")));
        QVERIFY(!mark->isHidden());
        QCOMPARE(sentPorts(dialog.options()).size(), 3);
    }

    // Issue 16: the helper's networks (ListNetworks) are offered after the built-in choices;
    // the default one is not offered twice, and a choice survives a later list.
    void networkChoicesFromTheHelper()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        NetworkPage *page = dialog.networkPage();
        GbNetwork standard{QStringLiteral("glassbox"),
                           QStringLiteral("a1"),
                           QStringLiteral("glassbox0"),
                           QStringLiteral("10.87.0.0/24"),
                           QStringLiteral("10.87.0.1"),
                           false,
                           true,
                           2};
        GbNetwork backend{QStringLiteral("backend"),
                          QStringLiteral("b2"),
                          QStringLiteral("glassbox1"),
                          QStringLiteral("10.87.1.0/24"),
                          QStringLiteral("10.87.1.1"),
                          true,
                          true,
                          0};
        dialog.setNetworks({standard, backend});
        QComboBox *combo = page->networkCombo();
        QCOMPARE(combo->count(), 4);
        QCOMPARE(combo->itemText(0),
                 QStringLiteral("glassbox (the default network, 10.87.0.0/24)"));
        QCOMPARE(combo->itemText(3),
                 QStringLiteral("backend (10.87.1.0/24, internal: no way out)"));
        QVERIFY(page->setNetwork(QStringLiteral("backend")));
        QCOMPARE(dialog.options().value(QStringLiteral("Network")).toString(),
                 QStringLiteral("backend"));
        dialog.setNetworks({backend});
        QCOMPARE(page->network(), QStringLiteral("backend"));
        dialog.setNetworks({});
        QCOMPARE(page->network(), QString()); // gone: back to the default
        QVERIFY(!dialog.options().contains(QStringLiteral("Network")));
    }

    // Issue 16: `glassboxctl run -P` had no counterpart in the dialog. "Publish all ports the
    // image exposes" sends PublishAll (D-Bus b); on a network that takes no published ports
    // (none, the host's, an internal one) it is disabled, shown unchecked and not sent, and
    // the user's choice comes back with a network that takes them.
    void networkPublishAll()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        QVERIFY(showActive(&dialog));
        auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("createTabs"));
        auto *run = dialog.findChild<QPushButton *>(QStringLiteral("runButton"));
        auto *box = dialog.findChild<QCheckBox *>(QStringLiteral("publishAllCheck"));
        NetworkPage *page = dialog.networkPage();
        QVERIFY(tabs && run && box);
        QCOMPARE(page->publishAllCheck(), box);
        QCOMPARE(box->text(), QStringLiteral("&Publish all ports the image exposes"));
        QVERIFY(box->toolTip().contains(QStringLiteral("free host port")));
        QVERIFY(box->toolTip().contains(QStringLiteral("glassboxctl port")));
        QVERIFY(box->isEnabled());
        QVERIFY(!box->isChecked());
        QVERIFY(!dialog.options().contains(QStringLiteral("PublishAll")));

        // Alt+P on the Network tab checks it (Alt+P is Seccomp's on the Security tab); an
        // access key clicks as the mouse does, a moment later.
        tabs->setCurrentWidget(page);
        QTest::keyClick(&dialog, Qt::Key_P, Qt::AltModifier);
        QTRY_VERIFY(box->isChecked());
        QVariant sent = dialog.options().value(QStringLiteral("PublishAll"));
        QCOMPARE(sent.metaType(), QMetaType::fromType<bool>());
        QCOMPARE(sent.toBool(), true);
        QVERIFY(!dialog.options().contains(QStringLiteral("Network")));
        QCOMPARE(dialog.problem(), QString());
        QVERIFY(run->isEnabled());
        QVERIFY(dialog.privilegedChoices().isEmpty()); // free host ports are not privileged

        // None and the host's network: disabled, unchecked, nothing sent, Run still possible.
        for (const QString &network : {QStringLiteral("none"), QStringLiteral("host")}) {
            QVERIFY(page->setNetwork(network));
            QVERIFY2(!box->isEnabled(), qPrintable(network));
            QVERIFY2(!box->isChecked(), qPrintable(network));
            QVERIFY(!page->publishAll());
            const QVariantMap options = dialog.options();
            QCOMPARE(options.value(QStringLiteral("Network")).toString(), network);
            QVERIFY2(!options.contains(QStringLiteral("PublishAll")), qPrintable(network));
            QCOMPARE(dialog.problem(), QString());
            QVERIFY(run->isEnabled());
        }
        // Back on the default network, the choice is back.
        QVERIFY(page->setNetwork(QString()));
        QVERIFY(box->isEnabled());
        QVERIFY(box->isChecked());
        QCOMPARE(dialog.options().value(QStringLiteral("PublishAll")).toBool(), true);

        // An internal network publishes no ports either; one with a way out does.
        dialog.setNetworks(
            {networkInfo(QStringLiteral("glassbox"), QStringLiteral("10.87.0.0/24"), false),
             networkInfo(QStringLiteral("backend"), QStringLiteral("10.87.1.0/24"), true),
             networkInfo(QStringLiteral("frontend"), QStringLiteral("10.87.2.0/24"), false)});
        QVERIFY(page->setNetwork(QStringLiteral("backend")));
        QVERIFY(!box->isEnabled());
        QVERIFY(!box->isChecked());
        QVERIFY(!dialog.options().contains(QStringLiteral("PublishAll")));
        QVERIFY(page->setNetwork(QStringLiteral("frontend")));
        QVERIFY(box->isEnabled());
        QVERIFY(box->isChecked());
        QVariantMap options = dialog.options();
        QCOMPARE(options.value(QStringLiteral("Network")).toString(), QStringLiteral("frontend"));
        QCOMPARE(options.value(QStringLiteral("PublishAll")).toBool(), true);
        // A later list that has the chosen network internal disables it at once.
        QSignalSpy changed(page, &NetworkPage::changed);
        dialog.setNetworks(
            {networkInfo(QStringLiteral("frontend"), QStringLiteral("10.87.2.0/24"), true)});
        QCOMPARE(page->network(), QStringLiteral("frontend"));
        QVERIFY(!box->isEnabled());
        QVERIFY(!dialog.options().contains(QStringLiteral("PublishAll")));
        QCOMPARE(changed.size(), 1);

        // Unchecked by the user: nothing sent, and it stays unchecked across networks.
        dialog.setNetworks({});
        QCOMPARE(page->network(), QString()); // frontend is gone
        QVERIFY(box->isChecked());
        box->click();
        QVERIFY(!dialog.options().contains(QStringLiteral("PublishAll")));
        QVERIFY(page->setNetwork(QStringLiteral("none")));
        QVERIFY(page->setNetwork(QString()));
        QVERIFY(box->isEnabled());
        QVERIFY(!box->isChecked());
        QVERIFY(!dialog.options().contains(QStringLiteral("PublishAll")));
    }

private:
    QObject m_translators;

private Q_SLOTS:
    void accessKeys_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::newRow("English") << QLocale(QLocale::English);
        QTest::newRow("German") << QLocale(QLocale::German, QLocale::Germany);
    }
    // Issue 14: Alt+S, Alt+R, Alt+M and Alt+E each reached two controls; issue 16: the Network
    // tab, its buttons and the tables' Remove buttons had no access key. On every page, with
    // Run and with Create: every enabled control that takes the keyboard focus (a button or a
    // check box by its text; a line edit, a combo box or a spin box by its buddy label) and
    // every tab has an access key, and no two share one. The tabs' and the dialog buttons'
    // keys are live on every page; a hidden page's are not (Qt skips hidden widgets'
    // shortcuts), so two pages may use one letter. Cancel needs none: Escape is its key.
    void accessKeys()
    {
        QFETCH(QLocale, locale);
        QObject translators; // asked before the English plurals of initTestCase()
        QVERIFY(Translations::install(&translators, locale));
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("createTabs"));
        auto *box = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(tabs && box);
        QAbstractButton *cancel = box->button(QDialogButtonBox::Cancel);
        QHash<const QWidget *, const QLabel *> labelOf;
        const QList<QLabel *> labels = dialog.findChildren<QLabel *>();
        for (const QLabel *label : labels)
            if (label->buddy() && !accessKey(label->text()).isNull())
                labelOf.insert(label->buddy(), label);

        QStringList wrong;
        int checked = 0;
        const auto checkPage = [&](int index) {
            tabs->setCurrentIndex(index);
            const QString page = tabs->tabText(index);
            QHash<QChar, QString> taken;
            const auto take = [&](const QString &what, const QString &text, bool needed) {
                const QChar key = accessKey(text);
                if (key.isNull()) {
                    if (needed)
                        wrong.append(
                            QStringLiteral("%1: no access key for %2 “%3”").arg(page, what, text));
                    return;
                }
                ++checked;
                if (taken.contains(key))
                    wrong.append(QStringLiteral("%1: Alt+%2 for “%3” and “%4”")
                                     .arg(page, key, taken.value(key), text));
                taken.insert(key, text);
            };
            for (int tab = 0; tab < tabs->count(); ++tab)
                take(QStringLiteral("the tab"), tabs->tabText(tab), true);
            const QList<QWidget *> widgets = dialog.findChildren<QWidget *>();
            for (const QWidget *widget : widgets) {
                // The tab bar's scroll arrows are its own, as are its keys.
                if (!widget->isVisibleTo(&dialog) || !widget->isEnabled() ||
                    !(widget->focusPolicy() & Qt::TabFocus) ||
                    qobject_cast<const QTabBar *>(widget->parentWidget()))
                    continue;
                const QString what = QString::fromLatin1(widget->metaObject()->className()) +
                                     QLatin1Char(' ') + widget->objectName();
                if (const auto *button = qobject_cast<const QAbstractButton *>(widget)) {
                    take(what, button->text(), button != cancel);
                } else if (qobject_cast<const QLineEdit *>(widget) ||
                           qobject_cast<const QComboBox *>(widget) ||
                           qobject_cast<const QAbstractSpinBox *>(widget)) {
                    // The line edit of an editable combo box or of a spin box is its.
                    if (qobject_cast<const QComboBox *>(widget->parentWidget()) ||
                        qobject_cast<const QAbstractSpinBox *>(widget->parentWidget()))
                        continue;
                    const QLabel *label = labelOf.value(widget);
                    if (!label || !label->isVisibleTo(&dialog))
                        wrong.append(QStringLiteral("%1: no label with an access key for %2 "
                                                    "(%3)")
                                         .arg(page, what, widget->accessibleName()));
                    else
                        take(what, label->text(), true);
                }
            }
        };
        for (int index = 0; index < tabs->count(); ++index)
            checkPage(index);
        // Create instead of Run.
        dialog.findChild<QAbstractButton *>(QStringLiteral("startCheck"))->click();
        QCOMPARE(box->button(QDialogButtonBox::Ok)->text(), CreateContainerDialog::tr("C&reate"));
        for (int index = 0; index < tabs->count(); ++index)
            checkPage(index);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
        // The walk sees them all: 6 tabs and Run on each of the 6 pages, and the pages' 23
        // controls, with Run and with Create.
        QVERIFY2(checked >= 2 * (6 * 7 + 23), qPrintable(QString::number(checked)));
    }

    // The same letter on two pages reaches the control of the page shown: Alt+A is "Start it
    // right away" on General, "Add variable" on Environment and "Add port" on Network; Alt+W
    // (the Network tab) works from any page.
    void accessKeyReachesThePageShown()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        QVERIFY(showActive(&dialog));
        auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("createTabs"));
        auto *start = dialog.findChild<QCheckBox *>(QStringLiteral("startCheck"));
        auto *env = dialog.findChild<QTableWidget *>(QStringLiteral("envTable"));
        QVERIFY(tabs && start && env);
        QCOMPARE(tabs->currentIndex(), 0);
        QVERIFY(start->isChecked());
        // An access key clicks as the mouse does, a moment later.
        QTest::keyClick(&dialog, Qt::Key_A, Qt::AltModifier);
        QTRY_VERIFY(!start->isChecked());
        QCOMPARE(env->rowCount(), 0);

        tabs->setCurrentIndex(1);
        QTest::keyClick(&dialog, Qt::Key_A, Qt::AltModifier);
        QTRY_COMPARE(env->rowCount(), 1);
        QVERIFY(!start->isChecked());

        QTest::keyClick(&dialog, Qt::Key_W, Qt::AltModifier);
        QTRY_COMPARE(tabs->currentWidget(), dialog.networkPage());
        QTest::keyClick(&dialog, Qt::Key_A, Qt::AltModifier);
        QTRY_COMPARE(dialog.networkPage()->portsTable()->rowCount(), 1);
        QCOMPARE(env->rowCount(), 1);
        QVERIFY(!start->isChecked());
    }

    // Issue 14: with an empty store the image box was empty and sent the user to a tab
    // without Import. The helper builds busybox:latest on first use: it is always offered.
    void emptyStoreOffersBusybox()
    {
        CreateContainerDialog dialog(QStringList{});
        auto *image = dialog.findChild<QComboBox *>(QStringLiteral("imageCombo"));
        QVERIFY(image);
        QCOMPARE(image->count(), 1);
        QCOMPARE(dialog.image(), QStringLiteral("busybox:latest"));
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("runButton"))->isEnabled());
        auto *hint = dialog.findChild<QLabel *>(QStringLiteral("imageHint"));
        QVERIFY(hint);
        QVERIFY(hint->text().contains(QStringLiteral("busybox:latest")));
        QVERIFY(hint->text().contains(QStringLiteral("Import Image")));

        // Not twice when the store has it.
        CreateContainerDialog stocked(
            {QStringLiteral("alpine:3"), QStringLiteral("busybox:latest")});
        QCOMPARE(stocked.findChild<QComboBox *>(QStringLiteral("imageCombo"))->count(), 2);
        QCOMPARE(stocked.image(), QStringLiteral("alpine:3"));
        // The store names it in full.
        CreateContainerDialog full({QStringLiteral("docker.io/library/busybox:latest")});
        QCOMPARE(full.findChild<QComboBox *>(QStringLiteral("imageCombo"))->count(), 1);
    }

    // Issue 14: a taken name or a malformed reference reached the helper, and its refusal
    // closed the dialog. Both are refused in the dialog, naming what is wrong.
    void refusedBeforeTheHelperIsAsked()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        auto *run = dialog.findChild<QPushButton *>(QStringLiteral("runButton"));
        QSignalSpy requested(&dialog, &CreateContainerDialog::createRequested);
        dialog.setTakenNames({{QStringLiteral("web"), QStringLiteral("0123456789abcdef0123")}});
        dialog.setName(QStringLiteral("web"));
        QVERIFY2(dialog.problem().contains(
                     QStringLiteral("The name “web” is taken by the container 0123456789ab")),
                 qPrintable(dialog.problem()));
        QVERIFY(!run->isEnabled());
        dialog.setName(QStringLiteral("web2"));
        QVERIFY(run->isEnabled());

        const QStringList bad{QStringLiteral("Busybox"), QStringLiteral("busy box"),
                              QStringLiteral("busybox:"), QStringLiteral("-busybox"),
                              QStringLiteral("busybox:latest@sha256:12")};
        for (const QString &reference : bad) {
            dialog.setImage(reference);
            QVERIFY2(dialog.problem().contains(QStringLiteral("is not an image reference")),
                     qPrintable(reference + QStringLiteral(": ") + dialog.problem()));
            QVERIFY(!run->isEnabled());
        }
        const QStringList good{QStringLiteral("busybox"), QStringLiteral("library/busybox:1.36"),
                               QStringLiteral("localhost:5000/team/app:v1.2-rc"),
                               QStringLiteral("sha256:0123abcd"), QStringLiteral("0123abcd")};
        for (const QString &reference : good) {
            dialog.setImage(reference);
            QVERIFY2(dialog.problem().isEmpty(),
                     qPrintable(reference + QStringLiteral(": ") + dialog.problem()));
        }
        QCOMPARE(requested.size(), 0);
    }

    // Issue 14: Run closed the dialog before the helper answered. It asks and stays: busy
    // while the call runs, open with the helper's error inline until the input changes.
    void runStaysOpenUntilTheCallerCloses()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        QVERIFY(showActive(&dialog));
        auto *run = dialog.findChild<QPushButton *>(QStringLiteral("runButton"));
        auto *busy = dialog.findChild<QLabel *>(QStringLiteral("busyHint"));
        QVERIFY(run && busy);
        QSignalSpy requested(&dialog, &CreateContainerDialog::createRequested);
        QTest::mouseClick(run, Qt::LeftButton);
        QCOMPARE(requested.size(), 1);
        QVERIFY(dialog.isVisible());
        dialog.setBusy(true);
        QVERIFY(!run->isEnabled());
        QVERIFY(!busy->isHidden());
        dialog.setBusy(false);
        dialog.showError(QStringLiteral("Could not create the container: it went wrong."));
        QVERIFY(dialog.isVisible());
        QVERIFY(busy->isHidden());
        QCOMPARE(dialog.problem(),
                 QStringLiteral("Could not create the container: it went wrong."));
        QVERIFY(run->isEnabled()); // the user may try again as it is
        dialog.setName(QStringLiteral("other"));
        QCOMPARE(dialog.problem(), QString()); // stale once the input changed
    }
};

QTEST_MAIN(TestRunDialog)
#include "test_run_dialog.moc"
