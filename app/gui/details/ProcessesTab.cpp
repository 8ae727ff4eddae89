// The container's processes (see ProcessesTab.h).
#include "ProcessesTab.h"

#include "DetailsSource.h"
#include "ProcessModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace glassbox::details {

ProcessesTab::ProcessesTab(DetailsSource *source, QWidget *parent)
    : DetailsTab(source, parent), m_model(new ProcessModel(this)), m_view(new QTableView(this)),
      m_summary(new QLabel(this))
{
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(Qt::EditRole);
    m_view->setModel(proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ProcessModel::PidColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAccessibleName(tr("Processes in the container"));
    m_summary->setAccessibleName(tr("Process count"));
    contentLayout()->addWidget(m_summary);
    contentLayout()->addWidget(m_view, 1);

    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ProcessesTab::refresh);
}

void ProcessesTab::clear()
{
    m_pending = false;
    m_model->setProcesses({});
    m_summary->clear();
}

void ProcessesTab::startSampling()
{
    if (!containerId().isEmpty())
        m_timer.start();
}

void ProcessesTab::stopSampling()
{
    m_timer.stop();
}

void ProcessesTab::refresh()
{
    if (m_pending || containerId().isEmpty() || !source())
        return;
    m_pending = true;
    const quint64 generation = this->generation();
    QPointer<ProcessesTab> self(this);
    source()->getProcesses(
        containerId(), [self, generation](const ProcessList &processes, const QString &error) {
            if (!self || self->generation() != generation)
                return;
            self->m_pending = false;
            self->setFresh(error.isEmpty());
            self->showError(error);
            if (!error.isEmpty())
                return;
            self->m_model->setProcesses(processes);
            self->m_summary->setText(processes.isEmpty()
                                         ? tr("No processes: the container is not running.")
                                         : tr("%n process(es)", nullptr, int(processes.size())));
        });
}

} // namespace glassbox::details
