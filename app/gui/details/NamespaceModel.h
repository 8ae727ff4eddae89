// GetNamespaces as a table: type, the container's inode, the host's, shared or not (shared
// rows highlighted, with what sharing means) and the processes in it, as lsns counts them.
#pragma once

#include "DetailsSource.h"

#include <QAbstractTableModel>

namespace glassbox::details {

class NamespaceModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TypeColumn,
        InodeColumn,
        HostInodeColumn,
        SharedColumn,
        ProcessesColumn,
        MeaningColumn,
        ColumnCount
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setNamespaces(const NamespaceList &namespaces);
    const NamespaceList &namespaces() const { return m_namespaces; }
    /// One line on what sharing a namespace of this type with the host means.
    static QString sharingMeaning(const QString &type);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    NamespaceList m_namespaces;
};

} // namespace glassbox::details
