// The OCI runtime-spec 1.x configuration (config.json) as plain C++ values.
// Only what Glassbox runs is modelled; loadSpec() refuses anything else by JSON path
// rather than silently ignoring it.
#pragma once

#include "glassbox/error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace glassbox::oci {

struct IdMapping
{
    uint32_t containerId = 0;
    uint32_t hostId = 0;
    uint32_t size = 0;
};

struct User
{
    uint32_t uid = 0;
    uint32_t gid = 0;
    std::optional<uint32_t> umask;
    std::vector<uint32_t> additionalGids;
};

struct Rlimit
{
    std::string type; ///< As written, e.g. "RLIMIT_NOFILE".
    int resource = 0; ///< The RLIMIT_* number.
    uint64_t soft = 0;
    uint64_t hard = 0;
};

/// Capability sets as kernel numbers (CAP_CHOWN = 0, ...), validated by the parser.
struct Capabilities
{
    std::vector<int> bounding;
    std::vector<int> effective;
    std::vector<int> inheritable;
    std::vector<int> permitted;
    std::vector<int> ambient;
};

struct ConsoleSize
{
    unsigned height = 0;
    unsigned width = 0;
};

struct Process
{
    bool terminal = false;
    std::optional<ConsoleSize> consoleSize;
    User user;
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::string cwd = "/";
    std::optional<Capabilities> capabilities;
    std::vector<Rlimit> rlimits;
    bool noNewPrivileges = false;
    std::optional<int> oomScoreAdj;
};

struct Root
{
    std::string path;
    bool readonly = false;
};

struct Mount
{
    std::string destination;
    std::string type;
    std::string source;
    std::vector<std::string> options;
};

enum class NamespaceType { Pid, Network, Mount, Ipc, Uts, User, Cgroup, Time };

/// The clone(2) flag of a namespace type, and its name under /proc/PID/ns.
[[nodiscard]] int cloneFlag(NamespaceType type);
[[nodiscard]] const char *procName(NamespaceType type);
/// The spec's name for a namespace type ("pid", "network", ...).
[[nodiscard]] const char *specName(NamespaceType type);

struct Namespace
{
    NamespaceType type = NamespaceType::Mount;
    std::string path; ///< Empty: create a new one. Otherwise: join this one.
};

struct Device
{
    std::string path;
    char type = 'c'; ///< 'c', 'u', 'b' or 'p'
    int64_t major = 0;
    int64_t minor = 0;
    std::optional<uint32_t> fileMode;
    std::optional<uint32_t> uid;
    std::optional<uint32_t> gid;
};

/// An entry of linux.resources.devices (the device cgroup allow/deny list).
struct DeviceRule
{
    bool allow = false;
    char type = 'a';              ///< 'a', 'c' or 'b'
    std::optional<int64_t> major; ///< Unset: any.
    std::optional<int64_t> minor;
    std::string access = "rwm";
};

struct MemoryResources
{
    std::optional<int64_t> limit;       ///< Bytes; -1 means unlimited.
    std::optional<int64_t> reservation; ///< Bytes, the soft limit.
    std::optional<int64_t> swap;        ///< Memory plus swap, bytes; -1 unlimited.
    std::optional<uint64_t> swappiness;
    std::optional<bool> disableOomKiller;
};

struct CpuResources
{
    std::optional<uint64_t> shares;
    std::optional<int64_t> quota; ///< Microseconds per period; -1 unlimited.
    std::optional<uint64_t> period;
    std::string cpus;
    std::string mems;
};

struct PidsResources
{
    int64_t limit =
        0; ///< negative: unlimited ("max"); 0 is written as 1 (runc 1.4, cgroup_files.cpp).
};

struct Resources
{
    std::vector<DeviceRule> devices;
    std::optional<MemoryResources> memory;
    std::optional<CpuResources> cpu;
    std::optional<PidsResources> pids;
    std::map<std::string, std::string> unified; ///< Raw cgroup v2 files (v2 hosts only).
};

enum class SeccompAction { Kill, KillProcess, Trap, Errno, Trace, Allow, Log };

struct SeccompArg
{
    unsigned index = 0;
    uint64_t value = 0;
    uint64_t valueTwo = 0;
    std::string op; ///< "SCMP_CMP_EQ", "SCMP_CMP_MASKED_EQ", ...
};

struct SeccompSyscall
{
    std::vector<std::string> names;
    SeccompAction action = SeccompAction::Allow;
    std::optional<uint32_t> errnoRet;
    std::vector<SeccompArg> args;
};

struct Seccomp
{
    SeccompAction defaultAction = SeccompAction::Allow;
    std::optional<uint32_t> defaultErrnoRet;
    std::vector<std::string> architectures; ///< "SCMP_ARCH_X86_64", ...
    std::vector<std::string> flags;         ///< "SECCOMP_FILTER_FLAG_LOG", ...
    std::vector<SeccompSyscall> syscalls;
};

struct TimeOffset
{
    int64_t secs = 0;
    uint32_t nanosecs = 0;
};

struct Linux
{
    std::vector<Namespace> namespaces;
    std::vector<IdMapping> uidMappings;
    std::vector<IdMapping> gidMappings;
    std::vector<Device> devices;
    std::string cgroupsPath;
    std::optional<Resources> resources;
    std::map<std::string, std::string> sysctl;
    std::vector<std::string> maskedPaths;
    std::vector<std::string> readonlyPaths;
    std::optional<Seccomp> seccomp;
    std::string rootfsPropagation; ///< "", "private", "rprivate", "slave", "rslave", "shared", ...
    std::map<std::string, TimeOffset> timeOffsets; ///< "monotonic", "boottime"

    [[nodiscard]] const Namespace *findNamespace(NamespaceType type) const;
};

struct Hook
{
    std::string path;
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::optional<int> timeout; ///< Seconds.
};

struct Hooks
{
    std::vector<Hook> prestart;
    std::vector<Hook> createRuntime;
    std::vector<Hook> createContainer;
    std::vector<Hook> startContainer;
    std::vector<Hook> poststart;
    std::vector<Hook> poststop;
};

struct Spec
{
    std::string ociVersion;
    std::optional<Process> process;
    Root root;
    std::string hostname;
    std::string domainname;
    std::vector<Mount> mounts;
    Hooks hooks;
    std::map<std::string, std::string> annotations;
    Linux linux;
};

/// Parses config.json text. A malformed or unsupported config is refused with an error
/// naming the JSON path, e.g. "`linux.resources.memory.limit`: expected integer".
[[nodiscard]] Result<Spec> parseSpec(std::string_view json);

/// Reads and parses `bundle`/config.json.
[[nodiscard]] Result<Spec> loadSpec(const std::string &bundle);

/// Parses a `linux.resources` object on its own (what `update --resources` reads), with the
/// same checks; errors name paths inside it, e.g. "`memory.limit`: expected integer".
[[nodiscard]] Result<Resources> parseLinuxResources(std::string_view json);

/// The config.json that `glassbox-runtime spec` writes: Docker's defaults (14 capabilities,
/// default seccomp profile, masked and read-only paths, default mounts) running `sh`.
[[nodiscard]] std::string defaultSpecJson();

/// Docker's masked paths, as defaultSpecJson() writes them.
[[nodiscard]] const std::vector<std::string> &defaultMaskedPaths();

} // namespace glassbox::oci
