// Image objects (see Image.h).
#include "Image.h"

#include "Authorizer.h"
#include "DBusSignals.h"
#include "HelperContext.h"
#include "HelperErrors.h"
#include "Manager.h"
#include "Validation.h"

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
    QVariantMap changed;
    const QVariantMap after = properties();
    for (auto it = after.cbegin(); it != after.cend(); ++it)
        if (before.value(it.key()) != it.value())
            changed.insert(it.key(), it.value());
    DBusSignals::propertiesChanged(*m_context, path(), interfaceName(), changed);
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

void Image::Remove(bool force)
{
    authorized(GbActions::images(), QStringLiteral("remove"), {},
               [this, force](const QDBusMessage &call) {
                   auto removed = m_context->images->remove(m_id.toStdString(), force);
                   if (!removed)
                       return void(m_context->bus.send(call.createErrorReply(
                           removed.error().code == EBUSY ? GbErrors::busy() : GbErrors::failed(),
                           coreError(removed.error()))));
                   m_context->bus.send(call.createReply());
                   m_manager->syncImages();
               });
}

void Image::Tag(const QString &reference)
{
    QString error;
    if (!Validation::isImageReference(reference, &error))
        return sendErrorReply(GbErrors::invalidArgument(), error);
    authorized(GbActions::images(), QStringLiteral("tag"), reference,
               [this, reference](const QDBusMessage &call) {
                   auto tagged =
                       m_context->images->tag(m_id.toStdString(), reference.toStdString());
                   if (!tagged)
                       return void(m_context->bus.send(
                           call.createErrorReply(GbErrors::failed(), coreError(tagged.error()))));
                   m_context->bus.send(call.createReply());
                   m_manager->syncImages();
               });
}

void Image::Untag(const QString &reference)
{
    QString error;
    if (!Validation::isImageReference(reference, &error))
        return sendErrorReply(GbErrors::invalidArgument(), error);
    authorized(GbActions::images(), QStringLiteral("untag"), reference,
               [this, reference](const QDBusMessage &call) {
                   auto untagged = m_context->images->untag(reference.toStdString());
                   if (!untagged)
                       return void(m_context->bus.send(
                           call.createErrorReply(GbErrors::failed(), coreError(untagged.error()))));
                   m_context->bus.send(call.createReply());
                   m_manager->syncImages();
               });
}

GbLayerList Image::GetLayers()
{
    authorized(GbActions::view(), QStringLiteral("view"), {}, [this](const QDBusMessage &call) {
        auto analysis = glassbox::image::analyzeImage(*m_context->images, m_id.toStdString());
        if (!analysis)
            return void(m_context->bus.send(
                call.createErrorReply(GbErrors::failed(), coreError(analysis.error()))));
        GbLayerList layers;
        for (const auto &layer : analysis->layers)
            layers.append({QString::fromStdString(layer.digest),
                           QString::fromStdString(layer.layer.diffId), layer.layer.size,
                           layer.layer.fileCount, QString::fromStdString(layer.createdBy),
                           quint32(layer.layer.whiteouts), quint32(layer.layer.opaques)});
        m_context->bus.send(call.createReply(QVariant::fromValue(layers)));
    });
    return {};
}

double Image::GetEfficiency(qulonglong &)
{
    authorized(GbActions::view(), QStringLiteral("view"), {}, [this](const QDBusMessage &call) {
        auto analysis = glassbox::image::analyzeImage(*m_context->images, m_id.toStdString());
        if (!analysis)
            return void(m_context->bus.send(
                call.createErrorReply(GbErrors::failed(), coreError(analysis.error()))));
        m_context->bus.send(call.createReply(
            {analysis->efficiency.efficiency, qulonglong(analysis->efficiency.wastedBytes)}));
    });
    return 0;
}

QString Image::Inspect()
{
    authorized(GbActions::view(), QStringLiteral("view"), {}, [this](const QDBusMessage &call) {
        auto json = glassbox::image::inspectImageJson(*m_context->images, m_id.toStdString());
        if (!json)
            return void(m_context->bus.send(
                call.createErrorReply(GbErrors::failed(), coreError(json.error()))));
        m_context->bus.send(call.createReply(QString::fromStdString(*json)));
    });
    return {};
}
