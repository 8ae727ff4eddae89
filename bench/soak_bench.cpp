// glassbox-bench-soak: glassbox-helper under random SIGKILLs (issue 21). Three clients, each its
// own process and bus connection (as gbtest-allowed, a user the test polkit rules grant every
// action), run create -> start -> stop -> remove cycles at once against the helper on the tests'
// private system bus with the real polkitd (TestSystemBus), started by bus activation as the
// installed one is. Every few cycles, at a random moment, this driver SIGKILLs the helper or
// the glassbox-shim of one of its containers, alternately. A call in flight then fails; the
// next call activates a new helper; the client reconciles: it lists the containers and removes
// the one it was making, so each container it created ends up removed, and one that vanished
// without a Remove, or that cannot be removed, is counted as unaccounted.
//
// At the end it checks that nothing is left (containers listed, store entries, records, overlay
// mounts, cgroups, shims, runtime state) and prints the figures: cycles, per-cycle latency,
// failed calls caused by a kill (expected) against other failures (must be 0), reactivations,
// time to the first answer after a kill, and the helper's open descriptors and RSS at the start
// and the end. Exit status 1 on any leak, unaccounted container or other failure.
//
// usage: glassbox-bench-soak --work DIR --helper BIN --shim BIN --runtime BIN [--cycles N]
//            [--kill-every N] [--kill-delay-ms N] [--seed N] [--clients N] [--stop-timeout S]
// Everything it makes lives under DIR/helper; the current helper's pid is in DIR/helper.pid,
// for bench/soak.sh's trap. The clients are this program again, with --client.
#include "DBusTypes.h"
#include "bench_support.h"
#include "helper_cleanup.h"
#include "system_bus.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QDBusReply>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QThread>
#include <QTime>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <grp.h>
#include <memory>
#include <random>
#include <sys/prctl.h>
#include <unistd.h>
#include <vector>

namespace {

using glassbox::api::kManagerPath;
using glassbox::api::kService;
constexpr QLatin1String kContainer = glassbox::api::kContainerInterface;
constexpr QLatin1String kObjectManager = glassbox::api::kObjectManagerInterface;
/// Longer than any deferred reply of the helper (Stop: its timeout + 15 s): a call still
/// unanswered then is a hang, which the figures count as an other failure.
constexpr int kCallTimeoutMs = 120000;
/// How long a client keeps trying to remove what it created after a failed call.
constexpr double kReconcileMs = 120000;

using glassbox::bench::die;
using glassbox::bench::median;
using glassbox::bench::nowMs;
using glassbox::bench::percentile;
using glassbox::bench::statusField;

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The containers a GetManagedObjects reply lists: object path -> Name.
QMap<QString, QString> containersOf(const QDBusMessage &reply)
{
    QMap<QString, QString> found;
    const GbManagedObjects objects = glassbox::api::managedObjects(reply);
    for (auto it = objects.cbegin(); it != objects.cend(); ++it) {
        if (it->contains(kContainer))
            found.insert(it.key().path(),
                         it->value(kContainer).value(QStringLiteral("Name")).toString());
    }
    return found;
}

// ---------------------------------------------------------------------------------------------
// A client: one process, one connection, `cycles` cycles; one JSON object per line on stdout.

class Client
{
public:
    int index = 0;
    int cycles = 0;
    uint stopTimeout = 10;

    int run();

private:
    QDBusConnection m_bus = QDBusConnection::systemBus();
    int m_cycle = 0;
    bool m_failed = false; ///< a call of this cycle failed

    static void send(const QJsonObject &event)
    {
        const QByteArray line = QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
        std::fflush(stdout);
    }
    /// A blocking call; a failure is reported with when it was sent and answered, so the
    /// driver can tell whether a kill was in flight.
    QDBusMessage call(const QString &path, const QString &interface, const QString &method,
                      const QVariantList &arguments, double *ms = nullptr);
    QMap<QString, QString> listed(bool *ok);
    QString reconcile(const QString &name, QString path, bool removeSent);
};

QDBusMessage Client::call(const QString &path, const QString &interface, const QString &method,
                          const QVariantList &arguments, double *ms)
{
    QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
    message.setArguments(arguments);
    const double t0 = nowMs();
    const QDBusMessage reply = m_bus.call(message, QDBus::Block, kCallTimeoutMs);
    const double t1 = nowMs();
    if (ms)
        *ms = t1 - t0;
    if (reply.type() != QDBusMessage::ReplyMessage) {
        m_failed = true;
        send(QJsonObject{{QStringLiteral("ev"), QStringLiteral("fail")},
                         {QStringLiteral("client"), index},
                         {QStringLiteral("cycle"), m_cycle},
                         {QStringLiteral("method"), method},
                         {QStringLiteral("id"), path.section(QLatin1Char('/'), -1)},
                         {QStringLiteral("t0"), t0},
                         {QStringLiteral("t1"), t1},
                         {QStringLiteral("error"), reply.errorName()},
                         {QStringLiteral("message"), reply.errorMessage()}});
        if (!m_bus.isConnected()) // the bus itself is gone: the driver died
            std::exit(2);
    }
    return reply;
}

QMap<QString, QString> Client::listed(bool *ok)
{
    const QDBusMessage reply =
        call(kManagerPath, kObjectManager, QStringLiteral("GetManagedObjects"), {});
    *ok = reply.type() == QDBusMessage::ReplyMessage;
    return *ok ? containersOf(reply) : QMap<QString, QString>();
}

/// After a failed call: the container named `name` (at `path` if CreateContainer answered) is
/// removed if it is listed. "removed" when it was listed and is gone now, or a Remove was sent
/// and it is gone; "never-created" when CreateContainer did not answer and nothing is listed;
/// "vanished" when it had been created and is gone without a Remove; "left" when it could not
/// be removed in time.
QString Client::reconcile(const QString &name, QString path, bool removeSent)
{
    const double deadline = nowMs() + kReconcileMs;
    bool created = !path.isEmpty();
    while (nowMs() < deadline) {
        bool ok = false;
        const QMap<QString, QString> containers = listed(&ok);
        if (!ok) {
            QThread::msleep(100);
            continue;
        }
        const QString found = containers.key(name);
        if (found.isEmpty()) {
            if (!created)
                return QStringLiteral("never-created");
            return removeSent ? QStringLiteral("removed") : QStringLiteral("vanished");
        }
        path = found;
        created = true;
        removeSent = true;
        if (call(path, kContainer, QStringLiteral("Remove"), {true}).type() !=
            QDBusMessage::ReplyMessage)
            QThread::msleep(100);
        // The next listing confirms it is gone.
    }
    return QStringLiteral("left");
}

int Client::run()
{
    if (!m_bus.isConnected()) {
        std::fprintf(stderr, "client %d: cannot connect to the bus: %s\n", index,
                     qPrintable(m_bus.lastError().message()));
        return 2;
    }
    // A command that ends on SIGTERM (sh as pid 1 ignores it unless it traps it), so Stop is
    // answered as soon as the container exits, as for a well-behaved service.
    const QVariantMap options{
        {QStringLiteral("Command"),
         QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                     QStringLiteral("trap 'exit 0' TERM; sleep 1000 & wait")}}};
    for (m_cycle = 0; m_cycle < cycles; ++m_cycle) {
        m_failed = false;
        const QString name = QStringLiteral("soak-%1-%2").arg(index).arg(m_cycle);
        const double start = nowMs();
        double createMs = 0, startMs = 0, stopMs = 0, removeMs = 0;
        QString path;
        bool removeSent = false;
        QDBusMessage reply = call(kManagerPath, kService, QStringLiteral("CreateContainer"),
                                  {QStringLiteral("busybox"), name, options}, &createMs);
        if (reply.type() == QDBusMessage::ReplyMessage) {
            path = reply.arguments().value(0).value<QDBusObjectPath>().path();
            if (call(path, kContainer, QStringLiteral("Start"), {}, &startMs).type() ==
                    QDBusMessage::ReplyMessage &&
                call(path, kContainer, QStringLiteral("Stop"), {stopTimeout}, &stopMs).type() ==
                    QDBusMessage::ReplyMessage) {
                removeSent = true;
                call(path, kContainer, QStringLiteral("Remove"), {false}, &removeMs);
            }
        }
        QString outcome = QStringLiteral("removed");
        if (m_failed)
            outcome = reconcile(name, path, removeSent);
        QJsonObject event{{QStringLiteral("ev"), QStringLiteral("cycle")},
                          {QStringLiteral("client"), index},
                          {QStringLiteral("cycle"), m_cycle},
                          {QStringLiteral("name"), name},
                          {QStringLiteral("id"), path.section(QLatin1Char('/'), -1)},
                          {QStringLiteral("t0"), start},
                          {QStringLiteral("ms"), nowMs() - start},
                          {QStringLiteral("clean"), !m_failed},
                          {QStringLiteral("outcome"), outcome}};
        if (!m_failed) {
            event.insert(QStringLiteral("create"), createMs);
            event.insert(QStringLiteral("start"), startMs);
            event.insert(QStringLiteral("stop"), stopMs);
            event.insert(QStringLiteral("remove"), removeMs);
        }
        send(event);
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// The driver.

/// Waits until `pid` is gone (reaped, or a zombie).
bool waitGone(pid_t pid, int timeoutMs)
{
    const double deadline = nowMs() + timeoutMs;
    while (nowMs() < deadline) {
        const QByteArray stat = readAll(QStringLiteral("/proc/%1/stat").arg(pid));
        const qsizetype close = stat.lastIndexOf(')');
        if (stat.isEmpty() || (close > 0 && stat.mid(close + 2, 1) == "Z"))
            return true;
        QThread::msleep(5);
    }
    return false;
}

qint64 openDescriptors(qint64 pid)
{
    return pid > 0 ? QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                         .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System)
                         .size()
                   : -1;
}

/// `<hierarchy><own cgroup>/glassbox` for every hierarchy and every cgroup of this process:
/// where the runtime nests the helper's containers (no systemd scopes on this kind of host;
/// on a pure v2 systemd host they go to machine.slice and are found by name instead).
QStringList cgroupParents()
{
    QStringList own;
    for (const QByteArray &line : readAll(QStringLiteral("/proc/self/cgroup")).split('\n'))
        if (const QList<QByteArray> fields = line.split(':'); fields.size() >= 3)
            own.append(QString::fromLocal8Bit(fields.mid(2).join(':')));
    QStringList hierarchies{QStringLiteral("/sys/fs/cgroup")};
    for (const QString &name :
         QDir(QStringLiteral("/sys/fs/cgroup")).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        hierarchies.append(QStringLiteral("/sys/fs/cgroup/") + name);
    QStringList parents;
    for (const QString &hierarchy : std::as_const(hierarchies))
        for (const QString &path : std::as_const(own))
            if (QFile::exists(hierarchy + path + QStringLiteral("/cgroup.procs")))
                parents.append(QDir::cleanPath(hierarchy + path + QStringLiteral("/glassbox")));
    parents.removeDuplicates();
    return parents;
}

struct Kill
{
    double at = 0;
    bool helper = false;
    QString id; ///< the container whose shim was killed
    /// Which glassbox-shim process: the first one, which the helper waits for while Start
    /// runs, or the supervisor it forks, which stays with the container.
    bool shimFront = false;
    double answerMs = -1; ///< from the kill to the next answered GetManagedObjects
    qint64 newPid = 0;
};

struct Failure
{
    QString method, id, error, message;
    int client = 0, cycle = 0;
    double t0 = 0, t1 = 0;
};

class Soak
{
public:
    QString work, helperBinary, shimBinary, runtimeBinary;
    int cycles = 1000;
    int killEvery = 10;
    int killDelayMs = 300;
    quint64 seed = 0;
    int clients = 3;
    uint stopTimeout = 10;

    int run();

private:
    std::unique_ptr<glassbox::test::TestSystemBus> m_bus;
    std::vector<std::unique_ptr<QProcess>> m_clients;
    std::vector<QByteArray> m_pending; ///< partial output lines, per client
    std::mt19937_64 m_random;
    QStringList m_newCgroupParents;

    int m_done = 0;
    std::vector<double> m_cycleMs, m_cleanCycleMs;
    QMap<QString, std::vector<double>> m_callMs;
    QMap<QString, int> m_outcomes;
    QStringList m_unaccounted;
    /// Every container id the clients saw: "client C cycle N (outcome)".
    QMap<QString, QString> m_ids;
    QMap<QString, std::pair<double, double>> m_idCycles; ///< id -> its cycle's start and end
    QSet<QString> m_notedIds;                            ///< written to WORK/ids
    std::vector<Failure> m_failures;
    std::vector<Kill> m_kills;
    int m_shimKillsSkipped = 0;
    double m_nextKillAt = -1; ///< when the scheduled kill happens (nowMs), or -1
    int m_killsScheduled = 0;

    qint64 m_helperPid = 0;
    QSet<qint64> m_helperPids;
    QSet<qint64> m_killedPids;
    QStringList m_unexpectedExits;
    double m_lastPidCheck = 0;

    QString root() const { return work + QStringLiteral("/helper"); }
    QString storeContainers() const { return root() + QStringLiteral("/store/containers"); }
    QDBusConnection bus() const { return m_bus->connection(); }

    bool registerHelper();
    void startClients();
    void readClient(size_t index);
    void handle(const QJsonObject &event);
    void noteId(const QString &id);
    qint64 currentHelperPid();
    void trackHelper();
    void maybeKill();
    double firstAnswerMs(double since);
    QMap<qint64, QString> shims() const;
    bool causedByKill(const Failure &failure) const;
    void warmUp();
    int report(double seconds, qint64 fds0, const QByteArray &rss0, const QString &load0);
};

bool Soak::registerHelper()
{
    // Activated by the bus like the installed helper (no idle exit, so that only the kills end
    // it); its output is appended to WORK/helper.log by the shell it replaces.
    QString error;
    const QStringList command{QStringLiteral("/bin/sh"),
                              QStringLiteral("-c"),
                              QStringLiteral("exec $0 $@ >>%1/helper.log 2>&1").arg(work),
                              helperBinary,
                              QStringLiteral("--state-dir"),
                              storeContainers(),
                              QStringLiteral("--run-dir"),
                              root() + QStringLiteral("/run"),
                              QStringLiteral("--store-root"),
                              root() + QStringLiteral("/store"),
                              QStringLiteral("--shim"),
                              shimBinary,
                              QStringLiteral("--runtime"),
                              runtimeBinary,
                              QStringLiteral("--idle-timeout"),
                              QStringLiteral("0"),
                              QStringLiteral("--network-dir"),
                              root() + QStringLiteral("/networks"),
                              QStringLiteral("--default-network"),
                              QStringLiteral("none")};
    if (!m_bus->addActivatableService(kService, command, &error)) {
        std::fprintf(stderr, "cannot make the helper activatable: %s\n", qPrintable(error));
        return false;
    }
    return true;
}

void Soak::startClients()
{
    glassbox::test::UserIds ids;
    QString error;
    if (!glassbox::test::lookupUser(QString::fromLatin1(glassbox::test::kAllowedUser), &ids,
                                    &error))
        die(error);
    const int base = cycles / clients;
    for (int i = 0; i < clients; ++i) {
        auto process = std::make_unique<QProcess>();
        QProcessEnvironment env = m_bus->environment();
        env.insert(QStringLiteral("USER"), QString::fromLatin1(glassbox::test::kAllowedUser));
        env.insert(QStringLiteral("HOME"), QStringLiteral("/nonexistent"));
        process->setProcessEnvironment(env);
        // The user's credentials, then death with the driver (after the switch, which clears
        // the parent-death signal). Only async-signal-safe calls here.
        process->setChildProcessModifier([ids] {
            if (::setgroups(ids.groups.size(), ids.groups.data()) != 0 || ::setgid(ids.gid) != 0 ||
                ::setuid(ids.uid) != 0)
                ::_exit(126);
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        });
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const size_t index = m_clients.size();
        QObject::connect(process.get(), &QProcess::readyReadStandardOutput,
                         [this, index] { readClient(index); });
        process->start(QCoreApplication::applicationFilePath(),
                       {QStringLiteral("--client"), QString::number(i), QStringLiteral("--cycles"),
                        QString::number(base + (i < cycles % clients ? 1 : 0)),
                        QStringLiteral("--stop-timeout"), QString::number(stopTimeout)});
        if (!process->waitForStarted())
            die(QStringLiteral("cannot start client %1: %2").arg(i).arg(process->errorString()));
        m_clients.push_back(std::move(process));
        m_pending.emplace_back();
    }
}

void Soak::readClient(size_t index)
{
    m_pending[index] += m_clients[index]->readAllStandardOutput();
    qsizetype end;
    while ((end = m_pending[index].indexOf('\n')) >= 0) {
        const QByteArray line = m_pending[index].left(end);
        m_pending[index].remove(0, end + 1);
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (document.isObject())
            handle(document.object());
        else
            std::fprintf(stderr, "client %zu: %s\n", index, line.constData());
    }
}

void Soak::handle(const QJsonObject &event)
{
    const QString kind = event.value(QStringLiteral("ev")).toString();
    if (kind == QLatin1String("fail")) {
        Failure failure;
        failure.client = event.value(QStringLiteral("client")).toInt();
        failure.cycle = event.value(QStringLiteral("cycle")).toInt();
        failure.method = event.value(QStringLiteral("method")).toString();
        failure.id = event.value(QStringLiteral("id")).toString();
        failure.error = event.value(QStringLiteral("error")).toString();
        failure.message = event.value(QStringLiteral("message")).toString();
        failure.t0 = event.value(QStringLiteral("t0")).toDouble();
        failure.t1 = event.value(QStringLiteral("t1")).toDouble();
        noteId(failure.id);
        m_failures.push_back(failure);
        return;
    }
    if (kind != QLatin1String("cycle"))
        return;
    ++m_done;
    // Each container the clients made, with its cycle, to explain what is left of one.
    const QString id = event.value(QStringLiteral("id")).toString();
    const double t0 = event.value(QStringLiteral("t0")).toDouble();
    const double t1 = t0 + event.value(QStringLiteral("ms")).toDouble();
    if (!id.isEmpty()) {
        noteId(id);
        m_idCycles.insert(id, {t0, t1});
        m_ids.insert(id, QStringLiteral("%1, %2 cycle from %3 to %4 ms")
                             .arg(event.value(QStringLiteral("name")).toString(),
                                  event.value(QStringLiteral("clean")).toBool()
                                      ? QStringLiteral("clean")
                                      : QStringLiteral("failed-call"))
                             .arg(t0, 0, 'f', 0)
                             .arg(t1, 0, 'f', 0));
    }
    const double ms = event.value(QStringLiteral("ms")).toDouble();
    m_cycleMs.push_back(ms);
    const QString outcome = event.value(QStringLiteral("outcome")).toString();
    ++m_outcomes[outcome];
    if (outcome == QLatin1String("vanished") || outcome == QLatin1String("left"))
        m_unaccounted.append(QStringLiteral("%1 (%2): %3")
                                 .arg(event.value(QStringLiteral("name")).toString(),
                                      event.value(QStringLiteral("id")).toString(), outcome));
    if (event.value(QStringLiteral("clean")).toBool()) {
        m_cleanCycleMs.push_back(ms);
        for (const char *method : {"create", "start", "stop", "remove"})
            m_callMs[QString::fromLatin1(method)].push_back(
                event.value(QString::fromLatin1(method)).toDouble());
    }
    if (m_done % 100 == 0) {
        std::printf("%s cycles %d/%d, kills %zu, load %s\n",
                    qPrintable(QTime::currentTime().toString()), m_done, cycles, m_kills.size(),
                    readAll(QStringLiteral("/proc/loadavg")).left(14).constData());
        std::fflush(stdout);
    }
}

void Soak::noteId(const QString &id)
{
    // For bench/soak.sh's trap, should this program die: a create cut short leaves cgroups that
    // only the container's id leads to.
    if (id.isEmpty() || m_notedIds.contains(id))
        return;
    m_notedIds.insert(id);
    QFile file(work + QStringLiteral("/ids"));
    if (file.open(QIODevice::WriteOnly | QIODevice::Append))
        file.write(id.toLatin1() + '\n');
}

qint64 Soak::currentHelperPid()
{
    // Asks the bus, which does not activate anything.
    const QDBusReply<uint> pid = bus().interface()->servicePid(kService);
    return pid.isValid() ? qint64(pid.value()) : 0;
}

void Soak::trackHelper()
{
    m_lastPidCheck = nowMs();
    const qint64 pid = currentHelperPid();
    // A helper that is gone although it was not killed here crashed or exited by itself.
    if (m_helperPid > 0 && pid != m_helperPid && !m_killedPids.contains(m_helperPid) &&
        !m_unexpectedExits.contains(QString::number(m_helperPid))) {
        m_unexpectedExits.append(QString::number(m_helperPid));
        std::fprintf(stderr, "helper %lld ended without a kill (see %s/helper.log)\n", m_helperPid,
                     qPrintable(work));
    }
    if (pid <= 0 || pid == m_helperPid)
        return;
    m_helperPid = pid;
    m_helperPids.insert(pid);
    QFile file(work + QStringLiteral("/helper.pid"));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(QByteArray::number(pid) + '\n');
}

QMap<qint64, QString> Soak::shims() const
{
    // glassbox-shim --runtime-root R --id ID --bundle B --dir RUN/shims/ID ...
    QMap<qint64, QString> found;
    const QByteArray dirs = QFile::encodeName(root() + QStringLiteral("/run/shims/"));
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        const QList<QByteArray> argv =
            readAll(QStringLiteral("/proc/%1/cmdline").arg(pid)).split('\0');
        if (argv.isEmpty() || !argv.first().endsWith("glassbox-shim"))
            continue;
        const qsizetype dir = argv.indexOf("--dir");
        const qsizetype id = argv.indexOf("--id");
        if (dir > 0 && dir + 1 < argv.size() && argv.at(dir + 1).startsWith(dirs))
            found.insert(pid, id > 0 && id + 1 < argv.size()
                                  ? QString::fromLocal8Bit(argv.at(id + 1))
                                  : QString());
    }
    return found;
}

double Soak::firstAnswerMs(double since)
{
    // As a client would: the call activates a new helper if there is none.
    const double deadline = nowMs() + kCallTimeoutMs;
    while (nowMs() < deadline) {
        QDBusPendingCall pending =
            bus().asyncCall(QDBusMessage::createMethodCall(kService, kManagerPath, kObjectManager,
                                                           QStringLiteral("GetManagedObjects")),
                            kCallTimeoutMs);
        // Keep reading the clients meanwhile.
        while (!pending.isFinished())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        if (!pending.isError())
            return nowMs() - since;
        QThread::msleep(20);
    }
    return -1;
}

void Soak::maybeKill()
{
    if (killEvery <= 0)
        return;
    if (m_nextKillAt < 0) {
        if (m_done < killEvery * (m_killsScheduled + 1) || m_done >= cycles)
            return;
        ++m_killsScheduled;
        m_nextKillAt =
            nowMs() + double(std::uniform_int_distribution<int>(0, killDelayMs)(m_random));
        return;
    }
    if (nowMs() < m_nextKillAt)
        return;
    Kill kill;
    kill.helper = m_killsScheduled % 2 == 1; // helper first, then a shim, and so on
    if (kill.helper) {
        const qint64 pid = currentHelperPid();
        if (pid <= 0) { // between a kill and its reactivation: a moment later
            m_nextKillAt = nowMs() + 50;
            return;
        }
        trackHelper();
        m_killedPids.insert(pid);
        kill.at = nowMs();
        ::kill(pid_t(pid), SIGKILL);
        if (!waitGone(pid_t(pid), 10000))
            std::fprintf(stderr, "helper %lld still there 10 s after SIGKILL\n", pid);
    } else {
        // A shim of a running container, picked at random; none runs between a Stop and the
        // next Start, so wait a little for one.
        QMap<qint64, QString> running = shims();
        const double until = nowMs() + 3000;
        while (running.isEmpty() && nowMs() < until) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            running = shims();
        }
        if (running.isEmpty()) {
            ++m_shimKillsSkipped;
            m_nextKillAt = -1;
            return;
        }
        const auto pick =
            std::next(running.cbegin(),
                      std::uniform_int_distribution<qsizetype>(0, running.size() - 1)(m_random));
        kill.id = pick.value();
        const QByteArray stat = readAll(QStringLiteral("/proc/%1/stat").arg(pick.key()));
        kill.shimFront =
            stat.mid(stat.lastIndexOf(')') + 2).split(' ').value(1).toLongLong() == m_helperPid;
        kill.at = nowMs();
        ::kill(pid_t(pick.key()), SIGKILL);
    }
    m_nextKillAt = -1;
    kill.answerMs = firstAnswerMs(kill.at);
    trackHelper();
    kill.newPid = m_helperPid;
    m_kills.push_back(kill);
}

bool Soak::causedByKill(const Failure &failure) const
{
    // A call fails because of a kill when the kill happened while it was in flight (sent up to
    // 200 ms after it, before the bus saw the process go). A shim kill may only fail calls on
    // its own container (Start answers Failed when its shim dies under it).
    for (const Kill &kill : m_kills) {
        const bool inFlight = failure.t0 <= kill.at + 200 && failure.t1 >= kill.at;
        if (inFlight && (kill.helper || failure.id == kill.id))
            return true;
    }
    return false;
}

void Soak::warmUp()
{
    // The first container loads the built-in busybox image; the baseline is taken after it.
    const auto callBlocking = [this](const QString &path, const QString &interface,
                                     const QString &method, const QVariantList &arguments) {
        QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
        message.setArguments(arguments);
        const QDBusMessage reply = bus().call(message, QDBus::Block, kCallTimeoutMs);
        if (reply.type() != QDBusMessage::ReplyMessage)
            die(QStringLiteral("warm-up %1: %2").arg(method, reply.errorMessage()));
        return reply;
    };
    const QDBusMessage created =
        callBlocking(kManagerPath, kService, QStringLiteral("CreateContainer"),
                     {QStringLiteral("busybox"), QStringLiteral("soak-warm-up"),
                      QVariantMap{{QStringLiteral("Command"),
                                   QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}}});
    const QString path = created.arguments().value(0).value<QDBusObjectPath>().path();
    callBlocking(path, kContainer, QStringLiteral("Start"), {});
    callBlocking(path, kContainer, QStringLiteral("Remove"), {true});
}

int Soak::run()
{
    if (const QString why = glassbox::test::TestSystemBus::skipReason(); !why.isEmpty())
        die(why);
    for (const QString &parent : cgroupParents())
        if (!QFile::exists(parent))
            m_newCgroupParents.append(parent);
    m_random.seed(seed);
    m_bus = std::make_unique<glassbox::test::TestSystemBus>();
    if (!m_bus->isValid())
        die(m_bus->error());
    if (!registerHelper())
        return 1;
    warmUp();
    trackHelper();
    const qint64 fds0 = openDescriptors(m_helperPid);
    const QByteArray rss0 = statusField(m_helperPid, "VmRSS");
    const QString load0 = QString::fromLatin1(readAll(QStringLiteral("/proc/loadavg")).left(14));
    std::printf("helper %lld activated on a private system bus with polkitd; %d clients, %d "
                "cycles, a kill every %d cycles within %d ms, seed %llu\n",
                m_helperPid, clients, cycles, killEvery, killDelayMs, seed);
    std::fflush(stdout);

    const double start = nowMs();
    startClients();
    const auto running = [this] {
        return std::any_of(m_clients.begin(), m_clients.end(), [](const auto &process) {
            return process->state() != QProcess::NotRunning;
        });
    };
    while (running()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
        if (nowMs() - m_lastPidCheck > 250)
            trackHelper();
        maybeKill();
    }
    for (size_t i = 0; i < m_clients.size(); ++i)
        readClient(i);
    const double seconds = (nowMs() - start) / 1000;
    trackHelper();
    return report(seconds, fds0, rss0, load0);
}

int Soak::report(double seconds, qint64 fds0, const QByteArray &rss0, const QString &load0)
{
    int failedClients = 0;
    for (const auto &process : m_clients)
        failedClients += process->exitStatus() != QProcess::NormalExit || process->exitCode() != 0;

    // Shims finish deleting their container's cgroups a moment after it is removed. Only
    // this run's containers count: the parents outside our own cgroup (in the hierarchies
    // where this process sits at the root) are shared with whatever else runs containers.
    const QStringList parents = cgroupParents();
    const auto cgroups = [this, &parents] {
        QStringList found;
        for (const QString &parent : parents) {
            QDirIterator it(parent, QDir::Dirs | QDir::NoDotAndDotDot,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString dir = it.next();
                if (m_ids.contains(dir.mid(parent.size() + 1).section(QLatin1Char('/'), 0, 0)))
                    found.append(dir);
            }
        }
        return found;
    };
    const double settle = nowMs() + 20000;
    while ((!shims().isEmpty() || !cgroups().isEmpty()) && nowMs() < settle)
        QThread::msleep(100);

    const QDBusMessage reply =
        bus().call(QDBusMessage::createMethodCall(kService, kManagerPath, kObjectManager,
                                                  QStringLiteral("GetManagedObjects")),
                   QDBus::Block, kCallTimeoutMs);
    const QStringList listed =
        reply.type() == QDBusMessage::ReplyMessage
            ? containersOf(reply).values()
            : QStringList{QStringLiteral("(listing failed: %1)").arg(reply.errorMessage())};
    trackHelper();
    const qint64 fds1 = openDescriptors(m_helperPid);
    const QByteArray rss1 = statusField(m_helperPid, "VmRSS");
    const QStringList store =
        QDir(storeContainers()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    int records = 0;
    for (const QString &entry : store)
        records += QFileInfo::exists(storeContainers() + QLatin1Char('/') + entry +
                                     QStringLiteral("/record.json"));
    QStringList mounts;
    for (const QByteArray &line : readAll(QStringLiteral("/proc/mounts")).split('\n'))
        if (line.contains(QFile::encodeName(work)))
            mounts.append(QString::fromLocal8Bit(line));
    const QStringList cgroupsLeft = cgroups();
    const QMap<qint64, QString> shimsLeft = shims();
    QStringList runtimeState =
        QDir(root() + QStringLiteral("/run/runtime")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    runtimeState.removeIf([](const QString &name) { return name.startsWith(QLatin1Char('#')); });
    const QStringList shimDirs =
        QDir(root() + QStringLiteral("/run/shims")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);

    // Failed calls: in flight during a kill (expected), or not.
    int byKill = 0;
    std::vector<const Failure *> others;
    for (const Failure &failure : m_failures) {
        if (causedByKill(failure))
            ++byKill;
        else
            others.push_back(&failure);
    }
    std::vector<double> helperAnswer, shimAnswer;
    int helperKills = 0, reactivations = 0, noAnswer = 0, frontKills = 0;
    for (const Kill &kill : m_kills) {
        if (kill.answerMs < 0)
            ++noAnswer;
        (kill.helper ? helperAnswer : shimAnswer).push_back(kill.answerMs);
        helperKills += kill.helper;
        frontKills += kill.shimFront;
    }
    reactivations = int(m_helperPids.size()) - 1;

    const auto row = [](const char *what, const std::vector<double> &values) {
        std::printf("| %s | %zu | %.0f | %.0f | %.0f |\n", what, values.size(), median(values),
                    percentile(values, 0.95),
                    values.empty() ? 0.0 : *std::max_element(values.begin(), values.end()));
    };
    std::printf("\n## soak: %d cycles from %d clients in %.0f s (load %s before, %s after)\n",
                m_done, clients, seconds, qPrintable(load0),
                readAll(QStringLiteral("/proc/loadavg")).left(14).constData());
    std::printf("seed %llu; kills: %d of the helper, %zu of a shim (%d of them the first "
                "process during Start; %d skipped: no shim running); reactivations %d\n",
                seed, helperKills, m_kills.size() - size_t(helperKills), frontKills,
                m_shimKillsSkipped, reactivations);
    std::printf("| ms | n | median | p95 | max |\n|---|---|---|---|---|\n");
    row("cycle (all)", m_cycleMs);
    row("cycle (no failed call)", m_cleanCycleMs);
    for (const char *method : {"create", "start", "stop", "remove"})
        row(qPrintable(QStringLiteral("  %1 (clean cycles)").arg(QString::fromLatin1(method))),
            m_callMs.value(QString::fromLatin1(method)));
    row("first answer after a helper kill", helperAnswer);
    row("first answer after a shim kill", shimAnswer);
    std::printf("failed calls: %zu, in flight during a kill %d (expected), other %zu (must be "
                "0); kills with no answer within %d s: %d\n",
                m_failures.size(), byKill, others.size(), kCallTimeoutMs / 1000, noAnswer);
    QStringList outcomes;
    for (auto it = m_outcomes.cbegin(); it != m_outcomes.cend(); ++it)
        outcomes.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value()));
    std::printf("containers: %s; unaccounted %lld\n",
                qPrintable(outcomes.join(QStringLiteral(", "))), qlonglong(m_unaccounted.size()));
    std::printf("left at the end: containers listed %lld, store entries %lld, records %d, "
                "overlay mounts %lld, cgroups %lld, shims %lld, runtime state %lld, shim dirs "
                "%lld\n",
                qlonglong(listed.size()), qlonglong(store.size()), records,
                qlonglong(mounts.size()), qlonglong(cgroupsLeft.size()),
                qlonglong(shimsLeft.size()), qlonglong(runtimeState.size()),
                qlonglong(shimDirs.size()));
    std::printf("helper: %lld fds, VmRSS %s after the warm-up; %lld fds, VmRSS %s at the end "
                "(pid %lld, %lld helper processes in all)\n",
                fds0, rss0.constData(), fds1, rss1.constData(), m_helperPid,
                qlonglong(m_helperPids.size()));

    for (const Failure *failure : others)
        std::printf("other failure: client %d cycle %d %s on %s at %.0f after %.0f ms: %s: %s\n",
                    failure->client, failure->cycle, qPrintable(failure->method),
                    qPrintable(failure->id.left(12)), failure->t0, failure->t1 - failure->t0,
                    qPrintable(failure->error), qPrintable(failure->message));
    for (const QString &line : std::as_const(m_unaccounted))
        std::printf("unaccounted: %s\n", qPrintable(line));
    for (const QString &line : listed)
        std::printf("still listed: %s\n", qPrintable(line));
    for (const QString &line : store)
        std::printf("store entry: %s\n", qPrintable(line));
    for (const QString &line : std::as_const(mounts))
        std::printf("mount: %s\n", qPrintable(line));
    QSet<QString> leakedIds;
    for (const QString &line : cgroupsLeft) {
        std::printf("cgroup: %s\n", qPrintable(line));
        for (const QString &parent : parents)
            if (line.startsWith(parent + QLatin1Char('/')))
                leakedIds.insert(line.mid(parent.size() + 1).section(QLatin1Char('/'), 0, 0));
    }
    for (const QString &entry : store)
        leakedIds.insert(entry);
    for (const QString &entry : shimDirs)
        leakedIds.insert(entry);
    for (const QString &entry : std::as_const(runtimeState))
        leakedIds.insert(entry);
    // What happened to each container something was left of: its cycle, the kills that hit it
    // or came while it existed, and what the helpers logged about it.
    const QList<QByteArray> log = readAll(work + QStringLiteral("/helper.log")).split('\n');
    for (const QString &id : std::as_const(leakedIds)) {
        std::printf("left of %s: %s\n", qPrintable(id),
                    qPrintable(m_ids.value(id, QStringLiteral("not a client's container"))));
        // Its shim's kills whenever they came; the helper's from a second before its cycle to
        // a second after.
        const auto [from, to] = m_idCycles.value(id, {0.0, 0.0});
        for (const Kill &kill : m_kills)
            if (kill.helper ? kill.at >= from - 1000 && kill.at <= to + 1000 : kill.id == id)
                std::printf("  %s killed at %.0f ms\n",
                            kill.helper      ? "helper"
                            : kill.shimFront ? "its shim (the first process, during Start)"
                                             : "its shim (the supervisor)",
                            kill.at);
        for (const Failure &failure : m_failures)
            if (failure.id == id)
                std::printf("  %s failed at %.0f after %.0f ms: %s: %s\n",
                            qPrintable(failure.method), failure.t0, failure.t1 - failure.t0,
                            qPrintable(failure.error), qPrintable(failure.message));
        for (const QByteArray &line : log)
            if (line.contains(id.left(12).toLatin1()))
                std::printf("  helper.log: %s\n", line.constData());
    }
    for (auto it = shimsLeft.cbegin(); it != shimsLeft.cend(); ++it)
        std::printf("shim: %lld for %s\n", it.key(), qPrintable(it.value()));
    for (const QString &line : std::as_const(runtimeState))
        std::printf("runtime state: %s\n", qPrintable(line));
    for (const QString &line : shimDirs) {
        const QFileInfoList files =
            QDir(root() + QStringLiteral("/run/shims/") + line)
                .entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        QStringList names;
        for (const QFileInfo &file : files)
            names.append(QStringLiteral("%1 (%2 bytes, modified %3)")
                             .arg(file.fileName())
                             .arg(file.size())
                             .arg(file.lastModified().toString(QStringLiteral("hh:mm:ss.zzz"))));
        std::printf("shim dir: %s: %s\n", qPrintable(line),
                    qPrintable(names.join(QStringLiteral(", "))));
    }
    for (const QString &pid : std::as_const(m_unexpectedExits))
        std::printf("helper %s ended without a kill\n", qPrintable(pid));

    // A leak of descriptors: the last helper, with no containers, holds more than the first
    // one did after the warm-up (a small margin for descriptors opened on first use).
    const bool fdLeak = fds0 > 0 && fds1 > fds0 + 2;
    const bool leaks = !listed.isEmpty() || !store.isEmpty() || records || !mounts.isEmpty() ||
                       !cgroupsLeft.isEmpty() || !shimsLeft.isEmpty() || !runtimeState.isEmpty() ||
                       !shimDirs.isEmpty() || fdLeak;
    const bool failed = leaks || !m_unaccounted.isEmpty() || !others.empty() || noAnswer ||
                        !m_unexpectedExits.isEmpty() || failedClients || m_done != cycles;
    std::printf("%s\n", failed ? "FAILED" : "PASSED: no leak, every container accounted for");
    std::fflush(stdout);

    // Clean up: the helper, then whatever it left, then the cgroup parents the runtime made.
    if (m_helperPid > 0) {
        ::kill(pid_t(m_helperPid), SIGTERM);
        if (!waitGone(pid_t(m_helperPid), 15000))
            ::kill(pid_t(m_helperPid), SIGKILL);
    }
    const QStringList removed = glassbox::test::cleanUpHelperRoot(root(), runtimeBinary);
    for (const QString &line : removed)
        std::printf("cleaned up: %s\n", qPrintable(line));
    // cleanUpHelperRoot() finds cgroups by the ids the helper's directories still name; a
    // container the helper forgot leaves them with none: this run's ids, deepest first.
    QStringList stale = cgroups();
    std::sort(stale.begin(), stale.end(), [](const QString &a, const QString &b) {
        return a.count(QLatin1Char('/')) > b.count(QLatin1Char('/'));
    });
    for (const QString &dir : std::as_const(stale)) {
        for (const QByteArray &pid : readAll(dir + QStringLiteral("/cgroup.procs")).split('\n'))
            if (pid.toInt() > 0)
                ::kill(pid.toInt(), SIGKILL);
        for (int attempt = 0;
             attempt < 50 && ::rmdir(QFile::encodeName(dir).constData()) != 0 && errno == EBUSY;
             ++attempt)
            QThread::msleep(20);
        std::printf("cleaned up: %s %s\n", qPrintable(dir),
                    QFileInfo::exists(dir) ? "NOT removed" : "removed");
    }
    for (const QString &parent : std::as_const(m_newCgroupParents))
        ::rmdir(QFile::encodeName(parent).constData());
    m_bus.reset();
    return failed ? 1 : 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("glassbox-helper under random SIGKILLs of itself and of shims"));
    parser.addHelpOption();
    const auto option = [&parser](const char *name, const char *help) {
        return glassbox::bench::valueOption(parser, name, help);
    };
    const QCommandLineOption work = option("work", "Directory for everything the bench makes.");
    const QCommandLineOption helper = option("helper", "glassbox-helper binary.");
    const QCommandLineOption shim = option("shim", "glassbox-shim binary.");
    const QCommandLineOption runtime = option("runtime", "glassbox-runtime binary.");
    const QCommandLineOption cycles = option("cycles", "Cycles in all clients together (1000).");
    const QCommandLineOption killEvery =
        option("kill-every", "A kill every N cycles, helper and shim alternately (10; 0: none).");
    const QCommandLineOption killDelay = option(
        "kill-delay-ms", "The kill comes up to this long after its cycle (300, about one cycle).");
    const QCommandLineOption seed = option("seed", "Seed of the kills' timing and targets.");
    const QCommandLineOption clients = option("clients", "Client processes (3).");
    const QCommandLineOption stopTimeout = option("stop-timeout", "Stop's timeout, seconds (10).");
    const QCommandLineOption client = option("client", "Internal: run as client N.");
    parser.process(app);

    if (parser.isSet(client)) {
        Client soakClient;
        soakClient.index = parser.value(client).toInt();
        soakClient.cycles = parser.value(cycles).toInt();
        soakClient.stopTimeout = parser.value(stopTimeout).toUInt();
        return soakClient.run();
    }
    for (const QCommandLineOption &required : {work, helper, shim, runtime})
        if (!parser.isSet(required))
            die(QStringLiteral("--%1 is required").arg(required.names().constFirst()));
    Soak soak;
    soak.work = QDir(parser.value(work)).absolutePath();
    soak.helperBinary = QFileInfo(parser.value(helper)).absoluteFilePath();
    soak.shimBinary = QFileInfo(parser.value(shim)).absoluteFilePath();
    soak.runtimeBinary = QFileInfo(parser.value(runtime)).absoluteFilePath();
    if (parser.isSet(cycles))
        soak.cycles = parser.value(cycles).toInt();
    if (parser.isSet(killEvery))
        soak.killEvery = parser.value(killEvery).toInt();
    if (parser.isSet(killDelay))
        soak.killDelayMs = parser.value(killDelay).toInt();
    if (parser.isSet(clients))
        soak.clients = parser.value(clients).toInt();
    if (parser.isSet(stopTimeout))
        soak.stopTimeout = parser.value(stopTimeout).toUInt();
    soak.seed = parser.isSet(seed) ? parser.value(seed).toULongLong()
                                   : quint64(std::random_device{}()) << 32 | std::random_device{}();
    if (soak.cycles < 1 || soak.clients < 1 || soak.killEvery < 0 || soak.killDelayMs < 0)
        die(QStringLiteral("--cycles and --clients must be positive, --kill-every and "
                           "--kill-delay-ms not negative"));
    return soak.run();
}
