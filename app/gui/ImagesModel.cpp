// ImagesModel: see ImagesModel.h.
#include "ImagesModel.h"

#include "Format.h"
#include "HelperClient.h"

using glassbox::client::ImageInfo;

ImagesModel::ImagesModel(QObject *parent) : QAbstractTableModel(parent) {}

void ImagesModel::setClient(HelperClient *client)
{
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    m_client = client;
    if (!client)
        return setImages({});
    connect(client, &HelperClient::imageAdded, this,
            [this](const QString &id) { upsertImage(m_client->image(id)); });
    connect(client, &HelperClient::imageChanged, this,
            [this](const QString &id) { upsertImage(m_client->image(id)); });
    connect(client, &HelperClient::imageRemoved, this, &ImagesModel::removeImage);
    connect(client, &HelperClient::containerAdded, this, &ImagesModel::refreshNamesFromClient);
    connect(client, &HelperClient::containerRemoved, this, &ImagesModel::refreshNamesFromClient);
    refreshNamesFromClient();
    setImages(client->images());
}

void ImagesModel::refreshNamesFromClient()
{
    QHash<QString, QString> names;
    const QList<glassbox::client::ContainerInfo> containers = m_client->containers();
    for (const glassbox::client::ContainerInfo &c : containers)
        names.insert(c.id, c.name);
    setContainerNames(names);
}

void ImagesModel::setImages(const QList<ImageInfo> &images)
{
    beginResetModel();
    m_images = images;
    endResetModel();
}

void ImagesModel::upsertImage(const ImageInfo &image)
{
    if (image.id.isEmpty())
        return;
    const int row = rowOf(image.id);
    if (row < 0) {
        beginInsertRows({}, m_images.size(), m_images.size());
        m_images.append(image);
        endInsertRows();
        return;
    }
    m_images[row] = image;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ImagesModel::removeImage(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_images.removeAt(row);
    endRemoveRows();
}

void ImagesModel::setContainerNames(const QHash<QString, QString> &names)
{
    m_containerNames = names;
    if (!m_images.isEmpty())
        Q_EMIT dataChanged(index(0, InUseBy), index(m_images.size() - 1, InUseBy));
}

QString ImagesModel::idAt(int row) const
{
    return row >= 0 && row < m_images.size() ? m_images.at(row).id : QString();
}

int ImagesModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_images.size(); ++i)
        if (m_images.at(i).id == id)
            return i;
    return -1;
}

int ImagesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_images.size());
}

int ImagesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ImagesModel::usersText(const ImageInfo &image) const
{
    QStringList users;
    for (const QString &id : image.inUseBy) {
        const QString name = m_containerNames.value(id);
        users.append(name.isEmpty() ? id.left(12) : name);
    }
    users.sort();
    return users.join(QStringLiteral(", "));
}

QVariant ImagesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ImageInfo &image = m_images.at(index.row());
    const QString shortId =
        image.id.startsWith(QLatin1String("sha256:")) ? image.id.mid(7, 12) : image.id.left(12);
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
        switch (index.column()) {
        case Tags:
            return image.tags.isEmpty() ? tr("<none>") : image.tags.join(QStringLiteral(", "));
        case Id:
            return shortId;
        case Size:
            return Format::size(image.size);
        case Layers:
            return QString::number(image.layerCount);
        case Created:
            return Format::timestamp(image.created);
        case InUseBy:
            return usersText(image);
        case Source:
            return sourceText(image.source);
        }
        return {};
    }
    switch (role) {
    case Qt::ToolTipRole:
        if (index.column() == Id)
            return image.id;
        // The digests name the image where it came from, as `docker pull name@digest` takes.
        if ((index.column() == Tags || index.column() == Source) && !image.digests.isEmpty())
            return tr("Digests:") + QLatin1Char('\n') + image.digests.join(QLatin1Char('\n'));
        if (index.column() == InUseBy && !image.inUseBy.isEmpty())
            return tr("Containers made from this image; it cannot be removed while they exist");
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Size || index.column() == Layers)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case Size:
            return qulonglong(image.size);
        case Layers:
            return uint(image.layerCount);
        case Created:
            return qulonglong(image.created);
        case InUseBy:
            return int(image.inUseBy.size());
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    case IdRole:
        return image.id;
    }
    return {};
}

QString ImagesModel::sourceText(const QString &source)
{
    // "registry docker.io/library/nginx" -> the repository; other sources as the helper says.
    if (source.startsWith(QLatin1String("registry ")))
        return source.mid(9);
    return source;
}

QVariant ImagesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Tags:
        return tr("Tags");
    case Id:
        return tr("ID");
    case Size:
        return tr("Size");
    case Layers:
        return tr("Layers");
    case Created:
        return tr("Created");
    case InUseBy:
        return tr("In use by");
    case Source:
        return tr("Source");
    }
    return {};
}
