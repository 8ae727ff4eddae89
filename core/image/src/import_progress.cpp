// Import progress. Reads come in blocks of up to 1 MiB (layer_extract.cpp), so the meter's
// arithmetic per read costs nothing measurable; the callback itself runs at most about a
// hundred times per import.
#include "import_progress.h"

#include <algorithm>
#include <cerrno>

namespace glassbox::image {

namespace {

constexpr double kStep = 0.01;
constexpr uint64_t kUnknownInterval = 8 << 20;

} // namespace

bool ProgressMeter::consumed(uint64_t bytes)
{
    m_read += bytes;
    if (!m_callback || m_cancelled)
        return !m_cancelled;
    if (m_total) {
        const double done = *m_total == 0 ? 1.0 : std::min(1.0, double(m_read) / *m_total);
        const double fraction = m_from + (m_to - m_from) * done;
        if (fraction < m_reported + kStep)
            return true;
        m_reported = fraction;
    } else {
        if (m_read < m_nextUnknown)
            return true;
        m_nextUnknown = m_read + kUnknownInterval;
    }
    m_cancelled = !m_callback(m_reported);
    return !m_cancelled;
}

void ProgressMeter::finished()
{
    if (m_callback && !m_cancelled)
        (void)m_callback(1.0);
}

Result<size_t> MeteredSource::read(char *buffer, size_t size)
{
    auto n = m_source.read(buffer, size);
    if (n && !m_meter.consumed(*n))
        return makeError(ECANCELED, "import cancelled");
    return n;
}

} // namespace glassbox::image
