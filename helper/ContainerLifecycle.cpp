// A container's lifecycle: start, stop, removal, the shim followed (see ContainerLifecycle.h).
#include "ContainerLifecycle.h"

#include "ChildProcess.h"
#include "HelperContext.h"
#include "ResourceTranslation.h"
#include "ShimLauncher.h"
#include "ShimMonitor.h"

#include "glassbox/container.h"
#include "glassbox/image/container_rootfs.h"
#include "glassbox/shim.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QTimer>

#include <csignal>
#include <sys/syscall.h>
#include <unistd.h>

namespace glassbox::helper {

using Method = ContainerState::Method;
using Event = ContainerState::Event;

namespace {

/// How much longer than its timeout a stop may take before the caller hears it failed.
constexpr int kStopGraceMs = 15000;
/// How long a start waits for the previous run's shim to exit (it deletes the runtime's
/// container, then exits).
constexpr int kShimGoneMs = 15000;
/// How long a Stop, Restart or forced Remove waits for a start under way to be answered.
constexpr int kStartFinishMs = 60000;

HelperError removedError()
{
    return HelperError::notFound(QStringLiteral("the container was removed"));
}

} // namespace

ContainerLifecycle::ContainerLifecycle(HelperContext *context, ContainerRecord record,
                                       QObject *parent)
    : QObject(parent), m_context(context), m_record(std::move(record)), m_queue(context->workers)
{
}

ContainerLifecycle::~ContainerLifecycle()
{
    m_context->monitor->forget(m_record.id);
    for (QList<Waiter> *waiters : {&m_whenStopped, &m_whenShimGone, &m_whenStarted})
        for (const Waiter &waiter : std::exchange(*waiters, {}))
            waiter.call.fail(removedError());
}

QString ContainerLifecycle::shimFile(const char *name) const
{
    return m_context->config.shimDir(m_record.id) + QLatin1Char('/') + QLatin1String(name);
}

void ContainerLifecycle::wait(QList<Waiter> &waiters, Waiter waiter, int deadlineMs)
{
    const quint64 serial = ++m_waiterSerial;
    waiter.serial = serial;
    waiters.append(std::move(waiter));
    QTimer::singleShot(deadlineMs, this, [this, &waiters, serial] { giveUp(waiters, serial); });
}

void ContainerLifecycle::giveUp(QList<Waiter> &waiters, quint64 serial)
{
    for (qsizetype i = 0; i < waiters.size(); ++i) {
        if (waiters.at(i).serial != serial)
            continue;
        const Waiter waiter = waiters.takeAt(i);
        if (waiter.gaveUp)
            waiter.gaveUp();
        return waiter.call.fail(waiter.failure);
    }
}

void ContainerLifecycle::runWaiters(QList<Waiter> &waiters)
{
    for (const Waiter &waiter : std::exchange(waiters, {}))
        waiter.then();
}

void ContainerLifecycle::adopt()
{
    const QString dir = m_context->config.shimDir(m_record.id);
    if (!QFileInfo::exists(dir))
        return refresh();
    m_context->monitor->watchDirectory(m_record.id, dir);
    // A namespace, forwards and a lease may be left from the helper before: kept while the
    // container runs, released once it is seen stopped.
    if (m_record.options.onNetwork()) {
        m_networkUp = true;
        if (auto attached = m_context->networks->attachment(m_record.id.toStdString()))
            m_attachment = *attached;
    }
    watchShim();
    auto info = glassbox::containerInfo(*m_context->runtime, m_record.id.toStdString());
    refresh(info && info->status == glassbox::ContainerStatus::Paused);
    followInit();
}

void ContainerLifecycle::watchShim()
{
    auto pidfd =
        glassbox::shim::openSupervisor(m_context->config.shimDir(m_record.id).toStdString());
    m_shimAlive = pidfd.has_value();
    if (pidfd)
        m_context->monitor->watchProcess(m_record.id, pidfd->release());
}

void ContainerLifecycle::shimExited()
{
    // The same signal reports the init's pidfd, watched in place of a shim that died.
    if (std::exchange(m_initWatched, false))
        m_initExited = true;
    m_shimAlive = false;
    refresh();
    followInit();
    runWaiters(m_whenShimGone);
}

void ContainerLifecycle::followInit()
{
    if (m_shimAlive)
        return;
    const std::string id = m_record.id.toStdString();
    if (m_state.live() && !m_initWatched) {
        auto info = glassbox::containerInfo(*m_context->runtime, id);
        int fd = -1;
        if (info && info->state.pid > 0) {
            fd = int(::syscall(SYS_pidfd_open, info->state.pid, 0));
            // Checked after opening: the pidfd keeps pointing at this process even if the pid
            // is reused, and the start time tells the runtime's init from a reused pid.
            if (fd >= 0 &&
                glassbox::processStartTime(info->state.pid) != info->state.pidStartTime) {
                ::close(fd);
                fd = -1;
            }
        }
        if (fd >= 0) {
            m_initWatched = true;
            m_context->monitor->watchProcess(m_record.id, fd);
            return;
        }
        m_initExited = true; // already gone
        refresh();
    }
    if (m_state.live())
        return;
    QFile::remove(shimFile("shim.pid"));
    // What the shim deletes after exit.json: the runtime's state, its cgroups and any process
    // left in them. On the container's queue, before any later start's preparation.
    m_queue.run([runtime = m_context->runtime.get(),
                 id] { (void)glassbox::deleteContainer(*runtime, id, true); },
                [] {});
}

void ContainerLifecycle::refresh()
{
    refresh(std::nullopt);
}

void ContainerLifecycle::refresh(std::optional<bool> frozen)
{
    const std::string dir = m_context->config.shimDir(m_record.id).toStdString();
    ContainerState::Observation seen;
    seen.frozen = frozen;
    if (const auto exit = glassbox::shim::readExit(dir))
        seen.exit = ContainerState::Exit{exit->exitCode, exit->oomKilled, exit->finishedAtUsec};
    if (const auto started = glassbox::shim::readStarted(dir))
        seen.started = ContainerState::Run{uint(started->pid), started->startedAtUsec};
    seen.stopRequested = QFileInfo::exists(shimFile("stop-requested"));
    if (seen.started && !seen.exit) {
        seen.alive = m_shimAlive;
        if (!seen.alive && !m_initExited) {
            // The shim is gone without an exit record (killed): trust the kernel.
            auto info = glassbox::containerInfo(*m_context->runtime, m_record.id.toStdString());
            seen.alive = info && (info->status == glassbox::ContainerStatus::Running ||
                                  info->status == glassbox::ContainerStatus::Paused);
        }
    }
    m_state.observe(seen);
    if (!m_state.live() && m_state.operation() == ContainerState::Operation::None)
        releaseNetwork();
    Q_EMIT changed();
    if (!m_state.live())
        runWaiters(m_whenStopped);
}

void ContainerLifecycle::releaseNetwork()
{
    if (!std::exchange(m_networkUp, false))
        return;
    m_attachment.reset();
    // On the container's queue: after the run's own work, before any later start's.
    m_queue.run(
        [networks = m_context->networks.get(), id = m_record.id.toStdString()] {
            if (auto detached = networks->detach(id); !detached)
                qWarning("container %s: its network was not torn down: %s", id.c_str(),
                         detached.error().text().c_str());
        },
        [] {});
}

void ContainerLifecycle::start(const BusCall &call)
{
    if (auto refused = m_state.check(Method::Start))
        return call.fail(*refused);
    m_state.apply(Event::StartQueued);
    launch(call);
}

void ContainerLifecycle::finishStart()
{
    m_state.apply(Event::StartFinished);
    // After the Start's own answer, which the caller is about to send.
    QMetaObject::invokeMethod(
        this, [this] { runWaiters(m_whenStarted); }, Qt::QueuedConnection);
}

bool ContainerLifecycle::afterStart(const BusCall &call, std::function<void()> retry)
{
    if (m_state.operation() != ContainerState::Operation::Starting)
        return false;
    wait(m_whenStarted,
         {0,
          call,
          std::move(retry),
          HelperError::busy(QStringLiteral("the container is still starting")),
          {}},
         kStartFinishMs);
    return true;
}

void ContainerLifecycle::launch(const BusCall &call)
{
    if (m_shimAlive) {
        // The last run's shim is still deleting its runtime container: the id is free once
        // it has exited.
        wait(m_whenShimGone,
             {0, call, [this, call] { launch(call); },
              HelperError::failed(
                  QStringLiteral("the previous run's supervisor (glassbox-shim) has not exited")),
              [this] {
                  finishStart();
              }},
             kShimGoneMs);
        return;
    }
    // On the container's queue: deleting the previous run's runtime state takes the
    // container's lock, which another runtime command may hold, and waits for its processes.
    m_networkUp = m_record.options.onNetwork();
    m_queue.run(
        [images = m_context->images.get(), runtime = m_context->runtime.get(),
         networks = m_context->networks.get(), record = m_record,
         dir = m_context->config.shimDir(m_record.id)] {
            return ShimLauncher::prepare(*images, *runtime, *networks, record, dir);
        },
        [self = QPointer<ContainerLifecycle>(this),
         call](const HelperResult<ShimLauncher::Prepared> &prepared) {
            if (!self)
                return call.fail(removedError());
            if (!prepared) {
                self->finishStart();
                return call.fail(prepared.error());
            }
            self->m_attachment = prepared->attachment;
            self->spawn(call, prepared->bundle, prepared->attachment.has_value());
        });
}

void ContainerLifecycle::spawn(const BusCall &call, const QString &bundle, bool network)
{
    // A new run: nothing of the last one (its init's pidfd) may report for this one.
    m_context->monitor->forget(m_record.id);
    m_initWatched = false;
    m_initExited = false;
    m_state.apply(Event::Spawned);
    m_context->monitor->watchDirectory(m_record.id, m_context->config.shimDir(m_record.id));
    auto shim = ShimLauncher::spawn(m_context->config, m_record, bundle, network, this);
    if (!shim) {
        finishStart();
        return call.fail(shim.error());
    }
    if (network) {
        // While the shim creates the container: its network, which the shim waits for before
        // the start. A failure reaches the caller through the shim's.
        m_queue.run([networks = m_context->networks.get(), id = m_record.id,
                     dir = m_context->config.shimDir(
                         m_record.id)] { return ShimLauncher::setUpNetwork(*networks, id, dir); },
                    [self = QPointer<ContainerLifecycle>(this)](
                        const HelperResult<glassbox::net::Attachment> &attached) {
                        if (self && attached)
                            self->m_attachment = *attached;
                    });
    }
    connect(*shim, &ChildProcess::finished, this, [this, shim = *shim, call](int code) {
        shim->deleteLater();
        shimStarted(call, code, shim->output());
    });
}

void ContainerLifecycle::shimStarted(const BusCall &call, int code, const QByteArray &output)
{
    finishStart();
    if (code != 0) {
        call.fail(HelperError::failed(ShimLauncher::failure(code, output)));
        // A shim that failed cleanly left nothing; one that was killed while starting left
        // the runtime's container (its cgroups, maybe its processes): deleted with force.
        m_queue.run(
            [runtime = m_context->runtime.get(), id = m_record.id.toStdString()] {
                (void)glassbox::deleteContainer(*runtime, id, true);
            },
            [self = QPointer<ContainerLifecycle>(this)] {
                if (self)
                    self->refresh();
            });
        return refresh();
    }
    watchShim();
    refresh();
    followInit();
    // A shim killed during the start (with its init) reports success: without exit.json
    // and with nothing running, the container did not start.
    if (!m_state.live() &&
        !glassbox::shim::readExit(m_context->config.shimDir(m_record.id).toStdString()))
        return call.fail(HelperError::failed(QStringLiteral(
            "the container did not start: its supervisor (glassbox-shim) and its process were "
            "killed")));
    call.reply();
}

void ContainerLifecycle::markStopRequested()
{
    if (!m_state.requestStop())
        return;
    QFile mark(shimFile("stop-requested"));
    // Best effort: without the file only a helper restarted before the exit forgets it.
    (void)mark.open(QIODevice::WriteOnly | QIODevice::Truncate);
}

void ContainerLifecycle::stopThen(uint timeoutSeconds, const BusCall &call, HelperError failure,
                                  std::function<void()> then, std::function<void()> gaveUp)
{
    if (!m_state.live())
        return then();
    markStopRequested();
    const quint64 generation = ++m_stopGeneration;
    const bool frozen = m_state.frozen(); // resumed first, below
    m_state.apply(Event::StopBegun);
    Q_EMIT changed();
    // A container that outlives the SIGKILL by the grace (in uninterruptible sleep, its
    // supervisor stopped) is shown as running again: the stop failed, and its caller is told
    // so. The runtime's word is asked first, which may answer the call as stopped.
    const int deadlineMs = int(timeoutSeconds) * 1000 + kStopGraceMs;
    QTimer::singleShot(deadlineMs, this, [this, generation] {
        if (generation == m_stopGeneration)
            m_state.apply(Event::StopTimedOut);
        refresh();
    });
    wait(m_whenStopped, {0, call, std::move(then), std::move(failure), std::move(gaveUp)},
         deadlineMs);
    // Without a shim no exit event comes from it: the runtime's state is read again after
    // each signal (the init's pidfd, when it could be watched, reports sooner).
    auto check = [self = QPointer<ContainerLifecycle>(this)] {
        if (self && !self->m_shimAlive)
            self->refresh();
    };
    // On the container's queue: resuming takes the container's lock; the SIGKILL below is
    // queued behind this SIGTERM.
    m_queue.run(
        [runtime = m_context->runtime.get(), id = m_record.id.toStdString(), frozen] {
            if (frozen)
                (void)glassbox::resumeContainer(*runtime, id);
            (void)glassbox::killContainer(*runtime, id, SIGTERM, false);
        },
        check);
    QTimer::singleShot(int(timeoutSeconds) * 1000, this, [this, check] {
        if (m_state.live())
            m_queue.run(
                [runtime = m_context->runtime.get(), id = m_record.id.toStdString()] {
                    (void)glassbox::killContainer(*runtime, id, SIGKILL, true);
                },
                check);
    });
}

void ContainerLifecycle::stop(const BusCall &call, uint timeoutSeconds)
{
    if (afterStart(call, [this, call, timeoutSeconds] { stop(call, timeoutSeconds); }))
        return;
    if (auto refused = m_state.check(Method::Stop))
        return call.fail(*refused);
    stopThen(timeoutSeconds, call,
             HelperError::failed(QStringLiteral("the container did not stop")),
             [call] { call.reply(); });
}

void ContainerLifecycle::restart(const BusCall &call, uint timeoutSeconds)
{
    if (afterStart(call, [this, call, timeoutSeconds] { restart(call, timeoutSeconds); }))
        return;
    if (auto refused = m_state.check(Method::Restart))
        return call.fail(*refused);
    stopThen(
        timeoutSeconds, call,
        HelperError::failed(QStringLiteral("the container did not stop; it was not restarted")),
        [this, call] { start(call); });
}

void ContainerLifecycle::kill(const BusCall &call, int signal)
{
    if (auto refused = m_state.check(Method::Kill))
        return call.fail(*refused);
    // Whatever the signal, an exit after it was asked for, not unexpected.
    markStopRequested();
    runtimeCall(
        call,
        [signal](const glassbox::StateStore &runtime, const std::string &id) {
            return glassbox::killContainer(runtime, id, signal, false);
        },
        [call] { call.reply(); });
}

void ContainerLifecycle::runtimeCall(const BusCall &call, RuntimeCall command,
                                     std::function<void()> then)
{
    m_queue.run(
        [runtime = m_context->runtime.get(), id = m_record.id.toStdString(),
         command = std::move(command)]() -> std::optional<HelperError> {
            if (auto done = command(*runtime, id); !done)
                return HelperError::fromCore(done.error());
            return std::nullopt;
        },
        [self = QPointer<ContainerLifecycle>(this), call,
         then = std::move(then)](const std::optional<HelperError> &error) {
            if (!self)
                return call.fail(removedError());
            if (error)
                return call.fail(*error);
            then();
        });
}

void ContainerLifecycle::transition(const BusCall &call, Method method, RuntimeCall command,
                                    Event event)
{
    if (auto refused = m_state.check(method))
        return call.fail(*refused);
    runtimeCall(call, std::move(command), [this, call, event] {
        m_state.apply(event);
        Q_EMIT changed();
        call.reply();
    });
}

void ContainerLifecycle::pause(const BusCall &call)
{
    transition(
        call, Method::Pause,
        [](const glassbox::StateStore &runtime, const std::string &id) {
            return glassbox::pauseContainer(runtime, id);
        },
        Event::Paused);
}

void ContainerLifecycle::resume(const BusCall &call)
{
    transition(
        call, Method::Resume,
        [](const glassbox::StateStore &runtime, const std::string &id) {
            return glassbox::resumeContainer(runtime, id);
        },
        Event::Resumed);
}

void ContainerLifecycle::remove(const BusCall &call, bool force)
{
    if (force && afterStart(call, [this, call] { remove(call, true); }))
        return;
    if (auto refused = m_state.check(force ? Method::RemoveForce : Method::Remove))
        return call.fail(*refused);
    m_state.apply(Event::RemoveQueued);
    // Bounded: a container that does not stop leaves Remove with an error, not hanging (and
    // the container no longer busy).
    stopThen(
        0, call,
        HelperError::failed(QStringLiteral("the container did not stop; it was not removed")),
        [this, call] { finishRemove(call); }, [this] { m_state.apply(Event::RemoveFailed); });
}

void ContainerLifecycle::finishRemove(const BusCall &call)
{
    const std::string id = m_record.id.toStdString();
    // The runtime's delete waits for the container's lock (another runtime command may hold
    // it) and for its processes: on the container's queue. The rootfs then goes behind the
    // store's queue, as every change of the store does.
    m_networkUp = false;
    m_attachment.reset();
    m_queue.run(
        [runtime = m_context->runtime.get(), networks = m_context->networks.get(), id] {
            (void)glassbox::deleteContainer(*runtime, id, true);
            (void)networks->detach(id);
        },
        [self = QPointer<ContainerLifecycle>(this), call, id] {
            if (!self)
                return call.fail(removedError());
            self->m_context->workers->store().run(
                [images = self->m_context->images.get(), id]() -> std::optional<HelperError> {
                    auto removed = glassbox::image::removeContainerRootfs(*images, id);
                    if (removed || removed.error().code == ENOENT)
                        return std::nullopt;
                    return HelperError::fromCore(removed.error());
                },
                [self, call](const std::optional<HelperError> &error) {
                    if (!self)
                        return call.fail(removedError());
                    if (error) {
                        self->m_state.apply(Event::RemoveFailed);
                        return call.fail(*error);
                    }
                    const HelperConfig &config = self->m_context->config;
                    const QString containerId = self->m_record.id;
                    self->m_context->monitor->forget(containerId);
                    // The shim may still be exiting after a Stop (it unlinks shim.pid last): a
                    // file that vanishes under removeRecursively() fails the pass, which then
                    // keeps the directory. Another pass finds it empty.
                    for (int pass = 0;
                         pass < 3 && !QDir(config.shimDir(containerId)).removeRecursively();
                         ++pass) {
                    }
                    QDir(config.stateDir + QLatin1Char('/') + containerId).removeRecursively();
                    // Unregistered before the reply: a client that asks about the object right
                    // after it must already find it gone (the object is deleted later).
                    Q_EMIT self->removed();
                    call.reply();
                });
        });
}

void ContainerLifecycle::update(const BusCall &call, const ContainerLimits &limits)
{
    if (auto refused = m_state.check(Method::Update))
        return call.fail(*refused);
    if (!m_state.live())
        return saveLimits(call, limits);
    runtimeCall(
        call,
        [resources = ResourceTranslation::toResources(limits)](const glassbox::StateStore &runtime,
                                                               const std::string &id) {
            return glassbox::updateContainer(runtime, id, resources);
        },
        [this, call, limits] { saveLimits(call, limits); });
}

void ContainerLifecycle::saveLimits(const BusCall &call, const ContainerLimits &limits)
{
    auto saved = ResourceTranslation::saveLimits(*m_context, m_record, limits);
    if (!saved)
        return call.fail(saved.error());
    m_record = std::move(*saved);
    Q_EMIT changed();
    call.reply();
}

void ContainerLifecycle::exec(const BusCall &call, const QStringList &argv)
{
    if (auto refused = m_state.check(Method::Exec))
        return call.fail(*refused);
    auto *process = new ChildProcess(this);
    const QStringList arguments =
        QStringList{QStringLiteral("--root"), m_context->config.runtimeRoot(),
                    QStringLiteral("exec"), m_record.id, QStringLiteral("--")} +
        argv;
    QString error;
    if (!process->start(m_context->config.runtimeBinary, arguments, &error)) {
        delete process;
        return call.fail(HelperError::failed(error));
    }
    connect(process, &ChildProcess::finished, this, [process, call](int code) {
        process->deleteLater();
        call.reply({code, QString::fromUtf8(process->output())});
    });
}

} // namespace glassbox::helper
