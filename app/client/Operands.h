// Which container or image an operand names (`glassboxctl stop web`, `glassbox --show 3f2a`):
// podman's rules, in one place for both clients.
#pragma once

#include "ObjectInfo.h"

namespace glassbox::client {

/// An exact id, an exact name, then a unique id prefix. nullptr and an error ("no container
/// with name or ID ..." / "more than one result ...") if not. The texts are podman's
/// English, as glassboxctl prints them.
[[nodiscard]] const ContainerInfo *resolveContainer(const QList<ContainerInfo> &containers,
                                                    const QString &operand, QString *error);
/// An exact id or "sha256:" id, a tag (":latest" implied; "docker.io/library/" and
/// "localhost/" prefixes optional), then a unique id prefix.
[[nodiscard]] const ImageInfo *resolveImage(const QList<ImageInfo> &images, const QString &operand,
                                            QString *error);

} // namespace glassbox::client
