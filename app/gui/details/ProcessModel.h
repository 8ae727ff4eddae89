// GetProcesses as a table like docker top: pid in the container, pid on the host, user,
// command. Updates merge by host pid, so selection and scrolling survive a refresh.
#pragma once

#include "DetailsSource.h"

#include <QAbstractTableModel>

namespace glassbox::details {

class ProcessModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { PidColumn, HostPidColumn, UserColumn, CommandColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setProcesses(const ProcessList &processes);
    const ProcessList &processes() const { return m_processes; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    ProcessList m_processes;
};

} // namespace glassbox::details
