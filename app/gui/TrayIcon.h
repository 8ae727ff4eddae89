// The tray monitor: whether containers run (icon), how many and what they use (tooltip,
// polled every few seconds), start/stop per container from its menu (the ten most relevant,
// stopping after a confirmation), and notifications when one of the user's own containers is
// killed for memory or exits with an error nobody (of any client) asked for.
#pragma once

#include "CpuMeter.h"
#include "Format.h"

#include <QObject>
#include <QPointer>

class HelperClient;
class MainWindow;
class QMenu;
class QMessageBox;
class QSystemTrayIcon;
class QTimer;

class TrayIcon : public QObject
{
    Q_OBJECT

public:
    TrayIcon(HelperClient *client, MainWindow *window, QObject *parent = nullptr);
    ~TrayIcon() override;

    void show();
    QSystemTrayIcon *icon() const { return m_icon; }
    /// The tooltip's text (also for tests).
    QString summary() const;
    /// What a state change is worth telling, or "" (also for tests).
    static QString notificationFor(const glassbox::client::ContainerInfo &container,
                                   bool stopRequested);
    /// How many containers the menu lists before "Show all…".
    static constexpr int kMenuContainers = 10;
    /// The open "Stop …?" question of the menu's Stop, if any (for tests).
    QMessageBox *stopConfirmation() const;

Q_SIGNALS:
    /// A notification was shown (also for tests).
    void notified(const QString &message);

private:
    void rebuildMenu();
    void updateIcon();
    void poll();
    void onStateChanged(const QString &id, const QString &from, const QString &to);
    /// Whether `id` was created by this user (true when the helper does not say).
    bool isOwn(const QString &id) const;
    void confirmStop(const QString &id, const QString &name);

    HelperClient *m_client;
    QPointer<MainWindow> m_window;
    QSystemTrayIcon *m_icon;
    QMenu *m_menu;
    QTimer *m_poll;
    glassbox::client::CpuMeter m_meter;
    double m_totalCpu = 0;
    quint64 m_totalMemory = 0;
    bool m_polling = false;
    QPointer<QMessageBox> m_confirmation;
};
