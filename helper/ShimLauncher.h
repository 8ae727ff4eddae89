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

/// The shim's --start-gate on a network: the file in the shim's directory that lets the
/// container start once its network is set up (see glassbox/shim.h).
inline constexpr char kNetworkGate[] = "network-ready";

/// What a prepared run starts from.
struct Prepared
{
    QString bundle;
    /// The container's network, reserved (glassbox::net::NetworkStore::reserve), when it has
    /// one: the shim is spawned with the start gate, and setUpNetwork() runs meanwhile.
    std::optional<glassbox::net::Attachment> attachment;
};

/// On the container's queue (the runtime's delete takes the container's lock, which another
/// runtime command may hold, and waits for its processes): mounts the container's rootfs,
/// removes the previous run's files in `shimDir` and its runtime state, and reserves a
/// container's network: its namespace (what an earlier run left of one is undone first), its
/// address and ports, and `shimDir`/etc/{hosts,hostname,resolv.conf}, which its bundle
/// bind-mounts. A port that is taken fails the start before the shim runs.
[[nodiscard]] HelperResult<Prepared> prepare(const glassbox::image::ImageStore &images,
                                             const glassbox::StateStore &runtime,
                                             glassbox::net::NetworkStore &networks,
                                             const ContainerRecord &record, const QString &shimDir);

/// On the container's queue, while the shim creates the container: netavark's setup of the
/// reserved network (the slow part of a network's start, overlapped so with the create),
/// then the start gate: empty when the network is up, otherwise why not, which the shim
/// fails the start with. A failed setup leaves no attachment.
[[nodiscard]] HelperResult<glassbox::net::Attachment>
setUpNetwork(glassbox::net::NetworkStore &networks, const QString &id, const QString &shimDir);

/// Spawns the shim of `record` for `bundle` as a child of `parent`; with `startGate`, the
/// shim waits for kNetworkGate between the create and the start. On a systemd host the
/// run's number is counted in `record` and saved first, so that no later run (of this helper
/// or the next) reuses the scope's name while this one may linger.
[[nodiscard]] HelperResult<ChildProcess *> spawn(const HelperConfig &config,
                                                 ContainerRecord &record, const QString &bundle,
                                                 bool startGate, QObject *parent);

/// Why the container did not start, from a shim that exited with `code` and wrote `output`.
[[nodiscard]] QString failure(int code, const QByteArray &output);

/// systemd-run's arguments that run `shim` with `shimArguments` in the run's scope,
/// machine.slice/glassbox-<id>-<run>.scope.
[[nodiscard]] QStringList inScope(const ContainerRecord &record, const QString &shim,
                                  const QStringList &shimArguments);

} // namespace ShimLauncher

} // namespace glassbox::helper
