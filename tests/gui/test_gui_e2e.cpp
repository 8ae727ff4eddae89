// The desktop application end to end: the real glassbox-helper on a private system bus with
// the real polkitd (TestSystemBus), driven through the main window (offscreen).
#include "ContainersModel.h"
#include "CreateContainerDialog.h"
#include "HelperClient.h"
#include "MainWindow.h"
#include "bundle.h"
#include "system_bus.h"

#include <QAbstractButton>
#include <QAction>
#include <QDBusConnectionInterface>
#include <QDeadlineTimer>
#include <QDir>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTranslator>

#include <memory>

using glassbox::test::kDeniedUser;
using glassbox::test::TestSystemBus;

class TestGuiE2e : public QObject
{
    Q_OBJECT

private:
    // The State column's text of the container named `name` as the window shows it.
    QString shownState(const QString &name) const
    {
        QAbstractItemModel *model = m_window->containersView()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, ContainersModel::Name).data().toString() == name)
                return model->index(row, ContainersModel::State).data().toString();
        return QString();
    }
    QString idOf(const QString &name) const
    {
        const QList<glassbox::ctl::ContainerInfo> all = m_client->containers();
        for (const glassbox::ctl::ContainerInfo &c : all)
            if (c.name == name)
                return c.id;
        return QString();
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
        const QStringList args{
            QStringLiteral("--state-dir"),    m_root.filePath(QStringLiteral("state")),
            QStringLiteral("--run-dir"),      m_root.filePath(QStringLiteral("run")),
            QStringLiteral("--store-root"),   m_root.filePath(QStringLiteral("store")),
            QStringLiteral("--idle-timeout"), QStringLiteral("0"),
            QStringLiteral("--runtime"),      QStringLiteral(GLASSBOX_RUNTIME_BINARY),
            QStringLiteral("--shim"),         QStringLiteral(GLASSBOX_SHIM_BINARY)};
        m_helper->start(QStringLiteral(GLASSBOX_HELPER_BINARY), args);
        QVERIFY(m_helper->waitForStarted());
        QDeadlineTimer deadline(20000);
        bool up = false;
        while (!deadline.hasExpired() && m_helper->state() == QProcess::Running && !up) {
            up = m_bus->connection()
                     .interface()
                     ->isServiceRegistered(QStringLiteral("org.glassbox.Manager1"))
                     .value();
            if (!up)
                QThread::msleep(100);
        }
        QVERIFY2(up, "glassbox-helper did not own org.glassbox.Manager1 on the test bus");

        const QString rootfs = m_root.filePath(QStringLiteral("rootfs"));
        QString error;
        QVERIFY2(glassbox::test::buildBusyboxRootfs(rootfs, &error), qPrintable(error));
        m_archive = m_root.filePath(QStringLiteral("busybox.tar"));
        QCOMPARE(QProcess::execute(QStringLiteral("tar"),
                                   {QStringLiteral("-C"), rootfs, QStringLiteral("-cf"), m_archive,
                                    QStringLiteral(".")}),
                 0);

        m_client = std::make_unique<HelperClient>(m_bus->connection());
        m_window = std::make_unique<MainWindow>(m_client.get());
        m_window->setStatsInterval(300);
        m_window->show();
        QTRY_VERIFY_WITH_TIMEOUT(m_client->isAvailable(), 20000);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_deniedWindow.reset();
        m_deniedClient.reset();
        if (m_client && m_bus && m_bus->isValid()) {
            const QList<glassbox::ctl::ContainerInfo> all = m_client->containers();
            for (const glassbox::ctl::ContainerInfo &c : all)
                m_client->removeContainer(c.id, true);
            QTRY_VERIFY_WITH_TIMEOUT(m_client->containers().isEmpty(), 30000);
        }
        m_client.reset();
        if (m_helper && m_helper->state() == QProcess::Running) {
            m_helper->terminate();
            if (!m_helper->waitForFinished(10000))
                m_helper->kill();
            m_helper->waitForFinished();
        }
        m_helper.reset();
        m_bus.reset();
    }

    void importFromTheWindow()
    {
        m_window->importImageFile(m_archive, QStringLiteral("busybox:latest"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_client->images().isEmpty(), 60000);
        QVERIFY(m_window->lastError().isEmpty());
        QTRY_COMPARE(m_window->imagesView()->model()->rowCount(), 1);
        QVERIFY(m_window->imagesView()->model()->index(0, 0).data().toString().contains(
            QStringLiteral("busybox")));
    }

    void runFromTheDialogShowsItRunning()
    {
        const QString tag = m_client->images().value(0).tags.value(0);
        QVERIFY(!tag.isEmpty());
        CreateContainerDialog dialog({tag}, m_window.get());
        dialog.setName(QStringLiteral("gui-web"));
        // Exits promptly on SIGTERM, so Stop does not wait for its timeout.
        dialog.setCommand(QStringLiteral("sh -c 'trap \"exit 0\" TERM; while :; do sleep 1; "
                                         "done'"));
        QVERIFY(dialog.startAfterCreate());
        m_window->runFromDialog(&dialog);
        QTRY_COMPARE_WITH_TIMEOUT(shownState(QStringLiteral("gui-web")), QStringLiteral("Running"),
                                  30000);
        QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
        const QString id = idOf(QStringLiteral("gui-web"));
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_window->selectedContainer(), id); // the new container is selected
        QVERIFY(m_client->container(id).pid > 0);
        // The visible row is sampled: memory, then CPU % from the second sample.
        QTRY_VERIFY_WITH_TIMEOUT(m_window->containersModel()->cpuPercent(id) >= 0, 10000);
        const int row = m_window->containersModel()->rowOf(id);
        QVERIFY(!m_window->containersModel()
                     ->index(row, ContainersModel::Memory)
                     .data()
                     .toString()
                     .isEmpty());
    }

    // docs/screenshots/take.sh sets GLASSBOX_SCREENSHOTS to a directory: the window with a
    // running container, the Run dialog, the images tab and the German window go there.
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("GLASSBOX_SCREENSHOTS");
        if (dir.isEmpty())
            QSKIP("GLASSBOX_SCREENSHOTS is not set (docs/screenshots/take.sh sets it)");
        QVERIFY(QDir().mkpath(dir));
        const auto save = [&dir](QWidget *widget, const char *name) {
            QTest::qWait(400); // let pending paints and stats land
            QVERIFY(widget->grab().save(dir + QLatin1Char('/') + QLatin1String(name)));
        };
        m_window->resize(1100, 720);
        m_window->selectContainer(idOf(QStringLiteral("gui-web")));
        QTest::qWait(2500); // two stats samples for the CPU column
        save(m_window.get(), "main-window.png");

        CreateContainerDialog dialog({m_client->images().value(0).tags.value(0)}, m_window.get());
        dialog.setName(QStringLiteral("web"));
        dialog.setCommand(QStringLiteral("httpd -f -p 8080"));
        dialog.show();
        save(&dialog, "run-dialog.png");
        dialog.findChild<QLineEdit *>(QStringLiteral("capAddEdit"))
            ->setText(QStringLiteral("NET_ADMIN"));
        auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("createTabs"));
        tabs->setCurrentIndex(3);
        save(&dialog, "run-dialog-privileged.png");
        dialog.close();

        auto *mainTabs = m_window->findChild<QTabWidget *>();
        mainTabs->setCurrentIndex(1);
        m_window->imagesView()->selectRow(0);
        save(m_window.get(), "images.png");
        mainTabs->setCurrentIndex(0);

        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/glassbox_de.qm")));
        QCoreApplication::installTranslator(&german);
        MainWindow deutsch(m_client.get());
        deutsch.resize(1100, 720);
        deutsch.show();
        deutsch.selectContainer(idOf(QStringLiteral("gui-web")));
        QTest::qWait(2500);
        save(&deutsch, "main-window-de.png");
        QCoreApplication::removeTranslator(&german);
    }

    void stopStopsIt()
    {
        const QString id = idOf(QStringLiteral("gui-web"));
        m_window->selectContainer(id);
        QAction *stop = m_window->action(QStringLiteral("stop"));
        QTRY_VERIFY(stop->isEnabled());
        stop->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(shownState(QStringLiteral("gui-web")), QStringLiteral("Stopped"),
                                  30000);
        QVERIFY(m_window->action(QStringLiteral("start"))->isEnabled());
        QVERIFY(!m_window->action(QStringLiteral("stop"))->isEnabled());
        QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
    }

    void deniedActionShowsErrorAndChangesNothing()
    {
        const QString id = idOf(QStringLiteral("gui-web"));
        QString error;
        QDBusConnection denied = m_bus->connectAs(QString::fromLatin1(kDeniedUser), &error);
        QVERIFY2(denied.isConnected(), qPrintable(error));
        m_deniedClient = std::make_unique<HelperClient>(denied);
        m_deniedWindow = std::make_unique<MainWindow>(m_deniedClient.get());
        m_deniedWindow->show();
        // Even listing is refused: the window says so instead of showing an empty list.
        QTRY_VERIFY_WITH_TIMEOUT(m_deniedWindow->lastError().contains(
                                     QStringLiteral("You are not allowed to list containers")),
                                 20000);
        QTRY_VERIFY(m_deniedWindow->errorBox() && m_deniedWindow->errorBox()->isVisible());

        QSignalSpy failed(m_deniedClient.get(), &HelperClient::actionFailed);
        m_deniedClient->startContainer(id);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QCOMPARE(failed.at(0).at(2).toString(), QStringLiteral("org.glassbox.Error.NotAuthorized"));
        QVERIFY(m_deniedWindow->lastError().startsWith(
            QStringLiteral("You are not allowed to start the container")));
        QTest::qWait(1000);
        QCOMPARE(m_client->container(id).state, QStringLiteral("stopped"));
        QCOMPARE(shownState(QStringLiteral("gui-web")), QStringLiteral("Stopped"));
        m_deniedWindow.reset();
        m_deniedClient.reset();
    }

    void removeAsksFirst()
    {
        const QString id = idOf(QStringLiteral("gui-web"));
        m_window->selectContainer(id);
        m_window->action(QStringLiteral("remove"))->trigger();
        const auto confirmation = [this]() -> QMessageBox * {
            const QList<QMessageBox *> boxes = m_window->findChildren<QMessageBox *>();
            for (QMessageBox *box : boxes)
                if (box->isVisible() && box->text().startsWith(QStringLiteral("Remove the")))
                    return box;
            return nullptr;
        };
        QTRY_VERIFY(confirmation());
        QMessageBox *box = confirmation();
        QAbstractButton *remove = nullptr;
        const QList<QAbstractButton *> buttons = box->buttons();
        for (QAbstractButton *button : buttons)
            if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                remove = button;
        QVERIFY(remove);
        remove->click();
        QTRY_VERIFY_WITH_TIMEOUT(!m_client->hasContainer(id), 30000);
        QCOMPARE(shownState(QStringLiteral("gui-web")), QString());
    }

private:
    QTemporaryDir m_root;
    std::unique_ptr<TestSystemBus> m_bus;
    std::unique_ptr<QProcess> m_helper;
    QString m_archive;
    std::unique_ptr<HelperClient> m_client;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<HelperClient> m_deniedClient;
    std::unique_ptr<MainWindow> m_deniedWindow;
};

QTEST_MAIN(TestGuiE2e)
#include "test_gui_e2e.moc"
