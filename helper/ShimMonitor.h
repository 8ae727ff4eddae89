// Watches the shims' directories (run/shims/<id>/) with one inotify descriptor and each
// shim's process with a pidfd, so that a container's start, exit and OOM kill reach the
// helper as soon as the shim writes them, without polling.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class QSocketNotifier;

namespace glassbox::helper {

class ShimMonitor : public QObject
{
    Q_OBJECT
public:
    explicit ShimMonitor(QObject *parent = nullptr);
    ~ShimMonitor() override;

    /// Watches `dir` (which must exist) for the container `id`.
    void watchDirectory(const QString &id, const QString &dir);
    /// Watches the shim of container `id` through its pidfd (ownership passes here); once the
    /// shim has died without exit.json, the container's init in its place (one per id: a new
    /// pidfd replaces the last). Either exit is reported as shimExited().
    void watchProcess(const QString &id, int pidfd);
    void forget(const QString &id);

Q_SIGNALS:
    /// A file appeared or was rewritten in the container's shim directory.
    void directoryChanged(const QString &id);
    /// The container's shim process exited.
    void shimExited(const QString &id);

private:
    void readInotify();

    int m_inotify = -1;
    QSocketNotifier *m_inotifyNotifier = nullptr;
    QHash<int, QString> m_watches; ///< watch descriptor -> id
    struct Pidfd
    {
        int fd = -1;
        QSocketNotifier *notifier = nullptr;
    };
    QHash<QString, Pidfd> m_pidfds;
};

} // namespace glassbox::helper
