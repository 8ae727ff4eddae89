// glassboxctl images, import, rmi and tag.
#include "commands.h"

#include "format.h"
#include "manager1_proxy.h"

#include <QDBusObjectPath>
#include <QDBusUnixFileDescriptor>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace glassbox::ctl {
namespace {

std::atomic<bool> g_interrupted{false};

void onInterrupt(int)
{
    g_interrupted = true;
}

} // namespace

int cmdImages(Client &client, const Invocation &invocation)
{
    QList<ImageInfo> images;
    QString error;
    if (!client.list(nullptr, &images, &error))
        return fail(error);
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

int cmdImport(Client &client, const Invocation &invocation)
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
    const QVariantList reply =
        client.call(Client::kManagerPath, Client::managerInterface(), QStringLiteral("ImportImage"),
                    {QVariant::fromValue(descriptor),
                     invocation.value(QStringLiteral("format"), QStringLiteral("auto")),
                     invocation.value(QStringLiteral("tag"))},
                    &error, &failed);
    if (failed)
        return fail(error);
    const QString jobPath = reply.value(0).value<QDBusObjectPath>().path();

    OrgGlassboxJob1Interface job(Client::kService, jobPath, client.connection());
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
    QString state;
    for (;;) {
        if (g_interrupted && !cancelled) {
            // Ctrl-C cancels the job rather than leaving it running in the helper.
            cancelled = true;
            QString ignored;
            client.invoke(jobPath, Client::jobInterface(), QStringLiteral("Cancel"), {}, &ignored);
        }
        state = job.state();
        if (!job.lastError().isValid() && state == QLatin1String("running")) {
            if (showProgress) {
                const QByteArray line = Glassboxctl::tr("\rImporting %1: %2%")
                                            .arg(file)
                                            .arg(int(job.progress() * 100))
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
    if (job.lastError().isValid()) {
        // The helper may unexport a finished job before this loop reads its end state; the
        // tagged image is then the evidence that the import succeeded.
        ImageInfo image;
        QString ignored;
        const QString tag = invocation.value(QStringLiteral("tag"));
        if (!tag.isEmpty() && client.findImage(tag, &image, &ignored)) {
            printOut(image.id + QLatin1Char('\n'));
            return 0;
        }
        return fail(
            Glassboxctl::tr("lost the import job %1: %2").arg(jobPath, job.lastError().message()));
    }
    if (state == QLatin1String("succeeded")) {
        printOut(job.result() + QLatin1Char('\n'));
        return 0;
    }
    if (state == QLatin1String("cancelled"))
        return fail(Glassboxctl::tr("import of `%1` cancelled").arg(file));
    return fail(job.error().isEmpty() ? Glassboxctl::tr("import of `%1` failed").arg(file)
                                      : job.error());
}

int cmdRmi(Client &client, const Invocation &invocation)
{
    QList<ImageInfo> images;
    QString error;
    if (!client.list(nullptr, &images, &error))
        return fail(error);
    int status = 0;
    for (const QString &operand : invocation.operands) {
        const ImageInfo *image = resolveImage(images, operand, &error);
        if (!image ||
            !client.invoke(image->path, Client::imageInterface(), QStringLiteral("Remove"),
                           {invocation.isSet(QStringLiteral("force"))}, &error)) {
            status = fail(error);
            continue;
        }
        printOut(Glassboxctl::tr("Deleted: %1\n").arg(image->id));
    }
    return status;
}

int cmdTag(Client &client, const Invocation &invocation)
{
    ImageInfo image;
    QString error;
    if (!client.findImage(invocation.operands.at(0), &image, &error))
        return fail(error);
    if (!client.invoke(image.path, Client::imageInterface(), QStringLiteral("Tag"),
                       {invocation.operands.at(1)}, &error))
        return fail(error);
    return 0;
}

} // namespace glassbox::ctl
