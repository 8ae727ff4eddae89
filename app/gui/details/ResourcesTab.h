// Resources: live CPU and memory charts of the last five minutes (1 s samples, newest at
// the right, memory limit as a line; side by side in a wide pane), processes and OOM kills;
// sampled only while shown.
#pragma once

#include "DBusTypes.h"
#include "DetailsTab.h"

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

    ResourcesTab(DetailsSource *source, QWidget *parent = nullptr);

    StatsHistory *history() const { return m_history; }
    QLineSeries *cpuSeries() const { return m_cpu; }
    QLineSeries *memorySeries() const { return m_memory; }
    QLineSeries *memoryLimitSeries() const { return m_memoryLimit; }
    bool isSampling() const { return m_timer.isActive(); }
    QChartView *cpuChart() const { return m_cpuView; }
    QChartView *memoryChart() const { return m_memoryView; }
    /// The pressure stall line under the charts.
    QLabel *pressureLabel() const { return m_psi; }

protected:
    void clear() override;
    void refresh() override;
    void startSampling() override;
    void stopSampling() override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void sample();
    void samplePressure();
    /// The share of the last interval stalled, from the counters of two GetPressure calls.
    void showPressure(const GbCounterMap &now);
    void updateCharts();
    QChartView *makeChart(const QString &title, QLineSeries *series, QValueAxis *xAxis,
                          QValueAxis *yAxis);

    StatsHistory *m_history;
    QTimer m_timer;
    bool m_pending = false;
    bool m_pressurePending = false;
    bool m_pressureUnavailable = false; ///< the helper said this container has no PSI
    GbCounterMap m_lastPressure;
    QLineSeries *m_cpu;
    QLineSeries *m_memory;
    QLineSeries *m_memoryLimit;
    QValueAxis *m_cpuAxis;
    QValueAxis *m_memoryAxis;
    QChartView *m_cpuView = nullptr;
    QChartView *m_memoryView = nullptr;
    QLabel *m_status;
    QLabel *m_pids;
    QLabel *m_psi;
    QBoxLayout *m_charts;
};

} // namespace glassbox::details
