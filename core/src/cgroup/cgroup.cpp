// Control groups, the front end: a container's cgroup path, moving the runtime itself into a
// leaf, and the functions of cgroup.h, each a forward to the backend that manager.cpp
// chooses (makeManager() for the host when a cgroup is made, managerFor() afterwards).
// Detection is host.cpp; the backends are manager_cgroupfs*.cpp.
#include "cgroup_p.h"

#include "glassbox/cgroup/manager.h"
#include "glassbox/file_io.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glassbox::cgroup {

using namespace detail;

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

Result<Cgroup> create(const Host &host, std::string_view cgroupsPath, std::string_view id,
                      const oci::Resources &resources,
                      const std::function<Status(const Cgroup &)> &beforeMaking)
{
    auto manager = makeManager(host);
    if (!manager)
        return tl::unexpected(std::move(manager).error());
    return (*manager)->create(cgroupsPath, id, resources, beforeMaking);
}

Status apply(const Cgroup &cgroup, const oci::Resources &resources)
{
    return managerFor(cgroup)->apply(cgroup, resources);
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
    return managerFor(cgroup)->enter(cgroup, pid);
}

Result<std::vector<pid_t>> processes(const Cgroup &cgroup)
{
    return managerFor(cgroup)->processes(cgroup);
}

Status setFrozen(const Cgroup &cgroup, bool frozen)
{
    return managerFor(cgroup)->setFrozen(cgroup, frozen);
}

Result<bool> isFrozen(const Cgroup &cgroup)
{
    return managerFor(cgroup)->isFrozen(cgroup);
}

Result<Stats> readStats(const Cgroup &cgroup)
{
    return managerFor(cgroup)->readStats(cgroup);
}

Result<Pressure> readPressure(const Cgroup &cgroup)
{
    return managerFor(cgroup)->readPressure(cgroup);
}

Status destroy(const Cgroup &cgroup)
{
    return managerFor(cgroup)->destroy(cgroup);
}

} // namespace glassbox::cgroup
