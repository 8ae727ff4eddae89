// Namespaces: the container's eight namespace types next to the host's, as lsns shows them.
#pragma once

#include "DetailsTab.h"

class QLabel;
class QPushButton;
class QTableView;

namespace glassbox::details {

class NamespaceModel;

class NamespacesTab : public DetailsTab
{
    Q_OBJECT
public:
    NamespacesTab(DetailsSource *source, QWidget *parent = nullptr);

    NamespaceModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString summary() const;

protected:
    void clear() override;
    void refresh() override;

private:
    NamespaceModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
    QPushButton *m_refresh;
};

} // namespace glassbox::details
