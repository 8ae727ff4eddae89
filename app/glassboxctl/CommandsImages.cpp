// glassboxctl images, import, rmi and tag.
#include "Commands.h"

#include "BusNames.h"
#include "Operands.h"
#include "Tables.h"

#include <QDBusArgument>
#include <QDBusError>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QDBusUnixFileDescriptor>
#include <QFile>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace glassbox::ctl {

using client::ImageInfo;

namespace {

std::atomic<bool> g_interrupted{false};

void onInterrupt(int)
{
    g_interrupted = true;
}

} // namespace

int cmdImages(BlockingClient &client, const Invocation &invocation)
{
    QString error;
    if (!client.list(&error))
        return fail(error);
    QList<ImageInfo> images = client.objects().images();
    std::sort(images.begin(), images.end(),
              [](const ImageInfo &a, const ImageInfo &b) { return a.created > b.created; });
    if (invocation.json) {
        QJsonArray array;
        for (const ImageInfo &image : images)
            array.append(imageJson(image));
        printOut(jsonText(array));
    } else if (invocation.isSet(QStringLiteral("quiet"))) {
        for (const ImageInfo &image : images)
            printOut(shortId(image.id) + QLatin1Char('\n'));
    } else {
        printOut(imagesTable(images, nowMicroseconds()));
    }
    return 0;
}

int cmdImport(BlockingClient &client, const Invocation &invocation)
{
    const QString file = invocation.operands.constFirst();
    // The helper never opens caller-named paths: the caller opens the file with its own
    // rights and passes the descriptor.
    const int fd = ::open(QFile::encodeName(file).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(Glassboxctl::tr("cannot open `%1`: %2")
                        .arg(file, QString::fromLocal8Bit(std::strerror(errno))));
    const QDBusUnixFileDescriptor descriptor(fd); // keeps a duplicate
    ::close(fd);

    QString error;
    bool failed = false;
    const QVariantList reply = client.wait(
        client.calls().importImage(
            descriptor, invocation.value(QStringLiteral("format"), QStringLiteral("auto")),
            invocation.value(QStringLiteral("tag"))),
        &error, &failed);
    if (failed)
        return fail(error);
    const QString jobPath = reply.value(0).value<QDBusObjectPath>().path();

    const bool showProgress = ::isatty(STDERR_FILENO);
    struct sigaction action
    {
    };
    action.sa_handler = onInterrupt;
    struct sigaction previous
    {
    };
    ::sigaction(SIGINT, &action, &previous);
    bool cancelled = false;
    QVariantMap job; // the Job1 object's properties, last read
    QString state;
    QDBusError lost; // why they could not be read
    for (;;) {
        if (g_interrupted && !cancelled) {
            // Ctrl-C cancels the job rather than leaving it running in the helper.
            cancelled = true;
            QString ignored;
            client.succeeded(client.calls().cancelJob(jobPath), &ignored);
        }
        QDBusPendingCall read =
            client.calls().getAllProperties(jobPath, glassbox::api::kJobInterface);
        read.waitForFinished();
        lost = read.error();
        if (!lost.isValid()) {
            read.reply().arguments().value(0).value<QDBusArgument>() >> job;
            state = job.value(QStringLiteral("State")).toString();
        }
        if (!lost.isValid() && state == QLatin1String("running")) {
            if (showProgress) {
                const QByteArray line =
                    Glassboxctl::tr("\rImporting %1: %2%")
                        .arg(file)
                        .arg(int(job.value(QStringLiteral("Progress")).toDouble() * 100))
                        .toLocal8Bit();
                [[maybe_unused]] auto written =
                    ::write(STDERR_FILENO, line.constData(), line.size());
            }
            QThread::msleep(200);
            continue;
        }
        break;
    }
    ::sigaction(SIGINT, &previous, nullptr);
    if (showProgress) {
        [[maybe_unused]] auto written = ::write(STDERR_FILENO, "\n", 1);
    }
    if (lost.isValid()) {
        // The helper may unexport a finished job before this loop reads its end state; the
        // tagged image is then the evidence that the import succeeded.
        ImageInfo image;
        QString ignored;
        const QString tag = invocation.value(QStringLiteral("tag"));
        if (!tag.isEmpty() && client.findImage(tag, &image, &ignored)) {
            printOut(image.id + QLatin1Char('\n'));
            return 0;
        }
        return fail(Glassboxctl::tr("lost the import job %1: %2").arg(jobPath, lost.message()));
    }
    if (state == QLatin1String("succeeded")) {
        printOut(job.value(QStringLiteral("Result")).toString() + QLatin1Char('\n'));
        return 0;
    }
    if (state == QLatin1String("cancelled"))
        return fail(Glassboxctl::tr("import of `%1` cancelled").arg(file));
    const QString why = job.value(QStringLiteral("Error")).toString();
    return fail(why.isEmpty() ? Glassboxctl::tr("import of `%1` failed").arg(file) : why);
}

int cmdRmi(BlockingClient &client, const Invocation &invocation)
{
    QString error;
    if (!client.list(&error))
        return fail(error);
    const QList<ImageInfo> images = client.objects().images();
    const bool force = invocation.isSet(QStringLiteral("force"));
    int status = 0;
    for (const QString &operand : invocation.operands) {
        const ImageInfo *image = client::resolveImage(images, operand, &error);
        if (!image || !client.succeeded(client.calls().removeImage(image->id, force), &error)) {
            status = fail(error);
            continue;
        }
        printOut(Glassboxctl::tr("Deleted: %1\n").arg(image->id));
    }
    return status;
}

int cmdTag(BlockingClient &client, const Invocation &invocation)
{
    ImageInfo image;
    QString error;
    if (!client.findImage(invocation.operands.at(0), &image, &error))
        return fail(error);
    if (!client.succeeded(client.calls().tagImage(image.id, invocation.operands.at(1)), &error))
        return fail(error);
    return 0;
}

} // namespace glassbox::ctl
