// The config.json `glassbox-runtime spec` writes: runc's example spec with Docker's defaults
// (capabilities, seccomp profile, masked paths), so a fresh bundle behaves like `docker run`.
#include "glassbox/capabilities.h"
#include "glassbox/oci/spec.h"
#include "glassbox/seccomp.h"

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace glassbox::oci {
namespace {

using nlohmann::json;

json mount(const char *destination, const char *type, const char *source,
           std::initializer_list<const char *> options)
{
    json entry = json::object();
    entry["destination"] = destination;
    entry["type"] = type;
    entry["source"] = source;
    if (options.size() > 0)
        entry["options"] = json(options);
    return entry;
}

json process()
{
    // Docker grants its default capabilities as bounding, effective and permitted; none are
    // inheritable or ambient, so an exec'd non-root program gets none of them.
    const json capabilities = json(caps::dockerDefaultNames());
    json result = json::object();
    result["terminal"] = true;
    result["user"] = {{"uid", 0}, {"gid", 0}};
    result["args"] = json::array({"sh"});
    result["env"] = json::array(
        {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"});
    result["cwd"] = "/";
    result["capabilities"] = {
        {"bounding", capabilities}, {"effective", capabilities}, {"permitted", capabilities}};
    json nofile = json::object();
    nofile["type"] = "RLIMIT_NOFILE";
    nofile["hard"] = 1024;
    nofile["soft"] = 1024;
    result["rlimits"] = json::array({nofile});
    result["noNewPrivileges"] = true;
    return result;
}

json mounts()
{
    return json::array({
        mount("/proc", "proc", "proc", {}),
        mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}),
        mount("/dev/pts", "devpts", "devpts",
              {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}),
        mount("/dev/shm", "tmpfs", "shm",
              {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}),
        mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}),
        mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}),
        mount("/sys/fs/cgroup", "cgroup", "cgroup",
              {"nosuid", "noexec", "nodev", "relatime", "ro"}),
    });
}

json linuxSection()
{
    json result = json::object();
    json deny = json::object();
    deny["allow"] = false;
    deny["access"] = "rwm";
    result["resources"] = {{"devices", json::array({deny})}};

    // No user namespace (Docker's default: container root is host root, held in by caps,
    // seccomp and masks) and no time namespace (Docker does not create one).
    json namespaces = json::array();
    for (const char *type : {"pid", "network", "ipc", "uts", "mount", "cgroup"}) {
        json entry = json::object();
        entry["type"] = type;
        namespaces.push_back(std::move(entry));
    }
    result["namespaces"] = std::move(namespaces);

    // Kernel files that leak host details or reach host hardware: hidden, or made read-only.
    result["maskedPaths"] = defaultMaskedPaths();
    result["readonlyPaths"] = json::array({
        "/proc/bus",
        "/proc/fs",
        "/proc/irq",
        "/proc/sys",
        "/proc/sysrq-trigger",
    });

    // Parsing text we generated ourselves cannot fail; the non-throwing overload keeps
    // exceptions out of the core regardless.
    json profile = json::parse(seccomp::defaultProfileJson(caps::dockerDefaultNames()), nullptr,
                               /*allow_exceptions=*/false);
    if (!profile.is_discarded())
        result["seccomp"] = std::move(profile);
    return result;
}

} // namespace

const std::vector<std::string> &defaultMaskedPaths()
{
    static const std::vector<std::string> paths = {
        "/proc/acpi",
        "/proc/asound",
        "/proc/kcore",
        "/proc/keys",
        "/proc/latency_stats",
        "/proc/timer_list",
        "/proc/timer_stats",
        "/proc/sched_debug",
        "/sys/firmware",
        "/proc/scsi",
        "/sys/devices/virtual/powercap",
    };
    return paths;
}

std::string defaultSpecJson()
{
    json spec = json::object();
    // The runtime-spec release whose fields this config uses; the parser accepts any 1.x.
    spec["ociVersion"] = "1.0.2";
    spec["process"] = process();
    spec["root"] = {{"path", "rootfs"}, {"readonly", true}};
    spec["hostname"] = "glassbox";
    spec["mounts"] = mounts();
    spec["linux"] = linuxSection();
    return spec.dump(2);
}

} // namespace glassbox::oci
