// The common part of every details tab: the container it shows, an error label, and
// fetching only while the tab is visible (a hidden tab asks the helper nothing).
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace glassbox::details {

class DetailsSource;

class DetailsTab : public QWidget
{
    Q_OBJECT
public:
    DetailsTab(DetailsSource *source, QWidget *parent);

    QString containerId() const { return m_id; }
    /// Shows `id` (empty: none). Clears what was shown; a visible tab fetches at once.
    void setContainer(const QString &id);
    /// The data is out of date (the container started or stopped): fetch again when shown.
    void reload();
    /// The helper's last error, shown in the tab ("" when the last request succeeded).
    QString errorText() const;

protected:
    /// Forget the previous container's data.
    virtual void clear() = 0;
    /// Ask the source for the current container's data (only called while visible).
    virtual void refresh() = 0;
    /// Visibility hooks for tabs that sample periodically.
    virtual void startSampling() {}
    virtual void stopSampling() {}

    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

    void showError(const QString &error);
    /// Layout below the error label, for the tab's own widgets.
    QVBoxLayout *contentLayout() const { return m_layout; }
    DetailsSource *source() const { return m_source; }
    /// Increases with every container change; replies carrying an older value are stale.
    quint64 generation() const { return m_generation; }
    /// Marks the data as current, so showing the tab again does not fetch again.
    void setFresh(bool fresh) { m_fresh = fresh; }

private:
    QPointer<DetailsSource> m_source;
    QString m_id;
    QLabel *m_error;
    QVBoxLayout *m_layout;
    quint64 m_generation = 0;
    bool m_fresh = false;
};

} // namespace glassbox::details
