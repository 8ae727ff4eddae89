// What the benchmarks built on the tests' fixtures share (helper_bench.cpp, gui_bench.cpp,
// network_bench.cpp, soak_bench.cpp): the clock, /proc readings, order statistics, commands
// run to their exit, podman with the benchmarks' store, and glassbox-helper started on a
// TestSystemBus with its output and pid in the work directory (bench/lib.sh's trap kills
// whatever pid it finds there).
#pragma once

#include "BusNames.h"
#include "system_bus.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCall>
#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <memory>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace glassbox::bench {

inline double nowMs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

inline double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

inline double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// "<program>: <message>" on stderr, exit status 1.
[[noreturn]] inline void die(const QString &message)
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()),
                 qPrintable(message));
    std::exit(1);
}

/// utime + stime of a process in seconds, from /proc/PID/stat; -1 if it cannot be read.
inline double cpuSeconds(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // The command name may contain spaces; the fields after it are space-separated, and
    // utime and stime are the 12th and 13th after the closing parenthesis.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) /
           double(::sysconf(_SC_CLK_TCK));
}

/// A field of /proc/PID/status as written ("22532 kB"), or empty.
inline QByteArray statusField(qint64 pid, const QByteArray &name)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.startsWith(name + ':'))
            return line.mid(name.size() + 1).trimmed();
    return {};
}

/// Starts the helper on `bus`, its state, run dir, store and network definitions under
/// WORK/helper (no idle exit; containers join `defaultNetwork`: "none", off the host's
/// network, unless the benchmark runs in a network namespace of its own), its output in
/// WORK/helper.log and its pid in WORK/helper.pid, and waits until it owns
/// org.glassbox.Manager1; dies when it does not within 20 s.
inline std::unique_ptr<QProcess> startHelper(const test::TestSystemBus &bus, const QString &work,
                                             const QString &helper, const QString &shim,
                                             const QString &runtime,
                                             const QString &defaultNetwork = QStringLiteral("none"))
{
    auto process = std::make_unique<QProcess>();
    process->setProcessEnvironment(bus.environment());
    process->setStandardOutputFile(work + QStringLiteral("/helper.log"));
    process->setStandardErrorFile(work + QStringLiteral("/helper.log"), QIODevice::Append);
    const QString root = work + QStringLiteral("/helper");
    process->start(helper, {QStringLiteral("--state-dir"), root + QStringLiteral("/state"),
                            QStringLiteral("--run-dir"), root + QStringLiteral("/run"),
                            QStringLiteral("--store-root"), root + QStringLiteral("/store"),
                            QStringLiteral("--shim"), shim, QStringLiteral("--runtime"), runtime,
                            QStringLiteral("--idle-timeout"), QStringLiteral("0"),
                            QStringLiteral("--network-dir"), root + QStringLiteral("/networks"),
                            QStringLiteral("--default-network"), defaultNetwork});
    if (!process->waitForStarted())
        die(QStringLiteral("cannot start %1").arg(helper));
    QFile pidFile(work + QStringLiteral("/helper.pid"));
    if (pidFile.open(QIODevice::WriteOnly))
        pidFile.write(QByteArray::number(process->processId()) + '\n');
    QDeadlineTimer deadline(20000);
    while (!bus.connection().interface()->isServiceRegistered(glassbox::api::kService)) {
        if (deadline.hasExpired() || process->state() != QProcess::Running)
            die(QStringLiteral("the helper did not appear on the bus (see %1/helper.log)")
                    .arg(work));
        QThread::msleep(20);
    }
    return process;
}

/// Remove(force) for every container object path at once; how many failed.
inline int removeContainers(const QDBusConnection &bus, const QStringList &paths)
{
    QList<QDBusPendingCall> removals;
    for (const QString &path : paths) {
        QDBusMessage message = QDBusMessage::createMethodCall(glassbox::api::kService, path,
                                                              glassbox::api::kContainerInterface,
                                                              QStringLiteral("Remove"));
        message.setArguments({true});
        removals.append(bus.asyncCall(message, 120000));
    }
    int failed = 0;
    for (QDBusPendingCall &removal : removals) {
        removal.waitForFinished();
        failed += removal.isError();
    }
    return failed;
}

/// Forks and execs `arguments` (PATH searched), stdin and stdout /dev/null, stderr appended to
/// `errorLog`; the pid, or -1.
inline pid_t spawnQuiet(const QStringList &arguments, const QString &errorLog)
{
    std::vector<std::string> storage;
    for (const QString &argument : arguments)
        storage.push_back(argument.toStdString());
    std::vector<char *> argv;
    for (std::string &argument : storage)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    const std::string log = errorLog.toStdString();
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_RDWR);
        const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        ::dup2(null, 0);
        ::dup2(null, 1);
        if (err >= 0)
            ::dup2(err, 2);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

/// A waitpid() status as a shell's: the exit code, or 128 + the signal.
inline int exitStatus(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct CommandResult
{
    int status = -1;
    double wallMs = 0;     ///< fork to reaped exit
    double cpuSeconds = 0; ///< user + system, the command and the children it waited for
};

/// Runs `arguments` as spawnQuiet() does, to its exit.
inline CommandResult runCommand(const QStringList &arguments, const QString &errorLog)
{
    CommandResult result;
    const double start = nowMs();
    const pid_t pid = spawnQuiet(arguments, errorLog);
    if (pid < 0)
        return result;
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    result.wallMs = nowMs() - start;
    result.status = exitStatus(status);
    result.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                        double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    return result;
}

/// podman with bench/helper.sh's store in `work`/p (vfs, cgroupfs, file events) and
/// `runtime` when not empty, then `arguments`. Short names: podman refuses a runroot longer
/// than 50 characters.
inline QStringList podmanCommand(const QString &work, const QString &runtime,
                                 const QStringList &arguments)
{
    const QString root = work + QStringLiteral("/p");
    QStringList argv{QStringLiteral("podman"),       QStringLiteral("--root"),
                     root + QStringLiteral("/root"), QStringLiteral("--runroot"),
                     root + QStringLiteral("/run"),  QStringLiteral("--tmpdir"),
                     root + QStringLiteral("/tmp"),  QStringLiteral("--storage-driver"),
                     QStringLiteral("vfs"),          QStringLiteral("--cgroup-manager"),
                     QStringLiteral("cgroupfs"),     QStringLiteral("--events-backend"),
                     QStringLiteral("file")};
    if (!runtime.isEmpty())
        argv << QStringLiteral("--runtime") << runtime;
    return argv + arguments;
}

/// Adds --NAME VALUE to `parser`.
inline QCommandLineOption valueOption(QCommandLineParser &parser, const char *name,
                                      const char *help)
{
    QCommandLineOption option(QString::fromLatin1(name), QString::fromLatin1(help),
                              QStringLiteral("value"));
    parser.addOption(option);
    return option;
}

} // namespace glassbox::bench
