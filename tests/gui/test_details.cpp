// The container details tabs against a fake DetailsSource with known data: no helper, no
// bus, offscreen. One test class per tab's behaviour the main window relies on.
#include "ChangeModel.h"
#include "ContainerDetailsWidget.h"
#include "CpuMeter.h"
#include "DetailsSource.h"
#include "InspectTab.h"
#include "LayerModel.h"
#include "LayersTab.h"
#include "LogsTab.h"
#include "NamespaceModel.h"
#include "NamespacesTab.h"
#include "NetworkTab.h"
#include "ProcessModel.h"
#include "ProcessesTab.h"
#include "ResourcesTab.h"
#include "SecurityTab.h"
#include "SecurityText.h"
#include "StatsHistory.h"
#include "model_testers.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryFile>
#include <QTest>
#include <QTextBlock>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

using namespace glassbox::details;
using glassbox::client::StatsSample;

namespace {

const QString kId = QStringLiteral("0123456789abcdef0123");

// Answers every call on the next event loop turn, as the bus would, with the data set here.
class FakeSource : public DetailsSource
{
public:
    using DetailsSource::DetailsSource;

    template <typename T, typename F> void later(F done, T value, QString error)
    {
        QTimer::singleShot(0, this, [done, value, error] { done(value, error); });
    }

    void getStats(const QStringList &, Callback<StatsList> done) override
    {
        ++statsCalls;
        if (hang)
            return; // a helper that does not answer (the bus times out after 25 s)
        StatsList list;
        if (running) {
            StatsSample sample = stats;
            sample.id = kId;
            sample.timeNs = 1'000'000'000ULL * quint64(statsCalls);
            sample.cpuNs = quint64(statsCalls) * cpuNsPerCall;
            sample.rxBytes = quint64(statsCalls) * rxBytesPerCall;
            sample.txBytes = quint64(statsCalls) * txBytesPerCall;
            list.append(sample);
        }
        later(done, list, error);
    }
    void getNamespaces(const QString &, Callback<NamespaceList> done) override
    {
        later(done, namespaces, error);
    }
    void getLayers(const QString &, LayersCallback done) override
    {
        QTimer::singleShot(0, this, [this, done] { done(layers, paths, error); });
    }
    void getDiff(const QString &, Callback<ChangeList> done) override
    {
        later(done, changes, error);
    }
    void getProcesses(const QString &, Callback<ProcessList> done) override
    {
        ++processCalls;
        later(done, processes, error);
    }
    void getPressure(const QString &, Callback<GbCounterMap> done) override
    {
        // Each call is one second later: a quarter of it with some task waiting for CPU,
        // 1 % for I/O (0.5 % for all tasks), no memory pressure; no "cpu.full" line.
        ++pressureCalls;
        if (hang)
            return;
        const quint64 n = quint64(pressureCalls);
        GbCounterMap counters{
            {QStringLiteral("time"), n * 1'000'000'000}, {QStringLiteral("cpu.some"), n * 250'000},
            {QStringLiteral("memory.some"), 0},          {QStringLiteral("memory.full"), 0},
            {QStringLiteral("io.some"), n * 10'000},     {QStringLiteral("io.full"), n * 5'000}};
        later(done, counters, pressureError);
    }
    void getLogs(const QString &, quint64, Callback<QString> done) override
    {
        later(done, logs, error);
    }
    void openLog(const QString &, Callback<QDBusUnixFileDescriptor> done) override
    {
        QFile fresh(logPath);
        if (!logPath.isEmpty() && fresh.open(QIODevice::ReadOnly)) // dup()ed: may close after
            later(done, QDBusUnixFileDescriptor(int(fresh.handle())), QString());
        else if (logFile)
            later(done, QDBusUnixFileDescriptor(int(logFile->handle())), QString());
        else
            later(done, QDBusUnixFileDescriptor(), QStringLiteral("no descriptor"));
    }
    void getSecurityReport(const QString &, Callback<QString> done) override
    {
        later(done, securityJson, error);
    }
    void getNetwork(const QString &, Callback<QString> done) override
    {
        ++networkCalls;
        later(done, networkJson, networkJson.isEmpty() ? QStringLiteral("not attached") : error);
    }
    void inspect(const QString &, Callback<QString> done) override
    {
        later(done, inspectJson, error);
    }
    void getProperties(const QString &, Callback<QVariantMap> done) override
    {
        later(done, properties, error);
    }
    void getImageEfficiency(const QString &, EfficiencyCallback done) override
    {
        QTimer::singleShot(0, this, [this, done] { done(efficiency, wasted, error); });
    }
    void watchContainer(const QString &) override {}

    int statsCalls = 0;
    int processCalls = 0;
    int pressureCalls = 0;
    QString pressureError;
    bool hang = false;
    bool running = true;
    quint64 cpuNsPerCall = 250'000'000; // a quarter of a core
    quint64 rxBytesPerCall = 0;         // network bytes received per GetStats (one second)
    quint64 txBytesPerCall = 0;
    int networkCalls = 0;
    StatsSample stats;
    NamespaceList namespaces;
    LayerList layers;
    StringMap paths;
    ChangeList changes;
    ProcessList processes;
    QString logs;
    QFile *logFile = nullptr; // OpenLog's file when set; GetLogs polling otherwise
    QString logPath;          // when set, each OpenLog opens it anew, as the helper does
    QString inspectJson;
    QString securityJson; // GetSecurityReport's answer
    QString networkJson;  // GetNetwork's answer; empty: it fails, as for a stopped container
    QVariantMap properties;
    double efficiency = 1;
    quint64 wasted = 0;
    QString error;
};

StatsSample sampleAt(quint64 seconds, quint64 cpuNs, quint64 memory = 0, quint64 limit = 0,
                     quint64 inactiveFile = 0)
{
    StatsSample sample;
    sample.inactiveFileBytes = inactiveFile;
    sample.id = kId;
    sample.timeNs = seconds * 1'000'000'000ULL;
    sample.cpuNs = cpuNs;
    sample.memoryBytes = memory;
    sample.memoryLimit = limit;
    return sample;
}

} // namespace

class TestDetails : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cpuPercent_data();
    void cpuPercent();
    void historyKeepsFiveMinutes();
    void historyAgesMoveOnlyWithDataChanged();
    void resourcesSampleWhileVisible();
    void resourcesShowPressure();
    void resourcesWithoutPressure();
    void memoryLimitLine();
    void samplingStopsWhenHidden();
    void axisTitlesFitTheirPlots_data();
    void axisTitlesFitTheirPlots();
    void memoryTicksReadApart_data();
    void memoryTicksReadApart();
    void memoryAxisFollowsTheData_data();
    void memoryAxisFollowsTheData();
    void memoryLeavesOutTheFileCache();
    void pressureShownAgainAfterRestart();
    void figuresMarkedStaleWhileTheHelperIsSilent();
    void figuresMarkedStaleWhenStatsFail();
    void listAndTabShowOneSample();
    void processesAgreeWithTheProcessesTab();
    void ctrlFInLogsFocusesTheSearch();
    void namespacesShowGivenInodes();
    void layersBottomToTop();
    void layersDiffFollowsTheContainer();
    void processesRefreshWhileVisible();
    void helperErrorShownInTab();
    void logsSearchFindsText();
    void logsFollowDescriptor();
    void logsReloadShowsEachLineOnce();
    void logsStreamsAndTimes();
    void securityWarnsPrivilegedHostRoot();
    void securityQuietForConfinedContainer();
    void inspectPrettyPrinted();
    void paneLeavesRoomForTheList();
    void networkRate_data();
    void networkRate();
    void networkShowsTheWall();
    void networkRatesFromTwoSamples();
    void networkWithoutAttachmentSaysWhy_data();
    void networkWithoutAttachmentSaysWhy();
    void networkShowsWhatTheHelperGives();
};

void TestDetails::cpuPercent_data()
{
    QTest::addColumn<quint64>("cpuBefore");
    QTest::addColumn<quint64>("cpuAfter");
    QTest::addColumn<quint64>("secondsApart");
    QTest::addColumn<double>("expected"); // -1: cannot be computed
    QTest::newRow("idle") << 5'000ULL << 5'000ULL << 1ULL << 0.0;
    QTest::newRow("half a core") << 0ULL << 500'000'000ULL << 1ULL << 50.0;
    QTest::newRow("two cores") << 1'000'000'000ULL << 5'000'000'000ULL << 2ULL << 200.0;
    QTest::newRow("same time") << 0ULL << 10ULL << 0ULL << -1.0;
    QTest::newRow("counter reset") << 10ULL << 5ULL << 1ULL << -1.0;
}

void TestDetails::cpuPercent()
{
    QFETCH(quint64, cpuBefore);
    QFETCH(quint64, cpuAfter);
    QFETCH(quint64, secondsApart);
    QFETCH(double, expected);
    const auto percent = glassbox::client::CpuMeter::percent(sampleAt(10, cpuBefore),
                                                             sampleAt(10 + secondsApart, cpuAfter));
    if (expected < 0) {
        QVERIFY(!percent);
        return;
    }
    QVERIFY(percent);
    QCOMPARE(*percent, expected);
}

void TestDetails::historyKeepsFiveMinutes()
{
    FakeSource source;
    ResourcesTab tab(&source);
    glassbox::test::testModelsUnder(&tab);
    for (quint64 second = 1; second <= 350; ++second)
        tab.history()->addSample(sampleAt(second, second * 100'000'000ULL, 1 << 20));
    QCOMPARE(tab.history()->rowCount(), StatsHistory::kMaxPoints);
    QCOMPARE(tab.cpuSeries()->count(), StatsHistory::kMaxPoints);
    QCOMPARE(tab.memorySeries()->count(), StatsHistory::kMaxPoints);
    // Newest at the right (x = 0), the oldest 299 s before it; 10 % of a core throughout.
    QCOMPARE(tab.cpuSeries()->at(tab.cpuSeries()->count() - 1).x(), 0.0);
    QCOMPARE(tab.cpuSeries()->at(0).x(), -299.0);
    QCOMPARE(tab.cpuSeries()->at(0).y(), 10.0);
    QCOMPARE(tab.memorySeries()->at(0).y(), 1.0); // MiB
    // The same sample twice (the helper shares samples) adds nothing.
    tab.history()->addSample(sampleAt(350, 35'000'000'000ULL));
    QCOMPARE(tab.history()->rowCount(), StatsHistory::kMaxPoints);
}

// Issue 15: the model tester found the rows' ages (counted from the newest sample) moving
// inside the insertion of a new sample, between rowsAboutToBeInserted and rowsInserted,
// announced by a dataChanged only after it. They move first, with their dataChanged; the new
// row then comes in at age 0 and the charts, drawn on rowsInserted, see every age moved.
void TestDetails::historyAgesMoveOnlyWithDataChanged()
{
    StatsHistory history;
    history.addSample(sampleAt(10, 0));
    history.addSample(sampleAt(11, 0));
    const auto age = [&history](int row) {
        return history.index(row, StatsHistory::AgeColumn).data(Qt::EditRole).toDouble();
    };
    QList<double> agesAnnounced;
    QList<double> agesAtInsert;
    connect(&history, &QAbstractItemModel::dataChanged, this,
            [&](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                QCOMPARE(topLeft, history.index(0, StatsHistory::AgeColumn));
                QCOMPARE(bottomRight, history.index(1, StatsHistory::AgeColumn));
                agesAnnounced = {age(0), age(1)};
            });
    connect(&history, &QAbstractItemModel::rowsAboutToBeInserted, this, [&] {
        QCOMPARE(agesAnnounced, (QList<double>{-3.0, -2.0}));
        agesAtInsert = {age(0), age(1)};
    });
    connect(&history, &QAbstractItemModel::rowsInserted, this, [&] {
        QCOMPARE((QList<double>{age(0), age(1)}), agesAtInsert);
        QCOMPARE(age(2), 0.0);
        QCOMPARE(history.memorySeries().last().x(), 0.0);
    });
    history.addSample(sampleAt(13, 0));
    QCOMPARE(agesAtInsert, (QList<double>{-3.0, -2.0}));
    QCOMPARE(history.rowCount(), 3);
}

void TestDetails::resourcesSampleWhileVisible()
{
    FakeSource source;
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    QCOMPARE(source.statsCalls, 0); // not shown: nothing asked
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *tab = widget.findChild<ResourcesTab *>();
    QVERIFY(tab);
    QVERIFY(tab->isSampling());
    // One sample at show, then one per second; CPU from the second sample on.
    QTRY_COMPARE_WITH_TIMEOUT(tab->memorySeries()->count(), 3, 5000);
    QCOMPARE(tab->cpuSeries()->count(), 2);
    QCOMPARE(tab->cpuSeries()->at(1).y(), 25.0);
    QCOMPARE(tab->cpuSeries()->at(1).x(), 0.0);
    QCOMPARE(tab->cpuSeries()->at(0).x(), -1.0);
}

void TestDetails::resourcesShowPressure()
{
    FakeSource source;
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *tab = widget.findChild<ResourcesTab *>();
    QVERIFY(tab);
    // From the second GetPressure on: the share of each second stalled.
    QTRY_COMPARE_WITH_TIMEOUT(tab->pressureLabel()->text(),
                              QStringLiteral("Stalled waiting (some tasks / all tasks): CPU 25.0 % "
                                             "/ – · memory 0.0 % / 0.0 % · I/O 1.0 % / 0.5 %"),
                              5000);
}

void TestDetails::resourcesWithoutPressure()
{
    FakeSource source;
    source.pressureError = QStringLiteral("no pressure stall information");
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *tab = widget.findChild<ResourcesTab *>();
    QVERIFY(tab);
    QTRY_VERIFY(tab->pressureLabel()->text().contains(QStringLiteral("not available")));
    // Asked once: the charts go on without asking again every second.
    QTRY_VERIFY_WITH_TIMEOUT(source.statsCalls >= 3, 5000);
    QCOMPARE(source.pressureCalls, 1);
}

void TestDetails::memoryLimitLine()
{
    FakeSource source;
    ResourcesTab tab(&source);
    glassbox::test::testModelsUnder(&tab);
    tab.history()->addSample(sampleAt(1, 0, 64ULL << 20, 256ULL << 20));
    tab.history()->addSample(sampleAt(2, 0, 80ULL << 20, 256ULL << 20));
    const QList<QPointF> limit = tab.memoryLimitSeries()->points();
    QCOMPARE(limit.size(), 2);
    QCOMPARE(limit.at(0), QPointF(-StatsHistory::kMaxPoints, 256.0));
    QCOMPARE(limit.at(1), QPointF(0, 256.0));
    QCOMPARE(tab.memorySeries()->at(1).y(), 80.0);
    // Without a limit there is no line.
    tab.history()->addSample(sampleAt(3, 0, 80ULL << 20, 0));
    QCOMPARE(tab.memoryLimitSeries()->count(), 0);
}

void TestDetails::samplingStopsWhenHidden()
{
    FakeSource source;
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *tab = widget.findChild<ResourcesTab *>();
    QTRY_VERIFY(source.statsCalls >= 1);
    QVERIFY(tab->isSampling());
    widget.hide();
    QVERIFY(!tab->isSampling());
    const int calls = source.statsCalls;
    QTest::qWait(1500);
    QCOMPARE(source.statsCalls, calls);
    // Shown again: sampling resumes.
    widget.show();
    QVERIFY(tab->isSampling());
    QTRY_VERIFY(source.statsCalls > calls);
}

void TestDetails::axisTitlesFitTheirPlots_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("the details pane of a 1100x720 window") << QSize(1100, 400);
    QTest::newRow("the details pane of the default window") << QSize(660, 390);
    QTest::newRow("wide and short") << QSize(1000, 300);
    QTest::newRow("narrow and tall") << QSize(460, 760);
}

// Regression: both charts were stacked whatever the pane's shape, so in the window's details
// pane each plot was about 60 px high and QtCharts cut the vertical axis titles to
// "CPU %..." and "Memo...". A title is shown in full when its plot is at least as long.
void TestDetails::axisTitlesFitTheirPlots()
{
    QFETCH(QSize, size);
    FakeSource source;
    ResourcesTab tab(&source);
    glassbox::test::testModelsUnder(&tab);
    tab.resize(size);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    for (QChartView *view : {tab.cpuChart(), tab.memoryChart()}) {
        QChart *chart = view->chart();
        QTRY_VERIFY(chart->plotArea().height() > 0);
        QTest::qWait(50); // the layout settles after the first paint
        const QList<QAbstractAxis *> axes = chart->axes();
        QCOMPARE(axes.size(), 2);
        for (QAbstractAxis *axis : axes) {
            const qreal needed =
                QFontMetricsF(axis->titleFont()).horizontalAdvance(axis->titleText());
            const qreal room = axis->orientation() == Qt::Vertical ? chart->plotArea().height()
                                                                   : chart->plotArea().width();
            QVERIFY2(room >= needed, qPrintable(QStringLiteral("%1: %2 px for %3 px of title")
                                                    .arg(axis->titleText())
                                                    .arg(room)
                                                    .arg(needed)));
        }
    }
}

void TestDetails::memoryTicksReadApart_data()
{
    QTest::addColumn<quint64>("memory");
    QTest::newRow("150 KiB (axis to 0.2 MiB)") << quint64(150) * 1024;
    QTest::newRow("700 KiB (axis to 1 MiB)") << quint64(700) * 1024;
    QTest::newRow("3 MiB (axis to 5 MiB)") << (quint64(3) << 20);
    QTest::newRow("30 MiB (axis to 50 MiB)") << (quint64(30) << 20);
    QTest::newRow("20 KiB (axis to 0.05 MiB)") << quint64(20) * 1024;
}

// Regression: the bench's idle busybox (184 KiB) had a memory axis reading 0.0 0.0 0.1 0.1
// 0.2 0.2: every tick label must differ from the others.
void TestDetails::memoryTicksReadApart()
{
    QFETCH(quint64, memory);
    FakeSource source;
    ResourcesTab tab(&source);
    glassbox::test::testModelsUnder(&tab);
    tab.history()->addSample(sampleAt(1, 0, memory));
    const QList<QAbstractAxis *> vertical =
        tab.memoryChart()->chart()->axes(Qt::Vertical, tab.memorySeries());
    QCOMPARE(vertical.size(), 1);
    auto *axis = qobject_cast<QValueAxis *>(vertical.constFirst());
    QVERIFY(axis);
    QVERIFY(axis->max() * 1024 * 1024 > memory);
    QStringList labels;
    for (int tick = 0; tick < axis->tickCount(); ++tick) {
        const double value =
            axis->min() + (axis->max() - axis->min()) * tick / (axis->tickCount() - 1);
        const QString label = QString::asprintf(axis->labelFormat().toLatin1().constData(), value);
        QVERIFY2(!labels.contains(label),
                 qPrintable(labels.join(QLatin1Char(' ')) + QLatin1Char(' ') + label));
        labels.append(label);
    }
}

namespace {

QValueAxis *memoryAxisOf(ResourcesTab &tab)
{
    const QList<QAbstractAxis *> vertical =
        tab.memoryChart()->chart()->axes(Qt::Vertical, tab.memorySeries());
    return vertical.size() == 1 ? qobject_cast<QValueAxis *>(vertical.constFirst()) : nullptr;
}

} // namespace

void TestDetails::memoryAxisFollowsTheData_data()
{
    QTest::addColumn<quint64>("memory");
    QTest::addColumn<quint64>("limit");
    QTest::addColumn<double>("lowestTop"); // MiB
    QTest::addColumn<double>("highestTop");
    QTest::addColumn<bool>("limitOnScale");
    QTest::newRow("5 MiB, no limit") << (quint64(5) << 20) << quint64(0) << 5.5 << 10.0 << false;
    QTest::newRow("5 MiB under 1 GiB")
        << (quint64(5) << 20) << (quint64(1) << 30) << 5.5 << 10.0 << false;
    QTest::newRow("200 MiB under 256 MiB")
        << (quint64(200) << 20) << (quint64(256) << 20) << 256.0 << 500.0 << true;
    QTest::newRow("30 MiB under 64 MiB")
        << (quint64(30) << 20) << (quint64(64) << 20) << 64.0 << 100.0 << true;
    QTest::newRow("300 KiB") << quint64(300) * 1024 << quint64(0) << 0.3 << 0.5 << false;
}

// Issue 14: a scale fixed to the limit (or to 0-100 MiB) drew a few MiB as a flat line on
// the floor. The axis now follows the data with some headroom, in round steps, and takes
// the limit line in when it is within reach.
void TestDetails::memoryAxisFollowsTheData()
{
    QFETCH(quint64, memory);
    QFETCH(quint64, limit);
    QFETCH(double, lowestTop);
    QFETCH(double, highestTop);
    QFETCH(bool, limitOnScale);
    FakeSource source;
    ResourcesTab tab(&source);
    glassbox::test::testModelsUnder(&tab);
    tab.history()->addSample(sampleAt(1, 0, memory, limit));
    QValueAxis *axis = memoryAxisOf(tab);
    QVERIFY(axis);
    QVERIFY2(axis->max() >= lowestTop && axis->max() <= highestTop,
             qPrintable(QString::number(axis->max())));
    QCOMPARE(axis->min(), 0.0);
    // At least 10 % above the data.
    QVERIFY(axis->max() >= 1.1 * double(memory) / (1 << 20) - 1e-9);
    QCOMPARE(limitOnScale, limit > 0 && axis->max() >= double(limit) / (1 << 20));
    // Round steps: 1, 2 or 5 times a power of ten.
    const double step = (axis->max() - axis->min()) / (axis->tickCount() - 1);
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    QVERIFY2(qFuzzyCompare(mantissa, 1.0) || qFuzzyCompare(mantissa, 2.0) ||
                 qFuzzyCompare(mantissa, 5.0),
             qPrintable(QString::number(step)));
}

// Issue 14: a container that wrote 30 MB of files showed 48 % of its 64 MiB limit where
// docker stats shows 1.6 %: the page cache was counted as use. The figure is usage less the
// inactive file cache, with the cache named beside it.
void TestDetails::memoryLeavesOutTheFileCache()
{
    FakeSource source;
    ResourcesTab tab(&source);
    glassbox::test::testModelsUnder(&tab);
    tab.history()->addSample(
        sampleAt(1, 0, quint64(31) << 20, quint64(64) << 20, quint64(30) << 20));
    QCOMPARE(tab.history()->latest()->memoryBytes, quint64(1) << 20);
    QCOMPARE(tab.memorySeries()->at(0).y(), 1.0);
    const QString summary = tab.summaryLabel()->text();
    QVERIFY2(
        summary.contains(QLocale().formattedDataSize(qint64(1) << 20) + QStringLiteral(" in use")),
        qPrintable(summary));
    QVERIFY2(summary.contains(QLocale().formattedDataSize(qint64(30) << 20)), qPrintable(summary));
    QVERIFY(tab.summaryLabel()->toolTip().contains(QStringLiteral("inactive_file")));
    // The axis is for 1 MiB of use, not the 31 MiB the cgroup holds with its cache.
    QVERIFY(memoryAxisOf(tab)->max() <= 2);
}

// Issue 14: after a Restart the PSI line said "not available (the container is not
// running)" until another container was selected: the answer given between the stop and
// the start was kept for good.
void TestDetails::pressureShownAgainAfterRestart()
{
    FakeSource source;
    source.pressureError = QStringLiteral("the container is not running");
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *tab = widget.findChild<ResourcesTab *>();
    QVERIFY(tab);
    QTRY_VERIFY(tab->pressureLabel()->text().contains(QStringLiteral("not running")));
    // Running again: the state change reloads the tabs.
    source.pressureError.clear();
    Q_EMIT source.containerChanged(kId, {{QStringLiteral("State"), QStringLiteral("running")}});
    QTRY_VERIFY_WITH_TIMEOUT(
        tab->pressureLabel()->text().startsWith(QStringLiteral("Stalled waiting")), 5000);
}

// Issue 14: with the helper hung, the tab kept showing the last figures as current. After
// kStaleAfterMs without an answer they are greyed and the age is said as it is.
void TestDetails::figuresMarkedStaleWhileTheHelperIsSilent()
{
    FakeSource source;
    source.stats.memoryBytes = 4 << 20;
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *tab = widget.findChild<ResourcesTab *>();
    QVERIFY(tab);
    QTRY_VERIFY_WITH_TIMEOUT(tab->memorySeries()->count() >= 2, 5000);
    QVERIFY(!tab->isStale());
    QVERIFY(tab->summaryLabel()->isEnabled());
    QCOMPARE(tab->ageLabel()->text(), QStringLiteral("Last sample 0 s ago"));

    source.hang = true;
    QTRY_VERIFY_WITH_TIMEOUT(tab->isStale(), ResourcesTab::kStaleAfterMs + 3000);
    const QString age = tab->ageLabel()->text();
    QVERIFY2(age.endsWith(QStringLiteral(" s ago — the helper is not answering")), qPrintable(age));
    QVERIFY2(!age.startsWith(QStringLiteral("Last sample 0 ")) &&
                 !age.startsWith(QStringLiteral("Last sample 1 ")) &&
                 !age.startsWith(QStringLiteral("Last sample 2 ")),
             qPrintable(age));
    QVERIFY(!tab->summaryLabel()->isEnabled());
    QVERIFY(!tab->processesLabel()->isEnabled());
    QVERIFY(!tab->pressureLabel()->isEnabled());
}

void TestDetails::figuresMarkedStaleWhenStatsFail()
{
    FakeSource source;
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *tab = widget.findChild<ResourcesTab *>();
    QTRY_VERIFY_WITH_TIMEOUT(tab->memorySeries()->count() >= 1, 5000);
    source.error = QStringLiteral("The Glassbox helper is not reachable: no reply");
    QTRY_VERIFY_WITH_TIMEOUT(tab->isStale(), 3000);
    QVERIFY(tab->ageLabel()->text().contains(QStringLiteral("could not give a new one")));
    QVERIFY(!tab->summaryLabel()->isEnabled());
    // Answering again: current again.
    source.error.clear();
    QTRY_VERIFY_WITH_TIMEOUT(!tab->isStale(), 3000);
    QVERIFY(tab->summaryLabel()->isEnabled());
}

// Issue 14: the Resources headline said 840 KiB where the list said 752 KiB, two samples a
// fraction of a second apart. The list's samples reach the tab (the newer one wins) and
// the tab's reach the list.
void TestDetails::listAndTabShowOneSample()
{
    FakeSource source;
    source.stats.memoryBytes = 752 << 10;
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    QSignalSpy sampled(&widget, &ContainerDetailsWidget::statsSampled);
    widget.setContainer(kId);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *tab = widget.findChild<ResourcesTab *>();
    QTRY_VERIFY_WITH_TIMEOUT(!sampled.isEmpty(), 3000);
    const auto fromTab = sampled.last().at(0).value<GbStatsList>();
    QCOMPARE(fromTab.size(), 1);
    QCOMPARE(fromTab.at(0).memoryBytes, quint64(752) << 10);
    QTRY_VERIFY(tab->summaryLabel()->text().contains(QLocale().formattedDataSize(752 << 10)));

    // A newer sample taken for the list: the headline shows it at once.
    StatsSample newer = sampleAt(1000, 0, 840 << 10);
    widget.applyStats({newer});
    QVERIFY2(tab->summaryLabel()->text().contains(QLocale().formattedDataSize(840 << 10)),
             qPrintable(tab->summaryLabel()->text()));
    // An older one (or another container's) changes nothing.
    widget.applyStats({sampleAt(999, 0, 100 << 10)});
    StatsSample other = sampleAt(1001, 0, 100 << 10);
    other.id = QStringLiteral("ffffffffffffffffffff");
    widget.applyStats({other});
    QVERIFY(tab->summaryLabel()->text().contains(QLocale().formattedDataSize(840 << 10)));
}

// Issue 14: "Processes: 3" (pids.current, which counts exited children nobody reaped)
// where the Processes tab listed 1.
void TestDetails::processesAgreeWithTheProcessesTab()
{
    FakeSource source;
    source.stats.pids = 3;
    source.stats.pidsLimit = 64;
    source.processes = {{4242, 1, QStringLiteral("root"), QStringLiteral("sleep 600")}};
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *tab = widget.findChild<ResourcesTab *>();
    QTRY_VERIFY_WITH_TIMEOUT(
        tab->processesLabel()->text().startsWith(QStringLiteral("Processes: 1;")), 3000);
    const QString text = tab->processesLabel()->text();
    QVERIFY2(text.contains(QStringLiteral("3 of at most 64")) &&
                 text.contains(QStringLiteral("not yet reaped")),
             qPrintable(text));
    // Agreeing figures read as before.
    source.stats.pids = 1;
    QTRY_COMPARE_WITH_TIMEOUT(tab->processesLabel()->text(),
                              QStringLiteral("Processes: 1 of at most 64; OOM kills: 0"), 3000);
}

// Issue 14: Ctrl+F in the Logs tab did nothing: the window's Find (to the containers
// filter) and the tab's search shortcut were ambiguous, so Qt fired neither.
void TestDetails::ctrlFInLogsFocusesTheSearch()
{
    FakeSource source;
    source.logs = QStringLiteral("one\ntwo\n");
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *filter = new QLineEdit(&window);
    layout->addWidget(filter);
    auto *details = new ContainerDetailsWidget(&source, &window);
    layout->addWidget(details);
    // As MainWindow's Find: a window-wide Ctrl+F to the list's filter.
    int windowFinds = 0;
    auto *find = new QAction(&window);
    find->setShortcut(QKeySequence::Find);
    QObject::connect(find, &QAction::triggered, &window, [&] {
        ++windowFinds;
        filter->setFocus();
    });
    window.addAction(find);
    details->setContainer(kId);
    auto *tab = details->findChild<LogsTab *>();
    details->tabs()->setCurrentWidget(tab);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTRY_COMPARE(tab->text()->toPlainText(), source.logs);

    tab->text()->setFocus();
    QTRY_VERIFY(tab->text()->hasFocus());
    QTest::keySequence(tab->text(), QKeySequence::Find);
    QVERIFY(tab->searchField()->hasFocus());
    QCOMPARE(windowFinds, 0);

    // Outside the Logs tab, Ctrl+F is the window's.
    filter->setFocus();
    QTRY_VERIFY(filter->hasFocus());
    QTest::keySequence(filter, QKeySequence::Find);
    QCOMPARE(windowFinds, 1);
}

namespace {

glassbox::client::NamespaceInfo ns(const char *type, quint64 inode, quint64 host, quint32 processes)
{
    return {QLatin1String(type), inode, host, inode == host, processes};
}

// Shows `widget` with the tab of type T current; returns the tab.
template <typename T> T *showTab(ContainerDetailsWidget &widget)
{
    auto *tab = widget.findChild<T *>();
    widget.tabs()->setCurrentWidget(tab);
    widget.show();
    return tab;
}

} // namespace

void TestDetails::namespacesShowGivenInodes()
{
    FakeSource source;
    source.namespaces = {
        ns("cgroup", 4026532001, 4026531835, 1), ns("ipc", 4026532002, 4026531839, 1),
        ns("mnt", 4026532003, 4026531841, 1),    ns("net", 4026531840, 4026531840, 97),
        ns("pid", 4026532005, 4026531836, 1),    ns("time", 4026531834, 4026531834, 98),
        ns("user", 4026531837, 4026531837, 98),  ns("uts", 4026532006, 4026531838, 1)};
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<NamespacesTab>(widget);
    NamespaceModel *model = tab->model();
    QTRY_COMPARE(model->rowCount(), 8);
    const QAbstractItemModel *shown = tab->view()->model();
    for (int row = 0; row < 8; ++row) {
        const auto &expected = source.namespaces.at(row);
        auto cell = [&](int column) {
            return shown->index(row, column);
        };
        QCOMPARE(cell(NamespaceModel::TypeColumn).data().toString(), expected.type);
        QCOMPARE(cell(NamespaceModel::InodeColumn).data().toString(),
                 QString::number(expected.inode));
        QCOMPARE(cell(NamespaceModel::HostInodeColumn).data().toString(),
                 QString::number(expected.hostInode));
        QCOMPARE(cell(NamespaceModel::ProcessesColumn).data().toUInt(), expected.processes);
        // Shared rows, and only they, are highlighted and explained.
        QCOMPARE(cell(NamespaceModel::InodeColumn).data(Qt::BackgroundRole).isValid(),
                 expected.shared);
        QCOMPARE(cell(NamespaceModel::MeaningColumn).data().toString(),
                 expected.shared ? NamespaceModel::sharingMeaning(expected.type)
                                 : NamespaceModel::tr("Isolated from the host."));
    }
    QVERIFY(tab->summary().contains(QStringLiteral("net, time, user")));
}

void TestDetails::layersBottomToTop()
{
    FakeSource source;
    for (int i = 0; i < 3; ++i)
        source.layers.append({QStringLiteral("sha256:%1").arg(i, 64, 10, QLatin1Char('0')),
                              QStringLiteral("sha256:diff%1").arg(i), quint64(1000 * (i + 1)),
                              quint64(i), QStringLiteral("RUN step %1").arg(i), quint32(i), 0});
    source.layers.append({QString(), QStringLiteral("container"), 42, 1,
                          QStringLiteral("container %1 (writable)").arg(kId), 1, 0});
    source.paths = {{QStringLiteral("LowerDir"), QStringLiteral("/l/a:/l/b:/l/c")},
                    {QStringLiteral("UpperDir"), QStringLiteral("/c/diff")},
                    {QStringLiteral("WorkDir"), QStringLiteral("/c/work")},
                    {QStringLiteral("MergedDir"), QStringLiteral("/c/merged")}};
    source.changes = {{QStringLiteral("A"), QStringLiteral("/new"), false, 10},
                      {QStringLiteral("C"), QStringLiteral("/etc/passwd"), true, 2048},
                      {QStringLiteral("D"), QStringLiteral("/gone"), false, 0}};
    source.inspectJson = QStringLiteral(R"({"Image": "sha256:abcd"})");
    source.efficiency = 0.5;
    source.wasted = 4096;
    ContainerDetailsWidget widget(&source);
    // 6 models (the Resources and Network tabs' histories among them), 3 sorting proxies
    QCOMPARE(glassbox::test::testModelsUnder(&widget), 9);
    widget.setContainer(kId);
    auto *tab = showTab<LayersTab>(widget);
    LayerModel *model = tab->layerModel();
    QTRY_COMPARE(model->rowCount(), 4);
    // Drawn as a stack: the writable layer on top (row 0), the base layer at the bottom.
    QVERIFY(model->isWritableRow(0));
    QCOMPARE(model->index(0, LayerModel::PositionColumn).data().toString(),
             LayerModel::tr("writable"));
    for (int i = 0; i < 3; ++i) {
        const int row = 3 - i;
        QCOMPARE(model->layerAtRow(row).createdBy, QStringLiteral("RUN step %1").arg(i));
        QCOMPARE(model->index(row, LayerModel::CreatedByColumn).data().toString(),
                 QStringLiteral("RUN step %1").arg(i));
    }
    QVERIFY(model->index(3, LayerModel::PositionColumn).data().toString().startsWith(u'1'));
    QCOMPARE(tab->pathText(QStringLiteral("UpperDir")), QStringLiteral("/c/diff"));
    QCOMPARE(tab->pathText(QStringLiteral("LowerDir")), QStringLiteral("/l/a:/l/b:/l/c"));
    // Longer than their fields: the whole path on hover, one lower dir a line.
    bool lowerShown = false;
    const QList<QLineEdit *> edits = tab->findChildren<QLineEdit *>();
    for (const QLineEdit *edit : edits)
        if (edit->text() == QStringLiteral("/l/a:/l/b:/l/c")) {
            QCOMPARE(edit->toolTip(), QStringLiteral("/l/a\n/l/b\n/l/c"));
            lowerShown = true;
        }
    QVERIFY(lowerShown);
    QTRY_VERIFY(tab->diffSummary().startsWith(QStringLiteral("1 added, 1 changed, 1 deleted")));
    QVERIFY(tab->diffSummary().contains(QLocale().formattedDataSize(2048)));
    QTRY_VERIFY(tab->efficiencyText().contains(QLocale().toString(50.0, 'f', 1)));
}

// What a running container writes after the tab was first shown appears when the tab is
// shown again, and while it stays in view; the layer stack is not fetched again.
void TestDetails::layersDiffFollowsTheContainer()
{
    FakeSource source;
    source.layers.append({QString(), QStringLiteral("container"), 42, 1,
                          QStringLiteral("container %1 (writable)").arg(kId), 1, 0});
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<LayersTab>(widget);
    QTRY_COMPARE(tab->layerModel()->rowCount(), 1);
    QTRY_VERIFY(!tab->diffSummary().isEmpty());
    QCOMPARE(tab->changeModel()->rowCount(), 0);
    QVERIFY(tab->isSampling());

    // Written while another tab is in front: there when the Layers tab comes back.
    widget.tabs()->setCurrentIndex(0);
    QVERIFY(!tab->isSampling());
    source.changes = {{QStringLiteral("A"), QStringLiteral("/var/www"), true, 0}};
    source.layers.clear(); // a second GetLayers would empty the stack
    widget.tabs()->setCurrentWidget(tab);
    QTRY_COMPARE(tab->changeModel()->rowCount(), 1);
    QCOMPARE(tab->layerModel()->rowCount(), 1);

    // Written while it is in view: there within the interval.
    source.changes.append({QStringLiteral("A"), QStringLiteral("/var/www/index.html"), false, 6});
    QTRY_COMPARE_WITH_TIMEOUT(tab->changeModel()->rowCount(), 2, LayersTab::kDiffIntervalMs * 2);
    QVERIFY(tab->diffSummary().startsWith(QStringLiteral("2 added")));
}

void TestDetails::processesRefreshWhileVisible()
{
    FakeSource source;
    source.processes = {{4242, 1, QStringLiteral("root"), QStringLiteral("sh -c sleep 1000")},
                        {4250, 7, QStringLiteral("root"), QStringLiteral("sleep 1000")}};
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<ProcessesTab>(widget);
    QTRY_COMPARE(tab->model()->rowCount(), 2);
    QCOMPARE(tab->model()->index(1, ProcessModel::PidColumn).data().toUInt(), 7u);
    QCOMPARE(tab->model()->index(1, ProcessModel::HostPidColumn).data().toUInt(), 4250u);
    QVERIFY(tab->isSampling());
    source.processes.removeFirst();
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->rowCount(), 1, 5000);
    // Another tab shown: no more refreshes.
    widget.tabs()->setCurrentIndex(0);
    QVERIFY(!tab->isSampling());
}

void TestDetails::helperErrorShownInTab()
{
    FakeSource source;
    source.error = QStringLiteral("Not authorized: org.glassbox.view");
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<NamespacesTab>(widget);
    QTRY_COMPARE(tab->errorText(), source.error);
    // The next container starts clean.
    source.error.clear();
    widget.setContainer(QStringLiteral("fedcba9876543210"));
    QCOMPARE(tab->errorText(), QString());
}

void TestDetails::logsSearchFindsText()
{
    FakeSource source;
    source.logs = QStringLiteral("starting\nneedle one\nsomething else\nneedle two\ndone\n");
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<LogsTab>(widget);
    QTRY_COMPARE(tab->text()->toPlainText(), source.logs);
    tab->searchField()->setText(QStringLiteral("needle"));
    QCOMPARE(tab->matchCount(), 2);
    QVERIFY(tab->findNext());
    QCOMPARE(tab->text()->textCursor().selectedText(), QStringLiteral("needle"));
    QCOMPARE(tab->text()->textCursor().blockNumber(), 1);
    QVERIFY(tab->findNext());
    QCOMPARE(tab->text()->textCursor().blockNumber(), 3);
    QVERIFY(tab->findNext()); // wraps around
    QCOMPARE(tab->text()->textCursor().blockNumber(), 1);
    QVERIFY(tab->findNext(true)); // backwards, wrapping to the end
    QCOMPARE(tab->text()->textCursor().blockNumber(), 3);
    tab->searchField()->setText(QStringLiteral("absent"));
    QCOMPARE(tab->matchCount(), 0);
    QVERIFY(!tab->findNext());
    // Polling GetLogs appends what is new.
    source.logs += QStringLiteral("later line\n");
    QTRY_VERIFY_WITH_TIMEOUT(tab->text()->toPlainText().endsWith(QStringLiteral("later line\n")),
                             4000);
    QCOMPARE(tab->text()->toPlainText().count(QStringLiteral("starting")), 1);
}

void TestDetails::logsStreamsAndTimes()
{
    FakeSource source;
    source.logs = QStringLiteral("2026-11-29T05:01:02.100000000Z stdout F out one\n"
                                 "2026-11-29T05:01:02.200000000Z stderr F err one\n"
                                 "2026-11-29T05:01:02.300000000Z stdout P out \n"
                                 "2026-11-29T05:01:02.400000000Z stdout F two\n");
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<LogsTab>(widget);
    const auto shown = [tab] {
        return tab->text()->toPlainText();
    };
    QTRY_COMPARE(shown(), QStringLiteral("out one\nerr one\nout two\n"));
    // Standard error stands out by its colour.
    const auto colourOf = [tab](int line) {
        const QTextBlock block = tab->text()->document()->findBlockByNumber(line);
        return block.begin().fragment().charFormat().foreground().color();
    };
    QVERIFY(colourOf(1) != colourOf(0));
    QCOMPARE(colourOf(2), colourOf(0));

    tab->streamFilter()->setCurrentIndex(2);
    QCOMPARE(shown(), QStringLiteral("err one\n"));
    tab->streamFilter()->setCurrentIndex(1);
    QCOMPARE(shown(), QStringLiteral("out one\nout two\n"));
    tab->streamFilter()->setCurrentIndex(0);

    // Times in local time, once per line (a line written in pieces has the first's).
    tab->timestampsBox()->setChecked(true);
    const auto local = [](const char *utc) {
        return QDateTime::fromString(QString::fromLatin1(utc), Qt::ISODateWithMs)
            .toLocalTime()
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    };
    QCOMPARE(shown(), local("2026-11-29T05:01:02.100Z") + QStringLiteral("  out one\n") +
                          local("2026-11-29T05:01:02.200Z") + QStringLiteral("  err one\n") +
                          local("2026-11-29T05:01:02.300Z") + QStringLiteral("  out two\n"));
}

void TestDetails::logsFollowDescriptor()
{
    QTemporaryFile log;
    QVERIFY(log.open());
    log.write("first line\n");
    log.flush();
    QFile reader(log.fileName());
    QVERIFY(reader.open(QIODevice::ReadOnly));
    FakeSource source;
    source.logFile = &reader;
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<LogsTab>(widget);
    QTRY_COMPARE(tab->text()->toPlainText(), QStringLiteral("first line\n"));
    QVERIFY(tab->isFollowing());
    log.write("second line\n");
    log.flush();
    QTRY_COMPARE_WITH_TIMEOUT(tab->text()->toPlainText(),
                              QStringLiteral("first line\nsecond line\n"), 4000);
    // The shim rotates by copying the log aside and truncating it: the tab starts over at
    // the top of the same file.
    QVERIFY(log.resize(0));
    log.seek(0);
    log.write("after rotation\n");
    log.flush();
    QTRY_COMPARE_WITH_TIMEOUT(tab->text()->toPlainText(),
                              QStringLiteral("first line\nsecond line\nafter rotation\n"), 4000);
    widget.tabs()->setCurrentIndex(0);
    QVERIFY(!tab->isFollowing());
}

// Issue 14: a start, stop or restart reloads the tabs; the Logs tab read the log's tail
// again and appended it to what it showed, so every line appeared once more.
void TestDetails::logsReloadShowsEachLineOnce()
{
    QTemporaryFile log;
    QVERIFY(log.open());
    log.write("first run\n");
    log.flush();
    FakeSource source;
    source.logPath = log.fileName();
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<LogsTab>(widget);
    QTRY_COMPARE(tab->text()->toPlainText(), QStringLiteral("first run\n"));
    log.write("second run\n");
    log.flush();
    // The helper's PropertiesChanged for a restart: stopped, then running again.
    Q_EMIT source.containerChanged(kId, {{QStringLiteral("State"), QStringLiteral("stopped")}});
    QTest::qWait(50);
    Q_EMIT source.containerChanged(kId, {{QStringLiteral("State"), QStringLiteral("running")}});
    QTRY_COMPARE_WITH_TIMEOUT(tab->text()->toPlainText(), QStringLiteral("first run\nsecond run\n"),
                              4000);
    QTest::qWait(LogsTab::kIntervalMs + 200); // a poll of the new descriptor adds nothing
    QCOMPARE(tab->text()->toPlainText(), QStringLiteral("first run\nsecond run\n"));
}

// The helper's analysis (tests/core/test_security_report.cpp) in the tab's sentences.
void TestDetails::securityWarnsPrivilegedHostRoot()
{
    FakeSource source;
    source.securityJson = QStringLiteral(R"({"capabilities": ["CAP_CHOWN", "CAP_SYS_ADMIN"],
        "extraCapabilities": ["CAP_SYS_ADMIN"], "seccomp": "unconfined", "blockedSyscalls": 0,
        "nativeSyscalls": 373, "uidMappings": [], "noNewPrivileges": false,
        "maskedPaths": ["/proc/kcore"],
        "bindMounts": [{"source": "/srv", "destination": "/data", "readOnly": false}],
        "sharedNamespaces": ["net"], "warnings": ["host-root", "extra-capabilities",
        "seccomp-unconfined", "bind-mounts", "shared-namespaces"]})");
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<SecurityTab>(widget);
    QTRY_COMPARE(tab->warnings().size(), 5);
    const QStringList warnings = tab->warnings();
    QVERIFY(warnings.at(0).startsWith(QStringLiteral("Runs as root on the host")));
    QVERIFY(warnings.at(1).contains(QStringLiteral("CAP_SYS_ADMIN")));
    QVERIFY(warnings.at(2).contains(QStringLiteral("seccomp is unconfined")));
    QVERIFY(warnings.at(3).contains(QStringLiteral("/srv on /data")));
    QCOMPARE(warnings.at(4),
             glassbox::client::SecurityText::tr("Shares namespaces with the host: %1.")
                 .arg(QStringLiteral("net")));
    QVERIFY(tab->warningText().contains(QStringLiteral("Runs as root on the host")));
    const SecurityTab::Shown &shown = tab->report();
    QCOMPARE(shown.capabilities, QStringLiteral("CAP_CHOWN, CAP_SYS_ADMIN"));
    QVERIFY(shown.seccomp.startsWith(QStringLiteral("unconfined")));
    QVERIFY(shown.noNewPrivileges.startsWith(QStringLiteral("not set")));
    QCOMPARE(shown.maskedPaths, QStringList{QStringLiteral("/proc/kcore")});
}

void TestDetails::securityQuietForConfinedContainer()
{
    FakeSource source;
    source.securityJson = QStringLiteral(R"({"capabilities": ["CAP_KILL"],
        "extraCapabilities": [], "seccomp": "default", "blockedSyscalls": 60,
        "nativeSyscalls": 373,
        "uidMappings": [{"containerID": 0, "hostID": 1000000, "size": 65536}],
        "noNewPrivileges": true, "maskedPaths": ["/proc/kcore", "/sys/firmware"],
        "bindMounts": [], "sharedNamespaces": [], "warnings": []})");
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<SecurityTab>(widget);
    QTRY_VERIFY(!tab->report().seccomp.isEmpty());
    QVERIFY(tab->warnings().isEmpty());
    QVERIFY(tab->warningText().isEmpty());
    const SecurityTab::Shown &shown = tab->report();
    QCOMPARE(
        shown.seccomp,
        QStringLiteral("Docker's default profile; blocks 60 of this machine's 373 system calls"));
    QCOMPARE(shown.userMapping, QStringLiteral("container uid 0 = host uid 1000000 (65536 ids)"));
    QVERIFY(shown.noNewPrivileges.startsWith(QStringLiteral("set:")));
    QCOMPARE(shown.maskedPaths.size(), 2);
    // The helper's refusal is shown instead, and no figure of the last container stays.
    source.error = QStringLiteral("not allowed");
    widget.setContainer(QString());
    widget.setContainer(kId);
    QTRY_COMPARE(tab->errorText(), QStringLiteral("not allowed"));
    QVERIFY(tab->report().seccomp.isEmpty());
    QVERIFY(tab->warningText().isEmpty());
}

void TestDetails::inspectPrettyPrinted()
{
    FakeSource source;
    source.inspectJson =
        QStringLiteral(R"({"Env":[],"Id":"abc","Labels":{},"State":{"Pid":7,"Text":"[\n]"}})");
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<InspectTab>(widget);
    QTRY_VERIFY(!tab->json().isEmpty());
    QVERIFY(tab->json().contains(QStringLiteral("\n    \"State\": {\n")));
    // Empty arrays and objects on one line, as people write them.
    QVERIFY(tab->json().contains(QStringLiteral("\n    \"Env\": [],\n")));
    QVERIFY(tab->json().contains(QStringLiteral("\n    \"Labels\": {},\n")));
    QCOMPARE(QJsonDocument::fromJson(tab->json().toUtf8()),
             QJsonDocument::fromJson(source.inspectJson.toUtf8()));
}

// Regression: the Layers tab stacked its three sections (435 px at least), which made the
// details pane that tall and left the window's containers list one row at the default size
// on an 800 px screen. The pane must fit in 360 px (720 px of window less the toolbar,
// tabs, filter and four rows).
void TestDetails::paneLeavesRoomForTheList()
{
    FakeSource source;
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    for (int i = 0; i < widget.tabs()->count(); ++i)
        QVERIFY2(widget.tabs()->widget(i)->minimumSizeHint().height() <= 330,
                 qPrintable(widget.tabs()->widget(i)->objectName()));
    QVERIFY(widget.minimumSizeHint().height() <= 360);
}

// --- Network (issue 16) --------------------------------------------------------------------

namespace {

// GetNetwork of a container on the default network publishing 18080->80/tcp, as the helper
// answers it (the "inside" and "forwards" members included).
const QString kNetworkJson = QStringLiteral(R"({
  "containerId": "0123456789abcdef0123", "name": "web", "hostname": "0123456789ab",
  "network": "glassbox", "netnsPath": "/run/glassbox/networks/netns/0123456789abcdef0123",
  "interface": "eth0", "address": "10.87.0.2/24", "gateway": "10.87.0.1",
  "macAddress": "f2:44:0d:e4:dd:73", "hostVeth": "veth0", "dnsServers": ["10.87.0.1"],
  "ports": [{"hostIp": "", "hostPort": 18080, "containerPort": 80, "protocol": "tcp"}],
  "bridge": "glassbox0", "subnet": "10.87.0.0/24", "internal": false, "dns": true,
  "inside": {
    "interfaces": [
      {"name": "eth0", "index": 2, "mac": "f2:44:0d:e4:dd:73", "mtu": 1500, "up": true,
       "addresses": ["10.87.0.2/24", "fe80::f044:dff:fee4:dd73/64"],
       "rxBytes": 123, "txBytes": 456},
      {"name": "lo", "index": 1, "mac": "00:00:00:00:00:00", "mtu": 65536, "up": true,
       "addresses": ["127.0.0.1/8", "::1/128"], "rxBytes": 0, "txBytes": 0}],
    "routes": [
      {"destination": "0.0.0.0/0", "gateway": "10.87.0.1", "interface": "eth0"},
      {"destination": "10.87.0.0/24", "gateway": "", "interface": "eth0"}]},
  "forwards": [{"port": "18080/tcp", "rule": "-A NETAVARK-DN-1D8721804F16F -p tcp -m tcp --dport 18080 -j DNAT --to-destination 10.87.0.2:80"}]
})");

QVariantMap containerProperties(const QString &state, const QString &network)
{
    return {{QStringLiteral("State"), state}, {QStringLiteral("Network"), network}};
}

// The row of `view` whose column `column` reads `text`; nullptr when none does.
QTreeWidgetItem *rowWith(const QTreeWidget *view, int column, const QString &text)
{
    for (int row = 0; row < view->topLevelItemCount(); ++row)
        if (view->topLevelItem(row)->text(column) == text)
            return view->topLevelItem(row);
    return nullptr;
}

} // namespace

void TestDetails::networkRate_data()
{
    QTest::addColumn<quint64>("before");
    QTest::addColumn<quint64>("after");
    QTest::addColumn<quint64>("nsApart");
    QTest::addColumn<double>("expected"); // -1: cannot be computed
    QTest::newRow("idle") << 500ULL << 500ULL << 1'000'000'000ULL << 0.0;
    QTest::newRow("2 KiB in a second") << 0ULL << 2048ULL << 1'000'000'000ULL << 2048.0;
    QTest::newRow("3 KiB in half a second") << 1024ULL << 4096ULL << 500'000'000ULL << 6144.0;
    QTest::newRow("same time") << 0ULL << 10ULL << 0ULL << -1.0;
    QTest::newRow("counter reset (restart, new namespace)")
        << 9000ULL << 10ULL << 1'000'000'000ULL << -1.0;
}

void TestDetails::networkRate()
{
    QFETCH(quint64, before);
    QFETCH(quint64, after);
    QFETCH(quint64, nsApart);
    QFETCH(double, expected);
    const quint64 start = 7'000'000'000ULL;
    const auto rate = StatsHistory::perSecond(before, after, start, start + nsApart);
    QCOMPARE(rate.value_or(-1), expected);
}

// The issue's Network tab: the namespace's inode next to the host's, eth0's address from
// inside, the veth's host end on the bridge, the routes, the DNS server, and the published
// port with the rule that forwards it.
void TestDetails::networkShowsTheWall()
{
    FakeSource source;
    source.properties = containerProperties(QStringLiteral("running"), QStringLiteral("glassbox"));
    source.networkJson = kNetworkJson;
    source.namespaces = {ns("mnt", 4026532299, 4026531841, 1),
                         ns("net", 4026532300, 4026531840, 1)};
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<NetworkTab>(widget);
    QVERIFY(tab);
    QCOMPARE(tab->objectName(), QStringLiteral("networkTab"));
    QVERIFY(widget.setCurrentTab(QStringLiteral("network")));

    QTRY_COMPARE(tab->namespaceText(),
                 QStringLiteral("net:[4026532300] (the host's: net:[4026531840])"));
    QCOMPARE(tab->notice(), QString());
    QCOMPARE(tab->errorText(), QString());
    QCOMPARE(tab->networkText(), QStringLiteral("glassbox: subnet 10.87.0.0/24, NAT to the "
                                                "outside, DNS by container name"));
    QCOMPARE(tab->addressText(), QStringLiteral("10.87.0.2/24 on eth0, gateway 10.87.0.1"));
    QCOMPARE(tab->vethText(), QStringLiteral("eth0 inside ↔ veth0 on the host, on the bridge "
                                             "glassbox0"));
    QCOMPARE(tab->dnsText(), QStringLiteral("10.87.0.1"));

    // Interfaces as seen from inside: eth0 with its addresses, and lo.
    QCOMPARE(tab->interfacesView()->topLevelItemCount(), 2);
    const QTreeWidgetItem *eth0 =
        rowWith(tab->interfacesView(), NetworkTab::InterfaceNameColumn, QStringLiteral("eth0"));
    QVERIFY(eth0);
    QCOMPARE(eth0->text(NetworkTab::InterfaceAddressesColumn),
             QStringLiteral("10.87.0.2/24, fe80::f044:dff:fee4:dd73/64"));
    QCOMPARE(eth0->text(NetworkTab::InterfaceStateColumn), QStringLiteral("up"));
    QCOMPARE(eth0->text(NetworkTab::InterfaceMacColumn), QStringLiteral("f2:44:0d:e4:dd:73"));
    QCOMPARE(eth0->text(NetworkTab::InterfaceMtuColumn), QLocale().toString(1500));
    QCOMPARE(eth0->text(NetworkTab::InterfaceReceivedColumn), QLocale().formattedDataSize(123));
    QVERIFY(rowWith(tab->interfacesView(), NetworkTab::InterfaceNameColumn, QStringLiteral("lo")));

    // The default route through the bridge's address, and the subnet on the link.
    const QTreeWidgetItem *route = rowWith(tab->routesView(), NetworkTab::RouteDestinationColumn,
                                           QStringLiteral("default (0.0.0.0/0)"));
    QVERIFY(route);
    QCOMPARE(route->text(NetworkTab::RouteGatewayColumn), QStringLiteral("10.87.0.1"));
    QCOMPARE(route->text(NetworkTab::RouteInterfaceColumn), QStringLiteral("eth0"));
    QVERIFY(rowWith(tab->routesView(), NetworkTab::RouteDestinationColumn,
                    QStringLiteral("10.87.0.0/24")));

    // The published port and the DNAT rule that carries it through the wall.
    QCOMPARE(tab->portsView()->topLevelItemCount(), 1);
    const QTreeWidgetItem *port = tab->portsView()->topLevelItem(0);
    QCOMPARE(port->text(NetworkTab::PortHostColumn), QStringLiteral("0.0.0.0:18080"));
    QCOMPARE(port->text(NetworkTab::PortContainerColumn), QStringLiteral("10.87.0.2:80"));
    QCOMPARE(port->text(NetworkTab::PortProtocolColumn), QStringLiteral("tcp"));
    QCOMPARE(port->text(NetworkTab::PortRuleColumn),
             QStringLiteral("-A NETAVARK-DN-1D8721804F16F -p tcp -m tcp --dport 18080 -j DNAT "
                            "--to-destination 10.87.0.2:80"));
}

// RX/TX bytes per second from two GetStats samples, as CPU % is: the Network tab's chart and
// line, and the Resources tab's line beside CPU and memory.
void TestDetails::networkRatesFromTwoSamples()
{
    FakeSource source;
    source.properties = containerProperties(QStringLiteral("running"), QStringLiteral("glassbox"));
    source.networkJson = kNetworkJson;
    source.rxBytesPerCall = 3072; // 3 KiB received and 512 bytes sent every second
    source.txBytesPerCall = 512;
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<NetworkTab>(widget);
    QTRY_VERIFY(tab->isSampling());
    const QString expected =
        QStringLiteral("%1/s received, %2/s sent")
            .arg(QLocale().formattedDataSize(3072), QLocale().formattedDataSize(512));
    QTRY_COMPARE_WITH_TIMEOUT(tab->trafficText(), expected, 5000);
    // In KiB/s on the chart, newest at the right.
    QVERIFY(tab->receivedSeries()->count() >= 1);
    const QPointF newest = tab->receivedSeries()->at(tab->receivedSeries()->count() - 1);
    QCOMPARE(newest, QPointF(0, 3.0));
    QCOMPARE(tab->sentSeries()->at(tab->sentSeries()->count() - 1), QPointF(0, 0.5));
    const auto *axis = qobject_cast<QValueAxis *>(
        tab->chart()->chart()->axes(Qt::Vertical, tab->receivedSeries()).value(0));
    QVERIFY(axis);
    QCOMPARE(axis->titleText(), QStringLiteral("KiB/s"));
    QVERIFY(axis->max() >= 3.0);

    // Hidden, it asks nothing; the Resources tab says the same rates beside CPU and memory.
    auto *resources = showTab<ResourcesTab>(widget);
    QVERIFY(!tab->isSampling());
    QTRY_COMPARE_WITH_TIMEOUT(resources->networkLabel()->text(),
                              QStringLiteral("Network: ") + expected, 5000);
}

void TestDetails::networkWithoutAttachmentSaysWhy_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("network");
    QTest::addColumn<QString>("notice");
    QTest::addColumn<QString>("resources"); // the Resources tab's network line
    QTest::newRow("stopped") << QStringLiteral("stopped") << QStringLiteral("glassbox")
                             << QStringLiteral("Not running") << QString();
    QTest::newRow("none") << QStringLiteral("running") << QStringLiteral("none")
                          << QStringLiteral("only the loopback interface lo")
                          << QStringLiteral("Network: none (loopback only)");
    QTest::newRow("host") << QStringLiteral("running") << QStringLiteral("host")
                          << QStringLiteral("This container uses the host's network: it sees "
                                            "the host's interfaces")
                          << QStringLiteral("Network: the host's (not counted per container)");
}

// A stopped container, one with no network and one on the host's have no wall to show: the
// tab says which, and does not ask GetNetwork (which would only fail) nor sample traffic.
void TestDetails::networkWithoutAttachmentSaysWhy()
{
    QFETCH(QString, state);
    QFETCH(QString, network);
    QFETCH(QString, notice);
    QFETCH(QString, resources);
    FakeSource source;
    source.running = state == QLatin1String("running");
    source.properties = containerProperties(state, network);
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<NetworkTab>(widget);
    QTRY_VERIFY2(tab->notice().contains(notice), qPrintable(tab->notice()));
    QCOMPARE(tab->errorText(), QString());
    QCOMPARE(source.networkCalls, 0);
    QVERIFY(!tab->isSampling());
    QCOMPARE(source.statsCalls, 0);

    auto *resourcesTab = showTab<ResourcesTab>(widget);
    if (!resources.isEmpty())
        QTRY_COMPARE(resourcesTab->networkLabel()->text(), resources);

    // Started on a network: the details replace the sentence.
    source.running = true;
    source.properties = containerProperties(QStringLiteral("running"), QStringLiteral("glassbox"));
    source.networkJson = kNetworkJson;
    showTab<NetworkTab>(widget);
    Q_EMIT source.containerChanged(kId, {{QStringLiteral("State"), QStringLiteral("running")}});
    QTRY_COMPARE(tab->notice(), QString());
    QTRY_VERIFY(tab->addressText().startsWith(QStringLiteral("10.87.0.2/24")));
    QTRY_VERIFY(tab->isSampling());
}

// "inside" and "forwards" are optional: without them the tab shows what the helper recorded
// (eth0's address and MAC, the port without a rule), and a helper's refusal is said as such.
void TestDetails::networkShowsWhatTheHelperGives()
{
    QJsonObject network = QJsonDocument::fromJson(kNetworkJson.toUtf8()).object();
    network.remove(QStringLiteral("inside"));
    network.remove(QStringLiteral("forwards"));
    FakeSource source;
    source.properties = containerProperties(QStringLiteral("running"), QStringLiteral("glassbox"));
    source.networkJson = QString::fromUtf8(QJsonDocument(network).toJson());
    ContainerDetailsWidget widget(&source);
    glassbox::test::testModelsUnder(&widget);
    widget.setContainer(kId);
    auto *tab = showTab<NetworkTab>(widget);
    QTRY_COMPARE(tab->interfacesView()->topLevelItemCount(), 1);
    const QTreeWidgetItem *eth0 = tab->interfacesView()->topLevelItem(0);
    QCOMPARE(eth0->text(NetworkTab::InterfaceNameColumn), QStringLiteral("eth0"));
    QCOMPARE(eth0->text(NetworkTab::InterfaceAddressesColumn), QStringLiteral("10.87.0.2/24"));
    QCOMPARE(tab->routesView()->topLevelItemCount(), 0);
    QCOMPARE(tab->portsView()->topLevelItemCount(), 1);
    QCOMPARE(tab->portsView()->topLevelItem(0)->text(NetworkTab::PortRuleColumn),
             QStringLiteral("not reported"));

    // GetNetwork refused (the container stopped between the two calls): the helper's words.
    source.networkJson.clear();
    widget.setContainer(QStringLiteral("fedcba9876543210fedc"));
    QTRY_COMPARE(tab->errorText(), QStringLiteral("not attached"));
}

QTEST_MAIN(TestDetails)
#include "test_details.moc"
