// Five minutes of one container's resource samples (see StatsHistory.h).
#include "StatsHistory.h"

#include "CpuMeter.h"

#include <QLocale>

namespace glassbox::details {

void StatsHistory::addSample(const glassbox::client::StatsSample &sample)
{
    // The helper shares one sample between callers for 500 ms: the same time twice is no news.
    if (m_previous && sample.timeNs <= m_previous->timeNs)
        return;
    Point point;
    point.timeNs = sample.timeNs;
    if (m_previous) {
        point.cpuPercent = client::CpuMeter::percent(*m_previous, sample).value_or(-1);
        point.receivedPerSecond =
            perSecond(m_previous->rxBytes, sample.rxBytes, m_previous->timeNs, sample.timeNs)
                .value_or(-1);
        point.sentPerSecond =
            perSecond(m_previous->txBytes, sample.txBytes, m_previous->timeNs, sample.timeNs)
                .value_or(-1);
    }
    point.memoryBytes = sample.memoryInUse();
    point.cacheBytes = sample.memoryCache();
    point.memoryLimit = sample.memoryLimit;
    point.pids = sample.pids;
    point.pidsLimit = sample.pidsLimit;
    point.oomKills = sample.oomKills;
    m_previous = sample;

    int drop = 0;
    while (drop < m_points.size() && (m_points.size() - drop >= kMaxPoints ||
                                      qint64(sample.timeNs - m_points.at(drop).timeNs) > kWindowNs))
        ++drop;
    if (drop > 0) {
        beginRemoveRows({}, 0, drop - 1);
        m_points.remove(0, drop);
        endRemoveRows();
    }
    // Every age moves by one interval, announced before the new row comes in: a row's data
    // must not change inside an insertion, and the charts drawn on rowsInserted need the new
    // ages.
    m_newestNs = sample.timeNs;
    if (!m_points.isEmpty())
        Q_EMIT dataChanged(index(0, AgeColumn), index(int(m_points.size()) - 1, AgeColumn));
    beginInsertRows({}, int(m_points.size()), int(m_points.size()));
    m_points.append(point);
    endInsertRows();
}

std::optional<double> StatsHistory::perSecond(quint64 before, quint64 after, quint64 beforeNs,
                                              quint64 afterNs)
{
    if (afterNs <= beforeNs || after < before)
        return std::nullopt;
    return double(after - before) * 1e9 / double(afterNs - beforeNs);
}

QString StatsHistory::rateText(double bytesPerSecond)
{
    if (bytesPerSecond < 0)
        return tr("n/a");
    return tr("%1/s").arg(QLocale().formattedDataSize(qint64(bytesPerSecond + 0.5)));
}

void StatsHistory::clear()
{
    beginResetModel();
    m_points.clear();
    m_previous.reset();
    m_newestNs = 0;
    endResetModel();
}

std::optional<StatsHistory::Point> StatsHistory::latest() const
{
    if (m_points.isEmpty())
        return std::nullopt;
    return m_points.last();
}

double StatsHistory::ageSeconds(const Point &point) const
{
    return -double(m_newestNs - point.timeNs) / 1e9;
}

QList<QPointF> StatsHistory::cpuSeries() const
{
    QList<QPointF> series;
    series.reserve(m_points.size());
    for (const Point &point : m_points)
        if (point.cpuPercent >= 0)
            series.append({ageSeconds(point), point.cpuPercent});
    return series;
}

QList<QPointF> StatsHistory::memorySeries() const
{
    QList<QPointF> series;
    series.reserve(m_points.size());
    for (const Point &point : m_points)
        series.append({ageSeconds(point), double(point.memoryBytes) / (1024.0 * 1024.0)});
    return series;
}

QList<QPointF> StatsHistory::receivedSeries() const
{
    return rateSeries(&Point::receivedPerSecond);
}

QList<QPointF> StatsHistory::sentSeries() const
{
    return rateSeries(&Point::sentPerSecond);
}

QList<QPointF> StatsHistory::rateSeries(double Point::*rate) const
{
    QList<QPointF> series;
    series.reserve(m_points.size());
    for (const Point &point : m_points)
        if (point.*rate >= 0)
            series.append({ageSeconds(point), point.*rate});
    return series;
}

int StatsHistory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_points.size());
}

int StatsHistory::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatsHistory::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_points.size())
        return {};
    const Point &point = m_points.at(index.row());
    const bool display = role == Qt::DisplayRole;
    if (!display && role != Qt::EditRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case AgeColumn:
        return display ? QVariant(tr("%1 s").arg(locale.toString(ageSeconds(point), 'f', 0)))
                       : QVariant(ageSeconds(point));
    case CpuColumn:
        if (point.cpuPercent < 0)
            return display ? QVariant(tr("n/a")) : QVariant();
        return display ? QVariant(tr("%1 %").arg(locale.toString(point.cpuPercent, 'f', 1)))
                       : QVariant(point.cpuPercent);
    case MemoryColumn:
        return display ? QVariant(locale.formattedDataSize(qint64(point.memoryBytes)))
                       : QVariant(point.memoryBytes);
    case MemoryLimitColumn:
        if (display)
            return point.memoryLimit ? locale.formattedDataSize(qint64(point.memoryLimit))
                                     : tr("none");
        return point.memoryLimit;
    case PidsColumn:
        return point.pids;
    case ReceivedColumn:
    case SentColumn: {
        const double rate =
            index.column() == ReceivedColumn ? point.receivedPerSecond : point.sentPerSecond;
        if (rate < 0)
            return display ? QVariant(tr("n/a")) : QVariant();
        return display ? QVariant(rateText(rate)) : QVariant(rate);
    }
    default:
        return {};
    }
}

QVariant StatsHistory::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AgeColumn:
        return tr("Time");
    case CpuColumn:
        return tr("CPU (100 % = one core)");
    case MemoryColumn:
        return tr("Memory");
    case MemoryLimitColumn:
        return tr("Memory limit");
    case PidsColumn:
        return tr("Processes");
    case ReceivedColumn:
        return tr("Received");
    case SentColumn:
        return tr("Sent");
    default:
        return {};
    }
}

} // namespace glassbox::details
