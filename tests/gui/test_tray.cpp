// The tray monitor live: a virtual X server (Xvfb) with a real XEmbed system tray
// (stalonetray where it exists, else trayer; Debian 12 has no stalonetray, and wmdocker
// keeps its window unmapped without a window manager, so nothing docked in it is seen), the
// real glassbox-helper on a private system bus with polkitd (TestSystemBus). Qt's xcb tray
// docks by the freedesktop XEmbed protocol when no StatusNotifierWatcher is on the session
// bus, so the test gives itself a session bus without one. The application's TrayIcon is
// driven in this process; the real `glassbox` binary is started for what main() decides
// (closing the window keeps the tray, --tray starts without a window), and X itself says
// which windows are docked and which are on screen. Skips with the reason when Xvfb, a
// tray, root or the fixture's services are missing.
#include "HelperClient.h"
#include "MainWindow.h"
#include "TrayIcon.h"
#include "bundle.h"
#include "helper_process.h"
#include "model_testers.h"
#include "system_bus.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDBusObjectPath>
#include <QGuiApplication>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

#include <QtGui/qguiapplication_platform.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <sys/prctl.h>
#include <unistd.h>
#include <xcb/xcb.h>

using glassbox::test::HelperProcess;
using glassbox::test::TestSystemBus;

namespace {

// Timeouts in milliseconds times GLASSBOX_TEST_TIME_SCALE (default 1), for machines several
// times slower than a desktop (an emulated one, say).
int scaled(int milliseconds)
{
    bool ok = false;
    const int factor = qEnvironmentVariableIntValue("GLASSBOX_TEST_TIME_SCALE", &ok);
    return ok && factor > 1 ? milliseconds * factor : milliseconds;
}

// Children die with the test process, even when it crashes.
void dieWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

void stop(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

// Xvfb on the first free display and a system tray on it, started before the QApplication
// so that it connects there. error() says why there is none.
class VirtualDesktop
{
public:
    VirtualDesktop()
    {
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
        if (xvfb.isEmpty()) {
            m_error = QStringLiteral("Xvfb is missing (apt-get install xvfb)");
            return;
        }
        for (const char *name : {"stalonetray", "trayer"}) {
            m_trayProgram = QStandardPaths::findExecutable(QString::fromLatin1(name));
            if (!m_trayProgram.isEmpty())
                break;
        }
        if (m_trayProgram.isEmpty()) {
            m_error = QStringLiteral("no XEmbed system tray (apt-get install trayer)");
            return;
        }
        dieWithParent(m_server);
        m_server.setStandardErrorFile(QProcess::nullDevice());
        // -displayfd 1: Xvfb picks a free display and writes its number to stdout when ready.
        m_server.start(xvfb, {QStringLiteral("-displayfd"), QStringLiteral("1"),
                              QStringLiteral("-screen"), QStringLiteral("0"),
                              QStringLiteral("1024x768x24"), QStringLiteral("-nolisten"),
                              QStringLiteral("tcp")});
        QByteArray display;
        while (!display.endsWith('\n') && m_server.waitForReadyRead(10000))
            display += m_server.readAllStandardOutput();
        if (display.trimmed().isEmpty()) {
            m_error = QStringLiteral("Xvfb did not start");
            return;
        }
        m_display = QStringLiteral(":") + QString::fromLatin1(display.trimmed());
        qputenv("DISPLAY", m_display.toLatin1());
        qputenv("QT_QPA_PLATFORM", "xcb");
        qunsetenv("WAYLAND_DISPLAY");
        // A session bus of our own, as a desktop has, with no StatusNotifierWatcher on it: Qt
        // then docks by XEmbed. (Without any session bus, libdbus's failed autolaunch leaks.)
        dieWithParent(m_sessionBus);
        m_sessionBus.start(QStringLiteral("dbus-daemon"),
                           {QStringLiteral("--session"), QStringLiteral("--nofork"),
                            QStringLiteral("--print-address=1")});
        QByteArray address;
        while (!address.endsWith('\n') && m_sessionBus.waitForReadyRead(10000))
            address += m_sessionBus.readAllStandardOutput();
        if (address.trimmed().isEmpty()) {
            m_error = QStringLiteral("cannot start a session bus (dbus-daemon --session)");
            return;
        }
        qputenv("DBUS_SESSION_BUS_ADDRESS", address.trimmed());
        dieWithParent(m_tray);
        m_tray.setProcessChannelMode(QProcess::ForwardedChannels);
        m_tray.start(m_trayProgram, {});
        if (!m_tray.waitForStarted())
            m_error = QStringLiteral("cannot start %1").arg(m_trayProgram);
    }
    ~VirtualDesktop()
    {
        stop(m_tray);
        stop(m_sessionBus);
        stop(m_server);
    }

    QString error() const { return m_error; }
    QString trayProgram() const { return m_trayProgram; }
    bool trayRunning() const { return m_tray.state() == QProcess::Running; }

private:
    QProcess m_server;
    QProcess m_sessionBus;
    QProcess m_tray;
    QString m_trayProgram;
    QString m_display;
    QString m_error;
};

// What the X server knows about a process's windows (by _NET_WM_PID, which Qt sets).
struct ProcessWindows
{
    QList<xcb_window_t> shown;  // viewable top-level windows (children of the root)
    QList<xcb_window_t> docked; // viewable windows reparented below another client: the tray
};

class X11
{
public:
    X11()
    {
        if (auto *x11 = qGuiApp->nativeInterface<QNativeInterface::QX11Application>())
            m_connection = x11->connection();
        if (m_connection)
            m_root = xcb_setup_roots_iterator(xcb_get_setup(m_connection)).data->root;
    }
    bool isValid() const { return m_connection != nullptr; }

    xcb_atom_t atom(const char *name) const
    {
        xcb_intern_atom_reply_t *reply = xcb_intern_atom_reply(
            m_connection, xcb_intern_atom(m_connection, 0, uint16_t(strlen(name)), name), nullptr);
        const xcb_atom_t atom = reply ? reply->atom : xcb_atom_t(XCB_ATOM_NONE);
        free(reply);
        return atom;
    }

    ProcessWindows windowsOf(qint64 pid) const
    {
        ProcessWindows windows;
        const xcb_atom_t pidAtom = atom("_NET_WM_PID");
        const std::function<void(xcb_window_t, bool)> walk = [&](xcb_window_t window,
                                                                 bool topLevel) {
            xcb_query_tree_reply_t *tree =
                xcb_query_tree_reply(m_connection, xcb_query_tree(m_connection, window), nullptr);
            if (!tree)
                return;
            const xcb_window_t *children = xcb_query_tree_children(tree);
            const int count = xcb_query_tree_children_length(tree);
            for (int i = 0; i < count; ++i) {
                const xcb_window_t child = children[i];
                if (windowPid(child, pidAtom) == pid && isViewable(child))
                    (topLevel ? windows.shown : windows.docked).append(child);
                walk(child, false);
            }
            free(tree);
        };
        walk(m_root, true);
        return windows;
    }

    /// What a window manager sends when the user closes the window.
    void requestClose(xcb_window_t window) const
    {
        xcb_client_message_event_t event = {};
        event.response_type = XCB_CLIENT_MESSAGE;
        event.format = 32;
        event.window = window;
        event.type = atom("WM_PROTOCOLS");
        event.data.data32[0] = atom("WM_DELETE_WINDOW");
        event.data.data32[1] = XCB_CURRENT_TIME;
        xcb_send_event(m_connection, 0, window, XCB_EVENT_MASK_NO_EVENT,
                       reinterpret_cast<const char *>(&event));
        xcb_flush(m_connection);
    }

private:
    qint64 windowPid(xcb_window_t window, xcb_atom_t pidAtom) const
    {
        xcb_get_property_reply_t *reply = xcb_get_property_reply(
            m_connection,
            xcb_get_property(m_connection, 0, window, pidAtom, XCB_ATOM_CARDINAL, 0, 1), nullptr);
        qint64 pid = -1;
        if (reply && xcb_get_property_value_length(reply) == 4)
            pid = *static_cast<const uint32_t *>(xcb_get_property_value(reply));
        free(reply);
        return pid;
    }
    bool isViewable(xcb_window_t window) const
    {
        xcb_get_window_attributes_reply_t *reply = xcb_get_window_attributes_reply(
            m_connection, xcb_get_window_attributes(m_connection, window), nullptr);
        const bool viewable = reply && reply->map_state == XCB_MAP_STATE_VIEWABLE;
        free(reply);
        return viewable;
    }

    xcb_connection_t *m_connection = nullptr;
    xcb_window_t m_root = 0;
};

} // namespace

class TestTray : public QObject
{
    Q_OBJECT

public:
    explicit TestTray(const VirtualDesktop *desktop) : m_desktop(desktop) {}

private:
    QString idOf(const QString &name) const
    {
        const QList<glassbox::client::ContainerInfo> all = m_client->containers();
        for (const glassbox::client::ContainerInfo &c : all)
            if (c.name == name)
                return c.id;
        return QString();
    }
    // The tray menu as a click on the icon opens it (aboutToShow rebuilds it).
    QStringList openMenu()
    {
        QMenu *menu = m_tray->icon()->contextMenu();
        menu->popup(QPoint(20, 20));
        QStringList texts;
        const QList<QAction *> actions = menu->actions();
        for (const QAction *action : actions)
            if (!action->isSeparator())
                texts.append(action->text());
        return texts;
    }
    bool triggerInMenu(const QString &text)
    {
        QMenu *menu = m_tray->icon()->contextMenu();
        const QList<QAction *> actions = menu->actions();
        for (QAction *action : actions)
            if (action->text() == text) {
                menu->hide();
                action->trigger();
                return true;
            }
        return false;
    }
    // The real application, on the test's display and bus.
    std::unique_ptr<QProcess> startApplication(const QStringList &extra)
    {
        auto app = std::make_unique<QProcess>();
        dieWithParent(*app);
        app->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app->start(QStringLiteral(GLASSBOX_GUI_BINARY),
                   QStringList{QStringLiteral("--bus-address"), m_bus->address()} + extra);
        if (!app->waitForStarted())
            return nullptr;
        return app;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_desktop->error().isEmpty())
            QSKIP(qPrintable(m_desktop->error()));
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        if (glassbox::test::busyboxPath().isEmpty())
            QSKIP("busybox-static is missing (the helper's busybox image is made from it)");
        QVERIFY(m_x11.isValid());
        QVERIFY(m_root.isValid());
        QFile::setPermissions(m_root.path(), QFile::ReadOwner | QFile::WriteOwner |
                                                 QFile::ExeOwner | QFile::ReadOther |
                                                 QFile::ExeOther);
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));
        m_helper = std::make_unique<HelperProcess>(
            *m_bus, m_root.path(),
            HelperProcess::Binaries{QStringLiteral(GLASSBOX_HELPER_BINARY),
                                    QStringLiteral(GLASSBOX_SHIM_BINARY),
                                    QStringLiteral(GLASSBOX_RUNTIME_BINARY)});
        QVERIFY2(m_helper->isValid(), qPrintable(m_helper->error()));
        m_client = std::make_unique<HelperClient>(m_bus->connection());
        m_window = std::make_unique<MainWindow>(m_client.get());
        // The lists, the details tabs and their sorting proxies: 7 models (the Network tab has
        // its own StatsHistory), 6 proxies.
        QCOMPARE(glassbox::test::testModelsUnder(m_window.get()), 13);
        QTRY_VERIFY_WITH_TIMEOUT(m_client->isAvailable(), scaled(20000));
        // Two containers of the helper's built-in busybox image; one of them running.
        for (const char *name : {"tray-web", "tray-db"})
            m_client->createContainer(
                QStringLiteral("busybox"), QString::fromLatin1(name),
                {{QStringLiteral("Command"),
                  QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                              QStringLiteral("trap 'exit 0' TERM; while :; do sleep 1; done")}}},
                false);
        QTRY_VERIFY_WITH_TIMEOUT(!idOf(QStringLiteral("tray-web")).isEmpty() &&
                                     !idOf(QStringLiteral("tray-db")).isEmpty(),
                                 scaled(60000));
        m_client->startContainer(idOf(QStringLiteral("tray-web")));
        QTRY_COMPARE_WITH_TIMEOUT(m_client->container(idOf(QStringLiteral("tray-web"))).state,
                                  QStringLiteral("running"), scaled(30000));
    }

    void cleanupTestCase()
    {
        m_app.reset(); // its destructor kills it; stop() first when still running
        m_tray.reset();
        m_window.reset();
        if (m_client && m_bus && m_bus->isValid()) {
            const QList<glassbox::client::ContainerInfo> all = m_client->containers();
            for (const glassbox::client::ContainerInfo &c : all)
                m_client->removeContainer(c.id, true);
            QTRY_VERIFY_WITH_TIMEOUT(m_client->containers().isEmpty(), scaled(30000));
        }
        m_client.reset();
        m_helper.reset();
        m_bus.reset();
    }

    void cleanup()
    {
        if (m_app)
            stop(*m_app);
        m_app.reset();
    }

    void trayIsAvailable()
    {
        QVERIFY2(m_desktop->trayRunning(), qPrintable(m_desktop->trayProgram()));
        // The tray takes the _NET_SYSTEM_TRAY_S0 selection a moment after it starts.
        QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), scaled(10000));
    }

    void iconIsDockedAndVisible()
    {
        m_tray = std::make_unique<TrayIcon>(m_client.get(), m_window.get());
        m_tray->show();
        QVERIFY(m_tray->icon()->isVisible());
        // The tray reparented the icon's window into itself and it is on screen.
        QTRY_COMPARE_WITH_TIMEOUT(m_x11.windowsOf(::getpid()).docked.size(), qsizetype(1),
                                  scaled(10000));
        QVERIFY(m_x11.windowsOf(::getpid()).shown.isEmpty()); // no window of ours besides
        const QRect geometry = m_tray->icon()->geometry();
        QVERIFY2(geometry.isValid() && !geometry.isEmpty(),
                 qPrintable(QStringLiteral("%1x%2").arg(geometry.width()).arg(geometry.height())));
    }

    void tooltipCountsTheRunning()
    {
        QTRY_VERIFY(m_tray->icon()->toolTip().startsWith(
            QStringLiteral("Glassbox: 1 container(s) running")));
        m_client->startContainer(idOf(QStringLiteral("tray-db")));
        QTRY_VERIFY_WITH_TIMEOUT(m_tray->icon()->toolTip().startsWith(
                                     QStringLiteral("Glassbox: 2 container(s) running")),
                                 scaled(30000));
        // CPU and memory from GetStats (polled every 5 s) on the second line.
        QTRY_VERIFY_WITH_TIMEOUT(m_tray->icon()->toolTip().contains(QStringLiteral("memory")),
                                 scaled(15000));
    }

    void menuStartsAndStopsEach()
    {
        QStringList menu = openMenu();
        QVERIFY2(menu.contains(QStringLiteral("Stop “tray-web”…")), qPrintable(menu.join(u'|')));
        QVERIFY2(menu.contains(QStringLiteral("Stop “tray-db”…")), qPrintable(menu.join(u'|')));
        // Issue 14: Stop asks first, naming the container; Cancel stops nothing.
        const QString db = idOf(QStringLiteral("tray-db"));
        QVERIFY(triggerInMenu(QStringLiteral("Stop “tray-db”…")));
        QMessageBox *box = m_tray->stopConfirmation();
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY2(box->text().contains(QStringLiteral("“tray-db”")), qPrintable(box->text()));
        box->button(QMessageBox::Cancel)->click();
        QTest::qWait(scaled(1000));
        QCOMPARE(m_client->container(db).state, QStringLiteral("running"));
        openMenu();
        QVERIFY(triggerInMenu(QStringLiteral("Stop “tray-db”…")));
        box = m_tray->stopConfirmation();
        QVERIFY(box);
        QAbstractButton *stop = nullptr;
        const QList<QAbstractButton *> buttons = box->buttons();
        for (QAbstractButton *button : buttons)
            if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                stop = button;
        QVERIFY(stop);
        stop->click();
        QTRY_COMPARE_WITH_TIMEOUT(m_client->container(db).state, QStringLiteral("stopped"),
                                  scaled(30000));
        QTRY_VERIFY(m_tray->icon()->toolTip().startsWith(
            QStringLiteral("Glassbox: 1 container(s) running")));

        menu = openMenu();
        QVERIFY2(menu.contains(QStringLiteral("Start “tray-db”")), qPrintable(menu.join(u'|')));
        QVERIFY2(menu.contains(QStringLiteral("Stop “tray-web”…")), qPrintable(menu.join(u'|')));
        QVERIFY(triggerInMenu(QStringLiteral("Start “tray-db”")));
        QTRY_COMPARE_WITH_TIMEOUT(m_client->container(db).state, QStringLiteral("running"),
                                  scaled(30000));
        QVERIFY(!m_window->isVisible()); // nothing of this needed the window
    }

    // main(): with a tray, closing the window hides it; the application and its icon stay.
    void closingTheWindowKeepsTheTray()
    {
        m_app = startApplication({});
        QVERIFY(m_app);
        const qint64 pid = m_app->processId();
        QTRY_VERIFY_WITH_TIMEOUT(m_x11.windowsOf(pid).shown.size() == 1 &&
                                     m_x11.windowsOf(pid).docked.size() == 1,
                                 scaled(20000));
        m_x11.requestClose(m_x11.windowsOf(pid).shown.constFirst());
        QTRY_VERIFY_WITH_TIMEOUT(m_x11.windowsOf(pid).shown.isEmpty(), scaled(10000));
        QTest::qWait(scaled(1000));
        QCOMPARE(m_app->state(), QProcess::Running);
        QCOMPARE(m_x11.windowsOf(pid).docked.size(), qsizetype(1));
    }

    // glassbox --tray: the icon docks, no window is shown.
    void trayOptionStartsWithoutAWindow()
    {
        m_app = startApplication({QStringLiteral("--tray")});
        QVERIFY(m_app);
        const qint64 pid = m_app->processId();
        QTRY_COMPARE_WITH_TIMEOUT(m_x11.windowsOf(pid).docked.size(), qsizetype(1), scaled(20000));
        QTest::qWait(scaled(1500)); // time enough for a window that would come
        QVERIFY(m_x11.windowsOf(pid).shown.isEmpty());
        QCOMPARE(m_app->state(), QProcess::Running);
    }

    // Issue 14: the tray said "exited unexpectedly with code 137" for a stop asked from the
    // CLI, and told about every user's containers. A stop through glassboxctl (another client)
    // is not unexpected; a kill nobody asked for is, for the user's own container only.
    void onlyUnaskedExitsOfOwnContainersAreTold()
    {
        const QVariantMap stubborn{
            {QStringLiteral("Command"),
             QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                         QStringLiteral("trap '' TERM; while :; do sleep 1; done")}}};
        m_client->createContainer(QStringLiteral("busybox"), QStringLiteral("tray-stubborn"),
                                  stubborn, true);
        QTRY_VERIFY_WITH_TIMEOUT(m_client->container(idOf(QStringLiteral("tray-stubborn"))).state ==
                                     u"running",
                                 scaled(30000));
        const QString own = idOf(QStringLiteral("tray-stubborn"));
        QSignalSpy notified(m_tray.get(), &TrayIcon::notified);

        QProcess ctl;
        ctl.start(QStringLiteral(GLASSBOXCTL_BINARY),
                  {QStringLiteral("--bus-address"), m_bus->address(), QStringLiteral("stop"),
                   QStringLiteral("-t"), QStringLiteral("1"), QStringLiteral("tray-stubborn")});
        QTRY_VERIFY_WITH_TIMEOUT(ctl.state() == QProcess::NotRunning, scaled(30000));
        QCOMPARE(ctl.exitCode(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->container(own).state, QStringLiteral("stopped"),
                                  scaled(10000));
        QCOMPARE(m_client->container(own).exitCode, 128 + SIGKILL);
        QTest::qWait(scaled(1000));
        QVERIFY2(notified.isEmpty(), qPrintable(notified.value(0).value(0).toString()));

        // Killed from outside, asked by no client: told.
        m_client->startContainer(own);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->container(own).state, QStringLiteral("running"),
                                  scaled(30000));
        QCOMPARE(::kill(pid_t(m_client->container(own).pid), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, scaled(10000));
        QCOMPARE(notified.at(0).at(0).toString(),
                 QStringLiteral("“tray-stubborn” exited unexpectedly with code 137."));

        // Another user's container killed the same way: not this user's business.
        QString error;
        QDBusConnection other =
            m_bus->connectAs(QString::fromLatin1(glassbox::test::kAllowedUser), &error);
        QVERIFY2(other.isConnected(), qPrintable(error));
        QDBusMessage create = QDBusMessage::createMethodCall(
            HelperClient::kService, HelperClient::kManagerPath,
            QStringLiteral("org.glassbox.Manager1"), QStringLiteral("CreateContainer"));
        create.setArguments({QStringLiteral("busybox"), QStringLiteral("tray-others"), stubborn});
        const QDBusMessage created = other.call(create, QDBus::Block, scaled(60000));
        QVERIFY2(created.type() == QDBusMessage::ReplyMessage, qPrintable(created.errorMessage()));
        const QString path = created.arguments().value(0).value<QDBusObjectPath>().path();
        const QDBusMessage started =
            other.call(QDBusMessage::createMethodCall(HelperClient::kService, path,
                                                      QStringLiteral("org.glassbox.Container1"),
                                                      QStringLiteral("Start")),
                       QDBus::Block, scaled(60000));
        QVERIFY2(started.type() == QDBusMessage::ReplyMessage, qPrintable(started.errorMessage()));
        const QString others = path.section(QLatin1Char('/'), -1);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->container(others).state, QStringLiteral("running"),
                                  scaled(10000));
        QCOMPARE(::kill(pid_t(m_client->container(others).pid), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->container(others).state, QStringLiteral("stopped"),
                                  scaled(10000));
        QTest::qWait(scaled(1000));
        QCOMPARE(notified.size(), 1);
    }

    // Issue 14: with 60 containers the menu was unusable. At most ten, the live ones first,
    // then "Show all… (N more)", which opens the window.
    void menuListsTenThenShowAll()
    {
        for (int i = 0; i < 10; ++i)
            m_client->createContainer(QStringLiteral("busybox"),
                                      QStringLiteral("tray-extra-%1").arg(i), {}, false);
        const auto extras = qScopeGuard([this] {
            const QList<glassbox::client::ContainerInfo> all = m_client->containers();
            for (const glassbox::client::ContainerInfo &c : all)
                if (c.name.startsWith(QStringLiteral("tray-extra-")))
                    m_client->removeContainer(c.id, true);
            if (m_window)
                m_window->hide();
        });
        QTRY_VERIFY_WITH_TIMEOUT(!idOf(QStringLiteral("tray-extra-9")).isEmpty(), scaled(120000));
        const int total = int(m_client->containers().size());
        QVERIFY(total > TrayIcon::kMenuContainers);
        const QStringList menu = openMenu();
        const QStringList entries =
            menu.filter(QRegularExpression(QStringLiteral("^(Start|Stop)")));
        QCOMPARE(entries.size(), TrayIcon::kMenuContainers);
        QVERIFY2(entries.indexOf(QStringLiteral("Stop “tray-web”…")) >= 0,
                 qPrintable(menu.join(u'|')));
        QVERIFY2(entries.indexOf(QStringLiteral("Stop “tray-web”…")) < 2,
                 qPrintable(menu.join(u'|')));
        const QString showAll =
            QStringLiteral("Show all… (%1 more)").arg(total - TrayIcon::kMenuContainers);
        QVERIFY2(menu.contains(showAll), qPrintable(menu.join(u'|')));
        QVERIFY(!m_window->isVisible());
        QVERIFY(triggerInMenu(showAll));
        QTRY_VERIFY(m_window->isVisible());
    }

private:
    const VirtualDesktop *m_desktop;
    X11 m_x11;
    QTemporaryDir m_root;
    std::unique_ptr<TestSystemBus> m_bus;
    std::unique_ptr<HelperProcess> m_helper;
    std::unique_ptr<HelperClient> m_client;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayIcon> m_tray;
    std::unique_ptr<QProcess> m_app;
};

int main(int argc, char *argv[])
{
    // The X server and the tray come first: the QApplication connects to them.
    VirtualDesktop desktop;
    if (!desktop.error().isEmpty())
        qputenv("QT_QPA_PLATFORM", "offscreen"); // to say why it skips
    QApplication app(argc, argv);
    TestTray test(&desktop);
    return QTest::qExec(&test, argc, argv);
}

#include "test_tray.moc"
