// The desktop application end to end: the real glassbox-helper on a private system bus with
// the real polkitd (TestSystemBus), driven through the main window (offscreen).
#include "ContainersModel.h"
#include "CreateContainerDialog.h"
#include "HelperClient.h"
#include "MainWindow.h"
#include "bundle.h"
#include "helper_process.h"
#include "system_bus.h"

#include "ChangeModel.h"
#include "ContainerDetailsWidget.h"
#include "DBusDetailsSource.h"
#include "InspectTab.h"
#include "LayerModel.h"
#include "LayersTab.h"
#include "LogsTab.h"
#include "NamespaceModel.h"
#include "NamespacesTab.h"
#include "ProcessModel.h"
#include "ProcessesTab.h"
#include "ResourcesTab.h"
#include "SecurityTab.h"
#include "StatsHistory.h"
#include "manager1_proxy.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QImage>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QtCharts/QLineSeries>

#include <algorithm>
#include <memory>

#include <ctime>
#include <sys/stat.h>
#include <unistd.h>

using glassbox::test::kDeniedUser;
using glassbox::test::TestSystemBus;

namespace {

/// A long-running command that exits promptly on SIGTERM, so Stop does not wait for its
/// timeout.
constexpr char kStopsOnTerm[] = "sh -c 'trap \"exit 0\" TERM; while :; do sleep 1; done'";

} // namespace

class TestGuiE2e : public QObject
{
    Q_OBJECT

private:
    // Where the screenshot functions save: GLASSBOX_SCREENSHOTS (docs/screenshots/take.sh),
    // else a directory of this run's.
    QString screenshotDirectory() const
    {
        const QString asked = qEnvironmentVariable("GLASSBOX_SCREENSHOTS");
        return asked.isEmpty() ? m_root.filePath(QStringLiteral("screenshots")) : asked;
    }

    // A picture of a window that painted nothing: null, or one colour throughout.
    static bool isBlank(const QImage &image)
    {
        if (image.isNull() || image.width() < 100 || image.height() < 100)
            return true;
        const QRgb first = image.pixel(0, 0);
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                if (image.pixel(x, y) != first)
                    return false;
        return true;
    }

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
    // The window's details pane, showing the running `name` with `tab` on screen.
    template <typename Tab>
    Tab *showDetailsTab(const char *objectName, const QString &name = QStringLiteral("gui-web"))
    {
        const QString id = idOf(name);
        m_window->selectContainer(id);
        auto *details = m_window->findChild<ContainerDetailsWidget *>();
        if (!details || details->container() != id)
            return nullptr;
        auto *tab = details->findChild<Tab *>(QLatin1String(objectName));
        if (!tab)
            return nullptr;
        details->tabs()->setCurrentWidget(tab);
        return tab->isVisible() ? tab : nullptr;
    }
    // The inode of /proc/<pid>/ns/<type> (0: no such namespace type on this kernel).
    static quint64 nsInode(qint64 pid, const QString &type)
    {
        struct stat st = {};
        const QByteArray path = QStringLiteral("/proc/%1/ns/%2").arg(pid).arg(type).toLocal8Bit();
        return ::stat(path.constData(), &st) == 0 ? quint64(st.st_ino) : 0;
    }
    // The memory cgroup's usage of process `pid`: memory.usage_in_bytes (v1) or
    // memory.current (v2); -1 when neither can be read.
    static qint64 cgroupMemory(qint64 pid)
    {
        QFile file(QStringLiteral("/proc/%1/cgroup").arg(pid));
        if (!file.open(QIODevice::ReadOnly))
            return -1;
        QString v1, v2;
        const QStringList lines = QString::fromLatin1(file.readAll()).split(QLatin1Char('\n'));
        for (const QString &line : lines) {
            const QStringList fields = line.split(QLatin1Char(':'));
            if (fields.size() < 3)
                continue;
            const QString path = fields.mid(2).join(QLatin1Char(':'));
            if (fields.at(1).split(QLatin1Char(',')).contains(QStringLiteral("memory")))
                v1 = QStringLiteral("/sys/fs/cgroup/memory") + path +
                     QStringLiteral("/memory.usage_in_bytes");
            else if (fields.at(0) == QStringLiteral("0") && fields.at(1).isEmpty())
                v2 = QStringLiteral("/sys/fs/cgroup") + path + QStringLiteral("/memory.current");
        }
        for (const QString &candidate : {v1, v2}) {
            QFile usage(candidate);
            if (candidate.isEmpty() || !usage.open(QIODevice::ReadOnly))
                continue;
            bool ok = false;
            const qint64 value = usage.readAll().trimmed().toLongLong(&ok);
            if (ok)
                return value;
        }
        return -1;
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

        m_helper = std::make_unique<glassbox::test::HelperProcess>(
            *m_bus, m_root.path(),
            glassbox::test::HelperProcess::Binaries{QStringLiteral(GLASSBOX_HELPER_BINARY),
                                                    QStringLiteral(GLASSBOX_SHIM_BINARY),
                                                    QStringLiteral(GLASSBOX_RUNTIME_BINARY)});
        QVERIFY2(m_helper->isValid(), qPrintable(m_helper->error()));

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
        dialog.setCommand(QLatin1String(kStopsOnTerm));
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

    // Issue 13: the Run dialog's user namespace option made a container that never started.
    // Ticked as a user would, the container runs with root mapped to a high host uid, and
    // the image's files are that uid's on the host (idmapped layers), root's inside.
    void runWithUserNamespaceFromTheDialog()
    {
        const QString tag = m_client->images().value(0).tags.value(0);
        QVERIFY(!tag.isEmpty());
        CreateContainerDialog dialog({tag}, m_window.get());
        dialog.setName(QStringLiteral("gui-remapped"));
        dialog.setCommand(QLatin1String(kStopsOnTerm));
        auto *remap = dialog.findChild<QCheckBox *>(QStringLiteral("userNamespaceCheck"));
        QVERIFY(remap != nullptr);
        remap->click();
        QVERIFY(remap->isChecked());
        m_window->runFromDialog(&dialog);
        QTRY_COMPARE_WITH_TIMEOUT(shownState(QStringLiteral("gui-remapped")),
                                  QStringLiteral("Running"), 30000);
        QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
        const qint64 pid = m_client->container(idOf(QStringLiteral("gui-remapped"))).pid;
        QVERIFY(pid > 0);
        QFile map(QStringLiteral("/proc/%1/uid_map").arg(pid));
        QVERIFY(map.open(QIODevice::ReadOnly));
        const QStringList fields =
            QString::fromLatin1(map.readAll()).simplified().split(QLatin1Char(' '));
        QVERIFY2(fields.size() == 3 && fields[0] == QStringLiteral("0") &&
                     fields[1].toUInt() >= 1000000,
                 qPrintable(fields.join(QLatin1Char(' '))));
        QCOMPARE(QFileInfo(QStringLiteral("/proc/%1/root/bin/busybox").arg(pid)).ownerId(),
                 fields[1].toUInt());
    }

    // glassbox --show NAME --tab TAB: the container selected, its details on that tab.
    void showOpensTheDetailsTab()
    {
        const QString id = idOf(QStringLiteral("gui-web"));
        m_window->containersView()->selectionModel()->clear();
        QVERIFY(m_window->selectedContainer().isEmpty());
        m_window->showContainer(QStringLiteral("gui-web"), QStringLiteral("processes"));
        QCOMPARE(m_window->selectedContainer(), id);
        auto *details = m_window->findChild<ContainerDetailsWidget *>();
        QVERIFY(details);
        QCOMPARE(details->container(), id);
        QCOMPARE(details->tabs()->currentWidget()->objectName(), QStringLiteral("processesTab"));
        // By a unique id prefix, to another tab.
        m_window->showContainer(id.left(8), QStringLiteral("namespaces"));
        QCOMPARE(details->tabs()->currentWidget()->objectName(), QStringLiteral("namespacesTab"));
        QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
        // A name nobody has, in a window opened after the list arrived: said so.
        MainWindow other(m_client.get());
        other.show();
        other.showContainer(QStringLiteral("no-such-container"), QStringLiteral("logs"));
        QVERIFY(other.lastError().contains(QStringLiteral("no-such-container")));
        QVERIFY(other.selectedContainer().isEmpty());
        QTRY_VERIFY(other.errorBox() && other.errorBox()->isVisible());
    }

    // QT_LOGGING_RULES=glassbox.startup.info=true: a new window logs when its list first has
    // the helper's rows and when it first paints them, in CLOCK_MONOTONIC (bench/gui.sh).
    void startupLogTimesTheFirstList()
    {
        static QStringList lines;
        lines.clear();
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &context, const QString &message) {
                if (QLatin1String(context.category) == QLatin1String("glassbox.startup"))
                    lines.append(message);
            });
        QLoggingCategory::setFilterRules(QStringLiteral("glassbox.startup.info=true"));
        const auto monotonic = [] {
            timespec now{};
            ::clock_gettime(CLOCK_MONOTONIC, &now);
            return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
        };
        const double before = monotonic();
        HelperClient client(m_bus->connection());
        MainWindow window(&client);
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(lines.size(), 2, 10000);
        const double after = monotonic();
        QLoggingCategory::setFilterRules(QString());
        qInstallMessageHandler(previous);
        const QRegularExpression format(QStringLiteral(
            "^containers list (populated|painted): (\\d+) rows at CLOCK_MONOTONIC ([0-9.]+) s$"));
        const QStringList events{QStringLiteral("populated"), QStringLiteral("painted")};
        double last = before;
        for (int i = 0; i < 2; ++i) {
            const QRegularExpressionMatch match = format.match(lines.at(i));
            QVERIFY2(match.hasMatch(), qPrintable(lines.at(i)));
            QCOMPARE(match.captured(1), events.at(i));
            QCOMPARE(match.captured(2).toInt(), int(m_client->containers().size()));
            const double at = match.captured(3).toDouble();
            QVERIFY(at >= last && at <= after);
            last = at;
        }
        QVERIFY(m_client->containers().size() >= 1); // gui-web: the rows are real
    }

    // Every namespace type the kernel has for the container's process: the tab shows the
    // inode of /proc/<pid>/ns/<type> and, as "host", the helper's own (its definition:
    // the namespaces of the helper process, which runs in the host's).
    void namespacesTabShowsTheProcInodes()
    {
        const QString id = idOf(QStringLiteral("gui-web"));
        const qint64 pid = m_client->container(id).pid;
        QVERIFY(pid > 0);
        const qint64 helperPid = m_helper->pid();
        QVERIFY(helperPid > 0);
        using glassbox::details::NamespaceModel;
        using glassbox::details::NamespacesTab;
        NamespacesTab *tab = nullptr;
        QTRY_VERIFY(tab = showDetailsTab<NamespacesTab>("namespacesTab"));
        QAbstractItemModel *model = tab->view()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0, 10000);
        QVERIFY2(tab->errorText().isEmpty(), qPrintable(tab->errorText()));

        const QStringList types{QStringLiteral("cgroup"), QStringLiteral("ipc"),
                                QStringLiteral("mnt"),    QStringLiteral("net"),
                                QStringLiteral("pid"),    QStringLiteral("time"),
                                QStringLiteral("user"),   QStringLiteral("uts")};
        QStringList present;
        for (const QString &type : types)
            if (nsInode(pid, type) != 0)
                present.append(type);
        QVERIFY(present.contains(QStringLiteral("pid")));
        QCOMPARE(model->rowCount(), int(present.size()));
        for (int row = 0; row < model->rowCount(); ++row) {
            const QString type = model->index(row, NamespaceModel::TypeColumn).data().toString();
            QVERIFY2(present.contains(type), qPrintable(type));
            const quint64 inode = nsInode(pid, type);
            const quint64 host = nsInode(helperPid, type);
            QVERIFY(host != 0);
            QCOMPARE(model->index(row, NamespaceModel::InodeColumn).data().toString(),
                     QString::number(inode));
            QCOMPARE(model->index(row, NamespaceModel::HostInodeColumn).data().toString(),
                     QString::number(host));
            QCOMPARE(model->index(row, NamespaceModel::SharedColumn).data(Qt::EditRole).toBool(),
                     inode == host);
            present.removeOne(type); // each type once
        }
        QVERIFY(present.isEmpty());
        // The container has its own pid and mount namespaces.
        QVERIFY(nsInode(pid, QStringLiteral("pid")) != nsInode(helperPid, QStringLiteral("pid")));
        QVERIFY(nsInode(pid, QStringLiteral("mnt")) != nsInode(helperPid, QStringLiteral("mnt")));
    }

    // Sampled only while on screen; the newest memory value is the cgroup's usage file.
    void resourcesTabSamplesTheCgroup()
    {
        const QString id = idOf(QStringLiteral("gui-web"));
        const qint64 pid = m_client->container(id).pid;
        QVERIFY(pid > 0);
        QVERIFY2(cgroupMemory(pid) > 0, "cannot read the container's memory cgroup usage");
        using glassbox::details::ResourcesTab;
        ResourcesTab *tab = nullptr;
        QTRY_VERIFY(tab = showDetailsTab<ResourcesTab>("resourcesTab"));
        QTRY_VERIFY(tab->isSampling());
        QTRY_VERIFY_WITH_TIMEOUT(tab->memorySeries()->count() >= 2, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(tab->cpuSeries()->count() >= 1, 10000);
        const int before = tab->memorySeries()->count();
        QTRY_VERIFY_WITH_TIMEOUT(tab->memorySeries()->count() > before, 5000);
        QVERIFY2(tab->errorText().isEmpty(), qPrintable(tab->errorText()));

        // Bracket one new sample between two reads of the file; allow their spread plus
        // 10 % or 1 MiB, whichever is larger. A few tries against an odd page-cache blip.
        bool matched = false;
        QString last;
        for (int attempt = 0; attempt < 5 && !matched; ++attempt) {
            const qint64 a = cgroupMemory(pid);
            const int points = tab->history()->points().size();
            const quint64 lastTime =
                tab->history()->latest() ? tab->history()->latest()->timeNs : 0;
            QTRY_VERIFY_WITH_TIMEOUT(
                tab->history()->latest() && tab->history()->latest()->timeNs > lastTime, 5000);
            const qint64 b = cgroupMemory(pid);
            const qint64 shown = qint64(tab->history()->latest()->memoryBytes);
            const qint64 tolerance =
                std::max<qint64>(1 << 20, std::max(a, b) / 10) + std::abs(a - b);
            matched = shown >= std::min(a, b) - tolerance && shown <= std::max(a, b) + tolerance;
            last = QStringLiteral("shown %1, cgroup %2 then %3 (points %4)")
                       .arg(shown)
                       .arg(a)
                       .arg(b)
                       .arg(points);
        }
        QVERIFY2(matched, qPrintable(last));
        // The series is the history in MiB.
        QCOMPARE(tab->memorySeries()->at(tab->memorySeries()->count() - 1).y(),
                 double(tab->history()->latest()->memoryBytes) / (1024.0 * 1024.0));

        // Another tab on screen: sampling stops, no new points.
        QTRY_VERIFY(showDetailsTab<glassbox::details::NamespacesTab>("namespacesTab"));
        QVERIFY(!tab->isSampling());
        const qsizetype hidden = tab->history()->points().size();
        QTest::qWait(2 * ResourcesTab::kIntervalMs + 200);
        QCOMPARE(tab->history()->points().size(), hidden);
    }

    // The image's layers (Image1.GetLayers) bottom to top, shown top-down under the
    // container's writable layer.
    void layersTabListsTheImageLayersInOrder()
    {
        const glassbox::ctl::ImageInfo image = m_client->images().value(0);
        QVERIFY(!image.id.isEmpty());
        OrgGlassboxImage1Interface proxy(QStringLiteral("org.glassbox.Manager1"),
                                         glassbox::details::DBusDetailsSource::imagePath(image.id),
                                         m_bus->connection());
        QDBusPendingReply<glassbox::ctl::LayerList> pending = proxy.GetLayers();
        pending.waitForFinished();
        QVERIFY2(!pending.isError(), qPrintable(pending.error().message()));
        const glassbox::ctl::LayerList imageLayers = pending.value();
        QCOMPARE(imageLayers.size(), 1); // the busybox tarball is one layer
        QCOMPARE(quint32(imageLayers.size()), image.layerCount);

        using glassbox::details::LayerModel;
        using glassbox::details::LayersTab;
        LayersTab *tab = nullptr;
        QTRY_VERIFY(tab = showDetailsTab<LayersTab>("layersTab"));
        LayerModel *model = tab->layerModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 || !tab->errorText().isEmpty(), 10000);
        // Regression: the helper once replied GetLayers' paths as a{sv} where the contract
        // says a{ss}, the typed proxy rejected the reply and the tab stayed empty.
        QVERIFY2(tab->errorText().isEmpty(), qPrintable(tab->errorText()));
        QCOMPARE(model->rowCount(), int(imageLayers.size()) + 1);
        QVERIFY(model->isWritableRow(0));
        QCOMPARE(model->index(0, LayerModel::DigestColumn).data().toString(),
                 QStringLiteral("container layer"));
        const int rows = model->rowCount();
        for (int i = 0; i < imageLayers.size(); ++i) {
            const int row = rows - 1 - i; // bottom layer in the last row
            QVERIFY(!model->isWritableRow(row));
            QCOMPARE(model->layerAtRow(row).digest, imageLayers.at(i).digest);
            QCOMPARE(model->layerAtRow(row).diffId, imageLayers.at(i).diffId);
            QCOMPARE(model->layerAtRow(row).size, imageLayers.at(i).size);
            QVERIFY(model->index(row, LayerModel::DigestColumn)
                        .data(Qt::ToolTipRole)
                        .toString()
                        .contains(imageLayers.at(i).digest));
        }
        QVERIFY(!tab->pathText(QStringLiteral("UpperDir")).isEmpty());
    }

    // docs/screenshots/take.sh sets GLASSBOX_SCREENSHOTS to a directory: the window with a
    // running container, the Run dialog, the images tab and the German window go there.
    // Without it they go to a temporary directory: every picture must still show something.
    void screenshots()
    {
        const QString dir = screenshotDirectory();
        QVERIFY(QDir().mkpath(dir));
        const auto save = [&dir](QWidget *widget, const char *name) {
            QTest::qWait(400); // let pending paints and stats land
            const QImage shot = widget->grab().toImage();
            QVERIFY2(!isBlank(shot), name);
            QVERIFY(shot.save(dir + QLatin1Char('/') + QLatin1String(name)));
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

    // With GLASSBOX_SCREENSHOTS set: the window with each details tab of a running container
    // that writes a file, prints a line every second and computes a little more each time
    // (a sawtooth in the CPU chart).
    void detailsScreenshots()
    {
        const QString dir = screenshotDirectory();
        QVERIFY(QDir().mkpath(dir));
        CreateContainerDialog dialog({m_client->images().value(0).tags.value(0)}, m_window.get());
        dialog.setName(QStringLiteral("web"));
        dialog.setCommand(QStringLiteral(
            "sh -c 'trap \"exit 0\" TERM; mkdir -p /var/www; echo hello > /var/www/index.html; "
            "i=0; while :; do i=$((i+1)); echo \"GET /index.html 200 (request $i)\"; "
            "[ $((i % 7)) -eq 0 ] && echo \"warning: request $i took 1200 ms\" >&2; n=0; "
            "m=$((i % 6 * 5000)); while [ $n -lt $m ]; do n=$((n+1)); done; sleep 1; done'"));
        m_window->runFromDialog(&dialog);
        QTRY_COMPARE_WITH_TIMEOUT(shownState(QStringLiteral("web")), QStringLiteral("Running"),
                                  30000);
        m_window->resize(1100, 760);
        if (auto *splitter = m_window->findChild<QSplitter *>())
            splitter->setSizes({170, 560}); // both rows in view above the tabs
        const auto save = [this, &dir](const char *name) {
            QTest::qWait(400); // let pending paints land
            const QImage shot = m_window->grab().toImage();
            QVERIFY2(!isBlank(shot), name);
            QVERIFY(shot.save(dir + QLatin1String("/details-") + QLatin1String(name) +
                              QLatin1String(".png")));
        };
        using namespace glassbox::details;
        const QString web = QStringLiteral("web");

        ResourcesTab *resources = nullptr;
        QTRY_VERIFY(resources = showDetailsTab<ResourcesTab>("resourcesTab", web));
        QTRY_VERIFY_WITH_TIMEOUT(resources->cpuSeries()->count() >= 30, 60000);
        save("resources");

        NamespacesTab *namespaces = nullptr;
        QTRY_VERIFY(namespaces = showDetailsTab<NamespacesTab>("namespacesTab", web));
        QTRY_VERIFY_WITH_TIMEOUT(namespaces->model()->rowCount() > 0, 10000);
        save("namespaces");

        LayersTab *layers = nullptr;
        QTRY_VERIFY(layers = showDetailsTab<LayersTab>("layersTab", web));
        QTRY_VERIFY_WITH_TIMEOUT(
            layers->layerModel()->rowCount() > 1 && layers->changeModel()->rowCount() > 0, 10000);
        save("layers");

        ProcessesTab *processes = nullptr;
        QTRY_VERIFY(processes = showDetailsTab<ProcessesTab>("processesTab", web));
        QTRY_VERIFY_WITH_TIMEOUT(processes->model()->rowCount() >= 2, 10000);
        save("processes");

        LogsTab *logs = nullptr;
        QTRY_VERIFY(logs = showDetailsTab<LogsTab>("logsTab", web));
        QTRY_VERIFY_WITH_TIMEOUT(logs->text()->toPlainText().contains(QStringLiteral("request")),
                                 10000);
        logs->searchField()->setText(QStringLiteral("request 2"));
        logs->timestampsBox()->setChecked(true); // stderr in red, each line's time
        save("logs");

        SecurityTab *security = nullptr;
        QTRY_VERIFY(security = showDetailsTab<SecurityTab>("securityTab", web));
        QTRY_VERIFY_WITH_TIMEOUT(!security->report().seccomp.isEmpty(), 10000);
        save("security");

        InspectTab *inspect = nullptr;
        QTRY_VERIFY(inspect = showDetailsTab<InspectTab>("inspectTab", web));
        QTRY_VERIFY_WITH_TIMEOUT(!inspect->json().isEmpty(), 10000);
        save("inspect");
        m_window->resize(1100, 720);
    }

    // Issue 14: a restart reloaded the Logs tab, which appended the log's tail to what it
    // already showed. A line the container prints once (its first run) appears once.
    void logsShowEachLineOnceAfterRestart()
    {
        const QString tag = m_client->images().value(0).tags.value(0);
        CreateContainerDialog dialog({tag}, m_window.get());
        dialog.setName(QStringLiteral("gui-logs"));
        const QString once = QStringLiteral("printed-once-%1").arg(::getpid());
        // Each run says "run started"; only the first one (no /once yet) prints `once`.
        dialog.setCommand(QStringLiteral("sh -c 'echo run started; if [ ! -e /once ]; then echo "
                                         "%1; : > /once; fi; trap \"exit 0\" TERM; while :; do "
                                         "sleep 1; done'")
                              .arg(once));
        m_window->runFromDialog(&dialog);
        QTRY_COMPARE_WITH_TIMEOUT(shownState(QStringLiteral("gui-logs")), QStringLiteral("Running"),
                                  30000);
        glassbox::details::LogsTab *logs = nullptr;
        QTRY_VERIFY(logs = showDetailsTab<glassbox::details::LogsTab>("logsTab",
                                                                      QStringLiteral("gui-logs")));
        const auto count = [logs](const QString &text) {
            return int(logs->text()->toPlainText().count(text));
        };
        QTRY_COMPARE_WITH_TIMEOUT(count(once), 1, 10000);

        QAction *restart = m_window->action(QStringLiteral("restart"));
        QVERIFY(restart->isEnabled());
        restart->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(count(QStringLiteral("run started")) >= 2, 30000);
        QTRY_COMPARE(shownState(QStringLiteral("gui-logs")), QStringLiteral("Running"));
        QTest::qWait(2000); // the reloads that follow the state changes, and a poll or two
        QCOMPARE(count(QStringLiteral("run started")), 2);
        QCOMPARE(count(once), 1);
        QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
    }

    // Issue 14: sorted by CPU, a busy container that was never on screen was never sampled
    // and sank to the bottom. With the list one row high, it still comes first.
    void sortByCpuFindsTheHogOffScreen()
    {
        QTableView *view = m_window->containersView();
        const auto restore = qScopeGuard([this, view] {
            view->setMinimumHeight(0);
            view->setMaximumHeight(QWIDGETSIZE_MAX);
            view->sortByColumn(ContainersModel::Name, Qt::AscendingOrder);
            if (const QString hog = idOf(QStringLiteral("zz-hog")); !hog.isEmpty())
                m_client->removeContainer(hog, true);
        });
        view->sortByColumn(ContainersModel::Name, Qt::AscendingOrder);
        view->setFixedHeight(view->horizontalHeader()->height() +
                             view->verticalHeader()->defaultSectionSize() + 2 * view->frameWidth());
        QTRY_VERIFY(view->rowAt(view->viewport()->rect().bottom()) <= 0);
        QVERIFY(m_client->containers().size() >= 3); // the hog is the 4th row or later

        // Created and started without being selected (that would scroll to it).
        const QString tag = m_client->images().value(0).tags.value(0);
        m_client->createContainer(
            tag, QStringLiteral("zz-hog"),
            {{QStringLiteral("Command"), QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                                                     QStringLiteral("while :; do :; done")}}},
            true);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->container(idOf(QStringLiteral("zz-hog"))).state,
                                  QStringLiteral("running"), 30000);
        const QString hog = idOf(QStringLiteral("zz-hog"));
        const int hogRow = view->model()->rowCount() - 1; // sorted by name: the last row
        QCOMPARE(view->model()->index(hogRow, ContainersModel::Name).data().toString(),
                 QStringLiteral("zz-hog"));
        QVERIFY(view->rowViewportPosition(hogRow) > view->viewport()->height());

        view->sortByColumn(ContainersModel::Cpu, Qt::DescendingOrder);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->index(0, ContainersModel::Name).data().toString(),
                                  QStringLiteral("zz-hog"), 15000);
        QVERIFY(m_window->containersModel()->cpuPercent(hog) > 20);
    }

    // Issue 14: Delete on the Images tab removed the container selected on the Containers
    // tab. It asks about the selected image and removes it; the container stays, and the
    // container actions are off while their page is not shown.
    void deleteOnTheImagesTabRemovesTheImage()
    {
        // A second image, which no container uses: the busybox rootfs and one file more.
        const QString extra = m_root.filePath(QStringLiteral("extra"));
        QVERIFY(QDir().mkpath(extra));
        QFile file(extra + QStringLiteral("/spare.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a file only the spare image has\n");
        file.close();
        const QString archive = m_root.filePath(QStringLiteral("spare.tar"));
        QCOMPARE(QProcess::execute(QStringLiteral("cp"), {m_archive, archive}), 0);
        QCOMPARE(QProcess::execute(QStringLiteral("tar"),
                                   {QStringLiteral("-C"), extra, QStringLiteral("-rf"), archive,
                                    QStringLiteral("./spare.txt")}),
                 0);
        const auto spare = [this]() -> QString {
            const QList<glassbox::ctl::ImageInfo> images = m_client->images();
            for (const glassbox::ctl::ImageInfo &image : images)
                for (const QString &tag : image.tags)
                    if (tag.contains(QStringLiteral("spare")))
                        return image.id;
            return QString();
        };
        m_window->importImageFile(archive, QStringLiteral("spare:latest"));
        QTRY_VERIFY_WITH_TIMEOUT(!spare().isEmpty(), 60000);
        const QString image = spare();

        auto *tabs = qobject_cast<QTabWidget *>(m_window->centralWidget());
        QVERIFY(tabs);
        const auto closeBoxes = qScopeGuard([this, tabs] {
            const QList<QMessageBox *> boxes = m_window->findChildren<QMessageBox *>();
            for (QMessageBox *box : boxes)
                if (box->isVisible())
                    box->reject();
            tabs->setCurrentIndex(0);
        });
        const QString container = idOf(QStringLiteral("gui-web"));
        tabs->setCurrentIndex(0);
        m_window->selectContainer(container);
        QTRY_VERIFY(m_window->action(QStringLiteral("remove"))->isEnabled());
        QVERIFY(m_window->action(QStringLiteral("stop"))->isEnabled());

        tabs->setCurrentIndex(1);
        for (const char *name : {"start", "stop", "restart", "pause", "kill", "remove"})
            QVERIFY2(!m_window->action(QString::fromLatin1(name))->isEnabled(), name);
        QTableView *images = m_window->imagesView();
        QModelIndex row;
        for (int r = 0; r < images->model()->rowCount(); ++r)
            if (images->model()->index(r, 0).data().toString().contains(QStringLiteral("spare")))
                row = images->model()->index(r, 0);
        QVERIFY(row.isValid());
        images->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect |
                                                           QItemSelectionModel::Rows);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        images->setFocus();
        QTest::keyClick(images, Qt::Key_Delete);

        QMessageBox *box = nullptr;
        const auto confirmation = [this] {
            const QList<QMessageBox *> boxes = m_window->findChildren<QMessageBox *>();
            for (QMessageBox *box : boxes)
                if (box->isVisible() && box->text().startsWith(QStringLiteral("Remove the")))
                    return box;
            return static_cast<QMessageBox *>(nullptr);
        };
        QTRY_VERIFY(box = confirmation());
        QVERIFY2(box->text().startsWith(QStringLiteral("Remove the image “")) &&
                     box->text().contains(QStringLiteral("spare")),
                 qPrintable(box->text()));
        QAbstractButton *remove = nullptr;
        const QList<QAbstractButton *> buttons = box->buttons();
        for (QAbstractButton *button : buttons)
            if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                remove = button;
        QVERIFY(remove);
        remove->click();
        QTRY_VERIFY_WITH_TIMEOUT(spare().isEmpty(), 30000);
        QVERIFY(m_client->hasContainer(container));
        QTest::qWait(500);
        QVERIFY(m_client->hasContainer(container));
        QCOMPARE(m_client->container(container).state, QStringLiteral("running"));
        QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));

        tabs->setCurrentIndex(0);
        QVERIFY(m_window->action(QStringLiteral("stop"))->isEnabled());
        QVERIFY(m_window->action(QStringLiteral("remove"))->isEnabled());
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
    std::unique_ptr<glassbox::test::HelperProcess> m_helper;
    QString m_archive;
    std::unique_ptr<HelperClient> m_client;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<HelperClient> m_deniedClient;
    std::unique_ptr<MainWindow> m_deniedWindow;
};

QTEST_MAIN(TestGuiE2e)
#include "test_gui_e2e.moc"
