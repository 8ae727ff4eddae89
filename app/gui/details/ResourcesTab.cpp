// Live resource charts of one container (see ResourcesTab.h).
#include "ResourcesTab.h"

#include "DetailsSource.h"
#include "StatsHistory.h"

#include <QBoxLayout>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPen>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>
#include <utility>

namespace glassbox::details {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

QValueAxis *timeAxis(QObject *parent)
{
    auto *axis = new QValueAxis(parent);
    axis->setRange(-StatsHistory::kMaxPoints, 0);
    axis->setTickCount(6);
    axis->setLabelFormat(QStringLiteral("%d"));
    axis->setTitleText(ResourcesTab::tr("Seconds ago"));
    return axis;
}

// A round upper bound above `value` (1, 2 or 5 times a power of ten).
double niceCeiling(double value)
{
    if (value <= 0)
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0})
        if (step * power >= value)
            return step * power;
    return 10 * power;
}

// Enough decimals to tell the memory axis's ticks apart: five steps of top / 5 (0.2 MiB
// with one decimal read 0.0, 0.0, 0.1, 0.1, 0.2, 0.2).
QString memoryLabelFormat(double top)
{
    const double step = top / 5;
    const int decimals = step >= 1 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
    return QStringLiteral("%.") + QString::number(decimals) + QLatin1Char('f');
}

} // namespace

ResourcesTab::ResourcesTab(DetailsSource *source, QWidget *parent)
    : DetailsTab(source, parent), m_history(new StatsHistory(this)), m_cpu(new QLineSeries(this)),
      m_memory(new QLineSeries(this)), m_memoryLimit(new QLineSeries(this)),
      m_cpuAxis(new QValueAxis(this)), m_memoryAxis(new QValueAxis(this)),
      m_status(new QLabel(this)), m_pids(new QLabel(this)), m_psi(new QLabel(this)),
      m_charts(new QBoxLayout(QBoxLayout::LeftToRight))
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ResourcesTab::sample);

    m_cpu->setName(tr("CPU"));
    m_memory->setName(tr("Memory used"));
    m_memoryLimit->setName(tr("Memory limit"));
    QPen limitPen(QColor(0xb3, 0x26, 0x1e));
    limitPen.setStyle(Qt::DashLine);
    limitPen.setWidthF(1.5);
    m_memoryLimit->setPen(limitPen);

    m_cpuAxis->setTitleText(tr("% of one core"));
    m_cpuAxis->setRange(0, 100);
    m_cpuAxis->setLabelFormat(QStringLiteral("%d"));
    m_memoryAxis->setTitleText(tr("MiB"));
    m_memoryAxis->setRange(0, 1);
    // Five steps: the top is 1, 2 or 5 times a power of ten, so every tick is round.
    m_memoryAxis->setTickCount(6);
    m_memoryAxis->setLabelFormat(QStringLiteral("%.1f"));

    m_cpuView =
        makeChart(tr("CPU usage (100 % = one core fully busy)"), m_cpu, timeAxis(this), m_cpuAxis);
    m_cpuView->setAccessibleName(tr("CPU usage chart"));
    m_cpuView->chart()->legend()->hide(); // one series, named by the chart's title
    m_memoryView = makeChart(tr("Memory usage"), m_memory, timeAxis(this), m_memoryAxis);
    m_memoryView->chart()->addSeries(m_memoryLimit);
    for (QAbstractAxis *axis : m_memoryView->chart()->axes())
        m_memoryLimit->attachAxis(axis);
    m_memoryView->setAccessibleName(tr("Memory usage chart"));

    m_status->setAccessibleName(tr("Resource summary"));
    m_pids->setAccessibleName(tr("Processes"));
    m_psi->setAccessibleName(tr("Pressure stall information"));
    m_psi->setToolTip(tr("Pressure stall information: the share of time in which some of the "
                         "container's tasks (or all of them) waited for CPU, memory or I/O."));
    for (QLabel *label : {m_status, m_pids, m_psi})
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_charts->addWidget(m_cpuView, 1);
    m_charts->addWidget(m_memoryView, 1);
    contentLayout()->addWidget(m_status);
    contentLayout()->addLayout(m_charts, 1);
    contentLayout()->addWidget(m_pids);
    contentLayout()->addWidget(m_psi);

    connect(m_history, &StatsHistory::rowsInserted, this, &ResourcesTab::updateCharts);
    connect(m_history, &StatsHistory::modelReset, this, &ResourcesTab::updateCharts);
}

QChartView *ResourcesTab::makeChart(const QString &title, QLineSeries *series, QValueAxis *xAxis,
                                    QValueAxis *yAxis)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->addSeries(series);
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(xAxis);
    series->attachAxis(yAxis);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(160);
    view->setFocusPolicy(Qt::NoFocus);
    return view;
}

void ResourcesTab::resizeEvent(QResizeEvent *event)
{
    DetailsTab::resizeEvent(event);
    // The charts share the longer side. Stacked in a wide, short pane each plot was a few
    // lines high and the vertical axis titles were cut to "CPU %..." and "Memo...".
    m_charts->setDirection(width() > height() ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

void ResourcesTab::clear()
{
    m_pending = false;
    m_history->clear();
    m_status->clear();
    m_pids->clear();
    m_psi->clear();
    m_pressurePending = false;
    m_pressureUnavailable = false;
    m_lastPressure.clear();
}

void ResourcesTab::refresh()
{
    sample();
}

void ResourcesTab::startSampling()
{
    if (!containerId().isEmpty())
        m_timer.start();
}

void ResourcesTab::stopSampling()
{
    m_timer.stop();
}

void ResourcesTab::sample()
{
    if (m_pending || containerId().isEmpty() || !source())
        return;
    m_pending = true;
    const QString id = containerId();
    const quint64 generation = this->generation();
    QPointer<ResourcesTab> self(this);
    source()->getStats({id}, [self, id, generation](const StatsList &stats, const QString &error) {
        if (!self || self->generation() != generation)
            return;
        self->m_pending = false;
        self->setFresh(true);
        self->showError(error);
        if (!error.isEmpty())
            return;
        for (const glassbox::ctl::StatsSample &sample : stats)
            if (sample.id == id) {
                self->m_history->addSample(sample);
                self->samplePressure();
                return;
            }
        self->m_status->setText(tr("The container is not running: nothing to sample."));
    });
}

void ResourcesTab::samplePressure()
{
    if (m_pressurePending || m_pressureUnavailable)
        return;
    m_pressurePending = true;
    const quint64 generation = this->generation();
    QPointer<ResourcesTab> self(this);
    source()->getPressure(containerId(), [self, generation](const GbCounterMap &pressure,
                                                            const QString &error) {
        if (!self || self->generation() != generation)
            return;
        self->m_pressurePending = false;
        if (!error.isEmpty()) {
            // Asked once per container: a kernel without PSI does not grow it later.
            self->m_pressureUnavailable = true;
            self->m_psi->setText(tr("Pressure stall information: not available (%1)").arg(error));
            return;
        }
        self->showPressure(pressure);
    });
}

void ResourcesTab::showPressure(const GbCounterMap &now)
{
    const GbCounterMap before = std::exchange(m_lastPressure, now);
    const quint64 elapsedNs =
        now.value(QStringLiteral("time")) - before.value(QStringLiteral("time"));
    if (before.isEmpty() || elapsedNs == 0 ||
        now.value(QStringLiteral("time")) < before.value(QStringLiteral("time"))) {
        m_psi->setText(tr("Pressure stall information: measuring…"));
        return;
    }
    // Microseconds stalled per nanosecond elapsed, as a percentage; "-" for a line the kernel
    // does not keep (cpu "full" before Linux 5.13).
    const auto share = [&](const char *key) {
        const QString name = QString::fromLatin1(key);
        if (!now.contains(name) || !before.contains(name))
            return QStringLiteral("–");
        const double stalledNs = double(now.value(name) - before.value(name)) * 1000.0;
        return tr("%1 %").arg(
            QLocale().toString(qBound(0.0, 100.0 * stalledNs / double(elapsedNs), 100.0), 'f', 1));
    };
    m_psi->setText(tr("Stalled waiting (some tasks / all tasks): CPU %1 / %2 · memory %3 / %4 · "
                      "I/O %5 / %6")
                       .arg(share("cpu.some"), share("cpu.full"), share("memory.some"),
                            share("memory.full"), share("io.some"), share("io.full")));
}

void ResourcesTab::updateCharts()
{
    m_cpu->replace(m_history->cpuSeries());
    const QList<QPointF> memory = m_history->memorySeries();
    m_memory->replace(memory);

    const auto latest = m_history->latest();
    if (!latest) {
        m_memoryLimit->clear();
        m_cpuAxis->setRange(0, 100);
        m_memoryAxis->setRange(0, 1);
        m_memoryAxis->setLabelFormat(QStringLiteral("%.1f"));
        return;
    }
    double cpuPeak = 100;
    for (const QPointF &point : m_cpu->points())
        cpuPeak = std::max(cpuPeak, point.y());
    // Several cores: grow in whole cores so the scale stays readable.
    m_cpuAxis->setRange(0, std::ceil(cpuPeak / 100.0) * 100.0);

    double memoryPeak = 0;
    for (const QPointF &point : memory)
        memoryPeak = std::max(memoryPeak, point.y());
    const double limit = double(latest->memoryLimit) / kMiB;
    if (latest->memoryLimit)
        m_memoryLimit->replace({QPointF(-StatsHistory::kMaxPoints, limit), QPointF(0, limit)});
    else
        m_memoryLimit->clear();
    m_memoryLimit->setName(
        latest->memoryLimit
            ? tr("Memory limit (%1)").arg(QLocale().formattedDataSize(qint64(latest->memoryLimit)))
            : tr("Memory limit (none)"));
    const double memoryTop = niceCeiling(std::max(memoryPeak, limit) * 1.1);
    m_memoryAxis->setRange(0, memoryTop);
    m_memoryAxis->setLabelFormat(memoryLabelFormat(memoryTop));

    const QLocale locale;
    const QString cpu = latest->cpuPercent < 0
                            ? tr("n/a")
                            : tr("%1 %").arg(locale.toString(latest->cpuPercent, 'f', 1));
    const QString memoryText = locale.formattedDataSize(qint64(latest->memoryBytes));
    m_status->setText(tr("CPU %1 of one core, memory %2").arg(cpu, memoryText));
    m_cpuView->setAccessibleDescription(tr("Current CPU usage %1").arg(cpu));
    m_memoryView->setAccessibleDescription(tr("Current memory usage %1").arg(memoryText));
    m_pids->setText(latest->pidsLimit ? tr("Processes: %1 of at most %2; OOM kills: %3")
                                            .arg(latest->pids)
                                            .arg(latest->pidsLimit)
                                            .arg(latest->oomKills)
                                      : tr("Processes: %1 (no limit); OOM kills: %2")
                                            .arg(latest->pids)
                                            .arg(latest->oomKills));
}

} // namespace glassbox::details
