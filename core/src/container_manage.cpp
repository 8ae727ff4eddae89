// pause, resume, update, ps and events: what a manager does to a container that is already
// running, all of it through the container's cgroup.
#include "glassbox/container.h"

#include "devices.h"
#include "glassbox/file_io.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <initializer_list>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace glassbox {

namespace {

/// The container's state, checked to be in `allowed` and to have a cgroup to act on.
Result<ContainerInfo> infoFor(const StateStore &store, const std::string &id, const char *verb,
                              std::initializer_list<ContainerStatus> allowed, const char *expected)
{
    auto info = containerInfo(store, id);
    if (!info)
        return tl::unexpected(std::move(info).error());
    if (std::find(allowed.begin(), allowed.end(), info->status) == allowed.end())
        return makeError(EINVAL, std::string("cannot ") + verb + " container " + quoted(id) +
                                     ": it is " + statusName(info->status) + ", not " + expected);
    if (info->state.cgroup.directories.empty())
        return makeError(ENOTSUP, std::string("cannot ") + verb + " container " + quoted(id) +
                                      ": it was created without a cgroup "
                                      "(--cgroup-manager=disabled)");
    return info;
}

Status setPaused(const StateStore &store, const std::string &id, bool paused)
{
    auto lock = store.lock(id);
    if (!lock)
        return tl::unexpected(std::move(lock).error());
    // Only a running container can be paused: a created one stays "created" in `state` for as
    // long as its exec fifo exists, so a frozen one could never be seen as paused.
    auto info = paused ? infoFor(store, id, "pause", {ContainerStatus::Running}, "running")
                       : infoFor(store, id, "resume", {ContainerStatus::Paused}, "paused");
    if (!info)
        return tl::unexpected(std::move(info).error());
    auto done = cgroup::setFrozen(info->state.cgroup, paused);
    if (!done)
        return withContext(std::move(done).error(),
                           std::string(paused ? "pause" : "resume") + " container " + quoted(id));
    return {};
}

Status addToEpoll(int epoll, int fd)
{
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    if (::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0)
        return sysError("add a descriptor to the event watch");
    return {};
}

/// v1: an eventfd the kernel signals on every OOM in the cgroup (memory.oom_control's
/// notification, registered through cgroup.event_control as the cgroup-v1 docs describe).
Result<UniqueFd> registerOomEventFd(const std::string &memoryDirectory)
{
    UniqueFd eventFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!eventFd)
        return sysError("create an eventfd");
    auto control = openAt(AT_FDCWD, memoryDirectory + "/memory.oom_control", O_RDONLY);
    if (!control)
        return tl::unexpected(std::move(control).error());
    // The kernel keeps its own reference to memory.oom_control; ours may close.
    GB_TRY(writeFileAt(AT_FDCWD, memoryDirectory + "/cgroup.event_control",
                       std::to_string(eventFd.get()) + " " + std::to_string(control->get())));
    return eventFd;
}

/// v2: memory.events changes (IN_MODIFY) whenever one of its counters does.
Result<UniqueFd> watchMemoryEvents(const std::string &memoryDirectory)
{
    UniqueFd inotify(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
    if (!inotify)
        return sysError("create an inotify descriptor");
    const std::string path = memoryDirectory + "/memory.events";
    if (::inotify_add_watch(inotify.get(), path.c_str(), IN_MODIFY) < 0)
        return sysError("watch " + quoted(path));
    return inotify;
}

/// Reads everything queued on a non-blocking descriptor. For an eventfd (whose reads are
/// exactly 8 bytes; inotify's never are) returns the sum of its counter.
uint64_t drain(int fd)
{
    uint64_t total = 0;
    alignas(inotify_event) char buffer[4096];
    for (;;) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return total;
        if (n == sizeof(uint64_t)) {
            uint64_t value = 0;
            std::memcpy(&value, buffer, sizeof value);
            total += value;
        }
    }
}

Result<uint64_t> oomKillCounter(const cgroup::Cgroup &cgroup)
{
    auto stats = cgroup::readStats(cgroup);
    if (!stats)
        return tl::unexpected(std::move(stats).error());
    return stats->oomKills.value_or(0);
}

} // namespace

Status pauseContainer(const StateStore &store, const std::string &id)
{
    return setPaused(store, id, true);
}

Status resumeContainer(const StateStore &store, const std::string &id)
{
    return setPaused(store, id, false);
}

Status updateContainer(const StateStore &store, const std::string &id,
                       const oci::Resources &resources)
{
    auto lock = store.lock(id);
    if (!lock)
        return tl::unexpected(std::move(lock).error());
    auto info =
        infoFor(store, id, "update",
                {ContainerStatus::Created, ContainerStatus::Running, ContainerStatus::Paused},
                "created, running or paused");
    if (!info)
        return tl::unexpected(std::move(info).error());
    oci::Resources effective = resources;
    if (!resources.devices.empty()) {
        // New device rules replace the config's, and are followed by the allows of the default
        // and configured devices, as at create: on cgroup v2 the device program is rebuilt
        // from the whole list, and without them the container would lose /dev/null.
        auto spec = oci::loadSpec(info->state.bundle);
        if (!spec)
            return withContext(std::move(spec).error(),
                               "update the device rules of container " + quoted(id));
        oci::Linux linuxConfig = spec->linux;
        linuxConfig.resources = oci::Resources{};
        linuxConfig.resources->devices = resources.devices;
        effective.devices = devices::cgroupRules(linuxConfig);
    }
    auto applied = cgroup::apply(info->state.cgroup, effective);
    if (!applied)
        return withContext(std::move(applied).error(), "update container " + quoted(id));
    return {};
}

Result<std::vector<pid_t>> containerProcesses(const StateStore &store, const std::string &id)
{
    auto info = containerInfo(store, id);
    if (!info)
        return tl::unexpected(std::move(info).error());
    if (info->state.cgroup.directories.empty())
        return makeError(ENOTSUP, "cannot list the processes of container " + quoted(id) +
                                      ": it was created without a cgroup");
    return cgroup::processes(info->state.cgroup);
}

Result<cgroup::Stats> containerStats(const StateStore &store, const std::string &id)
{
    auto info =
        infoFor(store, id, "read the statistics of",
                {ContainerStatus::Created, ContainerStatus::Running, ContainerStatus::Paused},
                "created, running or paused");
    if (!info)
        return tl::unexpected(std::move(info).error());
    return cgroup::readStats(info->state.cgroup);
}

Result<EventWatch> EventWatch::open(const StateStore &store, const std::string &id)
{
    auto info =
        infoFor(store, id, "watch",
                {ContainerStatus::Created, ContainerStatus::Running, ContainerStatus::Paused},
                "created, running or paused");
    if (!info)
        return tl::unexpected(std::move(info).error());
    EventWatch watch;
    watch.m_state = std::move(info->state);
    watch.m_epoll.reset(::epoll_create1(EPOLL_CLOEXEC));
    if (!watch.m_epoll)
        return sysError("create an epoll descriptor");

    const pid_t pid = watch.m_state.pid;
    watch.m_pidfd.reset(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    // Checked after opening: the pidfd keeps pointing at this process even if the pid is reused.
    if (!watch.m_pidfd || processStartTime(pid) != watch.m_state.pidStartTime)
        return makeError(ESRCH, "container " + quoted(id) + " is not running");
    GB_TRY(addToEpoll(watch.m_epoll.get(), watch.m_pidfd.get()));

    if (const cgroup::Cgroup::Directory *memory = watch.m_state.cgroup.find("memory")) {
        watch.m_memoryDirectory = memory->path;
        auto notifier =
            memory->unified ? watchMemoryEvents(memory->path) : registerOomEventFd(memory->path);
        // A kernel without the notification still has the counter, which check() compares.
        if (notifier) {
            watch.m_oomFd = std::move(*notifier);
            watch.m_source = memory->unified ? OomSource::Inotify : OomSource::EventFd;
            GB_TRY(addToEpoll(watch.m_epoll.get(), watch.m_oomFd.get()));
        }
        auto kills = oomKillCounter(watch.m_state.cgroup);
        if (!kills)
            return tl::unexpected(std::move(kills).error());
        watch.m_oomKills = *kills;
    }
    return watch;
}

Result<EventWatch::Events> EventWatch::check()
{
    Events events;
    pollfd init{m_pidfd.get(), POLLIN, 0};
    events.stopped = ::poll(&init, 1, 0) > 0;
    if (m_memoryDirectory.empty())
        return events;
    if (m_source == OomSource::EventFd) {
        // The kernel also signals the eventfd when the cgroup is removed: that is no OOM.
        const uint64_t signalled = drain(m_oomFd.get());
        struct stat info;
        if (signalled > 0 &&
            ::stat((m_memoryDirectory + "/cgroup.event_control").c_str(), &info) == 0)
            events.ooms = signalled;
        return events;
    }
    if (m_source == OomSource::Inotify)
        (void)drain(m_oomFd.get());
    auto kills = oomKillCounter(m_state.cgroup);
    // Gone with the cgroup (a concurrent delete): nothing more will happen in it.
    if (!kills)
        return kills.error().code == ENOENT ? Result<Events>(events)
                                            : tl::unexpected(std::move(kills).error());
    if (*kills > m_oomKills)
        events.ooms = *kills - m_oomKills;
    m_oomKills = *kills;
    return events;
}

} // namespace glassbox
