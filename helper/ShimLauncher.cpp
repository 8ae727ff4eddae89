// Preparing and spawning a container's shim (see ShimLauncher.h).
#include "ShimLauncher.h"

#include "ChildProcess.h"
#include "HelperConfig.h"

#include "glassbox/container.h"
#include "glassbox/file_io.h"
#include "glassbox/image/container_rootfs.h"

#include <QDir>
#include <QFile>

namespace glassbox::helper::ShimLauncher {

namespace {

/// The container's /etc/hosts, /etc/hostname and /etc/resolv.conf for this run.
HelperResult<void> writeEtcFiles(const QString &etcDir, const glassbox::net::Attachment &attached)
{
    if (!QDir().mkpath(etcDir))
        return tl::unexpected(
            HelperError::failed(QStringLiteral("cannot create `%1`").arg(etcDir)));
    // The host's resolver configuration; a host without one gives the container none either.
    const std::string hostResolv = glassbox::readFile("/etc/resolv.conf", 1 << 20).value_or("");
    const std::pair<const char *, std::string> files[] = {
        {"hosts", glassbox::net::hostsFile(attached)},
        {"hostname", attached.hostname + "\n"},
        {"resolv.conf", glassbox::net::resolvConf(hostResolv, attached.dnsServers)}};
    for (const auto &[name, content] : files) {
        const QString path = etcDir + QLatin1Char('/') + QLatin1String(name);
        if (auto written = glassbox::writeFileAtomically(path.toStdString(), content, 0644);
            !written)
            return tl::unexpected(HelperError::fromCore(written.error()));
    }
    return {};
}

} // namespace

HelperResult<Prepared> prepare(const glassbox::image::ImageStore &images,
                               const glassbox::StateStore &runtime,
                               glassbox::net::NetworkStore &networks, const ContainerRecord &record,
                               const QString &shimDir)
{
    const std::string id = record.id.toStdString();
    if (auto mounted = glassbox::image::mountContainerRootfs(images, id); !mounted)
        return tl::unexpected(HelperError::fromCore(mounted.error()));
    // What a previous run left: its exit record, and the runtime's state of its container.
    QDir().mkpath(shimDir);
    for (const char *file :
         {"exit.json", "started.json", "shim.pid", "stop-requested", kNetworkGate})
        QFile::remove(shimDir + QLatin1Char('/') + QLatin1String(file));
    (void)glassbox::deleteContainer(runtime, id, true);
    auto bundle = glassbox::image::containerRootfs(images, id);
    if (!bundle)
        return tl::unexpected(HelperError::fromCore(bundle.error()));
    Prepared prepared{QString::fromStdString(bundle->bundle), std::nullopt};
    if (!record.options.onNetwork())
        return prepared;
    // A helper killed before it saw the last run end left its namespace and forwards.
    if (auto detached = networks.detach(id); !detached)
        return tl::unexpected(HelperError::fromCore(detached.error()));
    glassbox::net::AttachRequest request;
    request.containerId = id;
    request.name = record.name.toStdString();
    request.hostname =
        (record.options.hostname.isEmpty() ? record.id.left(63) : record.options.hostname)
            .toStdString();
    request.network = record.options.network.toStdString();
    for (const GbPort &port : record.options.ports)
        request.ports.push_back({port.hostIp.toStdString(), port.hostPort, port.containerPort,
                                 port.protocol.toStdString()});
    auto attached = networks.reserve(request);
    if (!attached) {
        // A taken port or an unknown network is the caller's to change, not a fault here,
        // and the store's message says all there is.
        const int code = attached.error().code;
        if (code == EADDRINUSE || code == ENOENT || code == EINVAL)
            return tl::unexpected(
                HelperError::invalidArgument(QString::fromStdString(attached.error().message)));
        return tl::unexpected(HelperError::fromCore(attached.error()));
    }
    if (auto written = writeEtcFiles(shimDir + QStringLiteral("/etc"), *attached); !written) {
        (void)networks.detach(id);
        return tl::unexpected(written.error());
    }
    prepared.attachment = std::move(*attached);
    return prepared;
}

HelperResult<glassbox::net::Attachment> setUpNetwork(glassbox::net::NetworkStore &networks,
                                                     const QString &id, const QString &shimDir)
{
    auto attached = networks.setUp(id.toStdString());
    const std::string verdict =
        attached ? std::string()
                 : "the container's network could not be set up: " + attached.error().text();
    const std::string gate =
        (shimDir + QLatin1Char('/') + QLatin1String(kNetworkGate)).toStdString();
    if (auto written = glassbox::writeFileAtomically(gate, verdict, 0644); !written) {
        // The shim gives up waiting on its own; the container must not run without it.
        if (attached)
            (void)networks.detach(id.toStdString());
        return tl::unexpected(HelperError::fromCore(written.error()));
    }
    if (!attached)
        return tl::unexpected(HelperError::fromCore(attached.error()));
    return std::move(*attached);
}

HelperResult<ChildProcess *> spawn(const HelperConfig &config, ContainerRecord &record,
                                   const QString &bundle, bool startGate, QObject *parent)
{
    QString program = config.shimBinary;
    QStringList arguments{QStringLiteral("--runtime-root"), config.runtimeRoot(),
                          QStringLiteral("--id"),           record.id,
                          QStringLiteral("--bundle"),       bundle,
                          QStringLiteral("--dir"),          config.shimDir(record.id),
                          QStringLiteral("--log-max"),      QString::number(config.logMaxBytes)};
    if (startGate)
        arguments << QStringLiteral("--start-gate") << QLatin1String(kNetworkGate);
    QString error;
    if (!config.systemdRun.isEmpty()) {
        ContainerRecord counted = record;
        ++counted.starts;
        if (!counted.save(config.stateDir, &error))
            return tl::unexpected(HelperError::failed(error));
        record = counted;
        arguments = inScope(record, program, arguments);
        program = config.systemdRun;
    }
    auto *shim = new ChildProcess(parent);
    if (!shim->start(program, arguments, &error)) {
        delete shim;
        return tl::unexpected(HelperError::failed(error));
    }
    return shim;
}

QString failure(int code, const QByteArray &output)
{
    // A shim killed by a signal said nothing: name what happened instead.
    QString reason = QString::fromLocal8Bit(output).trimmed();
    if (reason.isEmpty())
        reason = code > 128
                     ? QStringLiteral("glassbox-shim was killed by signal %1").arg(code - 128)
                     : QStringLiteral("glassbox-shim exited with status %1").arg(code);
    return QStringLiteral("the container did not start: %1").arg(reason);
}

QStringList inScope(const ContainerRecord &record, const QString &shim,
                    const QStringList &shimArguments)
{
    // systemd-run --scope makes the scope around its own pid, then execs the shim: the
    // process the helper spawned, its exit status and its stderr are the shim's. The scope
    // holds the shim and the container and nothing of the helper's, so stopping or restarting
    // the helper's unit leaves them alone; Delegate=yes hands its subtree to the shim and the
    // runtime. --collect: a scope whose container was killed is not kept as "failed".
    const QString unit = QStringLiteral("glassbox-%1-%2.scope").arg(record.id).arg(record.starts);
    const QString name = record.name.isEmpty() ? record.id : record.name;
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

} // namespace glassbox::helper::ShimLauncher
