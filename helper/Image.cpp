// Image objects (see Image.h).
#include "Image.h"

#include "Authorizer.h"
#include "DBusSignals.h"
#include "HelperContext.h"
#include "HelperErrors.h"
#include "ImageAnalyses.h"
#include "Manager.h"
#include "Validation.h"
#include "Workers.h"

#include "glassbox/image/analysis.h"

#include <QDateTime>
#include <QPointer>

namespace {
QString coreError(const glassbox::Error &error)
{
    return QString::fromStdString(error.text());
}
} // namespace

Image::Image(HelperContext *context, Manager *manager, QString id, QObject *parent)
    : QObject(parent), m_context(context), m_manager(manager), m_id(std::move(id))
{
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
            {QStringLiteral("Created"), m_created}, {QStringLiteral("InUseBy"), m_inUseBy}};
}

void Image::refresh(const QStringList &inUseBy)
{
    const QVariantMap before = properties();
    m_inUseBy = inUseBy;
    if (auto record = m_context->images->image(m_id.toStdString())) {
        m_tags.clear();
        for (const auto &tag : record->tags)
            m_tags.append(QString::fromStdString(tag));
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
    DBusSignals::propertiesChanged(*m_context, path(), interfaceName(), before, properties());
}

void Image::authorized(const QString &action, const QString &verb, const QString &reference,
                       std::function<void(const QDBusMessage &)> work)
{
    setDelayedReply(true);
    const QDBusMessage call = message();
    QPointer<Image> self(this);
    m_context->authorizer->check(
        call, {action},
        {{QStringLiteral("image"), reference.isEmpty() ? m_id : reference},
         {QStringLiteral("verb"), verb}},
        [self, call, verb, work, bus = m_context->bus](bool ok) {
            if (!ok)
                return void(bus.send(call.createErrorReply(
                    GbErrors::notAuthorized(),
                    QStringLiteral("not authorized to %1 images").arg(verb))));
            if (!self)
                return void(bus.send(call.createErrorReply(
                    GbErrors::notFound(), QStringLiteral("the image was removed"))));
            work(call);
        });
}

/// What a store change on a worker answers: empty or the error's name and text.
struct StoreOutcome
{
    QString errorName;
    QString errorText;
};

namespace {

template <typename T> StoreOutcome outcomeOf(const glassbox::Result<T> &result)
{
    if (result)
        return {};
    return {result.error().code == EBUSY ? GbErrors::busy() : GbErrors::failed(),
            coreError(result.error())};
}

} // namespace

void Image::changeStore(const QDBusMessage &call, std::function<StoreOutcome()> change)
{
    // Behind the store's queue: an import holding the store lock (a slow pipe) delays the
    // change, not the event loop.
    QPointer<Manager> manager(m_manager);
    m_context->workers->store().run(
        std::move(change), [call, manager, bus = m_context->bus](StoreOutcome outcome) {
            if (!outcome.errorName.isEmpty())
                return void(bus.send(call.createErrorReply(outcome.errorName, outcome.errorText)));
            bus.send(call.createReply());
            if (manager)
                manager->syncImages();
        });
}

void Image::Remove(bool force)
{
    authorized(GbActions::images(), QStringLiteral("remove"), {},
               [this, force](const QDBusMessage &call) {
                   changeStore(call, [store = m_context->images.get(), id = m_id.toStdString(),
                                      force] { return outcomeOf(store->remove(id, force)); });
               });
}

void Image::Tag(const QString &reference)
{
    QString error;
    if (!Validation::isImageReference(reference, &error))
        return sendErrorReply(GbErrors::invalidArgument(), error);
    authorized(GbActions::images(), QStringLiteral("tag"), reference,
               [this, reference](const QDBusMessage &call) {
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
        return sendErrorReply(GbErrors::invalidArgument(), error);
    authorized(GbActions::images(), QStringLiteral("untag"), reference,
               [this, reference](const QDBusMessage &call) {
                   changeStore(call,
                               [store = m_context->images.get(), target = reference.toStdString()] {
                                   return outcomeOf(store->untag(target));
                               });
               });
}

GbLayerList Image::GetLayers()
{
    authorized(GbActions::view(), QStringLiteral("view"), {}, [this](const QDBusMessage &call) {
        struct Answer
        {
            GbLayerList layers;
            QString error;
        };
        m_context->workers->run(
            [store = m_context->images.get(), id = m_id.toStdString()] {
                Answer answer;
                if (!ImageAnalyses::layers(*store, id, &answer.layers, &answer.error))
                    answer.layers.clear();
                return answer;
            },
            [call, bus = m_context->bus](const Answer &answer) {
                bus.send(answer.error.isEmpty()
                             ? call.createReply(QVariant::fromValue(answer.layers))
                             : call.createErrorReply(GbErrors::failed(), answer.error));
            });
    });
    return {};
}

double Image::GetEfficiency(qulonglong &)
{
    authorized(GbActions::view(), QStringLiteral("view"), {}, [this](const QDBusMessage &call) {
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
            [call, bus = m_context->bus](const Answer &answer) {
                bus.send(answer.error.isEmpty()
                             ? call.createReply({answer.efficiency.efficiency,
                                                 qulonglong(answer.efficiency.wastedBytes)})
                             : call.createErrorReply(GbErrors::failed(), answer.error));
            });
    });
    return 0;
}

QString Image::Inspect()
{
    authorized(GbActions::view(), QStringLiteral("view"), {}, [this](const QDBusMessage &call) {
        // Takes the store's shared lock: waits on a worker while an import holds it.
        m_context->workers->run(
            [store = m_context->images.get(), id = m_id.toStdString()] {
                auto json = glassbox::image::inspectImageJson(*store, id);
                return json ? std::pair{QString::fromStdString(*json), QString()}
                            : std::pair{QString(), coreError(json.error())};
            },
            [call, bus = m_context->bus](const std::pair<QString, QString> &answer) {
                bus.send(answer.second.isEmpty()
                             ? call.createReply(answer.first)
                             : call.createErrorReply(GbErrors::failed(), answer.second));
            });
    });
    return {};
}
