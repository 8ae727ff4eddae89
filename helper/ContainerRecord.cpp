// record.json of a container (see ContainerRecord.h).
#include "ContainerRecord.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <cstdint>

namespace glassbox::helper {

namespace {
QString recordPath(const QString &stateDir, const QString &id)
{
    return stateDir + QLatin1Char('/') + id + QStringLiteral("/record.json");
}
} // namespace

bool ContainerRecord::save(const QString &stateDir, QString *error) const
{
    if (!QDir().mkpath(stateDir + QLatin1Char('/') + id)) {
        *error = QStringLiteral("cannot create `%1/%2`").arg(stateDir, id);
        return false;
    }
    const QJsonObject json{{QStringLiteral("Id"), id},
                           {QStringLiteral("Name"), name},
                           {QStringLiteral("Image"), image},
                           {QStringLiteral("ImageId"), imageId},
                           {QStringLiteral("Created"), QString::number(created)},
                           {QStringLiteral("Starts"), QString::number(starts)},
                           {QStringLiteral("CreatorUid"), qint64(creatorUid)},
                           {QStringLiteral("Options"), options.toJson()}};
    QSaveFile file(recordPath(stateDir, id));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0 ||
        !file.commit()) {
        *error = QStringLiteral("cannot write `%1`: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    QFile::setPermissions(file.fileName(), QFile::ReadOwner | QFile::WriteOwner);
    return true;
}

std::optional<ContainerRecord> ContainerRecord::load(const QString &stateDir, const QString &id)
{
    QFile file(recordPath(stateDir, id));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    if (json.value(QStringLiteral("Id")).toString() != id)
        return std::nullopt;
    ContainerRecord record;
    record.id = id;
    record.name = json.value(QStringLiteral("Name")).toString();
    record.image = json.value(QStringLiteral("Image")).toString();
    record.imageId = json.value(QStringLiteral("ImageId")).toString();
    record.created = json.value(QStringLiteral("Created")).toString().toULongLong();
    record.starts = json.value(QStringLiteral("Starts")).toString().toULongLong();
    const qint64 creator = json.value(QStringLiteral("CreatorUid")).toInteger(0);
    // A value no uid can have is read as root's, like a missing one: never as anyone's.
    record.creatorUid = creator > 0 && creator < qint64(UINT32_MAX) ? uint(creator) : 0;
    record.options = ContainerOptions::fromJson(json.value(QStringLiteral("Options")).toObject());
    return record;
}

} // namespace glassbox::helper
