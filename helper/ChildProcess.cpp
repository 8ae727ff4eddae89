// posix_spawn + pidfd child processes (see ChildProcess.h).
#include "ChildProcess.h"

#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

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
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC | O_NONBLOCK) != 0) {
        *error = QStringLiteral("pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    // The child's end must block for ordinary writers.
    ::fcntl(pipeFds[1], F_SETFL, 0);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], 2);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    sigset_t all;
    sigfillset(&all);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    const QByteArray path = program.toLocal8Bit();
    std::vector<QByteArray> storage;
    storage.push_back(path);
    for (const QString &argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &item : storage)
        argv.push_back(item.data());
    argv.push_back(nullptr);

    pid_t pid = -1;
    const int rc =
        ::posix_spawn(&pid, path.constData(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(pipeFds[1]);
    if (rc != 0) {
        ::close(pipeFds[0]);
        *error = QStringLiteral("spawn `%1`: %2")
                     .arg(program, QString::fromLocal8Bit(std::strerror(rc)));
        return false;
    }
    m_pid = pid;
    m_outputFd = pipeFds[0];
    m_pidfd = int(::syscall(SYS_pidfd_open, pid, 0));
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
