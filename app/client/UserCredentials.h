// The user's registry logins, kept where podman, skopeo and buildah keep them
// (containers-auth.json(5)): read to hand the helper the one credential a pull needs, written
// by a login. Both clients use these; the helper never sees the files.
#pragma once

#include "glassbox/image/registry.h"

#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <optional>

namespace glassbox::client {

/// The auth.json files podman searches, for this process's environment, in order; the first
/// is where a login writes ($REGISTRY_AUTH_FILE or $XDG_RUNTIME_DIR/containers/auth.json).
QStringList authFiles();

/// A registry as typed ("https://quay.io/", "index.docker.io", "") as auth.json keys it
/// ("quay.io", "docker.io").
QString registryKey(QString registry);

/// The registry part of an image reference ("docker.io" for "nginx").
QString registryOf(const QString &reference);

/// The credentials stored for `reference` (the most specific entry of the first file that
/// has one); nullopt when none is, with `error` set when a file could not be read or parsed.
std::optional<glassbox::image::Credentials> storedCredentials(const QString &reference,
                                                              QString *error);

/// PullImage's Username and Password for `credentials` (empty map for none).
QVariantMap pullOptions(const std::optional<glassbox::image::Credentials> &credentials);

/// Stores `credentials` for `registry` in the first auth file (created 0600 in a directory
/// only its owner may enter), or removes that registry's entry when nullopt. Other entries
/// and unknown fields stay. The file is replaced at once: a reader sees old or new.
bool saveCredentials(const QString &registry,
                     const std::optional<glassbox::image::Credentials> &credentials,
                     QString *error);

} // namespace glassbox::client
