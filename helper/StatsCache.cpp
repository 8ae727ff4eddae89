// Cached cgroup samples (see StatsCache.h).
#include "StatsCache.h"

#include "glassbox/container.h"

#include <ctime>

namespace glassbox::helper {

namespace {
quint64 monotonicNs()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return quint64(now.tv_sec) * 1'000'000'000ULL + quint64(now.tv_nsec);
}
} // namespace

std::optional<GbStats> StatsCache::sample(const glassbox::StateStore &runtime, const QString &id)
{
    const quint64 now = monotonicNs();
    auto cached = m_samples.constFind(id);
    if (cached != m_samples.constEnd() && now - cached->timeNs < kMaxAgeNs)
        return *cached;
    auto group = m_cgroups.constFind(id);
    if (group == m_cgroups.constEnd()) {
        auto info = glassbox::containerInfo(runtime, id.toStdString());
        if (!info || info->status == glassbox::ContainerStatus::Stopped ||
            info->state.cgroup.directories.empty()) {
            m_samples.remove(id);
            return std::nullopt;
        }
        group = m_cgroups.insert(id, info->state.cgroup);
    }
    auto stats = glassbox::cgroup::readStats(*group);
    if (!stats) {
        // The cgroup went with its container; the next sample asks the runtime again.
        forget(id);
        return std::nullopt;
    }
    GbStats sample;
    sample.id = id;
    sample.cpuNs = stats->cpuUsageNs.value_or(0);
    sample.memoryBytes = stats->memoryBytes.value_or(0);
    sample.memoryLimit = stats->memoryLimit.value_or(0);
    sample.pids = stats->pids.value_or(0);
    sample.pidsLimit = stats->pidsLimit.value_or(0);
    sample.oomKills = stats->oomKills.value_or(0);
    sample.timeNs = now;
    sample.inactiveFileBytes = stats->inactiveFileBytes.value_or(0);
    m_samples.insert(id, sample);
    return sample;
}

} // namespace glassbox::helper
