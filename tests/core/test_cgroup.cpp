// Cgroup detection, container paths, creation and the resource and stats files, against
// fixture trees of a v2, a v1 and a hybrid host in a temporary directory (no root needed).
// Directories are made by create() as on a real host; the kernel's files in them are then
// put there by the test, since a plain mkdir does not make them.
#include "glassbox/cgroup/cgroup.h"
#include "glassbox/cgroup/manager.h"
#include "glassbox/state.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace glassbox;
using namespace glassbox::cgroup;

using FileMap = QMap<QString, QString>; ///< path below the fixture root -> content
Q_DECLARE_METATYPE(glassbox::oci::Resources)

namespace {

enum class Kind { V2, V1, Hybrid };

// Where each fixture's container "c1" ends up, below the fixture root.
const QString v2Dir = QStringLiteral("sys/fs/cgroup/system.slice/glassbox.service/glassbox/c1/");
const QString v1Memory = QStringLiteral("sys/fs/cgroup/memory/user.slice/session-1/glassbox/c1/");
const QString v1Cpu = QStringLiteral("sys/fs/cgroup/cpu,cpuacct/user.slice/glassbox/c1/");
const QString v1Cpuset = QStringLiteral("sys/fs/cgroup/cpuset/glassbox/c1/");
const QString v1Pids = QStringLiteral("sys/fs/cgroup/pids/user.slice/glassbox/c1/");
const QString v1Devices = QStringLiteral("sys/fs/cgroup/devices/user.slice/glassbox/c1/");
const QString v1Freezer = QStringLiteral("sys/fs/cgroup/freezer tree/glassbox/c1/");
const QString hyMemory = QStringLiteral("sys/fs/cgroup/memory/process_api/abc/glassbox/c1/");
const QString hyUnified = QStringLiteral("sys/fs/cgroup/unified/glassbox/c1/");
const QString hyCpu = QStringLiteral("sys/fs/cgroup/cpu/glassbox/c1/");
const QString hyCpuacct = QStringLiteral("sys/fs/cgroup/cpuacct/glassbox/c1/");
const QString hyPids = QStringLiteral("sys/fs/cgroup/pids/glassbox/c1/");
const QString hyFreezer = QStringLiteral("sys/fs/cgroup/freezer/glassbox/c1/");

constexpr const char *unlimited = "9223372036854771712\n";

// A fake host: <root>/proc/self/{mountinfo,cgroup} and the cgroup trees they describe.
class FakeHost
{
public:
    explicit FakeHost(Kind kind) : m_kind(kind)
    {
        switch (kind) {
        case Kind::V2:
            buildV2();
            break;
        case Kind::V1:
            buildV1();
            break;
        case Kind::Hybrid:
            buildHybrid();
            break;
        }
    }

    QString path(const QString &relative) const
    {
        return m_dir.path() + QLatin1Char('/') + relative;
    }
    std::string sys(const QString &relative) const { return path(relative).toStdString(); }
    Roots roots() const { return {path(QStringLiteral("proc")).toStdString(), 0}; }

    void write(const QString &relative, const QByteArray &content) const
    {
        QFileInfo info(path(relative));
        QDir().mkpath(info.path());
        QFile file(info.filePath());
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write fixture file %s", qPrintable(info.filePath()));
        file.write(content);
    }
    void write(const FileMap &files) const
    {
        for (auto it = files.begin(); it != files.end(); ++it)
            write(it.key(), it.value().toUtf8());
    }
    QString read(const QString &relative) const
    {
        QFile file(path(relative));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll())
                                              : QStringLiteral("<missing>");
    }
    bool exists(const QString &relative) const { return QFileInfo::exists(path(relative)); }

    /// Container "c1" created on this host, with the files the kernel would have made.
    Result<Cgroup> createSeededContainer() const
    {
        auto host = Host::detect(roots());
        if (!host)
            return tl::unexpected(host.error());
        auto made = create(*host, {}, "c1", {});
        if (made)
            seedContainerFiles(*made);
        return made;
    }

    /// The files the kernel would have made in the container's new directories.
    void seedContainerFiles(const Cgroup &cgroup) const
    {
        for (const auto &dir : cgroup.directories)
            write(QString::fromStdString(dir.path).mid(m_dir.path().size() + 1) +
                      QStringLiteral("/cgroup.procs"),
                  {});
        switch (m_kind) {
        case Kind::V2:
            write({{v2Dir + QStringLiteral("cgroup.controllers"),
                    QStringLiteral("cpuset cpu io memory pids\n")},
                   {v2Dir + QStringLiteral("memory.max"), QStringLiteral("max\n")},
                   {v2Dir + QStringLiteral("memory.low"), QStringLiteral("0\n")},
                   {v2Dir + QStringLiteral("memory.high"), QStringLiteral("max\n")},
                   {v2Dir + QStringLiteral("memory.swap.max"), QStringLiteral("max\n")},
                   {v2Dir + QStringLiteral("cpu.weight"), QStringLiteral("100\n")},
                   {v2Dir + QStringLiteral("cpu.max"), QStringLiteral("max 100000\n")},
                   {v2Dir + QStringLiteral("cpuset.cpus"), QStringLiteral("\n")},
                   {v2Dir + QStringLiteral("cpuset.mems"), QStringLiteral("\n")},
                   {v2Dir + QStringLiteral("pids.max"), QStringLiteral("max\n")},
                   {v2Dir + QStringLiteral("hugetlb.2MB.max"), QStringLiteral("max\n")},
                   {v2Dir + QStringLiteral("cgroup.freeze"), QStringLiteral("0\n")}});
            break;
        case Kind::V1:
            seedV1Memory(v1Memory);
            write({{v1Cpu + QStringLiteral("cpu.shares"), QStringLiteral("1024\n")},
                   {v1Cpu + QStringLiteral("cpu.cfs_quota_us"), QStringLiteral("-1\n")},
                   {v1Cpu + QStringLiteral("cpu.cfs_period_us"), QStringLiteral("100000\n")},
                   {v1Cpuset + QStringLiteral("cpuset.cpus"), QStringLiteral("0-3\n")},
                   {v1Cpuset + QStringLiteral("cpuset.mems"), QStringLiteral("0\n")},
                   {v1Pids + QStringLiteral("pids.max"), QStringLiteral("max\n")},
                   {v1Devices + QStringLiteral("devices.allow"), QString()},
                   {v1Devices + QStringLiteral("devices.deny"), QString()},
                   {v1Freezer + QStringLiteral("freezer.state"), QStringLiteral("THAWED\n")}});
            break;
        case Kind::Hybrid:
            seedV1Memory(hyMemory);
            write({{hyCpu + QStringLiteral("cpu.shares"), QStringLiteral("1024\n")},
                   {hyCpu + QStringLiteral("cpu.cfs_quota_us"), QStringLiteral("-1\n")},
                   {hyCpu + QStringLiteral("cpu.cfs_period_us"), QStringLiteral("100000\n")},
                   {hyPids + QStringLiteral("pids.max"), QStringLiteral("max\n")},
                   {hyFreezer + QStringLiteral("freezer.state"), QStringLiteral("THAWED\n")},
                   {hyUnified + QStringLiteral("hugetlb.2MB.max"), QStringLiteral("max\n")},
                   {hyUnified + QStringLiteral("cgroup.freeze"), QStringLiteral("0\n")}});
            break;
        }
    }

private:
    void mount(int id, const QString &mountPoint, const char *type, const char *options)
    {
        if (qstrcmp(type, "tmpfs") != 0)
            QDir().mkpath(path(mountPoint));
        QString escaped = path(mountPoint);
        escaped.replace(QLatin1Char(' '), QStringLiteral("\\040"));
        m_mountinfo += QStringLiteral("%1 1 0:%1 / %2 rw,nosuid,nodev,noexec,relatime shared:%1 - "
                                      "%3 %3 %4\n")
                           .arg(id)
                           .arg(escaped, QLatin1String(type), QLatin1String(options));
    }
    void finish(const char *cgroupFile)
    {
        // Not cgroups: must be skipped, including one with an escaped space.
        m_mountinfo.prepend(QStringLiteral("22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                                           "25 22 0:23 / /proc rw,nosuid shared:12 - proc proc rw\n"
                                           "26 22 0:24 / /media/usb\\040stick rw - vfat "
                                           "/dev/sdb1 rw\n"));
        write(QStringLiteral("proc/self/mountinfo"), m_mountinfo.toUtf8());
        write(QStringLiteral("proc/self/cgroup"), cgroupFile);
    }
    void seedV1Memory(const QString &dir) const
    {
        write({{dir + QStringLiteral("memory.limit_in_bytes"), QLatin1String(unlimited)},
               {dir + QStringLiteral("memory.memsw.limit_in_bytes"), QLatin1String(unlimited)},
               {dir + QStringLiteral("memory.soft_limit_in_bytes"), QLatin1String(unlimited)},
               {dir + QStringLiteral("memory.swappiness"), QStringLiteral("60\n")},
               {dir + QStringLiteral("memory.oom_control"),
                QStringLiteral("oom_kill_disable 0\nunder_oom 0\noom_kill 0\n")}});
    }

    void buildV2()
    {
        mount(30, QStringLiteral("sys/fs/cgroup"), "cgroup2", "rw,nsdelegate,memory_recursiveprot");
        finish("0::/system.slice/glassbox.service\n");
        const QString root = QStringLiteral("sys/fs/cgroup/");
        const QString own = root + QStringLiteral("system.slice/glassbox.service/");
        // The own cgroup passes cpu, memory and pids down already but not cpuset, so create()
        // has to enable cpuset in two levels.
        write(
            {{root + QStringLiteral("cgroup.controllers"),
              QStringLiteral("cpuset cpu io memory hugetlb pids\n")},
             {root + QStringLiteral("cgroup.subtree_control"),
              QStringLiteral("cpuset cpu io memory pids\n")},
             {root + QStringLiteral("system.slice/cgroup.controllers"),
              QStringLiteral("cpuset cpu io memory pids\n")},
             {root + QStringLiteral("system.slice/cgroup.subtree_control"),
              QStringLiteral("cpuset cpu io memory pids\n")},
             {own + QStringLiteral("cgroup.controllers"),
              QStringLiteral("cpuset cpu io memory pids\n")},
             {own + QStringLiteral("cgroup.subtree_control"), QStringLiteral("cpu memory pids\n")},
             {own + QStringLiteral("glassbox/cgroup.controllers"),
              QStringLiteral("cpu memory pids\n")},
             {own + QStringLiteral("glassbox/cgroup.subtree_control"), QString()}});
    }

    void buildV1()
    {
        mount(31, QStringLiteral("sys/fs/cgroup"), "tmpfs", "ro,mode=755");
        mount(32, QStringLiteral("sys/fs/cgroup/systemd"), "cgroup", "rw,xattr,name=systemd");
        mount(33, QStringLiteral("sys/fs/cgroup/cpu,cpuacct"), "cgroup", "rw,cpu,cpuacct");
        mount(34, QStringLiteral("sys/fs/cgroup/memory"), "cgroup", "rw,memory");
        mount(35, QStringLiteral("sys/fs/cgroup/pids"), "cgroup", "rw,pids");
        mount(36, QStringLiteral("sys/fs/cgroup/cpuset"), "cgroup", "rw,cpuset");
        mount(37, QStringLiteral("sys/fs/cgroup/devices"), "cgroup", "rw,devices");
        mount(38, QStringLiteral("sys/fs/cgroup/freezer tree"), "cgroup", "rw,freezer");
        // A second mount of the memory hierarchy: the first one counts.
        mount(39, QStringLiteral("mnt/memory-again"), "cgroup", "rw,memory");
        finish("12:pids:/user.slice\n11:freezer:/\n10:devices:/user.slice\n9:cpuset:/\n"
               "8:memory:/user.slice/session-1\n7:cpu,cpuacct:/user.slice\n"
               "6:net_cls,net_prio:/\n1:name=systemd:/user.slice/session-1.scope\n"
               "0::/user.slice/session-1.scope\n");
        // The cpuset parent exists already, empty, as a hand-made one would be.
        write(
            {{QStringLiteral("sys/fs/cgroup/cpuset/cpuset.cpus"), QStringLiteral("0-3\n")},
             {QStringLiteral("sys/fs/cgroup/cpuset/cpuset.mems"), QStringLiteral("0\n")},
             {QStringLiteral("sys/fs/cgroup/cpuset/glassbox/cpuset.cpus"), QStringLiteral("\n")},
             {QStringLiteral("sys/fs/cgroup/cpuset/glassbox/cpuset.mems"), QStringLiteral("\n")}});
    }

    void buildHybrid()
    {
        mount(31, QStringLiteral("sys/fs/cgroup"), "tmpfs", "rw,mode=755");
        int id = 32;
        for (const char *controller :
             {"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids"})
            mount(id++, QStringLiteral("sys/fs/cgroup/") + QLatin1String(controller), "cgroup",
                  qPrintable(QStringLiteral("rw,") + QLatin1String(controller)));
        mount(40, QStringLiteral("sys/fs/cgroup/systemd"), "cgroup", "rw,name=systemd");
        mount(41, QStringLiteral("sys/fs/cgroup/unified"), "cgroup2", "rw");
        finish("9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
               "4:memory:/process_api/abc\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n");
        write(
            {{QStringLiteral("sys/fs/cgroup/cpuset/cpuset.cpus"), QStringLiteral("0-1\n")},
             {QStringLiteral("sys/fs/cgroup/cpuset/cpuset.mems"), QStringLiteral("0\n")},
             {QStringLiteral("sys/fs/cgroup/unified/cgroup.controllers"),
              QStringLiteral("hugetlb\n")},
             {QStringLiteral("sys/fs/cgroup/unified/cgroup.subtree_control"), QString()},
             {QStringLiteral("sys/fs/cgroup/unified/glassbox/cgroup.controllers"),
              QStringLiteral("hugetlb\n")},
             {QStringLiteral("sys/fs/cgroup/unified/glassbox/cgroup.subtree_control"), QString()}});
    }

    Kind m_kind;
    QTemporaryDir m_dir;
    QString m_mountinfo;
};

QString describe(const Stats &stats)
{
    auto number = [](const std::optional<uint64_t> &value) {
        return value ? QString::number(*value) : QStringLiteral("none");
    };
    return QStringLiteral("cpu=%1 mem=%2 limit=%3 oom=%4 pids=%5 pidsLimit=%6")
        .arg(number(stats.cpuUsageNs), number(stats.memoryBytes), number(stats.memoryLimit),
             number(stats.oomKills), number(stats.pids), number(stats.pidsLimit));
}

oci::Resources memory(std::optional<int64_t> limit, std::optional<int64_t> swap = std::nullopt,
                      std::optional<int64_t> reservation = std::nullopt)
{
    oci::Resources resources;
    resources.memory = oci::MemoryResources{limit, reservation, swap, std::nullopt, std::nullopt};
    return resources;
}

oci::Resources cpu(std::optional<uint64_t> shares, std::optional<int64_t> quota,
                   std::optional<uint64_t> period, const char *cpus = "", const char *mems = "")
{
    oci::Resources resources;
    resources.cpu = oci::CpuResources{shares, quota, period, cpus, mems};
    return resources;
}

oci::Resources pids(int64_t limit)
{
    oci::Resources resources;
    resources.pids = oci::PidsResources{limit};
    return resources;
}

oci::Resources unifiedValues(std::map<std::string, std::string> values)
{
    oci::Resources resources;
    resources.unified = std::move(values);
    return resources;
}

oci::Resources deviceRules()
{
    oci::Resources resources;
    resources.devices = {{false, 'a', std::nullopt, std::nullopt, "rwm"},
                         {true, 'c', 1, 3, "rwm"},
                         {true, 'b', 8, std::nullopt, "r"}};
    return resources;
}

constexpr int64_t MiB = 1024 * 1024;

// isFrozen() as text, so that a failure shows the error.
QString frozenState(const Cgroup &cgroup)
{
    auto frozen = isFrozen(cgroup);
    if (!frozen)
        return QString::fromStdString(frozen.error().text());
    return *frozen ? QStringLiteral("frozen") : QStringLiteral("thawed");
}

} // namespace

class TestCgroup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void detect_data();
    void detect();
    void detectNeedsCgroups();
    void containerPath_data();
    void containerPath();
    void createAndDestroy_data();
    void createAndDestroy();
    void createPassesDownOnlyWhatIsNeeded_data();
    void createPassesDownOnlyWhatIsNeeded();
    void createRefusesPopulatedAncestor_data();
    void createRefusesPopulatedAncestor();
    void createBelowPopulatedAncestorWithoutControllers();
    void createUnderDelegatedScope();
    void createRollsBackNewParent();
    void createRefusesExistingCgroup();
    void createLeavesNothingBehindOnFailure();
    void destroyRemovesNestedCgroups();
    void apply_data();
    void apply();
    void enterAndProcesses_data();
    void enterAndProcesses();
    void freeze_data();
    void freeze();
    void readStats_data();
    void readStats();
    void readPressure_data();
    void readPressure();
    void managerChoice_data();
    void managerChoice();
    void systemdDriverIsRefused();
};

void TestCgroup::detect_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("layout");
    QTest::addColumn<int>("count");
    // controller=mount point:own path:v1|v2, as Host::find() sees it.
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("v2")
        << int(Kind::V2) << int(Layout::V2) << 1
        << QStringList{QStringLiteral("memory=sys/fs/cgroup:/system.slice/glassbox.service:v2"),
                       QStringLiteral("cpuset=sys/fs/cgroup:/system.slice/glassbox.service:v2"),
                       QStringLiteral("hugetlb=none")};
    QTest::newRow("v1")
        << int(Kind::V1) << int(Layout::V1) << 7
        << QStringList{QStringLiteral("memory=sys/fs/cgroup/memory:/user.slice/session-1:v1"),
                       QStringLiteral("cpuacct=sys/fs/cgroup/cpu,cpuacct:/user.slice:v1"),
                       QStringLiteral("freezer=sys/fs/cgroup/freezer tree:/:v1"),
                       QStringLiteral("name=systemd=sys/fs/cgroup/systemd:/user.slice/"
                                      "session-1.scope:v1"),
                       QStringLiteral("net_cls=none")};
    QTest::newRow("hybrid") << int(Kind::Hybrid) << int(Layout::Hybrid) << 10
                            << QStringList{QStringLiteral(
                                               "memory=sys/fs/cgroup/memory:/process_api/abc:v1"),
                                           QStringLiteral("pids=sys/fs/cgroup/pids:/:v1"),
                                           QStringLiteral("hugetlb=sys/fs/cgroup/unified:/:v2")};
}

void TestCgroup::detect()
{
    QFETCH(int, kind);
    QFETCH(int, layout);
    QFETCH(int, count);
    QFETCH(QStringList, expected);
    FakeHost fake{Kind(kind)};

    auto host = Host::detect(fake.roots());
    QVERIFY2(host, host ? "" : host.error().text().c_str());
    QCOMPARE(int(host->layout), layout);
    QCOMPARE(int(host->hierarchies.size()), count);
    for (const QString &line : expected) {
        const QString controller = line.section(QLatin1Char('='), 0, -2);
        const Hierarchy *found = host->find(controller.toStdString());
        QString actual = controller + QLatin1Char('=');
        if (found == nullptr) {
            actual += QStringLiteral("none");
        } else {
            actual += QString::fromStdString(found->mountPoint).mid(fake.path({}).size()) +
                      QLatin1Char(':') + QString::fromStdString(found->ownPath) +
                      (found->unified ? QStringLiteral(":v2") : QStringLiteral(":v1"));
        }
        QCOMPARE(actual, line);
    }
}

void TestCgroup::detectNeedsCgroups()
{
    QTemporaryDir dir;
    QDir().mkpath(dir.path() + QStringLiteral("/proc/self"));
    auto missing = Host::detect({(dir.path() + QStringLiteral("/proc")).toStdString(), 0});
    QVERIFY(!missing);
    QVERIFY(missing.error().message.find("proc/self/mountinfo`") != std::string::npos);

    QFile mountinfo(dir.path() + QStringLiteral("/proc/self/mountinfo"));
    QVERIFY(mountinfo.open(QIODevice::WriteOnly));
    mountinfo.write("22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
    mountinfo.close();
    QFile cgroupFile(dir.path() + QStringLiteral("/proc/42/cgroup"));
    QVERIFY(QDir().mkpath(dir.path() + QStringLiteral("/proc/42")));
    QVERIFY(cgroupFile.open(QIODevice::WriteOnly));
    cgroupFile.write("0::/\n");
    cgroupFile.close();
    // Roots::self picks whose cgroup file is read.
    auto none = Host::detect({(dir.path() + QStringLiteral("/proc")).toStdString(), 42});
    QVERIFY(!none);
    QVERIFY2(none.error().message.find("no cgroup controllers") != std::string::npos,
             none.error().message.c_str());
}

void TestCgroup::containerPath_data()
{
    QTest::addColumn<QString>("own");
    QTest::addColumn<QString>("cgroupsPath");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("expected"); ///< empty: refused
    QTest::addColumn<QString>("error");

    const QString own = QStringLiteral("/user.slice/helper.service");
    QTest::newRow("default") << own << QString() << QStringLiteral("c1")
                             << QStringLiteral("/user.slice/helper.service/glassbox/c1")
                             << QString();
    QTest::newRow("default under root") << QStringLiteral("/") << QString() << QStringLiteral("c1")
                                        << QStringLiteral("/glassbox/c1") << QString();
    QTest::newRow("relative") << own << QStringLiteral("pods/c1") << QStringLiteral("x")
                              << QStringLiteral("/user.slice/helper.service/pods/c1") << QString();
    QTest::newRow("absolute") << own << QStringLiteral("/machine/c1") << QStringLiteral("x")
                              << QStringLiteral("/machine/c1") << QString();
    QTest::newRow("untidy absolute")
        << own << QStringLiteral("//machine/./c1/") << QStringLiteral("x")
        << QStringLiteral("/machine/c1") << QString();
    QTest::newRow("systemd") << own << QStringLiteral("system.slice:foo:bar") << QStringLiteral("x")
                             << QString() << QStringLiteral("`system.slice:foo:bar` is a systemd");
    QTest::newRow("dotdot") << own << QStringLiteral("../escape") << QStringLiteral("x")
                            << QString() << QStringLiteral("`..`");
    QTest::newRow("inner dotdot") << own << QStringLiteral("/a/../b") << QStringLiteral("x")
                                  << QString() << QStringLiteral("`..`");
    QTest::newRow("hierarchy root") << own << QStringLiteral("/") << QStringLiteral("x")
                                    << QString() << QStringLiteral("the hierarchy's root");
    QTest::newRow("own cgroup") << own << QStringLiteral("./") << QStringLiteral("x") << QString()
                                << QStringLiteral("our own cgroup");
    QTest::newRow("id with slash") << own << QString() << QStringLiteral("a/b") << QString()
                                   << QStringLiteral("container id `a/b`");
    QTest::newRow("id dotdot") << own << QString() << QStringLiteral("..") << QString()
                               << QStringLiteral("container id `..`");
    QTest::newRow("empty id") << own << QString() << QString() << QString()
                              << QStringLiteral("container id ``");
}

void TestCgroup::containerPath()
{
    QFETCH(QString, own);
    QFETCH(QString, cgroupsPath);
    QFETCH(QString, id);
    QFETCH(QString, expected);
    QFETCH(QString, error);

    Hierarchy hierarchy{"/sys/fs/cgroup/memory", {"memory"}, false, own.toStdString()};
    auto path = cgroup::containerPath(hierarchy, cgroupsPath.toStdString(), id.toStdString());
    if (expected.isEmpty()) {
        QVERIFY(!path);
        QVERIFY2(QString::fromStdString(path.error().message).contains(error),
                 path.error().message.c_str());
    } else {
        QVERIFY2(path, path ? "" : path.error().text().c_str());
        QCOMPARE(QString::fromStdString(*path), expected);
    }
}

void TestCgroup::createAndDestroy_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("v2") << int(Kind::V2);
    QTest::newRow("v1") << int(Kind::V1);
    QTest::newRow("hybrid") << int(Kind::Hybrid);
}

void TestCgroup::createAndDestroy()
{
    QFETCH(int, kind);
    FakeHost fake{Kind(kind)};
    auto host = Host::detect(fake.roots());
    QVERIFY(host);

    auto made = create(*host, {}, "c1", {});
    QVERIFY2(made, made ? "" : made.error().text().c_str());
    QCOMPARE(made->directories.size(), host->hierarchies.size());
    for (size_t i = 0; i < host->hierarchies.size(); ++i) {
        const Hierarchy &h = host->hierarchies[i];
        const auto &dir = made->directories[i];
        QCOMPARE(dir.path, h.mountPoint + *cgroup::containerPath(h, {}, "c1"));
        QCOMPARE(dir.unified, h.unified);
        QCOMPARE(dir.controllers, h.controllers);
        QVERIFY(QFileInfo(QString::fromStdString(dir.path)).isDir());
    }
    if (Kind(kind) == Kind::V1) {
        // An empty cpuset parent is filled from its own parent so that tasks can join.
        QCOMPARE(fake.read(QStringLiteral("sys/fs/cgroup/cpuset/glassbox/cpuset.cpus")),
                 QStringLiteral("0-3"));
        QCOMPARE(fake.read(QStringLiteral("sys/fs/cgroup/cpuset/glassbox/cpuset.mems")),
                 QStringLiteral("0"));
    }
    if (Kind(kind) == Kind::Hybrid) {
        // Nothing Glassbox uses lives in this v2 tree, so its root is left as it was.
        QCOMPARE(fake.read(QStringLiteral("sys/fs/cgroup/unified/cgroup.subtree_control")),
                 QString());
        QCOMPARE(fake.read(QStringLiteral("sys/fs/cgroup/unified/glassbox/cgroup.subtree_control")),
                 QString());
    }

    QVERIFY(destroy(*made));
    for (const auto &dir : made->directories)
        QVERIFY(!QFileInfo::exists(QString::fromStdString(dir.path)));
    QVERIFY(destroy(*made)); // Already gone is fine.
}

void TestCgroup::createPassesDownOnlyWhatIsNeeded_data()
{
    QTest::addColumn<oci::Resources>("resources");
    QTest::addColumn<FileMap>("expected"); ///< cgroup.subtree_control below sys/fs/cgroup/

    // The own cgroup passes cpu, memory and pids down already but not cpuset or hugetlb;
    // untouched files keep the fixture's contents.
    const QString own = QStringLiteral("system.slice/glassbox.service/");
    const QString subtree = QStringLiteral("cgroup.subtree_control");
    const QString ownAsItWas = QStringLiteral("cpu memory pids\n");
    QTest::newRow("none: Docker's defaults need no controller")
        << oci::Resources()
        << FileMap{{own + subtree, ownAsItWas},
                   {own + QStringLiteral("glassbox/") + subtree, QString()}};
    QTest::newRow("device rules need none")
        << deviceRules()
        << FileMap{{own + subtree, ownAsItWas},
                   {own + QStringLiteral("glassbox/") + subtree, QString()}};
    QTest::newRow("memory only in the parent")
        << memory(64 * MiB)
        << FileMap{{own + subtree, ownAsItWas},
                   {own + QStringLiteral("glassbox/") + subtree, QStringLiteral("+memory")}};
    oci::Resources several = memory(64 * MiB);
    several.cpu = oci::CpuResources{std::nullopt, 50000, 100000, "", ""};
    several.pids = oci::PidsResources{32};
    QTest::newRow("memory, cpu and pids in one write")
        << several
        << FileMap{
               {own + subtree, ownAsItWas},
               {own + QStringLiteral("glassbox/") + subtree, QStringLiteral("+memory +cpu +pids")}};
    QTest::newRow("cpuset in two levels")
        << cpu(std::nullopt, std::nullopt, std::nullopt, "0-1")
        << FileMap{{own + subtree, QStringLiteral("+cpuset")},
                   {own + QStringLiteral("glassbox/") + subtree, QStringLiteral("+cpuset")}};
    QTest::newRow("unified hugetlb from the root down")
        << unifiedValues({{"hugetlb.2MB.max", "0"}, {"cgroup.max.depth", "3"}})
        << FileMap{{subtree, QStringLiteral("+hugetlb")},
                   {QStringLiteral("system.slice/") + subtree, QStringLiteral("+hugetlb")},
                   {own + subtree, QStringLiteral("+hugetlb")},
                   {own + QStringLiteral("glassbox/") + subtree, QStringLiteral("+hugetlb")}};
}

void TestCgroup::createPassesDownOnlyWhatIsNeeded()
{
    QFETCH(oci::Resources, resources);
    QFETCH(FileMap, expected);
    FakeHost fake(Kind::V2);
    auto host = Host::detect(fake.roots());
    QVERIFY(host);
    auto made = create(*host, {}, "c1", resources);
    QVERIFY2(made, made ? "" : made.error().text().c_str());
    for (auto it = expected.begin(); it != expected.end(); ++it)
        QCOMPARE(fake.read(QStringLiteral("sys/fs/cgroup/") + it.key()), it.value());
    // cgroup.type is never written.
    QVERIFY(!fake.exists(v2Dir + QStringLiteral("cgroup.type")));
}

void TestCgroup::createRefusesPopulatedAncestor_data()
{
    QTest::addColumn<oci::Resources>("resources");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("controller");
    QTest::newRow("memory limit") << memory(64 * MiB) << QStringLiteral("linux.resources.memory")
                                  << QStringLiteral("memory");
    // The kernel would let a threaded controller through, and make the session a
    // "domain threaded" cgroup: refused all the same.
    QTest::newRow("pids limit") << pids(32) << QStringLiteral("linux.resources.pids")
                                << QStringLiteral("pids");
    QTest::newRow("unified key") << unifiedValues({{"memory.high", "1000000"}})
                                 << QStringLiteral("linux.resources.unified[\"memory.high\"]")
                                 << QStringLiteral("memory");
}

// Issue 11: a root login shell on Debian 12 (systemd, pure cgroup v2) runs in
// user.slice/user-0.slice/session-1.scope, which holds processes and passes nothing down.
void TestCgroup::createRefusesPopulatedAncestor()
{
    QFETCH(oci::Resources, resources);
    QFETCH(QString, field);
    QFETCH(QString, controller);
    FakeHost fake(Kind::V2);
    const QString own = QStringLiteral("sys/fs/cgroup/system.slice/glassbox.service/");
    QVERIFY(QDir(fake.path(own + QStringLiteral("glassbox"))).removeRecursively());
    fake.write({{own + QStringLiteral("cgroup.subtree_control"), QString()},
                {own + QStringLiteral("cgroup.procs"), QStringLiteral("1234\n5678\n")},
                {own + QStringLiteral("cgroup.type"), QStringLiteral("domain\n")}});
    auto host = Host::detect(fake.roots());
    QVERIFY(host);

    auto made = create(*host, {}, "c1", resources);
    QVERIFY(!made);
    QCOMPARE(made.error().code, EBUSY);
    const QString message = QString::fromStdString(made.error().message);
    for (const QString &part :
         {QLatin1Char('`') + field + QStringLiteral("`: "),
          QLatin1Char('`') + controller + QLatin1Char('`'),
          QLatin1Char('`') + fake.path(own + QStringLiteral("cgroup.subtree_control`")),
          QStringLiteral("holds processes"), QStringLiteral("no-internal-process rule"),
          QStringLiteral("absolute linux.cgroupsPath"), QStringLiteral("glassbox-helper")})
        QVERIFY2(message.contains(part), qPrintable(part + QStringLiteral(" in ") + message));
    // Refused before anything was made or written.
    QVERIFY(!fake.exists(own + QStringLiteral("glassbox")));
    QCOMPARE(fake.read(own + QStringLiteral("cgroup.subtree_control")), QString());
    QCOMPARE(fake.read(own + QStringLiteral("cgroup.type")), QStringLiteral("domain\n"));
}

void TestCgroup::createBelowPopulatedAncestorWithoutControllers()
{
    FakeHost fake(Kind::V2);
    const QString own = QStringLiteral("sys/fs/cgroup/system.slice/glassbox.service/");
    fake.write({{own + QStringLiteral("cgroup.subtree_control"), QString()},
                {own + QStringLiteral("cgroup.procs"), QStringLiteral("1234\n")},
                {own + QStringLiteral("cgroup.type"), QStringLiteral("domain\n")}});
    auto host = Host::detect(fake.roots());
    QVERIFY(host);
    // Child cgroups without controllers are allowed under one that holds processes.
    auto made = create(*host, {}, "c1", deviceRules());
    QVERIFY2(made, made ? "" : made.error().text().c_str());
    QVERIFY(fake.exists(v2Dir));
    QCOMPARE(fake.read(own + QStringLiteral("cgroup.subtree_control")), QString());
}

// The remedy: an absolute cgroupsPath next to the caller's leaf in a delegated cgroup, as the
// helper's shim does in its systemd scope (supervisor/ holds the shim, the scope nothing).
void TestCgroup::createUnderDelegatedScope()
{
    FakeHost fake(Kind::V2);
    const QString own = QStringLiteral("sys/fs/cgroup/system.slice/glassbox.service/");
    fake.write({{own + QStringLiteral("cgroup.procs"), QStringLiteral("1234\n")},
                {own + QStringLiteral("cgroup.type"), QStringLiteral("domain\n")}});
    const QString scope = QStringLiteral("sys/fs/cgroup/machine.slice/gb.scope/");
    fake.write(
        {{QStringLiteral("sys/fs/cgroup/machine.slice/cgroup.controllers"),
          QStringLiteral("cpuset cpu io memory pids\n")},
         {QStringLiteral("sys/fs/cgroup/machine.slice/cgroup.subtree_control"),
          QStringLiteral("cpu io memory pids\n")},
         {QStringLiteral("sys/fs/cgroup/machine.slice/cgroup.type"), QStringLiteral("domain\n")},
         {scope + QStringLiteral("cgroup.controllers"), QStringLiteral("cpu io memory pids\n")},
         {scope + QStringLiteral("cgroup.subtree_control"), QString()},
         {scope + QStringLiteral("cgroup.procs"), QString()},
         {scope + QStringLiteral("cgroup.type"), QStringLiteral("domain\n")},
         {scope + QStringLiteral("supervisor/cgroup.procs"), QStringLiteral("42\n")}});
    auto host = Host::detect(fake.roots());
    QVERIFY(host);
    oci::Resources resources = memory(64 * MiB);
    resources.pids = oci::PidsResources{32};
    auto made = create(*host, "/machine.slice/gb.scope/container", "c1", resources);
    QVERIFY2(made, made ? "" : made.error().text().c_str());
    QCOMPARE(made->directories.front().path, fake.sys(scope + QStringLiteral("container")));
    QCOMPARE(fake.read(scope + QStringLiteral("cgroup.subtree_control")),
             QStringLiteral("+memory +pids"));
}

void TestCgroup::createRollsBackNewParent()
{
    FakeHost fake(Kind::V2);
    const QString own = QStringLiteral("sys/fs/cgroup/system.slice/glassbox.service/");
    QVERIFY(QDir(fake.path(own + QStringLiteral("glassbox"))).removeRecursively());
    auto host = Host::detect(fake.roots());
    QVERIFY(host);
    // A plain mkdir makes no kernel files, so passing memory down into the new glassbox/
    // parent fails after both directories were made: both go again.
    auto made = create(*host, {}, "c1", memory(64 * MiB));
    QVERIFY(!made);
    QVERIFY2(made.error().message.find("`linux.resources.memory`: enable `memory`") !=
                 std::string::npos,
             made.error().message.c_str());
    QVERIFY(!fake.exists(own + QStringLiteral("glassbox")));
    // A parent that another container still uses stays.
    QVERIFY(QDir().mkpath(fake.path(own + QStringLiteral("glassbox/c0"))));
    made = create(*host, {}, "c1", memory(64 * MiB));
    QVERIFY(!made);
    QVERIFY(fake.exists(own + QStringLiteral("glassbox/c0")));
    QVERIFY(!fake.exists(own + QStringLiteral("glassbox/c1")));
}

void TestCgroup::createRefusesExistingCgroup()
{
    FakeHost fake(Kind::V1);
    auto host = Host::detect(fake.roots());
    QVERIFY(host);
    const QString taken = v1Freezer;
    QVERIFY(QDir().mkpath(fake.path(taken)));

    auto made = create(*host, {}, "c1", {});
    QVERIFY(!made);
    QCOMPARE(made.error().code, EEXIST);
    QCOMPARE(QString::fromStdString(made.error().message),
             QStringLiteral("cgroup `%1` already exists").arg(fake.path(taken.chopped(1))));
    // Checked before anything was made.
    QVERIFY(!fake.exists(QStringLiteral("sys/fs/cgroup/memory/user.slice/session-1/glassbox")));
    QVERIFY(!fake.exists(v1Cpuset));
}

void TestCgroup::createLeavesNothingBehindOnFailure()
{
    FakeHost fake(Kind::V1);
    auto host = Host::detect(fake.roots());
    QVERIFY(host);
    // A file where the last hierarchy needs the glassbox directory: its mkdir fails after
    // every other hierarchy got its directories.
    const QString last =
        QString::fromStdString(host->hierarchies.back().mountPoint).mid(fake.path({}).size());
    QCOMPARE(last, QStringLiteral("sys/fs/cgroup/freezer tree"));
    fake.write(last + QStringLiteral("/glassbox"), "not a directory");

    auto made = create(*host, {}, "c1", {});
    QVERIFY(!made);
    QVERIFY2(made.error().message.find("mkdir `") != std::string::npos,
             made.error().message.c_str());
    for (const char *dir :
         {"systemd/user.slice/session-1.scope/glassbox", "cpu,cpuacct/user.slice/glassbox",
          "memory/user.slice/session-1/glassbox", "pids/user.slice/glassbox",
          "devices/user.slice/glassbox"})
        QVERIFY2(!fake.exists(QStringLiteral("sys/fs/cgroup/") + QLatin1String(dir)), dir);
    // The cpuset parent was there before and stays; only the container's directory goes.
    QVERIFY(fake.exists(QStringLiteral("sys/fs/cgroup/cpuset/glassbox")));
    QVERIFY(!fake.exists(v1Cpuset));
}

void TestCgroup::destroyRemovesNestedCgroups()
{
    FakeHost fake(Kind::V2);
    auto host = Host::detect(fake.roots());
    QVERIFY(host);
    auto made = create(*host, {}, "c1", {});
    QVERIFY(made);
    // What a container with its own cgroup namespace may make inside.
    QVERIFY(QDir().mkpath(fake.path(v2Dir + QStringLiteral("init.scope/deeper"))));
    QVERIFY(QDir().mkpath(fake.path(v2Dir + QStringLiteral("payload"))));
    QVERIFY(destroy(*made));
    QVERIFY(!fake.exists(v2Dir));
    QVERIFY(fake.exists(QStringLiteral("sys/fs/cgroup/system.slice/glassbox.service/glassbox")));
}

void TestCgroup::apply_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<oci::Resources>("resources");
    QTest::addColumn<QStringList>("remove"); ///< kernel files this host does not have
    QTest::addColumn<FileMap>("expected");
    QTest::addColumn<QString>("error"); ///< empty: success

    const int v1 = int(Kind::V1), v2 = int(Kind::V2), hybrid = int(Kind::Hybrid);
    auto file = [](const QString &dir, const char *name) {
        return dir + QLatin1String(name);
    };
    auto row = [](const char *name) -> QTestData & {
        return QTest::newRow(name);
    };

    row("v1 memory limit")
        << v1 << memory(64 * MiB) << QStringList()
        << FileMap{{file(v1Memory, "memory.limit_in_bytes"), QStringLiteral("67108864")},
                   {file(v1Memory, "memory.memsw.limit_in_bytes"), QLatin1String(unlimited)}}
        << QString();
    row("v1 unlimited memory lifts swap")
        << v1 << memory(-1) << QStringList()
        << FileMap{{file(v1Memory, "memory.limit_in_bytes"), QStringLiteral("-1")},
                   {file(v1Memory, "memory.memsw.limit_in_bytes"), QStringLiteral("-1")}}
        << QString();
    row("v1 memory and swap")
        << v1 << memory(64 * MiB, 128 * MiB) << QStringList()
        << FileMap{{file(v1Memory, "memory.limit_in_bytes"), QStringLiteral("67108864")},
                   {file(v1Memory, "memory.memsw.limit_in_bytes"), QStringLiteral("134217728")}}
        << QString();
    row("v1 reservation") << v1 << memory(std::nullopt, std::nullopt, 32 * MiB) << QStringList()
                          << FileMap{{file(v1Memory, "memory.soft_limit_in_bytes"),
                                      QStringLiteral("33554432")}}
                          << QString();
    oci::Resources tuning;
    tuning.memory = oci::MemoryResources{std::nullopt, std::nullopt, std::nullopt, 10, true};
    row("v1 swappiness and OOM killer")
        << v1 << tuning << QStringList()
        << FileMap{{file(v1Memory, "memory.swappiness"), QStringLiteral("10")},
                   {file(v1Memory, "memory.oom_control"), QStringLiteral("1")}}
        << QString();
    row("v1 swap without accounting")
        << v1 << memory(64 * MiB, 128 * MiB)
        << QStringList{file(v1Memory, "memory.memsw.limit_in_bytes")} << FileMap()
        << QStringLiteral("`linux.resources.memory.swap`: swap accounting is off");
    oci::Resources swappy;
    swappy.memory =
        oci::MemoryResources{std::nullopt, std::nullopt, std::nullopt, 200, std::nullopt};
    row("v1 swappiness out of range")
        << v1 << swappy << QStringList() << FileMap()
        << QStringLiteral("`linux.resources.memory.swappiness`: 200 is outside 0-100");
    row("v1 cpu shares quota period")
        << v1 << cpu(512, 50000, 100000) << QStringList()
        << FileMap{{file(v1Cpu, "cpu.shares"), QStringLiteral("512")},
                   {file(v1Cpu, "cpu.cfs_quota_us"), QStringLiteral("50000")},
                   {file(v1Cpu, "cpu.cfs_period_us"), QStringLiteral("100000")}}
        << QString();
    row("v1 cpu unlimited quota")
        << v1 << cpu(std::nullopt, -1, std::nullopt) << QStringList()
        << FileMap{{file(v1Cpu, "cpu.cfs_quota_us"), QStringLiteral("-1")},
                   {file(v1Cpu, "cpu.cfs_period_us"), QStringLiteral("100000\n")}}
        << QString();
    row("v1 cpuset") << v1 << cpu(std::nullopt, std::nullopt, std::nullopt, "0-1", "0")
                     << QStringList()
                     << FileMap{{file(v1Cpuset, "cpuset.cpus"), QStringLiteral("0-1")},
                                {file(v1Cpuset, "cpuset.mems"), QStringLiteral("0")}}
                     << QString();
    row("v1 pids 32") << v1 << pids(32) << QStringList()
                      << FileMap{{file(v1Pids, "pids.max"), QStringLiteral("32")}} << QString();
    row("v1 pids -1 is max") << v1 << pids(-1) << QStringList()
                             << FileMap{{file(v1Pids, "pids.max"), QStringLiteral("max")}}
                             << QString();
    row("v1 pids 0 is 1, as runc writes it")
        << v1 << pids(0) << QStringList()
        << FileMap{{file(v1Pids, "pids.max"), QStringLiteral("1")}} << QString();
    // Each write replaces a fixture file, so the last rule of each kind is what shows; the
    // live suite checks the whole list in order.
    row("v1 devices") << v1 << deviceRules() << QStringList()
                      << FileMap{{file(v1Devices, "devices.deny"), QStringLiteral("a *:* rwm")},
                                 {file(v1Devices, "devices.allow"), QStringLiteral("b 8:* r")}}
                      << QString();
    oci::Resources badDevice;
    badDevice.devices = {{true, 'c', 1, 3, "rwx"}};
    row("v1 device access") << v1 << badDevice << QStringList() << FileMap()
                            << QStringLiteral("`linux.resources.devices[0]`: access `rwx`");
    row("v1 has no unified") << v1 << unifiedValues({{"memory.high", "1"}}) << QStringList()
                             << FileMap()
                             << QStringLiteral("`linux.resources.unified` needs cgroup v2");

    row("v2 memory limit") << v2 << memory(64 * MiB) << QStringList()
                           << FileMap{{file(v2Dir, "memory.max"), QStringLiteral("67108864")},
                                      {file(v2Dir, "memory.swap.max"), QStringLiteral("max\n")}}
                           << QString();
    row("v2 unlimited memory") << v2 << memory(-1) << QStringList()
                               << FileMap{{file(v2Dir, "memory.max"), QStringLiteral("max")},
                                          {file(v2Dir, "memory.swap.max"), QStringLiteral("max")}}
                               << QString();
    row("v2 swap is memory+swap minus memory")
        << v2 << memory(64 * MiB, 128 * MiB) << QStringList()
        << FileMap{{file(v2Dir, "memory.max"), QStringLiteral("67108864")},
                   {file(v2Dir, "memory.swap.max"), QStringLiteral("67108864")}}
        << QString();
    row("v2 swap equal to memory disables swap")
        << v2 << memory(64 * MiB, 64 * MiB) << QStringList()
        << FileMap{{file(v2Dir, "memory.swap.max"), QStringLiteral("0")}} << QString();
    row("v2 unlimited swap") << v2 << memory(64 * MiB, -1) << QStringList()
                             << FileMap{{file(v2Dir, "memory.swap.max"), QStringLiteral("max")}}
                             << QString();
    row("v2 reservation") << v2 << memory(std::nullopt, std::nullopt, 32 * MiB) << QStringList()
                          << FileMap{{file(v2Dir, "memory.low"), QStringLiteral("33554432")}}
                          << QString();
    row("v2 swap needs a limit") << v2 << memory(std::nullopt, 128 * MiB) << QStringList()
                                 << FileMap()
                                 << QStringLiteral(
                                        "`linux.resources.memory.swap`: a swap limit needs");
    row("v2 swap below limit") << v2 << memory(128 * MiB, 64 * MiB) << QStringList() << FileMap()
                               << QStringLiteral("is below `linux.resources.memory.limit`");
    row("v2 has no swappiness") << v2 << swappy << QStringList() << FileMap()
                                << QStringLiteral(
                                       "`linux.resources.memory.swappiness`: cgroup v2 has no");
    row("v2 weight from 1024 shares")
        << v2 << cpu(1024, std::nullopt, std::nullopt) << QStringList()
        << FileMap{{file(v2Dir, "cpu.weight"), QStringLiteral("39")}} << QString();
    row("v2 weight from 2 shares")
        << v2 << cpu(2, std::nullopt, std::nullopt) << QStringList()
        << FileMap{{file(v2Dir, "cpu.weight"), QStringLiteral("1")}} << QString();
    row("v2 weight from 262144 shares")
        << v2 << cpu(262144, std::nullopt, std::nullopt) << QStringList()
        << FileMap{{file(v2Dir, "cpu.weight"), QStringLiteral("10000")}} << QString();
    row("v2 weight from 512 shares")
        << v2 << cpu(512, std::nullopt, std::nullopt) << QStringList()
        << FileMap{{file(v2Dir, "cpu.weight"), QStringLiteral("20")}} << QString();
    row("v2 unlimited quota") << v2 << cpu(std::nullopt, -1, 100000) << QStringList()
                              << FileMap{{file(v2Dir, "cpu.max"), QStringLiteral("max 100000")}}
                              << QString();
    row("v2 quota and period") << v2 << cpu(std::nullopt, 50000, 100000) << QStringList()
                               << FileMap{{file(v2Dir, "cpu.max"), QStringLiteral("50000 100000")}}
                               << QString();
    row("v2 quota alone") << v2 << cpu(std::nullopt, 25000, std::nullopt) << QStringList()
                          << FileMap{{file(v2Dir, "cpu.max"), QStringLiteral("25000")}}
                          << QString();
    row("v2 cpuset") << v2 << cpu(std::nullopt, std::nullopt, std::nullopt, "2-3", "0")
                     << QStringList()
                     << FileMap{{file(v2Dir, "cpuset.cpus"), QStringLiteral("2-3")},
                                {file(v2Dir, "cpuset.mems"), QStringLiteral("0")}}
                     << QString();
    row("v2 pids 32") << v2 << pids(32) << QStringList()
                      << FileMap{{file(v2Dir, "pids.max"), QStringLiteral("32")}} << QString();
    row("v2 pids -1 is max") << v2 << pids(-1) << QStringList()
                             << FileMap{{file(v2Dir, "pids.max"), QStringLiteral("max")}}
                             << QString();
    row("v2 pids 0 is 1") << v2 << pids(0) << QStringList()
                          << FileMap{{file(v2Dir, "pids.max"), QStringLiteral("1")}} << QString();
    row("v2 unified verbatim") << v2 << unifiedValues({{"memory.high", "1000000"}}) << QStringList()
                               << FileMap{{file(v2Dir, "memory.high"), QStringLiteral("1000000")}}
                               << QString();
    const QString root = QStringLiteral("sys/fs/cgroup/");
    row("v2 unified enables its controller up the tree")
        << v2 << unifiedValues({{"hugetlb.2MB.max", "0"}}) << QStringList()
        << FileMap{{file(v2Dir, "hugetlb.2MB.max"), QStringLiteral("0")},
                   {file(root, "cgroup.subtree_control"), QStringLiteral("+hugetlb")},
                   {file(root, "system.slice/cgroup.subtree_control"), QStringLiteral("+hugetlb")},
                   {file(root, "system.slice/glassbox.service/glassbox/cgroup.subtree_control"),
                    QStringLiteral("+hugetlb")}}
        << QString();
    row("v2 unified key is a file name")
        << v2 << unifiedValues({{"../memory.high", "1"}}) << QStringList() << FileMap()
        << QStringLiteral("is not a cgroup v2 file name");
    row("v2 unavailable controller")
        << v2 << unifiedValues({{"rdma.max", "mlx4_0 hca_handle=2"}}) << QStringList() << FileMap()
        << QStringLiteral("the cgroup v2 controller `rdma` is not available");
    row("v2 device rules need eBPF")
        << v2 << deviceRules() << QStringList() << FileMap() << QStringLiteral("eBPF");

    row("hybrid memory through v1")
        << hybrid << memory(64 * MiB) << QStringList()
        << FileMap{{file(hyMemory, "memory.limit_in_bytes"), QStringLiteral("67108864")}}
        << QString();
    row("hybrid cpu through v1") << hybrid << cpu(std::nullopt, -1, 100000) << QStringList()
                                 << FileMap{{file(hyCpu, "cpu.cfs_quota_us"), QStringLiteral("-1")},
                                            {file(hyCpu, "cpu.cfs_period_us"),
                                             QStringLiteral("100000")}}
                                 << QString();
    row("hybrid pids through v1") << hybrid << pids(32) << QStringList()
                                  << FileMap{{file(hyPids, "pids.max"), QStringLiteral("32")}}
                                  << QString();
    row("hybrid unified memory refused")
        << hybrid << unifiedValues({{"memory.high", "1"}}) << QStringList() << FileMap()
        << QStringLiteral("controller `memory` is not available");
    row("hybrid unified hugetlb")
        << hybrid << unifiedValues({{"hugetlb.2MB.max", "0"}}) << QStringList()
        << FileMap{{file(hyUnified, "hugetlb.2MB.max"), QStringLiteral("0")},
                   {QStringLiteral("sys/fs/cgroup/unified/glassbox/cgroup.subtree_control"),
                    QStringLiteral("+hugetlb")},
                   {QStringLiteral("sys/fs/cgroup/unified/cgroup.subtree_control"), QString()}}
        << QString();
}

void TestCgroup::apply()
{
    QFETCH(int, kind);
    QFETCH(oci::Resources, resources);
    QFETCH(QStringList, remove);
    QFETCH(FileMap, expected);
    QFETCH(QString, error);

    FakeHost fake{Kind(kind)};
    auto made = fake.createSeededContainer();
    QVERIFY2(made, made ? "" : made.error().text().c_str());
    for (const QString &file : remove)
        QVERIFY(QFile::remove(fake.path(file)));

    auto applied = cgroup::apply(*made, resources);
    if (!error.isEmpty()) {
        QVERIFY(!applied);
        QVERIFY2(QString::fromStdString(applied.error().message).contains(error),
                 applied.error().message.c_str());
        return;
    }
    QVERIFY2(applied, applied ? "" : applied.error().text().c_str());
    for (auto it = expected.begin(); it != expected.end(); ++it)
        QCOMPARE(fake.read(it.key()), it.value());
}

void TestCgroup::enterAndProcesses_data()
{
    createAndDestroy_data();
}

void TestCgroup::enterAndProcesses()
{
    QFETCH(int, kind);
    FakeHost fake{Kind(kind)};
    auto made = fake.createSeededContainer();
    QVERIFY2(made, made ? "" : made.error().text().c_str());

    QVERIFY(enter(*made, 4242));
    for (const auto &dir : made->directories)
        QCOMPARE(
            fake.read(QString::fromStdString(dir.path + "/cgroup.procs").mid(fake.path({}).size())),
            QStringLiteral("4242"));
    auto pids = processes(*made);
    QVERIFY(pids);
    QCOMPARE(*pids, std::vector<pid_t>{4242});
}

void TestCgroup::freeze_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("frozenValue");
    QTest::newRow("v2") << int(Kind::V2) << v2Dir + QStringLiteral("cgroup.freeze")
                        << QStringLiteral("1");
    QTest::newRow("v1") << int(Kind::V1) << v1Freezer + QStringLiteral("freezer.state")
                        << QStringLiteral("FROZEN");
    QTest::newRow("hybrid uses the v1 freezer")
        << int(Kind::Hybrid) << hyFreezer + QStringLiteral("freezer.state")
        << QStringLiteral("FROZEN");
}

void TestCgroup::freeze()
{
    QFETCH(int, kind);
    QFETCH(QString, file);
    QFETCH(QString, frozenValue);
    FakeHost fake{Kind(kind)};
    auto made = fake.createSeededContainer();
    QVERIFY2(made, made ? "" : made.error().text().c_str());

    QCOMPARE(frozenState(*made), QStringLiteral("thawed"));
    QVERIFY(setFrozen(*made, true));
    QCOMPARE(fake.read(file), frozenValue);
    QCOMPARE(frozenState(*made), QStringLiteral("frozen"));
    QVERIFY(setFrozen(*made, false));
    QCOMPARE(frozenState(*made), QStringLiteral("thawed"));
}

void TestCgroup::readStats_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<FileMap>("files");
    QTest::addColumn<QString>("expected");

    auto file = [](const QString &dir, const char *name) {
        return dir + QLatin1String(name);
    };
    QTest::newRow("v1 unlimited")
        << int(Kind::V1)
        << FileMap{{file(v1Cpu, "cpuacct.usage"), QStringLiteral("123456789\n")},
                   {file(v1Memory, "memory.usage_in_bytes"), QStringLiteral("1048576\n")},
                   {file(v1Memory, "memory.oom_control"),
                    QStringLiteral("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")},
                   {file(v1Pids, "pids.current"), QStringLiteral("3\n")}}
        << QStringLiteral("cpu=123456789 mem=1048576 limit=none oom=2 pids=3 pidsLimit=none");
    QTest::newRow("v1 limited, no oom_kill line (before 4.13)")
        << int(Kind::V1)
        << FileMap{{file(v1Cpu, "cpuacct.usage"), QStringLiteral("5\n")},
                   {file(v1Memory, "memory.usage_in_bytes"), QStringLiteral("4096\n")},
                   {file(v1Memory, "memory.limit_in_bytes"), QStringLiteral("67108864\n")},
                   {file(v1Memory, "memory.oom_control"),
                    QStringLiteral("oom_kill_disable 0\nunder_oom 0\n")},
                   {file(v1Pids, "pids.current"), QStringLiteral("1\n")},
                   {file(v1Pids, "pids.max"), QStringLiteral("32\n")}}
        << QStringLiteral("cpu=5 mem=4096 limit=67108864 oom=none pids=1 pidsLimit=32");
    QTest::newRow("v2")
        << int(Kind::V2)
        << FileMap{{file(v2Dir, "cpu.stat"),
                    QStringLiteral("usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n")},
                   {file(v2Dir, "memory.current"), QStringLiteral("2097152\n")},
                   {file(v2Dir, "memory.events"),
                    QStringLiteral("low 0\nhigh 0\nmax 4\noom 3\noom_kill 1\noom_group_kill 0\n")},
                   {file(v2Dir, "pids.current"), QStringLiteral("5\n")},
                   {file(v2Dir, "pids.max"), QStringLiteral("100\n")}}
        << QStringLiteral("cpu=1500000 mem=2097152 limit=none oom=1 pids=5 pidsLimit=100");
    QTest::newRow("v2 limited")
        << int(Kind::V2)
        << FileMap{{file(v2Dir, "memory.current"), QStringLiteral("0\n")},
                   {file(v2Dir, "memory.max"), QStringLiteral("67108864\n")}}
        << QStringLiteral("cpu=none mem=0 limit=67108864 oom=none pids=none pidsLimit=none");
    QTest::newRow("hybrid reads v1, not the unified cpu.stat")
        << int(Kind::Hybrid)
        << FileMap{{file(hyCpuacct, "cpuacct.usage"), QStringLiteral("42\n")},
                   {file(hyUnified, "cpu.stat"), QStringLiteral("usage_usec 999\n")},
                   {file(hyMemory, "memory.usage_in_bytes"), QStringLiteral("8192\n")},
                   {file(hyPids, "pids.current"), QStringLiteral("2\n")}}
        << QStringLiteral("cpu=42 mem=8192 limit=none oom=0 pids=2 pidsLimit=none");
}

void TestCgroup::readStats()
{
    QFETCH(int, kind);
    QFETCH(FileMap, files);
    QFETCH(QString, expected);
    FakeHost fake{Kind(kind)};
    auto made = fake.createSeededContainer();
    QVERIFY2(made, made ? "" : made.error().text().c_str());
    fake.write(files);

    auto stats = cgroup::readStats(*made);
    QVERIFY2(stats, stats ? "" : stats.error().text().c_str());
    QCOMPARE(describe(*stats), expected);
}

void TestCgroup::readPressure_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<FileMap>("files");
    QTest::addColumn<QString>("expected");

    const QString cpu = QStringLiteral("some avg10=1.50 avg60=0.20 avg300=0.05 total=1500000\n"
                                       "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
    const QString memory = QStringLiteral("some avg10=0.00 avg60=0.00 avg300=0.00 total=42\n"
                                          "full avg10=0.00 avg60=0.00 avg300=0.00 total=40\n");
    // Kernels before 5.13 have no "full" line in cpu.pressure.
    const QString io = QStringLiteral("some avg10=0.00 avg60=0.00 avg300=0.00 total=7\n");
    QTest::newRow("v2") << int(Kind::V2)
                        << FileMap{{v2Dir + QStringLiteral("cpu.pressure"), cpu},
                                   {v2Dir + QStringLiteral("memory.pressure"), memory},
                                   {v2Dir + QStringLiteral("io.pressure"), io}}
                        << QStringLiteral("cpu=1500000/0 memory=42/40 io=7/none");
    QTest::newRow("hybrid: the unified directory")
        << int(Kind::Hybrid)
        << FileMap{{hyUnified + QStringLiteral("cpu.pressure"), io},
                   {hyUnified + QStringLiteral("memory.pressure"), memory},
                   {hyUnified + QStringLiteral("io.pressure"), cpu}}
        << QStringLiteral("cpu=7/none memory=42/40 io=1500000/0");
    QTest::newRow("v1: no v2 directory")
        << int(Kind::V1) << FileMap{} << QStringLiteral("error: no cgroup v2 directory");
    QTest::newRow("v2 kernel without PSI")
        << int(Kind::V2) << FileMap{} << QStringLiteral("error: cpu.pressure");
    QTest::newRow("garbled") << int(Kind::V2)
                             << FileMap{{v2Dir + QStringLiteral("cpu.pressure"),
                                         QStringLiteral("some avg10=1.50\n")}}
                             << QStringLiteral("error: no total=");
}

void TestCgroup::readPressure()
{
    QFETCH(int, kind);
    QFETCH(FileMap, files);
    QFETCH(QString, expected);
    FakeHost fake{Kind(kind)};
    auto made = fake.createSeededContainer();
    QVERIFY2(made, made ? "" : made.error().text().c_str());
    fake.write(files);

    auto pressure = cgroup::readPressure(*made);
    if (expected.startsWith(QStringLiteral("error: "))) {
        QVERIFY(!pressure);
        QVERIFY2(QString::fromStdString(pressure.error().text()).contains(expected.mid(7)),
                 pressure.error().text().c_str());
        return;
    }
    QVERIFY2(pressure, pressure ? "" : pressure.error().text().c_str());
    const auto number = [](const std::optional<uint64_t> &value) {
        return value ? QString::number(*value) : QStringLiteral("none");
    };
    QCOMPARE(QStringLiteral("cpu=%1/%2 memory=%3/%4 io=%5/%6")
                 .arg(number(pressure->cpuSomeUs), number(pressure->cpuFullUs),
                      number(pressure->memorySomeUs), number(pressure->memoryFullUs),
                      number(pressure->ioSomeUs), number(pressure->ioFullUs)),
             expected);
}

void TestCgroup::managerChoice_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("freezerFile");
    QTest::addColumn<QString>("frozenValue");
    QTest::newRow("v2") << int(Kind::V2) << QStringLiteral("cgroupfs-v2")
                        << v2Dir + QStringLiteral("cgroup.freeze") << QStringLiteral("1");
    QTest::newRow("v1") << int(Kind::V1) << QStringLiteral("cgroupfs-v1")
                        << v1Freezer + QStringLiteral("freezer.state") << QStringLiteral("FROZEN");
    QTest::newRow("hybrid") << int(Kind::Hybrid) << QStringLiteral("cgroupfs-v1")
                            << hyFreezer + QStringLiteral("freezer.state")
                            << QStringLiteral("FROZEN");
}

// The backend is chosen by the host's layout for a new cgroup and by the recorded
// directories for an existing one, and both choices agree. The record is creating.json
// (the same "cgroup" array as state.json) written as the releases before the manager
// interface wrote it, so containers made by them are managed after an upgrade.
void TestCgroup::managerChoice()
{
    QFETCH(int, kind);
    QFETCH(QString, backend);
    QFETCH(QString, freezerFile);
    QFETCH(QString, frozenValue);
    FakeHost fake{Kind(kind)};
    auto host = Host::detect(fake.roots());
    QVERIFY2(host, host ? "" : host.error().text().c_str());
    auto manager = makeManager(*host);
    QVERIFY2(manager, manager ? "" : manager.error().text().c_str());
    QCOMPARE(QLatin1String((*manager)->name()), backend);
    auto made = (*manager)->create({}, "c1", {}, {});
    QVERIFY2(made, made ? "" : made.error().text().c_str());
    fake.seedContainerFiles(*made);

    QJsonArray directories;
    for (const Cgroup::Directory &dir : made->directories) {
        QJsonArray controllers;
        for (const std::string &controller : dir.controllers)
            controllers.append(QString::fromStdString(controller));
        directories.append(QJsonObject{{QStringLiteral("path"), QString::fromStdString(dir.path)},
                                       {QStringLiteral("controllers"), controllers},
                                       {QStringLiteral("unified"), dir.unified}});
    }
    StateStore store(fake.sys(QStringLiteral("state")));
    QVERIFY(QDir().mkpath(fake.path(QStringLiteral("state"))));
    QVERIFY(store.reserve("c1"));
    fake.write(QStringLiteral("state/c1/creating.json"),
               QJsonDocument(QJsonObject{{QStringLiteral("cgroup"), directories}}).toJson());
    auto recorded = store.loadCreating("c1");
    QVERIFY2(recorded, recorded ? "" : recorded.error().text().c_str());

    auto adopted = managerFor(*recorded);
    QCOMPARE(QLatin1String(adopted->name()), backend);
    QVERIFY(adopted->setFrozen(*recorded, true));
    QCOMPARE(fake.read(freezerFile), frozenValue);
    auto frozen = adopted->isFrozen(*recorded);
    QVERIFY2(frozen && *frozen, frozen ? "thawed" : frozen.error().text().c_str());
    // It manages what exists; without a host it has nowhere to make a new cgroup.
    auto again = adopted->create({}, "c2", {}, {});
    QVERIFY(!again);
    QCOMPARE(again.error().code, ENOENT);
}

void TestCgroup::systemdDriverIsRefused()
{
    FakeHost fake{Kind::V2};
    auto host = Host::detect(fake.roots());
    QVERIFY(host);
    auto manager = makeManager(*host, Driver::Systemd);
    QVERIFY(!manager);
    QCOMPARE(manager.error().code, ENOTSUP);
    QVERIFY2(manager.error().message.starts_with("the systemd cgroup manager is not supported"),
             manager.error().message.c_str());
}

QTEST_GUILESS_MAIN(TestCgroup)
#include "test_cgroup.moc"
