// start, kill, delete and state of an existing container.
#include "glassbox/container.h"

#include "glassbox/file_io.h"
#include "glassbox/quantities.h"
#include "hooks.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/pidfd.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

namespace glassbox {

namespace {

/// A pidfd for the container's init if it is still the process we started.
Result<UniqueFd> openInit(const ContainerState &state)
{
    int fd = static_cast<int>(::syscall(SYS_pidfd_open, state.pid, 0));
    if (fd < 0)
        return sysError("open the process of container " + quoted(state.id));
    UniqueFd pidfd(fd);
    // Checked after opening: a pidfd keeps pointing at this process even if the pid is reused.
    if (processStartTime(state.pid) != state.pidStartTime)
        return makeError(ESRCH, "container " + quoted(state.id) + " is not running");
    return pidfd;
}

/// Waits until the process behind `pidfd` has exited, at most `timeout`.
bool waitForExit(int pidfd, std::chrono::milliseconds timeout)
{
    pollfd entry{pidfd, POLLIN, 0};
    int rc;
    do {
        rc = ::poll(&entry, 1, static_cast<int>(timeout.count()));
    } while (rc < 0 && errno == EINTR);
    return rc > 0;
}

Status signalAll(const cgroup::Cgroup &group, const std::string &id, int signal)
{
    auto pids = cgroup::processes(group);
    if (!pids)
        return tl::unexpected(pids.error());
    for (pid_t pid : *pids) {
        if (::kill(pid, signal) != 0 && errno != ESRCH)
            return sysError("signal process " + std::to_string(pid) + " of container " +
                            quoted(id));
    }
    return {};
}

Status signalAll(const ContainerState &state, int signal)
{
    return signalAll(state.cgroup, state.id, signal);
}

/// Kills what is left in the container's own cgroup (processes of a container without a pid
/// namespace may still be exiting) and removes it.
Status killAndDestroy(const cgroup::Cgroup &group, const std::string &id)
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        auto pids = cgroup::processes(group);
        if (!pids || pids->empty())
            break;
        (void)signalAll(group, id, SIGKILL);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return cgroup::destroy(group);
}

} // namespace

Result<ContainerInfo> containerInfo(const StateStore &store, const std::string &id)
{
    auto state = store.load(id);
    if (!state)
        return tl::unexpected(state.error());
    ContainerInfo info{std::move(*state), ContainerStatus::Stopped};
    info.status = info.state.status(store.containerDir(id));
    return info;
}

Status startContainer(const StateStore &store, const std::string &id, std::vector<Error> *warnings)
{
    auto lock = store.lock(id);
    if (!lock)
        return tl::unexpected(lock.error());
    auto info = containerInfo(store, id);
    if (!info)
        return tl::unexpected(info.error());
    if (info->status != ContainerStatus::Created)
        return makeError(EINVAL, "cannot start container " + quoted(id) + ": it is " +
                                     statusName(info->status) + ", not created");
    auto pidfd = openInit(info->state);
    if (!pidfd)
        return tl::unexpected(pidfd.error());
    const std::string fifoPath = store.fifoPath(id);
    // Non-blocking: if the container process died we must not wait for a writer forever.
    auto fifo = openAt(AT_FDCWD, fifoPath, O_RDONLY | O_NONBLOCK);
    if (!fifo)
        return tl::unexpected(fifo.error());
    pollfd entries[2] = {{fifo->get(), POLLIN, 0}, {pidfd->get(), POLLIN, 0}};
    for (;;) {
        int rc = ::poll(entries, 2, -1);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0)
            return sysError("wait for container " + quoted(id) + " to start");
        if (entries[0].revents & POLLIN)
            break;
        if (entries[1].revents & POLLIN)
            return makeError(ESRCH, "container " + quoted(id) + " exited before it started");
        // POLLHUP alone: no writer yet; the init process opens the fifo in a moment.
        if (entries[0].revents & POLLHUP)
            std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    char byte = 0;
    if (::read(fifo->get(), &byte, 1) != 1)
        return sysError("read " + quoted(fifoPath));
    if (::unlink(fifoPath.c_str()) != 0)
        return sysError("remove " + quoted(fifoPath));
    if (!info->state.poststart.empty()) {
        auto failed = hooks::runAll(info->state.poststart, "poststart",
                                    info->state.toPublicJson(ContainerStatus::Running));
        if (warnings != nullptr)
            warnings->insert(warnings->end(), failed.begin(), failed.end());
    }
    return {};
}

Status killContainer(const StateStore &store, const std::string &id, int signal, bool all)
{
    auto info = containerInfo(store, id);
    if (!info)
        return tl::unexpected(info.error());
    if (info->status == ContainerStatus::Stopped)
        return makeError(ESRCH, "container " + quoted(id) + " is not running");
    const cgroup::Cgroup &group = info->state.cgroup;
    const bool paused = info->status == ContainerStatus::Paused;
    // A task frozen by the v1 freezer cannot die until it is thawed, so SIGKILL thaws a
    // paused container after it is sent, as runc does; other signals wait for `resume`.
    const bool thaw = !group.directories.empty() && (!paused || signal == SIGKILL);
    if (all && !group.directories.empty()) {
        // As runc: frozen, no process can fork a child that misses the signal.
        if (!paused)
            (void)cgroup::setFrozen(group, true);
        auto sent = signalAll(info->state, signal);
        if (thaw)
            (void)cgroup::setFrozen(group, false);
        return sent;
    }
    auto pidfd = openInit(info->state);
    if (!pidfd)
        return tl::unexpected(pidfd.error());
    if (::syscall(SYS_pidfd_send_signal, pidfd->get(), signal, nullptr, 0) != 0)
        return sysError("send signal " + std::to_string(signal) + " to container " + quoted(id));
    if (paused && thaw)
        (void)cgroup::setFrozen(group, false);
    return {};
}

Status deleteContainer(const StateStore &store, const std::string &id, bool force,
                       std::vector<Error> *warnings)
{
    auto lock = store.lock(id);
    if (!lock)
        return tl::unexpected(lock.error());
    auto info = containerInfo(store, id);
    if (!info) {
        // A directory without a readable state file is what a crashed create leaves, with
        // the cgroup it had made, if it got that far.
        if (info.error().code != ENOENT)
            return tl::unexpected(info.error());
        if (auto creating = store.loadCreating(id)) {
            (void)cgroup::setFrozen(*creating, false);
            GB_TRY(killAndDestroy(*creating, id));
        } else if (creating.error().code != ENOENT) {
            return tl::unexpected(creating.error());
        }
        return store.remove(id);
    }
    const ContainerState &state = info->state;
    const bool alive = info->status != ContainerStatus::Stopped;
    if (alive && info->status != ContainerStatus::Created && !force)
        return makeError(EBUSY, "cannot delete container " + quoted(id) + " that is " +
                                    statusName(info->status) + " (use --force to kill it)");
    if (alive) {
        auto pidfd = openInit(state);
        if (info->status == ContainerStatus::Paused)
            (void)cgroup::setFrozen(state.cgroup, false);
        if (!state.cgroup.directories.empty())
            (void)signalAll(state, SIGKILL);
        if (pidfd) {
            ::syscall(SYS_pidfd_send_signal, pidfd->get(), SIGKILL, nullptr, 0);
            if (!waitForExit(pidfd->get(), std::chrono::seconds(10)))
                return makeError(ETIMEDOUT,
                                 "container " + quoted(id) + " did not die after SIGKILL");
        }
    }
    if (state.cgroupOwned && !state.cgroup.directories.empty())
        GB_TRY(killAndDestroy(state.cgroup, id));
    if (!state.poststop.empty()) {
        auto failed =
            hooks::runAll(state.poststop, "poststop", state.toPublicJson(ContainerStatus::Stopped));
        if (warnings != nullptr)
            warnings->insert(warnings->end(), failed.begin(), failed.end());
    }
    return store.remove(id);
}

Result<int> parseSignal(std::string_view text)
{
    return quantity::parseSignal(text);
}

} // namespace glassbox
