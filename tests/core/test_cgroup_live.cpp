// Cgroups on the real kernel: this host's hierarchies as detected, and a container cgroup
// created, limited, entered, frozen, read and removed for real. Needs root. Every directory it
// makes is removed again, also when a check fails, so the host is left as it was found.
#include "glassbox/cgroup/cgroup.h"

#include <QFile>
#include <QScopeGuard>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace glassbox;
using namespace glassbox::cgroup;

namespace {

constexpr int64_t MiB = 1024 * 1024;

QString readText(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("<cannot read %1>").arg(file.fileName());
    return QString::fromUtf8(file.readAll()).trimmed();
}

bool isDirectory(const std::string &path)
{
    struct stat info;
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

std::string ownDirectory(const Hierarchy &hierarchy)
{
    return hierarchy.ownPath == "/" ? hierarchy.mountPoint
                                    : hierarchy.mountPoint + hierarchy.ownPath;
}

// The path of `hierarchy` in /proc/<pid>/cgroup, matched by controllers (v1) or by the empty
// controller list of the v2 line.
QString cgroupOf(pid_t pid, const Hierarchy &hierarchy)
{
    QFile file(QStringLiteral("/proc/%1/cgroup").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("<cannot read %1>").arg(file.fileName());
    QStringList wanted;
    if (!hierarchy.unified)
        for (const std::string &controller : hierarchy.controllers)
            wanted << QString::fromStdString(controller);
    wanted.sort();
    const auto lines =
        QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        QStringList controllers =
            line.section(QLatin1Char(':'), 1, 1).split(QLatin1Char(','), Qt::SkipEmptyParts);
        controllers.sort();
        if (controllers == wanted)
            return line.section(QLatin1Char(':'), 2);
    }
    return QStringLiteral("<no line>");
}

// isFrozen() as text, so that a failure shows the error.
QString frozenState(const Cgroup &cgroup)
{
    auto frozen = isFrozen(cgroup);
    if (!frozen)
        return QString::fromStdString(frozen.error().text());
    return *frozen ? QStringLiteral("frozen") : QStringLiteral("thawed");
}

} // namespace

class TestCgroupLive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void detectsThisHost();
    void containerLifecycle();
};

void TestCgroupLive::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("needs root: creates, limits and removes real cgroups");
}

void TestCgroupLive::detectsThisHost()
{
    auto host = Host::detect();
    QVERIFY2(host, host ? "" : host.error().text().c_str());
    bool v1Controllers = false;
    bool unified = false;
    for (const Hierarchy &h : host->hierarchies) {
        QVERIFY2(isDirectory(ownDirectory(h)), ownDirectory(h).c_str());
        QCOMPARE(cgroupOf(::getpid(), h), QString::fromStdString(h.ownPath));
        if (h.unified) {
            unified = true;
            QStringList listed;
            for (const std::string &c : h.controllers)
                listed << QString::fromStdString(c);
            QCOMPARE(listed.join(QLatin1Char(' ')),
                     readText(ownDirectory(h) + "/cgroup.controllers"));
        } else {
            v1Controllers = v1Controllers || std::any_of(h.controllers.begin(), h.controllers.end(),
                                                         [](const std::string &c) {
                                                             return !c.starts_with("name=");
                                                         });
        }
    }
    const Layout expected = v1Controllers ? (unified ? Layout::Hybrid : Layout::V1) : Layout::V2;
    QCOMPARE(int(host->layout), int(expected));
    // On cgroup v2 a leaf that passes nothing down (a CI runner's) is offered no controllers;
    // the hierarchy's root lists what the host has.
    auto hostHas = [&](const char *controller) {
        if (host->find(controller) != nullptr)
            return true;
        for (const Hierarchy &h : host->hierarchies)
            if (h.unified && readText(h.mountPoint + "/cgroup.controllers")
                                 .split(QLatin1Char(' '))
                                 .contains(QLatin1String(controller)))
                return true;
        return false;
    };
    QVERIFY(hostHas("memory"));
    QVERIFY(hostHas("pids"));
    qInfo("layout %s, %zu hierarchies",
          host->layout == Layout::Hybrid ? "hybrid"
          : host->layout == Layout::V1   ? "v1"
                                         : "v2",
          host->hierarchies.size());
}

void TestCgroupLive::containerLifecycle()
{
    auto host = Host::detect();
    QVERIFY2(host, host ? "" : host.error().text().c_str());
    const std::string id = "test-" + std::to_string(::getpid());
    // On a host where this process's cgroup holds processes and passes no controllers down
    // (a systemd session or service), the CI gives a delegated cgroup to nest in instead.
    const QString testParent = qEnvironmentVariable("GLASSBOX_TEST_CGROUP_PARENT");
    const std::string cgroupsPath =
        testParent.isEmpty() ? std::string() : testParent.toStdString() + "/" + id;

    // Shared <own>/glassbox parents that do not exist yet are removed at the end (when empty:
    // rmdir refuses otherwise), so that the host is left as it was found.
    std::vector<std::string> newParents;
    for (const Hierarchy &h : host->hierarchies) {
        auto path = containerPath(h, cgroupsPath, id);
        QVERIFY(path);
        const std::string parent = h.mountPoint + path->substr(0, path->rfind('/'));
        if (!isDirectory(parent))
            newParents.push_back(parent);
    }
    // On a hybrid host nothing Glassbox uses is in the v2 tree, so its root stays untouched.
    QString unifiedSubtreeBefore;
    bool checkUnifiedSubtree = false;
    const Hierarchy *unifiedHierarchy = nullptr;
    for (const Hierarchy &h : host->hierarchies)
        if (h.unified)
            unifiedHierarchy = &h;
    if (host->layout == Layout::Hybrid && unifiedHierarchy != nullptr) {
        checkUnifiedSubtree = true;
        unifiedSubtreeBefore =
            readText(ownDirectory(*unifiedHierarchy) + "/cgroup.subtree_control");
    }

    pid_t child = -1;
    std::optional<Cgroup> made;
    auto cleanup = qScopeGuard([&] {
        if (child > 0) {
            // A frozen task cannot die until it is thawed.
            if (made)
                (void)setFrozen(*made, false);
            ::kill(child, SIGKILL);
            ::waitpid(child, nullptr, 0);
        }
        if (made)
            (void)destroy(*made);
        for (auto it = newParents.rbegin(); it != newParents.rend(); ++it)
            ::rmdir(it->c_str());
    });

    oci::Resources resources;
    resources.memory =
        oci::MemoryResources{64 * MiB, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
    resources.pids = oci::PidsResources{32};
    resources.cpu = oci::CpuResources{std::nullopt, 50000, 100000, "", ""};
    auto created = create(*host, cgroupsPath, id, resources);
    QVERIFY2(created, created ? "" : created.error().text().c_str());
    made = std::move(*created);
    QCOMPARE(made->directories.size(), host->hierarchies.size());
    for (const auto &dir : made->directories)
        QVERIFY2(isDirectory(dir.path), dir.path.c_str());

    auto again = create(*host, cgroupsPath, id, resources);
    QVERIFY(!again);
    QCOMPARE(again.error().code, EEXIST);
    QVERIFY2(again.error().message.find("already exists") != std::string::npos,
             again.error().message.c_str());

    const Cgroup::Directory *devices = made->find("devices");
    if (devices != nullptr && !devices->unified)
        resources.devices = {{false, 'a', std::nullopt, std::nullopt, "rwm"},
                             {true, 'c', 1, 3, "rwm"},
                             {true, 'c', 1, 5, "rwm"}};
    auto applied = apply(*made, resources);
    QVERIFY2(applied, applied ? "" : applied.error().text().c_str());

    const Cgroup::Directory *memory = made->find("memory");
    QVERIFY(memory != nullptr);
    QCOMPARE(readText(memory->path + (memory->unified ? "/memory.max" : "/memory.limit_in_bytes")),
             QStringLiteral("67108864"));
    const Cgroup::Directory *pidsDir = made->find("pids");
    QVERIFY(pidsDir != nullptr);
    QCOMPARE(readText(pidsDir->path + "/pids.max"), QStringLiteral("32"));
    const Cgroup::Directory *cpu = made->find("cpu");
    QVERIFY(cpu != nullptr);
    if (cpu->unified) {
        QCOMPARE(readText(cpu->path + "/cpu.max"), QStringLiteral("50000 100000"));
    } else {
        QCOMPARE(readText(cpu->path + "/cpu.cfs_quota_us"), QStringLiteral("50000"));
        QCOMPARE(readText(cpu->path + "/cpu.cfs_period_us"), QStringLiteral("100000"));
    }
    if (!resources.devices.empty())
        QCOMPARE(readText(devices->path + "/devices.list"), QStringLiteral("c 1:3 rwm\nc 1:5 rwm"));
    if (const Cgroup::Directory *cpuset = made->find("cpuset"); cpuset && !cpuset->unified)
        QVERIFY(!readText(cpuset->path + "/cpuset.cpus").isEmpty());

    child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        for (;;)
            ::pause();
    }
    auto entered = enter(*made, child);
    QVERIFY2(entered, entered ? "" : entered.error().text().c_str());
    auto members = processes(*made);
    QVERIFY2(members, members ? "" : members.error().text().c_str());
    QVERIFY(std::find(members->begin(), members->end(), child) != members->end());
    for (const Hierarchy &h : host->hierarchies)
        QCOMPARE(cgroupOf(child, h), QString::fromStdString(*containerPath(h, cgroupsPath, id)));

    auto stats = readStats(*made);
    QVERIFY2(stats, stats ? "" : stats.error().text().c_str());
    QVERIFY(stats->cpuUsageNs.has_value());
    QVERIFY(stats->memoryBytes.has_value());
    QCOMPARE(stats->memoryLimit, std::optional<uint64_t>(64 * MiB));
    QCOMPARE(stats->pids, std::optional<uint64_t>(1));
    QCOMPARE(stats->pidsLimit, std::optional<uint64_t>(32));

    auto frozen = setFrozen(*made, true);
    QVERIFY2(frozen, frozen ? "" : frozen.error().text().c_str());
    QCOMPARE(frozenState(*made), QStringLiteral("frozen"));
    QVERIFY(setFrozen(*made, false));
    QCOMPARE(frozenState(*made), QStringLiteral("thawed"));

    ::kill(child, SIGKILL);
    QCOMPARE(::waitpid(child, nullptr, 0), child);
    child = -1;
    auto destroyed = destroy(*made);
    QVERIFY2(destroyed, destroyed ? "" : destroyed.error().text().c_str());
    for (const auto &dir : made->directories)
        QVERIFY2(!isDirectory(dir.path), dir.path.c_str());
    made.reset();

    if (checkUnifiedSubtree)
        QCOMPARE(readText(ownDirectory(*unifiedHierarchy) + "/cgroup.subtree_control"),
                 unifiedSubtreeBefore);
}

QTEST_GUILESS_MAIN(TestCgroupLive)
#include "test_cgroup_live.moc"
