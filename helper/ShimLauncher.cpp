// Preparing and spawning a container's shim (see ShimLauncher.h).
#include "ShimLauncher.h"

#include "ChildProcess.h"
#include "HelperConfig.h"

#include "glassbox/container.h"
#include "glassbox/image/container_rootfs.h"

#include <QDir>
#include <QFile>

namespace glassbox::helper::ShimLauncher {

HelperResult<QString> prepare(const glassbox::image::ImageStore &images,
                              const glassbox::StateStore &runtime, const std::string &id,
                              const QString &shimDir)
{
    if (auto mounted = glassbox::image::mountContainerRootfs(images, id); !mounted)
        return tl::unexpected(HelperError::fromCore(mounted.error()));
    // What a previous run left: its exit record, and the runtime's state of its container.
    QDir().mkpath(shimDir);
    for (const char *file : {"exit.json", "started.json", "shim.pid", "stop-requested"})
        QFile::remove(shimDir + QLatin1Char('/') + QLatin1String(file));
    (void)glassbox::deleteContainer(runtime, id, true);
    auto bundle = glassbox::image::containerRootfs(images, id);
    if (!bundle)
        return tl::unexpected(HelperError::fromCore(bundle.error()));
    return QString::fromStdString(bundle->bundle);
}

HelperResult<ChildProcess *> spawn(const HelperConfig &config, ContainerRecord &record,
                                   const QString &bundle, QObject *parent)
{
    QString program = config.shimBinary;
    QStringList arguments{QStringLiteral("--runtime-root"), config.runtimeRoot(),
                          QStringLiteral("--id"),           record.id,
                          QStringLiteral("--bundle"),       bundle,
                          QStringLiteral("--dir"),          config.shimDir(record.id),
                          QStringLiteral("--log-max"),      QString::number(config.logMaxBytes)};
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
