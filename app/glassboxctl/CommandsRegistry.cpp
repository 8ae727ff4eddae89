// glassboxctl pull, login, logout and search. Credentials stay the user's: glassboxctl reads
// and writes the user's own auth.json (podman's and skopeo's file, so their logins work here
// and ours there) and hands the helper the one credential a pull needs; login and search talk
// to the registry directly, as the user, through the registry library.
#include "Commands.h"

#include "BusNames.h"
#include "DBusTypes.h"
#include "Tables.h"
#include "UserCredentials.h"

#include "glassbox/image/reference.h"
#include "glassbox/image/registry.h"

#include <QDBusArgument>
#include <QDBusObjectPath>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QThread>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace glassbox::ctl {

using client::registryKey;
using client::storedCredentials;

namespace {

std::atomic<bool> g_interrupted{false};

void onInterrupt(int)
{
    g_interrupted = true;
}

/// The registries the file a login writes has entries for.
QStringList loggedInRegistries(QString *error)
{
    const QStringList files = client::authFiles();
    if (files.isEmpty())
        return {};
    QFile file(files.constFirst());
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly)) {
        *error = Glassboxctl::tr("cannot read `%1`: %2").arg(file.fileName(), file.errorString());
        return {};
    }
    const QJsonObject auths = QJsonDocument::fromJson(file.read(1 << 20))
                                  .object()
                                  .value(QStringLiteral("auths"))
                                  .toObject();
    return auths.keys();
}

/// The registry options login and search share: registries.conf, --cert-dir, --tls-verify.
bool registryOptions(const Invocation &invocation, image::PullOptions *options, QString *error)
{
    auto conf = image::loadRegistriesConf();
    if (!conf) {
        *error = QString::fromStdString(conf.error().message);
        return false;
    }
    options->registries = std::move(*conf);
    if (invocation.isSet(QStringLiteral("cert-dir")))
        options->certDirectory = invocation.value(QStringLiteral("cert-dir")).toStdString();
    const QString verify = invocation.value(QStringLiteral("tls-verify"), QStringLiteral("true"));
    if (verify != QLatin1String("true") && verify != QLatin1String("false")) {
        *error = Glassboxctl::tr("--tls-verify takes true or false, not `%1`").arg(verify);
        return false;
    }
    options->tlsVerify = verify == QLatin1String("true");
    return true;
}

/// A line from the terminal, without echo when `secret`; from stdin as it is otherwise.
QString prompt(const QString &question, bool secret)
{
    const bool terminal = ::isatty(STDIN_FILENO) != 0;
    if (terminal) {
        std::fputs(question.toLocal8Bit().constData(), stderr);
        std::fflush(stderr);
    }
    termios saved{};
    const bool hide = secret && terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (hide) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QByteArray line;
    char c = 0;
    while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n')
        line.append(c);
    if (hide) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fputc('\n', stderr);
    }
    if (line.endsWith('\r'))
        line.chop(1);
    return QString::fromLocal8Bit(line);
}

struct JobLayer
{
    QString digest;
    QString state;
    quint64 done = 0;
    quint64 size = 0;
};

QList<JobLayer> layersOf(const QVariant &value)
{
    QList<JobLayer> layers;
    const auto argument = value.value<QDBusArgument>();
    argument.beginArray();
    while (!argument.atEnd()) {
        JobLayer layer;
        argument.beginStructure();
        argument >> layer.digest >> layer.state >> layer.done >> layer.size;
        argument.endStructure();
        layers.append(layer);
    }
    argument.endArray();
    return layers;
}

} // namespace

bool pullThroughHelper(BlockingClient &client, const QString &operand, bool quiet, QString *id,
                       QString *error)
{
    auto reference = image::parseReference(operand.toStdString());
    if (!reference) {
        *error = QString::fromStdString(reference.error().message);
        return false;
    }
    const QString normalised = QString::fromStdString(reference->toString());
    QString authError;
    const QVariantMap options = client::pullOptions(storedCredentials(normalised, &authError));
    if (!authError.isEmpty()) {
        *error = authError;
        return false;
    }
    if (!quiet)
        std::fprintf(stderr, "%s\n",
                     qPrintable(Glassboxctl::tr("Trying to pull %1...").arg(normalised)));
    bool failed = false;
    const QVariantList reply =
        client.wait(client.calls().pullImage(normalised, options), error, &failed);
    if (failed)
        return false;
    const QString jobPath = reply.value(0).value<QDBusObjectPath>().path();

    const bool terminal = !quiet && ::isatty(STDERR_FILENO) != 0;
    struct sigaction action
    {
    };
    action.sa_handler = onInterrupt;
    struct sigaction previous
    {
    };
    ::sigaction(SIGINT, &action, &previous);
    bool cancelled = false;
    QVariantMap job;
    QHash<QString, QString> reported; // digest -> the state a line was printed for
    QString state;
    QDBusError lost;
    auto printLayers = [&](const QList<JobLayer> &layers) {
        for (const JobLayer &layer : layers) {
            const QString blob = layer.digest.mid(7, 12);
            QString line;
            if (layer.state == QLatin1String("present"))
                line = Glassboxctl::tr("Copying blob %1 skipped: already exists").arg(blob);
            else if (layer.state == QLatin1String("downloaded") ||
                     layer.state == QLatin1String("extracting") ||
                     layer.state == QLatin1String("extracted"))
                line =
                    Glassboxctl::tr("Copying blob %1 done   %2").arg(blob, humanSize(layer.size));
            if (line.isEmpty() || reported.value(layer.digest) == QLatin1String("done"))
                continue;
            reported.insert(layer.digest, QStringLiteral("done"));
            std::fprintf(stderr, "%s%s\n", terminal ? "\r\033[K" : "", qPrintable(line));
        }
    };
    for (;;) {
        if (g_interrupted && !cancelled) {
            cancelled = true; // Ctrl-C cancels the job rather than leaving it running
            QString ignored;
            client.succeeded(client.calls().cancelJob(jobPath), &ignored);
        }
        QDBusPendingCall read = client.calls().getAllProperties(jobPath, api::kJobInterface);
        read.waitForFinished();
        lost = read.error();
        if (lost.isValid())
            break;
        read.reply().arguments().value(0).value<QDBusArgument>() >> job;
        state = job.value(QStringLiteral("State")).toString();
        const QList<JobLayer> layers = layersOf(job.value(QStringLiteral("Layers")));
        if (!quiet)
            printLayers(layers);
        if (state != QLatin1String("running"))
            break;
        if (terminal) {
            // The layers on their way, on one line that is rewritten.
            QStringList moving;
            for (const JobLayer &layer : layers)
                if (layer.state == QLatin1String("downloading"))
                    moving.append(QStringLiteral("%1 %2/%3")
                                      .arg(layer.digest.mid(7, 12), humanSize(layer.done),
                                           humanSize(layer.size)));
            if (!moving.isEmpty())
                std::fprintf(stderr, "\r\033[KCopying blob %s",
                             qPrintable(moving.join(QStringLiteral(", "))));
        }
        QThread::msleep(200);
    }
    ::sigaction(SIGINT, &previous, nullptr);
    if (lost.isValid()) {
        // A finished job may be gone before this read; the image is then the evidence.
        client::ImageInfo image;
        QString ignored;
        if (client.findImage(normalised, &image, &ignored)) {
            *id = image.id;
            return true;
        }
        *error = Glassboxctl::tr("lost the pull job %1: %2").arg(jobPath, lost.message());
        return false;
    }
    if (state == QLatin1String("succeeded")) {
        if (!quiet)
            std::fprintf(stderr, "%s\n",
                         qPrintable(Glassboxctl::tr("Writing manifest to image destination")));
        *id = job.value(QStringLiteral("Result")).toString();
        return true;
    }
    if (state == QLatin1String("cancelled")) {
        *error = Glassboxctl::tr("pull of `%1` cancelled").arg(normalised);
        return false;
    }
    const QString why = job.value(QStringLiteral("Error")).toString();
    *error = why.isEmpty() ? Glassboxctl::tr("pull of `%1` failed").arg(normalised) : why;
    return false;
}

int cmdPull(BlockingClient &client, const Invocation &invocation)
{
    QString id;
    QString error;
    if (!pullThroughHelper(client, invocation.operands.constFirst(),
                           invocation.isSet(QStringLiteral("quiet")), &id, &error))
        return fail(error);
    printOut(id + QLatin1Char('\n'));
    return 0;
}

int cmdLogin(BlockingClient &, const Invocation &invocation)
{
    const QString registry = registryKey(invocation.operands.value(0, QStringLiteral("docker.io")));
    image::PullOptions options;
    QString error;
    if (!registryOptions(invocation, &options, &error))
        return fail(error);
    image::Credentials credentials;
    credentials.username = invocation.value(QStringLiteral("username")).toStdString();
    if (credentials.username.empty())
        credentials.username = prompt(Glassboxctl::tr("Username: "), false).toStdString();
    if (invocation.isSet(QStringLiteral("password-stdin")))
        credentials.password = prompt(QString(), false).toStdString();
    else if (invocation.isSet(QStringLiteral("password")))
        credentials.password = invocation.value(QStringLiteral("password")).toStdString();
    else
        credentials.password = prompt(Glassboxctl::tr("Password: "), true).toStdString();
    if (credentials.username.empty() || credentials.password.empty())
        return fail(Glassboxctl::tr("login to %1 needs a user name and a password").arg(registry));

    if (auto checked = image::checkLogin(registry.toStdString(), credentials, options); !checked)
        return fail(QString::fromStdString(checked.error().message));

    // Where podman's login writes: $REGISTRY_AUTH_FILE or $XDG_RUNTIME_DIR/containers/auth.json.
    if (!client::saveCredentials(registry, credentials, &error))
        return fail(error);
    printOut(Glassboxctl::tr("Login Succeeded!") + QLatin1Char('\n'));
    return 0;
}

int cmdLogout(BlockingClient &, const Invocation &invocation)
{
    const bool all = invocation.isSet(QStringLiteral("all"));
    const QString registry = registryKey(invocation.operands.value(0, QStringLiteral("docker.io")));
    QString error;
    if (!all) {
        const auto had = storedCredentials(registry + QStringLiteral("/x"), &error);
        if (!error.isEmpty())
            return fail(error);
        if (!had)
            return fail(Glassboxctl::tr("not logged in to %1").arg(registry));
    }
    // --all: every registry's entry of the file a login writes.
    bool saved = true;
    if (all) {
        for (const QString &key : loggedInRegistries(&error))
            saved = saved && client::saveCredentials(key, std::nullopt, &error);
    } else {
        saved = client::saveCredentials(registry, std::nullopt, &error);
    }
    if (!saved || !error.isEmpty())
        return fail(error);
    printOut((all ? Glassboxctl::tr("Removed login credentials for all registries")
                  : Glassboxctl::tr("Removed login credentials for %1").arg(registry)) +
             QLatin1Char('\n'));
    return 0;
}

int cmdSearch(BlockingClient &, const Invocation &invocation)
{
    QString term = invocation.operands.constFirst();
    QString registry = QStringLiteral("docker.io");
    // "quay.io/prometheus" searches quay.io for "prometheus", as podman does.
    const QString first = term.section(QLatin1Char('/'), 0, 0);
    if (term.contains(QLatin1Char('/')) &&
        (first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':')) ||
         first == QLatin1String("localhost"))) {
        registry = registryKey(first);
        term = term.section(QLatin1Char('/'), 1);
    }
    image::PullOptions options;
    QString error;
    if (!registryOptions(invocation, &options, &error))
        return fail(error);
    QString authError;
    options.credentials = storedCredentials(registry + QStringLiteral("/x"), &authError);
    bool ok = false;
    const int limit = invocation.value(QStringLiteral("limit"), QStringLiteral("25")).toInt(&ok);
    if (!ok || limit < 1 || limit > 100)
        return fail(Glassboxctl::tr("--limit takes a number from 1 to 100"));
    auto found =
        image::searchRegistry(registry.toStdString(), term.toStdString(), size_t(limit), options);
    if (!found)
        return fail(QString::fromStdString(found.error().message));
    if (invocation.json) {
        QJsonArray array;
        for (const auto &result : *found)
            array.append(QJsonObject{
                {QStringLiteral("name"), QString::fromStdString(result.name)},
                {QStringLiteral("description"), QString::fromStdString(result.description)},
                {QStringLiteral("stars"), qint64(result.stars)},
                {QStringLiteral("official"), result.official}});
        printOut(jsonText(array));
        return 0;
    }
    // The descriptions are the registry's words: made terminal-safe by printOut().
    Table table({Glassboxctl::tr("NAME"), Glassboxctl::tr("DESCRIPTION"), Glassboxctl::tr("STARS"),
                 Glassboxctl::tr("OFFICIAL")});
    for (const auto &result : *found)
        table.addRow({QString::fromStdString(result.name),
                      QString::fromStdString(result.description).simplified().left(60),
                      QString::number(result.stars),
                      result.official ? QStringLiteral("[OK]") : QString()});
    printOut(table.render());
    return 0;
}

} // namespace glassbox::ctl
