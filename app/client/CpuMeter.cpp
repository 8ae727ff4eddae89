// CPU % from GetStats samples; see CpuMeter.h.
#include "CpuMeter.h"

namespace glassbox::client {

std::optional<double> CpuMeter::percent(const StatsSample &before, const StatsSample &after)
{
    if (after.timeNs <= before.timeNs || after.cpuNs < before.cpuNs)
        return std::nullopt;
    return 100.0 * double(after.cpuNs - before.cpuNs) / double(after.timeNs - before.timeNs);
}

double CpuMeter::update(const StatsSample &sample)
{
    const auto it = m_previous.constFind(sample.id);
    double rate = kNoRate;
    if (it != m_previous.cend()) {
        // The helper shares one sample for a short while: the same sample twice is no
        // interval, so keep the older one and report nothing new.
        if (sample.timeNs == it->timeNs)
            return kSameSample;
        rate = percent(*it, sample).value_or(kNoRate);
    }
    m_previous.insert(sample.id, sample);
    return rate;
}

void CpuMeter::retainOnly(const QStringList &ids)
{
    for (auto it = m_previous.begin(); it != m_previous.end();) {
        if (ids.contains(it.key()))
            ++it;
        else
            it = m_previous.erase(it);
    }
}

} // namespace glassbox::client
