// A container's D-Bus object: state from the shim, lifecycle methods (see Container.h).
#include "Container.h"

#include "Authorizer.h"
#include "BundleConfig.h"
#include "ChildProcess.h"
#include "ContainerInspector.h"
#include "DBusSignals.h"
#include "HelperContext.h"
#include "HelperErrors.h"
#include "ShimMonitor.h"
#include "Validation.h"

#include "glassbox/container.h"
#include "glassbox/image/container_rootfs.h"
#include "glassbox/shim.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

#include <csignal>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

constexpr uint kMaxStopTimeout = 3600;
/// How much longer than its timeout a stop may take before the caller hears it failed.
constexpr int kStopGraceMs = 15000;

QString coreError(const glassbox::Error &error)
{
    return QString::fromStdString(error.text());
}

} // namespace

Container::Container(HelperContext *context, ContainerRecord record, QObject *parent)
    : QObject(parent), m_context(context), m_record(std::move(record)),
      m_lifecycle(context->workers)
{
}

Container::~Container()
{
    m_context->monitor->forget(m_record.id);
}

QString Container::objectPath(const QString &id)
{
    return QStringLiteral("/org/glassbox/Manager1/container/") + id;
}

QString Container::shimFile(const char *name) const
{
    return m_context->config.shimDir(m_record.id) + QLatin1Char('/') + QLatin1String(name);
}

QStringList Container::command() const
{
    return m_record.options.command;
}
qulonglong Container::memoryLimit() const
{
    return m_record.options.limits.memoryLimit.value_or(0);
}
qlonglong Container::cpuQuota() const
{
    return m_record.options.limits.cpuQuota.value_or(-1);
}
qulonglong Container::cpuPeriod() const
{
    return m_record.options.limits.cpuPeriod.value_or(0);
}
qlonglong Container::pidsLimit() const
{
    return m_record.options.limits.pidsLimit.value_or(-1);
}

bool Container::running() const
{
    return m_state == QStringLiteral("running") || m_state == QStringLiteral("paused") ||
           m_state == QStringLiteral("stopping");
}

QVariantMap Container::properties() const
{
    return {{QStringLiteral("Id"), id()},
            {QStringLiteral("Name"), name()},
            {QStringLiteral("Image"), image()},
            {QStringLiteral("State"), state()},
            {QStringLiteral("Pid"), pid()},
            {QStringLiteral("ExitCode"), exitCode()},
            {QStringLiteral("OOMKilled"), oomKilled()},
            {QStringLiteral("FinishReason"), finishReason()},
            {QStringLiteral("Created"), created()},
            {QStringLiteral("StartedAt"), startedAt()},
            {QStringLiteral("FinishedAt"), finishedAt()},
            {QStringLiteral("Command"), command()},
            {QStringLiteral("MemoryLimit"), memoryLimit()},
            {QStringLiteral("CpuQuota"), cpuQuota()},
            {QStringLiteral("CpuPeriod"), cpuPeriod()},
            {QStringLiteral("PidsLimit"), pidsLimit()},
            {QStringLiteral("UserNamespace"), userNamespace()},
            {QStringLiteral("Privileged"), privileged()},
            {QStringLiteral("Owner"), owner()}};
}

void Container::adopt()
{
    const QString dir = m_context->config.shimDir(m_record.id);
    if (QFileInfo::exists(dir)) {
        m_context->monitor->watchDirectory(m_record.id, dir);
        watchShim();
        auto info = glassbox::containerInfo(*m_context->runtime, m_record.id.toStdString());
        m_paused = info && info->status == glassbox::ContainerStatus::Paused;
        refresh();
        return followInit();
    }
    refresh();
}

void Container::watchShim()
{
    auto pidfd =
        glassbox::shim::openSupervisor(m_context->config.shimDir(m_record.id).toStdString());
    m_shimAlive = pidfd.has_value();
    if (pidfd)
        m_context->monitor->watchProcess(m_record.id, pidfd->release());
}

void Container::shimExited()
{
    // The same signal reports the init's pidfd, watched in place of a shim that died.
    if (std::exchange(m_initWatched, false))
        m_initExited = true;
    m_shimAlive = false;
    refresh();
    followInit();
    const auto waiting = std::exchange(m_whenShimGone, {});
    for (const auto &done : waiting)
        done();
}

void Container::followInit()
{
    if (m_shimAlive)
        return;
    const std::string id = m_record.id.toStdString();
    if (running() && !m_initWatched) {
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
    if (running())
        return;
    QFile::remove(shimFile("shim.pid"));
    // What the shim deletes after exit.json: the runtime's state, its cgroups and any process
    // left in them. On the container's queue, before any later start's preparation.
    m_lifecycle.run([runtime = m_context->runtime.get(),
                     id] { (void)glassbox::deleteContainer(*runtime, id, true); },
                    [] {});
}

void Container::refresh()
{
    const QVariantMap before = properties();
    const std::string dir = m_context->config.shimDir(m_record.id).toStdString();
    const auto exit = glassbox::shim::readExit(dir);
    const auto started = glassbox::shim::readStarted(dir);
    m_stopRequested = QFileInfo::exists(shimFile("stop-requested"));
    if (exit) {
        m_exitCode = exit->exitCode;
        m_oomKilled = exit->oomKilled;
        m_finishedAt = exit->finishedAtUsec;
        m_startedAt = started ? started->startedAtUsec : 0;
        m_paused = false;
        m_state = QStringLiteral("stopped");
        m_pid = 0;
    } else if (started) {
        m_startedAt = started->startedAtUsec;
        const uint pid = uint(started->pid);
        bool alive = m_shimAlive;
        if (!alive && !m_initExited) {
            // The shim is gone without an exit record (killed): trust the kernel.
            auto info = glassbox::containerInfo(*m_context->runtime, m_record.id.toStdString());
            alive = info && (info->status == glassbox::ContainerStatus::Running ||
                             info->status == glassbox::ContainerStatus::Paused);
        }
        if (alive) {
            m_state = m_stopping ? QStringLiteral("stopping")
                      : m_paused ? QStringLiteral("paused")
                                 : QStringLiteral("running");
            m_pid = pid;
        } else {
            m_state = QStringLiteral("stopped");
            m_pid = 0;
            m_exitCode = -1;
        }
    }
    if (m_state == QStringLiteral("stopped")) {
        // Whether it stopped on its own, the stop's SIGKILL came or the container was killed
        // otherwise: the grace period is over.
        m_stopping = false;
        m_finishReason = m_oomKilled       ? QStringLiteral("oom")
                         : m_stopRequested ? QStringLiteral("requested")
                                           : QStringLiteral("exited");
    } else {
        m_finishReason.clear();
    }
    DBusSignals::propertiesChanged(*m_context, path(), interfaceName(), before, properties());
    if (!running() && !m_whenStopped.isEmpty()) {
        const auto waiting = std::exchange(m_whenStopped, {});
        for (const auto &done : waiting)
            done();
    }
}

void Container::authorized(const QString &verb, const QStringList &actions, Work work)
{
    setDelayedReply(true);
    authorize(message(), verb, actions, std::move(work));
}

void Container::authorizedAsCreator(const QString &verb, Work work)
{
    setDelayedReply(true);
    const QDBusMessage call = message();
    QPointer<Container> self(this);
    m_context->authorizer->callerUid(call, [self, call, verb, work = std::move(work),
                                            bus = m_context->bus](Authorizer::Uid uid) {
        if (!self)
            return void(bus.send(call.createErrorReply(
                GbErrors::notFound(), QStringLiteral("the container was removed"))));
        QStringList actions{GbActions::view()};
        if (!uid || *uid != self->m_record.creatorUid)
            actions.append(GbActions::manage());
        self->authorize(call, verb, actions, work);
    });
}

QStringList Container::runActions() const
{
    // The risk class stays with the container: what an administrator allowed at creation
    // (host bind mounts, added capabilities, no seccomp) is not handed on to every user with
    // the cached manage grant.
    if (m_record.options.privileged())
        return {GbActions::manage(), GbActions::privileged()};
    return {GbActions::manage()};
}

void Container::authorize(const QDBusMessage &call, const QString &verb, const QStringList &actions,
                          Work work)
{
    QPointer<Container> self(this);
    QDBusConnection bus = m_context->bus;
    Authorizer::Details details{
        {QStringLiteral("container"), m_record.name.isEmpty() ? m_record.id : m_record.name},
        {QStringLiteral("image"), m_record.image},
        {QStringLiteral("verb"), verb}};
    m_context->authorizer->check(call, actions, details, [self, call, bus, verb, work](bool ok) {
        if (!ok) {
            bus.send(
                call.createErrorReply(GbErrors::notAuthorized(),
                                      QStringLiteral("not authorized to %1 containers").arg(verb)));
            return;
        }
        if (!self) {
            bus.send(call.createErrorReply(GbErrors::notFound(),
                                           QStringLiteral("the container was removed")));
            return;
        }
        work(call);
    });
}

void Container::reply(const QDBusMessage &call, const QVariantList &arguments)
{
    m_context->bus.send(call.createReply(arguments));
}

void Container::replyError(const QDBusMessage &call, const QString &name, const QString &text)
{
    m_context->bus.send(call.createErrorReply(name, text));
}

void Container::setState(const QString &state, uint pid)
{
    const QVariantMap before = properties();
    m_state = state;
    m_pid = pid;
    DBusSignals::propertiesChanged(*m_context, path(), interfaceName(), before, properties());
}

void Container::Start()
{
    authorized(QStringLiteral("start"), runActions(), [this](const QDBusMessage &call) {
        if (m_busy || running()) {
            replyError(call, GbErrors::busy(),
                       running() ? QStringLiteral("the container is already running")
                                 : QStringLiteral("the container is busy"));
            return;
        }
        startShim(call, [this, call](bool ok) {
            if (ok)
                reply(call);
        });
    });
}

void Container::startShim(const QDBusMessage &call, std::function<void(bool)> done)
{
    // Busy from here: a second Start while this one waits for its worker is refused.
    m_busy = true;
    if (m_shimAlive) {
        // The last run's shim is still deleting its runtime container: the id is free once
        // it has exited.
        QPointer<Container> self(this);
        m_whenShimGone.append([self, call, done] {
            if (self)
                self->startShim(call, done);
        });
        return;
    }
    struct Prepared
    {
        QString bundle;
        QString error;
    };
    // On the container's queue: deleting the previous run's runtime state takes the
    // container's lock, which another runtime command may hold, and waits for its processes.
    m_lifecycle.run(
        [images = m_context->images.get(), runtime = m_context->runtime.get(),
         id = m_record.id.toStdString(), dir = m_context->config.shimDir(m_record.id)] {
            if (auto mounted = glassbox::image::mountContainerRootfs(*images, id); !mounted)
                return Prepared{{}, coreError(mounted.error())};
            // What a previous run left: its exit record, and the runtime's state of its
            // container.
            QDir().mkpath(dir);
            for (const char *file : {"exit.json", "started.json", "shim.pid", "stop-requested"})
                QFile::remove(dir + QLatin1Char('/') + QLatin1String(file));
            (void)glassbox::deleteContainer(*runtime, id, true);
            auto bundle = glassbox::image::containerRootfs(*images, id);
            if (!bundle)
                return Prepared{{}, coreError(bundle.error())};
            return Prepared{QString::fromStdString(bundle->bundle), {}};
        },
        [self = QPointer<Container>(this), call, done,
         bus = m_context->bus](const Prepared &prepared) {
            if (!self)
                return void(bus.send(call.createErrorReply(
                    GbErrors::notFound(), QStringLiteral("the container was removed"))));
            if (!prepared.error.isEmpty()) {
                self->m_busy = false;
                self->replyError(call, GbErrors::failed(), prepared.error);
                return done(false);
            }
            self->spawnShim(call, prepared.bundle, done);
        });
}

void Container::spawnShim(const QDBusMessage &call, const QString &bundle,
                          std::function<void(bool)> done)
{
    const QString dir = m_context->config.shimDir(m_record.id);
    // A new run: nothing of the last one (its init's pidfd) may report for this one.
    m_context->monitor->forget(m_record.id);
    m_initWatched = false;
    m_initExited = false;
    m_stopping = false;
    m_stopRequested = false;
    m_context->monitor->watchDirectory(m_record.id, dir);
    QString program = m_context->config.shimBinary;
    QStringList arguments{
        QStringLiteral("--runtime-root"), m_context->config.runtimeRoot(),
        QStringLiteral("--id"),           m_record.id,
        QStringLiteral("--bundle"),       bundle,
        QStringLiteral("--dir"),          dir,
        QStringLiteral("--log-max"),      QString::number(m_context->config.logMaxBytes)};
    QString error;
    if (!m_context->config.systemdRun.isEmpty()) {
        // The run's number is saved first, so that no later run (of this helper or the next)
        // reuses the name while this scope may still linger.
        ContainerRecord record = m_record;
        ++record.starts;
        if (!record.save(m_context->config.stateDir, &error)) {
            m_busy = false;
            replyError(call, GbErrors::failed(), error);
            return done(false);
        }
        m_record = record;
        arguments = inScope(program, arguments);
        program = m_context->config.systemdRun;
    }
    m_busy = true;
    m_paused = false;
    m_oomKilled = false;
    auto *shim = new ChildProcess(this);
    if (!shim->start(program, arguments, &error)) {
        m_busy = false;
        delete shim;
        replyError(call, GbErrors::failed(), error);
        return done(false);
    }
    connect(shim, &ChildProcess::finished, this, [this, shim, call, done](int code) {
        shim->deleteLater();
        m_busy = false;
        if (code != 0) {
            // A shim killed by a signal said nothing: name what happened instead.
            QString reason = QString::fromLocal8Bit(shim->output()).trimmed();
            if (reason.isEmpty())
                reason =
                    code > 128
                        ? QStringLiteral("glassbox-shim was killed by signal %1").arg(code - 128)
                        : QStringLiteral("glassbox-shim exited with status %1").arg(code);
            replyError(call, GbErrors::failed(),
                       QStringLiteral("the container did not start: %1").arg(reason));
            // A shim that failed cleanly left nothing; one that was killed while starting left
            // the runtime's container (its cgroups, maybe its processes): deleted with force.
            m_lifecycle.run(
                [runtime = m_context->runtime.get(), id = m_record.id.toStdString()] {
                    (void)glassbox::deleteContainer(*runtime, id, true);
                },
                [self = QPointer<Container>(this)] {
                    if (self)
                        self->refresh();
                });
            refresh();
            return done(false);
        }
        watchShim();
        refresh();
        followInit();
        // A shim killed during the start (with its init) reports success: without exit.json
        // and with nothing running, the container did not start.
        if (!running() &&
            !glassbox::shim::readExit(m_context->config.shimDir(m_record.id).toStdString())) {
            replyError(call, GbErrors::failed(),
                       QStringLiteral("the container did not start: its supervisor "
                                      "(glassbox-shim) and its process were killed"));
            return done(false);
        }
        done(true);
    });
}

QStringList Container::inScope(const QString &shim, const QStringList &shimArguments) const
{
    // systemd-run --scope makes the scope around its own pid, then execs the shim: the
    // process the helper spawned, its exit status and its stderr are the shim's. The scope
    // holds the shim and the container and nothing of the helper's, so stopping or restarting
    // the helper's unit leaves them alone; Delegate=yes hands its subtree to the shim and the
    // runtime. --collect: a scope whose container was killed is not kept as "failed".
    const QString unit =
        QStringLiteral("glassbox-%1-%2.scope").arg(m_record.id).arg(m_record.starts);
    const QString name = m_record.name.isEmpty() ? m_record.id : m_record.name;
    return QStringList{QStringLiteral("--scope"),
                       QStringLiteral("--quiet"),
                       QStringLiteral("--collect"),
                       QStringLiteral("--slice=machine.slice"),
                       QStringLiteral("--unit=") + unit,
                       QStringLiteral("--description=Glassbox container ") + name,
                       QStringLiteral("--property=Delegate=yes"),
                       QStringLiteral("--"),
                       shim} +
           shimArguments +
           QStringList{QStringLiteral("--cgroup-leaf"), QStringLiteral("supervisor")};
}

void Container::markStopRequested()
{
    if (m_stopRequested)
        return;
    m_stopRequested = true;
    QFile mark(shimFile("stop-requested"));
    // Best effort: without the file only a helper restarted before the exit forgets it.
    (void)mark.open(QIODevice::WriteOnly | QIODevice::Truncate);
}

void Container::stopThen(uint timeoutSeconds, std::function<void()> done)
{
    if (!running())
        return done();
    m_whenStopped.append(std::move(done));
    markStopRequested();
    const quint64 generation = ++m_stopGeneration;
    if (!m_stopping) {
        m_stopping = true;
        setState(QStringLiteral("stopping"), m_pid);
    }
    const bool paused = std::exchange(m_paused, false); // resumed first, below
    // A container that outlives the SIGKILL by the grace (in uninterruptible sleep, say) is
    // shown as running again: the stop failed, and its callers are told so.
    QTimer::singleShot(int(timeoutSeconds) * 1000 + kStopGraceMs, this, [this, generation] {
        if (generation != m_stopGeneration || !m_stopping)
            return;
        m_stopping = false;
        refresh();
    });
    // Without a shim no exit event comes from it: the runtime's state is read again after
    // each signal (the init's pidfd, when it could be watched, reports sooner).
    auto check = [self = QPointer<Container>(this)] {
        if (self && !self->m_shimAlive)
            self->refresh();
    };
    // On the container's queue: resuming takes the container's lock; the SIGKILL below is
    // queued behind this SIGTERM.
    m_lifecycle.run(
        [runtime = m_context->runtime.get(), id = m_record.id.toStdString(), paused] {
            if (paused)
                (void)glassbox::resumeContainer(*runtime, id);
            (void)glassbox::killContainer(*runtime, id, SIGTERM, false);
        },
        check);
    QTimer::singleShot(int(timeoutSeconds) * 1000, this, [this, check] {
        if (running())
            m_lifecycle.run(
                [runtime = m_context->runtime.get(), id = m_record.id.toStdString()] {
                    (void)glassbox::killContainer(*runtime, id, SIGKILL, true);
                },
                check);
    });
}

void Container::Stop(uint timeoutSeconds)
{
    if (timeoutSeconds > kMaxStopTimeout)
        return sendErrorReply(
            GbErrors::invalidArgument(),
            QStringLiteral("timeout must be at most %1 seconds").arg(kMaxStopTimeout));
    authorized(QStringLiteral("stop"), {GbActions::manage()},
               [this, timeoutSeconds](const QDBusMessage &call) {
                   if (m_busy)
                       return replyError(call, GbErrors::busy(),
                                         QStringLiteral("the container is busy"));
                   auto answered = std::make_shared<bool>(false);
                   stopThen(timeoutSeconds, [this, call, answered] {
                       if (!std::exchange(*answered, true))
                           reply(call);
                   });
                   QTimer::singleShot(
                       int(timeoutSeconds) * 1000 + kStopGraceMs, this, [this, call, answered] {
                           refresh(); // the runtime's word, which may answer the call as stopped
                           if (!std::exchange(*answered, true))
                               replyError(call, GbErrors::failed(),
                                          QStringLiteral("the container did not stop"));
                       });
               });
}

void Container::Kill(int signal)
{
    if (!Validation::isSignal(signal))
        return sendErrorReply(GbErrors::invalidArgument(), QStringLiteral("signal must be 1..64"));
    authorized(QStringLiteral("kill"), {GbActions::manage()},
               [this, signal](const QDBusMessage &call) {
                   if (!running())
                       return replyError(call, GbErrors::failed(),
                                         QStringLiteral("the container is not running"));
                   // Whatever the signal, an exit after it was asked for, not unexpected.
                   markStopRequested();
                   queueRuntimeCall(
                       call,
                       [signal](const glassbox::StateStore &runtime, const std::string &id) {
                           return glassbox::killContainer(runtime, id, signal, false);
                       },
                       [this, call] { reply(call); });
               });
}

void Container::queueRuntimeCall(const QDBusMessage &call, RuntimeCall command,
                                 std::function<void()> then)
{
    m_lifecycle.run(
        [runtime = m_context->runtime.get(), id = m_record.id.toStdString(),
         command = std::move(command)] {
            auto done = command(*runtime, id);
            return done ? QString() : coreError(done.error());
        },
        [self = QPointer<Container>(this), call, then = std::move(then),
         bus = m_context->bus](const QString &error) {
            if (!self)
                return void(bus.send(call.createErrorReply(
                    GbErrors::notFound(), QStringLiteral("the container was removed"))));
            if (!error.isEmpty())
                return void(bus.send(call.createErrorReply(GbErrors::failed(), error)));
            then();
        });
}

void Container::Restart(uint timeoutSeconds)
{
    if (timeoutSeconds > kMaxStopTimeout)
        return sendErrorReply(
            GbErrors::invalidArgument(),
            QStringLiteral("timeout must be at most %1 seconds").arg(kMaxStopTimeout));
    authorized(
        QStringLiteral("restart"), runActions(), [this, timeoutSeconds](const QDBusMessage &call) {
            if (m_busy)
                return replyError(call, GbErrors::busy(), QStringLiteral("the container is busy"));
            QPointer<Container> self(this);
            stopThen(timeoutSeconds, [self, call] {
                if (self)
                    self->startShim(call, [self, call](bool ok) {
                        if (ok && self)
                            self->reply(call);
                    });
            });
        });
}

void Container::Pause()
{
    authorized(QStringLiteral("pause"), {GbActions::manage()}, [this](const QDBusMessage &call) {
        if (m_state == QStringLiteral("stopping"))
            return replyError(call, GbErrors::busy(), QStringLiteral("the container is stopping"));
        if (m_state != QStringLiteral("running"))
            return replyError(call, GbErrors::failed(),
                              QStringLiteral("the container is not running"));
        queueRuntimeCall(
            call,
            [](const glassbox::StateStore &runtime, const std::string &id) {
                return glassbox::pauseContainer(runtime, id);
            },
            [this, call] {
                m_paused = true;
                // A stop that began meanwhile resumes it and keeps showing "stopping".
                setState(m_stopping ? QStringLiteral("stopping") : QStringLiteral("paused"), m_pid);
                reply(call);
            });
    });
}

void Container::Resume()
{
    authorized(QStringLiteral("resume"), {GbActions::manage()}, [this](const QDBusMessage &call) {
        if (m_state == QStringLiteral("stopping"))
            return replyError(call, GbErrors::busy(), QStringLiteral("the container is stopping"));
        if (m_state != QStringLiteral("paused"))
            return replyError(call, GbErrors::failed(),
                              QStringLiteral("the container is not paused"));
        queueRuntimeCall(
            call,
            [](const glassbox::StateStore &runtime, const std::string &id) {
                return glassbox::resumeContainer(runtime, id);
            },
            [this, call] {
                m_paused = false;
                setState(m_stopping ? QStringLiteral("stopping") : QStringLiteral("running"),
                         m_pid);
                reply(call);
            });
    });
}

void Container::Remove(bool force)
{
    authorized(
        QStringLiteral("remove"), {GbActions::manage()}, [this, force](const QDBusMessage &call) {
            if (m_busy)
                return replyError(call, GbErrors::busy(), QStringLiteral("the container is busy"));
            if (m_state == QStringLiteral("stopping") && !force)
                return replyError(call, GbErrors::busy(),
                                  QStringLiteral("the container is stopping; wait for it to stop "
                                                 "or remove it with force"));
            if (running() && !force)
                return replyError(
                    call, GbErrors::busy(),
                    QStringLiteral("the container is running; stop it or remove it with force"));
            m_busy = true;
            // Bounded: a container that does not stop leaves Remove with an error, not hanging
            // (and the container no longer busy).
            auto answered = std::make_shared<bool>(false);
            stopThen(0, [this, call, answered] {
                if (!std::exchange(*answered, true))
                    finishRemove(call);
            });
            QTimer::singleShot(kStopGraceMs, this, [this, call, answered] {
                if (*answered)
                    return;
                refresh();
                if (std::exchange(*answered, true))
                    return;
                m_busy = false;
                replyError(call, GbErrors::failed(),
                           QStringLiteral("the container did not stop; it was not removed"));
            });
        });
}

void Container::finishRemove(const QDBusMessage &call)
{
    auto gone = [call, bus = m_context->bus] {
        bus.send(call.createErrorReply(GbErrors::notFound(),
                                       QStringLiteral("the container was removed")));
    };
    const std::string id = m_record.id.toStdString();
    // The runtime's delete waits for the container's lock (another runtime command may hold
    // it) and for its processes: on the container's queue. The rootfs then goes behind the
    // store's queue, as every change of the store does.
    m_lifecycle.run(
        [runtime = m_context->runtime.get(), id] {
            (void)glassbox::deleteContainer(*runtime, id, true);
        },
        [self = QPointer<Container>(this), call, id, gone] {
            if (!self)
                return gone();
            self->m_context->workers->store().run(
                [images = self->m_context->images.get(), id] {
                    auto removed = glassbox::image::removeContainerRootfs(*images, id);
                    return removed || removed.error().code == ENOENT ? QString()
                                                                     : coreError(removed.error());
                },
                [self, call, gone](const QString &error) {
                    if (!self)
                        return gone();
                    if (!error.isEmpty()) {
                        self->m_busy = false;
                        return self->replyError(call, GbErrors::failed(), error);
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
                    // Unregister before replying: a client that asks about the object right
                    // after the reply must already find it gone (the object itself is deleted
                    // later).
                    Q_EMIT self->removed(self);
                    self->reply(call);
                });
        });
}

void Container::Update(const QVariantMap &limits)
{
    for (auto it = limits.cbegin(); it != limits.cend(); ++it)
        if (!ContainerLimits::keys().contains(it.key()))
            return sendErrorReply(
                GbErrors::invalidArgument(),
                QStringLiteral("unknown limit %1").arg(Validation::quoted(it.key())));
    ContainerLimits parsed;
    QString error;
    if (!ContainerLimits::parse(limits, &parsed, &error))
        return sendErrorReply(GbErrors::invalidArgument(), error);
    authorized(QStringLiteral("update"), runActions(), [this, parsed](const QDBusMessage &call) {
        if (!running())
            return saveLimits(call, parsed);
        glassbox::oci::Resources resources;
        if (parsed.memoryLimit) {
            resources.memory = glassbox::oci::MemoryResources{};
            resources.memory->limit = qint64(*parsed.memoryLimit);
        }
        if (parsed.cpuQuota || parsed.cpuPeriod) {
            resources.cpu = glassbox::oci::CpuResources{};
            if (parsed.cpuQuota)
                resources.cpu->quota = *parsed.cpuQuota;
            if (parsed.cpuPeriod)
                resources.cpu->period = *parsed.cpuPeriod;
        }
        if (parsed.pidsLimit)
            resources.pids = glassbox::oci::PidsResources{*parsed.pidsLimit};
        queueRuntimeCall(
            call,
            [resources](const glassbox::StateStore &runtime, const std::string &id) {
                return glassbox::updateContainer(runtime, id, resources);
            },
            [this, call, parsed] { saveLimits(call, parsed); });
    });
}

void Container::saveLimits(const QDBusMessage &call, const ContainerLimits &parsed)
{
    const QVariantMap before = properties();
    ContainerRecord record = m_record;
    ContainerLimits &current = record.options.limits;
    if (parsed.memoryLimit)
        current.memoryLimit = parsed.memoryLimit;
    if (parsed.cpuQuota)
        current.cpuQuota = parsed.cpuQuota;
    if (parsed.cpuPeriod)
        current.cpuPeriod = parsed.cpuPeriod;
    if (parsed.pidsLimit)
        current.pidsLimit = parsed.pidsLimit;
    QString error;
    auto bundle = glassbox::image::containerRootfs(*m_context->images, m_record.id.toStdString());
    if (!record.save(m_context->config.stateDir, &error) ||
        (bundle &&
         !BundleConfig::updateLimits(QString::fromStdString(bundle->bundle), parsed, &error)))
        return replyError(call, GbErrors::failed(), error);
    m_record = record;
    DBusSignals::propertiesChanged(*m_context, path(), interfaceName(), before, properties());
    reply(call);
}

void Container::answerFromWorker(const QDBusMessage &call, std::function<ViewAnswer()> work)
{
    m_context->workers->run(std::move(work), [call,
                                              bus = m_context->bus](const ViewAnswer &answer) {
        bus.send(answer.error.isEmpty() ? call.createReply(answer.arguments)
                                        : call.createErrorReply(GbErrors::failed(), answer.error));
    });
}

QString Container::Inspect()
{
    authorizedAsCreator(QStringLiteral("inspect"), [this](const QDBusMessage &call) {
        // Takes the store's shared lock, which an import may hold for long.
        answerFromWorker(call, [context = m_context, record = m_record, state = properties()] {
            QString json, error;
            if (!ContainerInspector::inspect(context, record, state, &json, &error))
                return ViewAnswer{{}, error};
            return ViewAnswer{{json}, {}};
        });
    });
    return {};
}

GbNamespaceList Container::GetNamespaces()
{
    authorized(QStringLiteral("view"), {GbActions::view()}, [this](const QDBusMessage &call) {
        if (!running())
            return replyError(call, GbErrors::failed(),
                              QStringLiteral("the container is not running"));
        // Counting every process's namespaces reads all of /proc.
        answerFromWorker(call, [pid = m_pid] {
            return ViewAnswer{{QVariant::fromValue(ContainerInspector::namespaces(pid))}, {}};
        });
    });
    return {};
}

GbLayerList Container::GetLayers(GbStringMap &)
{
    authorized(QStringLiteral("view"), {GbActions::view()}, [this](const QDBusMessage &call) {
        // Scans the writable layer (any size).
        answerFromWorker(call, [context = m_context, record = m_record] {
            GbLayerList layers;
            GbStringMap paths;
            QString error;
            if (!ContainerInspector::layers(context, record, &layers, &paths, &error))
                return ViewAnswer{{}, error};
            return ViewAnswer{{QVariant::fromValue(layers), QVariant::fromValue(paths)}, {}};
        });
    });
    return {};
}

GbChangeList Container::GetDiff()
{
    authorized(QStringLiteral("view"), {GbActions::view()}, [this](const QDBusMessage &call) {
        // Walks the writable layer and looks each path up in the image's.
        answerFromWorker(call, [context = m_context, id = m_record.id] {
            GbChangeList changes;
            QString error;
            if (!ContainerInspector::diff(context, id, &changes, &error))
                return ViewAnswer{{}, error};
            return ViewAnswer{{QVariant::fromValue(changes)}, {}};
        });
    });
    return {};
}

GbProcessList Container::GetProcesses()
{
    authorized(QStringLiteral("view"), {GbActions::view()}, [this](const QDBusMessage &call) {
        if (!running())
            return reply(call, {QVariant::fromValue(GbProcessList())});
        // /proc of every process in the cgroup, and the user database.
        answerFromWorker(call, [context = m_context, id = m_record.id] {
            GbProcessList processes;
            QString error;
            if (!ContainerInspector::processes(context, id, &processes, &error))
                return ViewAnswer{{}, error};
            return ViewAnswer{{QVariant::fromValue(processes)}, {}};
        });
    });
    return {};
}

GbCounterMap Container::GetPressure()
{
    authorized(QStringLiteral("view"), {GbActions::view()}, [this](const QDBusMessage &call) {
        if (!running())
            return replyError(call, GbErrors::failed(),
                              QStringLiteral("the container is not running"));
        answerFromWorker(call, [context = m_context, id = m_record.id] {
            GbCounterMap pressure;
            QString error;
            if (!ContainerInspector::pressure(context, id, &pressure, &error))
                return ViewAnswer{{}, error};
            return ViewAnswer{{QVariant::fromValue(pressure)}, {}};
        });
    });
    return {};
}

QString Container::GetLogs(qulonglong maxBytes)
{
    authorizedAsCreator(QStringLiteral("read the logs of"),
                        [this, maxBytes](const QDBusMessage &call) {
                            reply(call, {ContainerInspector::logs(shimFile("log"), maxBytes)});
                        });
    return {};
}

QDBusUnixFileDescriptor Container::OpenLog()
{
    authorizedAsCreator(QStringLiteral("read the logs of"), [this](const QDBusMessage &call) {
        const int fd =
            ::open(shimFile("log").toLocal8Bit().constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
            return replyError(call, GbErrors::notFound(),
                              QStringLiteral("the container has no log yet"));
        QDBusUnixFileDescriptor descriptor(fd);
        ::close(fd);
        reply(call, {QVariant::fromValue(descriptor)});
    });
    return {};
}

int Container::Exec(const QStringList &argv, QString &)
{
    if (argv.isEmpty() || argv.size() > 1024 || argv.first().isEmpty())
        return sendErrorReply(GbErrors::invalidArgument(),
                              QStringLiteral("argv must name a program")),
               0;
    for (const QString &argument : argv)
        if (argument.contains(QChar(0)) || argument.size() > 65536)
            return sendErrorReply(GbErrors::invalidArgument(),
                                  QStringLiteral("argv has a malformed argument")),
                   0;
    authorized(QStringLiteral("exec"), runActions(), [this, argv](const QDBusMessage &call) {
        if (m_state != QStringLiteral("running"))
            return replyError(call, GbErrors::failed(),
                              QStringLiteral("the container is not running"));
        auto *process = new ChildProcess(this);
        const QStringList arguments =
            QStringList{QStringLiteral("--root"), m_context->config.runtimeRoot(),
                        QStringLiteral("exec"), m_record.id, QStringLiteral("--")} +
            argv;
        QString error;
        if (!process->start(m_context->config.runtimeBinary, arguments, &error)) {
            delete process;
            return replyError(call, GbErrors::failed(), error);
        }
        connect(process, &ChildProcess::finished, this, [this, process, call](int code) {
            process->deleteLater();
            reply(call, {code, QString::fromUtf8(process->output())});
        });
    });
    return 0;
}
