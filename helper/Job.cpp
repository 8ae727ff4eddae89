// Job objects (see Job.h).
#include "Job.h"

#include <QPointer>
#include <QThread>
#include <QTimer>

namespace glassbox::helper {

namespace {

/// At most ten Progress signals a second, however often the work reports.
constexpr qint64 kProgressIntervalMs = 100;

} // namespace

Job::Job(HelperContext *context, quint64 number, QString kind, std::optional<uint> starterUid,
         Work work, Undo undo, QObject *parent)
    : BusObject(context, interfaceName(), HelperError::notFound(QStringLiteral("no such job")),
                parent),
      m_number(number), m_kind(std::move(kind)), m_starterUid(starterUid), m_work(std::move(work)),
      m_undo(std::move(undo))
{
    publishChanges(); // what InterfacesAdded tells first
}

QString Job::path() const
{
    return QStringLiteral("/org/glassbox/Manager1/job/%1").arg(m_number);
}

QVariantMap Job::properties() const
{
    return {{QStringLiteral("Kind"), m_kind},
            {QStringLiteral("Progress"), m_progress},
            {QStringLiteral("State"), m_state},
            {QStringLiteral("Error"), m_error},
            {QStringLiteral("Result"), m_result},
            {QStringLiteral("Layers"), QVariant::fromValue(m_layers)}};
}

void Job::run()
{
    auto *outcome = new Outcome;
    // The job outlives its thread (it is deleted a minute after complete()), so the work may
    // report through `this`.
    Progress progress = [this](double fraction) {
        return report(fraction);
    };
    Cancelled cancelled = [this] {
        return m_cancelled.load();
    };
    LayersReport layers = [this](const GbJobLayerList &list) {
        reportLayers(list);
    };
    QThread *thread = QThread::create([work = m_work, progress, cancelled, layers, outcome] {
        *outcome = work(progress, cancelled, layers);
    });
    QPointer<Job> self(this);
    connect(thread, &QThread::finished, this, [this, thread, outcome] {
        thread->deleteLater();
        complete(*outcome);
        delete outcome;
    });
    thread->start();
}

bool Job::report(double fraction)
{
    // The work's thread: only atomics here; the property changes in the job's thread.
    m_reported.store(fraction);
    queuePublish();
    return !m_cancelled;
}

void Job::reportLayers(const GbJobLayerList &layers)
{
    {
        std::lock_guard lock(m_reportedLayersMutex);
        m_reportedLayers = layers;
    }
    queuePublish();
}

void Job::queuePublish()
{
    if (!m_publishQueued.exchange(true))
        QMetaObject::invokeMethod(this, &Job::publishProgress, Qt::QueuedConnection);
}

void Job::publishProgress()
{
    if (m_sinceProgressSignal.isValid() && m_sinceProgressSignal.elapsed() < kProgressIntervalMs) {
        QTimer::singleShot(int(kProgressIntervalMs - m_sinceProgressSignal.elapsed()), this,
                           &Job::publishProgress);
        return;
    }
    // Cleared before the value is read: a report after this line queues the next call.
    m_publishQueued = false;
    const double fraction = m_reported.load();
    std::optional<GbJobLayerList> layers;
    {
        std::lock_guard lock(m_reportedLayersMutex);
        layers.swap(m_reportedLayers);
    }
    const bool layersChanged = layers && *layers != m_layers;
    if (!running() || (fraction <= m_progress && !layersChanged))
        return;
    m_progress = std::max(m_progress, fraction);
    if (layersChanged)
        m_layers = std::move(*layers);
    m_sinceProgressSignal.start();
    publishChanges(); // Progress and a pull's Layers: nothing else changes while the job runs
}

void Job::complete(const Outcome &outcome)
{
    if (m_cancelled) {
        if (outcome.ok && m_undo)
            m_undo(outcome.result);
        m_state = QStringLiteral("cancelled");
    } else if (outcome.ok) {
        m_state = QStringLiteral("succeeded");
        m_result = outcome.result;
        m_progress = 1.0;
    } else {
        m_state = QStringLiteral("failed");
        m_error = outcome.error;
    }
    // The layers as they ended (a pull's last report may still be queued).
    {
        std::lock_guard lock(m_reportedLayersMutex);
        if (m_reportedLayers)
            m_layers = std::move(*m_reportedLayers);
        m_reportedLayers.reset();
    }
    publishChanges();
    Q_EMIT finished(this);
}

void Job::Cancel()
{
    authorizedByCaller(
        [this](Authorizer::Uid uid) {
            // One's own job is cancelled with what started it; another user's (or one whose
            // starter is unknown) with an action of its own, which administrators do not hand
            // out with the images grant.
            const bool own = uid && m_starterUid && *uid == *m_starterUid;
            return Authorization{
                {own ? glassbox::api::action::kImages : glassbox::api::action::kCancelOthers},
                {{QStringLiteral("verb"), QStringLiteral("cancel")}},
                own ? QStringLiteral("not authorized to cancel jobs")
                    : QStringLiteral("not authorized to cancel another user's jobs")};
        },
        [this](const BusCall &call) {
            if (!running())
                return call.fail(HelperError::failed(QStringLiteral("the job has ended")));
            m_cancelled = true;
            call.reply();
        });
}

} // namespace glassbox::helper
