// Operand resolution; see Operands.h.
#include "Operands.h"

namespace glassbox::client {
namespace {

QString withoutDigestPrefix(const QString &id)
{
    return id.startsWith(QLatin1String("sha256:")) ? id.mid(7) : id;
}

// "busybox" -> "busybox:latest"; a tag or digest already given is kept.
QString withDefaultTag(const QString &reference)
{
    const qsizetype slash = reference.lastIndexOf(QLatin1Char('/'));
    if (reference.indexOf(QLatin1Char(':'), slash + 1) >= 0 || reference.contains(QLatin1Char('@')))
        return reference;
    return reference + QLatin1String(":latest");
}

bool tagMatches(const QString &tag, const QString &operand)
{
    const QString wanted = withDefaultTag(operand);
    if (tag == operand || tag == wanted)
        return true;
    for (const char *prefix : {"docker.io/library/", "docker.io/", "localhost/"}) {
        if (tag == QLatin1String(prefix) + wanted)
            return true;
    }
    return false;
}

} // namespace

const ContainerInfo *resolveContainer(const QList<ContainerInfo> &containers,
                                      const QString &operand, QString *error)
{
    for (const ContainerInfo &c : containers) {
        if (c.id == operand || c.name == operand)
            return &c;
    }
    const ContainerInfo *found = nullptr;
    if (!operand.isEmpty()) {
        for (const ContainerInfo &c : containers) {
            if (!c.id.startsWith(operand))
                continue;
            if (found) {
                *error = QStringLiteral("more than one result for container ID %1").arg(operand);
                return nullptr;
            }
            found = &c;
        }
    }
    if (!found)
        *error = QStringLiteral("no container with name or ID \"%1\" found: no such container")
                     .arg(operand);
    return found;
}

const ImageInfo *resolveImage(const QList<ImageInfo> &images, const QString &operand,
                              QString *error)
{
    const QString id = withoutDigestPrefix(operand);
    for (const ImageInfo &image : images) {
        if (withoutDigestPrefix(image.id) == id)
            return &image;
    }
    for (const ImageInfo &image : images) {
        for (const QString &tag : image.tags) {
            if (tagMatches(tag, operand))
                return &image;
        }
    }
    const ImageInfo *found = nullptr;
    if (!id.isEmpty() && !id.contains(QLatin1Char(':')) && !id.contains(QLatin1Char('/'))) {
        for (const ImageInfo &image : images) {
            if (!withoutDigestPrefix(image.id).startsWith(id))
                continue;
            if (found) {
                *error = QStringLiteral("more than one result for image ID %1").arg(operand);
                return nullptr;
            }
            found = &image;
        }
    }
    if (!found)
        *error = QStringLiteral("%1: image not known").arg(operand);
    return found;
}

} // namespace glassbox::client
