// The overlay stack of a container (see LayerModel.h).
#include "LayerModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace glassbox::details {

void LayerModel::setLayers(const LayerList &layers)
{
    beginResetModel();
    m_layers = layers;
    endResetModel();
}

const glassbox::client::LayerInfo &LayerModel::layerAtRow(int row) const
{
    return m_layers.at(m_layers.size() - 1 - row);
}

int LayerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_layers.size());
}

int LayerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LayerModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_layers.size())
        return {};
    const glassbox::client::LayerInfo &layer = layerAtRow(index.row());
    const bool writable = isWritableRow(index.row());
    const int position = int(m_layers.size()) - index.row(); // 1 = base
    if (role == Qt::BackgroundRole)
        return writable ? QVariant(QBrush(QColor(0, 120, 215, 50))) : QVariant();
    if (role == Qt::ToolTipRole && index.column() == DigestColumn)
        return writable ? layer.createdBy
                        : tr("Digest %1\nDiff ID %2").arg(layer.digest, layer.diffId);
    if (role == Qt::ToolTipRole && index.column() == CreatedByColumn)
        return layer.createdBy;
    if (role == Qt::TextAlignmentRole && index.column() != DigestColumn &&
        index.column() != CreatedByColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case PositionColumn:
        if (writable)
            return tr("writable");
        return position == 1 ? tr("%1 (base)").arg(position) : QString::number(position);
    case DigestColumn: {
        if (writable)
            return tr("container layer");
        QString digest = layer.digest;
        digest.remove(QStringLiteral("sha256:"));
        return digest.left(12);
    }
    case SizeColumn:
        return QLocale().formattedDataSize(qint64(layer.size));
    case FilesColumn:
        return layer.files;
    case WhiteoutsColumn:
        return layer.opaques ? tr("%1 (+%2 opaque)").arg(layer.whiteouts).arg(layer.opaques)
                             : QString::number(layer.whiteouts);
    case CreatedByColumn:
        return layer.createdBy.simplified();
    default:
        return {};
    }
}

QVariant LayerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PositionColumn:
        return tr("Layer");
    case DigestColumn:
        return tr("Digest");
    case SizeColumn:
        return tr("Size");
    case FilesColumn:
        return tr("Files");
    case WhiteoutsColumn:
        return tr("Whiteouts");
    case CreatedByColumn:
        return tr("Created by");
    default:
        return {};
    }
}

} // namespace glassbox::details
