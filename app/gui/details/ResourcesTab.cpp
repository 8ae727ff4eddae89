// Live resource charts of one container (see ResourcesTab.h).
#include "ResourcesTab.h"

#include "Charts.h"
#include "DetailsSource.h"
#include "StatsHistory.h"

#include <QBoxLayout>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
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

// Enough decimals to tell the memory axis's ticks apart (0.2 MiB in steps of 0.04 with one
// decimal read 0.0, 0.0, 0.1, 0.1, 0.2, 0.2).
QString memoryLabelFormat(double step)
{
    const int decimals = step >= 1 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
    return QStringLiteral("%.") + QString::number(decimals) + QLatin1Char('f');
}

struct MemoryScale
{
    double top = 1; // MiB
    int ticks = 6;
};

// The memory axis for a peak use and a limit (MiB, 0: none): the data with at least 10 %
// headroom, up to 1, 2 or 5 times a power of ten in steps of 0.2, 0.5 or 1 times it. The
// limit is taken in only when within reach (at most twice what the data needs): a fixed or
// limit-wide scale drew 5 MiB under a 1 GiB limit as a flat line on the floor.
MemoryScale memoryScale(double peak, double limit)
{
    double top = Charts::niceCeiling(peak * 1.1);
    if (limit > 0 && limit <= 2 * top)
        top = Charts::niceCeiling(std::max(peak, limit) * 1.1);
    const double power = std::pow(10.0, std::floor(std::log10(top) + 1e-9));
    const bool twos = std::abs(top / power - 2) < 1e-9;
    return {top, twos ? 5 : 6};
}

} // namespace

ResourcesTab::ResourcesTab(DetailsSource *source, QWidget *parent)
    : DetailsTab(source, parent), m_history(new StatsHistory(this)), m_cpu(new QLineSeries(this)),
      m_memory(new QLineSeries(this)), m_memoryLimit(new QLineSeries(this)),
      m_cpuAxis(new QValueAxis(this)), m_memoryAxis(new QValueAxis(this)),
      m_status(new QLabel(this)), m_network(new QLabel(this)), m_pids(new QLabel(this)),
      m_psi(new QLabel(this)), m_age(new QLabel(this)),
      m_charts(new QBoxLayout(QBoxLayout::LeftToRight))
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ResourcesTab::sample);

    m_cpu->setName(tr("CPU"));
    m_memory->setName(tr("Memory in use (without inactive file cache)"));
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

    m_cpuView = Charts::makeView(tr("CPU usage (100 % = one core fully busy)"), m_cpu,
                                 Charts::timeAxis(this), m_cpuAxis, this);
    m_cpuView->setAccessibleName(tr("CPU usage chart"));
    m_cpuView->chart()->legend()->hide(); // one series, named by the chart's title
    m_memoryView =
        Charts::makeView(tr("Memory usage"), m_memory, Charts::timeAxis(this), m_memoryAxis, this);
    m_memoryView->chart()->addSeries(m_memoryLimit);
    for (QAbstractAxis *axis : m_memoryView->chart()->axes())
        m_memoryLimit->attachAxis(axis);
    m_memoryView->setAccessibleName(tr("Memory usage chart"));

    m_status->setAccessibleName(tr("Resource summary"));
    m_status->setToolTip(memoryDefinition());
    m_memoryView->setToolTip(memoryDefinition());
    m_age->setAccessibleName(tr("Sample age"));
    m_network->setObjectName(QStringLiteral("networkRates"));
    m_network->setAccessibleName(tr("Network traffic"));
    m_network->setToolTip(tr("Bytes per second received and sent by the interfaces of the "
                             "container's network namespace (loopback left out), from two "
                             "samples. The Network tab charts them."));
    m_pids->setAccessibleName(tr("Processes"));
    m_psi->setAccessibleName(tr("Pressure stall information"));
    m_psi->setToolTip(tr("Pressure stall information: the share of time in which some of the "
                         "container's tasks (or all of them) waited for CPU, memory or I/O."));
    m_pids->setToolTip(tr("Processes: what the Processes tab lists. The kernel's task count "
                          "(pids.current), which the process limit applies to, also counts "
                          "threads and exited processes their parent has not reaped yet."));
    for (QLabel *label : {m_status, m_network, m_pids, m_psi, m_age})
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_charts->addWidget(m_cpuView, 1);
    m_charts->addWidget(m_memoryView, 1);
    // The network's rates beside the summary: a line more would take the charts' room.
    auto *summary = new QHBoxLayout;
    summary->addWidget(m_status, 1);
    summary->addWidget(m_network);
    contentLayout()->addLayout(summary);
    contentLayout()->addLayout(m_charts, 1);
    contentLayout()->addWidget(m_pids);
    contentLayout()->addWidget(m_psi);
    contentLayout()->addWidget(m_age);

    connect(m_history, &StatsHistory::rowsInserted, this, &ResourcesTab::updateCharts);
    connect(m_history, &StatsHistory::modelReset, this, &ResourcesTab::updateCharts);
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
    m_network->clear();
    m_networkMode.clear();
    m_pids->clear();
    m_psi->clear();
    m_age->clear();
    m_pressurePending = false;
    m_pressureUnavailable = false;
    m_lastPressure.clear();
    m_processesPending = false;
    m_liveProcesses = -1;
    m_sampleAge.invalidate();
    m_failed = false;
    setStale(false);
}

void ResourcesTab::refresh()
{
    // A reload follows a start or stop: whatever GetPressure said of the container before
    // ("not running" between the stop and the start of a restart) is no longer true, and
    // counters from before a restart are not to be subtracted from new ones.
    m_pressureUnavailable = false;
    m_lastPressure.clear();
    sample();
    // Whether the counters mean anything: on the host's network or none they stay 0.
    if (containerId().isEmpty() || !source())
        return;
    const quint64 generation = this->generation();
    QPointer<ResourcesTab> self(this);
    source()->getProperties(
        containerId(), [self, generation](const QVariantMap &properties, const QString &error) {
            if (!self || self->generation() != generation || !error.isEmpty())
                return;
            self->m_networkMode = properties.value(QStringLiteral("Network")).toString();
            self->showNetwork();
        });
}

QString ResourcesTab::memoryDefinition()
{
    return tr("Memory in use is what docker stats and podman stats show: the cgroup's memory "
              "less its inactive file cache (memory.stat inactive_file), page cache of files "
              "the container read or wrote that the kernel drops first when memory runs short. "
              "The cache is shown next to it.");
}

void ResourcesTab::addSamples(const StatsList &samples)
{
    for (const glassbox::client::StatsSample &sample : samples)
        if (sample.id == containerId() && !containerId().isEmpty()) {
            const auto before = m_history->latest();
            m_history->addSample(sample);
            if (m_history->latest() && (!before || m_history->latest()->timeNs != before->timeNs))
                m_sampleAge.start();
            updateAge();
        }
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
    updateAge();
    if (m_pending || containerId().isEmpty() || !source())
        return;
    m_pending = true;
    m_statsCall.start();
    const QString id = containerId();
    const quint64 generation = this->generation();
    QPointer<ResourcesTab> self(this);
    source()->getStats({id}, [self, id, generation](const StatsList &stats, const QString &error) {
        if (!self || self->generation() != generation)
            return;
        self->m_pending = false;
        self->setFresh(true);
        self->showError(error);
        self->m_failed = !error.isEmpty();
        if (!error.isEmpty())
            return self->updateAge();
        Q_EMIT self->sampled(stats);
        for (const glassbox::client::StatsSample &sample : stats)
            if (sample.id == id) {
                self->addSamples({sample});
                self->samplePressure();
                self->sampleProcesses();
                return;
            }
        self->m_status->setText(tr("The container is not running: nothing to sample."));
        self->m_sampleAge.invalidate();
        self->updateAge();
    });
}

void ResourcesTab::sampleProcesses()
{
    if (m_processesPending)
        return;
    m_processesPending = true;
    const quint64 generation = this->generation();
    QPointer<ResourcesTab> self(this);
    source()->getProcesses(containerId(),
                           [self, generation](const ProcessList &processes, const QString &error) {
                               if (!self || self->generation() != generation)
                                   return;
                               self->m_processesPending = false;
                               // The figure the Processes tab would list; unknown when the list
                               // failed.
                               self->m_liveProcesses = error.isEmpty() ? int(processes.size()) : -1;
                               self->showProcesses();
                           });
}

void ResourcesTab::updateAge()
{
    const bool overdue =
        (m_pending && m_statsCall.isValid() && m_statsCall.elapsed() > kStaleAfterMs) ||
        (m_pressurePending && m_pressureCall.isValid() && m_pressureCall.elapsed() > kStaleAfterMs);
    if (!m_sampleAge.isValid()) {
        m_age->clear();
        setStale(false);
        return;
    }
    const int seconds = int(m_sampleAge.elapsed() / 1000);
    setStale(overdue || m_failed);
    // "s" as a unit, as the charts' axis counts seconds: no plural forms to keep.
    const QString age = QLocale().toString(seconds);
    if (overdue)
        m_age->setText(tr("Last sample %1 s ago — the helper is not answering").arg(age));
    else if (m_failed)
        m_age->setText(tr("Last sample %1 s ago — the helper could not give a new one").arg(age));
    else
        m_age->setText(tr("Last sample %1 s ago").arg(age));
}

void ResourcesTab::setStale(bool stale)
{
    m_stale = stale;
    // Disabled labels are drawn greyed in every style: figures that are no longer current
    // must not read as current ones.
    for (QLabel *label : {m_status, m_network, m_pids, m_psi})
        label->setEnabled(!stale);
    for (QChartView *view : {m_cpuView, m_memoryView})
        view->chart()->setOpacity(stale ? 0.45 : 1.0);
}

void ResourcesTab::samplePressure()
{
    if (m_pressurePending || m_pressureUnavailable)
        return;
    m_pressurePending = true;
    m_pressureCall.start();
    const quint64 generation = this->generation();
    QPointer<ResourcesTab> self(this);
    source()->getPressure(containerId(), [self, generation](const GbCounterMap &pressure,
                                                            const QString &error) {
        if (!self || self->generation() != generation)
            return;
        self->m_pressurePending = false;
        self->updateAge();
        if (!error.isEmpty()) {
            // Asked once per container when the kernel keeps no PSI: it does not grow it
            // later. Any other failure ("the container is not running" between the stop and
            // the start of a restart, a helper that did not answer) is asked again.
            self->m_pressureUnavailable =
                error.contains(QLatin1String("no pressure stall information"));
            self->m_lastPressure.clear();
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
        m_memoryAxis->setTickCount(6);
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
    const MemoryScale scale = memoryScale(memoryPeak, limit);
    if (latest->memoryLimit)
        m_memoryLimit->replace({QPointF(-StatsHistory::kMaxPoints, limit), QPointF(0, limit)});
    else
        m_memoryLimit->clear();
    m_memoryLimit->setName(
        latest->memoryLimit
            ? tr("Memory limit (%1)").arg(QLocale().formattedDataSize(qint64(latest->memoryLimit)))
            : tr("Memory limit (none)"));
    m_memoryAxis->setRange(0, scale.top);
    m_memoryAxis->setTickCount(scale.ticks);
    m_memoryAxis->setLabelFormat(memoryLabelFormat(scale.top / (scale.ticks - 1)));

    const QLocale locale;
    const QString cpu = latest->cpuPercent < 0
                            ? tr("n/a")
                            : tr("%1 %").arg(locale.toString(latest->cpuPercent, 'f', 1));
    const QString memoryText = locale.formattedDataSize(qint64(latest->memoryBytes));
    m_status->setText(
        tr("CPU %1 of one core, memory %2 in use (file cache %3 besides)")
            .arg(cpu, memoryText, locale.formattedDataSize(qint64(latest->cacheBytes))));
    m_cpuView->setAccessibleDescription(tr("Current CPU usage %1").arg(cpu));
    m_memoryView->setAccessibleDescription(tr("Current memory usage %1").arg(memoryText));
    showProcesses();
    showNetwork();
}

void ResourcesTab::showNetwork()
{
    const auto latest = m_history->latest();
    if (m_networkMode == QLatin1String("none"))
        m_network->setText(tr("Network: none (loopback only)"));
    else if (m_networkMode == QLatin1String("host"))
        m_network->setText(tr("Network: the host's (not counted per container)"));
    else if (!latest)
        m_network->clear();
    else if (latest->receivedPerSecond < 0 || latest->sentPerSecond < 0)
        m_network->setText(tr("Network: measuring…"));
    else
        m_network->setText(tr("Network: %1 received, %2 sent")
                               .arg(StatsHistory::rateText(latest->receivedPerSecond),
                                    StatsHistory::rateText(latest->sentPerSecond)));
}

void ResourcesTab::showProcesses()
{
    const auto latest = m_history->latest();
    if (!latest)
        return m_pids->clear();
    const quint64 tasks = latest->pids;
    if (m_liveProcesses < 0) {
        // Only the kernel's task count is known: say what it counts.
        m_pids->setText(latest->pidsLimit
                            ? tr("Tasks (threads and unreaped exited processes included): %1 of "
                                 "at most %2; OOM kills: %3")
                                  .arg(tasks)
                                  .arg(latest->pidsLimit)
                                  .arg(latest->oomKills)
                            : tr("Tasks (threads and unreaped exited processes included): %1; "
                                 "OOM kills: %2")
                                  .arg(tasks)
                                  .arg(latest->oomKills));
        return;
    }
    const auto live = quint64(m_liveProcesses);
    if (live == tasks) {
        m_pids->setText(
            latest->pidsLimit
                ? tr("Processes: %1 of at most %2; OOM kills: %3")
                      .arg(live)
                      .arg(latest->pidsLimit)
                      .arg(latest->oomKills)
                : tr("Processes: %1 (no limit); OOM kills: %2").arg(live).arg(latest->oomKills));
        return;
    }
    // pids.current counts threads and zombies too: "Processes: 3" for one live process
    // and two exited children nobody reaped disagreed with the Processes tab.
    m_pids->setText(latest->pidsLimit
                        ? tr("Processes: %1; tasks counted against the limit: %2 of at most %3 "
                             "(threads and exited processes not yet reaped count too); OOM "
                             "kills: %4")
                              .arg(live)
                              .arg(tasks)
                              .arg(latest->pidsLimit)
                              .arg(latest->oomKills)
                        : tr("Processes: %1; tasks: %2 (threads and exited processes not yet "
                             "reaped count too); OOM kills: %3")
                              .arg(live)
                              .arg(tasks)
                              .arg(latest->oomKills));
}

} // namespace glassbox::details
