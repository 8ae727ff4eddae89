// What happens to one container over its life, behind its D-Bus facade (Container): start
// (ShimLauncher), stop with its grace period and deadline, restart, kill, pause, resume,
// update, exec, removal, and following the shim (its files, its exit, the init it leaves
// behind when it is killed, a helper that adopts it after a restart). The state and the
// refusals are ContainerState's; this class runs the processes, the runtime calls (on the
// container's queue) and the timers, and answers each call it is given, also when the
// container does not do what was asked: every wait has a deadline.
#pragma once

#include "BusCall.h"
#include "ContainerRecord.h"
#include "ContainerState.h"
#include "Workers.h"

#include "glassbox/error.h"
#include "glassbox/network.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <functional>
#include <string>

namespace glassbox {
class StateStore;
}

namespace glassbox::helper {

struct HelperContext;

class ContainerLifecycle : public QObject
{
    Q_OBJECT
public:
    ContainerLifecycle(HelperContext *context, ContainerRecord record, QObject *parent = nullptr);
    /// Callers still waiting (for a stop, for the last run's shim) hear that it was removed.
    ~ContainerLifecycle() override;

    [[nodiscard]] const ContainerRecord &record() const { return m_record; }
    [[nodiscard]] const ContainerState &state() const { return m_state; }
    /// The running container on its network (from this run's start, or read back at
    /// adoption); nullopt when it is stopped or has none.
    [[nodiscard]] const std::optional<glassbox::net::Attachment> &attachment() const
    {
        return m_attachment;
    }
    /// A file of the run's shim directory.
    [[nodiscard]] QString shimFile(const char *name) const;

    /// Picks the container's state up again after a helper (re)start: a live shim is watched
    /// again, an exit recorded while the helper was away is shown.
    void adopt();
    /// Re-reads the shim's files (and the runtime's state when the shim is gone).
    void refresh();
    /// The shim's process, or the init watched in its place, exited.
    void shimExited();

    // Container1's methods, validated and authorized by the facade; each answers `call`.
    void start(const BusCall &call);
    void stop(const BusCall &call, uint timeoutSeconds);
    void restart(const BusCall &call, uint timeoutSeconds);
    void kill(const BusCall &call, int signal);
    void pause(const BusCall &call);
    void resume(const BusCall &call);
    void remove(const BusCall &call, bool force);
    void update(const BusCall &call, const ContainerLimits &limits);
    void exec(const BusCall &call, const QStringList &argv);

Q_SIGNALS:
    /// A property may have changed (the facade publishes what did).
    void changed();
    /// The container and its files are gone; emitted before the Remove call is answered.
    void removed();

private:
    /// A caller waiting for the container to stop (Stop, Restart, Remove) or for the last
    /// run's shim to exit (Start): `then` when it happens, `failure` at the deadline.
    struct Waiter
    {
        quint64 serial = 0;
        BusCall call;
        std::function<void()> then;
        HelperError failure;
        std::function<void()> gaveUp;
    };
    /// Adds `waiter` to `waiters`; after `deadlineMs` it is taken out and fails, unless it
    /// ran before.
    void wait(QList<Waiter> &waiters, Waiter waiter, int deadlineMs);
    /// The deadline of waiter `serial`: `gaveUp`, then its call fails.
    void giveUp(QList<Waiter> &waiters, quint64 serial);
    /// What they waited for came: each waiter's `then`, once.
    void runWaiters(QList<Waiter> &waiters);

    /// The start under way was answered (or failed): Starting ends, and what waited for it
    /// runs once the answer is sent.
    void finishStart();
    /// While a start is under way (the container may already show "running": its init runs
    /// before the shim reports), a Stop, Restart or forced Remove is not refused as busy:
    /// `retry` runs once the start has been answered. False when no start is under way.
    bool afterStart(const BusCall &call, std::function<void()> retry);
    /// Start's and Restart's second half, the state being Starting.
    void launch(const BusCall &call);
    void spawn(const BusCall &call, const QString &bundle, bool network);
    void shimStarted(const BusCall &call, int code, const QByteArray &output);
    /// Stops the running container (SIGTERM, SIGKILL after `timeoutSeconds`), showing
    /// "stopping" meanwhile, then `then`; at once when it is not running. If it is still
    /// alive `timeoutSeconds` + the grace later, `call` fails with `failure` instead.
    void stopThen(uint timeoutSeconds, const BusCall &call, HelperError failure,
                  std::function<void()> then, std::function<void()> gaveUp = {});
    /// Records, in the run's shim directory (so a restarted helper still knows), that someone
    /// asked this run to end: its exit is then published as FinishReason "requested".
    void markStopRequested();
    /// A runtime call on this container (it takes the container's lock, which another runtime
    /// command may hold) run on the container's queue; then, on the event loop, `then()` if
    /// it succeeded. A failure, or the container removed meanwhile, is answered to `call`.
    using RuntimeCall =
        std::function<glassbox::Status(const glassbox::StateStore &, const std::string &id)>;
    void runtimeCall(const BusCall &call, RuntimeCall command, std::function<void()> then);
    /// Pause and Resume: refused unless `method` is allowed; `event` once the runtime did it.
    void transition(const BusCall &call, ContainerState::Method method, RuntimeCall command,
                    ContainerState::Event event);
    void finishRemove(const BusCall &call);
    /// The run ended: its namespace, forwards and lease go (on the container's queue).
    void releaseNetwork();
    void saveLimits(const BusCall &call, const ContainerLimits &limits);
    void refresh(std::optional<bool> frozen);
    void watchShim();
    /// With the shim gone (killed: no exit.json), watches the container's init itself through
    /// a pidfd, so that its exit is seen; once the container has stopped, removes what the
    /// shim would have (the runtime's state and cgroups, shim.pid naming a dead pid).
    void followInit();

    HelperContext *m_context;
    ContainerRecord m_record;
    ContainerState m_state;
    bool m_shimAlive = false;
    /// The monitor watches this run's init in place of its dead shim; its exit was seen.
    bool m_initWatched = false;
    bool m_initExited = false;
    /// Numbers the stops, so that an older stop's deadline does not end a later one's.
    quint64 m_stopGeneration = 0;
    quint64 m_waiterSerial = 0;
    /// A namespace on a network may exist for this container (a start prepared one, or a
    /// helper before this one did): released when it is seen stopped.
    bool m_networkUp = false;
    std::optional<glassbox::net::Attachment> m_attachment;
    QList<Waiter> m_whenStopped;
    QList<Waiter> m_whenShimGone;
    QList<Waiter> m_whenStarted;
    /// The container's lifecycle work that may wait (its runtime lock, its processes), in order.
    Workers::Queue m_queue;
};

} // namespace glassbox::helper
