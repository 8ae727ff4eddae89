// PullImage's job (see ImagePull.h).
#include "ImagePull.h"

#include "HelperContext.h"
#include "HelperError.h"
#include "Validation.h"
#include "Workers.h"

#include "glassbox/image/reference.h"

#include <memory>
#include <set>

namespace glassbox::helper {

namespace {

/// A credential's parts: bounded, and no control characters (they would end up in a header).
bool checkCredential(const QString &key, const QVariant &value, QString *out, QString *error)
{
    if (value.metaType() != QMetaType::fromType<QString>()) {
        *error = QStringLiteral("option %1 must be a string").arg(key);
        return false;
    }
    *out = value.toString();
    // Identity tokens of some registries run to a few kilobytes; nothing needs more.
    if (out->size() > 16384) {
        *error = QStringLiteral("option %1 is longer than 16384 characters").arg(key);
        return false;
    }
    for (const QChar c : std::as_const(*out))
        if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
            *error = QStringLiteral("option %1 holds a control character").arg(key);
            return false;
        }
    return true;
}

/// The job's view of the pull: each layer's state, and the fraction of the whole.
class PullProgress
{
public:
    /// Updates from `event`; the layers as Job1.Layers shows them.
    GbJobLayerList update(const glassbox::image::PullEvent &event)
    {
        using Kind = glassbox::image::PullEvent::Kind;
        if (m_states.size() != event.layers.size())
            m_states.assign(event.layers.size(), QStringLiteral("waiting"));
        const size_t i = event.layer;
        switch (event.kind) {
        case Kind::Resolved:
            break;
        case Kind::Downloading:
            m_states[i] = QStringLiteral("downloading");
            break;
        case Kind::Downloaded:
            m_states[i] =
                event.layers[i].present ? QStringLiteral("present") : QStringLiteral("downloaded");
            break;
        case Kind::Extracting:
            for (size_t j = 0; j < i; ++j)
                if (m_states[j] == QLatin1String("extracting") ||
                    m_states[j] == QLatin1String("downloaded"))
                    m_states[j] = QStringLiteral("extracted");
            m_states[i] = QStringLiteral("extracting");
            ++m_extracting;
            break;
        case Kind::Done:
            for (QString &state : m_states)
                if (state != QLatin1String("present"))
                    state = QStringLiteral("extracted");
            break;
        }
        GbJobLayerList layers;
        for (size_t j = 0; j < event.layers.size(); ++j) {
            const auto &layer = event.layers[j];
            layers.append(
                {QString::fromStdString(layer.digest), m_states[j], layer.done, layer.size});
        }
        return layers;
    }

    /// Nine tenths for the bytes downloaded, the last tenth as layers are extracted.
    [[nodiscard]] double fraction(const glassbox::image::PullEvent &event) const
    {
        quint64 total = 0;
        quint64 done = 0;
        size_t missing = 0;
        for (const auto &layer : event.layers)
            if (!layer.present) {
                total += layer.size;
                done += layer.done;
                ++missing;
            }
        const double downloaded = total == 0 ? 1.0 : double(done) / double(total);
        const double extracted = missing == 0 ? 0.0 : double(m_extracting) / double(missing + 1);
        return std::min(0.99, 0.9 * downloaded + 0.1 * extracted);
    }

private:
    std::vector<QString> m_states;
    size_t m_extracting = 0;
};

} // namespace

bool parsePullOptions(const QString &reference, const QVariantMap &options, PullRequest *request,
                      QString *error)
{
    if (!Validation::isImageReference(reference, error))
        return false;
    request->reference = reference;
    QString username;
    QString password;
    for (auto it = options.begin(); it != options.end(); ++it) {
        if (it.key() == QLatin1String("Username")) {
            if (!checkCredential(it.key(), it.value(), &username, error))
                return false;
        } else if (it.key() == QLatin1String("Password")) {
            if (!checkCredential(it.key(), it.value(), &password, error))
                return false;
        } else {
            *error = QStringLiteral("unknown option %1").arg(Validation::quoted(it.key()));
            return false;
        }
    }
    if (!username.isEmpty() || !password.isEmpty())
        request->credentials =
            glassbox::image::Credentials{username.toStdString(), password.toStdString()};
    return true;
}

PullJob makePullJob(HelperContext *context, PullRequest request)
{
    // The store as the pull found it, for the undo: where the reference pointed, which images
    // there were. Written by the work's thread, read by the undo after it ended.
    struct Before
    {
        std::optional<std::string> referenced;
        std::set<std::string> images;
    };
    auto before = std::make_shared<Before>();
    const std::string reference = request.reference.toStdString();
    auto work = [context, request = std::move(request), before,
                 reference](const Job::Progress &progress, const Job::Cancelled &cancelled,
                            const Job::LayersReport &layers) -> Job::Outcome {
        if (auto id = context->images->resolve(reference))
            before->referenced = *id;
        for (const auto &image :
             context->images->images().value_or(std::vector<glassbox::image::ImageRecord>{}))
            before->images.insert(image.id);
        glassbox::image::PullOptions options;
        options.credentials = request.credentials;
        auto registries =
            glassbox::image::loadRegistriesConf(context->config.registriesConf.toStdString());
        if (!registries)
            return {false, {}, HelperError::fromCore(registries.error()).text};
        options.registries = std::move(*registries);
        options.certDirectory = context->config.certsDirectory.toStdString();
        options.cancelled = cancelled;
        PullProgress view;
        options.observer = [&](const glassbox::image::PullEvent &event) {
            layers(view.update(event));
            return progress(view.fraction(event));
        };
        auto pulled = glassbox::image::pullImage(*context->images, reference, options);
        // The log names the pull and how it ended; never a credential.
        if (!pulled) {
            const QString error = HelperError::fromCore(pulled.error()).text;
            qInfo("pull of %s failed: %s", reference.c_str(), qPrintable(error));
            return {false, {}, error};
        }
        qInfo("pulled %s from %s: image %s, %zu layers downloaded (%llu bytes), %zu present",
              pulled->reference.c_str(), pulled->registry.c_str(), pulled->imageId.c_str(),
              pulled->layersDownloaded, static_cast<unsigned long long>(pulled->bytesDownloaded),
              pulled->layersPresent);
        return {true, QString::fromStdString(pulled->imageId), {}};
    };
    auto undo = [context, before, reference](const QString &imageId, std::function<void()> done) {
        const std::string id = imageId.toStdString();
        if (before->referenced == id)
            return done(); // the reference named this image already: nothing changed
        context->workers->store().run(
            [images = context->images.get(), id, before, reference] {
                if (!before->images.contains(id))
                    (void)images->remove(id, true);
                else if (reference.find('@') == std::string::npos)
                    (void)images->untag(reference);
                if (before->referenced)
                    (void)images->tag(*before->referenced, reference);
            },
            std::move(done));
    };
    return {work, undo};
}

} // namespace glassbox::helper
