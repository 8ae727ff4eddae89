// A container's persistent record: <state dir>/<id>/record.json (name, image, options,
// creation time, creator). Everything else about a container is read back from the kernel, the
// runtime's state and the shim's files.
#pragma once

#include "ContainerOptions.h"

#include <QString>
#include <optional>

namespace glassbox::helper {

struct ContainerRecord
{
    QString id;
    QString name;
    QString image;       ///< as the caller named it
    QString imageId;     ///< the store's image id
    quint64 created = 0; ///< usec since the epoch
    ContainerOptions options;
    quint64 starts = 0; ///< starts so far; numbers each run's systemd scope
    /// The uid that created it: its environment, spec and logs are readable with view alone
    /// by this uid only. Records written before it was kept read as root's (0), the most
    /// restrictive reading, since only root is its own creator then.
    uint creatorUid = 0;

    [[nodiscard]] bool save(const QString &stateDir, QString *error) const;
    [[nodiscard]] static std::optional<ContainerRecord> load(const QString &stateDir,
                                                             const QString &id);
};

} // namespace glassbox::helper
