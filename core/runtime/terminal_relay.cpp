// Foreground supervision of a container process: signals forwarded, exit status passed
// through, and its pty relayed to our stdio when nothing else took it.
#include "terminal_relay.h"

#include "glassbox/fd.h"
#include "glassbox/file_io.h"

#include <cerrno>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

namespace glassbox::cli {

namespace {

/// Our terminal in raw mode while the relay runs, so that keys such as ^C or ^Z travel to
/// the container's pty (whose line discipline acts on them) instead of to the runtime.
class RawMode
{
public:
    explicit RawMode(int fd) : m_fd(fd)
    {
        if (!::isatty(fd) || ::tcgetattr(fd, &m_saved) != 0)
            return;
        termios raw = m_saved;
        ::cfmakeraw(&raw);
        m_active = ::tcsetattr(fd, TCSANOW, &raw) == 0;
    }
    RawMode(const RawMode &) = delete;
    RawMode &operator=(const RawMode &) = delete;
    ~RawMode()
    {
        if (m_active)
            ::tcsetattr(m_fd, TCSANOW, &m_saved);
    }

private:
    int m_fd;
    termios m_saved{};
    bool m_active = false;
};

void copyWindowSize(int master)
{
    winsize size{};
    for (int fd : {STDIN_FILENO, STDOUT_FILENO}) {
        if (::ioctl(fd, TIOCGWINSZ, &size) == 0) {
            ::ioctl(master, TIOCSWINSZ, &size);
            return;
        }
    }
}

/// The character that makes a read on the pty return end of file (^D unless changed).
char endOfFile(int master)
{
    termios settings{};
    return ::tcgetattr(master, &settings) == 0 ? static_cast<char>(settings.c_cc[VEOF]) : '\4';
}

/// True once `pid` has exited, with its status in `code`; reaps other children on the way.
bool reaped(pid_t pid, int &code)
{
    for (;;) {
        int status = 0;
        pid_t done = ::waitpid(-1, &status, WNOHANG);
        if (done == 0)
            return false;
        if (done < 0 && errno == EINTR)
            continue;
        if (done < 0) { // ECHILD: it is not (or no longer) ours to wait for
            code = 255;
            return true;
        }
        if (done == pid) {
            code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return true;
        }
    }
}

/// Moves what is readable from `from` to `to`; false at end of file or on an error (EIO
/// from a pty master means every slave descriptor is closed).
bool copyAvailable(int from, int to)
{
    char buffer[16384];
    ssize_t n = ::read(from, buffer, sizeof buffer);
    if (n > 0) {
        (void)writeAll(to, std::string_view(buffer, static_cast<size_t>(n)));
        return true;
    }
    return n < 0 && (errno == EAGAIN || errno == EINTR);
}

} // namespace

sigset_t forwardedSignals()
{
    sigset_t set;
    sigemptyset(&set);
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD})
        sigaddset(&set, signal);
    return set;
}

int superviseProcess(pid_t pid, int ptyMaster)
{
    const sigset_t signals = forwardedSignals();
    UniqueFd signalFd(::signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK));
    int code = 255;
    if (!signalFd) { // cannot forward anything; at least pass the status through
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    const bool relay = ptyMaster >= 0;
    std::optional<RawMode> rawMode;
    if (relay) {
        rawMode.emplace(STDIN_FILENO);
        copyWindowSize(ptyMaster);
        ::fcntl(ptyMaster, F_SETFL, ::fcntl(ptyMaster, F_GETFL) | O_NONBLOCK);
        ::signal(SIGPIPE, SIG_IGN); // a closed stdout must not kill us before the process
    }
    bool inputOpen = relay;
    bool ptyOpen = relay;
    std::string toPty; // read from stdin, not yet accepted by the pty
    while (!reaped(pid, code)) {
        pollfd fds[3] = {{signalFd.get(), POLLIN, 0}, {-1, 0, 0}, {-1, 0, 0}};
        // Negative descriptors are skipped by poll(); stdin waits while the pty is full.
        if (inputOpen && toPty.empty())
            fds[1] = {STDIN_FILENO, POLLIN, 0};
        if (ptyOpen)
            fds[2] = {ptyMaster, static_cast<short>(POLLIN | (toPty.empty() ? 0 : POLLOUT)), 0};
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        signalfd_siginfo info{};
        while (::read(signalFd.get(), &info, sizeof info) == sizeof info) {
            const int signal = static_cast<int>(info.ssi_signo);
            if (signal == SIGCHLD)
                continue;
            if (signal == SIGWINCH && relay)
                copyWindowSize(ptyMaster);
            else
                ::kill(pid, signal);
        }
        if (fds[1].revents != 0) {
            char buffer[16384];
            ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n > 0) {
                toPty.assign(buffer, static_cast<size_t>(n));
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                inputOpen = false;
                toPty.assign(1, endOfFile(ptyMaster));
            }
        }
        if ((fds[2].revents & POLLOUT) != 0 && !toPty.empty()) {
            ssize_t n = ::write(ptyMaster, toPty.data(), toPty.size());
            if (n > 0)
                toPty.erase(0, static_cast<size_t>(n));
            else if (n < 0 && errno != EAGAIN && errno != EINTR)
                toPty.clear();
        }
        if ((fds[2].revents & (POLLIN | POLLHUP | POLLERR)) != 0)
            ptyOpen = copyAvailable(ptyMaster, STDOUT_FILENO);
        else if (fds[2].revents & POLLNVAL)
            ptyOpen = false;
    }
    // What the process wrote just before it exited may still be in the pty. Bounded, since
    // a process left behind in the container could keep writing forever.
    for (int round = 0; ptyOpen && round < 1024; ++round) {
        pollfd entry{ptyMaster, POLLIN, 0};
        if (::poll(&entry, 1, 0) <= 0 || !copyAvailable(ptyMaster, STDOUT_FILENO))
            break;
    }
    return code;
}

} // namespace glassbox::cli
