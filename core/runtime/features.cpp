// `glassbox-runtime features`: the runtime-spec's features document (features.md), what this
// runtime supports. Lists are not written out by hand: each candidate name (runc's lists)
// goes through the real parser, mount option table or seccomp compiler, and only what they
// accept is printed, so the document cannot claim more than the code does.
#include "cli.h"

#include "glassbox/capabilities.h"
#include "glassbox/mount_options.h"
#include "glassbox/oci/spec.h"
#include "glassbox/seccomp.h"

#include <cerrno>
#include <cstdio>
#include <linux/seccomp.h>
#include <nlohmann/json.hpp>
#include <sys/syscall.h>
#include <unistd.h>

namespace glassbox::cli {

namespace {

constexpr const char *mountOptionCandidates[] = {
    "acl",          "async",       "atime",          "bind",
    "defaults",     "dev",         "diratime",       "dirsync",
    "exec",         "iversion",    "lazytime",       "loud",
    "mand",         "noacl",       "noatime",        "nodev",
    "nodiratime",   "noexec",      "noiversion",     "nolazytime",
    "nomand",       "norelatime",  "nostrictatime",  "nosuid",
    "nosymfollow",  "private",     "ratime",         "rbind",
    "rdev",         "rdiratime",   "relatime",       "remount",
    "rexec",        "rnoatime",    "rnodev",         "rnodiratime",
    "rnoexec",      "rnorelatime", "rnostrictatime", "rnosuid",
    "rnosymfollow", "ro",          "rprivate",       "rrelatime",
    "rro",          "rrw",         "rshared",        "rslave",
    "rstrictatime", "rsuid",       "rsymfollow",     "runbindable",
    "rw",           "shared",      "silent",         "slave",
    "strictatime",  "suid",        "symfollow",      "sync",
    "tmpcopyup",    "unbindable"};

constexpr const char *seccompActions[] = {
    "SCMP_ACT_ALLOW",        "SCMP_ACT_ERRNO",       "SCMP_ACT_KILL",
    "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG",
    "SCMP_ACT_NOTIFY",       "SCMP_ACT_TRACE",       "SCMP_ACT_TRAP"};

constexpr const char *seccompOperators[] = {"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
                                            "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ",
                                            "SCMP_CMP_NE"};

constexpr const char *seccompArchitectures[] = {
    "SCMP_ARCH_AARCH64",  "SCMP_ARCH_ARM",         "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K",
    "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",   "SCMP_ARCH_MIPSEL",
    "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PARISC",      "SCMP_ARCH_PARISC64",
    "SCMP_ARCH_PPC",      "SCMP_ARCH_PPC64",       "SCMP_ARCH_PPC64LE",     "SCMP_ARCH_RISCV64",
    "SCMP_ARCH_S390",     "SCMP_ARCH_S390X",       "SCMP_ARCH_SH",          "SCMP_ARCH_SHEB",
    "SCMP_ARCH_X32",      "SCMP_ARCH_X86",         "SCMP_ARCH_X86_64"};

constexpr const char *seccompFlags[] = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                                        "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                                        "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"};

constexpr oci::NamespaceType namespaceTypes[] = {
    oci::NamespaceType::Cgroup,  oci::NamespaceType::Ipc, oci::NamespaceType::Mount,
    oci::NamespaceType::Network, oci::NamespaceType::Pid, oci::NamespaceType::Time,
    oci::NamespaceType::User,    oci::NamespaceType::Uts};

/// The compiled filter of a config whose `linux.seccomp` is `section`, if the parser and
/// compiler accept it.
std::optional<seccomp::Program> compileSection(const nlohmann::json &section)
{
    const nlohmann::json config = {
        {"ociVersion", "1.0.0"}, {"root", {{"path", "rootfs"}}}, {"linux", {{"seccomp", section}}}};
    auto spec = oci::parseSpec(config.dump());
    if (!spec || !spec->linux.seccomp)
        return std::nullopt;
    auto program = seccomp::compile(*spec->linux.seccomp);
    if (!program)
        return std::nullopt;
    return std::move(*program);
}

template <size_t N, typename Accepts>
nlohmann::json accepted(const char *const (&candidates)[N], Accepts accepts)
{
    nlohmann::json names = nlohmann::json::array();
    for (const char *name : candidates)
        if (accepts(name))
            names.push_back(name);
    return names;
}

nlohmann::json seccompFeatures()
{
    nlohmann::json actions = accepted(seccompActions, [](const char *name) {
        return compileSection({{"defaultAction", name}}).has_value();
    });
    nlohmann::json operators = accepted(seccompOperators, [](const char *name) {
        return compileSection({{"defaultAction", "SCMP_ACT_ALLOW"},
                               {"syscalls",
                                {{{"names", {"getpid"}},
                                  {"action", "SCMP_ACT_ERRNO"},
                                  {"args", {{{"index", 0}, {"value", 1}, {"op", name}}}}}}}})
            .has_value();
    });
    nlohmann::json architectures = accepted(seccompArchitectures, [](const char *name) {
        return compileSection({{"defaultAction", "SCMP_ACT_ALLOW"}, {"architectures", {name}}})
            .has_value();
    });
    nlohmann::json known = nlohmann::json::array();
    nlohmann::json supported = nlohmann::json::array();
    for (const char *name : seccompFlags) {
        auto program = compileSection({{"defaultAction", "SCMP_ACT_ALLOW"}, {"flags", {name}}});
        if (!program)
            continue;
        known.push_back(name);
        // The kernel checks the flags before it reads the (absent) filter: EFAULT means it
        // knows them, EINVAL that it does not. Nothing is ever installed.
        if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, program->flags, nullptr) < 0 &&
            errno == EFAULT)
            supported.push_back(name);
    }
    return {{"enabled", true},        {"actions", actions},  {"operators", operators},
            {"archs", architectures}, {"knownFlags", known}, {"supportedFlags", supported}};
}

} // namespace

int features(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("features", argv, {});
    if (!args)
        return fail(globals, args.error());
    if (auto ok = args->expect(0, "features"); !ok)
        return fail(globals, ok.error());

    nlohmann::json mountOptions = accepted(mountOptionCandidates, [](const char *word) {
        // Words the table does not know are passed to the filesystem as data; those are
        // not "recognized" in the spec's sense.
        auto parsed = parseMountOptions({word}, 0);
        return parsed && parsed->data.empty() && !parsed->idmap;
    });
    nlohmann::json namespaces = nlohmann::json::array();
    for (oci::NamespaceType type : namespaceTypes)
        namespaces.push_back(oci::specName(type));
    nlohmann::json capabilities = nlohmann::json::array();
    for (int capability = 0; capability <= caps::lastCapability(); ++capability) {
        const std::string name = caps::name(capability);
        if (caps::fromName(name) == capability)
            capabilities.push_back(name);
    }

    const nlohmann::json document = {
        {"ociVersionMin", "1.0.0"},
        {"ociVersionMax", "1.2.0"},
        {"hooks",
         {"prestart", "createRuntime", "createContainer", "startContainer", "poststart",
          "poststop"}},
        {"mountOptions", mountOptions},
        {"linux",
         {{"namespaces", namespaces},
          {"capabilities", capabilities},
          {"cgroup",
           {{"v1", true},
            {"v2", true},
            {"systemd", false},
            {"systemdUser", false},
            {"rdma", false}}},
          {"seccomp", seccompFeatures()},
          {"apparmor", {{"enabled", false}}},
          {"selinux", {{"enabled", false}}},
          {"intelRdt", {{"enabled", false}}},
          {"mountExtensions", {{"idmap", {{"enabled", false}}}}}}},
    };
    std::printf("%s\n", document.dump(4).c_str());
    return 0;
}

} // namespace glassbox::cli
