// The part of a container's cgroup that is the same on every cgroupfs layout: its
// directories (one per hierarchy; the v2 one passes down the controllers the resources
// need), moving processes in, listing them, and removing the directories again.
#include "manager_cgroupfs.h"

#include "glassbox/file_io.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace glassbox::cgroup::detail {

namespace {

// Removes the directories create() made unless it finishes, deepest first.
class Rollback
{
public:
    Rollback() = default;
    Rollback(const Rollback &) = delete;
    Rollback &operator=(const Rollback &) = delete;
    ~Rollback()
    {
        for (auto it = m_made.rbegin(); it != m_made.rend(); ++it)
            ::rmdir(it->c_str());
    }
    void made(std::string directory) { m_made.push_back(std::move(directory)); }
    void commit() { m_made.clear(); }

private:
    std::vector<std::string> m_made;
};

// mkdir -p from the mount point down. The last directory must be new: sharing a cgroup would
// mix another workload's limits and processes with the container's.
Status makeDirectories(const std::string &mountPoint, const std::string &cgroupPath,
                       Rollback &rollback)
{
    const auto parts = splitOn(cgroupPath, '/');
    // A concurrent destroy may remove an empty parent between two mkdirs: start over then.
    for (int attempt = 0;; ++attempt) {
        std::string directory = directoryOf(mountPoint, "/");
        bool vanished = false;
        for (size_t i = 0; i < parts.size() && !vanished; ++i) {
            directory = joinPath(directory, parts[i]);
            const bool last = i + 1 == parts.size();
            if (::mkdir(directory.c_str(), 0755) == 0) {
                rollback.made(directory);
                continue;
            }
            if (errno == EEXIST && !last)
                continue;
            if (errno == EEXIST)
                return makeError(EEXIST, "cgroup " + quoted(directory) + " already exists");
            if (errno != ENOENT || attempt == 3)
                return sysError("mkdir " + quoted(directory));
            vanished = true;
        }
        if (!vanished)
            return {};
    }
}

} // namespace

bool isSet(const oci::MemoryResources &memory)
{
    return memory.limit || memory.reservation || memory.swap || memory.swappiness ||
           memory.disableOomKiller.value_or(false);
}

Result<std::vector<v2::Need>> v2Needs(const oci::Resources &resources,
                                      const std::function<bool(std::string_view)> &inV1)
{
    std::vector<v2::Need> needs;
    auto need = [&](const char *controller, const char *field) {
        if (!inV1(controller))
            needs.push_back({controller, field});
    };
    if (resources.memory && isSet(*resources.memory))
        need("memory", "linux.resources.memory");
    if (resources.cpu) {
        const oci::CpuResources &cpu = *resources.cpu;
        if (cpu.shares || cpu.quota || cpu.period)
            need("cpu", "linux.resources.cpu");
        if (!cpu.cpus.empty() || !cpu.mems.empty())
            need("cpuset", "linux.resources.cpu.cpus");
    }
    if (resources.pids)
        need("pids", "linux.resources.pids");
    for (const auto &[key, value] : resources.unified) {
        std::string field = "linux.resources.unified[\"" + key + "\"]";
        auto controller = v2::unifiedController(key, field);
        if (!controller)
            return tl::unexpected(std::move(controller).error());
        // cgroup.* files belong to the core, which needs no controller.
        if (*controller != "cgroup")
            needs.push_back({std::move(*controller), std::move(field)});
    }
    return needs;
}

const Cgroup::Directory *deviceProgramDirectory(const Cgroup &cgroup)
{
    const Cgroup::Directory *dir = unifiedDirectory(cgroup);
    return dir != nullptr && fileExists(dir->path, "cgroup.events") ? dir : nullptr;
}

CgroupfsManager::CgroupfsManager(Host host) : m_host(std::move(host)) {}

Result<Cgroup> CgroupfsManager::create(std::string_view cgroupsPath, std::string_view id,
                                       const oci::Resources &resources,
                                       const std::function<Status(const Cgroup &)> &beforeMaking)
{
    auto needs = v2Needs(resources, [&](std::string_view controller) {
        return v1Hierarchy(m_host, controller) != nullptr;
    });
    if (!needs)
        return tl::unexpected(std::move(needs).error());
    const Hierarchy *unified = unifiedHierarchy(m_host);

    struct Plan
    {
        const Hierarchy *hierarchy;
        std::string path;
        std::string directory;
    };
    std::vector<Plan> plans;
    for (const Hierarchy &hierarchy : m_host.hierarchies) {
        auto path = containerPath(hierarchy, cgroupsPath, id);
        if (!path)
            return tl::unexpected(std::move(path).error());
        std::string directory = directoryOf(hierarchy.mountPoint, *path);
        // Checked in every hierarchy before anything is made, so that a refusal changes nothing.
        struct stat info;
        if (::lstat(directory.c_str(), &info) == 0)
            return makeError(EEXIST, "cgroup " + quoted(directory) + " already exists");
        // Only controllers a resource needs are passed down, and only through ancestors that
        // hold no processes: a login shell's session scope may hold the container's cgroup
        // (children without controllers are allowed there) but cannot give it a memory limit.
        if (&hierarchy == unified)
            GB_TRY(v2::checkControllers(hierarchy.mountPoint, directory, *needs));
        plans.push_back({&hierarchy, std::move(*path), std::move(directory)});
    }
    if (plans.empty())
        return makeError(ENOENT, "no cgroup hierarchy to create the cgroup in");
    if (beforeMaking) {
        Cgroup planned;
        for (const Plan &plan : plans)
            planned.directories.push_back(
                {plan.directory, plan.hierarchy->controllers, plan.hierarchy == unified});
        GB_TRY(beforeMaking(planned));
    }

    Rollback rollback;
    Cgroup cgroup;
    for (const Plan &plan : plans) {
        const Hierarchy &hierarchy = *plan.hierarchy;
        GB_TRY(makeDirectories(hierarchy.mountPoint, plan.path, rollback));
        if (&hierarchy != unified && contains(hierarchy.controllers, "cpuset"))
            GB_TRY(v1::prepareCpuset(hierarchy.mountPoint, plan.directory));
        std::vector<std::string> controllers = hierarchy.controllers;
        if (&hierarchy == unified) {
            GB_TRY(v2::enableControllers(hierarchy.mountPoint, plan.directory, *needs));
            // What the new cgroup really has: with an absolute cgroupsPath that is not what
            // the runtime's own cgroup is offered.
            auto offered = readOptional(plan.directory, "cgroup.controllers");
            if (!offered)
                return tl::unexpected(std::move(offered).error());
            if (*offered)
                controllers = splitOn(**offered, ' ');
        }
        cgroup.directories.push_back(
            {plan.directory, std::move(controllers), &hierarchy == unified});
    }
    rollback.commit();
    return cgroup;
}

Status CgroupfsManager::enter(const Cgroup &cgroup, pid_t pid)
{
    if (cgroup.directories.empty())
        return makeError(EINVAL, "the cgroup has no directories");
    for (const Cgroup::Directory &directory : cgroup.directories) {
        auto written =
            writeFileAt(AT_FDCWD, joinPath(directory.path, "cgroup.procs"), std::to_string(pid));
        if (!written)
            return withContext(std::move(written).error(),
                               "move process " + std::to_string(pid) + " into its cgroup");
    }
    return {};
}

Result<std::vector<pid_t>> CgroupfsManager::processes(const Cgroup &cgroup)
{
    if (cgroup.directories.empty())
        return makeError(EINVAL, "the cgroup has no directories");
    // Every hierarchy tracks processes, and enter() puts them into all of them.
    const std::string path = joinPath(cgroup.directories.front().path, "cgroup.procs");
    auto text = readFileAt(AT_FDCWD, path);
    if (!text)
        return tl::unexpected(std::move(text).error());
    std::vector<pid_t> pids;
    for (const std::string &line : splitOn(*text, '\n')) {
        auto pid = parseNumber(line, path);
        if (!pid)
            return tl::unexpected(std::move(pid).error());
        pids.push_back(static_cast<pid_t>(*pid));
    }
    return pids;
}

namespace {

struct DirCloser
{
    void operator()(DIR *dir) const { ::closedir(dir); }
};

Status removeDirectory(const std::string &directory)
{
    std::vector<std::string> children;
    {
        std::unique_ptr<DIR, DirCloser> dir(::opendir(directory.c_str()));
        if (!dir) {
            if (errno == ENOENT)
                return {};
            return sysError("open " + quoted(directory));
        }
        while (const dirent *entry = ::readdir(dir.get())) {
            std::string_view name = entry->d_name;
            if (name == "." || name == "..")
                continue;
            struct stat info;
            if (::fstatat(::dirfd(dir.get()), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISDIR(info.st_mode))
                children.emplace_back(name);
        }
    }
    // A container with its own cgroup namespace may have made cgroups of its own inside.
    for (const std::string &child : children)
        GB_TRY(removeDirectory(joinPath(directory, child)));

    // The kernel keeps a cgroup busy for a moment after its last task has exited.
    using namespace std::chrono_literals;
    auto delay = 10ms;
    auto waited = 0ms;
    for (;;) {
        if (::rmdir(directory.c_str()) == 0 || errno == ENOENT)
            return {};
        if (errno != EBUSY || waited >= 1000ms)
            return sysError("rmdir " + quoted(directory));
        std::this_thread::sleep_for(delay);
        waited += delay;
        delay = std::min(delay * 2, 200ms);
    }
}

} // namespace

// Only the container's own directories go: the shared <own>/glassbox parent stays, because
// an administrator may have put limits for all containers on it, and removing it would race
// with a sibling container's create().
Status CgroupfsManager::destroy(const Cgroup &cgroup)
{
    Status result;
    // Every hierarchy is tried even after a failure, so one busy directory leaves no others.
    for (auto it = cgroup.directories.rbegin(); it != cgroup.directories.rend(); ++it) {
        auto removed = removeDirectory(it->path);
        if (!removed && result)
            result = std::move(removed);
    }
    return result;
}

} // namespace glassbox::cgroup::detail
