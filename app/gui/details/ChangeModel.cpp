// The container's changes to its image (see ChangeModel.h).
#include "ChangeModel.h"

#include <QLocale>

namespace glassbox::details {

void ChangeModel::setChanges(const ChangeList &changes)
{
    beginResetModel();
    m_changes = changes;
    endResetModel();
}

QString ChangeModel::summary() const
{
    int added = 0;
    int changed = 0;
    int deleted = 0;
    quint64 copiedUp = 0;
    for (const glassbox::client::ChangeInfo &change : m_changes) {
        added += change.kind == QStringLiteral("A") ? 1 : 0;
        changed += change.kind == QStringLiteral("C") ? 1 : 0;
        deleted += change.kind == QStringLiteral("D") ? 1 : 0;
        copiedUp += change.copiedUp ? change.size : 0;
    }
    // A copied-up file's size is the lower file's (what the copy cost), so the total leaves
    // out what the container appended to the copies since.
    return tr("%1 added, %2 changed, %3 deleted; %4 copied up from lower layers")
        .arg(added)
        .arg(changed)
        .arg(deleted)
        .arg(QLocale().formattedDataSize(qint64(copiedUp)));
}

int ChangeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

int ChangeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChangeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_changes.size())
        return {};
    const glassbox::client::ChangeInfo &change = m_changes.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == KindColumn) {
        if (change.kind == QStringLiteral("A"))
            return tr("Added");
        if (change.kind == QStringLiteral("C"))
            return tr("Changed");
        // The helper's last entry when the list was over its reply limit.
        if (change.kind == QStringLiteral("!"))
            return tr("The list is incomplete: more changes than one reply holds");
        return tr("Deleted (a whiteout hides the image's file)");
    }
    if (role == Qt::ToolTipRole && index.column() == SizeColumn)
        return change.copiedUp && change.kind == QStringLiteral("C")
                   ? tr("The size of the image's file that was copied up; what the container "
                        "wrote to its copy since is not counted")
                   : tr("The size of the file in the writable layer");
    if (role == Qt::EditRole && index.column() == SizeColumn)
        return change.size;
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case KindColumn:
        return change.kind;
    case PathColumn:
        return change.path;
    case CopiedUpColumn:
        return change.copiedUp ? tr("copied up") : QString();
    case SizeColumn:
        return QLocale().formattedDataSize(qint64(change.size));
    default:
        return {};
    }
}

QVariant ChangeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return tr("Change");
    case PathColumn:
        return tr("Path");
    case CopiedUpColumn:
        return tr("Copy-up");
    case SizeColumn:
        return tr("Size");
    default:
        return {};
    }
}

} // namespace glassbox::details
