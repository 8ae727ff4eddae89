// The container details tabs (see ContainerDetailsWidget.h).
#include "ContainerDetailsWidget.h"

#include "DBusDetailsSource.h"
#include "InspectTab.h"
#include "LayersTab.h"
#include "LogsTab.h"
#include "NamespacesTab.h"
#include "NetworkTab.h"
#include "ProcessesTab.h"
#include "ResourcesTab.h"
#include "SecurityTab.h"

#include <QTabWidget>
#include <QVBoxLayout>

using namespace glassbox::details;

ContainerDetailsWidget::ContainerDetailsWidget(DetailsSource *source, QWidget *parent)
    : QWidget(parent), m_source(source), m_tabs(new QTabWidget(this))
{
    setUp();
}

ContainerDetailsWidget::ContainerDetailsWidget(const QDBusConnection &connection,
                                               glassbox::client::ObjectMirror *mirror,
                                               QWidget *parent)
    : QWidget(parent), m_source(new DBusDetailsSource(connection, mirror, this)),
      m_tabs(new QTabWidget(this))
{
    setUp();
}

void ContainerDetailsWidget::setUp()
{
    m_tabs->setAccessibleName(tr("Container details"));
    m_tabs->setDocumentMode(true);
    // No mnemonics here: Alt+letter belongs to the main window's menus. Ctrl+Tab and
    // Ctrl+PgUp/PgDown switch tabs; each tab's controls are in Tab order.
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    auto add = [this](DetailsTab *tab, const QString &name, const QString &objectName) {
        tab->setObjectName(objectName);
        tab->setAccessibleName(name);
        m_tabs->addTab(tab, name);
        m_pages.append(tab);
    };
    m_resources = new ResourcesTab(m_source, this);
    connect(m_resources, &ResourcesTab::sampled, this, &ContainerDetailsWidget::statsSampled);
    add(m_resources, tr("Resources"), QStringLiteral("resourcesTab"));
    add(new NamespacesTab(m_source, this), tr("Namespaces"), QStringLiteral("namespacesTab"));
    add(new NetworkTab(m_source, this), tr("Network"), QStringLiteral("networkTab"));
    add(new LayersTab(m_source, this), tr("Layers"), QStringLiteral("layersTab"));
    add(new ProcessesTab(m_source, this), tr("Processes"), QStringLiteral("processesTab"));
    add(new LogsTab(m_source, this), tr("Logs"), QStringLiteral("logsTab"));
    add(new SecurityTab(m_source, this), tr("Security"), QStringLiteral("securityTab"));
    add(new InspectTab(m_source, this), tr("Inspect"), QStringLiteral("inspectTab"));

    connect(m_source, &DetailsSource::containerChanged, this,
            &ContainerDetailsWidget::onContainerChanged);
}

QStringList ContainerDetailsWidget::tabKeys()
{
    return {QStringLiteral("resources"), QStringLiteral("namespaces"), QStringLiteral("network"),
            QStringLiteral("layers"),    QStringLiteral("processes"),  QStringLiteral("logs"),
            QStringLiteral("security"),  QStringLiteral("inspect")};
}

bool ContainerDetailsWidget::setCurrentTab(const QString &key)
{
    // Each tab's object name is its key followed by "Tab".
    for (DetailsTab *tab : std::as_const(m_pages))
        if (tab->objectName() == key + QLatin1String("Tab")) {
            m_tabs->setCurrentWidget(tab);
            return true;
        }
    return false;
}

void ContainerDetailsWidget::applyStats(const GbStatsList &samples)
{
    // The list's samples join the charts only while the Resources tab samples itself: its
    // history covers the time it was on screen, without gaps the list's rhythm would leave.
    if (m_resources->isSampling())
        m_resources->addSamples(samples);
}

void ContainerDetailsWidget::setContainer(const QString &id)
{
    if (id == m_id)
        return;
    m_id = id;
    m_source->watchContainer(id);
    for (DetailsTab *tab : std::as_const(m_pages))
        tab->setContainer(id);
}

void ContainerDetailsWidget::onContainerChanged(const QString &id, const QVariantMap &changed)
{
    if (id != m_id || !changed.contains(QStringLiteral("State")))
        return;
    // A start or stop changes processes, namespaces and the writable layer: fetch again.
    for (DetailsTab *tab : std::as_const(m_pages))
        tab->reload();
}
