// posix_spawn + pidfd child processes (see ChildProcess.h).
#include "ChildProcess.h"

#include <QSocketNotifier>

#include "glassbox/spawn.h"

#include <csignal>
#include <string>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace glassbox::helper {

namespace {
constexpr qsizetype kMaxOutput = 1024 * 1024;
}

ChildProcess::ChildProcess(QObject *parent) : QObject(parent) {}

ChildProcess::~ChildProcess()
{
    if (m_pid > 0) {
        // Still running: reap it in the background is not possible without a thread, so
        // wait here; the helper only destroys a ChildProcess after finished().
        ::kill(pid_t(m_pid), SIGKILL);
        ::waitpid(pid_t(m_pid), nullptr, 0);
    }
    if (m_pidfd >= 0)
        ::close(m_pidfd);
    if (m_outputFd >= 0)
        ::close(m_outputFd);
}

bool ChildProcess::start(const QString &program, const QStringList &arguments, QString *error)
{
    std::vector<std::string> argv{program.toLocal8Bit().toStdString()};
    for (const QString &argument : arguments)
        argv.push_back(argument.toLocal8Bit().toStdString());
    // The helper's threads block signals the shim must not inherit blocked.
    auto child = glassbox::spawn::start(argv, {.mergeStderr = true,
                                               .stdinDevNull = true,
                                               .resetSignals = true,
                                               .nonBlockingOutput = true});
    if (!child) {
        *error = QString::fromStdString(child.error().text());
        return false;
    }
    m_pid = child->pid;
    m_outputFd = child->output.release();
    m_pidfd = int(::syscall(SYS_pidfd_open, child->pid, 0));
    m_outputNotifier = new QSocketNotifier(m_outputFd, QSocketNotifier::Read, this);
    connect(m_outputNotifier, &QSocketNotifier::activated, this, &ChildProcess::readOutput);
    if (m_pidfd < 0) {
        // No pidfd (old kernel): the output's end stands for the process's end.
        return true;
    }
    m_exitNotifier = new QSocketNotifier(m_pidfd, QSocketNotifier::Read, this);
    connect(m_exitNotifier, &QSocketNotifier::activated, this, &ChildProcess::reap);
    return true;
}

void ChildProcess::readOutput()
{
    char buffer[16384];
    for (;;) {
        const ssize_t n = ::read(m_outputFd, buffer, sizeof buffer);
        if (n > 0) {
            if (m_output.size() < kMaxOutput)
                m_output.append(buffer, qMin<qsizetype>(n, kMaxOutput - m_output.size()));
            continue;
        }
        if (n == 0) {
            m_outputNotifier->setEnabled(false);
            if (m_pidfd < 0)
                reap();
        }
        return;
    }
}

void ChildProcess::reap()
{
    if (m_pid <= 0)
        return;
    int status = 0;
    if (::waitpid(pid_t(m_pid), &status, m_pidfd < 0 ? 0 : WNOHANG) <= 0)
        return;
    m_pid = -1;
    if (m_exitNotifier)
        m_exitNotifier->setEnabled(false);
    readOutput();
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    Q_EMIT finished(code);
}

} // namespace glassbox::helper
