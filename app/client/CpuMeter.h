// CPU % from cumulative GetStats samples, for every client (the containers list, the tray,
// the Resources tab's graph, `glassboxctl stats`): 100 % = one core busy for the whole
// interval.
#pragma once

#include "ObjectInfo.h"

#include <QHash>
#include <QStringList>

#include <optional>

namespace glassbox::client {

class CpuMeter
{
public:
    /// update()'s answers besides a rate.
    static constexpr double kNoRate = -1;
    static constexpr double kSameSample = -2;

    /// The rate between two samples of one container: the cgroup's CPU time delta over the
    /// monotonic time delta. None when time did not advance or the counter went backwards
    /// (a restarted container has a new cgroup).
    [[nodiscard]] static std::optional<double> percent(const StatsSample &before,
                                                       const StatsSample &after);

    /// Remembers `sample` and returns the rate since the previous sample of the same
    /// container, kNoRate when there is none, kSameSample when it is the very sample seen
    /// last time (the helper shares samples briefly: keep the last rate).
    double update(const StatsSample &sample);
    void forget(const QString &id) { m_previous.remove(id); }
    void retainOnly(const QStringList &ids);

private:
    QHash<QString, StatsSample> m_previous;
};

} // namespace glassbox::client
