// Import progress (see ImportProgress in import.h): a meter of the layer bytes an import
// reads, and the ByteSource wrapper that feeds it and turns a cancel into a failed read.
#pragma once

#include "glassbox/image/byte_source.h"
#include "glassbox/image/import.h"

#include <cstdint>
#include <optional>

namespace glassbox::image {

class ProgressMeter
{
public:
    /// `total`: the layer bytes the import will read; nullopt when unknown.
    ProgressMeter(const ImportProgress &callback, std::optional<uint64_t> total)
        : m_callback(callback), m_total(total)
    {
    }

    /// Counts `bytes` read and calls back when the fraction moved enough; false once the
    /// callback asked to cancel.
    [[nodiscard]] bool consumed(uint64_t bytes);
    /// The import succeeded: reports 1.
    void finished();
    [[nodiscard]] bool cancelled() const { return m_cancelled; }

private:
    const ImportProgress &m_callback;
    std::optional<uint64_t> m_total;
    uint64_t m_read = 0;
    uint64_t m_nextUnknown = 0; ///< with an unknown total: m_read at the next call
    double m_reported = 0;
    bool m_cancelled = false;
};

/// Reads through `source`, counting into `meter`; fails with ECANCELED once it cancelled.
class MeteredSource : public ByteSource
{
public:
    MeteredSource(ByteSource &source, ProgressMeter &meter) : m_source(source), m_meter(meter) {}
    [[nodiscard]] Result<size_t> read(char *buffer, size_t size) override;
    [[nodiscard]] std::optional<uint64_t> size() const override { return m_source.size(); }

private:
    ByteSource &m_source;
    ProgressMeter &m_meter;
};

} // namespace glassbox::image
