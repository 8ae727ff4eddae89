// The tray monitor: whether containers run (icon), how many and what they use (tooltip,
// polled every few seconds), start/stop per container from its menu, and notifications
// when a container is killed for memory or exits with an error nobody asked for.
#pragma once

#include "Format.h"

#include <QObject>
#include <QPointer>

class HelperClient;
class MainWindow;
class QMenu;
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
    static QString notificationFor(const glassbox::ctl::ContainerInfo &container,
                                   bool stopRequested);

private:
    void rebuildMenu();
    void updateIcon();
    void poll();
    void onStateChanged(const QString &id, const QString &from, const QString &to);

    HelperClient *m_client;
    QPointer<MainWindow> m_window;
    QSystemTrayIcon *m_icon;
    QMenu *m_menu;
    QTimer *m_poll;
    CpuMeter m_meter;
    double m_totalCpu = 0;
    quint64 m_totalMemory = 0;
    bool m_polling = false;
};
