// The one place a cgroup backend is chosen, as runc's cgroups/manager/new.go: by the host's
// layout when a cgroup is made, by the recorded directories when an existing one is managed.
#include "manager_cgroupfs.h"

#include <algorithm>
#include <cerrno>
#include <sys/stat.h>

namespace glassbox::cgroup {

Result<std::unique_ptr<Manager>> makeManager(const Host &host, Driver driver)
{
    if (driver == Driver::Systemd) {
        struct stat info
        {
        };
        const bool systemdRuns = ::stat("/run/systemd/system", &info) == 0;
        return makeError(ENOTSUP, std::string("the systemd cgroup manager is not supported by "
                                              "glassbox-runtime") +
                                      (systemdRuns ? "" : " (and systemd is not running here)") +
                                      "; use --cgroup-manager=cgroupfs");
    }
    if (host.layout == Layout::V2)
        return detail::makeCgroupfsV2Manager(host);
    return detail::makeCgroupfsV1Manager(host);
}

std::unique_ptr<Manager> managerFor(const Cgroup &cgroup)
{
    // The test of Host::detect(): a v1 hierarchy with a controller (not only a name=systemd
    // one for process tracking) makes a v1 or hybrid host.
    const bool v1Controllers = std::any_of(
        cgroup.directories.begin(), cgroup.directories.end(), [](const Cgroup::Directory &d) {
            return !d.unified && std::any_of(d.controllers.begin(), d.controllers.end(),
                                             [](const std::string &controller) {
                                                 return !controller.starts_with("name=");
                                             });
        });
    if (v1Controllers)
        return detail::makeCgroupfsV1Manager({});
    return detail::makeCgroupfsV2Manager({});
}

} // namespace glassbox::cgroup
