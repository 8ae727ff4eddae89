// Starting a container's supervisor, glassbox-shim: the run prepared on the container's
// queue (its rootfs mounted, what the previous run left removed), then the shim spawned, in
// a systemd scope of its own on systemd hosts. The shim's exit status says whether the
// container started (see glassbox/shim.h).
#pragma once

#include "ContainerRecord.h"
#include "HelperError.h"

#include "glassbox/network.h"

#include <QStringList>
#include <optional>
#include <string>

class QObject;
namespace glassbox {
class StateStore;
namespace image {
class ImageStore;
}
} // namespace glassbox

namespace glassbox::helper {

class ChildProcess;
struct HelperConfig;

namespace ShimLauncher {

/// What a prepared run starts from.
struct Prepared
{
    QString bundle;
    /// The container on its network, when it has one.
    std::optional<glassbox::net::Attachment> attachment;
};

/// On the container's queue (the runtime's delete takes the container's lock, which another
/// runtime command may hold, and waits for its processes): mounts the container's rootfs,
/// removes the previous run's files in `shimDir` and its runtime state, and puts a container
/// on a network: its namespace (what an earlier run left of one is undone first), its
/// ports, and `shimDir`/etc/{hosts,hostname,resolv.conf}, which its bundle bind-mounts.
/// A port that is taken fails the start before the shim runs.
[[nodiscard]] HelperResult<Prepared> prepare(const glassbox::image::ImageStore &images,
                                             const glassbox::StateStore &runtime,
                                             glassbox::net::NetworkStore &networks,
                                             const ContainerRecord &record, const QString &shimDir);

/// Spawns the shim of `record` for `bundle` as a child of `parent`. On a systemd host the
/// run's number is counted in `record` and saved first, so that no later run (of this helper
/// or the next) reuses the scope's name while this one may linger.
[[nodiscard]] HelperResult<ChildProcess *>
spawn(const HelperConfig &config, ContainerRecord &record, const QString &bundle, QObject *parent);

/// Why the container did not start, from a shim that exited with `code` and wrote `output`.
[[nodiscard]] QString failure(int code, const QByteArray &output);

/// systemd-run's arguments that run `shim` with `shimArguments` in the run's scope,
/// machine.slice/glassbox-<id>-<run>.scope.
[[nodiscard]] QStringList inScope(const ContainerRecord &record, const QString &shim,
                                  const QStringList &shimArguments);

} // namespace ShimLauncher

} // namespace glassbox::helper
