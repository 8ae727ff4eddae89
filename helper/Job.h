// A long operation on the bus: /org/glassbox/Manager1/job/<n> with org.glassbox.Job1. The
// work runs on its own thread; State, Progress, Error and Result change with
// PropertiesChanged, Progress at most ten times a second. Cancel reaches the work through its
// next progress report, or its next look at `cancelled` while it waits; a work that completes
// anyway has its result undone.
#pragma once

#include "BusObject.h"
#include "DBusTypes.h"

#include <QElapsedTimer>
#include <QString>
#include <QVariantMap>
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>

namespace glassbox::helper {

struct HelperContext;

class Job : public BusObject
{
    Q_OBJECT
    Q_PROPERTY(QString Kind READ kind)
    Q_PROPERTY(double Progress READ progress)
    Q_PROPERTY(QString State READ state)
    Q_PROPERTY(QString Error READ error)
    Q_PROPERTY(QString Result READ result)
    Q_PROPERTY(GbJobLayerList Layers READ layers)
public:
    struct Outcome
    {
        bool ok = false;
        QString result;
        QString error;
    };
    /// Called by the work on its own thread with the fraction done (never decreasing); the
    /// answer is false once the job is cancelled.
    using Progress = std::function<bool(double fraction)>;
    /// Whether the job was cancelled, for a work waiting without progress to report (an
    /// import blocked on a pipe asks it ten times a second).
    using Cancelled = std::function<bool()>;
    /// A pull's layers as they stand; called by the work on its own thread, published with
    /// the next Progress.
    using LayersReport = std::function<void(const GbJobLayerList &layers)>;
    using Work = std::function<Outcome(const Progress &progress, const Cancelled &cancelled,
                                       const LayersReport &layers)>;
    using Undo = std::function<void(const QString &result)>;

    /// `starterUid`: who asked for the job (nothing if the bus could not say); anyone else
    /// needs org.glassbox.jobs.cancel-others to cancel it.
    Job(HelperContext *context, quint64 number, QString kind, std::optional<uint> starterUid,
        Work work, Undo undo, QObject *parent = nullptr);

    [[nodiscard]] static QString interfaceName() { return QStringLiteral("org.glassbox.Job1"); }
    [[nodiscard]] QString path() const override;
    [[nodiscard]] QVariantMap properties() const override;
    [[nodiscard]] bool running() const { return m_state == QStringLiteral("running"); }
    void run();

    [[nodiscard]] QString kind() const { return m_kind; }
    [[nodiscard]] double progress() const { return m_progress; }
    [[nodiscard]] QString state() const { return m_state; }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QString result() const { return m_result; }
    [[nodiscard]] GbJobLayerList layers() const { return m_layers; }

    // org.glassbox.Job1
    void Cancel();

Q_SIGNALS:
    void finished(Job *job);

private:
    bool report(double fraction);
    void reportLayers(const GbJobLayerList &layers);
    void queuePublish();
    void publishProgress();
    void complete(const Outcome &outcome);

    quint64 m_number;
    QString m_kind;
    std::optional<uint> m_starterUid;
    Work m_work;
    Undo m_undo;
    double m_progress = 0;
    QString m_state = QStringLiteral("running");
    QString m_error;
    QString m_result;
    GbJobLayerList m_layers;
    std::atomic<bool> m_cancelled = false;
    std::mutex m_reportedLayersMutex; // guards m_reportedLayers, written by the work's thread
    std::optional<GbJobLayerList> m_reportedLayers;
    // Shared with the work's thread: its latest report, and whether a publishProgress() call
    // is queued for it already.
    std::atomic<double> m_reported = 0;
    std::atomic<bool> m_publishQueued = false;
    QElapsedTimer m_sinceProgressSignal;
};

} // namespace glassbox::helper
