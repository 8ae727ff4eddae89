// TrayIcon: see TrayIcon.h.
#include "TrayIcon.h"

#include "HelperClient.h"
#include "Icons.h"
#include "MainWindow.h"

#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QTimer>

namespace {
constexpr int kPollMs = 5000;

bool isLive(const QString &state)
{
    return state == QLatin1String("running") || state == QLatin1String("paused");
}
} // namespace

TrayIcon::TrayIcon(HelperClient *client, MainWindow *window, QObject *parent)
    : QObject(parent), m_client(client), m_window(window), m_icon(new QSystemTrayIcon(this)),
      m_menu(new QMenu), m_poll(new QTimer(this))
{
    m_icon->setContextMenu(m_menu);
    connect(m_icon, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason != QSystemTrayIcon::Trigger || !m_window)
                    return;
                if (m_window->isVisible() && m_window->isActiveWindow())
                    m_window->hide();
                else
                    m_window->showAndRaise();
            });
    connect(m_icon, &QSystemTrayIcon::messageClicked, this, [this] {
        if (m_window)
            m_window->showAndRaise();
    });
    connect(m_menu, &QMenu::aboutToShow, this, &TrayIcon::rebuildMenu);
    const auto changed = [this] {
        updateIcon();
    };
    connect(client, &HelperClient::containerAdded, this, changed);
    connect(client, &HelperClient::containerRemoved, this, changed);
    connect(client, &HelperClient::availableChanged, this, changed);
    connect(client, &HelperClient::containerStateChanged, this, &TrayIcon::onStateChanged);
    connect(client, &HelperClient::actionFailed, this,
            [this](const QString &, const QString &message) {
                // With the window hidden, the tray is where a failed action is seen.
                if (m_window && !m_window->isVisible())
                    m_icon->showMessage(tr("Glassbox"), message, QSystemTrayIcon::Warning);
            });
    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, &TrayIcon::poll);
    rebuildMenu();
    updateIcon();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;
}

void TrayIcon::show()
{
    m_icon->show();
    m_poll->start();
    poll();
}

QString TrayIcon::summary() const
{
    int running = 0;
    const QList<glassbox::ctl::ContainerInfo> containers = m_client->containers();
    for (const glassbox::ctl::ContainerInfo &c : containers)
        if (isLive(c.state))
            ++running;
    if (!m_client->isAvailable())
        return tr("Glassbox: the helper is not reachable");
    if (running == 0)
        return tr("Glassbox: no container running");
    return tr("Glassbox: %n container(s) running", nullptr, running) + QLatin1Char('\n') +
           tr("CPU %1 (100 % = one core), memory %2")
               .arg(Format::cpuPercent(m_totalCpu), Format::size(m_totalMemory));
}

void TrayIcon::updateIcon()
{
    bool running = false;
    const QList<glassbox::ctl::ContainerInfo> containers = m_client->containers();
    for (const glassbox::ctl::ContainerInfo &c : containers)
        running = running || isLive(c.state);
    m_icon->setIcon(Icons::tray(running));
    m_icon->setToolTip(summary());
}

void TrayIcon::poll()
{
    if (m_polling)
        return;
    QStringList ids;
    const QList<glassbox::ctl::ContainerInfo> containers = m_client->containers();
    for (const glassbox::ctl::ContainerInfo &c : containers)
        if (c.state == QLatin1String("running"))
            ids.append(c.id);
    m_meter.retainOnly(ids);
    if (ids.isEmpty()) {
        m_totalCpu = 0;
        m_totalMemory = 0;
        return updateIcon();
    }
    m_polling = true;
    m_client->getStats(
        ids, this,
        [this](const glassbox::ctl::StatsList &samples) {
            m_polling = false;
            double cpu = 0;
            quint64 memory = 0;
            for (const glassbox::ctl::StatsSample &sample : samples) {
                cpu += qMax(0.0, m_meter.update(sample));
                memory += sample.memoryBytes;
            }
            m_totalCpu = cpu;
            m_totalMemory = memory;
            updateIcon();
        },
        [this](const QString &) { m_polling = false; });
}

void TrayIcon::rebuildMenu()
{
    m_menu->clear();
    QAction *open = m_menu->addAction(Icons::app(), tr("&Open Glassbox"));
    connect(open, &QAction::triggered, this, [this] {
        if (m_window)
            m_window->showAndRaise();
    });
    m_menu->addSeparator();
    QList<glassbox::ctl::ContainerInfo> containers = m_client->containers();
    std::sort(containers.begin(), containers.end(),
              [](const auto &a, const auto &b) { return a.name < b.name; });
    if (containers.isEmpty())
        m_menu->addAction(tr("No containers"))->setEnabled(false);
    for (const glassbox::ctl::ContainerInfo &c : std::as_const(containers)) {
        const QString name = c.name.isEmpty() ? c.id.left(12) : c.name;
        const bool live = isLive(c.state);
        QAction *item =
            m_menu->addAction(Icons::containerState(c.state),
                              live ? tr("Stop “%1”").arg(name) : tr("Start “%1”").arg(name));
        const QString id = c.id;
        connect(item, &QAction::triggered, this, [this, id, live] {
            if (live)
                m_client->stopContainer(id);
            else
                m_client->startContainer(id);
        });
    }
    m_menu->addSeparator();
    connect(m_menu->addAction(tr("&Quit")), &QAction::triggered, qApp, &QApplication::quit);
}

QString TrayIcon::notificationFor(const glassbox::ctl::ContainerInfo &c, bool stopRequested)
{
    const QString name = c.name.isEmpty() ? c.id.left(12) : c.name;
    if (c.state != QLatin1String("stopped"))
        return QString();
    if (c.oomKilled)
        return tr("“%1” was killed because it ran out of memory.").arg(name);
    if (c.exitCode != 0 && !stopRequested)
        return tr("“%1” exited unexpectedly with code %2.").arg(name).arg(c.exitCode);
    return QString();
}

void TrayIcon::onStateChanged(const QString &id, const QString &from, const QString &to)
{
    Q_UNUSED(to)
    updateIcon();
    if (!isLive(from))
        return;
    const QString message = notificationFor(m_client->container(id), m_client->stopRequested(id));
    if (!message.isEmpty())
        m_icon->showMessage(tr("Glassbox"), message, QSystemTrayIcon::Warning);
}
