// The quantity parsers on QStrings; see Quantities.h.
#include "Quantities.h"

#include <cmath>

namespace glassbox::client {
namespace {

/// A parser of glassbox/quantities.h on a QString: the value, or false with its message.
template <typename T, typename Parse>
bool parsed(Parse parse, const QString &text, T *out, QString *why)
{
    auto result = parse(text.toStdString());
    if (!result) {
        if (why)
            *why = QString::fromStdString(result.error().message);
        return false;
    }
    *out = T(*result);
    return true;
}

} // namespace

bool parseSize(const QString &text, quint64 *bytes, QString *why)
{
    return parsed(glassbox::quantity::parseSize, text, bytes, why);
}

bool parseMemoryLimit(const QString &text, quint64 *bytes, QString *why)
{
    quint64 value = 0;
    if (!parseSize(text, &value, why))
        return false;
    if (auto checked = glassbox::quantity::checkMemoryLimit(value); !checked) {
        if (why)
            *why = QString::fromStdString(checked.error().message);
        return false;
    }
    *bytes = value;
    return true;
}

bool parseSignal(const QString &text, int *signal, QString *why)
{
    return parsed(glassbox::quantity::parseSignal, text, signal, why);
}

bool parseCpus(const QString &text, qint64 *quota, quint64 *period, QString *why)
{
    glassbox::quantity::CpuLimit limit;
    if (!parsed(glassbox::quantity::parseCpus, text, &limit, why))
        return false;
    *quota = limit.quota;
    *period = limit.period;
    return true;
}

std::optional<glassbox::quantity::CpuLimit> cpuLimitFromCores(double cores, QString *why)
{
    using glassbox::quantity::kCpuPeriod;
    // Out of range before the conversion: llround of a huge double is undefined.
    constexpr double kMaxCores = double(glassbox::quantity::kMaxCpuQuota) / kCpuPeriod;
    const qint64 quota = std::isfinite(cores) && cores > 0 && cores <= kMaxCores
                             ? std::llround(cores * kCpuPeriod)
                             : 0;
    // 0 (what a spin box at its minimum holds, or a value out of range) is refused here.
    if (auto checked = glassbox::quantity::checkCpuQuota(quota); !checked) {
        if (why)
            *why = QString::fromStdString(checked.error().message);
        return std::nullopt;
    }
    return glassbox::quantity::CpuLimit{quota, kCpuPeriod};
}

bool parsePidsLimit(const QString &text, qint64 *limit, QString *why)
{
    return parsed(glassbox::quantity::parsePidsLimit, text, limit, why);
}

bool checkUserSpec(const QString &text, QString *why)
{
    if (auto spec = glassbox::quantity::parseUserSpec(text.toStdString()); !spec) {
        if (why)
            *why = QString::fromStdString(spec.error().message);
        return false;
    }
    return true;
}

} // namespace glassbox::client
