// The desktop application without the helper: CPU % from two samples, formatting, the
// containers and images models behind their sort/filter proxies (the published ports and the
// address a click on one opens), the Run dialog's options, the tray's notifications and the
// German translation.
#include "ContainersModel.h"
#include "CpuMeter.h"
#include "CreateContainerDialog.h"
#include "Format.h"
#include "HelperClient.h"
#include "ImagesModel.h"
#include "MainWindow.h"
#include "TrayIcon.h"
#include "model_testers.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScopeGuard>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStyle>
#include <QTableView>
#include <QTest>
#include <QTranslator>

#include <cmath>
#include <memory>

using glassbox::client::ContainerInfo;
using glassbox::client::CpuMeter;
using glassbox::client::ImageInfo;
using glassbox::client::PublishedPort;
using glassbox::client::StatsSample;

namespace {

constexpr quint64 kSecondNs = 1000000000ULL;
constexpr quint64 kNowUs = 1700000000000000ULL;

ContainerInfo container(const QString &id, const QString &name, const QString &state,
                        quint64 startedAgoS = 0, int exitCode = 0)
{
    ContainerInfo c;
    c.id = id;
    c.name = name;
    c.image = QStringLiteral("busybox:latest");
    c.state = state;
    c.pid = state == QLatin1String("running") ? 4242 : 0;
    c.startedAt = startedAgoS ? kNowUs - startedAgoS * 1000000 : 0;
    c.exitCode = exitCode;
    return c;
}

StatsSample sample(const QString &id, quint64 cpuNs, quint64 timeNs, quint64 memory = 0,
                   quint64 limit = 0)
{
    StatsSample s;
    s.id = id;
    s.cpuNs = cpuNs;
    s.timeNs = timeNs;
    s.memoryBytes = memory;
    s.memoryLimit = limit;
    return s;
}

} // namespace

class TestGuiModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        registerGlassboxDBusTypes();
    }

    void cpuPercent_data()
    {
        QTest::addColumn<quint64>("cpuBefore");
        QTest::addColumn<quint64>("timeBefore");
        QTest::addColumn<quint64>("cpuAfter");
        QTest::addColumn<quint64>("timeAfter");
        QTest::addColumn<double>("expected");
        QTest::newRow("idle") << quint64(0) << kSecondNs << quint64(0) << 2 * kSecondNs << 0.0;
        QTest::newRow("half a core")
            << quint64(0) << kSecondNs << kSecondNs / 2 << 2 * kSecondNs << 50.0;
        QTest::newRow("two cores")
            << kSecondNs << kSecondNs << 5 * kSecondNs << 3 * kSecondNs << 200.0;
        QTest::newRow("uneven interval")
            << quint64(0) << quint64(0) << kSecondNs / 4 << kSecondNs / 2 << 50.0;
        QTest::newRow("clock did not move")
            << quint64(0) << kSecondNs << quint64(5) << kSecondNs << -1.0;
        QTest::newRow("counter reset (restart)")
            << 5 * kSecondNs << kSecondNs << kSecondNs << 2 * kSecondNs << -1.0;
    }
    void cpuPercent()
    {
        QFETCH(quint64, cpuBefore);
        QFETCH(quint64, timeBefore);
        QFETCH(quint64, cpuAfter);
        QFETCH(quint64, timeAfter);
        QFETCH(double, expected);
        const QString id = QStringLiteral("aaaaaaaaaaaa");
        QCOMPARE(
            CpuMeter::percent(sample(id, cpuBefore, timeBefore), sample(id, cpuAfter, timeAfter))
                .value_or(-1),
            expected);
    }

    void cpuMeterNeedsTwoSamples()
    {
        CpuMeter meter;
        const QString id = QStringLiteral("aaaaaaaaaaaa");
        QCOMPARE(meter.update(sample(id, 0, kSecondNs)), -1.0);
        // The helper's shared sample seen twice is no interval.
        QCOMPARE(meter.update(sample(id, 0, kSecondNs)), -2.0);
        QCOMPARE(meter.update(sample(id, kSecondNs / 4, 2 * kSecondNs)), 25.0);
        meter.retainOnly({});
        QCOMPARE(meter.update(sample(id, kSecondNs, 3 * kSecondNs)), -1.0);
    }

    void formatting_data()
    {
        QTest::addColumn<QString>("actual");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bytes") << Format::size(512) << QStringLiteral("512 bytes");
        QTest::newRow("MiB") << Format::size(3 * 1024 * 1024 / 2) << QStringLiteral("1.5 MiB");
        QTest::newRow("memory with limit") << Format::memory(64 * 1024 * 1024, 256 * 1024 * 1024)
                                           << QStringLiteral("64.0 MiB / 256.0 MiB");
        QTest::newRow("seconds") << Format::duration(45 * 1000000ULL) << QStringLiteral("45 s");
        QTest::newRow("minutes") << Format::duration(12 * 60 * 1000000ULL)
                                 << QStringLiteral("12 min");
        QTest::newRow("hours") << Format::duration(185 * 60 * 1000000ULL)
                               << QStringLiteral("3 h 5 min");
        QTest::newRow("cpu") << Format::cpuPercent(12.345) << QStringLiteral("12.3 %");
        QTest::newRow("cpu unknown") << Format::cpuPercent(-1) << QString();
        QTest::newRow("up") << Format::status(container(QStringLiteral("a"), QString(),
                                                        QStringLiteral("running"), 90),
                                              kNowUs)
                            << QStringLiteral("Up 1 min");
        QTest::newRow("exited") << Format::status(container(QStringLiteral("a"), QString(),
                                                            QStringLiteral("stopped"), 0, 3),
                                                  kNowUs)
                                << QStringLiteral("Exited (3)");
        ContainerInfo oom =
            container(QStringLiteral("a"), QString(), QStringLiteral("stopped"), 0, 137);
        oom.oomKilled = true;
        QTest::newRow("oom") << Format::status(oom, kNowUs)
                             << QStringLiteral("Exited (137, out of memory)");
    }
    void formatting()
    {
        QFETCH(QString, actual);
        QFETCH(QString, expected);
        QCOMPARE(actual, expected);
    }

    void containersModelStatsAndColumns()
    {
        ContainersModel model;
        glassbox::test::testModel(&model);
        model.setClock([] { return kNowUs; });
        const QString web = QStringLiteral("aaaaaaaaaaaa");
        model.setContainers({container(web, QStringLiteral("web"), QStringLiteral("running"), 30)});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, ContainersModel::Status).data().toString(),
                 QStringLiteral("Up 30 s"));
        QCOMPARE(model.index(0, ContainersModel::Pid).data().toString(), QStringLiteral("4242"));
        QVERIFY(model.index(0, ContainersModel::Cpu).data().toString().isEmpty());
        QVERIFY(!model.index(0, ContainersModel::State).data(Qt::DecorationRole).isNull());
        QVERIFY(model.headerData(ContainersModel::Cpu, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("one core")));

        model.applyStats({sample(web, kSecondNs, kSecondNs, 32 * 1024 * 1024, 64 * 1024 * 1024)});
        QVERIFY(model.index(0, ContainersModel::Cpu).data().toString().isEmpty());
        QCOMPARE(model.index(0, ContainersModel::Memory).data().toString(),
                 QStringLiteral("32.0 MiB / 64.0 MiB"));
        model.applyStats({sample(web, kSecondNs + 3 * kSecondNs / 2, 2 * kSecondNs,
                                 32 * 1024 * 1024, 64 * 1024 * 1024)});
        QCOMPARE(model.index(0, ContainersModel::Cpu).data().toString(), QStringLiteral("150.0 %"));
        QCOMPARE(model.cpuPercent(web), 150.0);

        // Stopping clears the live columns and the rate.
        ContainerInfo stopped =
            container(web, QStringLiteral("web"), QStringLiteral("stopped"), 0, 143);
        model.upsertContainer(stopped);
        QCOMPARE(model.index(0, ContainersModel::Status).data().toString(),
                 QStringLiteral("Exited (143)"));
        QVERIFY(model.index(0, ContainersModel::Cpu).data().toString().isEmpty());
        QVERIFY(model.index(0, ContainersModel::Pid).data().toString().isEmpty());
        QCOMPARE(model.cpuPercent(web), -1.0);

        model.removeContainer(web);
        QCOMPARE(model.rowCount(), 0);
        model.applyStats({sample(web, 0, 0)}); // a late sample of a removed one is ignored
        QCOMPARE(model.rowCount(), 0);
    }

    void containersSortAndFilter()
    {
        ContainersModel model;
        glassbox::test::testModel(&model);
        model.setClock([] { return kNowUs; });
        const QString a = QStringLiteral("aaaaaaaaaaaa");
        const QString b = QStringLiteral("bbbbbbbbbbbb");
        const QString c = QStringLiteral("cccccccccccc");
        model.setContainers({container(a, QStringLiteral("web"), QStringLiteral("running"), 10),
                             container(b, QStringLiteral("db"), QStringLiteral("running"), 20),
                             container(c, QStringLiteral("Cache"), QStringLiteral("stopped"))});
        for (const QString &id : {a, b})
            model.applyStats({sample(id, 0, kSecondNs)});
        model.applyStats({sample(a, kSecondNs / 10, 2 * kSecondNs, 300),
                          sample(b, kSecondNs, 2 * kSecondNs, 100)});

        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        glassbox::test::testModel(&proxy);
        proxy.setSortRole(ContainersModel::SortRole);
        proxy.setFilterKeyColumn(-1);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        const auto names = [&proxy] {
            QStringList list;
            for (int row = 0; row < proxy.rowCount(); ++row)
                list.append(proxy.index(row, ContainersModel::Name).data().toString());
            return list;
        };
        proxy.sort(ContainersModel::Name, Qt::AscendingOrder);
        QCOMPARE(names(), (QStringList{QStringLiteral("Cache"), QStringLiteral("db"),
                                       QStringLiteral("web")}));
        // Numeric, not text order: 100 % before 10 %.
        proxy.sort(ContainersModel::Cpu, Qt::DescendingOrder);
        QCOMPARE(names().first(), QStringLiteral("db"));
        QCOMPARE(names().at(1), QStringLiteral("web"));
        proxy.sort(ContainersModel::Memory, Qt::DescendingOrder);
        QCOMPARE(names().first(), QStringLiteral("web"));
        proxy.sort(ContainersModel::Status, Qt::DescendingOrder);
        QCOMPARE(names().first(), QStringLiteral("db")); // up longest

        proxy.setFilterFixedString(QStringLiteral("WE"));
        QCOMPARE(names(), QStringList{QStringLiteral("web")});
        proxy.setFilterFixedString(QStringLiteral("stopped"));
        QCOMPARE(names(), QStringList{QStringLiteral("Cache")});
        proxy.setFilterFixedString(QString());
        QCOMPARE(proxy.rowCount(), 3);

        // Rows arriving and leaving behind a sorted proxy, as the main window shows them.
        proxy.setDynamicSortFilter(true);
        proxy.sort(ContainersModel::Name, Qt::AscendingOrder);
        model.upsertContainer(container(QStringLiteral("dddddddddddd"), QStringLiteral("api"),
                                        QStringLiteral("running"), 5));
        QCOMPARE(names().first(), QStringLiteral("api"));
        model.upsertContainer(container(b, QStringLiteral("zz-db"), QStringLiteral("stopped")));
        QCOMPARE(names().last(), QStringLiteral("zz-db"));
        model.refreshUptimes();
        model.removeContainer(a);
        QCOMPARE(names(), (QStringList{QStringLiteral("api"), QStringLiteral("Cache"),
                                       QStringLiteral("zz-db")}));
        model.setContainers({});
        QCOMPARE(proxy.rowCount(), 0);
    }

    void imagesModel()
    {
        ImagesModel model;
        glassbox::test::testModel(&model);
        ImageInfo small;
        small.id = QStringLiteral("sha256:1111111111111111aaaa");
        small.tags = {QStringLiteral("busybox:latest")};
        small.size = 2 * 1024 * 1024;
        small.layerCount = 1;
        small.created = kNowUs;
        small.inUseBy = {QStringLiteral("aaaaaaaaaaaa"), QStringLiteral("bbbbbbbbbbbb")};
        ImageInfo big;
        big.id = QStringLiteral("sha256:2222222222222222bbbb");
        big.size = 300 * 1024 * 1024;
        big.layerCount = 12;
        big.source = QStringLiteral("registry quay.io/team/app");
        big.digests = {QStringLiteral("quay.io/team/app@sha256:") + QString(64, QLatin1Char('d'))};
        small.source = QStringLiteral("docker-archive /home/me/busybox.tar");
        model.setImages({small, big});
        model.setContainerNames({{QStringLiteral("aaaaaaaaaaaa"), QStringLiteral("web")}});
        // Where each came from: a registry's repository, or what the helper says of a file;
        // a pulled image's digests on hover, as `pull name@digest` takes them.
        QCOMPARE(model.index(1, ImagesModel::Source).data().toString(),
                 QStringLiteral("quay.io/team/app"));
        QCOMPARE(model.index(0, ImagesModel::Source).data().toString(), small.source);
        QVERIFY(model.index(1, ImagesModel::Source)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(big.digests.constFirst()));
        QVERIFY(!model.index(0, ImagesModel::Source).data(Qt::ToolTipRole).isValid());
        QCOMPARE(model.index(0, ImagesModel::Id).data().toString(), QStringLiteral("111111111111"));
        QCOMPARE(model.index(0, ImagesModel::InUseBy).data().toString(),
                 QStringLiteral("bbbbbbbbbbbb, web"));
        QCOMPARE(model.index(1, ImagesModel::Tags).data().toString(), QStringLiteral("<none>"));
        QCOMPARE(model.index(1, ImagesModel::Size).data().toString(), QStringLiteral("300.0 MiB"));

        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        glassbox::test::testModel(&proxy);
        proxy.setSortRole(ImagesModel::SortRole);
        proxy.sort(ImagesModel::Layers, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, ImagesModel::Layers).data().toString(), QStringLiteral("12"));
        proxy.sort(ImagesModel::Size, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, ImagesModel::Tags).data().toString(),
                 QStringLiteral("busybox:latest"));

        // Images arriving, changing and leaving behind the sorted proxy.
        proxy.setDynamicSortFilter(true);
        ImageInfo medium;
        medium.id = QStringLiteral("sha256:3333333333333333cccc");
        medium.tags = {QStringLiteral("alpine:3")};
        medium.size = 8 * 1024 * 1024;
        model.upsertImage(medium);
        QCOMPARE(proxy.index(1, ImagesModel::Tags).data().toString(), QStringLiteral("alpine:3"));
        medium.size = 400 * 1024 * 1024;
        model.upsertImage(medium);
        QCOMPARE(proxy.index(2, ImagesModel::Tags).data().toString(), QStringLiteral("alpine:3"));
        proxy.setFilterKeyColumn(ImagesModel::Tags);
        proxy.setFilterFixedString(QStringLiteral("busybox"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterFixedString(QString());
        model.removeImage(small.id);
        QCOMPARE(model.rowCount(), 2);
        model.setImages({});
        QCOMPARE(proxy.rowCount(), 0);
    }

    void splitCommand_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("plain") << QStringLiteral(" sleep   60 ")
                               << QStringList{QStringLiteral("sleep"), QStringLiteral("60")};
        QTest::newRow("single quotes keep double quotes")
            << QStringLiteral("sh -c 'trap \"exit 0\" TERM'")
            << QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                           QStringLiteral("trap \"exit 0\" TERM")};
        QTest::newRow("double quotes and escapes")
            << QStringLiteral("echo \"a \\\"b\\\"\" c\\ d ''")
            << QStringList{QStringLiteral("echo"), QStringLiteral("a \"b\""), QStringLiteral("c d"),
                           QString()};
        QTest::newRow("empty") << QString() << QStringList();
    }
    void splitCommand()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, expected);
        QCOMPARE(CreateContainerDialog::splitCommand(command), expected);
    }

    void createDialogOptions()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        dialog.setName(QStringLiteral("web"));
        dialog.setCommand(QStringLiteral("sh -c 'echo hi; sleep 5'"));
        QCOMPARE(dialog.image(), QStringLiteral("busybox:latest"));
        QVariantMap options = dialog.options();
        QCOMPARE(options.value(QStringLiteral("Command")).toStringList(),
                 (QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                              QStringLiteral("echo hi; sleep 5")}));
        QCOMPARE(options.size(), 1); // defaults are not sent
        QVERIFY(dialog.privilegedChoices().isEmpty());

        dialog.findChild<QLineEdit *>(QStringLiteral("capAddEdit"))
            ->setText(QStringLiteral("net_admin, sys_ptrace"));
        auto *seccomp = dialog.findChild<QComboBox *>(QStringLiteral("seccompCombo"));
        seccomp->setCurrentIndex(seccomp->findData(QStringLiteral("unconfined")));
        options = dialog.options();
        QCOMPARE(options.value(QStringLiteral("CapAdd")).toStringList(),
                 (QStringList{QStringLiteral("NET_ADMIN"), QStringLiteral("SYS_PTRACE")}));
        QCOMPARE(options.value(QStringLiteral("Seccomp")).toString(), QStringLiteral("unconfined"));
        QCOMPARE(dialog.privilegedChoices().size(), 2);
        auto *summary = dialog.findChild<QLabel *>(QStringLiteral("privilegedSummary"));
        QVERIFY(summary->text().contains(QStringLiteral("NET_ADMIN")));
        QVERIFY(!summary->isHidden());
    }

    // Issue 12, item 7: the dialog's limits are the helper's ranges (glassbox/quantities.h),
    // and a user id that does not fit keeps Run disabled instead of reaching the helper.
    void createDialogQuantities()
    {
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        auto *memory = dialog.findChild<QLineEdit *>(QStringLiteral("memoryEdit"));
        QVERIFY(memory);
        QVERIFY(memory->text().isEmpty()); // no limit
        QVERIFY(!dialog.options().contains(QStringLiteral("MemoryLimit")));
        memory->setText(QStringLiteral("4m")); // the smallest limit the helper takes
        QCOMPARE(dialog.options().value(QStringLiteral("MemoryLimit")).toULongLong(), 4ull << 20);
        // More in test_run_dialog::memoryLimit.

        QLineEdit *user = nullptr;
        const QList<QLineEdit *> edits = dialog.findChildren<QLineEdit *>();
        for (QLineEdit *edit : edits)
            if (edit->accessibleName() == QLatin1String("User"))
                user = edit;
        QVERIFY(user);
        auto *run = dialog.findChild<QPushButton *>(QStringLiteral("runButton"));
        QVERIFY(run->isEnabled());
        user->setText(QStringLiteral("4294967296"));
        QVERIFY(!run->isEnabled());
        user->setText(QStringLiteral("1000:4294967294"));
        QVERIFY(run->isEnabled());
        user->setText(QStringLiteral("web:"));
        QVERIFY(!run->isEnabled());
        user->setText(QStringLiteral("web:staff"));
        QVERIFY(run->isEnabled());
    }

    // Issue 14: the Run dialog's validation text was BrightText (white) on light grey. With
    // the default Fusion palette it reads: a contrast ratio of at least 4.5 (WCAG AA) between
    // the colours the label is painted with.
    void createDialogProblemReadable()
    {
        const QString oldStyle = QApplication::style()->name();
        const QPalette oldPalette = QApplication::palette();
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(QApplication::style()->standardPalette());
        const auto restore = qScopeGuard([&] {
            QApplication::setStyle(oldStyle);
            QApplication::setPalette(oldPalette);
        });
        CreateContainerDialog dialog({QStringLiteral("busybox:latest")});
        dialog.setName(QStringLiteral("-no good"));
        auto *problem = dialog.findChild<QLabel *>(QStringLiteral("problemLabel"));
        QVERIFY(problem);
        QVERIFY(!problem->isHidden());
        QVERIFY(problem->text().contains(QStringLiteral("A name starts")));
        const auto luminance = [](const QColor &color) {
            const auto channel = [](double c) {
                return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
            };
            return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) +
                   0.0722 * channel(color.blueF());
        };
        const QColor text = problem->palette().color(problem->foregroundRole());
        const QColor background = problem->palette().color(problem->backgroundRole());
        const double a = luminance(text), b = luminance(background);
        const double ratio = (qMax(a, b) + 0.05) / (qMin(a, b) + 0.05);
        QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("%1 on %2: contrast %3")
                                              .arg(text.name(), background.name())
                                              .arg(ratio)));
    }

    // Issue 16: the Ports column as docker ps writes it (with an arrow), and the address a
    // running container's tcp ports open in the browser.
    void containersPortsColumn()
    {
        ContainersModel model;
        glassbox::test::testModel(&model);
        model.setClock([] { return kNowUs; });
        ContainerInfo web = container(QStringLiteral("aaaaaaaaaaaa"), QStringLiteral("web"),
                                      QStringLiteral("running"), 5);
        web.ports = {
            PublishedPort{QString(), 18080, 80, QStringLiteral("tcp")},
            PublishedPort{QStringLiteral("127.0.0.1"), 5353, 53, QStringLiteral("udp")},
            PublishedPort{QStringLiteral("192.168.1.5"), 8443, 443, QStringLiteral("tcp")}};
        ContainerInfo quiet = container(QStringLiteral("bbbbbbbbbbbb"), QStringLiteral("quiet"),
                                        QStringLiteral("created"));
        quiet.ports = {PublishedPort{QString(), 0, 8080, QStringLiteral("tcp")}};
        model.setContainers({web, quiet});
        QCOMPARE(model.headerData(ContainersModel::Ports, Qt::Horizontal).toString(),
                 QStringLiteral("Ports"));
        QCOMPARE(model.index(0, ContainersModel::Ports).data().toString(),
                 QStringLiteral("0.0.0.0:18080→80/tcp, 127.0.0.1:5353→53/udp, "
                                "192.168.1.5:8443→443/tcp"));
        // Its host port is chosen at start: only the container's side is known.
        QCOMPARE(model.index(1, ContainersModel::Ports).data().toString(),
                 QStringLiteral("8080/tcp"));

        // tcp only, on the address the port was published on (127.0.0.1 for all of them).
        const auto urls = [&model](int row) {
            return model.index(row, ContainersModel::Ports)
                .data(ContainersModel::UrlsRole)
                .value<QList<QUrl>>();
        };
        QCOMPARE(urls(0), (QList<QUrl>{QUrl(QStringLiteral("http://127.0.0.1:18080/")),
                                       QUrl(QStringLiteral("http://192.168.1.5:8443/"))}));
        QVERIFY(urls(1).isEmpty());
        QVERIFY(model.index(0, ContainersModel::Name).data(ContainersModel::UrlsRole).isNull());
        QVERIFY(model.index(0, ContainersModel::Ports)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Host port 18080 (tcp) forwards to the container's "
                                             "port 80")));
        // Stopped, nothing forwards the ports: shown, not offered.
        web.state = QStringLiteral("stopped");
        model.upsertContainer(web);
        QVERIFY(urls(0).isEmpty());
        QVERIFY(model.index(0, ContainersModel::Ports)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("0.0.0.0:18080→80/tcp")));
    }

    // IPv6 host addresses: in brackets in the column and in the URL.
    void containersIpv6Ports()
    {
        ContainersModel model;
        glassbox::test::testModel(&model);
        model.setClock([] { return kNowUs; });
        ContainerInfo web = container(QStringLiteral("aaaaaaaaaaaa"), QStringLiteral("web6"),
                                      QStringLiteral("running"), 5);
        web.ports = {PublishedPort{QStringLiteral("::1"), 8080, 80, QStringLiteral("tcp")},
                     PublishedPort{QStringLiteral("fd00::5"), 5353, 53, QStringLiteral("udp")}};
        model.setContainers({web});
        QCOMPARE(model.index(0, ContainersModel::Ports).data().toString(),
                 QStringLiteral("[::1]:8080→80/tcp, [fd00::5]:5353→53/udp"));
        const QList<QUrl> urls = model.index(0, ContainersModel::Ports)
                                     .data(ContainersModel::UrlsRole)
                                     .value<QList<QUrl>>();
        QCOMPARE(urls, QList<QUrl>{QUrl(QStringLiteral("http://[::1]:8080/"))});
        QCOMPARE(urls.constFirst().toString(), QStringLiteral("http://[::1]:8080/"));
        const QString tip = model.index(0, ContainersModel::Ports).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("Double-click to open http://[::1]:8080/")),
                 qPrintable(tip));
    }

    // Issue 16: activating a running container's Ports cell opens http://127.0.0.1:PORT (the
    // window's opener is QDesktopServices::openUrl; here it is recorded), and a menu when the
    // container publishes several tcp ports.
    void portCellOpensTheBrowser()
    {
        // A bus nobody listens on, as test_gui_l10n builds its window: rows are put in by hand.
        HelperClient client(QDBusConnection::connectToBus(
            QStringLiteral("unix:path=/nonexistent/glassbox-test-bus"),
            QStringLiteral("glassbox-models-nobus")));
        MainWindow window(&client);
        glassbox::test::testModelsUnder(&window);
        QList<QUrl> opened;
        window.setUrlOpener([&opened](const QUrl &url) {
            opened.append(url);
            return true;
        });
        ContainerInfo web = container(QStringLiteral("aaaaaaaaaaaa"), QStringLiteral("web"),
                                      QStringLiteral("running"), 5);
        web.ports = {PublishedPort{QString(), 18080, 80, QStringLiteral("tcp")},
                     PublishedPort{QString(), 5353, 53, QStringLiteral("udp")}};
        window.containersModel()->upsertContainer(web);
        window.resize(1400, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTableView *view = window.containersView();
        const QModelIndex ports = view->model()->index(0, ContainersModel::Ports);
        view->scrollTo(ports);
        const QPoint cell = view->visualRect(ports).center();
        QVERIFY(view->viewport()->rect().contains(cell));
        // The row selected first, as the first click of a person's double-click does: the
        // details it shows change the layout, and QTest's double-click alone then reaches the
        // view as a press only.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell);
        QTRY_COMPARE(window.selectedContainer(), web.id);
        QVERIFY(opened.isEmpty()); // a click selects, it does not open
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell);
        QCOMPARE(opened, QList<QUrl>{QUrl(QStringLiteral("http://127.0.0.1:18080/"))});
        // Another column's activation opens nothing.
        QTest::mouseDClick(
            view->viewport(), Qt::LeftButton, {},
            view->visualRect(view->model()->index(0, ContainersModel::Name)).center());
        QCOMPARE(opened.size(), 1);

        // Two tcp ports: a menu offers both.
        web.ports.append(PublishedPort{QString(), 18443, 443, QStringLiteral("tcp")});
        window.containersModel()->upsertContainer(web);
        QVERIFY(window.openPorts(view->model()->index(0, ContainersModel::Ports)));
        auto *menu = window.findChild<QMenu *>(QStringLiteral("portsMenu"));
        QVERIFY(menu);
        const QList<QAction *> choices = menu->actions();
        QCOMPARE(choices.size(), 2);
        QCOMPARE(choices.at(1)->text(), QStringLiteral("Open http://127.0.0.1:18443/"));
        choices.at(1)->trigger();
        QCOMPARE(opened.last(), QUrl(QStringLiteral("http://127.0.0.1:18443/")));
        menu->close();

        // A browser that cannot be started is said, not swallowed.
        window.setUrlOpener([](const QUrl &) { return false; });
        web.ports = {PublishedPort{QString(), 18080, 80, QStringLiteral("tcp")}};
        window.containersModel()->upsertContainer(web);
        QVERIFY(window.openPorts(view->model()->index(0, ContainersModel::Ports)));
        QVERIFY2(window.lastError().contains(QStringLiteral("http://127.0.0.1:18080/")),
                 qPrintable(window.lastError()));
        if (window.errorBox())
            window.errorBox()->close();
    }

    void trayNotifications()
    {
        ContainerInfo c = container(QStringLiteral("aaaaaaaaaaaa"), QStringLiteral("web"),
                                    QStringLiteral("stopped"), 0, 1);
        QVERIFY(TrayIcon::notificationFor(c, false).contains(QStringLiteral("unexpectedly")));
        QVERIFY(TrayIcon::notificationFor(c, true).isEmpty()); // the user stopped it
        c.exitCode = 0;
        QVERIFY(TrayIcon::notificationFor(c, false).isEmpty());
        c.exitCode = 137;
        c.oomKilled = true;
        QVERIFY(TrayIcon::notificationFor(c, true).contains(QStringLiteral("memory")));
    }

    void germanTranslationLoads()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/glassbox_de.qm")));
        QCOMPARE(translator.translate("ContainersModel", "Memory"), QStringLiteral("Speicher"));
        QCOMPARE(translator.translate("ErrorText", "You are not allowed to %1."),
                 QStringLiteral("Keine Berechtigung: %1."));
        QCoreApplication::installTranslator(&translator);
        ContainersModel model;
        QCOMPARE(model.headerData(ContainersModel::Pid, Qt::Horizontal).toString(),
                 QStringLiteral("Host-PID"));
        QCoreApplication::removeTranslator(&translator);
    }

    // Issue 14: who created a container was nowhere to be seen. The Owner column names the
    // creating uid's user, and the number for a uid the system does not know.
    void containersOwnerColumn()
    {
        ContainersModel model;
        glassbox::test::testModel(&model);
        model.setClock([] { return kNowUs; });
        ContainerInfo mine = container(QStringLiteral("aaaaaaaaaaaa"), QStringLiteral("mine"),
                                       QStringLiteral("running"), 5);
        mine.ownerUid = 0;
        ContainerInfo stranger = container(QStringLiteral("bbbbbbbbbbbb"),
                                           QStringLiteral("stranger"), QStringLiteral("stopped"));
        stranger.ownerUid = 3999999999U; // no such user
        model.setContainers({mine, stranger});
        QCOMPARE(model.headerData(ContainersModel::Owner, Qt::Horizontal).toString(),
                 QStringLiteral("Owner"));
        QCOMPARE(model.index(0, ContainersModel::Owner).data().toString(), QStringLiteral("root"));
        QCOMPARE(model.index(1, ContainersModel::Owner).data().toString(),
                 QStringLiteral("3999999999"));
        QVERIFY(model.index(0, ContainersModel::Owner)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("uid 0")));
    }
};

QTEST_MAIN(TestGuiModels)
#include "test_gui_models.moc"
