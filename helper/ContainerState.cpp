// The container state machine (see ContainerState.h).
#include "ContainerState.h"

namespace glassbox::helper {

using State = ContainerState::State;
using Operation = ContainerState::Operation;
using Method = ContainerState::Method;
using Event = ContainerState::Event;

QString ContainerState::wireName() const
{
    switch (m_state) {
    case State::Created:
        return QStringLiteral("created");
    case State::Running:
        return QStringLiteral("running");
    case State::Paused:
        return QStringLiteral("paused");
    case State::Stopping:
        return QStringLiteral("stopping");
    case State::Stopped:
        break;
    }
    return QStringLiteral("stopped");
}

bool ContainerState::live() const
{
    return m_state == State::Running || m_state == State::Paused || m_state == State::Stopping;
}

std::optional<HelperError> ContainerState::check(Method method) const
{
    const auto busyError = [] {
        return HelperError::busy(QStringLiteral("the container is busy"));
    };
    const auto notRunning = [] {
        return HelperError::failed(QStringLiteral("the container is not running"));
    };
    switch (method) {
    case Method::Start:
        if (live())
            return HelperError::busy(QStringLiteral("the container is already running"));
        if (busy())
            return busyError();
        return {};
    case Method::Stop:
    case Method::Restart:
    case Method::RemoveForce:
        if (busy())
            return busyError();
        return {};
    case Method::Remove:
        if (busy())
            return busyError();
        if (m_state == State::Stopping)
            return HelperError::busy(QStringLiteral(
                "the container is stopping; wait for it to stop or remove it with force"));
        if (live())
            return HelperError::busy(
                QStringLiteral("the container is running; stop it or remove it with force"));
        return {};
    case Method::Pause:
        if (m_state == State::Stopping)
            return HelperError::busy(QStringLiteral("the container is stopping"));
        if (m_state != State::Running)
            return notRunning();
        return {};
    case Method::Resume:
        if (m_state == State::Stopping)
            return HelperError::busy(QStringLiteral("the container is stopping"));
        if (m_state != State::Paused)
            return HelperError::failed(QStringLiteral("the container is not paused"));
        return {};
    case Method::Kill:
    case Method::View:
        if (!live())
            return notRunning();
        return {};
    case Method::Exec:
        // Into a running container only: a process that joins a frozen cgroup freezes with it,
        // and a stopping container is about to go.
        if (m_state != State::Running)
            return notRunning();
        return {};
    case Method::Update:
        // Saved in the record at any time; applied to the cgroups too while it runs.
        return {};
    }
    return {};
}

bool ContainerState::apply(Event event)
{
    switch (event) {
    case Event::StartQueued:
        if (busy() || live())
            return false;
        m_operation = Operation::Starting;
        return true;
    case Event::Spawned:
        if (m_operation != Operation::Starting)
            return false;
        m_frozen = false;
        m_oomKilled = false;
        m_stopRequested = false;
        return true;
    case Event::StartFinished:
        if (m_operation != Operation::Starting)
            return false;
        m_operation = Operation::None;
        return true;
    case Event::StopBegun:
        if (!live())
            return false;
        // The stop resumes a frozen container before it signals it.
        m_frozen = false;
        m_state = State::Stopping;
        return true;
    case Event::StopTimedOut:
        if (m_state != State::Stopping)
            return false;
        m_state = m_frozen ? State::Paused : State::Running;
        return true;
    case Event::Paused:
    case Event::Resumed:
        // A stop that began meanwhile keeps showing "stopping"; the freeze is remembered.
        if (m_state == State::Stopping) {
            m_frozen = event == Event::Paused;
            return true;
        }
        if (m_state != (event == Event::Paused ? State::Running : State::Paused))
            return false;
        m_frozen = event == Event::Paused;
        m_state = m_frozen ? State::Paused : State::Running;
        return true;
    case Event::RemoveQueued:
        if (busy())
            return false;
        m_operation = Operation::Removing;
        return true;
    case Event::RemoveFailed:
        if (m_operation != Operation::Removing)
            return false;
        m_operation = Operation::None;
        return true;
    }
    return false;
}

void ContainerState::observe(const Observation &observation)
{
    m_stopRequested = observation.stopRequested;
    if (observation.frozen)
        m_frozen = *observation.frozen;
    if (observation.exit) {
        m_exitCode = observation.exit->exitCode;
        m_oomKilled = observation.exit->oomKilled;
        m_finishedAt = observation.exit->finishedAt;
        m_startedAt = observation.started ? observation.started->startedAt : 0;
        m_frozen = false;
        m_state = State::Stopped;
        m_pid = 0;
    } else if (observation.started) {
        m_startedAt = observation.started->startedAt;
        if (observation.alive) {
            if (m_state != State::Stopping)
                m_state = m_frozen ? State::Paused : State::Running;
            m_pid = observation.started->pid;
        } else {
            // Gone without an exit record (its shim was killed too): no status to show.
            m_state = State::Stopped;
            m_pid = 0;
            m_exitCode = -1;
        }
    }
    // Neither file: not started yet, or a start is clearing the last run's; nothing changes.
    if (m_state == State::Stopped)
        m_finishReason = m_oomKilled       ? QStringLiteral("oom")
                         : m_stopRequested ? QStringLiteral("requested")
                                           : QStringLiteral("exited");
    else
        m_finishReason.clear();
}

bool ContainerState::requestStop()
{
    return !std::exchange(m_stopRequested, true);
}

} // namespace glassbox::helper
