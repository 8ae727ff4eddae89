// Cached cgroup samples (see StatsCache.h).
#include "StatsCache.h"

#include "glassbox/container.h"
#include "glassbox/file_io.h"
#include "glassbox/state.h"

#include <QByteArray>
#include <QList>

#include <ctime>

namespace glassbox::helper {

namespace {
quint64 monotonicNs()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return quint64(now.tv_sec) * 1'000'000'000ULL + quint64(now.tv_nsec);
}

/// Bytes received and sent by the interfaces of the network namespace `pid` is in, loopback
/// left out: /proc/<pid>/net/dev (two header lines, then "name: rx bytes, 7 more, tx bytes...").
std::optional<std::pair<quint64, quint64>> networkBytes(int pid)
{
    auto text = glassbox::readFile("/proc/" + std::to_string(pid) + "/net/dev", 1 << 20);
    if (!text)
        return std::nullopt;
    quint64 rx = 0;
    quint64 tx = 0;
    const QList<QByteArray> lines = QByteArray::fromStdString(*text).split('\n');
    for (qsizetype i = 2; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon < 0 || lines.at(i).left(colon).trimmed() == "lo")
            continue;
        const QList<QByteArray> fields = lines.at(i).mid(colon + 1).simplified().split(' ');
        if (fields.size() < 9)
            continue;
        rx += fields.at(0).toULongLong();
        tx += fields.at(8).toULongLong();
    }
    return std::pair{rx, tx};
}

} // namespace

std::optional<GbStats> StatsCache::sample(const glassbox::StateStore &runtime, const QString &id,
                                          bool ownNetwork)
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
        m_inits.insert(id, {info->state.pid, info->state.pidStartTime});
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
    if (const Init init = m_inits.value(id);
        ownNetwork && init.pid > 0 && glassbox::processStartTime(pid_t(init.pid)) == init.startTime)
        if (const auto bytes = networkBytes(init.pid)) {
            sample.rxBytes = bytes->first;
            sample.txBytes = bytes->second;
        }
    m_samples.insert(id, sample);
    return sample;
}

} // namespace glassbox::helper
