// Tests of the OCI config parser (core/src/oci/spec_parse*.cpp): a full config parses to the
// expected values, and every malformed or unsupported config is refused naming its JSON path.
#include "glassbox/oci/spec.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <nlohmann/json.hpp>
#include <sched.h>
#include <sys/resource.h>

using namespace glassbox;
using nlohmann::json;

namespace {

// Everything Glassbox models, written the way podman and runc write it.
constexpr const char *fullConfig = R"json({
  "ociVersion": "1.1.0",
  "process": {
    "terminal": true,
    "consoleSize": {"height": 25, "width": 80},
    "user": {"uid": 1000, "gid": 1000, "umask": 18, "additionalGids": [5, 27]},
    "args": ["/bin/sh", "-c", "echo hi"],
    "env": ["PATH=/usr/bin:/bin", "TERM=xterm"],
    "cwd": "/home/user",
    "capabilities": {
      "bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "effective": ["CAP_CHOWN"],
      "inheritable": [],
      "permitted": ["CAP_CHOWN", "CAP_KILL"],
      "ambient": ["CAP_KILL"]
    },
    "rlimits": [
      {"type": "RLIMIT_NOFILE", "soft": 1024, "hard": 4096},
      {"type": "RLIMIT_CORE", "soft": 0, "hard": 18446744073709551615}
    ],
    "noNewPrivileges": true,
    "oomScoreAdj": -500,
    "apparmorProfile": "",
    "selinuxLabel": ""
  },
  "root": {"path": "rootfs", "readonly": true},
  "hostname": "box",
  "domainname": "example.org",
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
     "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
    {"destination": "data", "type": "bind", "source": "/srv/data", "options": ["rbind", "ro"]}
  ],
  "hooks": {
    "prestart": [{"path": "/usr/bin/net-setup", "args": ["net-setup", "up"], "timeout": 5}],
    "createRuntime": [{"path": "/usr/bin/a"}],
    "createContainer": [{"path": "/usr/bin/b", "env": ["X=1"]}],
    "startContainer": [{"path": "/usr/bin/c"}],
    "poststart": [{"path": "/usr/bin/d"}],
    "poststop": [{"path": "/usr/bin/e"}, {"path": "/usr/bin/f"}]
  },
  "annotations": {"org.opencontainers.image.title": "busybox", "io.podman.x": ""},
  "linux": {
    "namespaces": [
      {"type": "pid"},
      {"type": "network", "path": "/run/netns/glassbox0"},
      {"type": "mount"},
      {"type": "ipc", "path": ""},
      {"type": "uts"},
      {"type": "user"},
      {"type": "cgroup"},
      {"type": "time"}
    ],
    "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
    "gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536},
                    {"containerID": 65536, "hostID": 4294967295, "size": 1}],
    "timeOffsets": {"monotonic": {"secs": -3600, "nanosecs": 500}, "boottime": {"secs": 7}},
    "devices": [
      {"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438,
       "uid": 0, "gid": 0},
      {"path": "/dev/pipe0", "type": "p"}
    ],
    "cgroupsPath": "glassbox/abc123",
    "resources": {
      "devices": [
        {"allow": false, "access": "rwm"},
        {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rw"},
        {"allow": true, "type": "b", "major": 8, "minor": -1, "access": "m"}
      ],
      "memory": {"limit": 536870912, "reservation": -1, "swap": 1073741824,
                 "swappiness": 60, "disableOOMKiller": true},
      "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0-1,3", "mems": "0"},
      "pids": {"limit": 256},
      "unified": {"memory.high": "400M"}
    },
    "sysctl": {"net.ipv4.ip_forward": "1", "kernel.msgmax": "8192"},
    "maskedPaths": ["/proc/kcore", "/sys/firmware"],
    "readonlyPaths": ["/proc/sys", "/proc/bus"],
    "seccomp": {
      "defaultAction": "SCMP_ACT_ERRNO",
      "defaultErrnoRet": 1,
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
      "flags": ["SECCOMP_FILTER_FLAG_LOG"],
      "syscalls": [
        {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"},
                  {"index": 5, "value": 255, "valueTwo": 16, "op": "SCMP_CMP_MASKED_EQ"}]},
        {"names": ["mount"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}
      ]
    },
    "rootfsPropagation": "rslave",
    "mountLabel": ""
  }
})json";

// The smallest valid config; the error rows change it with an RFC 7386 merge patch (arrays are
// replaced whole, null removes a key).
constexpr const char *baseConfig = R"json({
  "ociVersion": "1.0.2",
  "process": {"args": ["sh"], "cwd": "/"},
  "root": {"path": "rootfs"},
  "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}]}
})json";

std::string patched(const char *patch)
{
    json config = json::parse(baseConfig);
    config.merge_patch(json::parse(patch));
    return config.dump();
}

QByteArray message(const Result<oci::Spec> &spec)
{
    return spec ? QByteArray("(parsed)") : QByteArray::fromStdString(spec.error().message);
}

} // namespace

class TestSpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesFullConfig();
    void appliesDefaults();
    void ignoresKeysTheSpecDoesNotDefine();
    void acceptsDeprecatedKernelMemory();
    void refusesMalformedConfig_data();
    void refusesMalformedConfig();
    void reportsJsonSyntaxErrorOffset_data();
    void reportsJsonSyntaxErrorOffset();
    void mapsSeccompActions_data();
    void mapsSeccompActions();
    void mapsRlimitNames_data();
    void mapsRlimitNames();
    void namespaceNames_data();
    void namespaceNames();
    void loadsBundleConfig();
    void loadSpecNamesMissingFile();
};

void TestSpec::parsesFullConfig()
{
    auto parsed = oci::parseSpec(fullConfig);
    QVERIFY2(parsed, message(parsed).constData());
    const oci::Spec &spec = *parsed;

    QCOMPARE(spec.ociVersion, std::string("1.1.0"));
    QVERIFY(spec.process);
    const oci::Process &process = *spec.process;
    QVERIFY(process.terminal);
    QVERIFY(process.consoleSize);
    QCOMPARE(process.consoleSize->height, 25u);
    QCOMPARE(process.consoleSize->width, 80u);
    QCOMPARE(process.user.uid, 1000u);
    QCOMPARE(process.user.gid, 1000u);
    QCOMPARE(process.user.umask, std::optional<uint32_t>(022));
    QCOMPARE(process.user.additionalGids, (std::vector<uint32_t>{5, 27}));
    QCOMPARE(process.args, (std::vector<std::string>{"/bin/sh", "-c", "echo hi"}));
    QCOMPARE(process.env, (std::vector<std::string>{"PATH=/usr/bin:/bin", "TERM=xterm"}));
    QCOMPARE(process.cwd, std::string("/home/user"));
    QVERIFY(process.capabilities);
    QCOMPARE(process.capabilities->bounding, (std::vector<int>{0, 5, 10})); // CHOWN KILL NBS
    QCOMPARE(process.capabilities->effective, (std::vector<int>{0}));
    QVERIFY(process.capabilities->inheritable.empty());
    QCOMPARE(process.capabilities->permitted, (std::vector<int>{0, 5}));
    QCOMPARE(process.capabilities->ambient, (std::vector<int>{5}));
    QCOMPARE(process.rlimits.size(), size_t(2));
    QCOMPARE(process.rlimits[0].type, std::string("RLIMIT_NOFILE"));
    QCOMPARE(process.rlimits[0].resource, int(RLIMIT_NOFILE));
    QCOMPARE(process.rlimits[0].soft, uint64_t(1024));
    QCOMPARE(process.rlimits[0].hard, uint64_t(4096));
    QCOMPARE(process.rlimits[1].resource, int(RLIMIT_CORE));
    QCOMPARE(process.rlimits[1].hard, UINT64_MAX);
    QVERIFY(process.noNewPrivileges);
    QCOMPARE(process.oomScoreAdj, std::optional<int>(-500));

    QCOMPARE(spec.root.path, std::string("rootfs"));
    QVERIFY(spec.root.readonly);
    QCOMPARE(spec.hostname, std::string("box"));
    QCOMPARE(spec.domainname, std::string("example.org"));

    QCOMPARE(spec.mounts.size(), size_t(3));
    QCOMPARE(spec.mounts[1].destination, std::string("/dev"));
    QCOMPARE(spec.mounts[1].type, std::string("tmpfs"));
    QCOMPARE(spec.mounts[1].options,
             (std::vector<std::string>{"nosuid", "strictatime", "mode=755", "size=65536k"}));
    // A relative destination is relative to the container's /.
    QCOMPARE(spec.mounts[2].destination, std::string("/data"));
    QCOMPARE(spec.mounts[2].source, std::string("/srv/data"));

    QCOMPARE(spec.hooks.prestart.size(), size_t(1));
    QCOMPARE(spec.hooks.prestart[0].path, std::string("/usr/bin/net-setup"));
    QCOMPARE(spec.hooks.prestart[0].args, (std::vector<std::string>{"net-setup", "up"}));
    QCOMPARE(spec.hooks.prestart[0].timeout, std::optional<int>(5));
    QCOMPARE(spec.hooks.createRuntime.at(0).path, std::string("/usr/bin/a"));
    QCOMPARE(spec.hooks.createContainer.at(0).env, (std::vector<std::string>{"X=1"}));
    QCOMPARE(spec.hooks.startContainer.at(0).path, std::string("/usr/bin/c"));
    QCOMPARE(spec.hooks.poststart.at(0).path, std::string("/usr/bin/d"));
    QCOMPARE(spec.hooks.poststop.size(), size_t(2));
    QCOMPARE(spec.hooks.poststop[1].timeout, std::optional<int>());

    QCOMPARE(spec.annotations.size(), size_t(2));
    QCOMPARE(spec.annotations.at("org.opencontainers.image.title"), std::string("busybox"));

    const oci::Linux &linux = spec.linux;
    QCOMPARE(linux.namespaces.size(), size_t(8));
    QVERIFY(linux.namespaces[0].type == oci::NamespaceType::Pid);
    QVERIFY(linux.namespaces[0].path.empty());
    const oci::Namespace *network = linux.findNamespace(oci::NamespaceType::Network);
    QVERIFY(network);
    QCOMPARE(network->path, std::string("/run/netns/glassbox0"));
    QVERIFY(linux.findNamespace(oci::NamespaceType::Ipc)->path.empty());
    QVERIFY(linux.findNamespace(oci::NamespaceType::Time));
    QCOMPARE(linux.uidMappings.size(), size_t(1));
    QCOMPARE(linux.uidMappings[0].containerId, 0u);
    QCOMPARE(linux.uidMappings[0].hostId, 100000u);
    QCOMPARE(linux.uidMappings[0].size, 65536u);
    QCOMPARE(linux.gidMappings.size(), size_t(2));
    QCOMPARE(linux.gidMappings[1].hostId, 4294967295u);
    QCOMPARE(linux.timeOffsets.at("monotonic").secs, int64_t(-3600));
    QCOMPARE(linux.timeOffsets.at("monotonic").nanosecs, 500u);
    QCOMPARE(linux.timeOffsets.at("boottime").secs, int64_t(7));

    QCOMPARE(linux.devices.size(), size_t(2));
    QCOMPARE(linux.devices[0].path, std::string("/dev/fuse"));
    QCOMPARE(linux.devices[0].type, 'c');
    QCOMPARE(linux.devices[0].major, int64_t(10));
    QCOMPARE(linux.devices[0].minor, int64_t(229));
    QCOMPARE(linux.devices[0].fileMode, std::optional<uint32_t>(0666));
    QCOMPARE(linux.devices[0].uid, std::optional<uint32_t>(0));
    QCOMPARE(linux.devices[1].type, 'p');
    QCOMPARE(linux.cgroupsPath, std::string("glassbox/abc123"));

    QVERIFY(linux.resources);
    const oci::Resources &resources = *linux.resources;
    QCOMPARE(resources.devices.size(), size_t(3));
    QCOMPARE(resources.devices[0].allow, false);
    QCOMPARE(resources.devices[0].type, 'a');
    QCOMPARE(resources.devices[0].major, std::optional<int64_t>());
    QCOMPARE(resources.devices[0].access, std::string("rwm"));
    QCOMPARE(resources.devices[1].type, 'c');
    QCOMPARE(resources.devices[1].major, std::optional<int64_t>(1));
    QCOMPARE(resources.devices[1].minor, std::optional<int64_t>(3));
    QCOMPARE(resources.devices[1].access, std::string("rw"));
    QCOMPARE(resources.devices[2].minor, std::optional<int64_t>()); // -1: any minor
    QVERIFY(resources.memory);
    QCOMPARE(resources.memory->limit, std::optional<int64_t>(536870912));
    QCOMPARE(resources.memory->reservation, std::optional<int64_t>(-1));
    QCOMPARE(resources.memory->swap, std::optional<int64_t>(1073741824));
    QCOMPARE(resources.memory->swappiness, std::optional<uint64_t>(60));
    QCOMPARE(resources.memory->disableOomKiller, std::optional<bool>(true));
    QVERIFY(resources.cpu);
    QCOMPARE(resources.cpu->shares, std::optional<uint64_t>(512));
    QCOMPARE(resources.cpu->quota, std::optional<int64_t>(50000));
    QCOMPARE(resources.cpu->period, std::optional<uint64_t>(100000));
    QCOMPARE(resources.cpu->cpus, std::string("0-1,3"));
    QCOMPARE(resources.cpu->mems, std::string("0"));
    QVERIFY(resources.pids);
    QCOMPARE(resources.pids->limit, int64_t(256));
    QCOMPARE(resources.unified.at("memory.high"), std::string("400M"));

    QCOMPARE(linux.sysctl.size(), size_t(2));
    QCOMPARE(linux.sysctl.at("net.ipv4.ip_forward"), std::string("1"));
    QCOMPARE(linux.maskedPaths, (std::vector<std::string>{"/proc/kcore", "/sys/firmware"}));
    QCOMPARE(linux.readonlyPaths, (std::vector<std::string>{"/proc/sys", "/proc/bus"}));
    QCOMPARE(linux.rootfsPropagation, std::string("rslave"));

    QVERIFY(linux.seccomp);
    const oci::Seccomp &seccomp = *linux.seccomp;
    QVERIFY(seccomp.defaultAction == oci::SeccompAction::Errno);
    QCOMPARE(seccomp.defaultErrnoRet, std::optional<uint32_t>(1));
    QCOMPARE(seccomp.architectures,
             (std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}));
    QCOMPARE(seccomp.flags, (std::vector<std::string>{"SECCOMP_FILTER_FLAG_LOG"}));
    QCOMPARE(seccomp.syscalls.size(), size_t(3));
    QCOMPARE(seccomp.syscalls[0].names, (std::vector<std::string>{"read", "write"}));
    QVERIFY(seccomp.syscalls[0].action == oci::SeccompAction::Allow);
    QCOMPARE(seccomp.syscalls[1].args.size(), size_t(2));
    QCOMPARE(seccomp.syscalls[1].args[0].index, 0u);
    QCOMPARE(seccomp.syscalls[1].args[0].value, uint64_t(8));
    QCOMPARE(seccomp.syscalls[1].args[0].op, std::string("SCMP_CMP_EQ"));
    QCOMPARE(seccomp.syscalls[1].args[1].index, 5u);
    QCOMPARE(seccomp.syscalls[1].args[1].valueTwo, uint64_t(16));
    QCOMPARE(seccomp.syscalls[1].args[1].op, std::string("SCMP_CMP_MASKED_EQ"));
    QVERIFY(seccomp.syscalls[2].action == oci::SeccompAction::Errno);
    QCOMPARE(seccomp.syscalls[2].errnoRet, std::optional<uint32_t>(38));
}

void TestSpec::appliesDefaults()
{
    auto minimal = oci::parseSpec(R"({"ociVersion": "1.0.0", "root": {"path": "/r"}})");
    QVERIFY2(minimal, message(minimal).constData());
    // The spec lets `process` be absent (for `create` driven by a higher-level tool).
    QVERIFY(!minimal->process);
    QVERIFY(!minimal->root.readonly);
    QVERIFY(minimal->linux.namespaces.empty());
    QVERIFY(!minimal->linux.resources);
    QVERIFY(!minimal->linux.seccomp);

    auto withProcess = oci::parseSpec(
        R"({"ociVersion": "1.2.0", "root": {"path": "r"}, "process": {"args": ["sh"]}})");
    QVERIFY2(withProcess, message(withProcess).constData());
    QCOMPARE(withProcess->process->cwd, std::string("/"));
    QCOMPARE(withProcess->process->user.uid, 0u);
    QVERIFY(!withProcess->process->capabilities);
    QVERIFY(!withProcess->process->terminal);

    // Go encoders write null for unset values; that means "absent", as in runc.
    auto nulls = oci::parseSpec(patched(R"({"process": {"env": null}, "linux": {
        "seccomp": null, "resources": {"blockIO": null}}})"));
    QVERIFY2(nulls, message(nulls).constData());
    QVERIFY(nulls->process->env.empty());

    auto rule = oci::parseSpec(patched(R"({"linux": {"resources": {"devices": [{"allow": true}],
        "pids": {}}}})"));
    QVERIFY2(rule, message(rule).constData());
    QCOMPARE(rule->linux.resources->devices.at(0).type, 'a');
    QCOMPARE(rule->linux.resources->devices.at(0).access, std::string("rwm"));
    QCOMPARE(rule->linux.resources->pids->limit, int64_t(0));
}

void TestSpec::ignoresKeysTheSpecDoesNotDefine()
{
    // Forward compatibility, as runc: keys from a later spec or a vendor are not errors.
    auto spec = oci::parseSpec(patched(R"({"futureTopLevel": {"x": 1}, "process": {"shiny": true},
        "linux": {"someday": [1, 2], "resources": {"cpu": {"newKnob": 3}}}})"));
    QVERIFY2(spec, message(spec).constData());
}

void TestSpec::acceptsDeprecatedKernelMemory()
{
    auto spec = oci::parseSpec(patched(R"({"linux": {"resources": {"memory":
        {"limit": 1048576, "kernel": 524288, "kernelTCP": -1}}}})"));
    QVERIFY2(spec, message(spec).constData());
    QCOMPARE(spec->linux.resources->memory->limit, std::optional<int64_t>(1048576));
}

void TestSpec::refusesMalformedConfig_data()
{
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("reason");

    const auto row = [](const char *name, const char *patch, const char *path, const char *reason) {
        QTest::newRow(name) << QByteArray(patch) << QByteArray(path) << QByteArray(reason);
    };
    // Top level.
    row("ociVersion missing", R"({"ociVersion": null})", "`ociVersion`", "missing");
    row("ociVersion 2.x", R"({"ociVersion": "2.0.0"})", "`ociVersion`", "expected 1.x");
    row("ociVersion not a string", R"({"ociVersion": 1.1})", "`ociVersion`",
        "expected string, got 1.1");
    row("root missing", R"({"root": null})", "`root.path`", "missing");
    row("root.path missing", R"({"root": {"path": null, "readonly": true}})", "`root.path`",
        "missing");
    row("root.path empty", R"({"root": {"path": ""}})", "`root.path`", "must not be empty");
    row("solaris", R"({"solaris": {"milestone": "x"}})", "`solaris`",
        "not supported by glassbox-runtime");
    row("vm", R"({"vm": {}})", "`vm`", "not supported");
    row("hostname without uts", R"({"hostname": "h", "linux": {"namespaces": []}})", "`hostname`",
        "needs a `uts` namespace");
    row("annotation not a string", R"({"annotations": {"a.b": 1}})", "`annotations[\"a.b\"]`",
        "expected string");
    // process
    row("args missing", R"({"process": {"args": null}})", "`process.args`", "missing");
    row("args empty", R"({"process": {"args": []}})", "`process.args`", "must not be empty");
    row("args element not a string", R"({"process": {"args": ["sh", 3]}})", "`process.args[1]`",
        "expected string");
    row("args NUL", R"({"process": {"args": ["sh\u0000x"]}})", "`process.args[0]`",
        "NUL character");
    row("cwd relative", R"({"process": {"cwd": "home"}})", "`process.cwd`",
        "must be an absolute path");
    row("uid negative", R"({"process": {"user": {"uid": -1}}})", "`process.user.uid`",
        "out of range (0 to 4294967295)");
    row("gid too big", R"({"process": {"user": {"gid": 4294967296}}})", "`process.user.gid`",
        "out of range");
    row("additionalGids float", R"({"process": {"user": {"additionalGids": [1, 2.5]}}})",
        "`process.user.additionalGids[1]`", "expected integer, got 2.5");
    row("unknown capability",
        R"({"process": {"capabilities": {"bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_SETUID",
        "CAP_FOO"]}}})",
        "`process.capabilities.bounding[3]`", "unknown capability `CAP_FOO`");
    row("capability without prefix", R"({"process": {"capabilities": {"ambient": ["chown"]}}})",
        "`process.capabilities.ambient[0]`", "unknown capability `chown`");
    row("unknown rlimit", R"({"process": {"rlimits": [{"type": "RLIMIT_FOO", "soft": 1,
        "hard": 1}]}})",
        "`process.rlimits[0].type`", "unknown rlimit `RLIMIT_FOO`");
    row("duplicate rlimit", R"({"process": {"rlimits": [
        {"type": "RLIMIT_NOFILE", "soft": 1, "hard": 1},
        {"type": "RLIMIT_NOFILE", "soft": 2, "hard": 2}]}})",
        "`process.rlimits[1].type`", "duplicate rlimit `RLIMIT_NOFILE`");
    row("rlimit soft above hard", R"({"process": {"rlimits": [{"type": "RLIMIT_NPROC",
        "soft": 10, "hard": 5}]}})",
        "`process.rlimits[0].soft`", "greater than `hard`");
    row("rlimit hard missing", R"({"process": {"rlimits": [{"type": "RLIMIT_AS", "soft": 1}]}})",
        "`process.rlimits[0].hard`", "missing");
    row("oomScoreAdj range", R"({"process": {"oomScoreAdj": 1001}})", "`process.oomScoreAdj`",
        "between -1000 and 1000");
    row("apparmorProfile", R"({"process": {"apparmorProfile": "docker-default"}})",
        "`process.apparmorProfile`", "not supported by glassbox-runtime");
    row("selinuxLabel", R"({"process": {"selinuxLabel": "system_u:system_r:container_t"}})",
        "`process.selinuxLabel`", "not supported");
    row("ioPriority", R"({"process": {"ioPriority": {"class": "IOPRIO_CLASS_IDLE"}}})",
        "`process.ioPriority`", "not supported by glassbox-runtime");
    row("scheduler", R"({"process": {"scheduler": {"policy": "SCHED_FIFO"}}})",
        "`process.scheduler`", "not supported");
    row("terminal not a boolean", R"({"process": {"terminal": "yes"}})", "`process.terminal`",
        "expected boolean, got string");
    row("process not an object", R"({"process": ["sh"]})", "`process`",
        "expected object, got array");
    // mounts and hooks
    row("mount destination missing", R"({"mounts": [{"type": "proc"}]})", "`mounts[0].destination`",
        "missing");
    row("idmapped mount", R"({"mounts": [{"destination": "/m", "uidMappings": []}]})",
        "`mounts[0].uidMappings`", "not supported");
    row("hook path relative", R"({"hooks": {"poststop": [{"path": "/bin/ok"},
        {"path": "cleanup"}]}})",
        "`hooks.poststop[1].path`", "must be an absolute path");
    row("hook timeout zero", R"({"hooks": {"createRuntime": [{"path": "/x", "timeout": 0}]}})",
        "`hooks.createRuntime[0].timeout`", "must be greater than 0");
    // linux: namespaces and mappings
    row("unknown namespace", R"({"linux": {"namespaces": [{"type": "pid"}, {"type": "mount"},
        {"type": "foo"}]}})",
        "`linux.namespaces[2].type`", "unknown namespace type `foo`");
    row("duplicate namespace", R"({"linux": {"namespaces": [{"type": "pid"}, {"type": "uts"},
        {"type": "pid", "path": "/proc/1/ns/pid"}]}})",
        "`linux.namespaces[2].type`", "duplicate namespace type `pid`");
    row("namespace path relative", R"({"linux": {"namespaces": [{"type": "uts"},
        {"type": "network", "path": "netns"}]}})",
        "`linux.namespaces[1].path`", "must be an absolute path");
    row("mapping size 0", R"({"linux": {"namespaces": [{"type": "user"}, {"type": "uts"}],
        "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 0}]}})",
        "`linux.uidMappings[0].size`", "must be greater than 0");
    row("mapping hostID negative", R"({"linux": {"namespaces": [{"type": "user"}, {"type": "uts"}],
        "gidMappings": [{"containerID": 0, "hostID": -5, "size": 1}]}})",
        "`linux.gidMappings[0].hostID`", "out of range");
    row("mapping wraps", R"({"linux": {"namespaces": [{"type": "user"}, {"type": "uts"}],
        "uidMappings": [{"containerID": 4294967295, "hostID": 0, "size": 2}]}})",
        "`linux.uidMappings[0].size`", "past the last 32-bit id");
    row("mappings without user namespace", R"({"linux": {
        "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}]}})",
        "`linux.uidMappings`", "needs a `user` namespace");
    row("time offsets without time namespace", R"({"linux": {
        "timeOffsets": {"monotonic": {"secs": 1}}}})",
        "`linux.timeOffsets`", "needs a new `time` namespace");
    row("unknown clock", R"({"linux": {"timeOffsets": {"realtime": {"secs": 1}}}})",
        "`linux.timeOffsets[\"realtime\"]`", "unknown clock");
    // linux: devices, resources
    row("device type", R"({"linux": {"devices": [{"path": "/dev/x", "type": "z", "major": 1,
        "minor": 1}]}})",
        "`linux.devices[0].type`", "must be `c`, `b`, `u` or `p`");
    row("device major missing", R"({"linux": {"devices": [{"path": "/dev/x", "type": "c",
        "minor": 1}]}})",
        "`linux.devices[0].major`", "missing");
    row("device rule access", R"({"linux": {"resources": {"devices": [{"allow": true,
        "access": "rwx"}]}}})",
        "`linux.resources.devices[0].access`", "combination of `r`, `w` and `m`");
    row("device rule type", R"({"linux": {"resources": {"devices": [{"allow": true,
        "type": "u"}]}}})",
        "`linux.resources.devices[0].type`", "must be `a`, `c` or `b`");
    row("device rule allow missing", R"({"linux": {"resources": {"devices": [{"type": "c"}]}}})",
        "`linux.resources.devices[0].allow`", "missing");
    row("memory limit string", R"({"linux": {"resources": {"memory": {"limit": "1G"}}}})",
        "`linux.resources.memory.limit`", "expected integer, got string");
    row("memory limit below -1", R"({"linux": {"resources": {"memory": {"limit": -2}}}})",
        "`linux.resources.memory.limit`", "must be -1 (unlimited) or >= 0");
    row("memory swap below -1", R"({"linux": {"resources": {"memory": {"swap": -100}}}})",
        "`linux.resources.memory.swap`", "must be -1 (unlimited) or >= 0");
    row("swappiness", R"({"linux": {"resources": {"memory": {"swappiness": 101}}}})",
        "`linux.resources.memory.swappiness`", "between 0 and 100");
    row("cpu shares negative", R"({"linux": {"resources": {"cpu": {"shares": -1}}}})",
        "`linux.resources.cpu.shares`", "out of range");
    row("cpus list", R"({"linux": {"resources": {"cpu": {"cpus": "0-"}}}})",
        "`linux.resources.cpu.cpus`", "not a list");
    row("cpu realtime", R"({"linux": {"resources": {"cpu": {"realtimeRuntime": 950000}}}})",
        "`linux.resources.cpu.realtimeRuntime`", "not supported");
    row("pids limit", R"({"linux": {"resources": {"pids": {"limit": -7}}}})",
        "`linux.resources.pids.limit`", "must be -1 (unlimited) or >= 0");
    row("blockIO", R"({"linux": {"resources": {"blockIO": {"weight": 10}}}})",
        "`linux.resources.blockIO`", "not supported by glassbox-runtime");
    row("hugepageLimits", R"({"linux": {"resources": {"hugepageLimits": []}}})",
        "`linux.resources.hugepageLimits`", "not supported");
    row("network", R"({"linux": {"resources": {"network": {"classID": 1}}}})",
        "`linux.resources.network`", "not supported");
    row("rdma", R"({"linux": {"resources": {"rdma": {}}}})", "`linux.resources.rdma`",
        "not supported");
    row("unified escapes", R"({"linux": {"resources": {"unified": {"../../x": "1"}}}})",
        "`linux.resources.unified[\"../../x\"]`", "not a cgroup file name");
    // linux: other sections
    row("intelRdt", R"({"linux": {"intelRdt": {"closID": "x"}}})", "`linux.intelRdt`",
        "not supported");
    row("personality", R"({"linux": {"personality": {"domain": "LINUX32"}}})",
        "`linux.personality`", "not supported");
    row("mountLabel", R"({"linux": {"mountLabel": "system_u:object_r:container_file_t"}})",
        "`linux.mountLabel`", "not supported");
    row("masked path relative", R"({"linux": {"maskedPaths": ["/proc/kcore", "sys"]}})",
        "`linux.maskedPaths[1]`", "must be an absolute path");
    row("sysctl value", R"({"linux": {"sysctl": {"net.ipv4.ip_forward": 1}}})",
        "`linux.sysctl[\"net.ipv4.ip_forward\"]`", "expected string, got 1");
    row("rootfsPropagation", R"({"linux": {"rootfsPropagation": "sideways"}})",
        "`linux.rootfsPropagation`", "unknown propagation `sideways`");
    row("cgroupsPath escapes", R"({"linux": {"cgroupsPath": "a/../../b"}})", "`linux.cgroupsPath`",
        "must not contain `..`");
    // linux.seccomp
    row("seccomp defaultAction missing", R"({"linux": {"seccomp": {"syscalls": []}}})",
        "`linux.seccomp.defaultAction`", "missing");
    row("seccomp unknown action", R"({"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
        "syscalls": [{"names": ["read"], "action": "SCMP_ACT_MAYBE"}]}}})",
        "`linux.seccomp.syscalls[0].action`", "unknown seccomp action `SCMP_ACT_MAYBE`");
    row("seccomp notify", R"({"linux": {"seccomp": {"defaultAction": "SCMP_ACT_NOTIFY"}}})",
        "`linux.seccomp.defaultAction`", "`SCMP_ACT_NOTIFY` is not supported");
    row("seccomp listenerPath", R"({"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
        "listenerPath": "/run/agent.sock"}}})",
        "`linux.seccomp.listenerPath`", "not supported");
    row("seccomp names empty", R"({"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
        "syscalls": [{"names": [], "action": "SCMP_ACT_LOG"}]}}})",
        "`linux.seccomp.syscalls[0].names`", "must not be empty");
    row("seccomp arg index", R"({"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
        "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ERRNO"}, {"names": ["clone"],
        "action": "SCMP_ACT_ERRNO", "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]}}})",
        "`linux.seccomp.syscalls[1].args[0].index`", "must be less than 6");
    row("seccomp arg op", R"({"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
        "syscalls": [{"names": ["clone"], "action": "SCMP_ACT_ERRNO", "args": [
        {"index": 0, "value": 1, "op": "SCMP_CMP_EQ"},
        {"index": 1, "value": 1, "op": "SCMP_CMP_FOO"}]}]}}})",
        "`linux.seccomp.syscalls[0].args[1].op`", "unknown operator `SCMP_CMP_FOO`");
    row("seccomp errnoRet negative", R"({"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ERRNO",
        "defaultErrnoRet": -1}}})",
        "`linux.seccomp.defaultErrnoRet`", "out of range");
    row("linux not an object", R"({"linux": "yes"})", "`linux`", "expected object, got string");
}

void TestSpec::refusesMalformedConfig()
{
    QFETCH(QByteArray, patch);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, reason);

    auto spec = oci::parseSpec(patched(patch.constData()));
    QVERIFY2(!spec, "the config was accepted");
    QCOMPARE(spec.error().code, EINVAL);
    const QByteArray text = message(spec);
    // The path comes first, so a reader sees at once which field is wrong.
    QVERIFY2(text.startsWith(path + ": "), text.constData());
    QVERIFY2(text.contains(reason), text.constData());
}

void TestSpec::reportsJsonSyntaxErrorOffset_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected");

    // nlohmann counts from 1, like the column; the end of input is one past the last byte.
    QTest::newRow("trailing comma")
        << QByteArray(R"({"ociVersion": "1.0.2",})") << QByteArray("malformed JSON at byte 24: ");
    QTest::newRow("truncated") << QByteArray(R"({"root": {"path": "r")")
                               << QByteArray("malformed JSON at byte 22: ");
    QTest::newRow("bad literal") << QByteArray("{\"a\": tru}") << QByteArray("at byte 10: ");
    QTest::newRow("empty") << QByteArray() << QByteArray("malformed JSON at byte 1: ");
}

void TestSpec::reportsJsonSyntaxErrorOffset()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);

    auto spec = oci::parseSpec(std::string_view(json.constData(), size_t(json.size())));
    QVERIFY(!spec);
    QCOMPARE(spec.error().code, EINVAL);
    QVERIFY2(message(spec).contains(expected), message(spec).constData());
    QVERIFY2(!message(spec).contains("json.exception"), message(spec).constData());
}

void TestSpec::mapsSeccompActions_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("action");

    using A = oci::SeccompAction;
    QTest::newRow("KILL") << QByteArray("SCMP_ACT_KILL") << int(A::Kill);
    QTest::newRow("KILL_THREAD") << QByteArray("SCMP_ACT_KILL_THREAD") << int(A::Kill);
    QTest::newRow("KILL_PROCESS") << QByteArray("SCMP_ACT_KILL_PROCESS") << int(A::KillProcess);
    QTest::newRow("TRAP") << QByteArray("SCMP_ACT_TRAP") << int(A::Trap);
    QTest::newRow("ERRNO") << QByteArray("SCMP_ACT_ERRNO") << int(A::Errno);
    QTest::newRow("TRACE") << QByteArray("SCMP_ACT_TRACE") << int(A::Trace);
    QTest::newRow("ALLOW") << QByteArray("SCMP_ACT_ALLOW") << int(A::Allow);
    QTest::newRow("LOG") << QByteArray("SCMP_ACT_LOG") << int(A::Log);
}

void TestSpec::mapsSeccompActions()
{
    QFETCH(QByteArray, name);
    QFETCH(int, action);

    json patch;
    patch["linux"]["seccomp"] = {
        {"defaultAction", name.toStdString()},
        {"syscalls", {{{"names", {"read"}}, {"action", name.toStdString()}}}}};
    auto spec = oci::parseSpec(patched(patch.dump().c_str()));
    QVERIFY2(spec, message(spec).constData());
    QCOMPARE(int(spec->linux.seccomp->defaultAction), action);
    QCOMPARE(int(spec->linux.seccomp->syscalls.at(0).action), action);
}

void TestSpec::mapsRlimitNames_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("resource");

#define GB_RLIMIT_ROW(r) QTest::newRow(#r) << QByteArray(#r) << int(r)
    GB_RLIMIT_ROW(RLIMIT_CPU);
    GB_RLIMIT_ROW(RLIMIT_FSIZE);
    GB_RLIMIT_ROW(RLIMIT_DATA);
    GB_RLIMIT_ROW(RLIMIT_STACK);
    GB_RLIMIT_ROW(RLIMIT_CORE);
    GB_RLIMIT_ROW(RLIMIT_RSS);
    GB_RLIMIT_ROW(RLIMIT_NPROC);
    GB_RLIMIT_ROW(RLIMIT_NOFILE);
    GB_RLIMIT_ROW(RLIMIT_MEMLOCK);
    GB_RLIMIT_ROW(RLIMIT_AS);
    GB_RLIMIT_ROW(RLIMIT_LOCKS);
    GB_RLIMIT_ROW(RLIMIT_SIGPENDING);
    GB_RLIMIT_ROW(RLIMIT_MSGQUEUE);
    GB_RLIMIT_ROW(RLIMIT_NICE);
    GB_RLIMIT_ROW(RLIMIT_RTPRIO);
    GB_RLIMIT_ROW(RLIMIT_RTTIME);
#undef GB_RLIMIT_ROW
}

void TestSpec::mapsRlimitNames()
{
    QFETCH(QByteArray, name);
    QFETCH(int, resource);

    json patch;
    patch["process"]["rlimits"] = {{{"type", name.toStdString()}, {"soft", 1}, {"hard", 2}}};
    auto spec = oci::parseSpec(patched(patch.dump().c_str()));
    QVERIFY2(spec, message(spec).constData());
    QCOMPARE(spec->process->rlimits.at(0).resource, resource);
}

void TestSpec::namespaceNames_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("specName");
    QTest::addColumn<QByteArray>("procName");
    QTest::addColumn<int>("flag");

    using T = oci::NamespaceType;
    QTest::newRow("pid") << int(T::Pid) << QByteArray("pid") << QByteArray("pid") << CLONE_NEWPID;
    QTest::newRow("network") << int(T::Network) << QByteArray("network") << QByteArray("net")
                             << CLONE_NEWNET;
    QTest::newRow("mount") << int(T::Mount) << QByteArray("mount") << QByteArray("mnt")
                           << CLONE_NEWNS;
    QTest::newRow("ipc") << int(T::Ipc) << QByteArray("ipc") << QByteArray("ipc") << CLONE_NEWIPC;
    QTest::newRow("uts") << int(T::Uts) << QByteArray("uts") << QByteArray("uts") << CLONE_NEWUTS;
    QTest::newRow("user") << int(T::User) << QByteArray("user") << QByteArray("user")
                          << CLONE_NEWUSER;
    QTest::newRow("cgroup") << int(T::Cgroup) << QByteArray("cgroup") << QByteArray("cgroup")
                            << CLONE_NEWCGROUP;
    QTest::newRow("time") << int(T::Time) << QByteArray("time") << QByteArray("time")
                          << 0x00000080; // CLONE_NEWTIME
}

void TestSpec::namespaceNames()
{
    QFETCH(int, type);
    QFETCH(QByteArray, specName);
    QFETCH(QByteArray, procName);
    QFETCH(int, flag);

    const auto ns = static_cast<oci::NamespaceType>(type);
    QCOMPARE(QByteArray(oci::specName(ns)), specName);
    QCOMPARE(QByteArray(oci::procName(ns)), procName);
    QCOMPARE(oci::cloneFlag(ns), flag);

    // The spec name round-trips through the parser, and findNamespace() finds it.
    json patch;
    patch["linux"]["namespaces"] = {{{"type", specName.toStdString()}}, {{"type", "uts"}}};
    if (specName == "uts")
        patch["linux"]["namespaces"].erase(1);
    auto spec = oci::parseSpec(patched(patch.dump().c_str()));
    QVERIFY2(spec, message(spec).constData());
    QVERIFY(spec->linux.findNamespace(ns) == &spec->linux.namespaces.at(0));
}

void TestSpec::loadsBundleConfig()
{
    QTemporaryDir bundle;
    QVERIFY(bundle.isValid());
    QFile config(bundle.filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(fullConfig);
    config.close();

    auto spec = oci::loadSpec(bundle.path().toStdString());
    QVERIFY2(spec, message(spec).constData());
    QCOMPARE(spec->hostname, std::string("box"));

    // A parse error names the file as well as the field.
    QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
    config.write(patched(R"({"process": {"args": []}})").c_str());
    config.close();
    spec = oci::loadSpec(bundle.path().toStdString());
    QVERIFY(!spec);
    const QByteArray expected =
        '`' + bundle.filePath(QStringLiteral("config.json")).toUtf8() + "`: `process.args`: ";
    QVERIFY2(message(spec).startsWith(expected), message(spec).constData());
}

void TestSpec::loadSpecNamesMissingFile()
{
    QTemporaryDir bundle;
    QVERIFY(bundle.isValid());
    auto spec = oci::loadSpec(bundle.path().toStdString());
    QVERIFY(!spec);
    QCOMPARE(spec.error().code, ENOENT);
    QVERIFY2(message(spec).contains("config.json"), message(spec).constData());
}

QTEST_GUILESS_MAIN(TestSpec)
#include "test_spec.moc"
