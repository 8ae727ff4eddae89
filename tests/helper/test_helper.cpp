// glassbox-helper against real services: a private system bus with the real polkitd (the
// TestSystemBus fixture), the real shim and runtime, as root. Clients are the test users the
// fixture's polkit rules grant (gbtest-allowed), refuse (gbtest-denied), grant view and manage
// only (gbtest-manager) and view only (gbtest-viewer).
#include "exe_attack.h"
#include "helper_calls.h"
#include "system_bus.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusUnixFileDescriptor>
#include <QDBusVariant>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <limits>
#include <memory>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/vfs.h>
#include <unistd.h>

using namespace glassbox::test;

namespace {

/// Descriptors the helper may hold beyond its start-up count once everything is removed
/// (see nothingLeaked()).
constexpr int kFdSlack = 2;

QString idOf(const QString &containerPath)
{
    return containerPath.section(QLatin1Char('/'), -1);
}

/// The open descriptors of a process as "fd -> target" lines, so a failed comparison shows
/// what was opened rather than only how many.
QStringList openFds(qint64 pid)
{
    const QString dir = QStringLiteral("/proc/%1/fd").arg(pid);
    QStringList fds;
    const QStringList names =
        QDir(dir).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &name : names)
        fds.append(name + QStringLiteral(" -> ") +
                   QFileInfo(dir + QLatin1Char('/') + name).symLinkTarget());
    return fds;
}

/// The cgroup directories of the containers `ids`, in any hierarchy: the runtime nests a
/// container as <own cgroup>/glassbox/<id>, and <own cgroup> differs per hierarchy (this host
/// puts the test in a memory cgroup of its own only); on a systemd host with pure cgroup v2
/// the helper gives each run a scope, machine.slice/glassbox-<id>-<run>.scope/container.
QStringList containerCgroups(const QSet<QString> &ids)
{
    QStringList found;
    QDirIterator it(QStringLiteral("/sys/fs/cgroup"), QDir::Dirs | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString parent = QFileInfo(path).dir().dirName();
        if (ids.contains(it.fileName()) && parent == QStringLiteral("glassbox"))
            found.append(path);
        else if (it.fileName() == QStringLiteral("container") &&
                 parent.startsWith(QStringLiteral("glassbox-")) &&
                 ids.contains(parent.section(QLatin1Char('-'), 1, 1)))
            found.append(path);
    }
    return found;
}

/// Processes whose command line names `binary` and mentions `dir` (a shim of this suite's
/// helper: its argv holds --runtime-root and --dir under the run dir).
QStringList processesOf(const QString &binary, const QString &dir)
{
    QStringList found;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &pid : pids) {
        bool numeric = false;
        pid.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!file.open(QIODevice::ReadOnly))
            continue; // gone meanwhile
        const QList<QByteArray> argv = file.readAll().split('\0');
        if (argv.isEmpty() || QString::fromLocal8Bit(argv.first()) != binary)
            continue;
        for (const QByteArray &argument : argv)
            if (QString::fromLocal8Bit(argument).startsWith(dir)) {
                found.append(pid + QLatin1Char(' ') +
                             QString::fromLocal8Bit(argv.join(' ')).trimmed());
                break;
            }
    }
    return found;
}

/// Records the PropertiesChanged signals one connection receives from the helper.
class ChangeLog : public QObject
{
    Q_OBJECT
public:
    /// "path State=value" for every change of State, in arrival order.
    QStringList states;
    int received = 0;

public Q_SLOTS:
    void changed(const QString &, const QVariantMap &changed, const QStringList &,
                 const QDBusMessage &message)
    {
        ++received;
        if (changed.contains(QStringLiteral("State")))
            states.append(message.path() + QStringLiteral(" State=") +
                          changed.value(QStringLiteral("State")).toString());
    }
};

/// Every PropertiesChanged of a Job1 object, in the order the bus delivered them.
class JobSignals : public QObject
{
    Q_OBJECT
public:
    struct Change
    {
        QString path;
        QVariantMap changed;
    };
    QList<Change> changes;

    /// The Progress values `path` announced while its State was still "running", and the
    /// State it ended in (empty while it runs).
    QList<double> progressWhileRunning(const QString &path, QString *endState) const
    {
        QList<double> values;
        endState->clear();
        for (const Change &change : changes) {
            if (change.path != path)
                continue;
            const QString state = change.changed.value(QStringLiteral("State")).toString();
            if (!state.isEmpty() && state != QLatin1String("running")) {
                *endState = state;
                break;
            }
            if (change.changed.contains(QStringLiteral("Progress")))
                values.append(change.changed.value(QStringLiteral("Progress")).toDouble());
        }
        return values;
    }

public Q_SLOTS:
    void propertiesChanged(const QDBusMessage &message)
    {
        if (message.arguments().value(0).toString() != QLatin1String("org.glassbox.Job1"))
            return;
        QVariantMap changed;
        message.arguments().value(1).value<QDBusArgument>() >> changed;
        changes.append({message.path(), changed});
    }
};

/// CreateContainer's BindMounts option for `mounts`.
QVariant bindMounts(const HostMounts &mounts)
{
    return QVariant::fromValue(mounts);
}

} // namespace

class TestHelper : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSystemBus> m_bus;
    QTemporaryDir m_root;
    std::unique_ptr<QProcess> m_helper;
    QDBusConnection m_allowed{QString()};
    QDBusConnection m_allowed2{QString()};
    QDBusConnection m_denied{QString()};
    QDBusConnection m_manager{QString()};
    QDBusConnection m_viewer{QString()};
    /// Every container id this suite created, for the leak checks.
    QSet<QString> m_ids;
    /// The running helper's descriptors when it appeared on the bus, before any container.
    QStringList m_helperFds;

    QString stateDir() const { return m_root.path() + QStringLiteral("/state"); }
    QString runDir() const { return m_root.path() + QStringLiteral("/run"); }
    QString storeRoot() const { return m_root.path() + QStringLiteral("/store"); }

    bool startHelper(const QString &shim = QStringLiteral(GLASSBOX_SHIM_BINARY),
                     const QString &runtime = QStringLiteral(GLASSBOX_RUNTIME_BINARY))
    {
        m_helper = std::make_unique<QProcess>();
        m_helper->setProcessEnvironment(m_bus->environment());
        m_helper->setProcessChannelMode(QProcess::ForwardedChannels);
        m_helper->start(QStringLiteral(GLASSBOX_HELPER_BINARY),
                        {QStringLiteral("--state-dir"), stateDir(), QStringLiteral("--run-dir"),
                         runDir(), QStringLiteral("--store-root"), storeRoot(),
                         QStringLiteral("--shim"), shim, QStringLiteral("--runtime"), runtime,
                         QStringLiteral("--idle-timeout"), QStringLiteral("0"),
                         QStringLiteral("--network-dir"),
                         m_root.path() + QStringLiteral("/networks"),
                         QStringLiteral("--default-network"), QStringLiteral("none")});
        if (!m_helper->waitForStarted())
            return false;
        for (int i = 0; i < 200; ++i) {
            if (m_bus->connection().interface()->isServiceRegistered(kService)) {
                m_helperFds = openFds(m_helper->processId());
                return true;
            }
            QTest::qWait(50);
        }
        return false;
    }

    void killHelper()
    {
        m_helper->kill();
        m_helper->waitForFinished();
        QTRY_VERIFY(!m_bus->connection().interface()->isServiceRegistered(kService));
    }

    QString create(QDBusConnection bus, const QString &name, const QVariantMap &options,
                   QDBusMessage *replyOut = nullptr,
                   const QString &image = QStringLiteral("busybox"))
    {
        const QDBusMessage reply = call(bus, kManagerPath, kManager,
                                        QStringLiteral("CreateContainer"), {image, name, options});
        const QString path = reply.type() == QDBusMessage::ReplyMessage
                                 ? reply.arguments().value(0).value<QDBusObjectPath>().path()
                                 : QString();
        if (replyOut)
            *replyOut = reply;
        if (path.isEmpty()) {
            qWarning("CreateContainer: %s", qPrintable(reply.errorMessage()));
            return {};
        }
        m_ids.insert(idOf(path));
        return path;
    }

    /// Imports `dir`/rootfs as a rootfs tar named `tag`; the image id, or empty (with a warning).
    QString importTar(const QString &dir, const QString &tag)
    {
        const QString tar = dir + QStringLiteral("/image.tar");
        if (QProcess::execute(QStringLiteral("tar"),
                              {QStringLiteral("-cf"), tar, QStringLiteral("-C"),
                               dir + QStringLiteral("/rootfs"), QStringLiteral(".")}) != 0)
            return {};
        QFile file(tar);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const QDBusMessage reply =
            call(m_allowed, kManagerPath, kManager, QStringLiteral("ImportImage"),
                 {QVariant::fromValue(QDBusUnixFileDescriptor(file.handle())),
                  QStringLiteral("rootfs"), tag});
        if (reply.type() != QDBusMessage::ReplyMessage) {
            qWarning("ImportImage: %s", qPrintable(reply.errorMessage()));
            return {};
        }
        const QString job = reply.arguments().value(0).value<QDBusObjectPath>().path();
        for (int i = 0; i < 600 && jobState(job) == QLatin1String("running"); ++i)
            QTest::qWait(100);
        if (jobState(job) != QLatin1String("succeeded")) {
            qWarning("import %s: %s", qPrintable(jobState(job)),
                     qPrintable(jobProperty(job, QStringLiteral("Error")).toString()));
            return {};
        }
        return jobProperty(job, QStringLiteral("Result")).toString();
    }

    QVariant jobProperty(const QString &job, const QString &name)
    {
        return call(m_allowed, job, QStringLiteral("org.freedesktop.DBus.Properties"),
                    QStringLiteral("Get"), {QStringLiteral("org.glassbox.Job1"), name})
            .arguments()
            .value(0)
            .value<QDBusVariant>()
            .variant();
    }
    QString jobState(const QString &job)
    {
        return jobProperty(job, QStringLiteral("State")).toString();
    }

    bool removeImage(const QString &id)
    {
        const QDBusMessage reply =
            call(m_allowed, kManagerPath + QStringLiteral("/image/") + id.mid(7, 16),
                 QStringLiteral("org.glassbox.Image1"), QStringLiteral("Remove"), {true});
        if (reply.type() != QDBusMessage::ReplyMessage)
            qWarning("Remove image %s: %s", qPrintable(id), qPrintable(reply.errorMessage()));
        return reply.type() == QDBusMessage::ReplyMessage;
    }

    /// How many decisions of the test rules polkitd logged for `action` and `user` with `verb`.
    int polkitDecisions(const QString &action, const char *user, const QString &verb) const
    {
        const QString line =
            QStringLiteral("glassbox-test-rule: %1 %2 -> ").arg(action, QString::fromLatin1(user));
        const QStringList lines = m_bus->polkitLog().split(QLatin1Char('\n'));
        int count = 0;
        for (const QString &logged : lines)
            if (logged.contains(line) &&
                logged.contains(QStringLiteral(" details: verb=") + verb + QLatin1Char(' ')))
                ++count;
        return count;
    }

    /// Whether GetManagedObjects answers within maxAnswerMs(), three times in a row.
    bool answersQuickly()
    {
        for (int i = 0; i < 3; ++i) {
            QElapsedTimer timer;
            timer.start();
            const QDBusMessage reply =
                call(m_allowed, kManagerPath, QStringLiteral("org.freedesktop.DBus.ObjectManager"),
                     QStringLiteral("GetManagedObjects"), {}, 5000);
            if (reply.type() != QDBusMessage::ReplyMessage || timer.elapsed() >= maxAnswerMs()) {
                qWarning("GetManagedObjects: %lld ms, %s", timer.elapsed(),
                         qPrintable(reply.errorMessage()));
                return false;
            }
        }
        return true;
    }

    /// The file of a container's cgroup that holds its memory limit (v2 or v1), or empty.
    static QString memoryLimitFile(const QString &id)
    {
        const QStringList dirs = containerCgroups({id});
        for (const QString &dir : dirs)
            for (const char *name : {"memory.max", "memory.limit_in_bytes"})
                if (QFile::exists(dir + QLatin1Char('/') + QLatin1String(name)))
                    return dir + QLatin1Char('/') + QLatin1String(name);
        return {};
    }

    static QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QStringList containerIds() const
    {
        return QDir(stateDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    }

    /// Sends `method(arguments)` to every object in `paths` at once, spread round robin over
    /// `clients`, and waits for every reply; returns the errors.
    QStringList callAll(const QList<QDBusConnection> &clients, const QStringList &paths,
                        const QString &method, const QVariantList &arguments)
    {
        QList<QDBusPendingCall> calls;
        for (int i = 0; i < paths.size(); ++i) {
            QDBusMessage message =
                QDBusMessage::createMethodCall(kService, paths.at(i), kContainer, method);
            message.setArguments(arguments);
            calls.append(clients.at(i % clients.size()).asyncCall(message, 120000));
        }
        QStringList errors;
        for (int i = 0; i < calls.size(); ++i) {
            calls[i].waitForFinished();
            if (calls.at(i).isError())
                errors.append(paths.at(i) + QLatin1Char(' ') + method + QStringLiteral(": ") +
                              calls.at(i).error().message());
        }
        return errors;
    }

    /// Removes the container at `path`, also after a failed check left the helper without its
    /// bus connection: such a helper exits (QProcess notices only in the event loop), and the
    /// next one adopts the container and removes it.
    void removeEvenIfHelperLost(const QString &path)
    {
        if (!m_bus->connection().interface()->isServiceRegistered(kService)) {
            m_helper->kill();
            m_helper->waitForFinished();
            if (!startHelper())
                qWarning("cannot restart the helper to remove %s", qPrintable(path));
        }
        const QDBusMessage reply =
            call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true}, 120000);
        if (reply.type() != QDBusMessage::ReplyMessage)
            qWarning("Remove: %s", qPrintable(reply.errorMessage()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));
        QVERIFY(m_root.isValid());
        QString error;
        m_allowed = m_bus->connectAs(QString::fromLatin1(kAllowedUser), &error);
        QVERIFY2(m_allowed.isConnected(), qPrintable(error));
        m_allowed2 = m_bus->connectAs(QString::fromLatin1(kAllowedUser), &error);
        QVERIFY2(m_allowed2.isConnected(), qPrintable(error));
        m_denied = m_bus->connectAs(QString::fromLatin1(kDeniedUser), &error);
        QVERIFY2(m_denied.isConnected(), qPrintable(error));
        m_manager = m_bus->connectAs(QString::fromLatin1(kManagerUser), &error);
        QVERIFY2(m_manager.isConnected(), qPrintable(error));
        m_viewer = m_bus->connectAs(QString::fromLatin1(kViewerUser), &error);
        QVERIFY2(m_viewer.isConnected(), qPrintable(error));
        qDBusRegisterMetaType<HostMount>();
        qDBusRegisterMetaType<HostMounts>();
        QVERIFY(startHelper());
    }

    void cleanupTestCase()
    {
        if (m_helper) {
            m_helper->kill();
            m_helper->waitForFinished();
        }
    }

    void lifecycle()
    {
        const QString path =
            create(m_allowed, QStringLiteral("life"),
                   {{QStringLiteral("Command"),
                     QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                                 QStringLiteral("echo hello-from-busybox; exec sleep 1000")}}});
        QVERIFY(!path.isEmpty());
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("created"));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("Name")).toString(),
                 QStringLiteral("life"));

        QDBusMessage reply = call(m_allowed, path, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("running"));
        const uint pid = containerProperty(m_allowed, path, QStringLiteral("Pid")).toUInt();
        QVERIFY(alive(pid));
        QTRY_VERIFY(call(m_allowed, path, kContainer, QStringLiteral("GetLogs"), {qulonglong(4096)})
                        .arguments()
                        .value(0)
                        .toString()
                        .contains(QStringLiteral("hello-from-busybox")));

        // sleep as pid 1 ignores SIGTERM: the stop ends with SIGKILL after the timeout.
        reply = call(m_allowed, path, kContainer, QStringLiteral("Stop"), {uint(1)});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("stopped"));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("ExitCode")).toInt(),
                 128 + SIGKILL);
        QVERIFY(!alive(pid));

        reply = call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QVERIFY(!containerProperty(m_allowed, path, QStringLiteral("State")).isValid());
        QVERIFY(containerIds().isEmpty());
    }

    // Issue 14: during a stop's grace period the container is "stopping" (not "running"),
    // every method called meanwhile is answered, and the stop ends in "stopped" whether the
    // SIGKILL ended it or it exited on its own; FinishReason says whether an exit was asked
    // for (by any client) or came by itself.
    void stopShowsStoppingAndEndsStopped()
    {
        const auto loop = [](const QString &onTerm) {
            return QVariantMap{
                {QStringLiteral("Command"),
                 QStringList{
                     QStringLiteral("sh"), QStringLiteral("-c"),
                     QStringLiteral("trap '%1' TERM; while :; do sleep 1; done").arg(onTerm)}}};
        };
        const QString stubborn = create(m_allowed, QStringLiteral("stubborn"), loop(QString()));
        const QString polite =
            create(m_allowed, QStringLiteral("polite"), loop(QStringLiteral("sleep 1; exit 3")));
        QVERIFY(!stubborn.isEmpty() && !polite.isEmpty());
        const auto removeBoth = qScopeGuard([&] {
            removeEvenIfHelperLost(stubborn);
            removeEvenIfHelperLost(polite);
        });
        const auto state = [this](const QString &path) {
            return containerProperty(m_allowed, path, QStringLiteral("State")).toString();
        };
        const auto stopAsync = [this](const QString &path, uint timeout) {
            QDBusMessage message =
                QDBusMessage::createMethodCall(kService, path, kContainer, QStringLiteral("Stop"));
            message.setArguments({timeout});
            return m_allowed.asyncCall(message, 60000);
        };
        for (const QString &path : {stubborn, polite}) {
            const QDBusMessage started = call(m_allowed, path, kContainer, QStringLiteral("Start"));
            QVERIFY2(started.type() == QDBusMessage::ReplyMessage,
                     qPrintable(started.errorMessage()));
        }

        // Ignores SIGTERM: stopping for the 3 s timeout, then SIGKILL. (Reading a property
        // first makes this connection a viewer, which the helper sends its signals to.)
        QCOMPARE(state(stubborn), QStringLiteral("running"));
        ChangeLog log;
        // Any sender: matching the helper's name waits for its owner to be looked up, and
        // drops what comes before.
        QVERIFY(m_allowed.connect(QString(), stubborn,
                                  QStringLiteral("org.freedesktop.DBus.Properties"),
                                  QStringLiteral("PropertiesChanged"), &log,
                                  SLOT(changed(QString, QVariantMap, QStringList, QDBusMessage))));
        QDBusPendingCall first = stopAsync(stubborn, 3);
        QTRY_COMPARE_WITH_TIMEOUT(state(stubborn), QStringLiteral("stopping"), 2000);
        // Everything asked meanwhile is answered: a second Stop waits for the same end,
        // Remove without force and Pause are refused as busy, saying why.
        QDBusPendingCall second = stopAsync(stubborn, 3);
        QDBusMessage reply =
            call(m_allowed, stubborn, kContainer, QStringLiteral("Remove"), {false});
        QCOMPARE(reply.errorName(), QStringLiteral("org.glassbox.Error.Busy"));
        QVERIFY2(reply.errorMessage().contains(QStringLiteral("stopping")),
                 qPrintable(reply.errorMessage()));
        reply = call(m_allowed, stubborn, kContainer, QStringLiteral("Pause"));
        QCOMPARE(reply.errorName(), QStringLiteral("org.glassbox.Error.Busy"));
        QCOMPARE(state(stubborn), QStringLiteral("stopping"));
        first.waitForFinished();
        second.waitForFinished();
        QVERIFY2(!first.isError(), qPrintable(first.error().message()));
        QVERIFY2(!second.isError(), qPrintable(second.error().message()));
        QCOMPARE(state(stubborn), QStringLiteral("stopped"));
        QCOMPARE(containerProperty(m_allowed, stubborn, QStringLiteral("ExitCode")).toInt(),
                 128 + SIGKILL);
        QCOMPARE(containerProperty(m_allowed, stubborn, QStringLiteral("FinishReason")).toString(),
                 QStringLiteral("requested"));
        QTRY_VERIFY(log.states.contains(stubborn + QStringLiteral(" State=stopped")));
        QVERIFY2(log.states.filter(QStringLiteral("State=stopping")).size() == 1,
                 qPrintable(log.states.join(u',')));
        QVERIFY(log.states.indexOf(stubborn + QStringLiteral(" State=stopping")) <
                log.states.indexOf(stubborn + QStringLiteral(" State=stopped")));

        // Exits by itself (code 3) a second into a 30 s grace: stopped at once, not after 30 s.
        QElapsedTimer timer;
        timer.start();
        QDBusPendingCall stop = stopAsync(polite, 30);
        QTRY_COMPARE_WITH_TIMEOUT(state(polite), QStringLiteral("stopping"), 2000);
        stop.waitForFinished();
        QVERIFY2(!stop.isError(), qPrintable(stop.error().message()));
        QVERIFY2(timer.elapsed() < 15000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(state(polite), QStringLiteral("stopped"));
        QCOMPARE(containerProperty(m_allowed, polite, QStringLiteral("ExitCode")).toInt(), 3);
        QCOMPARE(containerProperty(m_allowed, polite, QStringLiteral("FinishReason")).toString(),
                 QStringLiteral("requested"));

        // Killed from outside, asked by no client: "exited", and a new run forgets the request.
        reply = call(m_allowed, polite, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(containerProperty(m_allowed, polite, QStringLiteral("FinishReason")).toString(),
                 QString());
        const uint pid = containerProperty(m_allowed, polite, QStringLiteral("Pid")).toUInt();
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(state(polite), QStringLiteral("stopped"), 10000);
        QCOMPARE(containerProperty(m_allowed, polite, QStringLiteral("FinishReason")).toString(),
                 QStringLiteral("exited"));
    }

    // A container shows "running" as soon as its init runs, a moment before the shim reports
    // the start and the Start call is answered. A Stop (or a forced Remove) sent in that moment
    // was refused as "busy" although the window showed a running container; it now waits for
    // the start's answer and then does its work. Sent back to back, without waiting.
    void stopRightAfterStartIsNotRefused()
    {
        const QVariantMap loop{
            {QStringLiteral("Command"), QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                                                    QStringLiteral("while :; do sleep 1; done")}}};
        const QString stopped = create(m_allowed, QStringLiteral("start-then-stop"), loop);
        const QString removed = create(m_allowed, QStringLiteral("start-then-remove"), loop);
        QVERIFY(!stopped.isEmpty() && !removed.isEmpty());
        const auto cleanup = qScopeGuard([&] {
            removeEvenIfHelperLost(stopped);
            removeEvenIfHelperLost(removed);
        });
        const auto send = [this](const QString &path, const QString &method,
                                 const QVariantList &args = {}) {
            QDBusMessage message =
                QDBusMessage::createMethodCall(kService, path, kContainer, method);
            message.setArguments(args);
            return m_allowed.asyncCall(message, 120000);
        };
        for (int round = 0; round < 3; ++round) {
            QDBusPendingCall start = send(stopped, QStringLiteral("Start"));
            QDBusPendingCall stop = send(stopped, QStringLiteral("Stop"), {uint(1)});
            start.waitForFinished();
            stop.waitForFinished();
            QVERIFY2(!start.isError(), qPrintable(start.error().message()));
            QVERIFY2(!stop.isError(), qPrintable(stop.error().message()));
            QCOMPARE(containerProperty(m_allowed, stopped, QStringLiteral("State")).toString(),
                     QStringLiteral("stopped"));
            QCOMPARE(
                containerProperty(m_allowed, stopped, QStringLiteral("FinishReason")).toString(),
                QStringLiteral("requested"));
        }
        QDBusPendingCall start = send(removed, QStringLiteral("Start"));
        QDBusPendingCall remove = send(removed, QStringLiteral("Remove"), {true});
        start.waitForFinished();
        remove.waitForFinished();
        QVERIFY2(!start.isError(), qPrintable(start.error().message()));
        QVERIFY2(!remove.isError(), qPrintable(remove.error().message()));
        const QDBusMessage gone = call(m_allowed, removed, kContainer, QStringLiteral("Start"));
        QCOMPARE(gone.type(), QDBusMessage::ErrorMessage);
    }

    void deniedChangesNothing()
    {
        const QString path = create(m_allowed, QStringLiteral("guarded"), {});
        QVERIFY(!path.isEmpty());
        const QStringList before = containerIds();

        QDBusMessage created;
        QVERIFY(create(m_denied, QStringLiteral("intruder"), {}, &created).isEmpty());
        QCOMPARE(created.errorName(), kNotAuthorized);
        const QList<QPair<QString, QVariantList>> methods = {
            {QStringLiteral("Start"), {}},
            {QStringLiteral("Stop"), {uint(1)}},
            {QStringLiteral("Kill"), {int(SIGKILL)}},
            {QStringLiteral("Restart"), {uint(1)}},
            {QStringLiteral("Pause"), {}},
            {QStringLiteral("Resume"), {}},
            {QStringLiteral("Remove"), {true}},
            {QStringLiteral("Update"), {QVariantMap{{QStringLiteral("PidsLimit"), qlonglong(10)}}}},
            {QStringLiteral("Exec"), {QStringList{QStringLiteral("true")}}},
            {QStringLiteral("Inspect"), {}},
        };
        for (const auto &[method, arguments] : methods) {
            const QDBusMessage reply = call(m_denied, path, kContainer, method, arguments);
            QVERIFY2(reply.errorName() == kNotAuthorized,
                     qPrintable(method + QStringLiteral(": ") + reply.errorName()));
        }
        QCOMPARE(containerIds(), before);
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("created"));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("PidsLimit")).toLongLong(),
                 qlonglong(-1));

        // The same calls go through for the allowed user.
        QDBusMessage reply = call(m_allowed, path, kContainer, QStringLiteral("Update"),
                                  {QVariantMap{{QStringLiteral("PidsLimit"), qlonglong(10)}}});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("PidsLimit")).toLongLong(),
                 qlonglong(10));
        reply = call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QVERIFY(containerIds().isEmpty());
    }

    // Property reads are asked of polkit like any call ("view"), and the signals that carry
    // the same values reach only the clients it allowed: QtDBus alone would answer every Get
    // and broadcast every PropertiesChanged to anyone on the system bus.
    void propertiesNeedView()
    {
        const QString properties = QStringLiteral("org.freedesktop.DBus.Properties");
        const QString path =
            create(m_allowed, QStringLiteral("watched"),
                   {{QStringLiteral("Command"),
                     QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}});
        QVERIFY(!path.isEmpty());

        QCOMPARE(call(m_denied, path, properties, QStringLiteral("Get"),
                      {kContainer, QStringLiteral("State")})
                     .errorName(),
                 kNotAuthorized);
        QCOMPARE(
            call(m_denied, path, properties, QStringLiteral("GetAll"), {kContainer}).errorName(),
            kNotAuthorized);
        QCOMPARE(call(m_denied, kManagerPath, properties, QStringLiteral("GetAll"), {kManager})
                     .errorName(),
                 kNotAuthorized);

        QDBusMessage reply =
            call(m_allowed, path, properties, QStringLiteral("GetAll"), {kContainer});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const auto all = qdbus_cast<QVariantMap>(reply.arguments().value(0));
        QCOMPARE(all.value(QStringLiteral("Name")).toString(), QStringLiteral("watched"));
        QCOMPARE(all.value(QStringLiteral("State")).toString(), QStringLiteral("created"));
        QVERIFY(all.contains(QStringLiteral("MemoryLimit")));
        reply = call(m_allowed, kManagerPath, properties, QStringLiteral("Get"),
                     {kManager, QStringLiteral("Version")});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QVERIFY(!reply.arguments().value(0).value<QDBusVariant>().variant().toString().isEmpty());
        QCOMPARE(call(m_allowed, path, properties, QStringLiteral("Set"),
                      {kContainer, QStringLiteral("Name"),
                       QVariant::fromValue(QDBusVariant(QStringLiteral("renamed")))})
                     .errorName(),
                 QStringLiteral("org.freedesktop.DBus.Error.PropertyReadOnly"));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("Name")).toString(),
                 QStringLiteral("watched"));
        QCOMPARE(call(m_allowed, path, properties, QStringLiteral("Get"),
                      {QStringLiteral("org.example.None"), QStringLiteral("State")})
                     .errorName(),
                 QStringLiteral("org.freedesktop.DBus.Error.UnknownInterface"));
        QCOMPARE(call(m_allowed, path, properties, QStringLiteral("Get"),
                      {kContainer, QStringLiteral("None")})
                     .errorName(),
                 QStringLiteral("org.freedesktop.DBus.Error.UnknownProperty"));
        // Introspection still describes the standard interface, once (for root: the bus
        // policy keeps it from everyone else, as it lists the ids of every container).
        reply =
            call(m_bus->connection(), path, QStringLiteral("org.freedesktop.DBus.Introspectable"),
                 QStringLiteral("Introspect"));
        QCOMPARE(reply.arguments().value(0).toString().count(
                     QStringLiteral("<interface name=\"org.freedesktop.DBus.Properties\">")),
                 1);
        for (QDBusConnection user : {m_allowed, m_denied}) {
            const QDBusMessage listing =
                call(user, QStringLiteral("/org/glassbox/Manager1/container"),
                     QStringLiteral("org.freedesktop.DBus.Introspectable"),
                     QStringLiteral("Introspect"));
            QCOMPARE(listing.errorName(),
                     QStringLiteral("org.freedesktop.DBus.Error.AccessDenied"));
            QVERIFY(!listing.errorMessage().contains(path.section(QLatin1Char('/'), -1)));
        }

        // Both listen to every PropertiesChanged of the helper; only the viewer hears them.
        ChangeLog allowedLog;
        ChangeLog deniedLog;
        const auto listen = [&](QDBusConnection bus, ChangeLog *log) {
            return bus.connect(kService, QString(), properties, QStringLiteral("PropertiesChanged"),
                               log, SLOT(changed(QString, QVariantMap, QStringList, QDBusMessage)));
        };
        QVERIFY(listen(m_allowed, &allowedLog));
        QVERIFY(listen(m_denied, &deniedLog));
        reply = call(m_allowed, path, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QTRY_VERIFY_WITH_TIMEOUT(
            allowedLog.states.contains(path + QStringLiteral(" State=running")), 30000);
        reply = call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QTRY_VERIFY(allowedLog.states.contains(path + QStringLiteral(" State=stopped")));
        // A round trip through the bus after the last signal lets any copy addressed to the
        // denied client arrive before the count is read.
        QVERIFY(m_denied.interface()->isServiceRegistered(kService));
        QCoreApplication::processEvents();
        QCOMPARE(deniedLog.received, 0);
    }

    // GetPressure: the running container's PSI counters and the time of the read; a clear
    // error where the kernel keeps none; refused like every view to gbtest-denied.
    void pressureOfARunningContainer()
    {
        const QString path =
            create(m_allowed, QStringLiteral("pressured"),
                   {{QStringLiteral("Command"),
                     QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}});
        QVERIFY(!path.isEmpty());
        QDBusMessage reply = call(m_allowed, path, kContainer, QStringLiteral("GetPressure"));
        QCOMPARE(reply.errorName(), QStringLiteral("org.glassbox.Error.Failed")); // not running
        reply = call(m_allowed, path, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(call(m_denied, path, kContainer, QStringLiteral("GetPressure")).errorName(),
                 kNotAuthorized);

        const auto read = [&](QMap<QString, qulonglong> *counters) {
            const QDBusMessage answer =
                call(m_allowed, path, kContainer, QStringLiteral("GetPressure"));
            if (answer.type() != QDBusMessage::ReplyMessage)
                return answer.errorMessage();
            answer.arguments().value(0).value<QDBusArgument>() >> *counters;
            return QString();
        };
        QMap<QString, qulonglong> first;
        const QString error = read(&first);
        if (!QFile::exists(QStringLiteral("/proc/pressure/cpu"))) {
            // This kernel keeps no PSI: the error says what is missing.
            QVERIFY2(error.contains(QStringLiteral("pressure")), qPrintable(error));
        } else {
            QVERIFY2(error.isEmpty(), qPrintable(error));
            for (const char *key :
                 {"time", "cpu.some", "memory.some", "memory.full", "io.some", "io.full"})
                QVERIFY2(first.contains(QLatin1String(key)), key);
            QTest::qWait(100);
            QMap<QString, qulonglong> second;
            QVERIFY(read(&second).isEmpty());
            QVERIFY(second.value(QStringLiteral("time")) > first.value(QStringLiteral("time")));
            for (auto it = first.cbegin(); it != first.cend(); ++it)
                QVERIFY2(second.value(it.key()) >= it.value(), qPrintable(it.key()));
        }
        reply = call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
    }

    void badArguments_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QVariantMap>("options");
        QTest::addColumn<QString>("inMessage");
        QTest::newRow("bad name") << QStringLiteral("-bad") << QVariantMap()
                                  << QStringLiteral("name");
        QTest::newRow("unknown key")
            << QStringLiteral("a") << QVariantMap{{QStringLiteral("Privileged"), true}}
            << QStringLiteral("`Privileged`");
        QTest::newRow("wrong type")
            << QStringLiteral("a") << QVariantMap{{QStringLiteral("MemoryLimit"), 5}}
            << QStringLiteral("`MemoryLimit`");
        QTest::newRow("env") << QStringLiteral("a")
                             << QVariantMap{{QStringLiteral("Env"),
                                             QStringList{QStringLiteral("NOVALUE")}}}
                             << QStringLiteral("`Env`");
        QTest::newRow("pids") << QStringLiteral("a")
                              << QVariantMap{{QStringLiteral("PidsLimit"), qlonglong(0)}}
                              << QStringLiteral("`PidsLimit`");
        // Issue 12, item 7: cast to int64 on its way to the cgroup, 2^64-1 was "no limit".
        QTest::newRow("memory 2^64-1")
            << QStringLiteral("a")
            << QVariantMap{{QStringLiteral("MemoryLimit"),
                            qulonglong(std::numeric_limits<quint64>::max())}}
            << QStringLiteral("`MemoryLimit`");
        QTest::newRow("seccomp") << QStringLiteral("a")
                                 << QVariantMap{{QStringLiteral("Seccomp"), QStringLiteral("off")}}
                                 << QStringLiteral("`Seccomp`");
        QTest::newRow("cap") << QStringLiteral("a")
                             << QVariantMap{{QStringLiteral("CapDrop"),
                                             QStringList{QStringLiteral("CAP_BOGUS")}}}
                             << QStringLiteral("CAP_BOGUS");
    }

    void badArguments()
    {
        QFETCH(QString, name);
        QFETCH(QVariantMap, options);
        QFETCH(QString, inMessage);
        QDBusMessage reply;
        QVERIFY(create(m_allowed, name, options, &reply).isEmpty());
        QCOMPARE(reply.errorName(), kInvalidArgument);
        QVERIFY2(reply.errorMessage().contains(inMessage), qPrintable(reply.errorMessage()));
        QVERIFY(containerIds().isEmpty());
    }

    void badSignal()
    {
        const QString path = create(m_allowed, QStringLiteral("signals"), {});
        QVERIFY(!path.isEmpty());
        for (int signal : {0, 65, -1})
            QCOMPARE(
                call(m_allowed, path, kContainer, QStringLiteral("Kill"), {signal}).errorName(),
                kInvalidArgument);
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false}).type() ==
                QDBusMessage::ReplyMessage);
    }

    // Before survivesHelperCrash(), which restarts the helper: nothingLeaked() compares the
    // helper's descriptors with those of that later start, so this import cannot move them.
    void importReportsProgress()
    {
        // 16 MiB of noise in a rootfs tar: sixteen 1 MiB reads, each a step of the fraction.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("rootfs")));
        for (int i = 0; i < 4; ++i) {
            QFile file(dir.filePath(QStringLiteral("rootfs/noise%1").arg(i)));
            QVERIFY(file.open(QIODevice::WriteOnly));
            QList<quint32> noise(1 << 20); // 4 MiB
            QRandomGenerator::global()->fillRange(noise.data(), noise.size());
            QCOMPARE(file.write(reinterpret_cast<const char *>(noise.constData()),
                                qint64(noise.size() * sizeof(quint32))),
                     qint64(4 << 20));
        }
        const QString tar = dir.filePath(QStringLiteral("noise.tar"));
        QCOMPARE(QProcess::execute(QStringLiteral("tar"),
                                   {QStringLiteral("-cf"), tar, QStringLiteral("-C"),
                                    dir.filePath(QStringLiteral("rootfs")), QStringLiteral(".")}),
                 0);

        JobSignals changes;
        QVERIFY(m_allowed.connect(
            kService, QString(), QStringLiteral("org.freedesktop.DBus.Properties"),
            QStringLiteral("PropertiesChanged"), &changes, SLOT(propertiesChanged(QDBusMessage))));
        // A client that may view the objects (GetManagedObjects asks polkit for that) is one
        // the helper sends its signals to.
        QDBusMessage reply =
            call(m_allowed, kManagerPath, QStringLiteral("org.freedesktop.DBus.ObjectManager"),
                 QStringLiteral("GetManagedObjects"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));

        QFile file(tar);
        QVERIFY(file.open(QIODevice::ReadOnly));
        reply = call(m_allowed, kManagerPath, kManager, QStringLiteral("ImportImage"),
                     {QVariant::fromValue(QDBusUnixFileDescriptor(file.handle())),
                      QStringLiteral("auto"), QStringLiteral("progress/noise:1")});
        file.close();
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const QString job = reply.arguments().value(0).value<QDBusObjectPath>().path();
        QString endState;
        const auto ended = [&] {
            (void)changes.progressWhileRunning(job, &endState);
            return !endState.isEmpty();
        };
        QTRY_VERIFY_WITH_TIMEOUT(ended(), 60000);
        m_allowed.disconnect(kService, QString(), QStringLiteral("org.freedesktop.DBus.Properties"),
                             QStringLiteral("PropertiesChanged"), &changes,
                             SLOT(propertiesChanged(QDBusMessage)));
        QCOMPARE(endState, QStringLiteral("succeeded"));

        // While it ran, the job said how far it was: at least one value strictly between 0 and
        // 1 (a Progress stuck at 0 until done fails here), never decreasing, never past 1.
        const QList<double> progress = changes.progressWhileRunning(job, &endState);
        QStringList shown;
        for (double value : progress)
            shown.append(QString::number(value, 'f', 3));
        qInfo("Progress while running: %s", qPrintable(shown.join(QLatin1Char(' '))));
        bool between = false;
        for (int i = 0; i < progress.size(); ++i) {
            between = between || (progress.at(i) > 0 && progress.at(i) < 1);
            QVERIFY2(progress.at(i) <= 1, qPrintable(QString::number(progress.at(i))));
            if (i > 0)
                QVERIFY(progress.at(i) >= progress.at(i - 1));
        }
        QVERIFY2(
            between,
            qPrintable(QStringLiteral("%1 Progress values while running").arg(progress.size())));

        // The image goes again (/image/<first 16 hex digits of its ID>), so the store is as
        // the other cases expect it.
        const QString id = call(m_allowed, job, QStringLiteral("org.freedesktop.DBus.Properties"),
                                QStringLiteral("Get"),
                                {QStringLiteral("org.glassbox.Job1"), QStringLiteral("Result")})
                               .arguments()
                               .value(0)
                               .value<QDBusVariant>()
                               .variant()
                               .toString();
        QVERIFY2(id.startsWith(QLatin1String("sha256:")), qPrintable(id));
        reply = call(m_allowed, kManagerPath + QStringLiteral("/image/") + id.mid(7, 16),
                     QStringLiteral("org.glassbox.Image1"), QStringLiteral("Remove"), {true});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
    }

    // Cancel stops an import where it is: a rootfs tar from a pipe (length unknown, so the
    // import asks whether to go on every 8 MiB) is cancelled after 12 MiB of 32; the import
    // stops reading at 16 MiB and leaves no image, layer or temporary directory.
    void cancelStopsImport()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("rootfs")));
        for (int i = 0; i < 4; ++i) {
            QFile file(dir.filePath(QStringLiteral("rootfs/part%1").arg(i)));
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(QByteArray(8 << 20, 'c')), qint64(8 << 20));
        }
        const QString tar = dir.filePath(QStringLiteral("parts.tar"));
        QCOMPARE(QProcess::execute(QStringLiteral("tar"),
                                   {QStringLiteral("-cf"), tar, QStringLiteral("-C"),
                                    dir.filePath(QStringLiteral("rootfs")), QStringLiteral(".")}),
                 0);
        QFile file(tar);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        const QStringList imagesBefore =
            QDir(storeRoot() + QStringLiteral("/images")).entryList(QDir::Files);
        // Layer directories, temporary ones (.tmp-*) included.
        const auto layers = [this] {
            return QDir(storeRoot() + QStringLiteral("/overlay2"))
                .entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
        };
        const QStringList layersBefore = layers();

        int fds[2];
        QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
        QDBusMessage reply =
            call(m_allowed, kManagerPath, kManager, QStringLiteral("ImportImage"),
                 {QVariant::fromValue(QDBusUnixFileDescriptor(fds[0])), QStringLiteral("rootfs"),
                  QStringLiteral("progress/cancelled:1")});
        ::close(fds[0]); // the helper holds the only read end: its end of reading is EPIPE here
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const QString job = reply.arguments().value(0).value<QDBusObjectPath>().path();
        struct sigaction ignore
        {
        };
        ignore.sa_handler = SIG_IGN;
        struct sigaction previous
        {
        };
        ::sigaction(SIGPIPE, &ignore, &previous);
        const auto send = [&](qsizetype from, qsizetype to) {
            while (from < to) {
                const ssize_t n = ::write(fds[1], bytes.constData() + from, size_t(to - from));
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    break;
                from += n;
            }
            return from;
        };
        QCOMPARE(send(0, 12 << 20), qsizetype(12 << 20));
        reply = call(m_allowed, job, QStringLiteral("org.glassbox.Job1"), QStringLiteral("Cancel"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const qsizetype sent = send(12 << 20, bytes.size());
        ::close(fds[1]);
        ::sigaction(SIGPIPE, &previous, nullptr);
        const auto jobState = [&] {
            return call(m_allowed, job, QStringLiteral("org.freedesktop.DBus.Properties"),
                        QStringLiteral("Get"),
                        {QStringLiteral("org.glassbox.Job1"), QStringLiteral("State")})
                .arguments()
                .value(0)
                .value<QDBusVariant>()
                .variant()
                .toString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(jobState(), QStringLiteral("cancelled"), 30000);
        // The reader went away before the end: stopped, not completed and then undone.
        QVERIFY2(sent < bytes.size(),
                 qPrintable(QStringLiteral("%1 of %2 bytes written").arg(sent).arg(bytes.size())));
        QCOMPARE(QDir(storeRoot() + QStringLiteral("/images")).entryList(QDir::Files),
                 imagesBefore);
        QCOMPARE(layers(), layersBefore);
    }

    // Issue 12, item 3: the `User` option is resolved through the image's own /etc/passwd
    // and /etc/group, read as root. A FIFO there blocked the helper for ever (with the image
    // store locked), /dev/zero was read, a symlink followed. Now CreateContainer fails at
    // once, naming the file and what it is, and the helper goes on answering.
    void hostileUserOption_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("passwd"); // what etc/passwd is
        QTest::addColumn<QString>("group");  // what etc/group is
        QTest::addColumn<QString>("inMessage");
        const QString file = QStringLiteral("file");
        QTest::newRow("passwd is a FIFO") << QStringLiteral("root") << QStringLiteral("fifo")
                                          << file << QStringLiteral("`/etc/passwd` is a FIFO");
        QTest::newRow("passwd is /dev/zero")
            << QStringLiteral("root") << QStringLiteral("zero") << file
            << QStringLiteral("`/etc/passwd` is a character device (1:5)");
        QTest::newRow("group is a FIFO")
            << QStringLiteral("root:wheel") << file << QStringLiteral("fifo")
            << QStringLiteral("`/etc/group` is a FIFO");
        QTest::newRow("passwd links out")
            << QStringLiteral("root") << QStringLiteral("link") << file
            << QStringLiteral("`/etc/passwd` is a symbolic link");
        QTest::newRow("uid 4294967296") << QStringLiteral("4294967296") << file << file
                                        << QStringLiteral("`4294967296` is not a uid or gid");
    }
    void hostileUserOption()
    {
        QFETCH(QString, user);
        QFETCH(QString, passwd);
        QFETCH(QString, group);
        QFETCH(QString, inMessage);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString etc = dir.filePath(QStringLiteral("rootfs/etc"));
        QVERIFY(QDir().mkpath(etc));
        const auto make = [&](const QString &name, const QString &kind, const QByteArray &text) {
            const QByteArray path = QFile::encodeName(etc + QLatin1Char('/') + name);
            if (kind == QLatin1String("fifo"))
                return ::mkfifo(path.constData(), 0644) == 0;
            if (kind == QLatin1String("zero"))
                return ::mknod(path.constData(), S_IFCHR | 0644, makedev(1, 5)) == 0;
            if (kind == QLatin1String("link"))
                return ::symlink("../../../../../../etc/passwd", path.constData()) == 0;
            QFile out(QString::fromLocal8Bit(path));
            return out.open(QIODevice::WriteOnly) && out.write(text) == text.size();
        };
        QVERIFY(make(QStringLiteral("passwd"), passwd, "root:x:0:0:root:/root:/bin/sh\n"));
        QVERIFY(make(QStringLiteral("group"), group, "root:x:0:\nwheel:x:10:root\n"));
        const QString tag = QStringLiteral("hostile-%1:1")
                                .arg(QString::fromLatin1(QTest::currentDataTag()))
                                .replace(QLatin1Char(' '), QLatin1Char('-'))
                                .replace(QLatin1Char('/'), QLatin1Char('-'))
                                .toLower();
        const QString imageId = importTar(dir.path(), tag);
        QVERIFY(!imageId.isEmpty());
        auto removeAfter = qScopeGuard([&] { QVERIFY(removeImage(imageId)); });

        QElapsedTimer timer;
        timer.start();
        QDBusMessage reply;
        QVERIFY(create(m_allowed, QStringLiteral("hostile"),
                       {{QStringLiteral("User"), user},
                        {QStringLiteral("Command"), QStringList{QStringLiteral("sh")}}},
                       &reply, tag)
                    .isEmpty());
        qInfo("CreateContainer answered in %lld ms: %s", timer.elapsed(),
              qPrintable(reply.errorMessage()));
        QVERIFY2(timer.elapsed() < 5000, qPrintable(reply.errorName()));
        QCOMPARE(reply.errorName(), kInvalidArgument);
        QVERIFY2(reply.errorMessage().contains(inMessage), qPrintable(reply.errorMessage()));
        QVERIFY(containerIds().isEmpty());
        // The helper answers the next call, and the store is not left locked.
        QVERIFY(answersQuickly());
        const QString path =
            create(m_allowed, QStringLiteral("after-hostile"),
                   {{QStringLiteral("Command"), QStringList{QStringLiteral("sh")}}}, nullptr, tag);
        QVERIFY(!path.isEmpty());
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false}).type() ==
                QDBusMessage::ReplyMessage);
    }

    // Issue 12, item 4: ImportImage reopened the caller's descriptor through
    // /proc/self/fd/N as root: an O_PATH descriptor, which a user can get for a file they may
    // not read, became a readable one, and /dev/zero or a directory were taken too. Only a
    // regular file or a pipe open for reading is accepted now, before polkit is even asked.
    void importRefusesDescriptor_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("inMessage");
        QTest::newRow("O_PATH of a root-only file")
            << QStringLiteral("o_path") << QStringLiteral("auto") << QStringLiteral("O_PATH");
        QTest::newRow("write-only") << QStringLiteral("write-only") << QStringLiteral("auto")
                                    << QStringLiteral("not open for reading");
        QTest::newRow("directory") << QStringLiteral("directory") << QStringLiteral("auto")
                                   << QStringLiteral("a directory");
        QTest::newRow("/dev/zero") << QStringLiteral("zero") << QStringLiteral("rootfs")
                                   << QStringLiteral("a character device (1:5)");
        QTest::newRow("pipe, format auto")
            << QStringLiteral("pipe") << QStringLiteral("auto") << QStringLiteral("`rootfs`");
    }
    void importRefusesDescriptor()
    {
        QFETCH(QString, kind);
        QFETCH(QString, format);
        QFETCH(QString, inMessage);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // A tar the test user may not read, in a directory the user may enter.
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("rootfs"))));
        QFile secret(dir.filePath(QStringLiteral("rootfs/secret")));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("root's secret\n");
        secret.close();
        const QString tar = dir.filePath(QStringLiteral("secret.tar"));
        QCOMPARE(QProcess::execute(QStringLiteral("tar"),
                                   {QStringLiteral("-cf"), tar, QStringLiteral("-C"),
                                    dir.filePath(QStringLiteral("rootfs")), QStringLiteral(".")}),
                 0);
        QCOMPARE(::chmod(QFile::encodeName(tar).constData(), 0600), 0);
        QCOMPARE(::chmod(QFile::encodeName(dir.path()).constData(), 0755), 0);
        const QByteArray tarPath = QFile::encodeName(tar);
        int fd = -1;
        int pipeWriter = -1;
        if (kind == QLatin1String("o_path")) {
            UserIds ids;
            QString error;
            QVERIFY2(lookupUser(QString::fromLatin1(kAllowedUser), &ids, &error),
                     qPrintable(error));
            // Opened with the user's own rights, as the user's client would.
            QCOMPARE(::setegid(ids.gid), 0);
            QCOMPARE(::seteuid(ids.uid), 0);
            const int readable = ::open(tarPath.constData(), O_RDONLY | O_CLOEXEC);
            const int readError = errno;
            fd = ::open(tarPath.constData(), O_PATH | O_CLOEXEC);
            QCOMPARE(::seteuid(0), 0);
            QCOMPARE(::setegid(0), 0);
            QCOMPARE(readable, -1); // the user really may not read it
            QCOMPARE(readError, EACCES);
        } else if (kind == QLatin1String("write-only")) {
            fd = ::open(tarPath.constData(), O_WRONLY | O_CLOEXEC);
        } else if (kind == QLatin1String("directory")) {
            fd = ::open(QFile::encodeName(dir.path()).constData(),
                        O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        } else if (kind == QLatin1String("zero")) {
            fd = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);
        } else {
            int fds[2];
            QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
            fd = fds[0];
            pipeWriter = fds[1];
        }
        QVERIFY(fd >= 0);
        const QStringList imagesBefore =
            QDir(storeRoot() + QStringLiteral("/images")).entryList(QDir::Files);
        const QDBusMessage reply =
            call(m_allowed, kManagerPath, kManager, QStringLiteral("ImportImage"),
                 {QVariant::fromValue(QDBusUnixFileDescriptor(fd)), format,
                  QStringLiteral("refused:1")});
        ::close(fd);
        if (pipeWriter >= 0)
            ::close(pipeWriter);
        QCOMPARE(reply.errorName(), kInvalidArgument);
        QVERIFY2(reply.errorMessage().contains(inMessage), qPrintable(reply.errorMessage()));
        QCOMPARE(QDir(storeRoot() + QStringLiteral("/images")).entryList(QDir::Files),
                 imagesBefore);
    }

    // Issue 12, item 4: an import from a pipe that never delivers blocked in read(), where
    // Cancel could not reach it, holding the image store's lock; the next CreateContainer
    // then waited for the lock on the main thread and the whole service hung. Now the read
    // waits with poll() and looks at Cancel ten times a second, and the rest of the API
    // answers meanwhile.
    void cancelEndsBlockedImport()
    {
        int fds[2];
        QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
        auto closeWriter = qScopeGuard([&] { ::close(fds[1]); });
        QDBusMessage reply = call(m_allowed, kManagerPath, kManager, QStringLiteral("ImportImage"),
                                  {QVariant::fromValue(QDBusUnixFileDescriptor(fds[0])),
                                   QStringLiteral("rootfs"), QStringLiteral("stalled:1")});
        ::close(fds[0]);
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const QString job = reply.arguments().value(0).value<QDBusObjectPath>().path();
        QTest::qWait(300); // the import is waiting for data now
        QCOMPARE(jobState(job), QStringLiteral("running"));
        QVERIFY(answersQuickly());

        QElapsedTimer timer;
        timer.start();
        reply = call(m_allowed, job, QStringLiteral("org.glassbox.Job1"), QStringLiteral("Cancel"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(jobState(job), QStringLiteral("cancelled"), 2000);
        qInfo("the blocked import ended %lld ms after Cancel", timer.elapsed());
        // The store is free again: a container can be created at once.
        timer.restart();
        const QString path = create(m_allowed, QStringLiteral("after-stall"), {});
        QVERIFY(!path.isEmpty());
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false}).type() ==
                QDBusMessage::ReplyMessage);
    }

    // An endless stream (a FIFO that `cat /dev/zero` writes into) is ended by Cancel while
    // data keeps flowing; nothing of it stays in the store.
    void cancelEndsEndlessImport()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray fifo = QFile::encodeName(dir.filePath(QStringLiteral("zeros")));
        QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
        const int fd = ::open(fifo.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        QVERIFY(fd >= 0);
        QProcess writer;
        writer.start(
            QStringLiteral("sh"),
            {QStringLiteral("-c"),
             QStringLiteral("exec cat /dev/zero > '%1'").arg(QString::fromLocal8Bit(fifo))});
        QVERIFY(writer.waitForStarted());
        auto stopWriter = qScopeGuard([&] {
            writer.kill();
            writer.waitForFinished();
        });
        QCOMPARE(::fcntl(fd, F_SETFL, O_RDONLY), 0); // a client's plain blocking descriptor
        const QStringList imagesBefore =
            QDir(storeRoot() + QStringLiteral("/images")).entryList(QDir::Files);
        QDBusMessage reply = call(m_allowed, kManagerPath, kManager, QStringLiteral("ImportImage"),
                                  {QVariant::fromValue(QDBusUnixFileDescriptor(fd)),
                                   QStringLiteral("rootfs"), QStringLiteral("endless:1")});
        ::close(fd);
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const QString job = reply.arguments().value(0).value<QDBusObjectPath>().path();
        QTest::qWait(1000);
        QCOMPARE(jobState(job), QStringLiteral("running"));
        QVERIFY(answersQuickly());
        reply = call(m_allowed, job, QStringLiteral("org.glassbox.Job1"), QStringLiteral("Cancel"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(jobState(job), QStringLiteral("cancelled"), 2000);
        QCOMPARE(QDir(storeRoot() + QStringLiteral("/images")).entryList(QDir::Files),
                 imagesBefore);
    }

    // Issue 12, item 2: the privileged action was asked only by CreateContainer, so a user
    // with the cached manage grant could start, restart and exec into a container an
    // administrator had created with a host bind mount, and write on the host through it.
    // Now Start, Restart, Exec and Update of such a container ask for it every time.
    void privilegedContainerNeedsPrivilegedActionEveryTime()
    {
        QTemporaryDir host;
        QVERIFY(host.isValid());
        QDBusConnection root = m_bus->connection();
        QString privileged, plain;
        auto remove = qScopeGuard([&] {
            for (const QString &path : {privileged, plain})
                if (!path.isEmpty())
                    call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true});
        });
        privileged = create(root, QStringLiteral("host-access"),
                            {{QStringLiteral("Command"),
                              QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}},
                             {QStringLiteral("BindMounts"),
                              bindMounts({{host.path(), QStringLiteral("/mnt/host"), false}})}});
        QVERIFY(!privileged.isEmpty());
        QCOMPARE(containerProperty(m_manager, privileged, QStringLiteral("Privileged")).toBool(),
                 true);

        // The attack: the manager user runs the administrator's container and writes on the
        // host through its bind mount.
        QDBusMessage reply = call(m_manager, privileged, kContainer, QStringLiteral("Start"));
        QCOMPARE(reply.errorName(), kNotAuthorized);
        QCOMPARE(containerProperty(m_allowed, privileged, QStringLiteral("State")).toString(),
                 QStringLiteral("created"));
        QCOMPARE(polkitDecisions(QStringLiteral("org.glassbox.container.privileged"), kManagerUser,
                                 QStringLiteral("start")),
                 1);
        // Running (started by a user polkit allows everything), the container is still not
        // the manager user's to restart, exec into or update.
        reply = call(m_allowed, privileged, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const uint pid = containerProperty(m_allowed, privileged, QStringLiteral("Pid")).toUInt();
        QVERIFY(alive(pid));
        const QString pwned = host.filePath(QStringLiteral("pwned"));
        reply = call(m_manager, privileged, kContainer, QStringLiteral("Exec"),
                     {QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                                  QStringLiteral("echo x > /mnt/host/pwned")}});
        QCOMPARE(reply.errorName(), kNotAuthorized);
        reply = call(m_manager, privileged, kContainer, QStringLiteral("Restart"), {uint(1)});
        QCOMPARE(reply.errorName(), kNotAuthorized);
        reply = call(m_manager, privileged, kContainer, QStringLiteral("Update"),
                     {QVariantMap{{QStringLiteral("PidsLimit"), qlonglong(10)}}});
        QCOMPARE(reply.errorName(), kNotAuthorized);
        QVERIFY(!QFile::exists(pwned));
        QCOMPARE(containerProperty(m_allowed, privileged, QStringLiteral("Pid")).toUInt(), pid);
        QCOMPARE(containerProperty(m_allowed, privileged, QStringLiteral("PidsLimit")).toLongLong(),
                 qlonglong(-1));
        for (const char *verb : {"exec", "restart", "update"})
            QVERIFY2(polkitDecisions(QStringLiteral("org.glassbox.container.privileged"),
                                     kManagerUser, QLatin1String(verb)) == 1,
                     verb);

        // The mount works: the same write by the allowed user reaches the host.
        reply = call(m_allowed, privileged, kContainer, QStringLiteral("Exec"),
                     {QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                                  QStringLiteral("echo x > /mnt/host/written")}});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(reply.arguments().value(0).toInt(), 0);
        QVERIFY(QFile::exists(host.filePath(QStringLiteral("written"))));

        // A container without privileged options stays the manager user's to run.
        plain = create(root, QStringLiteral("no-host-access"),
                       {{QStringLiteral("Command"),
                         QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}});
        QVERIFY(!plain.isEmpty());
        reply = call(m_manager, plain, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        reply = call(m_manager, plain, kContainer, QStringLiteral("Exec"),
                     {QStringList{QStringLiteral("true")}});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        reply = call(m_manager, plain, kContainer, QStringLiteral("Update"),
                     {QVariantMap{{QStringLiteral("PidsLimit"), qlonglong(10)}}});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
    }

    // Issue 15: GetSecurityReport, what the GUI's Security tab and `glassboxctl inspect
    // --security` show, worked out by the helper from the container's config.json and live
    // namespaces. The view grant reads it for anyone's container: none of the creator's
    // secrets is in it.
    void securityReportOfDefaultAndPrivileged()
    {
        QDBusConnection root = m_bus->connection();
        QString privileged, plain;
        auto remove = qScopeGuard([&] {
            for (const QString &path : {privileged, plain})
                if (!path.isEmpty())
                    call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true});
        });
        const QStringList sleep{QStringLiteral("sleep"), QStringLiteral("1000")};
        plain =
            create(root, QStringLiteral("security-default"), {{QStringLiteral("Command"), sleep}});
        privileged = create(root, QStringLiteral("security-privileged"),
                            {{QStringLiteral("Command"), sleep},
                             {QStringLiteral("CapAdd"), QStringList{QStringLiteral("SYS_ADMIN")}},
                             {QStringLiteral("Seccomp"), QStringLiteral("unconfined")}});
        QVERIFY(!plain.isEmpty() && !privileged.isEmpty());
        // Running, its live namespaces are compared with the host's.
        QDBusMessage reply = call(m_allowed, privileged, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        auto report = [this](const QString &path) {
            const QDBusMessage reply =
                call(m_viewer, path, kContainer, QStringLiteral("GetSecurityReport"));
            if (reply.type() != QDBusMessage::ReplyMessage)
                qWarning("GetSecurityReport: %s", qPrintable(reply.errorMessage()));
            return QJsonDocument::fromJson(reply.arguments().value(0).toString().toUtf8()).object();
        };
        auto strings = [](const QJsonObject &object, const char *key) {
            return object.value(QLatin1String(key)).toVariant().toStringList();
        };

        const QJsonObject confined = report(plain);
        QCOMPARE(confined.value(QStringLiteral("seccomp")).toString(), QStringLiteral("default"));
        QVERIFY(confined.value(QStringLiteral("blockedSyscalls")).toInt() > 0);
        QCOMPARE(strings(confined, "capabilities").size(), 14);
        QVERIFY(strings(confined, "extraCapabilities").isEmpty());
        QVERIFY(strings(confined, "maskedPaths").contains(QStringLiteral("/proc/kcore")));
        QCOMPARE(strings(confined, "warnings"), QStringList{QStringLiteral("host-root")});

        const QJsonObject open = report(privileged);
        QCOMPARE(open.value(QStringLiteral("seccomp")).toString(), QStringLiteral("unconfined"));
        QCOMPARE(open.value(QStringLiteral("blockedSyscalls")).toInt(), 0);
        QCOMPARE(strings(open, "extraCapabilities"), QStringList{QStringLiteral("CAP_SYS_ADMIN")});
        QVERIFY(strings(open, "sharedNamespaces").isEmpty());
        QCOMPARE(strings(open, "warnings"),
                 (QStringList{QStringLiteral("host-root"), QStringLiteral("extra-capabilities"),
                              QStringLiteral("seccomp-unconfined")}));
        QCOMPARE(call(m_denied, plain, kContainer, QStringLiteral("GetSecurityReport")).errorName(),
                 kNotAuthorized);
    }

    // Issue 12, item 2: Inspect (the environment, the full spec) and the logs were open to
    // anyone with view, the grant an active session has by default. A container's creator
    // still reads them with view; anyone else needs manage as well.
    void othersSecretsNeedManage()
    {
        QString theirs, mine;
        auto remove = qScopeGuard([&] {
            for (const QString &path : {theirs, mine})
                if (!path.isEmpty())
                    call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true});
        });
        theirs = create(m_allowed, QStringLiteral("secret-keeper"),
                        {{QStringLiteral("Env"), QStringList{QStringLiteral("SECRET=hunter2")}},
                         {QStringLiteral("Command"),
                          QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                                      QStringLiteral("echo the-secret-is-$SECRET")}}});
        QVERIFY(!theirs.isEmpty());
        QDBusMessage reply = call(m_allowed, theirs, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(
            containerProperty(m_allowed, theirs, QStringLiteral("State")).toString(),
            QStringLiteral("stopped"), 30000);

        // The attack: a viewer reads another user's secrets.
        QCOMPARE(call(m_viewer, theirs, kContainer, QStringLiteral("Inspect")).errorName(),
                 kNotAuthorized);
        QCOMPARE(call(m_viewer, theirs, kContainer, QStringLiteral("GetLogs"), {qulonglong(4096)})
                     .errorName(),
                 kNotAuthorized);
        QCOMPARE(call(m_viewer, theirs, kContainer, QStringLiteral("OpenLog")).errorName(),
                 kNotAuthorized);
        QCOMPARE(polkitDecisions(QStringLiteral("org.glassbox.container.manage"), kViewerUser,
                                 QStringLiteral("inspect")),
                 1);
        // What is not a secret stays visible to the viewer.
        QCOMPARE(containerProperty(m_viewer, theirs, QStringLiteral("Name")).toString(),
                 QStringLiteral("secret-keeper"));
        QVERIFY(call(m_viewer, theirs, kContainer, QStringLiteral("GetDiff")).type() ==
                QDBusMessage::ReplyMessage);

        // The creator reads them; so does a user polkit allows to manage containers.
        for (QDBusConnection reader : {m_allowed, m_manager}) {
            reply = call(reader, theirs, kContainer, QStringLiteral("Inspect"));
            QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
            QVERIFY(reply.arguments().value(0).toString().contains(QStringLiteral("hunter2")));
            reply = call(reader, theirs, kContainer, QStringLiteral("GetLogs"), {qulonglong(4096)});
            QVERIFY2(reply.arguments().value(0).toString().contains(
                         QStringLiteral("the-secret-is-hunter2")),
                     qPrintable(reply.errorMessage()));
            reply = call(reader, theirs, kContainer, QStringLiteral("OpenLog"));
            QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        }
        QCOMPARE(polkitDecisions(QStringLiteral("org.glassbox.container.manage"), kManagerUser,
                                 QStringLiteral("inspect")),
                 1);

        // A creator is not asked for manage to read its own container: the manager user's
        // Inspect and logs of its own container ask polkit for view alone.
        mine = create(m_manager, QStringLiteral("own-secret"),
                      {{QStringLiteral("Env"), QStringList{QStringLiteral("MINE=swordfish")}}});
        QVERIFY(!mine.isEmpty());
        const int manageAsked = polkitDecisions(QStringLiteral("org.glassbox.container.manage"),
                                                kManagerUser, QStringLiteral("inspect")) +
                                polkitDecisions(QStringLiteral("org.glassbox.container.manage"),
                                                kManagerUser, QStringLiteral("read the logs of"));
        reply = call(m_manager, mine, kContainer, QStringLiteral("Inspect"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QVERIFY(reply.arguments().value(0).toString().contains(QStringLiteral("swordfish")));
        reply = call(m_manager, mine, kContainer, QStringLiteral("GetLogs"), {qulonglong(4096)});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(polkitDecisions(QStringLiteral("org.glassbox.container.manage"), kManagerUser,
                                 QStringLiteral("inspect")) +
                     polkitDecisions(QStringLiteral("org.glassbox.container.manage"), kManagerUser,
                                     QStringLiteral("read the logs of")),
                 manageAsked);
        // ... and the viewer, not its creator, is refused it.
        QCOMPARE(call(m_viewer, mine, kContainer, QStringLiteral("Inspect")).errorName(),
                 kNotAuthorized);
    }

    // Issue 12, item 2: Job1.Cancel asked for the images grant alone, so any user with it
    // could end another user's import. Cancelling someone else's job now asks an action of
    // its own; the starter cancels with what started it, from any of its connections.
    void cancelOthersJobNeedsItsOwnAction()
    {
        int fds[2];
        QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
        auto closeWriter = qScopeGuard([&] { ::close(fds[1]); });
        QDBusMessage reply = call(m_allowed, kManagerPath, kManager, QStringLiteral("ImportImage"),
                                  {QVariant::fromValue(QDBusUnixFileDescriptor(fds[0])),
                                   QStringLiteral("rootfs"), QStringLiteral("someones:1")});
        ::close(fds[0]);
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const QString job = reply.arguments().value(0).value<QDBusObjectPath>().path();
        auto cancel = qScopeGuard([&] {
            call(m_allowed, job, QStringLiteral("org.glassbox.Job1"), QStringLiteral("Cancel"));
        });
        QCOMPARE(jobState(job), QStringLiteral("running"));

        // The attack: another user ends the import.
        for (QDBusConnection other : {m_manager, m_denied}) {
            reply = call(other, job, QStringLiteral("org.glassbox.Job1"), QStringLiteral("Cancel"));
            QCOMPARE(reply.errorName(), kNotAuthorized);
        }
        QCOMPARE(polkitDecisions(QStringLiteral("org.glassbox.jobs.cancel-others"), kManagerUser,
                                 QStringLiteral("cancel")),
                 1);
        QTest::qWait(300); // a cancelled import would end within 100 ms
        QCOMPARE(jobState(job), QStringLiteral("running"));

        // The starter, through another connection, cancels it with the images grant.
        const int imagesAsked = polkitDecisions(QStringLiteral("org.glassbox.images"), kAllowedUser,
                                                QStringLiteral("cancel"));
        reply =
            call(m_allowed2, job, QStringLiteral("org.glassbox.Job1"), QStringLiteral("Cancel"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(jobState(job), QStringLiteral("cancelled"), 2000);
        QCOMPARE(polkitDecisions(QStringLiteral("org.glassbox.images"), kAllowedUser,
                                 QStringLiteral("cancel")),
                 imagesAsked + 1);
        QCOMPARE(polkitDecisions(QStringLiteral("org.glassbox.jobs.cancel-others"), kAllowedUser,
                                 QStringLiteral("cancel")),
                 0);
        cancel.dismiss();
    }

    // Issue 12, item 6: a bind mount's source was tested as root before polkit was asked, so
    // a user refused everything learned which root-only paths exist (InvalidArgument against
    // NotAuthorized); a taken name (Busy) and a container id (NotFound) told the same way.
    // Now such a user gets the same NotAuthorized, word for word, whatever exists.
    void nothingRevealedBeforeAuthorization()
    {
        QTemporaryDir rootOnly; // 0700, root's
        QVERIFY(rootOnly.isValid());
        const QString existing = rootOnly.filePath(QStringLiteral("present"));
        QVERIFY(QDir().mkdir(existing));
        const QString missing = rootOnly.filePath(QStringLiteral("absent"));
        const QString taken = create(m_allowed, QStringLiteral("taken"), {});
        QVERIFY(!taken.isEmpty());
        auto remove = qScopeGuard(
            [&] { call(m_allowed, taken, kContainer, QStringLiteral("Remove"), {true}); });
        const QStringList before = containerIds();

        const auto createWith = [&](QDBusConnection bus, const QString &name,
                                    const QString &source) {
            QVariantMap options;
            if (!source.isEmpty())
                options.insert(QStringLiteral("BindMounts"),
                               bindMounts({{source, QStringLiteral("/mnt"), true}}));
            QDBusMessage reply;
            create(bus, name, options, &reply);
            return reply;
        };
        const auto stats = [&](QDBusConnection bus, const QString &id) {
            return call(bus, kManagerPath, kManager, QStringLiteral("GetStats"), {QStringList{id}});
        };
        const QString unknownId = QString(64, QLatin1Char('a'));

        // The attacks, as the user polkit refuses everything.
        const QList<QPair<QString, QDBusMessage>> probes = {
            {QStringLiteral("bind mount of an existing root-only path"),
             createWith(m_denied, QStringLiteral("probe-a"), existing)},
            {QStringLiteral("bind mount of a missing path"),
             createWith(m_denied, QStringLiteral("probe-b"), missing)},
        };
        for (const auto &[what, reply] : probes)
            QVERIFY2(reply.errorName() == kNotAuthorized,
                     qPrintable(what + QStringLiteral(": ") + reply.errorName() +
                                QStringLiteral(" ") + reply.errorMessage()));
        QCOMPARE(probes.at(0).second.errorMessage(), probes.at(1).second.errorMessage());

        const QDBusMessage takenName = createWith(m_denied, QStringLiteral("taken"), {});
        const QDBusMessage freeName = createWith(m_denied, QStringLiteral("free"), {});
        QCOMPARE(takenName.errorName(), kNotAuthorized);
        QCOMPARE(freeName.errorName(), kNotAuthorized);
        QCOMPARE(takenName.errorMessage(), freeName.errorMessage());

        const QDBusMessage unknown = stats(m_denied, unknownId);
        const QDBusMessage known = stats(m_denied, idOf(taken));
        QCOMPARE(unknown.errorName(), kNotAuthorized);
        QCOMPARE(known.errorName(), kNotAuthorized);
        QCOMPARE(unknown.errorMessage(), known.errorMessage());
        QCOMPARE(containerIds(), before);

        // The manager user, refused the privileged action, learns no more about host paths.
        const QDBusMessage managerExisting =
            createWith(m_manager, QStringLiteral("probe-c"), existing);
        const QDBusMessage managerMissing =
            createWith(m_manager, QStringLiteral("probe-d"), missing);
        QCOMPARE(managerExisting.errorName(), kNotAuthorized);
        QCOMPARE(managerMissing.errorName(), kNotAuthorized);
        QCOMPARE(managerExisting.errorMessage(), managerMissing.errorMessage());
        QCOMPARE(containerIds(), before);

        // Once authorized, a caller hears what is wrong, each in its own words.
        QDBusMessage reply = createWith(m_allowed, QStringLiteral("probe-e"), missing);
        QCOMPARE(reply.errorName(), kInvalidArgument);
        QVERIFY2(reply.errorMessage().contains(missing), qPrintable(reply.errorMessage()));
        reply = createWith(m_allowed, QStringLiteral("taken"), {});
        QCOMPARE(reply.errorName(), QStringLiteral("org.glassbox.Error.Busy"));
        reply = stats(m_allowed, unknownId);
        QCOMPARE(reply.errorName(), QStringLiteral("org.glassbox.Error.NotFound"));
        reply = stats(m_allowed, idOf(taken));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(containerIds(), before);
    }

    // Issue 12, item 7: a memory limit of 2^64-1 was cast to int64 on its way to the live
    // cgroup and became -1, no limit at all. It is refused now, naming the field, and the
    // cgroup keeps the limit it had.
    void memoryLimitNotNarrowed_data()
    {
        QTest::addColumn<qulonglong>("limit");
        QTest::newRow("2^64-1") << qulonglong(std::numeric_limits<quint64>::max());
        QTest::newRow("2^63") << (qulonglong(1) << 63);
    }
    void memoryLimitNotNarrowed()
    {
        QFETCH(qulonglong, limit);
        constexpr qulonglong kLimit = 64 << 20;
        const QString path = create(m_allowed, QStringLiteral("capped"),
                                    {{QStringLiteral("Command"),
                                      QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}},
                                     {QStringLiteral("MemoryLimit"), kLimit}});
        QVERIFY(!path.isEmpty());
        auto remove = qScopeGuard(
            [&] { call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true}); });
        QDBusMessage reply = call(m_allowed, path, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const QString file = memoryLimitFile(idOf(path));
        QVERIFY2(!file.isEmpty(), "no memory limit file in the container's cgroups");
        const QByteArray before = readAll(file);
        QCOMPARE(before.trimmed(), QByteArray::number(kLimit));

        reply = call(m_allowed, path, kContainer, QStringLiteral("Update"),
                     {QVariantMap{{QStringLiteral("MemoryLimit"), limit}}});
        QCOMPARE(readAll(file), before); // the live cgroup keeps its limit
        QCOMPARE(reply.errorName(), kInvalidArgument);
        QVERIFY2(reply.errorMessage().contains(QStringLiteral("`MemoryLimit`")),
                 qPrintable(reply.errorMessage()));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("MemoryLimit")).toULongLong(),
                 kLimit);
    }

    // Issue 14: a container that wrote 30 MB of files showed 48 % of its 64 MiB limit, where
    // docker stats shows 1.6 %: the cgroup's page cache was counted as use. GetStats now
    // carries the inactive file cache, so clients show usage less it as docker does.
    void statsCarryTheInactiveFileCache()
    {
        constexpr qulonglong kLimit = 64 << 20;
        const QString path = create(
            m_allowed, QStringLiteral("cached"),
            {{QStringLiteral("Command"),
              QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                          QStringLiteral("dd if=/dev/zero of=/data bs=1M count=30 2>/dev/null; "
                                         "exec sleep 1000")}},
             {QStringLiteral("MemoryLimit"), kLimit}});
        QVERIFY(!path.isEmpty());
        auto remove = qScopeGuard(
            [&] { call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true}); });
        QDBusMessage reply = call(m_allowed, path, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const QString limitFile = memoryLimitFile(idOf(path));
        QVERIFY2(!limitFile.isEmpty(), "no memory limit file in the container's cgroups");
        const QString usageFile =
            QFileInfo(limitFile).path() + (limitFile.endsWith(QLatin1String("memory.max"))
                                               ? QStringLiteral("/memory.current")
                                               : QStringLiteral("/memory.usage_in_bytes"));
        // dd is done: the cgroup holds the 30 MB it wrote as page cache.
        QTRY_VERIFY_WITH_TIMEOUT(readAll(usageFile).trimmed().toLongLong() >= 28 << 20, 30000);

        reply = call(m_allowed, kManagerPath, kManager, QStringLiteral("GetStats"),
                     {QStringList{idOf(path)}});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(reply.signature(), QStringLiteral("a(stttttttttt)"));
        const QDBusArgument list = reply.arguments().value(0).value<QDBusArgument>();
        list.beginArray();
        QVERIFY(!list.atEnd());
        QString id;
        qulonglong fields[8] = {};
        list.beginStructure();
        list >> id;
        for (qulonglong &field : fields)
            list >> field;
        list.endStructure();
        list.endArray();
        QCOMPARE(id, idOf(path));
        const qulonglong memory = fields[1];
        const qulonglong inactiveFile = fields[7];
        const QString figures =
            QStringLiteral("memory %1, inactive file %2").arg(memory).arg(inactiveFile);
        QCOMPARE(fields[2], kLimit);
        QVERIFY2(memory >= 28 << 20, qPrintable(figures));
        QVERIFY2(inactiveFile >= 20 << 20 && inactiveFile <= memory, qPrintable(figures));
        // What docker stats would show: far below the raw usage, well under half the limit.
        QVERIFY2(memory - inactiveFile < kLimit / 4, qPrintable(figures));
    }

    void survivesHelperCrash()
    {
        const QString path =
            create(m_allowed, QStringLiteral("survivor"),
                   {{QStringLiteral("Command"),
                     QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}});
        QVERIFY(!path.isEmpty());
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Start")).type() ==
                QDBusMessage::ReplyMessage);
        const uint pid = containerProperty(m_allowed, path, QStringLiteral("Pid")).toUInt();
        QVERIFY(alive(pid));

        killHelper();
        QTest::qWait(200);
        QVERIFY(alive(pid));
        QVERIFY(startHelper());
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("running"));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("Pid")).toUInt(), pid);

        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Stop"), {uint(1)}).type() ==
                QDBusMessage::ReplyMessage);
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                 QStringLiteral("stopped"));
        QVERIFY(!alive(pid));
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false}).type() ==
                QDBusMessage::ReplyMessage);
    }

    void exitWhileHelperDown()
    {
        const QString path = create(
            m_allowed, QStringLiteral("leaver"),
            {{QStringLiteral("Command"), QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                                                     QStringLiteral("sleep 2; exit 7")}}});
        QVERIFY(!path.isEmpty());
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Start")).type() ==
                QDBusMessage::ReplyMessage);
        const uint pid = containerProperty(m_allowed, path, QStringLiteral("Pid")).toUInt();
        killHelper();
        QTRY_VERIFY_WITH_TIMEOUT(!alive(pid), 10000);
        QVERIFY(startHelper());
        QTRY_COMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                     QStringLiteral("stopped"));
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("ExitCode")).toInt(), 7);
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false}).type() ==
                QDBusMessage::ReplyMessage);
    }

    void concurrentContainers()
    {
        constexpr int kCount = 50;
        // Three connections (gbtest-allowed twice and root) are three polkit subjects and three
        // streams of calls. Each container's Start is sent as soon as its CreateContainer
        // returns, so creates and starts of different containers overlap in the helper.
        const QList<QDBusConnection> clients = {m_allowed, m_bus->connection(), m_allowed2};
        struct Outcome
        {
            QStringList paths;
            QStringList errors;
            int pending = kCount;
        };
        // Shared with the watchers' callbacks, which outlive this function if it fails early.
        auto outcome = std::make_shared<Outcome>();
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < kCount; ++i) {
            const QDBusConnection client = clients.at(i % clients.size());
            QDBusMessage message = QDBusMessage::createMethodCall(
                kService, kManagerPath, kManager, QStringLiteral("CreateContainer"));
            message.setArguments(
                {QStringLiteral("busybox"), QStringLiteral("many-%1").arg(i),
                 QVariantMap{{QStringLiteral("Command"),
                              QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}}});
            auto *created = new QDBusPendingCallWatcher(client.asyncCall(message, 120000), this);
            connect(
                created, &QDBusPendingCallWatcher::finished, this,
                [this, outcome, client](QDBusPendingCallWatcher *watcher) {
                    watcher->deleteLater();
                    if (watcher->isError()) {
                        outcome->errors.append(QStringLiteral("create: ") +
                                               watcher->error().message());
                        --outcome->pending;
                        return;
                    }
                    const QString path =
                        watcher->reply().arguments().value(0).value<QDBusObjectPath>().path();
                    outcome->paths.append(path);
                    m_ids.insert(idOf(path));
                    auto *started = new QDBusPendingCallWatcher(
                        client.asyncCall(QDBusMessage::createMethodCall(kService, path, kContainer,
                                                                        QStringLiteral("Start")),
                                         120000),
                        this);
                    connect(started, &QDBusPendingCallWatcher::finished, this,
                            [outcome, path](QDBusPendingCallWatcher *watcher) {
                                watcher->deleteLater();
                                if (watcher->isError())
                                    outcome->errors.append(path + QStringLiteral(" start: ") +
                                                           watcher->error().message());
                                --outcome->pending;
                            });
                });
        }
        QTRY_VERIFY_WITH_TIMEOUT(outcome->pending == 0, 120000);
        qInfo("%d containers created and started concurrently in %lld ms", kCount, timer.elapsed());
        QVERIFY2(outcome->errors.isEmpty(), qPrintable(outcome->errors.join(QLatin1Char('\n'))));
        const QStringList paths = outcome->paths;
        QCOMPARE(paths.size(), kCount);
        QCOMPARE(containerIds().size(), kCount);
        QSet<uint> pids;
        for (const QString &path : paths) {
            QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                     QStringLiteral("running"));
            const uint pid = containerProperty(m_allowed, path, QStringLiteral("Pid")).toUInt();
            QVERIFY(alive(pid));
            pids.insert(pid);
        }
        QCOMPARE(pids.size(), kCount);
        // The leak checks of nothingLeaked() see what they look for: a cgroup directory per
        // hierarchy, a shim and a pidfd in the helper for each running container.
        QSet<QString> running;
        for (const QString &path : paths)
            running.insert(idOf(path));
        const int cgroups = containerCgroups(running).size();
        QVERIFY2(cgroups >= kCount, qPrintable(QString::number(cgroups)));
        QCOMPARE(processesOf(QStringLiteral(GLASSBOX_SHIM_BINARY), runDir()).size(), kCount);
        // A pidfd per running shim; the total may also lose a descriptor of the start that
        // has closed since (a bus connection polkit no longer needs), so count pidfds.
        const QStringList fds = openFds(m_helper->processId());
        const int fdsRunning = fds.size();
        const qsizetype pidfds = fds.filter(QStringLiteral("pidfd")).size();
        QVERIFY2(pidfds >= kCount,
                 qPrintable(QStringLiteral("%1 pidfds with %2 containers; descriptors: %3")
                                .arg(pidfds)
                                .arg(kCount)
                                .arg(fds.join(QLatin1Char(' ')))));
        qInfo("helper descriptors: %d at its start, %d with %d containers running",
              int(m_helperFds.size()), fdsRunning, kCount);

        // sleep as pid 1 ignores SIGTERM, so every stop ends with SIGKILL after its 1 s
        // timeout; sent all at once, that is about one second for the lot, not fifty.
        timer.restart();
        QStringList errors = callAll(clients, paths, QStringLiteral("Stop"), {uint(1)});
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        qInfo("%d containers stopped concurrently in %lld ms", kCount, timer.elapsed());
        for (const QString &path : paths) {
            QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
                     QStringLiteral("stopped"));
            QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("ExitCode")).toInt(),
                     128 + SIGKILL);
        }
        for (uint pid : std::as_const(pids))
            QVERIFY(!alive(pid));
        errors = callAll(clients, paths, QStringLiteral("Remove"), {false});
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(containerIds().isEmpty());
    }

    // Issue 12 (CVE-2019-5736) through Exec, which runs `glassbox-runtime exec`: a script whose
    // interpreter is /proc/self/exe runs the runtime again inside the container, where another
    // process holds its /proc/PID/exe and, once it has exited, reopens that for writing. The
    // helper runs copies of the runtime and the shim here, so that a failed defence damages
    // nothing of the build; the shim, which clones the container's init, is checked too.
    void execOfProcSelfExeScriptCannotOverwriteTheRuntime()
    {
        QTemporaryDir binaries;
        QVERIFY(binaries.isValid());
        const QString runtime = binaries.filePath(QStringLiteral("glassbox-runtime"));
        const QString shim = binaries.filePath(QStringLiteral("glassbox-shim"));
        const auto executable = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                QFile::ReadOther | QFile::ExeOther;
        QVERIFY(QFile::copy(QStringLiteral(GLASSBOX_RUNTIME_BINARY), runtime) &&
                QFile::setPermissions(runtime, executable));
        QVERIFY(QFile::copy(QStringLiteral(GLASSBOX_SHIM_BINARY), shim) &&
                QFile::setPermissions(shim, executable));
        const auto digest = [](const QString &path) {
            QFile file(path);
            QCryptographicHash hash(QCryptographicHash::Sha256);
            return file.open(QIODevice::ReadOnly) && hash.addData(&file) ? hash.result().toHex()
                                                                         : QByteArray();
        };
        const QByteArray runtimeDigest = digest(runtime);
        const QByteArray shimDigest = digest(shim);
        killHelper();
        QVERIFY(startHelper(shim, runtime));
        QString path;
        auto restore = qScopeGuard([&] {
            if (!path.isEmpty())
                call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true});
            killHelper();
            QVERIFY(startHelper());
        });

        path = create(m_allowed, QStringLiteral("evil"),
                      {{QStringLiteral("Command"),
                        QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}});
        QVERIFY(!path.isEmpty());
        QDBusMessage reply = call(m_allowed, path, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const QStringList shims = processesOf(shim, runDir());
        QCOMPARE(shims.size(), 1);
        struct statfs fs
        {
        };
        QVERIFY(::statfs(QFile::encodeName(QStringLiteral("/proc/") +
                                           shims.first().section(QLatin1Char(' '), 0, 0) +
                                           QStringLiteral("/exe"))
                             .constData(),
                         &fs) == 0);
        QVERIFY2(fs.f_flags & ST_RDONLY, "the shim runs from a writable file");

        const auto exec = [&](const QString &script) {
            return call(m_allowed, path, kContainer, QStringLiteral("Exec"),
                        {QStringList{QStringLiteral("sh"), QStringLiteral("-c"), script}});
        };
        reply = exec(QStringLiteral("printf '#!/proc/self/exe --log=/tmp/evil.log\\n' >/evil && "
                                    "chmod 755 /evil && mkfifo /tmp/evil.log"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QCOMPARE(reply.arguments().value(0).toInt(), 0);
        // The attacker, in busybox's sh: find the interpreter, hold its /proc/PID/exe, let it
        // finish by reading its log, then reopen the held file for writing (retrying while
        // the runtime that started it still runs the same file: ETXTBSY).
        reply = exec(QStringLiteral(
            "( while [ -z \"$pid\" ]; do for d in /proc/[0-9]*; do "
            "[ \"$(tr '\\0' ' ' <$d/cmdline 2>/dev/null)\" = '/proc/self/exe "
            "--log=/tmp/evil.log /evil ' ] && pid=${d#/proc/}; done; done; "
            "exec 3</proc/$pid/exe; cat /tmp/evil.log >/dev/null; "
            "for i in $(seq 1000); do "
            "if printf pwned 2>/tmp/error 1<>/proc/self/fd/3; then echo written >/tmp/attack; "
            "exit; fi; grep -q busy /tmp/error || break; sleep 0.02; done; "
            "mv /tmp/error /tmp/attack ) </dev/null >/dev/null 2>&1 &"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        reply = call(m_allowed, path, kContainer, QStringLiteral("Exec"),
                     {QStringList{QStringLiteral("/evil")}});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        if (glassbox::test::isDynamicExecutable(runtime)) {
            // The sanitizer build: a dynamic runtime cannot be loaded inside the container,
            // so nothing ran to attack (the ci build's static runtime takes the attack).
            QVERIFY2(reply.arguments().value(1).toString().contains(
                         QStringLiteral("No such file or directory")),
                     qPrintable(reply.arguments().value(1).toString()));
            return;
        }
        QVERIFY2(reply.arguments().value(1).toString().contains(QStringLiteral("unknown command")),
                 qPrintable(reply.arguments().value(1).toString()));
        // Read on the host: a successful attack leaves no runtime to exec `cat` with.
        QFile bundleConfig(storeRoot() + QStringLiteral("/containers/") + idOf(path) +
                           QStringLiteral("/config.json"));
        QVERIFY(bundleConfig.open(QIODevice::ReadOnly));
        const QString rootfs = QJsonDocument::fromJson(bundleConfig.readAll())
                                   .object()
                                   .value(QStringLiteral("root"))
                                   .toObject()
                                   .value(QStringLiteral("path"))
                                   .toString();
        QVERIFY(!rootfs.isEmpty());
        const auto attackOutcome = [&] {
            QFile file(rootfs + QStringLiteral("/tmp/attack"));
            return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed()
                                                  : QString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!attackOutcome().isEmpty(), 30000);
        const QString outcome = attackOutcome();
        qInfo("reopening the runtime's /proc/PID/exe for writing after its exit: %s",
              qPrintable(outcome));
        QVERIFY2(outcome.contains(QStringLiteral("Read-only file system")), qPrintable(outcome));
        QCOMPARE(digest(runtime), runtimeDigest);
        QCOMPARE(digest(shim), shimDigest);
    }

    void oomKillReported()
    {
        const QString path =
            create(m_allowed, QStringLiteral("hungry"),
                   {{QStringLiteral("Command"),
                     QStringList{QStringLiteral("tail"), QStringLiteral("/dev/zero")}},
                    {QStringLiteral("MemoryLimit"), qulonglong(16 * 1024 * 1024)}});
        QVERIFY(!path.isEmpty());
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Start")).type() ==
                QDBusMessage::ReplyMessage);
        QTRY_COMPARE_WITH_TIMEOUT(
            containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
            QStringLiteral("stopped"), 30000);
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("OOMKilled")).toBool(), true);
        QVERIFY(call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false}).type() ==
                QDBusMessage::ReplyMessage);
    }

    // Issue 13: a user-namespaced container never started through the helper ("bind the
    // rootfs ... onto itself: Permission denied"): its root is an unprivileged host uid that
    // could not reach the rootfs under the 0700 store, and the image's files would have shown
    // as nobody. Now the image's layers are attached idmapped, the files are root's inside,
    // what the container writes belongs to its host uid, and the shared layers are untouched.
    void userNamespacedContainerOwnsItsFiles()
    {
        // The store's parent as it is installed (/var/lib, 0755): searchable by anyone.
        QVERIFY(QFile::setPermissions(m_root.path(), QFile::ReadOwner | QFile::WriteOwner |
                                                         QFile::ExeOwner | QFile::ExeGroup |
                                                         QFile::ExeOther));
        const QString path = create(
            m_allowed, QStringLiteral("remapped"),
            {{QStringLiteral("UserNamespace"), true},
             {QStringLiteral("Command"),
              QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                          QStringLiteral("id -u; stat -c '%u:%g' / /bin/busybox /etc/passwd; "
                                         "echo data > /made-inside; stat -c '%u:%g' /made-inside; "
                                         "cat /proc/self/uid_map")}}});
        QVERIFY(!path.isEmpty());
        auto remove = qScopeGuard(
            [&] { call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true}, 120000); });
        const QDBusMessage started = call(m_allowed, path, kContainer, QStringLiteral("Start"));
        QVERIFY2(started.type() == QDBusMessage::ReplyMessage, qPrintable(started.errorMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(
            containerProperty(m_allowed, path, QStringLiteral("State")).toString(),
            QStringLiteral("stopped"), 30000);
        const QString logs =
            call(m_allowed, path, kContainer, QStringLiteral("GetLogs"), {qulonglong(65536)})
                .arguments()
                .value(0)
                .toString();
        QCOMPARE(containerProperty(m_allowed, path, QStringLiteral("ExitCode")).toInt(), 0);
        QStringList lines; // the log's lines are "<time> stdout F <text>"
        for (const QString &line : logs.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            lines.append(line.section(QLatin1Char(' '), 3));
        QVERIFY2(lines.size() >= 6, qPrintable(logs));
        QCOMPARE(lines[0], QStringLiteral("0"));
        for (int i = 1; i <= 4; ++i)
            QVERIFY2(lines[i] == QStringLiteral("0:0"), qPrintable(logs));
        const QStringList map = lines[5].simplified().split(QLatin1Char(' '));
        QVERIFY2(map.size() == 3 && map[0] == QStringLiteral("0") && map[1].toUInt() >= 1000000 &&
                     map[2] == QStringLiteral("65536"),
                 qPrintable(logs));
        const uint hostRoot = map[1].toUInt();

        // On the host: the new file is the container's host uid's, the image's are still root's.
        QString madeInside;
        QString busybox;
        QDirIterator layers(storeRoot() + QStringLiteral("/overlay2"),
                            QDir::Dirs | QDir::NoDotAndDotDot);
        while (layers.hasNext()) {
            const QString diff = layers.next() + QStringLiteral("/diff");
            if (QFileInfo::exists(diff + QStringLiteral("/made-inside")))
                madeInside = diff + QStringLiteral("/made-inside");
            if (QFileInfo::exists(diff + QStringLiteral("/bin/busybox")))
                busybox = diff + QStringLiteral("/bin/busybox");
        }
        QVERIFY(!madeInside.isEmpty() && !busybox.isEmpty());
        QCOMPARE(QFileInfo(madeInside).ownerId(), hostRoot);
        QCOMPARE(QFileInfo(madeInside).groupId(), hostRoot);
        QCOMPARE(QFileInfo(busybox).ownerId(), 0u);
        // The store stays unlistable for others; only the way in is searchable.
        QCOMPARE(QFileInfo(storeRoot()).permissions() & QFile::ReadOther,
                 QFileDevice::Permissions());

        remove.dismiss();
        const QDBusMessage removed =
            call(m_allowed, path, kContainer, QStringLiteral("Remove"), {false});
        QVERIFY2(removed.type() == QDBusMessage::ReplyMessage, qPrintable(removed.errorMessage()));
        // Neither the rootfs nor an idmapped layer is left mounted, and no layer was emptied.
        QFile mounts(QStringLiteral("/proc/self/mountinfo"));
        QVERIFY(mounts.open(QIODevice::ReadOnly));
        const QByteArray table = mounts.readAll();
        QVERIFY2(!table.contains(QFile::encodeName(storeRoot())), table.constData());
        QVERIFY(QFileInfo::exists(busybox));
    }

    void nothingLeaked()
    {
        QVERIFY(containerIds().isEmpty());
        QVERIFY(m_ids.size() >= 50);

        // No mount under the suite's root: container rootfs overlays live in the store, and
        // the runtime's bind mounts under the run dir.
        QFile mountinfo(QStringLiteral("/proc/self/mountinfo"));
        QVERIFY(mountinfo.open(QIODevice::ReadOnly));
        QStringList mounts;
        for (const QByteArray &line : mountinfo.readAll().split('\n'))
            if (line.contains(m_root.path().toLocal8Bit()))
                mounts.append(QString::fromLocal8Bit(line));
        QVERIFY2(mounts.isEmpty(), qPrintable(mounts.join(QLatin1Char('\n'))));

        QVERIFY(QDir(runDir() + QStringLiteral("/shims"))
                    .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                    .isEmpty());
        const QStringList runtime = QDir(runDir() + QStringLiteral("/runtime"))
                                        .entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        // `#seccomp` is the runtime's cache of compiled filters, not a container.
        QVERIFY2(runtime.isEmpty() || runtime == QStringList{QStringLiteral("#seccomp")},
                 qPrintable(runtime.join(QLatin1Char(' '))));

        // A shim writes exit.json before it deletes its runtime container (so a stuck delete
        // cannot hide the exit), and Remove completes on exit.json: the last shims may still be
        // deleting, cgroups included, just after the reply. Give them a few seconds to go.
        const auto shims = [this] {
            return processesOf(QStringLiteral(GLASSBOX_SHIM_BINARY), runDir()) +
                   processesOf(QStringLiteral(GLASSBOX_RUNTIME_BINARY), runDir());
        };
        QTRY_VERIFY2_WITH_TIMEOUT(shims().isEmpty(), qPrintable(shims().join(QLatin1Char('\n'))),
                                  10000);
        QTRY_VERIFY2_WITH_TIMEOUT(containerCgroups(m_ids).isEmpty(),
                                  qPrintable(containerCgroups(m_ids).join(QLatin1Char('\n'))),
                                  10000);

        // The helper's descriptors, against what it had at its start, before its first
        // container. Each container costs the helper a pidfd for its shim while it runs, and a
        // pipe and a pidfd per spawned shim, so a per-container leak shows as 50 or more;
        // kFdSlack only absorbs a descriptor that QtDBus or glibc opens once on first use and
        // keeps (none so far: the counts have been equal).
        const auto fdsNow = [this] {
            return openFds(m_helper->processId());
        };
        QTRY_VERIFY2_WITH_TIMEOUT(fdsNow().size() <= m_helperFds.size() + kFdSlack,
                                  qPrintable(QStringLiteral("before:\n  %1\nnow:\n  %2")
                                                 .arg(m_helperFds.join(QStringLiteral("\n  ")),
                                                      fdsNow().join(QStringLiteral("\n  ")))),
                                  5000);
        qInfo("helper descriptors: %d at its start, %d now", int(m_helperFds.size()),
              int(fdsNow().size()));
    }

    // Issue 21.1: a container whose writable layer or processes would make a reply over
    // dbus-daemon's 32 MiB message limit (the test bus has the system bus's) used to get the
    // helper's connection dropped: every client's calls failed and the next call activated a
    // second helper. The replies are now capped at 8 MiB and say what they left out.
    void hugeListRepliesAreCapped()
    {
        constexpr qsizetype kBudget = 8 * 1024 * 1024; // the helper's kReplyBudget
        constexpr qsizetype kMaxString = 4096;         // its kMaxReplyString
        constexpr int kFiles = 10000;
        constexpr int kSleepers = 8;
        // 60 000 bytes of two-byte UTF-8: the cut must count bytes, not characters.
        const QString longArgument(30000, QChar(0xe9));
        const QString path = create(
            m_allowed, QStringLiteral("crowded"),
            {{QStringLiteral("Command"),
              QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                          QStringLiteral("i=0; while [ $i -lt %1 ]; do sh -c 'sleep 1000; :' "
                                         "\"$1\" & i=$((i+1)); done; wait")
                              .arg(kSleepers),
                          QStringLiteral("sh"), longArgument}}});
        QVERIFY(!path.isEmpty());
        auto removeContainer = qScopeGuard([&] { removeEvenIfHelperLost(path); });
        QDBusMessage reply = call(m_allowed, path, kContainer, QStringLiteral("Start"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        reply = call(m_allowed, path, kContainer, QStringLiteral("GetLayers"));
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QMap<QString, QString> paths;
        reply.arguments().value(1).value<QDBusArgument>() >> paths;
        const QString upper = paths.value(QStringLiteral("UpperDir"));
        QVERIFY2(QFileInfo(upper).isDir(), qPrintable(upper));

        // 10 000 files with 3 800-byte paths in the writable layer: 38 MiB of diff, over the
        // daemon's limit (so is 300 000 files of 120-byte names, but that takes a minute to
        // make here). Fourteen directories of 250-byte names, then the files.
        QElapsedTimer timer;
        timer.start();
        QByteArray flood = upper.toLocal8Bit();
        for (int level = 0; level < 14; ++level) {
            flood += '/' + QByteArray::number(level).rightJustified(250, 'd');
            QVERIFY(::mkdir(flood.constData(), 0755) == 0);
        }
        const QByteArray filler(244, 'n');
        for (int i = 0; i < kFiles; ++i) {
            const QByteArray file =
                flood + '/' + QByteArray::number(i).rightJustified(6, '0') + filler;
            const int fd = ::open(file.constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
            QVERIFY2(fd >= 0, qPrintable(QString::fromLocal8Bit(file)));
            ::close(fd);
        }
        const qsizetype fileEntry = 40 + flood.size() - upper.toLocal8Bit().size() + 251;
        QVERIFY(fileEntry < kMaxString); // whole paths, not cut ones, make the 38 MiB
        qInfo("created %d files in %lld ms; listing them all would take over %lld bytes", kFiles,
              timer.elapsed(), kFiles * fileEntry);

        const qint64 helperPid = m_helper->processId();
        // GetDiff from one client while another keeps calling: the walk is on a worker.
        timer.restart();
        QDBusPendingCall diffCall = m_allowed2.asyncCall(
            QDBusMessage::createMethodCall(kService, path, kContainer, QStringLiteral("GetDiff")),
            120000);
        QVERIFY(answersQuickly());
        diffCall.waitForFinished();
        const qint64 diffMs = timer.elapsed();
        QVERIFY2(!diffCall.isError(), qPrintable(diffCall.error().message()));

        // The body's size as D-Bus marshals a(ssbt).
        qsizetype wire = 4;
        const auto align = [&wire](qsizetype to) {
            wire = (wire + to - 1) / to * to;
        };
        QStringList kinds;
        QStringList changedPaths;
        const QDBusArgument changes = diffCall.reply().arguments().value(0).value<QDBusArgument>();
        changes.beginArray();
        while (!changes.atEnd()) {
            QString kind;
            QString changed;
            bool copiedUp = false;
            qulonglong size = 0;
            changes.beginStructure();
            changes >> kind >> changed >> copiedUp >> size;
            changes.endStructure();
            align(8);
            wire += 4 + kind.toUtf8().size() + 1;
            align(4);
            wire += 4 + changed.toUtf8().size() + 1;
            align(4);
            wire += 4;
            align(8);
            wire += 8;
            kinds.append(kind);
            changedPaths.append(changed);
        }
        changes.endArray();
        qInfo("GetDiff: %lld entries, %lld bytes, %lld ms", qsizetype(kinds.size()), wire, diffMs);
        QVERIFY(wire <= kBudget);
        QVERIFY(kinds.size() > 1000 && kinds.size() < kFiles);
        // The last entry says it is truncated and how much is missing.
        QCOMPARE(kinds.constLast(), QStringLiteral("!"));
        QVERIFY2(changedPaths.constLast().contains(QStringLiteral("more changes not listed")),
                 qPrintable(changedPaths.constLast()));
        const qsizetype missing = changedPaths.constLast().section(QLatin1Char(' '), 0, 0).toLong();
        QVERIFY2(kinds.size() - 1 + missing >= kFiles, qPrintable(changedPaths.constLast()));
        QCOMPARE(kinds.count(QStringLiteral("!")), 1);

        // Processes with 60 000-byte command lines: each cut to 4 KiB, ending in "…".
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QDBusMessage answer =
                    call(m_allowed, path, kContainer, QStringLiteral("GetProcesses"));
                return answer.type() == QDBusMessage::ReplyMessage &&
                       answer.arguments().value(0).value<QDBusArgument>().currentType() ==
                           QDBusArgument::ArrayType &&
                       [&] {
                           int count = 0;
                           const QDBusArgument list =
                               answer.arguments().value(0).value<QDBusArgument>();
                           list.beginArray();
                           while (!list.atEnd()) {
                               uint pid = 0;
                               uint nsPid = 0;
                               QString user;
                               QString command;
                               list.beginStructure();
                               list >> pid >> nsPid >> user >> command;
                               list.endStructure();
                               ++count;
                           }
                           list.endArray();
                           return count >= 2 * kSleepers + 1;
                       }();
            },
            20000));
        timer.restart();
        reply = call(m_allowed2, path, kContainer, QStringLiteral("GetProcesses"));
        const qint64 processesMs = timer.elapsed();
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        const QDBusArgument processes = reply.arguments().value(0).value<QDBusArgument>();
        int cut = 0;
        qsizetype processBytes = 0;
        processes.beginArray();
        while (!processes.atEnd()) {
            uint pid = 0;
            uint nsPid = 0;
            QString user;
            QString command;
            processes.beginStructure();
            processes >> pid >> nsPid >> user >> command;
            processes.endStructure();
            QVERIFY(pid != 0); // a few processes: nothing left out
            const qsizetype bytes = command.toUtf8().size();
            processBytes += bytes;
            QVERIFY2(bytes <= kMaxString, qPrintable(QString::number(bytes)));
            if (command.contains(QChar(0xe9))) {
                QVERIFY2(command.endsWith(QChar(0x2026)), qPrintable(command.right(20)));
                ++cut;
            }
        }
        processes.endArray();
        qInfo("GetProcesses: %d command lines cut, %lld bytes of commands, %lld ms", cut,
              processBytes, processesMs);
        QCOMPARE(cut, kSleepers + 1);

        // The same helper is still there, and answers everyone.
        QCOMPARE(m_helper->state(), QProcess::Running);
        QCOMPARE(m_helper->processId(), helperPid);
        QCOMPARE(qint64(m_bus->connection().interface()->servicePid(kService).value()), helperPid);
        QVERIFY(answersQuickly());
        QVERIFY(call(m_viewer, kManagerPath, QStringLiteral("org.freedesktop.DBus.ObjectManager"),
                     QStringLiteral("GetManagedObjects"))
                    .type() == QDBusMessage::ReplyMessage);

        removeContainer.dismiss();
        timer.restart();
        reply = call(m_allowed, path, kContainer, QStringLiteral("Remove"), {true}, 120000);
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        qInfo("Remove with %d files: %lld ms", kFiles, timer.elapsed());
        QVERIFY(!QFileInfo::exists(upper));
    }

    // Issue 21.1: Inspect carries the creator's Env twice (the options and the OCI spec): 16 MiB
    // of it made a 32 MiB reply, which cost the helper its bus connection. Now an error.
    void inspectOfHugeConfigIsRefused()
    {
        QStringList env;
        for (int i = 0; i < 540; ++i) // entries of at most 32 768 characters each
            env.append(QStringLiteral("BIG%1=").arg(i) + QString(32000, QLatin1Char('x')));
        const QString path =
            create(m_allowed, QStringLiteral("verbose"), {{QStringLiteral("Env"), env}});
        QVERIFY(!path.isEmpty());
        auto removeContainer = qScopeGuard([&] { removeEvenIfHelperLost(path); });
        const qint64 helperPid = m_helper->processId();
        const QDBusMessage reply = call(m_allowed, path, kContainer, QStringLiteral("Inspect"));
        QCOMPARE(reply.errorName(), QStringLiteral("org.glassbox.Error.Failed"));
        QVERIFY2(reply.errorMessage().contains(QStringLiteral("too large to inspect")),
                 qPrintable(reply.errorMessage()));
        QCOMPARE(m_helper->processId(), helperPid);
        QVERIFY(answersQuickly());
    }

    // Issue 21.1: a helper whose bus connection drops (the daemon dropped it, or restarted)
    // exits at once with a message instead of running on next to the one the next call
    // activates. A second, plain bus of its own here: the suite's bus stays up.
    void exitsWhenBusConnectionDrops()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString address = QStringLiteral("unix:path=%1/bus").arg(dir.path());
        QProcess daemon;
        daemon.start(QStringLiteral("dbus-daemon"),
                     {QStringLiteral("--session"), QStringLiteral("--nofork"),
                      QStringLiteral("--address=") + address, QStringLiteral("--print-address")});
        QVERIFY(daemon.waitForStarted());
        auto stopDaemon = qScopeGuard([&daemon] {
            daemon.kill();
            daemon.waitForFinished();
        });
        QVERIFY(daemon.waitForReadyRead(10000)); // it prints its address once it listens

        QProcess helper;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), address);
        helper.setProcessEnvironment(environment);
        helper.setProcessChannelMode(QProcess::SeparateChannels);
        helper.start(QStringLiteral(GLASSBOX_HELPER_BINARY),
                     {QStringLiteral("--state-dir"), dir.path() + QStringLiteral("/state"),
                      QStringLiteral("--run-dir"), dir.path() + QStringLiteral("/run"),
                      QStringLiteral("--store-root"), dir.path() + QStringLiteral("/store"),
                      QStringLiteral("--shim"), QStringLiteral(GLASSBOX_SHIM_BINARY),
                      QStringLiteral("--runtime"), QStringLiteral(GLASSBOX_RUNTIME_BINARY),
                      QStringLiteral("--idle-timeout"), QStringLiteral("0"),
                      QStringLiteral("--network-dir"), dir.path() + QStringLiteral("/networks"),
                      QStringLiteral("--default-network"), QStringLiteral("none")});
        QVERIFY(helper.waitForStarted());
        auto stopHelper = qScopeGuard([&helper] {
            helper.kill();
            helper.waitForFinished();
        });
        {
            QDBusConnection bus =
                QDBusConnection::connectToBus(address, QStringLiteral("exits-when-dropped"));
            auto closeBus = qScopeGuard(
                [] { QDBusConnection::disconnectFromBus(QStringLiteral("exits-when-dropped")); });
            QVERIFY(bus.isConnected());
            QTRY_VERIFY_WITH_TIMEOUT(bus.interface()->isServiceRegistered(kService), 10000);
        }

        daemon.kill(); // the helper's connection ends as when the daemon drops it
        QVERIFY(daemon.waitForFinished());
        QElapsedTimer timer;
        timer.start();
        QVERIFY(helper.waitForFinished(5000));
        qInfo("helper exited %lld ms after the bus went away", timer.elapsed());
        QCOMPARE(helper.exitStatus(), QProcess::NormalExit);
        QCOMPARE(helper.exitCode(), 1);
        const QString error = QString::fromLocal8Bit(helper.readAllStandardError());
        QVERIFY2(error.contains(QStringLiteral("connection to the system bus was lost")),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestHelper)
#include "test_helper.moc"
