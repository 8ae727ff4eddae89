// Layers: the image's layer stack with the container's writable layer on top, the overlay
// paths, the container's diff against its image and the image's efficiency.
#pragma once

#include "DetailsTab.h"

class QLabel;
class QLineEdit;
class QTableView;

namespace glassbox::details {

class ChangeModel;
class LayerModel;

class LayersTab : public DetailsTab
{
    Q_OBJECT
public:
    LayersTab(DetailsSource *source, QWidget *parent = nullptr);

    LayerModel *layerModel() const { return m_layers; }
    ChangeModel *changeModel() const { return m_changes; }
    QString pathText(const QString &key) const;
    QString efficiencyText() const;
    QString diffSummary() const;

protected:
    void clear() override;
    void refresh() override;

private:
    QTableView *makeTable(const QString &accessibleName);
    void fetchEfficiency(quint64 generation);

    LayerModel *m_layers;
    ChangeModel *m_changes;
    QTableView *m_layerView;
    QTableView *m_changeView;
    QLineEdit *m_lower;
    QLineEdit *m_upper;
    QLineEdit *m_work;
    QLineEdit *m_merged;
    QLabel *m_efficiency;
    QLabel *m_diffSummary;
};

} // namespace glassbox::details
