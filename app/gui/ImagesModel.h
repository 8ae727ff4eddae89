// The images table: tags, size, layers, created, and which containers use each image.
#pragma once

#include "ObjectInfo.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>

class HelperClient;

class ImagesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Tags, Id, Size, Layers, Created, InUseBy, Source, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, IdRole };

    explicit ImagesModel(QObject *parent = nullptr);

    /// Follows `client`'s images; container names for "in use by" come from it too.
    void setClient(HelperClient *client);

    void setImages(const QList<glassbox::client::ImageInfo> &images);
    void upsertImage(const glassbox::client::ImageInfo &image);
    void removeImage(const QString &id);
    /// Names to show instead of container ids in "in use by".
    void setContainerNames(const QHash<QString, QString> &names);

    QString idAt(int row) const;
    int rowOf(const QString &id) const;
    glassbox::client::ImageInfo imageAt(int row) const { return m_images.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The Source column's text for an image's Source property.
    static QString sourceText(const QString &source);

private:
    QString usersText(const glassbox::client::ImageInfo &image) const;
    void refreshNamesFromClient();

    QList<glassbox::client::ImageInfo> m_images;
    QHash<QString, QString> m_containerNames;
    QPointer<HelperClient> m_client;
};
