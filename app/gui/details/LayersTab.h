// Layers: the image's layer stack with the container's writable layer on top, the overlay
// paths, the container's diff against its image and the image's efficiency. The stack and the
// paths are fetched once a container; the diff is what the container writes, so it is fetched
// again each time the tab is shown and every few seconds while it is in view.
#pragma once

#include "DetailsTab.h"

#include <QTimer>

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
    bool isSampling() const { return m_diffTimer.isActive(); }

    static constexpr int kDiffIntervalMs = 5000;

protected:
    void clear() override;
    void refresh() override;
    void startSampling() override;
    void stopSampling() override;

private:
    QTableView *makeTable(const QString &accessibleName);
    void fetchDiff();
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
    QTimer m_diffTimer;
    bool m_diffPending = false; // one GetDiff at a time: a big upper dir takes a while
};

} // namespace glassbox::details
