// GetLayers as a stack: the container's writable layer in the first row, the image's base
// layer in the last, so the table reads like the overlay it is (bottom at the bottom).
#pragma once

#include "DetailsSource.h"

#include <QAbstractTableModel>

namespace glassbox::details {

class LayerModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        PositionColumn,
        DigestColumn,
        SizeColumn,
        FilesColumn,
        WhiteoutsColumn,
        CreatedByColumn,
        ColumnCount
    };

    using QAbstractTableModel::QAbstractTableModel;

    /// `layers` as the helper sends them: bottom to top, the writable layer last.
    void setLayers(const LayerList &layers);
    const LayerList &layers() const { return m_layers; }
    /// The layer shown in `row` (row 0 is the top of the stack).
    const glassbox::client::LayerInfo &layerAtRow(int row) const;
    bool isWritableRow(int row) const { return row == 0 && !m_layers.isEmpty(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    LayerList m_layers;
};

} // namespace glassbox::details
