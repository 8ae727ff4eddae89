// Processes: what runs in the container (docker top), refreshed every two seconds while
// the tab is shown.
#pragma once

#include "DetailsTab.h"

#include <QTimer>

class QLabel;
class QTableView;

namespace glassbox::details {

class ProcessModel;

class ProcessesTab : public DetailsTab
{
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 2000;

    ProcessesTab(DetailsSource *source, QWidget *parent = nullptr);

    ProcessModel *model() const { return m_model; }
    bool isSampling() const { return m_timer.isActive(); }

protected:
    void clear() override;
    void refresh() override;
    void startSampling() override;
    void stopSampling() override;

private:
    ProcessModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
    QTimer m_timer;
    bool m_pending = false;
};

} // namespace glassbox::details
