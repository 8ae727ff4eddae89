// The container's processes (see ProcessModel.h).
#include "ProcessModel.h"

#include <QSet>

namespace glassbox::details {

void ProcessModel::setProcesses(const ProcessList &processes)
{
    QHash<quint32, int> incoming;
    for (int i = 0; i < processes.size(); ++i)
        incoming.insert(processes.at(i).pid, i);
    // Gone: remove from the bottom up so rows stay valid.
    for (int row = int(m_processes.size()) - 1; row >= 0; --row)
        if (!incoming.contains(m_processes.at(row).pid)) {
            beginRemoveRows({}, row, row);
            m_processes.removeAt(row);
            endRemoveRows();
        }
    QSet<quint32> known;
    for (int row = 0; row < m_processes.size(); ++row) {
        const glassbox::client::ProcessInfo &update =
            processes.at(incoming.value(m_processes[row].pid));
        known.insert(update.pid);
        glassbox::client::ProcessInfo &current = m_processes[row];
        if (current.nsPid != update.nsPid || current.user != update.user ||
            current.command != update.command) {
            current = update;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    ProcessList added;
    for (const glassbox::client::ProcessInfo &process : processes)
        if (!known.contains(process.pid))
            added.append(process);
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_processes.size()), int(m_processes.size() + added.size()) - 1);
        m_processes.append(added);
        endInsertRows();
    }
}

int ProcessModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_processes.size());
}

int ProcessModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProcessModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_processes.size())
        return {};
    const glassbox::client::ProcessInfo &process = m_processes.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() <= HostPidColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == CommandColumn)
        return process.command;
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case PidColumn:
        return process.nsPid;
    case HostPidColumn:
        return process.pid;
    case UserColumn:
        return process.user;
    case CommandColumn:
        return process.command;
    default:
        return {};
    }
}

QVariant ProcessModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == HostPidColumn)
        return tr("The same process as the host's ps and top show it");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PidColumn:
        return tr("PID in container");
    case HostPidColumn:
        return tr("PID on host");
    case UserColumn:
        return tr("User (host)");
    case CommandColumn:
        return tr("Command");
    default:
        return {};
    }
}

} // namespace glassbox::details
