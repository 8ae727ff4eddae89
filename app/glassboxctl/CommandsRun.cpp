// glassboxctl create, run, exec and logs: containers made and watched from the terminal.
#include "Commands.h"

#include "BusNames.h"
#include "LogReader.h"
#include "Quantities.h"
#include "Tables.h"

#include <QDBusObjectPath>
#include <QDBusUnixFileDescriptor>
#include <QDir>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glassbox::ctl {

using client::ContainerInfo;
using client::LogReader;
using client::LogRecord;
using glassbox::api::kContainerInterface;

namespace {

constexpr quint64 kDefaultLogBytes = 1024 * 1024;

bool writeAll(int fd, const char *data, ssize_t size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size_t(size));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        data += written;
        size -= written;
    }
    return true;
}

// Writes records to where the container wrote them, as podman does: stdout records to our
// stdout, stderr records to our stderr; false when stdout is gone.
bool printRecords(const QList<LogRecord> &records, bool timestamps)
{
    for (const LogRecord &record : records) {
        const int fd = record.stream == LogRecord::Stream::Stderr ? STDERR_FILENO : STDOUT_FILENO;
        QByteArray text = forOutput(fd, record.text());
        if (timestamps && !record.time.isEmpty())
            text.prepend(record.time + ' ');
        if (!writeAll(fd, text.constData(), text.size()) && fd == STDOUT_FILENO)
            return false;
    }
    return true;
}

// Prints what the descriptor has now; false when stdout is gone.
bool drain(int fd, LogReader &reader, bool timestamps)
{
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return true;
        if (!printRecords(reader.feed(QByteArrayView(buffer, n)), timestamps))
            return false;
    }
}

// --pull: `missing` (the default) pulls an image the store does not have, as docker run does;
// `always` pulls first in any case; `never` leaves it to CreateContainer to say it is missing.
bool pullIfWanted(BlockingClient &client, const Invocation &invocation, QString *error)
{
    const QString policy = invocation.value(QStringLiteral("pull"), QStringLiteral("missing"));
    if (policy != QLatin1String("missing") && policy != QLatin1String("always") &&
        policy != QLatin1String("never")) {
        *error = Glassboxctl::tr("--pull takes missing, always or never, not `%1`").arg(policy);
        return false;
    }
    const QString image = invocation.operands.constFirst();
    if (policy == QLatin1String("never"))
        return true;
    if (policy == QLatin1String("missing")) {
        // Only when the list says it is not there: a caller who may not list images gets
        // CreateContainer's own answer instead of a pull.
        QString listError;
        if (!client.list(&listError))
            return true;
        client::ImageInfo found;
        if (client.findImage(image, &found, &listError))
            return true;
        std::fprintf(stderr, "%s\n",
                     qPrintable(Glassboxctl::tr("Unable to find image '%1' locally").arg(image)));
    }
    QString id;
    return pullThroughHelper(client, image, false, &id, error);
}

// CreateContainer from the options of run/create; the new container's object path.
bool createContainer(BlockingClient &client, const Invocation &invocation, QString *path,
                     QString *error)
{
    const QVariantMap options = createOptions(invocation, QDir::currentPath(), error);
    if (!error->isEmpty())
        return false;
    if (!pullIfWanted(client, invocation, error))
        return false;
    bool failed = false;
    const QVariantList reply = client.wait(
        client.calls().createContainer(invocation.operands.constFirst(),
                                       invocation.value(QStringLiteral("name")), options),
        error, &failed);
    if (failed)
        return false;
    *path = reply.value(0).value<QDBusObjectPath>().path();
    return true;
}

QString containerState(BlockingClient &client, const QString &path)
{
    QVariant state;
    QString error;
    if (!client.property(path, kContainerInterface, QStringLiteral("State"), &state, &error))
        return {};
    return state.toString();
}

// Follows the log of the container at `path` from its beginning while it runs.
void followContainerLog(BlockingClient &client, const QString &path, const QString &id)
{
    QString error;
    bool failed = false;
    const QVariantList reply = client.wait(client.calls().openLog(id), &error, &failed);
    const auto log = reply.value(0).value<QDBusUnixFileDescriptor>();
    auto running = [&client, &path] {
        return client::isLiveState(containerState(client, path));
    };
    if (failed || !log.isValid()) {
        // No descriptor: wait, then print what the log kept.
        while (running())
            ::usleep(200000);
        const QVariantList text =
            client.wait(client.calls().getLogs(id, kDefaultLogBytes), &error, &failed);
        if (!failed)
            printLog(text.value(0).toString(), false);
        return;
    }
    followLog(log.fileDescriptor(), running, false);
}

} // namespace

void printLog(const QString &text, bool timestamps)
{
    LogReader reader;
    printRecords(reader.feed(text.toUtf8()) + reader.flush(), timestamps);
}

void followLog(int fd, const std::function<bool()> &running, bool timestamps)
{
    LogReader reader;
    const int notify = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (notify >= 0) {
        const QByteArray self = QByteArrayLiteral("/proc/self/fd/") + QByteArray::number(fd);
        ::inotify_add_watch(notify, self.constData(), IN_MODIFY);
    }
    for (;;) {
        if (!drain(fd, reader, timestamps))
            break;
        // A log rotated by truncation starts over.
        struct stat st
        {
        };
        const off_t offset = ::lseek(fd, 0, SEEK_CUR);
        if (::fstat(fd, &st) == 0 && offset > st.st_size) {
            ::lseek(fd, 0, SEEK_SET);
            reader.reset();
            continue;
        }
        struct pollfd poller
        {
            notify, POLLIN, 0
        };
        const int ready = notify >= 0 ? ::poll(&poller, 1, 500) : (::usleep(250000), 0);
        if (ready > 0) {
            char events[4096];
            while (::read(notify, events, sizeof events) > 0) {
            }
        } else if (ready == 0 && !running()) {
            drain(fd, reader, timestamps); // what was written between the last read and the exit
            break;
        }
    }
    if (notify >= 0)
        ::close(notify);
}

int cmdCreate(BlockingClient &client, const Invocation &invocation)
{
    QString path;
    QString error;
    if (!createContainer(client, invocation, &path, &error))
        return fail(error);
    QVariant id;
    if (!client.property(path, kContainerInterface, QStringLiteral("Id"), &id, &error))
        return fail(error);
    printOut(id.toString() + QLatin1Char('\n'));
    return 0;
}

int cmdRun(BlockingClient &client, const Invocation &invocation)
{
    QString path;
    QString error;
    if (!createContainer(client, invocation, &path, &error))
        return fail(error);
    const QString created = glassbox::api::idFromPath(path);
    const bool remove = invocation.isSet(QStringLiteral("rm"));
    auto removeContainer = [&] {
        QString ignored;
        if (remove)
            client.succeeded(client.calls().removeContainer(created, true), &ignored);
    };
    if (!client.succeeded(client.calls().start(created), &error)) {
        removeContainer();
        return fail(error);
    }
    if (invocation.isSet(QStringLiteral("detach"))) {
        QVariant id;
        if (!client.property(path, kContainerInterface, QStringLiteral("Id"), &id, &error))
            return fail(error);
        printOut(id.toString() + QLatin1Char('\n'));
        return 0;
    }
    followContainerLog(client, path, created);
    QVariant exitCode;
    if (!client.property(path, kContainerInterface, QStringLiteral("ExitCode"), &exitCode, &error))
        return fail(error);
    removeContainer();
    return exitCode.toInt();
}

int cmdExec(BlockingClient &client, const Invocation &invocation)
{
    ContainerInfo container;
    QString error;
    if (!client.findContainer(invocation.operands.constFirst(), &container, &error))
        return fail(error);
    bool failed = false;
    const QVariantList reply =
        client.wait(client.calls().exec(container.id, invocation.operands.mid(1)), &error, &failed);
    if (failed)
        return fail(error);
    printOut(reply.value(1).toString());
    return reply.value(0).toInt();
}

int cmdLogs(BlockingClient &client, const Invocation &invocation)
{
    ContainerInfo container;
    QString error;
    if (!client.findContainer(invocation.operands.constFirst(), &container, &error))
        return fail(error);
    const bool timestamps = invocation.isSet(QStringLiteral("timestamps"));
    if (invocation.isSet(QStringLiteral("follow"))) {
        bool failed = false;
        const QVariantList reply =
            client.wait(client.calls().openLog(container.id), &error, &failed);
        if (failed)
            return fail(error);
        const auto log = reply.value(0).value<QDBusUnixFileDescriptor>();
        if (!log.isValid())
            return fail(Glassboxctl::tr("the helper sent no log descriptor"));
        followLog(
            log.fileDescriptor(),
            [&client, &container] {
                return client::isLiveState(containerState(client, container.path));
            },
            timestamps);
        return 0;
    }
    quint64 maxBytes = kDefaultLogBytes;
    QString why;
    if (invocation.isSet(QStringLiteral("max-bytes")) &&
        !client::parseSize(invocation.value(QStringLiteral("max-bytes")), &maxBytes, &why))
        return fail(Glassboxctl::tr("invalid size: %1").arg(why));
    bool failed = false;
    const QVariantList reply =
        client.wait(client.calls().getLogs(container.id, maxBytes), &error, &failed);
    if (failed)
        return fail(error);
    printLog(reply.value(0).toString(), timestamps);
    return 0;
}

} // namespace glassbox::ctl
