// Image objects (see Image.h).
#include "Image.h"

#include "HelperContext.h"
#include "ImageAnalyses.h"
#include "Manager.h"
#include "Validation.h"
#include "Workers.h"

#include "glassbox/image/analysis.h"

#include <QDateTime>
#include <QPointer>

namespace glassbox::helper {

namespace api = glassbox::api;

Image::Image(HelperContext *context, Manager *manager, QString id, QObject *parent)
    : BusObject(context, interfaceName(),
                HelperError::notFound(QStringLiteral("the image was removed")), parent),
      m_manager(manager), m_id(std::move(id))
{
    publishChanges(); // what InterfacesAdded tells first
}

QString Image::objectPath(const QString &id)
{
    QString hex = id;
    hex.remove(QStringLiteral("sha256:"));
    return QStringLiteral("/org/glassbox/Manager1/image/") + hex.left(16);
}

QVariantMap Image::properties() const
{
    return {{QStringLiteral("Id"), m_id},           {QStringLiteral("Tags"), m_tags},
            {QStringLiteral("Size"), m_size},       {QStringLiteral("LayerCount"), m_layerCount},
            {QStringLiteral("Created"), m_created}, {QStringLiteral("InUseBy"), m_inUseBy},
            {QStringLiteral("Digests"), m_digests}, {QStringLiteral("Source"), m_source}};
}

void Image::refresh(const QStringList &inUseBy)
{
    m_inUseBy = inUseBy;
    if (auto record = m_context->images->image(m_id.toStdString())) {
        m_tags.clear();
        for (const auto &tag : record->tags)
            m_tags.append(QString::fromStdString(tag));
        m_digests.clear();
        for (const auto &digest : record->repoDigests)
            m_digests.append(QString::fromStdString(digest));
        m_source = QString::fromStdString(record->source);
        m_layerCount = uint(record->layers.size());
        m_size = 0;
        for (const auto &layer : record->layers)
            if (auto info = m_context->images->layers().get(layer.chainId))
                m_size += info->size;
        if (auto config = m_context->images->config(*record))
            m_created = quint64(QDateTime::fromString(QString::fromStdString(config->created),
                                                      Qt::ISODateWithMs)
                                    .toMSecsSinceEpoch()) *
                        1000;
    }
    publishChanges();
}

BusObject::Authorization Image::asking(const QString &action, const QString &verb,
                                       const QString &reference) const
{
    return {{action},
            {{QStringLiteral("image"), reference.isEmpty() ? m_id : reference},
             {QStringLiteral("verb"), verb}},
            QStringLiteral("not authorized to %1 images").arg(verb)};
}

namespace {

template <typename T> HelperResult<void> outcomeOf(const glassbox::Result<T> &result)
{
    if (result)
        return {};
    HelperError error = HelperError::fromCore(result.error());
    if (result.error().code == EBUSY)
        error.kind = HelperError::Kind::Busy;
    return tl::unexpected(error);
}

} // namespace

void Image::changeStore(const BusCall &call, std::function<HelperResult<void>()> change)
{
    // Behind the store's queue: an import holding the store lock (a slow pipe) delays the
    // change, not the event loop.
    m_context->workers->store().run(
        std::move(change),
        [call, manager = QPointer<Manager>(m_manager)](const HelperResult<void> &outcome) {
            if (!outcome)
                return call.fail(outcome.error());
            call.reply();
            if (manager)
                manager->syncImages();
        });
}

void Image::Remove(bool force)
{
    authorized(asking(api::action::kImages, QStringLiteral("remove")),
               [this, force](const BusCall &call) {
                   changeStore(call, [store = m_context->images.get(), id = m_id.toStdString(),
                                      force] { return outcomeOf(store->remove(id, force)); });
               });
}

void Image::Tag(const QString &reference)
{
    QString error;
    if (!Validation::isImageReference(reference, &error))
        return sendErrorReply(api::error::kInvalidArgument, error);
    authorized(asking(api::action::kImages, QStringLiteral("tag"), reference),
               [this, reference](const BusCall &call) {
                   changeStore(call, [store = m_context->images.get(), id = m_id.toStdString(),
                                      target = reference.toStdString()] {
                       return outcomeOf(store->tag(id, target));
                   });
               });
}

void Image::Untag(const QString &reference)
{
    QString error;
    if (!Validation::isImageReference(reference, &error))
        return sendErrorReply(api::error::kInvalidArgument, error);
    authorized(asking(api::action::kImages, QStringLiteral("untag"), reference),
               [this, reference](const BusCall &call) {
                   changeStore(call,
                               [store = m_context->images.get(), target = reference.toStdString()] {
                                   return outcomeOf(store->untag(target));
                               });
               });
}

GbLayerList Image::GetLayers()
{
    authorized(asking(api::action::kView, QStringLiteral("view")), [this](const BusCall &call) {
        answerFromWorker(call,
                         [store = m_context->images.get(),
                          id = m_id.toStdString()]() -> HelperResult<QVariantList> {
                             GbLayerList layers;
                             QString error;
                             if (!ImageAnalyses::layers(*store, id, &layers, &error))
                                 return tl::unexpected(HelperError::failed(error));
                             return QVariantList{QVariant::fromValue(layers)};
                         });
    });
    return {};
}

double Image::GetEfficiency(qulonglong &)
{
    authorized(asking(api::action::kView, QStringLiteral("view")), [this](const BusCall &call) {
        struct Answer
        {
            ImageAnalyses::Efficiency efficiency;
            QString error;
        };
        // The analyses' queue: a second caller of an image being scanned waits for the first
        // scan and finds it cached.
        m_context->workers->analyses().run(
            [store = m_context->images.get(), analyses = m_context->analyses,
             id = m_id.toStdString()] {
                Answer answer;
                (void)analyses->efficiency(*store, id, &answer.efficiency, &answer.error);
                return answer;
            },
            [call](const Answer &answer) {
                if (!answer.error.isEmpty())
                    return call.fail(HelperError::failed(answer.error));
                call.reply(
                    {answer.efficiency.efficiency, qulonglong(answer.efficiency.wastedBytes)});
            });
    });
    return 0;
}

QString Image::Inspect()
{
    authorized(asking(api::action::kView, QStringLiteral("view")), [this](const BusCall &call) {
        // Takes the store's shared lock: waits on a worker while an import holds it.
        answerFromWorker(call,
                         [store = m_context->images.get(),
                          id = m_id.toStdString()]() -> HelperResult<QVariantList> {
                             auto json = glassbox::image::inspectImageJson(*store, id);
                             if (!json)
                                 return tl::unexpected(HelperError::fromCore(json.error()));
                             return QVariantList{QString::fromStdString(*json)};
                         });
    });
    return {};
}

} // namespace glassbox::helper
