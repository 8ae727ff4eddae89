// Finding the host's cgroup hierarchies (v1, v2 or hybrid) from the mount table and the
// process's own cgroups, and which hierarchy or directory holds a controller.
#include "cgroup_p.h"

#include "glassbox/file_io.h"
#include "glassbox/mountinfo.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>

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

namespace detail {

const Hierarchy *unifiedHierarchy(const Host &host)
{
    for (const Hierarchy &h : host.hierarchies)
        if (h.unified)
            return &h;
    return nullptr;
}

const Hierarchy *v1Hierarchy(const Host &host, std::string_view controller)
{
    const Hierarchy *hierarchy = host.find(controller);
    return hierarchy != nullptr && !hierarchy->unified ? hierarchy : nullptr;
}

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

} // namespace detail

} // namespace glassbox::cgroup
