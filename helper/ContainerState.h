// A container's state machine, apart from the bus and the processes: what the container is
// doing (State, the Container1 State property), what the helper is doing with it
// (Operation: starting, removing), which method each state allows and the error a caller is
// refused with, and the facts of its last run as the shim's files and the runtime report
// them. Every change is an explicit event or observation; QtCore only, so that
// tests/helper/test_container_state.cpp drives it without a bus.
#pragma once

#include "HelperError.h"

#include <QString>
#include <QtGlobal>
#include <optional>

namespace glassbox::helper {

class ContainerState
{
public:
    enum class State { Created, Running, Paused, Stopping, Stopped };
    /// What the helper is doing with the container; anything but None is "busy".
    enum class Operation { None, Starting, Removing };
    /// The calls whose answer depends on the state. View: the reads of a live container
    /// (namespaces, pressure).
    enum class Method {
        Start,
        Stop,
        Restart,
        Kill,
        Pause,
        Resume,
        Remove,
        RemoveForce,
        Update,
        Exec,
        View
    };
    enum class Event {
        StartQueued,   ///< a Start or Restart begins preparing the run
        Spawned,       ///< the run's shim is being spawned: the last run's facts are forgotten
        StartFinished, ///< the start succeeded or failed (the shim's files say which)
        StopBegun,     ///< SIGTERM is on its way (a frozen container is resumed first)
        StopTimedOut,  ///< the container outlived the stop's SIGKILL by the grace
        Paused,        ///< the runtime froze it
        Resumed,       ///< the runtime thawed it
        RemoveQueued,
        RemoveFailed,
    };

    struct Exit
    {
        int exitCode = 0;
        bool oomKilled = false;
        qulonglong finishedAt = 0;
    };
    struct Run
    {
        uint pid = 0;
        qulonglong startedAt = 0;
    };
    /// What the shim's files and the runtime say right now.
    struct Observation
    {
        std::optional<Exit> exit;   ///< exit.json
        std::optional<Run> started; ///< started.json
        /// Whether the run's init lives (its shim does, or the runtime says so); read only
        /// when it started and no exit is recorded.
        bool alive = false;
        bool stopRequested = false; ///< the run's stop-requested mark
        /// Whether the runtime has it frozen, when that was asked (a helper adopting it).
        std::optional<bool> frozen;
    };

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] Operation operation() const { return m_operation; }
    /// The State property: "created", "running", "paused", "stopping" or "stopped".
    [[nodiscard]] QString wireName() const;
    /// Running, paused or stopping: the init lives.
    [[nodiscard]] bool live() const;
    [[nodiscard]] bool busy() const { return m_operation != Operation::None; }
    /// Frozen by the runtime (shown as "paused" unless a stop runs).
    [[nodiscard]] bool frozen() const { return m_frozen; }

    /// Why `method` is refused now, or nothing when it may go ahead.
    [[nodiscard]] std::optional<HelperError> check(Method method) const;
    /// The transition of `event`; false (nothing changed) when the state does not allow it.
    bool apply(Event event);
    /// Takes in what the shim's files and the runtime say (the state follows the facts).
    void observe(const Observation &observation);
    /// Someone asked this run to end; false when that was known already.
    bool requestStop();

    [[nodiscard]] uint pid() const { return m_pid; }
    [[nodiscard]] int exitCode() const { return m_exitCode; }
    [[nodiscard]] bool oomKilled() const { return m_oomKilled; }
    [[nodiscard]] qulonglong startedAt() const { return m_startedAt; }
    [[nodiscard]] qulonglong finishedAt() const { return m_finishedAt; }
    /// Why the last run ended: "requested", "oom", "exited", or "" while none has ended.
    [[nodiscard]] QString finishReason() const { return m_finishReason; }

private:
    State m_state = State::Created;
    Operation m_operation = Operation::None;
    bool m_frozen = false;
    bool m_stopRequested = false;
    uint m_pid = 0;
    int m_exitCode = 0;
    bool m_oomKilled = false;
    qulonglong m_startedAt = 0;
    qulonglong m_finishedAt = 0;
    QString m_finishReason;
};

} // namespace glassbox::helper
