// Layer lists and cached efficiency of images (see ImageAnalyses.h).
#include "ImageAnalyses.h"

#include "glassbox/image/analysis.h"

#include <QMutexLocker>

namespace glassbox::helper {

namespace {

QString coreError(const glassbox::Error &error)
{
    return QString::fromStdString(error.text());
}

} // namespace

bool ImageAnalyses::layers(const glassbox::image::ImageStore &store, const std::string &imageId,
                           GbLayerList *out, QString *error)
{
    auto image = store.image(imageId);
    if (!image) {
        *error = coreError(image.error());
        return false;
    }
    auto recorded = glassbox::image::recordedLayers(store, *image);
    if (!recorded) {
        *error = coreError(recorded.error());
        return false;
    }
    for (const auto &layer : *recorded)
        out->append({QString::fromStdString(layer.digest),
                     QString::fromStdString(layer.layer.diffId), layer.layer.size,
                     layer.layer.fileCount, QString::fromStdString(layer.createdBy),
                     quint32(layer.layer.whiteouts), quint32(layer.layer.opaques)});
    return true;
}

bool ImageAnalyses::efficiency(const glassbox::image::ImageStore &store, const std::string &imageId,
                               Efficiency *out, QString *error)
{
    auto image = store.image(imageId);
    if (!image) {
        *error = coreError(image.error());
        return false;
    }
    if (image->layers.empty()) {
        *out = {};
        return true;
    }
    const QString key = QString::fromStdString(image->layers.back().chainId);
    {
        QMutexLocker locker(&m_mutex);
        if (auto it = m_byTopChainId.constFind(key); it != m_byTopChainId.cend()) {
            *out = *it;
            return true;
        }
    }
    // A miss: scanned without the mutex (other images' cached answers stay available), under
    // the store's shared lock so no layer of the stack is deleted mid-scan.
    auto analysis = glassbox::image::analyzeImage(store, imageId);
    if (!analysis) {
        *error = coreError(analysis.error());
        return false;
    }
    const Efficiency result{analysis->efficiency.efficiency, analysis->efficiency.totalBytes,
                            analysis->efficiency.wastedBytes};
    QMutexLocker locker(&m_mutex);
    if (!m_byTopChainId.contains(key)) {
        if (m_order.size() >= kCapacity)
            m_byTopChainId.remove(m_order.dequeue());
        m_order.enqueue(key);
        m_byTopChainId.insert(key, result);
    }
    *out = result;
    return true;
}

} // namespace glassbox::helper
