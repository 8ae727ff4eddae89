// The container's namespaces against the host's (see NamespaceModel.h).
#include "NamespaceModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace glassbox::details {

void NamespaceModel::setNamespaces(const NamespaceList &namespaces)
{
    beginResetModel();
    m_namespaces = namespaces;
    endResetModel();
}

QString NamespaceModel::sharingMeaning(const QString &type)
{
    if (type == QStringLiteral("mnt"))
        return tr("Sees and can change the host's mounts and files.");
    if (type == QStringLiteral("uts"))
        return tr("Shares the host's hostname; changing it changes the host's.");
    if (type == QStringLiteral("ipc"))
        return tr("Can use the host's shared memory, semaphores and message queues.");
    if (type == QStringLiteral("pid"))
        return tr("Sees every host process and can signal those its user may.");
    if (type == QStringLiteral("net"))
        return tr("Uses the host's network interfaces, ports and firewall directly.");
    if (type == QStringLiteral("user"))
        return tr("Root inside the container is root on the host.");
    if (type == QStringLiteral("cgroup"))
        return tr("Sees the host's whole cgroup tree instead of only its own.");
    if (type == QStringLiteral("time"))
        return tr("Uses the host's monotonic and boot clocks (usual for containers).");
    return tr("Shares this namespace with the host.");
}

int NamespaceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_namespaces.size());
}

int NamespaceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NamespaceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_namespaces.size())
        return {};
    const glassbox::client::NamespaceInfo &ns = m_namespaces.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TypeColumn:
            return ns.type;
        case InodeColumn:
            return QString::number(ns.inode);
        case HostInodeColumn:
            return QString::number(ns.hostInode);
        case SharedColumn:
            return ns.shared ? tr("shared with the host") : tr("own");
        case ProcessesColumn:
            return ns.processes;
        case MeaningColumn:
            return ns.shared ? sharingMeaning(ns.type) : tr("Isolated from the host.");
        default:
            return {};
        }
    case Qt::EditRole: // sorting: numbers as numbers
        switch (index.column()) {
        case InodeColumn:
            return ns.inode;
        case HostInodeColumn:
            return ns.hostInode;
        case SharedColumn:
            return ns.shared;
        case ProcessesColumn:
            return ns.processes;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::BackgroundRole:
        // Shared rows stand out in any palette: a translucent amber over the base colour.
        return ns.shared ? QVariant(QBrush(QColor(255, 170, 0, 70))) : QVariant();
    case Qt::FontRole:
        if (ns.shared && index.column() == SharedColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        return ns.shared ? sharingMeaning(ns.type) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == InodeColumn || index.column() == HostInodeColumn ||
            index.column() == ProcessesColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant NamespaceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TypeColumn:
        return tr("Type");
    case InodeColumn:
        return tr("Container inode");
    case HostInodeColumn:
        return tr("Host inode");
    case SharedColumn:
        return tr("Shared");
    case ProcessesColumn:
        return tr("Processes");
    case MeaningColumn:
        return tr("What it means");
    default:
        return {};
    }
}

} // namespace glassbox::details
