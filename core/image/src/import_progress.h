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
    /// `total`: the layer bytes the import will read; nullopt when unknown. Reading them moves
    /// the fraction from `from` to `to`: an import that first indexes a compressed archive
    /// gives the index pass one meter (0 to kIndexShare) and the layers another (from there).
    ProgressMeter(const ImportProgress &callback, std::optional<uint64_t> total, double from = 0,
                  double to = kMaxWhileReading)
        : m_callback(callback), m_total(total), m_from(from), m_to(to), m_reported(from)
    {
    }

    /// Reading is not the whole import: digests are compared, records and tags written after.
    static constexpr double kMaxWhileReading = 0.99;
    /// The share of the bar for the pass that indexes a compressed archive: it decompresses the
    /// whole archive once before the first layer is read (each layer pass then decompresses
    /// again up to its member), so it is a good part of the work, yet not most of it.
    static constexpr double kIndexShare = 0.3;

    /// Counts `bytes` read and calls back when the fraction moved enough; false once the
    /// callback asked to cancel.
    [[nodiscard]] bool consumed(uint64_t bytes);
    /// Counts up to `position` bytes read in all (a meter fed by an offset).
    [[nodiscard]] bool reached(uint64_t position)
    {
        return consumed(position > m_read ? position - m_read : 0);
    }
    /// The import succeeded: reports 1.
    void finished();
    [[nodiscard]] bool cancelled() const { return m_cancelled; }

private:
    const ImportProgress &m_callback;
    std::optional<uint64_t> m_total;
    double m_from;
    double m_to;
    uint64_t m_read = 0;
    uint64_t m_nextUnknown = 0; ///< with an unknown total: m_read at the next call
    double m_reported;
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
