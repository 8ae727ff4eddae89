// inotify and pidfd watches of the shims (see ShimMonitor.h).
#include "ShimMonitor.h"

#include <QSet>
#include <QSocketNotifier>

#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace glassbox::helper {

ShimMonitor::ShimMonitor(QObject *parent) : QObject(parent)
{
    m_inotify = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (m_inotify >= 0) {
        m_inotifyNotifier = new QSocketNotifier(m_inotify, QSocketNotifier::Read, this);
        connect(m_inotifyNotifier, &QSocketNotifier::activated, this, &ShimMonitor::readInotify);
    }
}

ShimMonitor::~ShimMonitor()
{
    for (const Pidfd &pidfd : std::as_const(m_pidfds))
        ::close(pidfd.fd);
    if (m_inotify >= 0)
        ::close(m_inotify);
}

void ShimMonitor::watchDirectory(const QString &id, const QString &dir)
{
    if (m_inotify < 0)
        return;
    const int wd = ::inotify_add_watch(m_inotify, dir.toLocal8Bit().constData(),
                                       IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF);
    if (wd >= 0)
        m_watches.insert(wd, id);
}

void ShimMonitor::watchProcess(const QString &id, int fd)
{
    auto old = m_pidfds.find(id);
    if (old != m_pidfds.end()) {
        delete old->notifier;
        ::close(old->fd);
        m_pidfds.erase(old);
    }
    auto *notifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this, id] {
        auto it = m_pidfds.find(id);
        if (it == m_pidfds.end())
            return;
        it->notifier->setEnabled(false);
        it->notifier->deleteLater();
        ::close(it->fd);
        m_pidfds.erase(it);
        Q_EMIT shimExited(id);
    });
    m_pidfds.insert(id, {fd, notifier});
}

void ShimMonitor::forget(const QString &id)
{
    for (auto it = m_watches.begin(); it != m_watches.end();) {
        if (it.value() == id) {
            ::inotify_rm_watch(m_inotify, it.key());
            it = m_watches.erase(it);
        } else {
            ++it;
        }
    }
    auto pidfd = m_pidfds.find(id);
    if (pidfd != m_pidfds.end()) {
        delete pidfd->notifier;
        ::close(pidfd->fd);
        m_pidfds.erase(pidfd);
    }
}

void ShimMonitor::readInotify()
{
    alignas(inotify_event) char buffer[8192];
    QSet<QString> changed;
    for (;;) {
        const ssize_t n = ::read(m_inotify, buffer, sizeof buffer);
        if (n <= 0)
            break;
        for (ssize_t offset = 0; offset < n;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + offset);
            offset += ssize_t(sizeof(inotify_event) + event->len);
            const QString id = m_watches.value(event->wd);
            if (event->mask & IN_IGNORED)
                m_watches.remove(event->wd);
            if (!id.isEmpty())
                changed.insert(id);
        }
    }
    for (const QString &id : std::as_const(changed))
        Q_EMIT directoryChanged(id);
}

} // namespace glassbox::helper
