// Resources: live CPU and memory charts of the last five minutes (1 s samples, newest at
// the right, memory limit as a line; side by side in a wide pane), network bytes per second
// received and sent, processes and OOM kills; sampled only while shown.
#pragma once

#include "DBusTypes.h"
#include "DetailsSource.h"
#include "DetailsTab.h"

#include <QElapsedTimer>
#include <QTimer>

class QBoxLayout;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace glassbox::details {

class StatsHistory;

class ResourcesTab : public DetailsTab
{
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 1000;
    /// A GetStats or GetPressure call unanswered this long marks the figures stale.
    static constexpr int kStaleAfterMs = 3 * kIntervalMs;

    ResourcesTab(DetailsSource *source, QWidget *parent = nullptr);

    /// Samples taken elsewhere (the containers list's): the shown container's is added when
    /// newer than the last, so the list and this tab show the figures of one sample.
    void addSamples(const StatsList &samples);

    StatsHistory *history() const { return m_history; }
    QLineSeries *cpuSeries() const { return m_cpu; }
    QLineSeries *memorySeries() const { return m_memory; }
    QLineSeries *memoryLimitSeries() const { return m_memoryLimit; }
    bool isSampling() const { return m_timer.isActive(); }
    QChartView *cpuChart() const { return m_cpuView; }
    QChartView *memoryChart() const { return m_memoryView; }
    /// The pressure stall line under the charts.
    QLabel *pressureLabel() const { return m_psi; }
    /// "CPU … of one core, memory … (cache …)": the latest sample.
    QLabel *summaryLabel() const { return m_status; }
    /// "Network: … received, … sent": the latest two samples' rates (or why there are none).
    QLabel *networkLabel() const { return m_network; }
    /// "Processes: …": what the Processes tab lists, and the cgroup's task count.
    QLabel *processesLabel() const { return m_pids; }
    /// How old the figures are, and whether the helper still answers.
    QLabel *ageLabel() const { return m_age; }
    /// The figures are not current: the last call failed or has not been answered.
    bool isStale() const { return m_stale; }

Q_SIGNALS:
    /// A GetStats reply of this tab (for the containers list: one figure, one sample).
    void sampled(const StatsList &samples);

protected:
    void clear() override;
    void refresh() override;
    void startSampling() override;
    void stopSampling() override;
    void resizeEvent(QResizeEvent *event) override;

private:
    /// What "memory in use" means, for the tooltips.
    static QString memoryDefinition();
    void sample();
    void samplePressure();
    void sampleProcesses();
    /// Shows the age of the latest sample; stale when a call failed or is overdue.
    void updateAge();
    void setStale(bool stale);
    void showProcesses();
    void showNetwork();
    /// The share of the last interval stalled, from the counters of two GetPressure calls.
    void showPressure(const GbCounterMap &now);
    void updateCharts();

    StatsHistory *m_history;
    QTimer m_timer;
    bool m_pending = false;
    bool m_pressurePending = false;
    bool m_pressureUnavailable = false; ///< the helper said this container has no PSI
    GbCounterMap m_lastPressure;
    bool m_processesPending = false;
    int m_liveProcesses = -1;     ///< what GetProcesses listed last; -1: not known
    QElapsedTimer m_sampleAge;    ///< since the latest sample arrived
    QElapsedTimer m_statsCall;    ///< since the pending GetStats was made
    QElapsedTimer m_pressureCall; ///< since the pending GetPressure was made
    bool m_failed = false;        ///< the last GetStats call failed
    bool m_stale = false;
    QLineSeries *m_cpu;
    QLineSeries *m_memory;
    QLineSeries *m_memoryLimit;
    QValueAxis *m_cpuAxis;
    QValueAxis *m_memoryAxis;
    QChartView *m_cpuView = nullptr;
    QChartView *m_memoryView = nullptr;
    QLabel *m_status;
    QLabel *m_network;
    QString m_networkMode; ///< the Network property: "none", "host", a name; "": not known
    QLabel *m_pids;
    QLabel *m_psi;
    QLabel *m_age;
    QBoxLayout *m_charts;
};

} // namespace glassbox::details
