// How the desktop application writes sizes, durations, times and CPU rates: localized,
// translated, pure functions (the current time is passed in) so they are unit-tested.
#pragma once

#include "model.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>

namespace Format {

/// "0 B", "1.5 MiB" in the user's locale.
QString size(quint64 bytes);
/// "512 MiB / 1 GiB", or "512 MiB" without a limit (limit 0).
QString memory(quint64 used, quint64 limit);
/// "45 s", "12 min", "3 h 5 min", "4 days".
QString duration(quint64 microseconds);
/// The state column's text: "Running", "Up 5 min" style detail lives in status().
QString stateName(const QString &state);
/// "Up 12 min", "Paused", "Exited (0)", "Exited (137, out of memory)", "Created".
QString status(const glassbox::ctl::ContainerInfo &container, quint64 nowUs);
/// "12.5 %" (one decimal), "" for an unknown rate (< 0).
QString cpuPercent(double percent);
/// A date and time in the user's locale; "" for 0.
QString timestamp(quint64 microseconds);

/// The current time in microseconds since the epoch.
quint64 nowUs();

} // namespace Format

/// CPU % from two cumulative GetStats samples of one container: the cgroup's CPU time
/// delta over the monotonic time delta, 100 % = one core busy for the whole interval.
class CpuMeter
{
public:
    /// Remembers `sample` and returns the rate since the previous sample of the same
    /// container, -1 when there is none (or the counter went backwards), -2 when it is the
    /// very sample seen last time (the helper shares samples briefly: keep the last rate).
    double update(const glassbox::ctl::StatsSample &sample);
    void forget(const QString &id) { m_previous.remove(id); }
    void retainOnly(const QStringList &ids);

    static double percent(quint64 cpuBeforeNs, quint64 timeBeforeNs, quint64 cpuAfterNs,
                          quint64 timeAfterNs);

private:
    QHash<QString, glassbox::ctl::StatsSample> m_previous;
};
