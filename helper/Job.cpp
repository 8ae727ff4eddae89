// Job objects (see Job.h).
#include "Job.h"

#include "Authorizer.h"
#include "DBusSignals.h"
#include "HelperContext.h"
#include "HelperErrors.h"

#include <QPointer>
#include <QThread>
#include <QTimer>

namespace {

/// At most ten Progress signals a second, however often the work reports.
constexpr qint64 kProgressIntervalMs = 100;

} // namespace

Job::Job(HelperContext *context, quint64 number, QString kind, std::optional<uint> starterUid,
         Work work, Undo undo, QObject *parent)
    : QObject(parent), m_context(context), m_number(number), m_kind(std::move(kind)),
      m_starterUid(starterUid), m_work(std::move(work)), m_undo(std::move(undo))
{
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
            {QStringLiteral("Result"), m_result}};
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
    QThread *thread = QThread::create(
        [work = m_work, progress, cancelled, outcome] { *outcome = work(progress, cancelled); });
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
    if (!m_publishQueued.exchange(true))
        QMetaObject::invokeMethod(this, &Job::publishProgress, Qt::QueuedConnection);
    return !m_cancelled;
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
    if (!running() || fraction <= m_progress)
        return;
    m_progress = fraction;
    m_sinceProgressSignal.start();
    DBusSignals::propertiesChanged(*m_context, path(), interfaceName(),
                                   {{QStringLiteral("Progress"), m_progress}});
}

void Job::complete(const Outcome &outcome)
{
    const QVariantMap before = properties();
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
    DBusSignals::propertiesChanged(*m_context, path(), interfaceName(), before, properties());
    Q_EMIT finished(this);
}

void Job::Cancel()
{
    setDelayedReply(true);
    const QDBusMessage call = message();
    QPointer<Job> self(this);
    Authorizer *authorizer = m_context->authorizer;
    authorizer->callerUid(
        call, [self, call, authorizer, bus = m_context->bus](Authorizer::Uid uid) {
            // One's own job is cancelled with what started it; another user's (or one whose
            // starter is unknown) with an action of its own, which administrators do not hand out
            // with the images grant.
            const bool own = self && uid && self->m_starterUid && *uid == *self->m_starterUid;
            const QString action = own ? GbActions::images() : GbActions::cancelOthersJobs();
            authorizer->check(
                call, {action}, {{QStringLiteral("verb"), QStringLiteral("cancel")}},
                [self, call, own, bus](bool ok) {
                    if (!ok)
                        return void(bus.send(call.createErrorReply(
                            GbErrors::notAuthorized(),
                            own ? QStringLiteral("not authorized to cancel jobs")
                                : QStringLiteral("not authorized to cancel another user's jobs"))));
                    if (!self)
                        return void(bus.send(call.createErrorReply(GbErrors::notFound(),
                                                                   QStringLiteral("no such job"))));
                    if (!self->running())
                        return void(bus.send(call.createErrorReply(
                            GbErrors::failed(), QStringLiteral("the job has ended"))));
                    self->m_cancelled = true;
                    bus.send(call.createReply());
                });
        });
}
