// GetStats samples: cgroup counters read on demand and kept for a short while so that several
// clients polling at once share one read of the kernel's files.
#pragma once

#include "DBusTypes.h"

#include "glassbox/cgroup/cgroup.h"

#include <QHash>
#include <QString>
#include <optional>

namespace glassbox {
class StateStore;
}

namespace glassbox::helper {

class StatsCache
{
public:
    static constexpr quint64 kMaxAgeNs = 500'000'000;

    /// The container's counters, from the cache when younger than kMaxAgeNs; nullopt when
    /// the container has no live cgroup. `ownNetwork`: its network namespace is its own
    /// (not the host's), so its interfaces' byte counters are the container's.
    [[nodiscard]] std::optional<GbStats> sample(const glassbox::StateStore &runtime,
                                                const QString &id, bool ownNetwork);
    void forget(const QString &id)
    {
        m_samples.remove(id);
        m_cgroups.remove(id);
        m_inits.remove(id);
    }

private:
    QHash<QString, GbStats> m_samples;
    /// Each running container's cgroup directories, learnt once from the runtime's state
    /// file: a poll then reads only the kernel's counter files (1 Hz polling of 100
    /// containers must stay well under 1% of a core).
    QHash<QString, glassbox::cgroup::Cgroup> m_cgroups;
    /// Each running container's init (pid and start time, so a reused pid is never read):
    /// /proc/<pid>/net/dev counts the bytes of the namespace it is in.
    struct Init
    {
        int pid = 0;
        unsigned long long startTime = 0;
    };
    QHash<QString, Init> m_inits;
};

} // namespace glassbox::helper
