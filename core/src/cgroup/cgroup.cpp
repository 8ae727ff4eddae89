// Control groups, the part that does not depend on the version: finding the hierarchies,
// naming, creating and removing a container's directories, moving processes, and sending
// each resource to the hierarchy (v1 or v2) that holds its controller.
#include "cgroup_p.h"
#include "device_filter.h"

#include "glassbox/file_io.h"
#include "glassbox/mountinfo.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace glassbox::cgroup {

using namespace detail;

namespace {

// Option names of v1 mounts that are controllers; anything else ("rw", "xattr",
// "release_agent=...") is a mount option.
constexpr std::string_view v1ControllerNames[] = {
    "blkio",  "cpu",  "cpuacct", "cpuset",   "devices",    "freezer", "hugetlb",
    "memory", "misc", "net_cls", "net_prio", "perf_event", "pids",    "rdma"};

bool isV1Controller(std::string_view option)
{
    return option.starts_with("name=") ||
           std::find(std::begin(v1ControllerNames), std::end(v1ControllerNames), option) !=
               std::end(v1ControllerNames);
}

bool contains(const std::vector<std::string> &list, std::string_view item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::vector<std::string> sorted(std::vector<std::string> list)
{
    std::sort(list.begin(), list.end());
    return list;
}

struct Mount
{
    std::string root; ///< The part of the hierarchy this mount shows.
    std::string mountPoint;
    bool unified = false;
    std::vector<std::string> controllers; ///< v1 only, from the super options.
};

Result<std::vector<Mount>> readCgroupMounts(const std::string &path)
{
    auto text = readFileAt(AT_FDCWD, path);
    if (!text)
        return tl::unexpected(std::move(text).error());
    std::vector<Mount> mounts;
    int number = 0;
    for (const std::string &line : splitOn(*text, '\n')) {
        ++number;
        // id parent major:minor root mount-point options [optional...] - type source super
        auto fields = splitOn(line, ' ');
        auto dash =
            fields.size() > 6 ? std::find(fields.begin() + 6, fields.end(), "-") : fields.end();
        if (dash == fields.end() || fields.end() - dash < 4)
            return makeError(EINVAL, "parse " + quoted(path) + ": line " + std::to_string(number) +
                                         " is malformed");
        const std::string &type = dash[1];
        if (type != "cgroup" && type != "cgroup2")
            continue;
        Mount mount{unescapeMountinfoField(fields[3]),
                    unescapeMountinfoField(fields[4]),
                    type == "cgroup2",
                    {}};
        if (!mount.unified) {
            for (const std::string &option : splitOn(dash[3], ','))
                if (isV1Controller(option))
                    mount.controllers.push_back(option);
        }
        mounts.push_back(std::move(mount));
    }
    return mounts;
}

struct Membership
{
    std::vector<std::string> controllers; ///< Empty for the v2 hierarchy.
    std::string path;
};

Result<std::vector<Membership>> readMemberships(const std::string &path)
{
    auto text = readFileAt(AT_FDCWD, path);
    if (!text)
        return tl::unexpected(std::move(text).error());
    std::vector<Membership> memberships;
    for (const std::string &line : splitOn(*text, '\n')) {
        // hierarchy-id:controllers:path, where the path may itself contain ':'.
        auto first = line.find(':');
        auto second = first == std::string::npos ? first : line.find(':', first + 1);
        if (second == std::string::npos)
            return makeError(EINVAL, "parse " + quoted(path) + ": " + quoted(line) +
                                         " is not hierarchy:controllers:path");
        memberships.push_back({sorted(splitOn(line.substr(first + 1, second - first - 1), ',')),
                               line.substr(second + 1)});
    }
    return memberships;
}

// The process's cgroup as seen below the mount point. A mount of a subtree (a container's
// view of the host's hierarchy) has a root other than "/"; it may not show our cgroup at all.
std::optional<std::string> belowMountRoot(const std::string &own, const std::string &root)
{
    if (root == "/")
        return own;
    if (own == root)
        return std::string("/");
    if (own.starts_with(root + "/"))
        return own.substr(root.size());
    return std::nullopt;
}

// A cgroup path ("/a/b", "/") as a directory below `mountPoint`.
std::string directoryOf(const std::string &mountPoint, const std::string &cgroupPath)
{
    std::string directory = mountPoint;
    while (!directory.empty() && directory.back() == '/')
        directory.pop_back();
    if (cgroupPath == "/")
        return directory.empty() ? std::string("/") : directory;
    return directory + cgroupPath;
}

} // namespace

Result<Host> Host::detect(const Roots &roots)
{
    const std::string mountinfo = joinPath(roots.proc, "self/mountinfo");
    const std::string self = roots.self == 0 ? std::string("self") : std::to_string(roots.self);
    const std::string cgroupFile = joinPath(roots.proc, self + "/cgroup");
    auto mounts = readCgroupMounts(mountinfo);
    if (!mounts)
        return tl::unexpected(std::move(mounts).error());
    auto memberships = readMemberships(cgroupFile);
    if (!memberships)
        return tl::unexpected(std::move(memberships).error());

    Host host;
    bool v1Controllers = false;
    bool unified = false;
    for (const Mount &mount : *mounts) {
        const auto key = sorted(mount.controllers);
        if (!mount.unified && key.empty())
            continue;
        auto member = std::find_if(memberships->begin(), memberships->end(),
                                   [&](const Membership &m) { return m.controllers == key; });
        if (member == memberships->end())
            return makeError(ENOENT, quoted(cgroupFile) + " has no line for the hierarchy at " +
                                         quoted(mount.mountPoint));
        auto own = belowMountRoot(member->path, mount.root);
        // This mount shows another part of the hierarchy; another mount of it may show ours.
        if (!own)
            continue;
        // Bind mounts show the same hierarchy again; the first one is as good as any.
        bool seen =
            std::any_of(host.hierarchies.begin(), host.hierarchies.end(), [&](const Hierarchy &h) {
                return h.unified == mount.unified &&
                       sorted(h.unified ? std::vector<std::string>() : h.controllers) == key;
            });
        if (seen)
            continue;

        Hierarchy hierarchy{mount.mountPoint, mount.controllers, mount.unified, *own};
        if (mount.unified) {
            // Our own cgroup's list: what can be passed down to the cgroups we create.
            auto available = readValue(directoryOf(mount.mountPoint, *own), "cgroup.controllers");
            if (!available)
                return tl::unexpected(std::move(available).error());
            hierarchy.controllers = splitOn(*available, ' ');
            unified = true;
        } else {
            v1Controllers =
                v1Controllers || std::any_of(key.begin(), key.end(), [](const std::string &c) {
                    return !c.starts_with("name=");
                });
        }
        host.hierarchies.push_back(std::move(hierarchy));
    }
    if (!v1Controllers && !unified)
        return makeError(ENOENT, "no cgroup controllers are mounted (read " + quoted(mountinfo) +
                                     " and " + quoted(cgroupFile) + ")");
    host.layout = v1Controllers ? (unified ? Layout::Hybrid : Layout::V1) : Layout::V2;
    return host;
}

const Hierarchy *Host::find(std::string_view controller) const
{
    for (const Hierarchy &h : hierarchies)
        if (!h.unified && contains(h.controllers, controller))
            return &h;
    for (const Hierarchy &h : hierarchies)
        if (h.unified && contains(h.controllers, controller))
            return &h;
    return nullptr;
}

const Cgroup::Directory *Cgroup::find(std::string_view controller) const
{
    for (const Directory &d : directories)
        if (!d.unified && contains(d.controllers, controller))
            return &d;
    for (const Directory &d : directories)
        if (d.unified && contains(d.controllers, controller))
            return &d;
    return nullptr;
}

Result<std::string> containerPath(const Hierarchy &hierarchy, std::string_view cgroupsPath,
                                  std::string_view id)
{
    std::vector<std::string> parts;
    bool absolute = false;
    if (cgroupsPath.empty()) {
        if (id.empty() || id == "." || id == ".." || id.find('/') != std::string_view::npos ||
            id.find('\0') != std::string_view::npos)
            return makeError(EINVAL, "container id " + quoted(id) + " cannot name a cgroup");
        parts = {"glassbox", std::string(id)};
    } else {
        // "slice:prefix:name" is for runtimes that ask systemd to make the cgroup; Glassbox
        // manages cgroupfs itself and would otherwise make a directory with colons in it.
        if (cgroupsPath.find(':') != std::string_view::npos)
            return makeError(EINVAL, "`linux.cgroupsPath`: " + quoted(cgroupsPath) +
                                         " is a systemd slice:prefix:name path; Glassbox "
                                         "needs a cgroupfs path");
        if (cgroupsPath.find('\0') != std::string_view::npos)
            return makeError(EINVAL, "`linux.cgroupsPath` contains a NUL byte");
        absolute = cgroupsPath.front() == '/';
        for (std::string &part : splitOn(cgroupsPath, '/')) {
            if (part == ".")
                continue;
            if (part == "..")
                return makeError(EINVAL, "`linux.cgroupsPath`: " + quoted(cgroupsPath) +
                                             " has a `..` component");
            parts.push_back(std::move(part));
        }
        if (parts.empty())
            return makeError(EINVAL, "`linux.cgroupsPath`: " + quoted(cgroupsPath) + " names " +
                                         (absolute ? "the hierarchy's root" : "our own cgroup") +
                                         ", not a cgroup of the container's own");
    }
    std::string path = absolute ? std::string() : hierarchy.ownPath;
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    for (const std::string &part : parts)
        path += "/" + part;
    return path;
}

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

namespace {

bool isSet(const oci::MemoryResources &memory)
{
    return memory.limit || memory.reservation || memory.swap || memory.swappiness ||
           memory.disableOomKiller.value_or(false);
}

// The controllers `resources` need, as apply() writes them; device rules need none (v1 has a
// hierarchy for them, v2 an eBPF program). `isV1` says whether a v1 hierarchy does a
// controller's work, which then needs nothing from v2; unified keys are v2's in any case.
template <typename IsV1>
Result<std::vector<v2::Need>> v2Needs(const oci::Resources &resources, IsV1 isV1)
{
    std::vector<v2::Need> needs;
    auto need = [&](const char *controller, const char *field) {
        if (!isV1(controller))
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

} // namespace

Result<Cgroup> create(const Host &host, std::string_view cgroupsPath, std::string_view id,
                      const oci::Resources &resources,
                      const std::function<Status(const Cgroup &)> &beforeMaking)
{
    auto needs = v2Needs(resources, [&](std::string_view controller) {
        const Hierarchy *hierarchy = host.find(controller);
        return hierarchy != nullptr && !hierarchy->unified;
    });
    if (!needs)
        return tl::unexpected(std::move(needs).error());

    struct Plan
    {
        const Hierarchy *hierarchy;
        std::string path;
        std::string directory;
    };
    std::vector<Plan> plans;
    for (const Hierarchy &hierarchy : host.hierarchies) {
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
        if (hierarchy.unified)
            GB_TRY(v2::checkControllers(hierarchy.mountPoint, directory, *needs));
        plans.push_back({&hierarchy, std::move(*path), std::move(directory)});
    }
    if (plans.empty())
        return makeError(ENOENT, "no cgroup hierarchy to create the cgroup in");
    if (beforeMaking) {
        Cgroup planned;
        for (const Plan &plan : plans)
            planned.directories.push_back(
                {plan.directory, plan.hierarchy->controllers, plan.hierarchy->unified});
        GB_TRY(beforeMaking(planned));
    }

    Rollback rollback;
    Cgroup cgroup;
    for (const Plan &plan : plans) {
        const Hierarchy &hierarchy = *plan.hierarchy;
        GB_TRY(makeDirectories(hierarchy.mountPoint, plan.path, rollback));
        if (!hierarchy.unified && contains(hierarchy.controllers, "cpuset"))
            GB_TRY(v1::prepareCpuset(hierarchy.mountPoint, plan.directory));
        std::vector<std::string> controllers = hierarchy.controllers;
        if (hierarchy.unified) {
            GB_TRY(v2::enableControllers(hierarchy.mountPoint, plan.directory, *needs));
            // What the new cgroup really has: with an absolute cgroupsPath that is not what
            // the runtime's own cgroup is offered.
            auto offered = readOptional(plan.directory, "cgroup.controllers");
            if (!offered)
                return tl::unexpected(std::move(offered).error());
            if (*offered)
                controllers = splitOn(**offered, ' ');
        }
        cgroup.directories.push_back({plan.directory, std::move(controllers), hierarchy.unified});
    }
    rollback.commit();
    return cgroup;
}

namespace {

const Cgroup::Directory *unifiedDirectory(const Cgroup &cgroup)
{
    for (const Cgroup::Directory &d : cgroup.directories)
        if (d.unified)
            return &d;
    return nullptr;
}

const Cgroup::Directory *v1Directory(const Cgroup &cgroup, std::string_view controller)
{
    const Cgroup::Directory *directory = cgroup.find(controller);
    return directory != nullptr && !directory->unified ? directory : nullptr;
}

// The directory that does `controller`'s work: a v1 hierarchy if one has it (hybrid hosts
// keep their controllers there), otherwise the v2 directory, where apply() has enabled it.
// The v2 directory's own list is not consulted: it is what the runtime's cgroup is offered,
// and a cgroup elsewhere (an absolute cgroupsPath) may be offered more.
Result<const Cgroup::Directory *>
controllerDirectory(const Cgroup &cgroup, std::string_view controller, std::string_view field)
{
    if (const Cgroup::Directory *directory = v1Directory(cgroup, controller))
        return directory;
    if (const Cgroup::Directory *directory = unifiedDirectory(cgroup))
        return directory;
    return makeError(ENOTSUP, quoted(field) + ": the " + quoted(controller) +
                                  " controller is not available: no cgroup v1 hierarchy has it "
                                  "and there is no cgroup v2 hierarchy");
}

// The cgroup v2 directory a device program can be attached to: not the hierarchy's root
// (recognized by its lack of cgroup.events), where it would confine the whole host.
const Cgroup::Directory *deviceFilterDirectory(const Cgroup &cgroup)
{
    const Cgroup::Directory *dir = unifiedDirectory(cgroup);
    return dir != nullptr && fileExists(dir->path, "cgroup.events") ? dir : nullptr;
}

} // namespace

Status apply(const Cgroup &cgroup, const oci::Resources &resources)
{
    // Every v2 controller first, so that a refusal (not offered, or an ancestor that holds
    // processes) comes before any file is written.
    if (const Cgroup::Directory *unified = unifiedDirectory(cgroup)) {
        auto needs = v2Needs(resources, [&](std::string_view controller) {
            return v1Directory(cgroup, controller) != nullptr;
        });
        if (!needs)
            return tl::unexpected(std::move(needs).error());
        GB_TRY(v2::enableControllers({}, unified->path, *needs));
    }
    if (resources.memory && isSet(*resources.memory)) {
        auto dir = controllerDirectory(cgroup, "memory", "linux.resources.memory");
        if (!dir)
            return tl::unexpected(std::move(dir).error());
        GB_TRY((*dir)->unified ? v2::applyMemory((*dir)->path, *resources.memory)
                               : v1::applyMemory((*dir)->path, *resources.memory));
    }
    if (resources.cpu) {
        const oci::CpuResources &cpu = *resources.cpu;
        if (cpu.shares || cpu.quota || cpu.period) {
            auto dir = controllerDirectory(cgroup, "cpu", "linux.resources.cpu");
            if (!dir)
                return tl::unexpected(std::move(dir).error());
            GB_TRY((*dir)->unified ? v2::applyCpu((*dir)->path, cpu)
                                   : v1::applyCpu((*dir)->path, cpu));
        }
        if (!cpu.cpus.empty() || !cpu.mems.empty()) {
            auto dir = controllerDirectory(cgroup, "cpuset", "linux.resources.cpu.cpus");
            if (!dir)
                return tl::unexpected(std::move(dir).error());
            GB_TRY(applyCpuset((*dir)->path, cpu));
        }
    }
    if (resources.pids) {
        auto dir = controllerDirectory(cgroup, "pids", "linux.resources.pids");
        if (!dir)
            return tl::unexpected(std::move(dir).error());
        GB_TRY(applyPids((*dir)->path, *resources.pids));
    }
    if (!resources.devices.empty()) {
        // Both where both exist (hybrid hosts): the kernel checks the v1 controller and the
        // program, and every container on such a host exercises the program.
        const Cgroup::Directory *v1 = v1Directory(cgroup, "devices");
        const Cgroup::Directory *v2 = deviceFilterDirectory(cgroup);
        if (v1 == nullptr && v2 == nullptr)
            return makeError(ENOTSUP, "`linux.resources.devices`: no cgroup v1 `devices` "
                                      "controller, and no cgroup v2 directory of the "
                                      "container's own to attach an eBPF device program to");
        if (v1 != nullptr)
            GB_TRY(v1::applyDevices(v1->path, resources.devices));
        if (v2 != nullptr)
            GB_TRY(applyDeviceFilter(v2->path, resources.devices));
    }
    // Last, so that raw values override the ones derived above, as runc does.
    if (!resources.unified.empty()) {
        const Cgroup::Directory *dir = unifiedDirectory(cgroup);
        if (dir == nullptr)
            return makeError(ENOTSUP, "`linux.resources.unified` needs cgroup v2, and this host "
                                      "has no cgroup v2 hierarchy mounted");
        GB_TRY(v2::applyUnified(dir->path, resources.unified));
    }
    return {};
}

Result<std::string> moveIntoLeaf(const Host &host, std::string_view leaf,
                                 const std::vector<std::string> &passDown)
{
    if (leaf.empty() || leaf == "." || leaf == ".." || leaf.find('/') != std::string_view::npos ||
        leaf.find('\0') != std::string_view::npos)
        return makeError(EINVAL, "cgroup leaf " + quoted(leaf) + " is not a directory name");
    // On hybrid and v1 hosts the process would stay where it is in the v1 hierarchies.
    if (host.layout != Layout::V2 || host.hierarchies.size() != 1)
        return makeError(ENOTSUP, "moving into cgroup leaf " + quoted(leaf) +
                                      " needs a pure cgroup v2 host");
    const Hierarchy &hierarchy = host.hierarchies.front();
    if (hierarchy.ownPath == "/")
        return makeError(EINVAL, "moving into cgroup leaf " + quoted(leaf) +
                                     ": this process is in the hierarchy's root cgroup");
    const std::string own = directoryOf(hierarchy.mountPoint, hierarchy.ownPath);
    const std::string directory = joinPath(own, leaf);
    if (::mkdir(directory.c_str(), 0755) != 0 && errno != EEXIST)
        return sysError("mkdir " + quoted(directory));
    auto moved =
        writeFileAt(AT_FDCWD, joinPath(directory, "cgroup.procs"), std::to_string(::getpid()));
    if (!moved)
        return withContext(std::move(moved).error(), "move into cgroup leaf " + quoted(leaf));
    std::vector<v2::Need> needs;
    for (const std::string &controller : passDown)
        if (contains(hierarchy.controllers, controller))
            needs.push_back({controller, "cgroup leaf " + std::string(leaf)});
    GB_TRY(v2::enableControllers(hierarchy.mountPoint, directory, needs));
    return hierarchy.ownPath;
}

Status enter(const Cgroup &cgroup, pid_t pid)
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

Result<std::vector<pid_t>> processes(const Cgroup &cgroup)
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

// v1's freezer controller where there is one; otherwise cgroup.freeze, which every non-root
// v2 cgroup has without any controller.
Result<const Cgroup::Directory *> freezerDirectory(const Cgroup &cgroup)
{
    if (const Cgroup::Directory *dir = v1Directory(cgroup, "freezer"))
        return dir;
    if (const Cgroup::Directory *dir = unifiedDirectory(cgroup))
        return dir;
    return makeError(ENOTSUP, "cannot freeze: no cgroup v1 `freezer` hierarchy and no cgroup v2");
}

} // namespace

Status setFrozen(const Cgroup &cgroup, bool frozen)
{
    auto dir = freezerDirectory(cgroup);
    if (!dir)
        return tl::unexpected(std::move(dir).error());
    return (*dir)->unified ? v2::setFrozen((*dir)->path, frozen)
                           : v1::setFrozen((*dir)->path, frozen);
}

Result<bool> isFrozen(const Cgroup &cgroup)
{
    auto dir = freezerDirectory(cgroup);
    if (!dir)
        return tl::unexpected(std::move(dir).error());
    return (*dir)->unified ? v2::isFrozen((*dir)->path) : v1::isFrozen((*dir)->path);
}

Result<Stats> readStats(const Cgroup &cgroup)
{
    Stats stats;
    if (const Cgroup::Directory *dir = v1Directory(cgroup, "cpuacct"))
        GB_TRY(v1::readCpuStats(dir->path, stats));
    else if (const Cgroup::Directory *unified = unifiedDirectory(cgroup))
        GB_TRY(v2::readCpuStats(unified->path, stats));
    // A v2 directory has memory.* and pids.* only where the controller is enabled (a limit
    // asked for it, or the parent passes it down anyway); without them the values stay unset.
    if (const Cgroup::Directory *dir = v1Directory(cgroup, "memory"))
        GB_TRY(v1::readMemoryStats(dir->path, stats));
    else if (const Cgroup::Directory *unified = unifiedDirectory(cgroup))
        GB_TRY(v2::readMemoryStats(unified->path, stats));
    if (const Cgroup::Directory *dir = v1Directory(cgroup, "pids"))
        GB_TRY(readPidsStats(dir->path, stats));
    else if (const Cgroup::Directory *unified = unifiedDirectory(cgroup))
        GB_TRY(readPidsStats(unified->path, stats));
    return stats;
}

Result<Pressure> readPressure(const Cgroup &cgroup)
{
    const Cgroup::Directory *unified = unifiedDirectory(cgroup);
    if (!unified)
        return makeError(ENOTSUP, "the cgroup has no cgroup v2 directory, where PSI is kept");
    return v2::readPressure(unified->path);
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
Status destroy(const Cgroup &cgroup)
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

} // namespace glassbox::cgroup
