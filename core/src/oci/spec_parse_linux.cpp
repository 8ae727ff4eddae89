// config.json's `linux` section: namespaces, id mappings, devices, cgroup resources, seccomp,
// plus the namespace name tables the rest of the core uses.
#include "glassbox/oci/spec.h"

#include "oci/spec_parse_p.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <sched.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080 // Linux 5.6; older libc headers lack it.
#endif

namespace glassbox::oci {

namespace {

struct NamespaceInfo
{
    NamespaceType type;
    std::string_view specName;
    const char *procName;
    int cloneFlag;
};

// Indexed by NamespaceType (checked below).
constexpr std::array<NamespaceInfo, 8> namespaceInfo = {{
    {NamespaceType::Pid, "pid", "pid", CLONE_NEWPID},
    {NamespaceType::Network, "network", "net", CLONE_NEWNET},
    {NamespaceType::Mount, "mount", "mnt", CLONE_NEWNS},
    {NamespaceType::Ipc, "ipc", "ipc", CLONE_NEWIPC},
    {NamespaceType::Uts, "uts", "uts", CLONE_NEWUTS},
    {NamespaceType::User, "user", "user", CLONE_NEWUSER},
    {NamespaceType::Cgroup, "cgroup", "cgroup", CLONE_NEWCGROUP},
    {NamespaceType::Time, "time", "time", CLONE_NEWTIME},
}};

static_assert(std::all_of(namespaceInfo.begin(), namespaceInfo.end(), [](const auto &info) {
    return &info == &namespaceInfo[static_cast<size_t>(info.type)];
}));

const NamespaceInfo &info(NamespaceType type)
{
    return namespaceInfo[static_cast<size_t>(type)];
}

} // namespace

int cloneFlag(NamespaceType type)
{
    return info(type).cloneFlag;
}

const char *procName(NamespaceType type)
{
    return info(type).procName;
}

const char *specName(NamespaceType type)
{
    return info(type).specName.data(); // The literals above are NUL-terminated.
}

const Namespace *Linux::findNamespace(NamespaceType type) const
{
    auto it = std::find_if(namespaces.begin(), namespaces.end(),
                           [type](const Namespace &ns) { return ns.type == type; });
    return it == namespaces.end() ? nullptr : &*it;
}

namespace {

using detail::Field;

Status parseAbsolutePath(const Field &field, std::string &out)
{
    GB_TRY(field.get(out));
    return detail::absolute(field, out);
}

Status parseNamespace(const Field &field, Namespace &out)
{
    GB_TRY(field.expectObject());
    std::string type;
    GB_TRY(field.readRequired("type", type));
    auto known = std::find_if(namespaceInfo.begin(), namespaceInfo.end(),
                              [&](const NamespaceInfo &entry) { return entry.specName == type; });
    if (known == namespaceInfo.end())
        return field.find("type")->fail("unknown namespace type " + glassbox::quoted(type));
    out.type = known->type;
    // An empty path is what Go encoders write for "create a new one".
    GB_TRY(field.read("path", out.path, [](const Field &path, const std::string &value) {
        return value.empty() ? Status() : detail::absolute(path, value);
    }));
    return {};
}

Status parseIdMapping(const Field &field, IdMapping &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.readRequired("containerID", out.containerId));
    GB_TRY(field.readRequired("hostID", out.hostId));
    GB_TRY(field.readRequired("size", out.size, detail::positive));
    // The kernel refuses a range that wraps past the last 32-bit id when the map is written,
    // deep inside container setup; catching it here names the field instead.
    constexpr uint64_t idCount = uint64_t{1} << 32;
    if (uint64_t{out.containerId} + out.size > idCount || uint64_t{out.hostId} + out.size > idCount)
        return field.find("size")->fail("range goes past the last 32-bit id");
    return {};
}

Status parseTimeOffsets(const Field &field, std::map<std::string, TimeOffset> &out)
{
    GB_TRY(field.expectObject());
    for (const auto &item : field.json().items()) {
        const Field clock = field.entry(item.key());
        if (item.key() != "monotonic" && item.key() != "boottime")
            return clock.fail("unknown clock, expected `monotonic` or `boottime`");
        GB_TRY(clock.expectObject());
        TimeOffset offset;
        GB_TRY(clock.read("secs", offset.secs));
        GB_TRY(clock.read("nanosecs", offset.nanosecs, [](const Field &ns, uint32_t value) {
            return value < 1'000'000'000 ? Status() : ns.fail("must be less than 1000000000");
        }));
        out[item.key()] = offset;
    }
    return {};
}

Status parseDevice(const Field &field, Device &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.readRequired("path", out.path, detail::absolute));
    std::string type;
    GB_TRY(field.readRequired("type", type, [](const Field &member, const std::string &value) {
        if (value.size() != 1 || std::string_view("cbup").find(value[0]) == std::string::npos)
            return Status(
                member.fail("must be `c`, `b`, `u` or `p`, got " + glassbox::quoted(value)));
        return Status();
    }));
    out.type = type[0];
    // A FIFO has no device number; every other type needs both.
    const auto nonNegative = [](const Field &member, int64_t value) {
        return value >= 0 ? Status() : member.fail("must not be negative");
    };
    if (out.type == 'p') {
        GB_TRY(field.read("major", out.major, nonNegative));
        GB_TRY(field.read("minor", out.minor, nonNegative));
    } else {
        GB_TRY(field.readRequired("major", out.major, nonNegative));
        GB_TRY(field.readRequired("minor", out.minor, nonNegative));
    }
    GB_TRY(field.read("fileMode", out.fileMode));
    GB_TRY(field.read("uid", out.uid));
    GB_TRY(field.read("gid", out.gid));
    return {};
}

Status parseDeviceRule(const Field &field, DeviceRule &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.readRequired("allow", out.allow));
    std::string type = "a"; // Unset means all devices.
    GB_TRY(field.read("type", type, [](const Field &member, const std::string &value) {
        if (value.size() > 1 ||
            (value.size() == 1 && std::string_view("acb").find(value[0]) == std::string::npos))
            return Status(member.fail("must be `a`, `c` or `b`, got " + glassbox::quoted(value)));
        return Status();
    }));
    out.type = type.empty() ? 'a' : type[0];
    // runc writes -1 for "any"; store that as unset so there is one way to say it.
    const auto readNumber = [&](std::string_view key, std::optional<int64_t> &number) -> Status {
        GB_TRY(field.read(key, number, [](const Field &member, int64_t value) {
            return value >= -1 ? Status() : member.fail("must be -1 (any) or >= 0");
        }));
        if (number == -1)
            number.reset();
        return {};
    };
    GB_TRY(readNumber("major", out.major));
    GB_TRY(readNumber("minor", out.minor));
    GB_TRY(field.read("access", out.access, [](const Field &member, const std::string &value) {
        // The device cgroup refuses an empty access list, and so does runc.
        if (value.empty() || value.find_first_not_of("rwm") != std::string::npos)
            return Status(member.fail("must be a combination of `r`, `w` and `m`, got " +
                                      glassbox::quoted(value)));
        return Status();
    }));
    return {};
}

// "0-3,8,10-11": the list format of cpuset.cpus and cpuset.mems.
bool isCpuList(std::string_view text)
{
    if (text.empty())
        return true;
    const char *pos = text.data();
    const char *end = text.data() + text.size();
    for (;;) {
        unsigned first = 0;
        auto [next, error] = std::from_chars(pos, end, first);
        if (error != std::errc())
            return false;
        pos = next;
        if (pos != end && *pos == '-') {
            unsigned last = 0;
            auto [after, rangeError] = std::from_chars(pos + 1, end, last);
            if (rangeError != std::errc() || last < first)
                return false;
            pos = after;
        }
        if (pos == end)
            return true;
        if (*pos != ',')
            return false;
        ++pos;
    }
}

Status checkCpuList(const Field &field, const std::string &value)
{
    if (!isCpuList(value))
        return field.fail("not a list such as `0-3,7`: " + glassbox::quoted(value));
    return {};
}

Status parseMemory(const Field &field, MemoryResources &out)
{
    GB_TRY(field.expectObject());
    // `kernel` and `kernelTCP` are deprecated by the spec (kernel memory accounting is gone
    // from cgroup v2 and Linux 6.x ignores it on v1) yet podman and older Docker still send
    // them, so they are accepted and ignored rather than refused.
    GB_TRY(field.refuse({"useHierarchy", "checkBeforeUpdate"}));
    GB_TRY(field.read("limit", out.limit, detail::limitOrUnlimited));
    GB_TRY(field.read("reservation", out.reservation, detail::limitOrUnlimited));
    GB_TRY(field.read("swap", out.swap, detail::limitOrUnlimited));
    GB_TRY(field.read("swappiness", out.swappiness, [](const Field &member, uint64_t value) {
        return value <= 100 ? Status() : member.fail("must be between 0 and 100");
    }));
    GB_TRY(field.read("disableOOMKiller", out.disableOomKiller));
    return {};
}

Status parseCpu(const Field &field, CpuResources &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.refuse({"realtimeRuntime", "realtimePeriod", "burst", "idle"}));
    GB_TRY(field.read("shares", out.shares));
    GB_TRY(field.read("quota", out.quota, detail::limitOrUnlimited));
    GB_TRY(field.read("period", out.period));
    GB_TRY(field.read("cpus", out.cpus, checkCpuList));
    GB_TRY(field.read("mems", out.mems, checkCpuList));
    return {};
}

Status parsePids(const Field &field, PidsResources &out)
{
    GB_TRY(field.expectObject());
    // Required up to spec 1.2, optional since; absent means no limit either way.
    GB_TRY(field.read("limit", out.limit, detail::limitOrUnlimited));
    return {};
}

Status parseResources(const Field &field, Resources &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.refuse({"blockIO", "hugepageLimits", "network", "rdma"}));
    GB_TRY(field.parseList("devices", out.devices, parseDeviceRule));
    GB_TRY(field.parseMember("memory", out.memory, parseMemory));
    GB_TRY(field.parseMember("cpu", out.cpu, parseCpu));
    GB_TRY(field.parseMember("pids", out.pids, parsePids));
    GB_TRY(field.read("unified", out.unified));
    for (const auto &[key, value] : out.unified) {
        // Each key becomes a file name in the container's cgroup directory.
        if (key.empty() || key == "." || key == ".." || key.find('/') != std::string::npos)
            return field.find("unified")->entry(key).fail("not a cgroup file name");
    }
    return {};
}

constexpr std::array<std::pair<std::string_view, SeccompAction>, 8> seccompActions = {{
    {"SCMP_ACT_KILL", SeccompAction::Kill},
    {"SCMP_ACT_KILL_THREAD", SeccompAction::Kill}, // The same action under its newer name.
    {"SCMP_ACT_KILL_PROCESS", SeccompAction::KillProcess},
    {"SCMP_ACT_TRAP", SeccompAction::Trap},
    {"SCMP_ACT_ERRNO", SeccompAction::Errno},
    {"SCMP_ACT_TRACE", SeccompAction::Trace},
    {"SCMP_ACT_ALLOW", SeccompAction::Allow},
    {"SCMP_ACT_LOG", SeccompAction::Log},
}};

constexpr std::array<std::string_view, 7> seccompOperators = {
    "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",        "SCMP_CMP_EQ",
    "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
};

Status parseSeccompAction(const Field &field, SeccompAction &out)
{
    std::string name;
    GB_TRY(field.get(name));
    // A user-space notifier needs listenerPath and an agent to answer; neither exists here.
    if (name == "SCMP_ACT_NOTIFY")
        return field.fail("`SCMP_ACT_NOTIFY` is not supported by glassbox-runtime");
    auto known = std::find_if(seccompActions.begin(), seccompActions.end(),
                              [&](const auto &entry) { return entry.first == name; });
    if (known == seccompActions.end())
        return field.fail("unknown seccomp action " + glassbox::quoted(name));
    out = known->second;
    return {};
}

Status parseSeccompArg(const Field &field, SeccompArg &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.readRequired("index", out.index, [](const Field &member, unsigned value) {
        return value < 6
                   ? Status()
                   : member.fail("must be less than 6 (a system call has 6 arguments at most)");
    }));
    GB_TRY(field.readRequired("value", out.value));
    GB_TRY(field.read("valueTwo", out.valueTwo));
    GB_TRY(field.readRequired("op", out.op, [](const Field &member, const std::string &value) {
        if (std::find(seccompOperators.begin(), seccompOperators.end(), value) ==
            seccompOperators.end())
            return Status(member.fail("unknown operator " + glassbox::quoted(value)));
        return Status();
    }));
    return {};
}

Status parseSyscall(const Field &field, SeccompSyscall &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.readRequired("names", out.names));
    if (out.names.empty())
        return field.find("names")->fail("must not be empty");
    for (size_t i = 0; i < out.names.size(); ++i) {
        if (out.names[i].empty())
            return field.find("names")->element(i).fail("must not be empty");
    }
    auto action = field.require("action");
    if (!action)
        return tl::unexpected(std::move(action).error());
    GB_TRY(parseSeccompAction(*action, out.action));
    GB_TRY(field.read("errnoRet", out.errnoRet));
    GB_TRY(field.parseList("args", out.args, parseSeccompArg));
    return {};
}

Status parseSeccomp(const Field &field, Seccomp &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.refuseNonEmpty({"listenerPath", "listenerMetadata"}));
    auto action = field.require("defaultAction");
    if (!action)
        return tl::unexpected(std::move(action).error());
    GB_TRY(parseSeccompAction(*action, out.defaultAction));
    GB_TRY(field.read("defaultErrnoRet", out.defaultErrnoRet));
    // Architecture and flag names are checked where they are compiled (seccomp.cpp), which
    // knows what this libseccomp supports.
    GB_TRY(field.read("architectures", out.architectures));
    GB_TRY(field.read("flags", out.flags));
    GB_TRY(field.parseList("syscalls", out.syscalls, parseSyscall));
    return {};
}

Status checkPropagation(const Field &field, const std::string &value)
{
    static constexpr std::array<std::string_view, 8> known = {
        "private", "rprivate", "slave", "rslave", "shared", "rshared", "unbindable", "runbindable",
    };
    if (!value.empty() && std::find(known.begin(), known.end(), value) == known.end())
        return field.fail("unknown propagation " + glassbox::quoted(value));
    return {};
}

Status checkCgroupsPath(const Field &field, const std::string &value)
{
    // The cgroup must stay inside the subtree Glassbox was delegated.
    size_t start = 0;
    while (start <= value.size()) {
        size_t end = std::min(value.find('/', start), value.size());
        if (value.compare(start, end - start, "..") == 0)
            return field.fail("must not contain `..`");
        start = end + 1;
    }
    return {};
}

// Settings that only make sense inside a namespace the container creates.
Status checkNamespaceSettings(const Field &field, const Linux &out)
{
    const Namespace *user = out.findNamespace(NamespaceType::User);
    for (std::string_view key : {"uidMappings", "gidMappings"}) {
        const auto &mappings = key == "uidMappings" ? out.uidMappings : out.gidMappings;
        if (mappings.empty())
            continue;
        if (user == nullptr)
            return field.find(key)->fail("needs a `user` namespace in `linux.namespaces`");
        // The spec: a joined namespace is already set up, so anything else about it is an error.
        if (!user->path.empty())
            return field.find(key)->fail("cannot be set for a joined `user` namespace");
    }
    const Namespace *time = out.findNamespace(NamespaceType::Time);
    if (!out.timeOffsets.empty() && (time == nullptr || !time->path.empty()))
        return field.find("timeOffsets")
            ->fail("needs a new `time` namespace in `linux.namespaces`");
    return {};
}

} // namespace

Status detail::parseLinux(const Field &field, Linux &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.refuse({"personality", "intelRdt", "memoryPolicy", "netDevices"}));
    // No SELinux support: an empty label means "none".
    GB_TRY(field.refuseNonEmpty({"mountLabel"}));

    GB_TRY(field.parseList("namespaces", out.namespaces, parseNamespace));
    for (size_t i = 0; i < out.namespaces.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            if (out.namespaces[j].type == out.namespaces[i].type)
                return field.find("namespaces")
                    ->element(i)
                    .find("type")
                    ->fail("duplicate namespace type " +
                           glassbox::quoted(specName(out.namespaces[i].type)));
        }
    }
    GB_TRY(field.parseList("uidMappings", out.uidMappings, parseIdMapping));
    GB_TRY(field.parseList("gidMappings", out.gidMappings, parseIdMapping));
    GB_TRY(field.parseMember("timeOffsets", out.timeOffsets, parseTimeOffsets));
    GB_TRY(checkNamespaceSettings(field, out));

    GB_TRY(field.parseList("devices", out.devices, parseDevice));
    GB_TRY(field.read("cgroupsPath", out.cgroupsPath, checkCgroupsPath));
    GB_TRY(field.parseMember("resources", out.resources, parseResources));
    GB_TRY(field.read("sysctl", out.sysctl));
    GB_TRY(field.parseList("maskedPaths", out.maskedPaths, parseAbsolutePath));
    GB_TRY(field.parseList("readonlyPaths", out.readonlyPaths, parseAbsolutePath));
    GB_TRY(field.parseMember("seccomp", out.seccomp, parseSeccomp));
    GB_TRY(field.read("rootfsPropagation", out.rootfsPropagation, checkPropagation));
    return {};
}

Result<Resources> parseLinuxResources(std::string_view json)
{
    // nlohmann reports errors by exception; none may leave the core's API.
    try {
        const detail::Json document = detail::Json::parse(json.begin(), json.end());
        if (!document.is_object())
            return makeError(EINVAL, "the resources must be a JSON object");
        Resources resources;
        GB_TRY(parseResources(Field(document, {}), resources));
        return resources;
    } catch (const detail::Json::parse_error &error) {
        return makeError(EINVAL, "malformed JSON at byte " + std::to_string(error.byte));
    } catch (const detail::Json::exception &error) {
        return makeError(EINVAL, std::string("invalid JSON: ") + error.what());
    } catch (const std::bad_alloc &) {
        return makeError(ENOMEM, "parse the resources");
    }
}

} // namespace glassbox::oci
