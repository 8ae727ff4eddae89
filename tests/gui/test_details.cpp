// The container details tabs against a fake DetailsSource with known data: no helper, no
// bus, offscreen. One test class per tab's behaviour the main window relies on.
#include "ContainerDetailsWidget.h"
#include "DetailsSource.h"
#include "ResourcesTab.h"
#include "StatsHistory.h"

#include <QLineSeries>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

using namespace glassbox::details;
using glassbox::ctl::StatsSample;

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
        StatsList list;
        if (running) {
            StatsSample sample = stats;
            sample.id = kId;
            sample.timeNs = 1'000'000'000ULL * quint64(statsCalls);
            sample.cpuNs = quint64(statsCalls) * cpuNsPerCall;
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
    void getLogs(const QString &, quint64, Callback<QString> done) override
    {
        later(done, logs, error);
    }
    void openLog(const QString &, Callback<QDBusUnixFileDescriptor> done) override
    {
        later(done, QDBusUnixFileDescriptor(), QStringLiteral("no descriptor in tests"));
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
    bool running = true;
    quint64 cpuNsPerCall = 250'000'000; // a quarter of a core
    StatsSample stats;
    NamespaceList namespaces;
    LayerList layers;
    StringMap paths;
    ChangeList changes;
    ProcessList processes;
    QString logs;
    QString inspectJson;
    QVariantMap properties;
    double efficiency = 1;
    quint64 wasted = 0;
    QString error;
};

StatsSample sampleAt(quint64 seconds, quint64 cpuNs, quint64 memory = 0, quint64 limit = 0)
{
    StatsSample sample;
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
    void resourcesSampleWhileVisible();
    void memoryLimitLine();
    void samplingStopsWhenHidden();
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
    const auto percent =
        StatsHistory::cpuPercent(sampleAt(10, cpuBefore), sampleAt(10 + secondsApart, cpuAfter));
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

void TestDetails::resourcesSampleWhileVisible()
{
    FakeSource source;
    ContainerDetailsWidget widget(&source);
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

void TestDetails::memoryLimitLine()
{
    FakeSource source;
    ResourcesTab tab(&source);
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

QTEST_MAIN(TestDetails)
#include "test_details.moc"
