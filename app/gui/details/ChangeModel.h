// GetDiff as a table (docker diff): A/C/D, path, whether it was copied up, size.
#pragma once

#include "DetailsSource.h"

#include <QAbstractTableModel>

namespace glassbox::details {

class ChangeModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { KindColumn, PathColumn, CopiedUpColumn, SizeColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setChanges(const ChangeList &changes);
    /// "3 added, 1 changed, 2 deleted; 4 KiB copied up from lower layers".
    QString summary() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    ChangeList m_changes;
};

} // namespace glassbox::details
