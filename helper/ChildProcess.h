// A program run with glassbox::spawn (the helper is threaded: it never forks) whose end is
// watched through a pidfd on the event loop; stdout and stderr are collected (bounded).
#pragma once

#include <QByteArray>
#include <QObject>
#include <QStringList>

class QSocketNotifier;

namespace glassbox::helper {

class ChildProcess : public QObject
{
    Q_OBJECT
public:
    explicit ChildProcess(QObject *parent = nullptr);
    ~ChildProcess() override;

    /// Starts `program` with `arguments`; stdin is /dev/null. False (and `error` set) if it
    /// could not be spawned.
    [[nodiscard]] bool start(const QString &program, const QStringList &arguments, QString *error);

    [[nodiscard]] QByteArray output() const { return m_output; }
    [[nodiscard]] qint64 pid() const { return m_pid; }

Q_SIGNALS:
    /// The process ended: exit code, or 128 + signal when a signal killed it.
    void finished(int exitCode);

private:
    void readOutput();
    void reap();

    qint64 m_pid = -1;
    int m_pidfd = -1;
    int m_outputFd = -1;
    QSocketNotifier *m_exitNotifier = nullptr;
    QSocketNotifier *m_outputNotifier = nullptr;
    QByteArray m_output;
};

} // namespace glassbox::helper
