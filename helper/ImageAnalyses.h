// What the layer views need of an image: its layers from the store's records (no scan), and
// dive's efficiency, which scans every file of every layer, cached. A layer stack is named by
// its top layer's chain ID, the digest of that layer and every layer below it: layers are
// content-addressed and never change, so a cached analysis is valid for as long as it is kept.
// Called on worker threads; the cache is shared under a mutex.
#pragma once

#include "DBusTypes.h"

#include "glassbox/image/image_store.h"

#include <QHash>
#include <QMutex>
#include <QQueue>
#include <QString>

#include <string>

namespace glassbox::helper {

class ImageAnalyses
{
public:
    struct Efficiency
    {
        double efficiency = 1.0;
        quint64 totalBytes = 0;
        quint64 wastedBytes = 0;
    };

    /// The image's layers, bottom first, as the store recorded them at import. Lock-free
    /// reads of immutable records, as the image objects' properties are: an image removed
    /// meanwhile is an error.
    [[nodiscard]] static bool layers(const glassbox::image::ImageStore &store,
                                     const std::string &imageId, GbLayerList *out, QString *error);

    /// The image's efficiency: from the cache, or scanned under the store's shared lock
    /// (waiting for an import that holds it) and then cached.
    [[nodiscard]] bool efficiency(const glassbox::image::ImageStore &store,
                                  const std::string &imageId, Efficiency *out, QString *error);

    /// Analyses kept; the oldest goes first. Each is three numbers.
    static constexpr qsizetype kCapacity = 256;

private:
    QMutex m_mutex;
    QHash<QString, Efficiency> m_byTopChainId;
    QQueue<QString> m_order;
};

} // namespace glassbox::helper
