// TrayIcon: see TrayIcon.h.
#include "TrayIcon.h"

#include "HelperClient.h"
#include "Icons.h"
#include "MainWindow.h"

#include <QApplication>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSystemTrayIcon>
#include <QTimer>

#include <algorithm>
#include <unistd.h>

namespace {
constexpr int kPollMs = 5000;

bool isLive(const QString &state)
{
    return glassbox::client::isLiveState(state);
}

/// The last time something happened to it: started, stopped or created.
quint64 lastActivity(const glassbox::client::ContainerInfo &c)
{
    return std::max({c.created, c.startedAt, c.finishedAt});
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
    connect(client, &HelperClient::connectionChanged, this, changed);
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
    const QList<glassbox::client::ContainerInfo> containers = m_client->containers();
    for (const glassbox::client::ContainerInfo &c : containers)
        if (isLive(c.state))
            ++running;
    if (!m_client->isAvailable() || !m_client->isResponding())
        return tr("Glassbox: %1").arg(m_client->connectionText());
    if (running == 0)
        return tr("Glassbox: no container running");
    return tr("Glassbox: %n container(s) running", nullptr, running) + QLatin1Char('\n') +
           tr("CPU %1 (100 % = one core), memory %2")
               .arg(Format::cpuPercent(m_totalCpu), Format::size(m_totalMemory));
}

void TrayIcon::updateIcon()
{
    bool running = false;
    const QList<glassbox::client::ContainerInfo> containers = m_client->containers();
    for (const glassbox::client::ContainerInfo &c : containers)
        running = running || isLive(c.state);
    m_icon->setIcon(Icons::tray(running));
    m_icon->setToolTip(summary());
}

void TrayIcon::poll()
{
    if (m_polling)
        return;
    QStringList ids;
    const QList<glassbox::client::ContainerInfo> containers = m_client->containers();
    for (const glassbox::client::ContainerInfo &c : containers)
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
        [this](const glassbox::client::StatsList &samples) {
            m_polling = false;
            double cpu = 0;
            quint64 memory = 0;
            for (const glassbox::client::StatsSample &sample : samples) {
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
    // A menu of 60 entries is not read: the live ones first, then the latest, up to ten; the
    // window has them all.
    QList<glassbox::client::ContainerInfo> containers = m_client->containers();
    std::sort(containers.begin(), containers.end(), [](const auto &a, const auto &b) {
        if (isLive(a.state) != isLive(b.state))
            return isLive(a.state);
        if (lastActivity(a) != lastActivity(b))
            return lastActivity(a) > lastActivity(b);
        return a.name < b.name;
    });
    if (containers.isEmpty())
        m_menu->addAction(tr("No containers"))->setEnabled(false);
    for (const glassbox::client::ContainerInfo &c : containers.mid(0, kMenuContainers)) {
        const QString name = c.name.isEmpty() ? c.id.left(12) : c.name;
        const QString id = c.id;
        if (c.state == QLatin1String("stopping")) {
            m_menu->addAction(Icons::containerState(c.state), tr("Stopping “%1”…").arg(name))
                ->setEnabled(false);
            continue;
        }
        const bool live = isLive(c.state);
        QAction *item =
            m_menu->addAction(Icons::containerState(c.state),
                              live ? tr("Stop “%1”…").arg(name) : tr("Start “%1”").arg(name));
        connect(item, &QAction::triggered, this, [this, id, name, live] {
            if (live)
                confirmStop(id, name);
            else
                m_client->startContainer(id);
        });
    }
    if (containers.size() > kMenuContainers) {
        QAction *all = m_menu->addAction(
            tr("Show all… (%n more)", nullptr, int(containers.size()) - kMenuContainers));
        connect(all, &QAction::triggered, this, [this] {
            if (m_window)
                m_window->showAndRaise();
        });
    }
    m_menu->addSeparator();
    connect(m_menu->addAction(tr("&Quit")), &QAction::triggered, qApp, &QApplication::quit);
}

QString TrayIcon::notificationFor(const glassbox::client::ContainerInfo &c, bool stopRequested)
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

void TrayIcon::confirmStop(const QString &id, const QString &name)
{
    // A stray click in a tray menu must not end someone's work: asked first, by name.
    if (m_confirmation)
        m_confirmation->close();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Stop container"),
                                tr("Stop the container “%1”? Its processes are asked to "
                                   "exit and killed after 10 seconds.")
                                    .arg(name),
                                QMessageBox::Cancel);
    QPushButton *stop = box->addButton(tr("&Stop"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, stop, id] {
        if (box->clickedButton() == stop && m_client->hasContainer(id))
            m_client->stopContainer(id);
    });
    m_confirmation = box;
    box->show();
    box->raise();
    box->activateWindow();
}

QMessageBox *TrayIcon::stopConfirmation() const
{
    return m_confirmation;
}

bool TrayIcon::isOwn(const QString &id) const
{
    const QVariant owner = m_client->containerProperty(id, QStringLiteral("Owner"));
    return !owner.isValid() || owner.toUInt() == uint(::getuid());
}

void TrayIcon::onStateChanged(const QString &id, const QString &from, const QString &to)
{
    Q_UNUSED(to)
    updateIcon();
    if (!isLive(from) || !isOwn(id))
        return;
    // The helper records a stop asked by any client (glassboxctl, another user's window);
    // this client's own memory covers a helper that does not publish it.
    const bool requested =
        m_client->stopRequested(id) ||
        m_client->containerProperty(id, QStringLiteral("FinishReason")).toString() ==
            QLatin1String("requested");
    const QString message = notificationFor(m_client->container(id), requested);
    if (message.isEmpty())
        return;
    m_icon->showMessage(tr("Glassbox"), message, QSystemTrayIcon::Warning);
    Q_EMIT notified(message);
}
