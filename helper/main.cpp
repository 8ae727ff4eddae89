// glassbox-helper: the privileged service behind org.glassbox.Manager1 on the system bus.
#include "Authorizer.h"
#include "DBusTypes.h"
#include "HelperContext.h"
#include "ImageAnalyses.h"
#include "Manager.h"
#include "ShimMonitor.h"
#include "Workers.h"

#include "glassbox/cgroup/cgroup.h"
#include "glassbox/image/image_store.h"
#include "glassbox/state.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

using namespace glassbox::helper;

namespace {

/// Ends the helper as soon as its bus connection drops (the daemon restarted, or it dropped
/// the helper for a message over its size limit). Disconnected, the helper can answer no one,
/// and the next call to org.glassbox.Manager1 activates another helper on the same store and
/// containers: running on next to it would be two writers. libdbus reports the loss as the
/// local signal org.freedesktop.DBus.Local.Disconnected, which QtDBus passes on to a match
/// on that path and interface (QDBusConnection has no signal of its own for it).
class BusLoss : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void disconnected()
    {
        std::fprintf(stderr, "glassbox-helper: the connection to the system bus was lost: "
                             "exiting so that a new helper can take over\n");
        // At once, as a crash would end it (the next helper adopts the running containers
        // and removes a half-done import): nothing it holds can still be answered, and
        // waiting for work under way (a long diff, an import) would keep two helpers at once.
        std::_Exit(EXIT_FAILURE);
    }
};

int fail(const QString &message)
{
    std::fprintf(stderr, "glassbox-helper: %s\n", qPrintable(message));
    return 1;
}

QString besideMe(const QString &name, const QString &fallback)
{
    const QString candidate = QCoreApplication::applicationDirPath() + QLatin1Char('/') + name;
    return QFileInfo::exists(candidate) ? candidate : fallback;
}

/// systemd-run when systemd is PID 1 (sd_booted()'s test) on a pure cgroup v2 host: there a
/// container cannot have controllers below the helper's own unit cgroup across a restart of
/// the unit (systemd must put the next helper back into it, which a cgroup that passes
/// controllers down refuses; DelegateSubgroup= is systemd 254+), so each shim gets a scope
/// of its own, as podman's containers do. Empty elsewhere (no systemd, v1 or hybrid).
QString systemdRunForScopes()
{
    if (!QFileInfo(QStringLiteral("/run/systemd/system")).isDir())
        return {};
    auto host = glassbox::cgroup::Host::detect();
    if (!host || host->layout != glassbox::cgroup::Layout::V2)
        return {};
    QString systemdRun = QStandardPaths::findExecutable(QStringLiteral("systemd-run"));
    if (systemdRun.isEmpty()) // D-Bus activation may give no PATH
        systemdRun = QStandardPaths::findExecutable(
            QStringLiteral("systemd-run"), {QStringLiteral("/usr/bin"), QStringLiteral("/bin")});
    if (systemdRun.isEmpty())
        std::fprintf(stderr, "glassbox-helper: systemd is running but there is no systemd-run: "
                             "containers stay below the helper's cgroup\n");
    return systemdRun;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("glassbox-helper"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GLASSBOX_VERSION));
    // A client that goes away mid-reply must not kill the helper.
    std::signal(SIGPIPE, SIG_IGN);

    HelperContext context;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Glassbox privileged D-Bus helper"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption stateDir(QStringLiteral("state-dir"),
                                      QStringLiteral("Container records."), QStringLiteral("dir"),
                                      context.config.stateDir);
    const QCommandLineOption runDir(QStringLiteral("run-dir"),
                                    QStringLiteral("Runtime state and shims."),
                                    QStringLiteral("dir"), context.config.runDir);
    const QCommandLineOption storeRoot(QStringLiteral("store-root"),
                                       QStringLiteral("The image store."), QStringLiteral("dir"),
                                       context.config.storeRoot);
    const QCommandLineOption shim(QStringLiteral("shim"),
                                  QStringLiteral("The glassbox-shim binary."),
                                  QStringLiteral("path"));
    const QCommandLineOption runtime(QStringLiteral("runtime"),
                                     QStringLiteral("The glassbox-runtime binary."),
                                     QStringLiteral("path"));
    const QCommandLineOption idle(QStringLiteral("idle-timeout"),
                                  QStringLiteral("Exit after this many idle seconds (0: never)."),
                                  QStringLiteral("seconds"),
                                  QString::number(context.config.idleSeconds));
    const QCommandLineOption networkDir(QStringLiteral("network-dir"),
                                        QStringLiteral("Network definitions."),
                                        QStringLiteral("dir"), context.config.networkConfigDir);
    const QCommandLineOption defaultNetwork(
        QStringLiteral("default-network"),
        QStringLiteral("The network of containers created without one (\"none\": each alone)."),
        QStringLiteral("name"), context.config.defaultNetwork);
    const QCommandLineOption registriesConf(
        QStringLiteral("registries-conf"),
        QStringLiteral("Registries, mirrors and insecure ones for pulls."), QStringLiteral("file"),
        context.config.registriesConf);
    const QCommandLineOption certsDir(QStringLiteral("certs-dir"),
                                      QStringLiteral("CAs of registries: DIR/HOST:PORT/*.crt."),
                                      QStringLiteral("dir"), context.config.certsDirectory);
    parser.addOptions({stateDir, runDir, storeRoot, shim, runtime, idle, networkDir, defaultNetwork,
                       registriesConf, certsDir});
    parser.process(app);

    if (::geteuid() != 0)
        return fail(QStringLiteral("must run as root"));
    // D-Bus activation without systemd (the bus's setuid launch helper) clears the
    // environment: netavark finds iptables, and the helper systemd-run and iptables-save,
    // on PATH.
    if (qEnvironmentVariableIsEmpty("PATH"))
        qputenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

    context.config.stateDir = QDir(parser.value(stateDir)).absolutePath();
    context.config.runDir = QDir(parser.value(runDir)).absolutePath();
    context.config.storeRoot = QDir(parser.value(storeRoot)).absolutePath();
    context.config.shimBinary = parser.isSet(shim) ? parser.value(shim)
                                                   : besideMe(QStringLiteral("glassbox-shim"),
                                                              QStringLiteral(GLASSBOX_SHIM_PATH));
    context.config.runtimeBinary =
        parser.isSet(runtime)
            ? parser.value(runtime)
            : besideMe(QStringLiteral("glassbox-runtime"), QStringLiteral(GLASSBOX_RUNTIME_PATH));
    context.config.networkConfigDir = QDir(parser.value(networkDir)).absolutePath();
    context.config.defaultNetwork = parser.value(defaultNetwork);
    context.config.registriesConf = QDir(parser.value(registriesConf)).absolutePath();
    context.config.certsDirectory = QDir(parser.value(certsDir)).absolutePath();
    if (!glassbox::net::isNetworkName(context.config.defaultNetwork.toStdString()) ||
        context.config.defaultNetwork == QStringLiteral("host"))
        return fail(QStringLiteral("--default-network needs a network's name or \"none\""));
    context.config.systemdRun = systemdRunForScopes();
    bool ok = false;
    context.config.idleSeconds = parser.value(idle).toInt(&ok);
    if (!ok || context.config.idleSeconds < 0)
        return fail(QStringLiteral("--idle-timeout needs a number of seconds"));

    for (const QString &dir :
         {context.config.stateDir, context.config.runDir + QStringLiteral("/shims"),
          context.config.runtimeRoot()})
        if (!QDir().mkpath(dir))
            return fail(QStringLiteral("cannot create `%1`").arg(dir));
    QFile::setPermissions(context.config.stateDir,
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QFile::setPermissions(context.config.runDir,
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    auto store = glassbox::image::ImageStore::open(context.config.storeRoot.toStdString());
    if (!store)
        return fail(QString::fromStdString(store.error().text()));
    context.images = std::make_unique<glassbox::image::ImageStore>(std::move(*store));
    context.runtime =
        std::make_unique<glassbox::StateStore>(context.config.runtimeRoot().toStdString());
    context.networks =
        std::make_unique<glassbox::net::NetworkStore>(context.config.networkConfigDir.toStdString(),
                                                      context.config.networkRunDir().toStdString());

    registerGlassboxDBusTypes();
    context.bus = QDBusConnection::systemBus();
    if (!context.bus.isConnected())
        return fail(QStringLiteral("cannot connect to the system bus: %1")
                        .arg(context.bus.lastError().message()));
    BusLoss busLoss;
    if (!context.bus.connect(QString(), QStringLiteral("/org/freedesktop/DBus/Local"),
                             QStringLiteral("org.freedesktop.DBus.Local"),
                             QStringLiteral("Disconnected"), &busLoss, SLOT(disconnected())))
        return fail(QStringLiteral("cannot watch the bus connection: %1")
                        .arg(context.bus.lastError().message()));
    Authorizer authorizer(context.bus);
    ShimMonitor monitor;
    // Destroyed after the manager and its objects, and before what their work uses (the
    // analyses' cache, the stores): the destructor waits for work under way.
    ImageAnalyses analyses;
    Workers workers;
    context.authorizer = &authorizer;
    context.monitor = &monitor;
    context.workers = &workers;
    context.analyses = &analyses;

    Manager manager(&context);
    QString error;
    if (!manager.start(&error))
        return fail(error);
    // The name last: clients that activated the helper see a ready object tree.
    if (!context.bus.registerService(QStringLiteral("org.glassbox.Manager1")))
        return fail(QStringLiteral("cannot own org.glassbox.Manager1: %1")
                        .arg(context.bus.lastError().message()));
    return app.exec();
}

#include "main.moc"
