// The container details pane of the main window: one tab per view of a container
// (resources, namespaces, network, layers, processes, logs, security, inspect). Only the tab
// on screen talks to the helper.
#pragma once

#include "DBusTypes.h"

#include <QDBusConnection>
#include <QWidget>

class QTabWidget;

namespace glassbox::details {
class DetailsSource;
class DetailsTab;
class ResourcesTab;
} // namespace glassbox::details
namespace glassbox::client {
class ObjectMirror;
} // namespace glassbox::client

class ContainerDetailsWidget : public QWidget
{
    Q_OBJECT
public:
    /// Tabs fed by `source` (not owned; it must outlive this widget or be its child).
    explicit ContainerDetailsWidget(glassbox::details::DetailsSource *source,
                                    QWidget *parent = nullptr);
    /// Tabs fed by the helper on `connection`, through a DBusDetailsSource owned here that
    /// follows the shown container through `mirror` (nullptr: a mirror of its own).
    ContainerDetailsWidget(const QDBusConnection &connection,
                           glassbox::client::ObjectMirror *mirror, QWidget *parent = nullptr);
    explicit ContainerDetailsWidget(const QDBusConnection &connection, QWidget *parent = nullptr)
        : ContainerDetailsWidget(connection, nullptr, parent)
    {
    }

    /// Shows the container with this id (empty: none).
    void setContainer(const QString &id);
    QString container() const { return m_id; }

    QTabWidget *tabs() const { return m_tabs; }
    /// The tabs' keys in order: resources, namespaces, network, layers, processes, logs,
    /// security, inspect (glassbox --tab).
    static QStringList tabKeys();
    /// Shows the tab with this key; false when there is none.
    bool setCurrentTab(const QString &key);

    /// GetStats samples taken for the containers list: the Resources tab shows the shown
    /// container's when newer than its own, so the list and the tab agree (one figure from
    /// one sample, not two samples a fraction of a second apart).
    void applyStats(const GbStatsList &samples);

Q_SIGNALS:
    /// The Resources tab's own GetStats replies, for the containers list.
    void statsSampled(const GbStatsList &samples);

private:
    void setUp();
    void onContainerChanged(const QString &id, const QVariantMap &changed);

    glassbox::details::DetailsSource *m_source;
    QTabWidget *m_tabs;
    QList<glassbox::details::DetailsTab *> m_pages;
    glassbox::details::ResourcesTab *m_resources = nullptr;
    QString m_id;
};
