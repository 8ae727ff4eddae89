// The contract's names that take a computation: error kinds and object paths.
#include "BusNames.h"

namespace glassbox::api {

namespace {

struct ErrorEntry
{
    ErrorKind kind;
    QLatin1String name;
};

constexpr ErrorEntry kErrors[] = {
    {ErrorKind::NotAuthorized, error::kNotAuthorized},
    {ErrorKind::InvalidArgument, error::kInvalidArgument},
    {ErrorKind::NotFound, error::kNotFound},
    {ErrorKind::Busy, error::kBusy},
    {ErrorKind::Failed, error::kFailed},
};

} // namespace

QString errorName(ErrorKind kind)
{
    for (const ErrorEntry &entry : kErrors) {
        if (entry.kind == kind)
            return entry.name;
    }
    return error::kFailed;
}

std::optional<ErrorKind> errorKind(QStringView name)
{
    for (const ErrorEntry &entry : kErrors) {
        if (name == entry.name)
            return entry.kind;
    }
    return std::nullopt;
}

QString containerPath(QStringView id)
{
    return QString(kManagerPath).append(QLatin1String("/container/")).append(id);
}

QString imagePath(QStringView imageId)
{
    constexpr QLatin1String kDigestPrefix{"sha256:"};
    QStringView hex = imageId;
    if (hex.startsWith(kDigestPrefix))
        hex = hex.mid(kDigestPrefix.size());
    return QString(kManagerPath).append(QLatin1String("/image/")).append(hex.left(16));
}

QString jobPath(quint64 number)
{
    return QString(kManagerPath).append(QLatin1String("/job/")).append(QString::number(number));
}

QString idFromPath(QStringView path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1).toString();
}

} // namespace glassbox::api
