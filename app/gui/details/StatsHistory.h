// The Resources and Network tabs' data: the last five minutes of one container's GetStats
// samples as rates (CPU % and network bytes per second from two samples, 100 % = one core),
// a fixed window of at most 300 rows.
#pragma once

#include "ObjectInfo.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointF>

#include <optional>

namespace glassbox::details {

class StatsHistory : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        AgeColumn,
        CpuColumn,
        MemoryColumn,
        MemoryLimitColumn,
        PidsColumn,
        ReceivedColumn,
        SentColumn,
        ColumnCount
    };

    static constexpr int kMaxPoints = 300;
    static constexpr qint64 kWindowNs = 300'000'000'000; // 5 minutes at 1 s

    struct Point
    {
        quint64 timeNs = 0;      // CLOCK_MONOTONIC of the sample
        double cpuPercent = -1;  // -1: no earlier sample to compare with
        quint64 memoryBytes = 0; // in use as docker stats counts it: less the inactive cache
        quint64 cacheBytes = 0;  // the inactive file cache the cgroup holds besides
        quint64 memoryLimit = 0; // 0: none
        quint64 pids = 0;
        quint64 pidsLimit = 0;
        quint64 oomKills = 0;
        double receivedPerSecond = -1; // network bytes; -1: no earlier sample to compare with
        double sentPerSecond = -1;
    };

    /// Bytes per second between two readings of a cumulative counter; none when time did not
    /// advance or the counter went back (a restart made a new network namespace).
    static std::optional<double> perSecond(quint64 before, quint64 after, quint64 beforeNs,
                                           quint64 afterNs);
    /// "1.5 KiB/s" in the user's locale; "n/a" for an unknown rate (< 0).
    static QString rateText(double bytesPerSecond);

    using QAbstractTableModel::QAbstractTableModel;

    /// Appends one sample (ignored when not newer than the last), dropping rows that fall
    /// out of the window or exceed kMaxPoints.
    void addSample(const glassbox::client::StatsSample &sample);
    void clear();

    const QList<Point> &points() const { return m_points; }
    std::optional<Point> latest() const;
    /// (seconds relative to the newest sample, value) for charting: x in [-300, 0].
    QList<QPointF> cpuSeries() const;
    /// Memory in use (without the inactive file cache) in MiB.
    QList<QPointF> memorySeries() const;
    /// Network bytes per second received and sent by the container's interfaces.
    QList<QPointF> receivedSeries() const;
    QList<QPointF> sentSeries() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    double ageSeconds(const Point &point) const;
    QList<QPointF> rateSeries(double Point::*rate) const;

    QList<Point> m_points;
    std::optional<glassbox::client::StatsSample> m_previous;
    // The time the ages count from: the newest sample's. Kept apart from m_points so that the
    // ages move (with their dataChanged) before the new sample's row comes in, not inside it.
    quint64 m_newestNs = 0;
};

} // namespace glassbox::details
