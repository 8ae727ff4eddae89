// The container's namespaces (see NamespacesTab.h).
#include "NamespacesTab.h"

#include "DetailsSource.h"
#include "NamespaceModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace glassbox::details {

NamespacesTab::NamespacesTab(DetailsSource *source, QWidget *parent)
    : DetailsTab(source, parent), m_model(new NamespaceModel(this)), m_view(new QTableView(this)),
      m_summary(new QLabel(this)), m_refresh(new QPushButton(tr("Refresh"), this))
{
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(Qt::EditRole);
    m_view->setModel(proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // the helper's order until the user sorts
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(false); // the shared highlight must stay visible
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->setAccessibleName(tr("Namespaces"));
    m_summary->setWordWrap(true);
    m_summary->setAccessibleName(tr("Namespace summary"));
    m_refresh->setAccessibleName(tr("Refresh namespaces"));
    connect(m_refresh, &QPushButton::clicked, this, &NamespacesTab::refresh);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_refresh);
    contentLayout()->addLayout(bar);
    contentLayout()->addWidget(m_view, 1);
}

QString NamespacesTab::summary() const
{
    return m_summary->text();
}

void NamespacesTab::clear()
{
    m_model->setNamespaces({});
    m_summary->clear();
}

void NamespacesTab::refresh()
{
    if (containerId().isEmpty() || !source())
        return;
    const quint64 generation = this->generation();
    QPointer<NamespacesTab> self(this);
    source()->getNamespaces(
        containerId(), [self, generation](const NamespaceList &namespaces, const QString &error) {
            if (!self || self->generation() != generation)
                return;
            self->setFresh(error.isEmpty());
            self->showError(error);
            if (!error.isEmpty())
                return;
            self->m_model->setNamespaces(namespaces);
            if (namespaces.isEmpty()) {
                self->m_summary->setText(tr("The container has no process, so it has no namespaces "
                                            "to show. Start it to see them."));
                return;
            }
            QStringList shared;
            for (const glassbox::client::NamespaceInfo &ns : namespaces)
                if (ns.shared)
                    shared.append(ns.type);
            self->m_summary->setText(
                shared.isEmpty()
                    ? tr("Every namespace is the container's own: nothing is shared with the host.")
                    : tr("Shared with the host: %1 (highlighted).")
                          .arg(shared.join(QStringLiteral(", "))));
        });
}

} // namespace glassbox::details
