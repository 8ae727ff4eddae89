// The cgroup v2 device filter on the real kernel (root): device rules applied to a scratch
// cgroup under this process's own cgroup v2 directory, then children that join it try to
// open and mknod devices; and a busybox container run by glassbox-runtime. Every cgroup and
// child is removed again, also when a check fails.
#include "bundle.h"
#include "cgroup/device_filter.h"
#include "runtime_harness.h"

#include "glassbox/cgroup/cgroup.h"

#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace glassbox;
using glassbox::test::Bundle;
using glassbox::test::RunResult;

namespace {

using Rules = std::vector<oci::DeviceRule>;

oci::DeviceRule allow(char type, std::optional<int64_t> major, std::optional<int64_t> minor,
                      const char *access = "rwm")
{
    return {true, type, major, minor, access};
}

oci::DeviceRule deny(char type, std::optional<int64_t> major, std::optional<int64_t> minor,
                     const char *access = "rwm")
{
    return {false, type, major, minor, access};
}

const oci::DeviceRule allowAll = {true, 'a', std::nullopt, std::nullopt, "rwm"};
const oci::DeviceRule denyAll = {false, 'a', std::nullopt, std::nullopt, "rwm"};

// One thing a child tries: open a host device node, or mknod one in a scratch directory.
struct Attempt
{
    enum Kind { Read, Write, ReadWrite, Mknod } kind;
    char type; ///< 'c' or 'b'
    unsigned major;
    unsigned minor;
    int expectedErrno; ///< 0: it must work
};

const char *hostNode(unsigned major, unsigned minor)
{
    if (major == 1 && minor == 3)
        return "/dev/null";
    if (major == 1 && minor == 5)
        return "/dev/zero";
    if (major == 1 && minor == 7)
        return "/dev/full";
    return nullptr;
}

QString describe(const Attempt &attempt)
{
    static const char *const kinds[] = {"open O_RDONLY", "open O_WRONLY", "open O_RDWR", "mknod"};
    return QStringLiteral("%1 %2 %3:%4")
        .arg(QLatin1String(kinds[attempt.kind]), QChar::fromLatin1(attempt.type))
        .arg(attempt.major)
        .arg(attempt.minor);
}

// A cgroup of our own in the cgroup v2 hierarchy; removed (with the programs attached to it)
// when it goes out of scope.
class ScratchCgroup
{
public:
    explicit ScratchCgroup(const std::string &parent)
        : m_path(parent + "/gbtest-devfilter-" + std::to_string(::getpid()) + "-" +
                 std::to_string(++s_counter))
    {
        m_made = ::mkdir(m_path.c_str(), 0755) == 0;
    }
    ScratchCgroup(const ScratchCgroup &) = delete;
    ScratchCgroup &operator=(const ScratchCgroup &) = delete;
    ~ScratchCgroup() { remove(); }

    bool isValid() const { return m_made; }
    const std::string &path() const { return m_path; }
    cgroup::Cgroup asCgroup() const { return {{{m_path, {}, true}}}; }

    bool remove()
    {
        // Our children are reaped before this runs; the kernel may still be busy for a moment.
        for (int attempt = 0; m_made && attempt < 100; ++attempt) {
            if (::rmdir(m_path.c_str()) == 0 || errno == ENOENT)
                m_made = false;
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return !m_made;
    }

private:
    static inline int s_counter = 0;
    std::string m_path;
    bool m_made = false;
};

// Forks a child that moves itself into `cgroup` and makes `attempt`; 0 when it worked,
// otherwise the errno it failed with (-1: the child could not join, or died).
int tryInCgroup(const ScratchCgroup &cgroup, const QString &scratchDir, const Attempt &attempt)
{
    const std::string procs = cgroup.path() + "/cgroup.procs";
    const std::string node = (scratchDir + QStringLiteral("/node")).toStdString();
    const char *hostPath = hostNode(attempt.major, attempt.minor);
    if (attempt.kind != Attempt::Mknod && hostPath == nullptr)
        return -1;
    const pid_t child = ::fork();
    if (child < 0)
        return -1;
    if (child == 0) {
        const int fd = ::open(procs.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0 || ::write(fd, "0", 1) != 1)
            ::_exit(255);
        ::close(fd);
        int result = 0;
        if (attempt.kind == Attempt::Mknod) {
            const mode_t type = attempt.type == 'b' ? S_IFBLK : S_IFCHR;
            result = ::mknod(node.c_str(), type | 0600, makedev(attempt.major, attempt.minor));
            if (result == 0)
                ::unlink(node.c_str());
        } else {
            const int flags = attempt.kind == Attempt::Read    ? O_RDONLY
                              : attempt.kind == Attempt::Write ? O_WRONLY
                                                               : O_RDWR;
            result = ::open(hostPath, flags | O_CLOEXEC);
        }
        ::_exit(result < 0 ? errno : 0);
    }
    int status = 0;
    if (::waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) == 255)
        return -1;
    return WEXITSTATUS(status);
}

// BPF_PROG_GET_FD_BY_ID: whether the kernel still has the program.
bool programExists(uint32_t id)
{
    bpf_attr attr{};
    attr.prog_id = id;
    const long fd = ::syscall(SYS_bpf, BPF_PROG_GET_FD_BY_ID, &attr, sizeof attr);
    if (fd >= 0)
        ::close(static_cast<int>(fd));
    return fd >= 0;
}

std::vector<uint32_t> attached(const std::string &directory)
{
    auto ids = cgroup::detail::attachedDevicePrograms(directory);
    if (!ids)
        qWarning("%s", ids.error().text().c_str());
    return ids ? *ids : std::vector<uint32_t>{99, 99, 99};
}

} // namespace

Q_DECLARE_METATYPE(Rules)
Q_DECLARE_METATYPE(Attempt)

class TestDeviceFilter : public QObject
{
    Q_OBJECT

private:
    std::string m_unifiedMount; ///< the cgroup2 mount point
    std::string m_ownDirectory; ///< this process's cgroup v2 directory
    QTemporaryDir m_scratch;
    glassbox::test::RuntimeHarness m_harness{QStringLiteral("gbd")};

    /// `rules` applied through cgroup::apply() to a cgroup that has only a v2 directory, as
    /// on a pure cgroup v2 host.
    static Status applyTo(const ScratchCgroup &scratch, const Rules &rules)
    {
        oci::Resources resources;
        resources.devices = rules;
        return cgroup::apply(scratch.asCgroup(), resources);
    }
    /// The attempts that did not end as expected, one line each; empty when all did.
    QString mismatches(const ScratchCgroup &scratch, const QList<Attempt> &attempts) const;
    RunResult runtime(const QStringList &args, const QByteArray &input = {})
    {
        return m_harness.runtime(args, 30000, input);
    }
    RunResult exec(const QString &id, const QString &script)
    {
        return runtime(
            {QStringLiteral("exec"), id, QStringLiteral("sh"), QStringLiteral("-c"), script});
    }
    /// Lets the container's v1 devices cgroup allow everything, so that only the program
    /// decides (hybrid hosts); nothing to do on a pure v2 host.
    static bool openUpV1Devices(qint64 pid);

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void decisions_data();
    void decisions();
    void holeInWildcardIsRefused();
    void updateReplacesTheProgram();
    void programGoesWithTheCgroup();
    void hierarchyRootIsNeverConfined();
    void verifierRejectionCarriesItsLog();
    void containerWithDockerDefaults();
};

void TestDeviceFilter::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("needs root: loads eBPF device programs and creates real cgroups");
    auto host = cgroup::Host::detect();
    QVERIFY2(host, host ? "" : host.error().text().c_str());
    for (const cgroup::Hierarchy &h : host->hierarchies) {
        if (h.unified) {
            m_unifiedMount = h.mountPoint;
            m_ownDirectory = h.ownPath == "/" ? h.mountPoint : h.mountPoint + h.ownPath;
        }
    }
    if (m_ownDirectory.empty())
        QSKIP("no cgroup v2 hierarchy is mounted: device programs attach to cgroup v2");
    QVERIFY(m_scratch.isValid());
    QVERIFY(m_harness.isValid());
}

void TestDeviceFilter::cleanup()
{
    m_harness.deleteAll();
}

QString TestDeviceFilter::mismatches(const ScratchCgroup &scratch,
                                     const QList<Attempt> &attempts) const
{
    QString failures;
    for (const Attempt &attempt : attempts) {
        const int got = tryInCgroup(scratch, m_scratch.path(), attempt);
        if (got != attempt.expectedErrno)
            failures += QStringLiteral("\n%1: got %2, expected %3")
                            .arg(describe(attempt),
                                 got < 0 ? QStringLiteral("no result")
                                         : QString::fromUtf8(strerrordesc_np(got)),
                                 QString::fromUtf8(strerrordesc_np(attempt.expectedErrno)));
    }
    return failures;
}

void TestDeviceFilter::decisions_data()
{
    QTest::addColumn<Rules>("rules");
    QTest::addColumn<QList<Attempt>>("attempts");
    const auto open = [](Attempt::Kind kind, unsigned major, unsigned minor, int expected) {
        return Attempt{kind, 'c', major, minor, expected};
    };
    const auto mknod = [](char type, unsigned major, unsigned minor, int expected) {
        return Attempt{Attempt::Mknod, type, major, minor, expected};
    };
    const auto R = Attempt::Read;
    const auto W = Attempt::Write;
    const auto RW = Attempt::ReadWrite;

    QTest::newRow("only the listed device")
        << Rules{denyAll, allow('c', 1, 3)}
        << QList<Attempt>{open(RW, 1, 3, 0), open(R, 1, 5, EPERM), mknod('c', 1, 3, 0),
                          mknod('c', 1, 5, EPERM), mknod('b', 8, 0, EPERM)};
    QTest::newRow("access letters")
        << Rules{denyAll, allow('c', 1, 3, "r"), allow('c', 1, 5, "w")}
        << QList<Attempt>{open(R, 1, 3, 0),       open(W, 1, 3, EPERM), open(RW, 1, 3, EPERM),
                          open(W, 1, 5, 0),       open(R, 1, 5, EPERM), mknod('c', 1, 3, EPERM),
                          mknod('c', 1, 5, EPERM)};
    // As in v1: one rule must grant all of an access, two rules do not add up.
    QTest::newRow("read and write from two rules")
        << Rules{denyAll, allow('c', std::nullopt, std::nullopt, "r"), allow('c', 1, 3, "w")}
        << QList<Attempt>{open(R, 1, 3, 0), open(W, 1, 3, 0), open(RW, 1, 3, EPERM),
                          open(R, 1, 5, 0)};
    QTest::newRow("type a allows everything")
        << Rules{allowAll}
        << QList<Attempt>{open(RW, 1, 5, 0), mknod('b', 8, 0, 0), mknod('c', 1, 1, 0)};
    QTest::newRow("deny all") << Rules{denyAll}
                              << QList<Attempt>{open(R, 1, 3, EPERM), mknod('c', 1, 3, EPERM)};
    QTest::newRow("any minor") << Rules{denyAll, allow('c', 1, std::nullopt, "rw")}
                               << QList<Attempt>{open(RW, 1, 3, 0), open(R, 1, 5, 0),
                                                 open(W, 1, 7, 0), mknod('c', 1, 3, EPERM)};
    QTest::newRow("any major") << Rules{denyAll, allow('c', std::nullopt, 3),
                                        allow('b', std::nullopt, std::nullopt, "m")}
                               << QList<Attempt>{open(RW, 1, 3, 0), open(R, 1, 5, EPERM),
                                                 mknod('c', 99, 3, 0), mknod('b', 8, 0, 0),
                                                 mknod('c', 1, 5, EPERM)};
    QTest::newRow("deny list") << Rules{allowAll, deny('c', 1, 5),
                                        deny('b', std::nullopt, std::nullopt, "m")}
                               << QList<Attempt>{open(RW, 1, 3, 0), open(R, 1, 5, EPERM),
                                                 mknod('b', 8, 0, EPERM), mknod('c', 1, 7, 0)};
    // As in v1: a denied access only has to touch the access asked for.
    QTest::newRow("deny of w refuses rw")
        << Rules{allowAll, deny('c', 1, 5, "w")}
        << QList<Attempt>{open(R, 1, 5, 0), open(W, 1, 5, EPERM), open(RW, 1, 5, EPERM)};
    QTest::newRow("later allow wins") << Rules{denyAll, deny('c', 1, 5), allow('c', 1, 5)}
                                      << QList<Attempt>{open(RW, 1, 5, 0), open(R, 1, 3, EPERM)};
    QTest::newRow("later deny wins")
        << Rules{denyAll, allow('c', 1, 5), allow('c', 1, 3), deny('c', 1, 5)}
        << QList<Attempt>{open(R, 1, 5, EPERM), open(RW, 1, 3, 0)};
    QTest::newRow("later deny takes one letter")
        << Rules{denyAll, allow('c', 1, 5), deny('c', 1, 5, "w")}
        << QList<Attempt>{open(R, 1, 5, 0), open(W, 1, 5, EPERM), mknod('c', 1, 5, 0)};
    QTest::newRow("later deny all resets")
        << Rules{allow('c', 1, 5), denyAll} << QList<Attempt>{open(R, 1, 5, EPERM)};
    QTest::newRow("later allow all resets")
        << Rules{denyAll, allow('c', 1, 3), allowAll}
        << QList<Attempt>{open(RW, 1, 5, 0), mknod('b', 8, 0, 0)};
}

void TestDeviceFilter::decisions()
{
    QFETCH(Rules, rules);
    QFETCH(QList<Attempt>, attempts);
    ScratchCgroup scratch(m_ownDirectory);
    QVERIFY2(scratch.isValid(), scratch.path().c_str());
    Status applied = applyTo(scratch, rules);
    QVERIFY2(applied, applied ? "" : applied.error().text().c_str());
    QCOMPARE(attached(scratch.path()).size(), size_t(1));
    const QString failures = mismatches(scratch, attempts);
    QVERIFY2(failures.isEmpty(), qPrintable(failures));
}

void TestDeviceFilter::holeInWildcardIsRefused()
{
    ScratchCgroup scratch(m_ownDirectory);
    QVERIFY(scratch.isValid());
    // v1 would keep allowing /dev/zero here; runc refuses, and so does Glassbox.
    Status applied =
        applyTo(scratch, {denyAll, allow('c', std::nullopt, std::nullopt), deny('c', 1, 5)});
    QVERIFY(!applied);
    QCOMPARE(applied.error().code, EINVAL);
    const QString message = QString::fromStdString(applied.error().message);
    QVERIFY2(message.contains(QLatin1String("`linux.resources.devices[2]`")) &&
                 message.contains(QLatin1String("`c *:* rwm`")),
             qPrintable(message));
    applied = applyTo(scratch, {allowAll, deny('c', 1, std::nullopt), allow('c', 1, 3, "r")});
    QVERIFY(!applied);
    QVERIFY2(applied.error().message.find("`c 1:* rwm`") != std::string::npos,
             applied.error().message.c_str());
    QVERIFY(attached(scratch.path()).empty());
}

void TestDeviceFilter::updateReplacesTheProgram()
{
    ScratchCgroup scratch(m_ownDirectory);
    QVERIFY(scratch.isValid());
    Status applied = applyTo(scratch, {denyAll, allow('c', 1, 3), allow('c', 1, 5)});
    QVERIFY2(applied, applied ? "" : applied.error().text().c_str());
    const auto before = attached(scratch.path());
    QCOMPARE(before.size(), size_t(1));
    QString failures = mismatches(scratch, {{Attempt::Read, 'c', 1, 5, 0}});
    QVERIFY2(failures.isEmpty(), qPrintable(failures));

    applied = applyTo(scratch, {denyAll, allow('c', 1, 3)});
    QVERIFY2(applied, applied ? "" : applied.error().text().c_str());
    const auto after = attached(scratch.path());
    QCOMPARE(after.size(), size_t(1));
    QVERIFY(after.front() != before.front());
    failures = mismatches(scratch,
                          {{Attempt::Read, 'c', 1, 5, EPERM}, {Attempt::ReadWrite, 'c', 1, 3, 0}});
    QVERIFY2(failures.isEmpty(), qPrintable(failures));
    // The old program is gone from the kernel, not only from the cgroup.
    QTRY_VERIFY(!programExists(before.front()));

    // A refused update leaves the program as it was.
    applied = applyTo(scratch, {denyAll, allow('x', 1, 5)});
    QVERIFY(!applied);
    QCOMPARE(attached(scratch.path()), after);
}

void TestDeviceFilter::programGoesWithTheCgroup()
{
    std::vector<uint32_t> ids;
    {
        ScratchCgroup scratch(m_ownDirectory);
        QVERIFY(scratch.isValid());
        Status applied = applyTo(scratch, {denyAll, allow('c', 1, 3)});
        QVERIFY2(applied, applied ? "" : applied.error().text().c_str());
        ids = attached(scratch.path());
        QCOMPARE(ids.size(), size_t(1));
        QVERIFY(programExists(ids.front()));
        QVERIFY(scratch.remove());
    }
    // Nothing of ours holds a descriptor: the kernel frees it with the cgroup (asynchronously).
    QTRY_VERIFY_WITH_TIMEOUT(!programExists(ids.front()), 10000);
}

void TestDeviceFilter::hierarchyRootIsNeverConfined()
{
    const auto before = attached(m_unifiedMount);
    oci::Resources resources;
    resources.devices = {allowAll};
    auto applied = cgroup::apply(cgroup::Cgroup{{{m_unifiedMount, {}, true}}}, resources);
    auto detachAny = qScopeGuard([&] {
        // Only if the check below failed: an allow-all program, but the root is not ours.
        for (uint32_t id : attached(m_unifiedMount)) {
            if (std::find(before.begin(), before.end(), id) != before.end())
                continue;
            bpf_attr attr{};
            attr.prog_id = id;
            const long fd = ::syscall(SYS_bpf, BPF_PROG_GET_FD_BY_ID, &attr, sizeof attr);
            auto root = ::open(m_unifiedMount.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            bpf_attr detach{};
            detach.target_fd = static_cast<uint32_t>(root);
            detach.attach_bpf_fd = static_cast<uint32_t>(fd);
            detach.attach_type = BPF_CGROUP_DEVICE;
            ::syscall(SYS_bpf, BPF_PROG_DETACH, &detach, sizeof detach);
            ::close(root);
            ::close(static_cast<int>(fd));
        }
    });
    QVERIFY(!applied);
    QCOMPARE(applied.error().code, ENOTSUP);
    QVERIFY2(applied.error().message.find("eBPF device program") != std::string::npos,
             applied.error().message.c_str());
    QCOMPARE(attached(m_unifiedMount), before);
}

void TestDeviceFilter::verifierRejectionCarriesItsLog()
{
    // Exits without setting r0, the return value: the verifier refuses to read it.
    bpf_insn exitOnly{};
    exitOnly.code = BPF_JMP | BPF_EXIT;
    auto loaded = cgroup::detail::loadDeviceProgram({exitOnly});
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().code, EACCES);
    const std::string &message = loaded.error().message;
    QVERIFY2(message.find("the verifier says") != std::string::npos &&
                 message.find("R0 !read_ok") != std::string::npos,
             message.c_str());

    // What the rules give is accepted.
    auto program =
        cgroup::detail::deviceProgram({denyAll, allow('c', 1, 3, "r"), allow('b', 8, 0)});
    QVERIFY2(program, program ? "" : program.error().text().c_str());
    auto accepted = cgroup::detail::loadDeviceProgram(*program);
    QVERIFY2(accepted, accepted ? "" : accepted.error().text().c_str());
}

bool TestDeviceFilter::openUpV1Devices(qint64 pid)
{
    // Pure cgroup v2 has no v1 devices controller: the program alone decides there.
    if (glassbox::test::pureCgroupV2())
        return true;
    const QString v1 = glassbox::test::hostCgroupDir(pid, QStringLiteral("devices"));
    if (v1.isEmpty())
        return true;
    QFile allowFile(v1 + QStringLiteral("/devices.allow"));
    return allowFile.open(QIODevice::WriteOnly) && allowFile.write("a") == 1;
}

void TestDeviceFilter::containerWithDockerDefaults()
{
    const QString reason = glassbox::test::privilegedSkipReason();
    if (!reason.isEmpty())
        QSKIP(qPrintable(reason));
    // A host device the container's rules do not allow, bound in to be opened from inside;
    // opening any of these without using it changes nothing on the host.
    QString hostDevice;
    struct stat device
    {
    };
    for (const char *candidate : {"/dev/loop-control", "/dev/fuse", "/dev/net/tun"}) {
        if (::stat(candidate, &device) == 0 && S_ISCHR(device.st_mode)) {
            hostDevice = QString::fromLatin1(candidate);
            break;
        }
    }
    if (hostDevice.isEmpty())
        QSKIP("needs one of /dev/loop-control, /dev/fuse, /dev/net/tun to bind into the container");
    Bundle bundle;
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error()));
    bundle.config()["mounts"].push_back({{"destination", "/host-device"},
                                         {"type", "bind"},
                                         {"source", hostDevice.toStdString()},
                                         {"options", {"bind"}}});
    bundle.setArgs({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(bundle.write());
    const QString id = m_harness.newId();
    auto result = runtime({QStringLiteral("run"), QStringLiteral("--detach"),
                           QStringLiteral("--bundle"), bundle.path(), id});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const qint64 pid = m_harness.initPid(id);
    QVERIFY(pid > 0);

    // The container's cgroup v2 directory has exactly one program.
    QFile cgroupFile(QStringLiteral("/proc/%1/cgroup").arg(pid));
    QVERIFY(cgroupFile.open(QIODevice::ReadOnly));
    QString unifiedPath;
    for (const QByteArray &line : cgroupFile.readAll().split('\n'))
        if (line.startsWith("0::"))
            unifiedPath = QString::fromUtf8(line.mid(3));
    QVERIFY(!unifiedPath.isEmpty() && unifiedPath != QStringLiteral("/"));
    const std::string directory = m_unifiedMount + unifiedPath.toStdString();
    QCOMPARE(attached(directory).size(), size_t(1));

    // With the v1 devices cgroup (hybrid hosts) opened up, the program alone confines.
    QVERIFY(openUpV1Devices(pid));
    const QByteArray denied = "Operation not permitted";
    result = exec(id, QStringLiteral("cat /dev/null && echo ok > /dev/null"));
    QVERIFY2(result.exitCode == 0, result.err.constData());
    result = exec(id, QStringLiteral("mknod /dev/x b 8 0"));
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(denied), result.err.constData());
    result = exec(id, QStringLiteral(": < /host-device"));
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(denied), result.err.constData());

    // update replaces the rules (the default devices stay allowed) and the program with them.
    const QByteArray rules = QStringLiteral(R"({"devices": [{"allow": false, "access": "rwm"},
        {"allow": true, "type": "c", "major": %1, "minor": %2, "access": "r"}]})")
                                 .arg(major(device.st_rdev))
                                 .arg(minor(device.st_rdev))
                                 .toUtf8();
    result = runtime(
        {QStringLiteral("update"), QStringLiteral("--resources"), QStringLiteral("-"), id}, rules);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(openUpV1Devices(pid));
    QCOMPARE(attached(directory).size(), size_t(1));
    result = exec(id, QStringLiteral(": < /host-device && cat /dev/null"));
    QVERIFY2(result.exitCode == 0, result.err.constData());
    result = exec(id, QStringLiteral(": > /host-device"));
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(denied), result.err.constData());
    result = exec(id, QStringLiteral("mknod /dev/x b 8 0"));
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(denied), result.err.constData());

    // delete removes the cgroup, and the program with it.
    const uint32_t program = attached(directory).front();
    QCOMPARE(runtime({QStringLiteral("delete"), QStringLiteral("--force"), id}).exitCode, 0);
    QVERIFY(!QFile::exists(QString::fromStdString(directory)));
    QTRY_VERIFY_WITH_TIMEOUT(!programExists(program), 10000);
}

QTEST_GUILESS_MAIN(TestDeviceFilter)
#include "test_device_filter.moc"
