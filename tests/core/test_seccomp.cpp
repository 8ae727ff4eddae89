// Tests for core/src/seccomp.cpp, seccomp_default.cpp and oci/default_spec.cpp: compiling
// profiles (and refusing bad ones by JSON path), then what the kernel really does with them
// in a forked child that loads the filter under no_new_privs (no root needed).
#include "bundle.h"
#include "glassbox/capabilities.h"
#include "glassbox/oci/spec.h"
#include "glassbox/seccomp.h"

#include <QObject>
#include <QTest>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <nlohmann/json.hpp>
#include <sched.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace glassbox;
using nlohmann::json;

namespace {

// The suite fills oci::Seccomp itself rather than going through oci::parseSpec, so the
// compiler is tested on its own; an unknown action becomes an out-of-range value, which is
// what compile() must refuse if a parser ever let one through.
oci::SeccompAction actionFromName(const std::string &name)
{
    using oci::SeccompAction;
    if (name == "SCMP_ACT_KILL" || name == "SCMP_ACT_KILL_THREAD")
        return SeccompAction::Kill;
    if (name == "SCMP_ACT_KILL_PROCESS")
        return SeccompAction::KillProcess;
    if (name == "SCMP_ACT_TRAP")
        return SeccompAction::Trap;
    if (name == "SCMP_ACT_ERRNO")
        return SeccompAction::Errno;
    if (name == "SCMP_ACT_TRACE")
        return SeccompAction::Trace;
    if (name == "SCMP_ACT_ALLOW")
        return SeccompAction::Allow;
    if (name == "SCMP_ACT_LOG")
        return SeccompAction::Log;
    return static_cast<SeccompAction>(99);
}

oci::Seccomp seccompFromJson(const json &section)
{
    oci::Seccomp config;
    config.defaultAction = actionFromName(section.at("defaultAction").get<std::string>());
    if (section.contains("defaultErrnoRet"))
        config.defaultErrnoRet = section["defaultErrnoRet"].get<uint32_t>();
    config.architectures = section.value("architectures", std::vector<std::string>{});
    config.flags = section.value("flags", std::vector<std::string>{});
    for (const json &entry : section.value("syscalls", json::array())) {
        oci::SeccompSyscall rule;
        rule.names = entry.at("names").get<std::vector<std::string>>();
        rule.action = actionFromName(entry.at("action").get<std::string>());
        if (entry.contains("errnoRet"))
            rule.errnoRet = entry["errnoRet"].get<uint32_t>();
        for (const json &arg : entry.value("args", json::array())) {
            oci::SeccompArg condition;
            condition.index = arg.at("index").get<unsigned>();
            condition.value = arg.at("value").get<uint64_t>();
            condition.valueTwo = arg.value("valueTwo", uint64_t{0});
            condition.op = arg.at("op").get<std::string>();
            rule.args.push_back(condition);
        }
        config.syscalls.push_back(std::move(rule));
    }
    return config;
}

oci::Seccomp defaultProfile(const std::vector<std::string> &capabilities)
{
    return seccompFromJson(json::parse(seccomp::defaultProfileJson(capabilities)));
}

// Names the profile allows without conditions (what a container may always call).
std::vector<std::string> unconditionallyAllowed(const json &profile)
{
    std::vector<std::string> names;
    for (const json &rule : profile["syscalls"])
        if (rule["action"] == "SCMP_ACT_ALLOW" && !rule.contains("args"))
            for (const json &name : rule["names"])
                names.push_back(name.get<std::string>());
    return names;
}

bool contains(const std::vector<std::string> &list, const std::string &item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

// A system call tried inside the confined child: returns 0 when it succeeded, else errno.
// Probes run after fork() and must stay async-signal-safe.
struct Probe
{
    const char *name;
    int expected; ///< 0: must succeed; otherwise the errno it must fail with.
    int (*run)();
};

int outcome(long rc)
{
    return rc < 0 ? errno : 0;
}

// Runs a raw clone with `flags`; a child that appears exits at once and is reaped.
int cloneWith(unsigned long flags)
{
    const long pid = ::syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0)
        ::_exit(0);
    if (pid < 0)
        return errno;
    ::waitpid(static_cast<pid_t>(pid), nullptr, 0);
    return 0;
}

// Reads a pipe until the writer closes it, then closes it.
QByteArray readToEnd(int fd)
{
    QByteArray data;
    char buffer[512];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof(buffer));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        data.append(buffer, n);
    }
    ::close(fd);
    return data;
}

constexpr size_t kMaxProbes = 32;

// Forks; the child sets no_new_privs, loads `program`, runs the probes and sends back each
// probe's outcome. The filter dies with the child, so the test process stays unconfined.
QString runConfined(const seccomp::Program &program, const std::vector<Probe> &probes,
                    std::array<int, kMaxProbes> *results)
{
    if (probes.size() > kMaxProbes)
        return QStringLiteral("too many probes");
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return QStringLiteral("pipe2 failed");
    const pid_t pid = ::fork();
    if (pid < 0)
        return QStringLiteral("fork failed");
    if (pid == 0) {
        ::close(fds[0]);
        // [0] stage that failed (0: none), [1] its errno, then one outcome per probe.
        std::array<int, kMaxProbes + 2> report{};
        if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
            report[0] = 1;
            report[1] = errno;
        } else if (auto loaded = seccomp::load(program); !loaded) {
            report[0] = 2;
            report[1] = loaded.error().code;
        } else {
            for (size_t i = 0; i < probes.size(); ++i)
                report[i + 2] = probes[i].run();
        }
        const ssize_t written = ::write(fds[1], report.data(), sizeof(report));
        ::_exit(written == static_cast<ssize_t>(sizeof(report)) ? 0 : 1);
    }
    ::close(fds[1]);
    const QByteArray bytes = readToEnd(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::array<int, kMaxProbes + 2> report{};
    if (bytes.size() != qsizetype(sizeof(report)))
        return QStringLiteral("the child died before reporting (wait status %1)").arg(status);
    std::memcpy(report.data(), bytes.constData(), sizeof(report));
    if (report[0] == 1)
        return QStringLiteral("PR_SET_NO_NEW_PRIVS failed: %1").arg(report[1]);
    if (report[0] == 2)
        return QStringLiteral("seccomp::load failed: %1")
            .arg(QString::fromLocal8Bit(std::strerror(report[1])));
    std::copy(report.begin() + 2, report.end(), results->begin());
    return {};
}

void checkProbes(const seccomp::Program &program, const std::vector<Probe> &probes)
{
    std::array<int, kMaxProbes> results{};
    const QString failure = runConfined(program, probes, &results);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    for (size_t i = 0; i < probes.size(); ++i) {
        const QString what = QStringLiteral("%1: expected %2, got %3")
                                 .arg(QString::fromLatin1(probes[i].name),
                                      QString::fromLocal8Bit(std::strerror(probes[i].expected)),
                                      QString::fromLocal8Bit(std::strerror(results[i])));
        QVERIFY2(results[i] == probes[i].expected, qPrintable(what));
    }
}

} // namespace

class TestSeccomp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compilesDefaultProfile();
    void compilesDefaultProfileWithEveryCapability();
    void defaultProfileFollowsCapabilities();
    void compilesHandProfiles_data();
    void compilesHandProfiles();
    void refusesBadConfig_data();
    void refusesBadConfig();
    void defaultProfileConfinesForReal();
    void argumentConditionsAndErrnoRet();
    void ordinaryProgramsRunUnderDefaultProfile();
    void defaultSpecJson();
};

void TestSeccomp::compilesDefaultProfile()
{
    auto program = seccomp::compile(defaultProfile(caps::dockerDefaultNames()));
    QVERIFY2(program.has_value(), program ? "" : program.error().text().c_str());
    QVERIFY(!program->code.empty());
    QVERIFY(program->code.size() <= size_t(BPF_MAXINSNS));
    QCOMPARE(program->flags, 0u);
}

void TestSeccomp::compilesDefaultProfileWithEveryCapability()
{
    // Several groups allow the same call (syslog, bpf, ptrace, ...): libseccomp must take
    // the duplicates, and the clone conditions must give way to the plain rule.
    std::vector<std::string> every;
    for (int capability = 0; capability <= caps::lastCapability(); ++capability)
        every.push_back(caps::name(capability));
    auto program = seccomp::compile(defaultProfile(every));
    QVERIFY2(program.has_value(), program ? "" : program.error().text().c_str());
    QVERIFY(!program->code.empty());
}

void TestSeccomp::defaultProfileFollowsCapabilities()
{
    const json profile = json::parse(seccomp::defaultProfileJson(caps::dockerDefaultNames()));
    QVERIFY(profile["defaultAction"] == "SCMP_ACT_ERRNO");
    QVERIFY(profile["defaultErrnoRet"] == EPERM);
#if defined(__x86_64__)
    QVERIFY(profile["architectures"] ==
            json::array({"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}));
#endif
    const auto allowed = unconditionallyAllowed(profile);
    for (const char *name : {"read", "write", "openat", "execve", "getpid", "wait4", "chroot",
                             "ptrace", "fork", "exit_group"})
        QVERIFY2(contains(allowed, name), name);
    for (const char *name :
         {"unshare",     "mount",        "umount2", "keyctl",          "add_key",
          "request_key", "bpf",          "setns",   "pivot_root",      "reboot",
          "init_module", "finit_module", "clone",   "clone3",          "open_by_handle_at",
          "acct",        "kexec_load",   "swapon",  "perf_event_open", "syslog"})
        QVERIFY2(!contains(allowed, name), name);

    bool clone3Enosys = false;
    for (const json &rule : profile["syscalls"])
        if (rule["names"] == json::array({"clone3"}))
            clone3Enosys = rule["action"] == "SCMP_ACT_ERRNO" && rule["errnoRet"] == ENOSYS;
    QVERIFY(clone3Enosys);

    const json admin = json::parse(seccomp::defaultProfileJson({"CAP_SYS_ADMIN", "CAP_BPF"}));
    const auto adminAllowed = unconditionallyAllowed(admin);
    for (const char *name : {"mount", "unshare", "setns", "clone", "clone3", "bpf"})
        QVERIFY2(contains(adminAllowed, name), name);
    QVERIFY(!contains(adminAllowed, "chroot"));
    for (const json &rule : admin["syscalls"])
        QVERIFY(rule["action"] == "SCMP_ACT_ALLOW");
}

void TestSeccomp::compilesHandProfiles_data()
{
    QTest::addColumn<QByteArray>("section");
    QTest::addColumn<unsigned>("flags");

    QTest::newRow("unknown syscall names are skipped, as in runc and crun")
        << QByteArray(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
            {"names":["no_such_syscall_glassbox","getppid"],"action":"SCMP_ACT_ERRNO"}]})")
        << 0u;
    QTest::newRow("flags map to the kernel's")
        << QByteArray(R"({"defaultAction":"SCMP_ACT_ALLOW","flags":["SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW","SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]})")
        << ((1u << 1) | (1u << 2) | (1u << 5));
    // libseccomp refuses two comparisons of one argument in a rule; runc and crun then add a
    // rule per comparison, and so must we.
    QTest::newRow("one argument compared twice")
        << QByteArray(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
            {"names":["personality"],"action":"SCMP_ACT_ERRNO","args":[
              {"index":0,"value":8,"op":"SCMP_CMP_EQ"},
              {"index":0,"value":131080,"op":"SCMP_CMP_EQ"}]}]})")
        << 0u;
    QTest::newRow("rules repeating the default action are dropped")
        << QByteArray(R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
            {"names":["read"],"action":"SCMP_ACT_ERRNO"}]})")
        << 0u;
}

void TestSeccomp::compilesHandProfiles()
{
    QFETCH(QByteArray, section);
    QFETCH(unsigned, flags);
    auto program = seccomp::compile(seccompFromJson(json::parse(section.toStdString())));
    QVERIFY2(program.has_value(), program ? "" : program.error().text().c_str());
    QVERIFY(!program->code.empty());
    QCOMPARE(program->flags, flags);
}

void TestSeccomp::refusesBadConfig_data()
{
    QTest::addColumn<QByteArray>("section");
    QTest::addColumn<QString>("path");

    const auto row = [](const char *name, const char *section, const char *path) {
        QTest::newRow(name) << QByteArray(section) << QString::fromLatin1(path);
    };
    row("unknown operator",
        R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
            {"names":["read"],"action":"SCMP_ACT_ALLOW"},
            {"names":["personality"],"action":"SCMP_ACT_ALLOW",
             "args":[{"index":0,"value":0,"op":"SCMP_CMP_FOO"}]}]})",
        "`linux.seccomp.syscalls[1].args[0].op`");
    row("argument index out of range",
        R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
            {"names":["read"],"action":"SCMP_ACT_ALLOW",
             "args":[{"index":6,"value":0,"op":"SCMP_CMP_EQ"}]}]})",
        "`linux.seccomp.syscalls[0].args[0].index`");
    row("unknown architecture",
        R"({"defaultAction":"SCMP_ACT_ERRNO",
            "architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_VAX"]})",
        "`linux.seccomp.architectures[1]`");
    row("unknown flag",
        R"({"defaultAction":"SCMP_ACT_ERRNO",
            "flags":["SECCOMP_FILTER_FLAG_LOG","SECCOMP_FILTER_FLAG_FOO"]})",
        "`linux.seccomp.flags[1]`");
    row("errnoRet on allow",
        R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
            {"names":["read"],"action":"SCMP_ACT_ALLOW"},
            {"names":["write"],"action":"SCMP_ACT_ALLOW"},
            {"names":["close"],"action":"SCMP_ACT_ALLOW","errnoRet":5}]})",
        "`linux.seccomp.syscalls[2].errnoRet`");
    row("defaultErrnoRet on allow", R"({"defaultAction":"SCMP_ACT_ALLOW","defaultErrnoRet":1})",
        "`linux.seccomp.defaultErrnoRet`");
    row("errno above MAX_ERRNO",
        R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
            {"names":["getppid"],"action":"SCMP_ACT_ERRNO","errnoRet":70000}]})",
        "`linux.seccomp.syscalls[0].errnoRet`");
    row("unknown action",
        R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
            {"names":["read"],"action":"SCMP_ACT_FOO"}]})",
        "`linux.seccomp.syscalls[0].action`");
    row("unknown default action", R"({"defaultAction":"SCMP_ACT_FOO"})",
        "`linux.seccomp.defaultAction`");
    row("no names",
        R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
            {"names":[],"action":"SCMP_ACT_ALLOW"}]})",
        "`linux.seccomp.syscalls[0].names`");
    row("empty name",
        R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
            {"names":["read"],"action":"SCMP_ACT_ALLOW"},
            {"names":["write"],"action":"SCMP_ACT_ALLOW"},
            {"names":["close"],"action":"SCMP_ACT_ALLOW"},
            {"names":["exit","","exit_group"],"action":"SCMP_ACT_ALLOW"}]})",
        "`linux.seccomp.syscalls[3].names[1]`");
}

void TestSeccomp::refusesBadConfig()
{
    QFETCH(QByteArray, section);
    QFETCH(QString, path);
    auto program = seccomp::compile(seccompFromJson(json::parse(section.toStdString())));
    QVERIFY(!program.has_value());
    const QString message = QString::fromStdString(program.error().message);
    QVERIFY2(message.startsWith(path), qPrintable(message));
}

void TestSeccomp::defaultProfileConfinesForReal()
{
    auto program = seccomp::compile(defaultProfile(caps::dockerDefaultNames()));
    QVERIFY2(program.has_value(), program ? "" : program.error().text().c_str());

    // Each call would fail differently (or succeed, as root) without the filter, so EPERM
    // here is the filter's answer. Targets do not exist, in case it ever is not.
    const std::vector<Probe> probes = {
        {"unshare(CLONE_NEWNS)", EPERM,
         [] {
             return outcome(::unshare(CLONE_NEWNS));
         }},
        {"mount", EPERM,
         [] {
             return outcome(::mount("none", "/nonexistent-glassbox", "tmpfs", 0, nullptr));
         }},
        {"umount2", EPERM,
         [] {
             return outcome(::umount2("/nonexistent-glassbox", 0));
         }},
        {"keyctl", EPERM,
         [] {
             return outcome(
                 ::syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0));
         }},
        {"add_key", EPERM,
         [] {
             return outcome(::syscall(SYS_add_key, "user", "glassbox", "x", 1, -3));
         }},
        {"setns", EPERM,
         [] {
             return outcome(::setns(-1, 0));
         }},
        {"pivot_root", EPERM,
         [] {
             return outcome(::syscall(SYS_pivot_root, "/x", "/y"));
         }},
        {"bpf", EPERM,
         [] {
             return outcome(::syscall(SYS_bpf, 0, nullptr, 0));
         }},
        {"reboot (bad magic)", EPERM,
         [] {
             return outcome(::syscall(SYS_reboot, 0, 0, 0, 0));
         }},
        {"init_module", EPERM,
         [] {
             return outcome(::syscall(SYS_init_module, nullptr, 0, ""));
         }},
        {"clone(CLONE_NEWNS)", EPERM,
         [] {
             return cloneWith(CLONE_NEWNS);
         }},
        {"clone3", ENOSYS,
         [] {
             return outcome(::syscall(SYS_clone3, nullptr, 0));
         }},
        {"socket(AF_VSOCK)", EPERM,
         [] {
             return outcome(::socket(40, SOCK_STREAM, 0));
         }},
        {"socket(AF_ALG)", EPERM,
         [] {
             return outcome(::socket(38, SOCK_SEQPACKET, 0));
         }},
        // io_uring's operations run in kernel workers seccomp never sees (moby removed it).
        {"io_uring_setup", EPERM,
         [] {
             return outcome(::syscall(SYS_io_uring_setup, 1, nullptr));
         }},
        {"personality(READ_IMPLIES_EXEC)", EPERM,
         [] {
             return outcome(::personality(READ_IMPLIES_EXEC));
         }},
        // What ordinary programs need.
        {"getpid", 0,
         [] {
             return outcome(::syscall(SYS_getpid));
         }},
        {"open+write /dev/null", 0,
         [] {
             const int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
             if (fd < 0)
                 return errno;
             const int result = outcome(::write(fd, "x", 1));
             ::close(fd);
             return result;
         }},
        {"fork (plain clone)", 0,
         [] {
             return cloneWith(0);
         }},
        {"socket(AF_UNIX)", 0,
         [] {
             const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
             if (fd >= 0)
                 ::close(fd);
             return outcome(fd);
         }},
        // Families on either side of the refused ones still pass the filter.
        {"socket(AF_NETLINK)", 0,
         [] {
             const int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0);
             if (fd >= 0)
                 ::close(fd);
             return outcome(fd);
         }},
        {"socket(family 1000) reaches the kernel", EAFNOSUPPORT,
         [] {
             return outcome(::socket(1000, SOCK_STREAM | SOCK_CLOEXEC, 0));
         }},
        {"personality query", 0,
         [] {
             return outcome(::personality(0xffffffff));
         }},
        // CAP_SYS_CHROOT is a Docker default, so chroot reaches the kernel: ENOENT.
        {"chroot (missing dir)", ENOENT,
         [] {
             return outcome(::chroot("/nonexistent-glassbox"));
         }},
    };
    checkProbes(*program, probes);
}

void TestSeccomp::argumentConditionsAndErrnoRet()
{
    // personality(2) is denied for one argument value only; two comparisons of the same
    // argument match as alternatives (runc's and crun's reading); getppid gets ENOSYS.
    const json section = json::parse(R"({
        "defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_LOG"],
        "syscalls": [
          {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
           "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]},
          {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
           "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"},
                    {"index": 0, "value": 131080, "op": "SCMP_CMP_EQ"}]},
          {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]})");
    auto program = seccomp::compile(seccompFromJson(section));
    QVERIFY2(program.has_value(), program ? "" : program.error().text().c_str());

    const std::vector<Probe> probes = {
        {"personality(0xffffffff)", EPERM,
         [] {
             return outcome(::personality(0xffffffff));
         }},
        {"personality(PER_LINUX)", 0,
         [] {
             return outcome(::personality(PER_LINUX));
         }},
        {"personality(PER_LINUX32)", EACCES,
         [] {
             return outcome(::personality(PER_LINUX32));
         }},
        {"personality(PER_LINUX32 | UNAME26)", EACCES,
         [] {
             return outcome(::personality(0x20008)); // PER_LINUX32 | UNAME26
         }},
        {"getppid", ENOSYS,
         [] {
             return outcome(::syscall(SYS_getppid));
         }},
        {"getpid", 0,
         [] {
             return outcome(::syscall(SYS_getpid));
         }},
    };
    checkProbes(*program, probes);
}

void TestSeccomp::ordinaryProgramsRunUnderDefaultProfile()
{
    const QString busybox = test::busyboxPath();
    if (busybox.isEmpty())
        QSKIP("needs Debian's busybox-static (/bin/busybox)");
    auto program = seccomp::compile(defaultProfile(caps::dockerDefaultNames()));
    QVERIFY2(program.has_value(), program ? "" : program.error().text().c_str());

    const std::string path = busybox.toStdString();
    const char *script = "ls / >/dev/null && cat /proc/self/status >/dev/null && "
                         "ps >/dev/null && sleep 0 && echo confined-ok";
    const char *argv[] = {path.c_str(), "sh", "-c", script, nullptr};
    int fds[2];
    QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
    const pid_t pid = ::fork();
    QVERIFY(pid >= 0);
    if (pid == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || !seccomp::load(*program))
            ::_exit(120);
        ::execv(argv[0], const_cast<char *const *>(argv));
        ::_exit(121);
    }
    ::close(fds[1]);
    const QByteArray out = readToEnd(fds[0]);
    int status = 0;
    QCOMPARE(::waitpid(pid, &status, 0), pid);
    QVERIFY2(WIFEXITED(status), "busybox was killed");
    QCOMPARE(WEXITSTATUS(status), 0);
    QCOMPARE(out.trimmed(), QByteArray("confined-ok"));
}

void TestSeccomp::defaultSpecJson()
{
    json spec = json::parse(oci::defaultSpecJson(), nullptr, false);
    QVERIFY(!spec.is_discarded());
    QVERIFY(spec["ociVersion"].get<std::string>().rfind("1.", 0) == 0);
    QVERIFY(spec["root"]["path"] == "rootfs");
    QVERIFY(spec["hostname"] == "glassbox");

    json &process = spec["process"];
    QVERIFY(process["args"] == json::array({"sh"}));
    QVERIFY(process["noNewPrivileges"] == true);
    QVERIFY(process["user"]["uid"] == 0 && process["user"]["gid"] == 0);
    QVERIFY(process["rlimits"][0]["type"] == "RLIMIT_NOFILE");
    QVERIFY(process["rlimits"][0]["soft"] == 1024 && process["rlimits"][0]["hard"] == 1024);
    const json docker = caps::dockerDefaultNames();
    QCOMPARE(docker.size(), size_t(14));
    for (const char *set : {"bounding", "effective", "permitted"})
        QVERIFY2(process["capabilities"][set] == docker, set);
    QVERIFY(!process["capabilities"].contains("inheritable"));
    QVERIFY(!process["capabilities"].contains("ambient"));

    std::vector<std::string> destinations;
    for (const json &mount : spec["mounts"])
        destinations.push_back(mount["destination"].get<std::string>());
    QVERIFY(destinations == std::vector<std::string>({"/proc", "/dev", "/dev/pts", "/dev/shm",
                                                      "/dev/mqueue", "/sys", "/sys/fs/cgroup"}));

    json &linuxSection = spec["linux"];
    const auto masked = linuxSection["maskedPaths"].get<std::vector<std::string>>();
    for (const char *path :
         {"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
          "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
          "/proc/scsi", "/sys/devices/virtual/powercap"})
        QVERIFY2(contains(masked, path), path);
    const auto readonly = linuxSection["readonlyPaths"].get<std::vector<std::string>>();
    for (const char *path :
         {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"})
        QVERIFY2(contains(readonly, path), path);
    std::vector<std::string> namespaces;
    for (const json &ns : linuxSection["namespaces"])
        namespaces.push_back(ns["type"].get<std::string>());
    QVERIFY(namespaces ==
            std::vector<std::string>({"pid", "network", "ipc", "uts", "mount", "cgroup"}));
    QVERIFY(linuxSection["resources"]["devices"][0]["allow"] == false);

    // The embedded profile is the default one and compiles.
    QVERIFY(linuxSection["seccomp"] == json::parse(seccomp::defaultProfileJson(docker)));
    auto program = seccomp::compile(seccompFromJson(linuxSection["seccomp"]));
    QVERIFY2(program.has_value(), program ? "" : program.error().text().c_str());
}

QTEST_GUILESS_MAIN(TestSeccomp)
#include "test_seccomp.moc"
