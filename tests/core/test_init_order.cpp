// The order of the container init's steps (setUpInit, core/src/container_init.cpp), through
// the InitOps seam with a recording implementation: no root, no namespaces, no container.
// What is pinned is what the kernel or the runtime protocol needs: non-dumpable first,
// root in a new user namespace right after joining, the cgroup namespace after the parent
// moved us, hooks before the rootfs switch, seccomp before the user switch without
// no_new_privs and right before execve with it, and nothing after a failing step.
#include "init_ops.h"

#include <QStringList>
#include <QTest>

#include <cerrno>
#include <deque>
#include <optional>
#include <sched.h>
#include <sys/prctl.h>

using namespace glassbox;

namespace {

class RecordingInitOps final : public InitOps
{
public:
    QStringList calls;
    int failAt = -1; ///< the index of the call that fails, -1 for none
    std::deque<sync::Received> messages;

    int prctl(int option, unsigned long value) override
    {
        const char *name = option == PR_SET_DUMPABLE       ? "PR_SET_DUMPABLE"
                           : option == PR_SET_NO_NEW_PRIVS ? "PR_SET_NO_NEW_PRIVS"
                                                           : "?";
        return call(QStringLiteral("prctl(%1,%2)").arg(QLatin1String(name)).arg(value));
    }
    int setresgid(gid_t gid) override { return call(QStringLiteral("setresgid(%1)").arg(gid)); }
    int setresuid(uid_t uid) override { return call(QStringLiteral("setresuid(%1)").arg(uid)); }
    int setgroups(size_t size, const gid_t *) override
    {
        return call(QStringLiteral("setgroups(%1)").arg(size));
    }
    int unshare(int flags) override
    {
        return call(flags == CLONE_NEWCGROUP ? QStringLiteral("unshare(CLONE_NEWCGROUP)")
                                             : QStringLiteral("unshare(%1)").arg(flags));
    }
    int sethostname(std::string_view name) override
    {
        return call(QStringLiteral("sethostname(%1)").arg(QLatin1String(name)));
    }
    int setdomainname(std::string_view name) override
    {
        return call(QStringLiteral("setdomainname(%1)").arg(QLatin1String(name)));
    }
    long joinSessionKeyring(const std::string &name) override
    {
        return call(
            QStringLiteral("keyctl(JOIN_SESSION_KEYRING,%1)").arg(QString::fromStdString(name)));
    }
    Result<sync::Received> receive(int) override
    {
        GB_TRY(status(QStringLiteral("receive")));
        if (messages.empty())
            return makeError(EPROTO, "no message scripted");
        sync::Received message = std::move(messages.front());
        messages.pop_front();
        return message;
    }
    Status send(int, sync::Message type, int, std::string_view) override
    {
        return status(type == sync::Message::RunHooks  ? QStringLiteral("send(RunHooks)")
                      : type == sync::Message::Warning ? QStringLiteral("send(Warning)")
                                                       : QStringLiteral("send(?)"));
    }
    Status joinNamespaces(const InitConfig &) override
    {
        return status(QStringLiteral("joinNamespaces"));
    }
    Status bringLoopbackUp() override { return status(QStringLiteral("bringLoopbackUp")); }
    Status setupTimeNamespace(const oci::Linux &) override
    {
        return status(QStringLiteral("setupTimeNamespace"));
    }
    Status runHooks(const std::vector<oci::Hook> &, const char *phase,
                    const std::string &state) override
    {
        return status(QStringLiteral("runHooks(%1,%2)")
                          .arg(QLatin1String(phase), QString::fromStdString(state)));
    }
    Status rootfsEnter(const rootfs::Context &) override
    {
        return status(QStringLiteral("rootfsEnter"));
    }
    Status setupConsole(const oci::Process &, int) override
    {
        return status(QStringLiteral("setupConsole"));
    }
    Status rootfsFinish(const rootfs::Context &) override
    {
        return status(QStringLiteral("rootfsFinish"));
    }
    Status setOomScoreAdj(int value) override
    {
        return status(QStringLiteral("setOomScoreAdj(%1)").arg(value));
    }
    Status applyRlimits(const oci::Process &) override
    {
        return status(QStringLiteral("applyRlimits"));
    }
    Status enterWorkingDirectory(const std::string &cwd) override
    {
        return status(QStringLiteral("enterWorkingDirectory(%1)").arg(QString::fromStdString(cwd)));
    }
    Result<std::string> findExecutable(const oci::Process &) override
    {
        GB_TRY(status(QStringLiteral("findExecutable")));
        return std::string("/bin/sh");
    }
    Status restrictDescriptors(int preserveFds) override
    {
        return status(QStringLiteral("restrictDescriptors(%1)").arg(preserveFds));
    }
    Status loadSeccomp(const seccomp::Program &) override
    {
        return status(QStringLiteral("loadSeccomp"));
    }
    Status switchUser(const oci::Process &, std::vector<Error> &) override
    {
        return status(QStringLiteral("switchUser"));
    }
    Status waitForStart(int) override { return status(QStringLiteral("waitForStart")); }
    int execve(const std::string &path, const std::vector<std::string> &,
               const std::vector<std::string> &) override
    {
        return call(QStringLiteral("execve(%1)").arg(QString::fromStdString(path)));
    }

private:
    // Records the call; the failAt-th fails with EIO (not EPERM, which the init forgives a
    // session keyring).
    bool record(const QString &line)
    {
        calls.append(line);
        return calls.size() - 1 != failAt;
    }
    int call(const QString &line)
    {
        if (record(line))
            return 0;
        errno = EIO;
        return -1;
    }
    Status status(const QString &line)
    {
        if (record(line))
            return {};
        return makeError(EIO, "step " + line.toStdString() + " failed");
    }
};

enum Setting {
    NewUserNamespace = 1,
    NewNetworkCgroupUts = 2,
    Hooks = 4,
    Seccomp = 8,
    NoNewPrivileges = 16,
    TerminalAndOom = 32,
};

struct Fixture
{
    oci::Spec spec;
    RecordingInitOps ops;

    explicit Fixture(int settings)
    {
        spec.process.emplace();
        if (settings & NewNetworkCgroupUts) {
            spec.linux.namespaces = {{oci::NamespaceType::Network, {}},
                                     {oci::NamespaceType::Cgroup, {}},
                                     {oci::NamespaceType::Uts, {}}};
            spec.hostname = "box";
        }
        if (settings & Hooks) {
            spec.hooks.createContainer.push_back({"/bin/true", {}, {}, {}});
        }
        spec.process->noNewPrivileges = (settings & NoNewPrivileges) != 0;
        if (settings & TerminalAndOom) {
            spec.process->terminal = true;
            spec.process->oomScoreAdj = 100;
        }
        ops.messages.push_back({sync::Message::Go, 0, {}, {}});
        if (settings & Hooks)
            ops.messages.push_back({sync::Message::HooksDone, 0, "{\"id\":\"c1\"}", {}});
    }

    Status run(int settings, std::string &executable, bool untilExec = false)
    {
        std::optional<seccomp::Program> program;
        if (settings & Seccomp)
            program = seccomp::Program{};
        InitConfig config{spec, "c1", "/rootfs", "/bundle", nullptr, program};
        config.newUserNamespace = (settings & NewUserNamespace) != 0;
        std::string hookState;
        GB_TRY(setUpInit(config, ops, executable, hookState));
        if (!untilExec)
            return {};
        // The recording execve() returns, as the real one does only on failure.
        return execInit(config, ops, executable, hookState);
    }
};

const QStringList beforeJoin{QStringLiteral("prctl(PR_SET_DUMPABLE,0)"), QStringLiteral("receive"),
                             QStringLiteral("joinNamespaces")};
const QStringList fromRootfs{QStringLiteral("rootfsEnter"),
                             QStringLiteral("rootfsFinish"),
                             QStringLiteral("applyRlimits"),
                             QStringLiteral("keyctl(JOIN_SESSION_KEYRING,_ses.c1)"),
                             QStringLiteral("enterWorkingDirectory(/)"),
                             QStringLiteral("findExecutable"),
                             QStringLiteral("restrictDescriptors(0)")};

} // namespace

class TestInitOrder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void order_data();
    void order();
    void afterReady_data();
    void afterReady();
    void failureStopsEverythingAfter_data();
    void failureStopsEverythingAfter();
};

void TestInitOrder::order_data()
{
    QTest::addColumn<int>("settings");
    QTest::addColumn<QStringList>("expected");
    const QString time = QStringLiteral("setupTimeNamespace");
    const QString switchUser = QStringLiteral("switchUser");

    QTest::newRow("defaults: non-dumpable first, then the parent's Go")
        << 0 << beforeJoin + QStringList{time} + fromRootfs + QStringList{switchUser};
    QTest::newRow("a new user namespace: root and no host groups right after joining")
        << int(NewUserNamespace)
        << beforeJoin +
               QStringList{QStringLiteral("setresgid(0)"), QStringLiteral("setresuid(0)"),
                           QStringLiteral("setgroups(0)"), time} +
               fromRootfs + QStringList{switchUser};
    QTest::newRow("new network, cgroup and uts namespaces: after joining, in the cgroup")
        << int(NewNetworkCgroupUts)
        << beforeJoin +
               QStringList{QStringLiteral("bringLoopbackUp"),
                           QStringLiteral("unshare(CLONE_NEWCGROUP)"), time,
                           QStringLiteral("sethostname(box)")} +
               fromRootfs + QStringList{switchUser};
    QTest::newRow("hooks: the runtime's first, then createContainer, before the rootfs")
        << int(Hooks)
        << beforeJoin +
               QStringList{time, QStringLiteral("send(RunHooks)"), QStringLiteral("receive"),
                           QStringLiteral("runHooks(createContainer,{\"id\":\"c1\"})")} +
               fromRootfs + QStringList{switchUser};
    QTest::newRow("seccomp without no_new_privs: loaded while CAP_SYS_ADMIN is there")
        << int(Seccomp)
        << beforeJoin + QStringList{time} + fromRootfs +
               QStringList{QStringLiteral("loadSeccomp"), switchUser};
    QTest::newRow("seccomp with no_new_privs: not here (last, before execve)")
        << int(Seccomp | NoNewPrivileges)
        << beforeJoin + QStringList{time} + fromRootfs +
               QStringList{switchUser, QStringLiteral("prctl(PR_SET_NO_NEW_PRIVS,1)")};
    QStringList console = beforeJoin + QStringList{time} + fromRootfs + QStringList{switchUser};
    console.insert(console.indexOf(QStringLiteral("rootfsFinish")), QStringLiteral("setupConsole"));
    console.insert(console.indexOf(QStringLiteral("applyRlimits")),
                   QStringLiteral("setOomScoreAdj(100)"));
    QTest::newRow("terminal and oom_score_adj: console inside the new root, before /dev is "
                  "made read-only")
        << int(TerminalAndOom) << console;
}

void TestInitOrder::order()
{
    QFETCH(int, settings);
    QFETCH(QStringList, expected);
    Fixture fixture(settings);
    std::string executable;
    auto done = fixture.run(settings, executable);
    QVERIFY2(done, done ? "" : done.error().text().c_str());
    QCOMPARE(fixture.ops.calls, expected);
    QCOMPARE(executable, std::string("/bin/sh"));
}

void TestInitOrder::afterReady_data()
{
    QTest::addColumn<int>("settings");
    QTest::addColumn<QStringList>("expected");
    const QStringList start{QStringLiteral("waitForStart"),
                            QStringLiteral("runHooks(startContainer,)")};
    QTest::newRow("seccomp with no_new_privs: loaded last, right before execve")
        << int(Seccomp | NoNewPrivileges)
        << start + QStringList{QStringLiteral("loadSeccomp"), QStringLiteral("execve(/bin/sh)")};
    QTest::newRow("seccomp without no_new_privs: loaded before the user switch already")
        << int(Seccomp) << start + QStringList{QStringLiteral("execve(/bin/sh)")};
}

void TestInitOrder::afterReady()
{
    QFETCH(int, settings);
    QFETCH(QStringList, expected);
    Fixture fixture(settings);
    std::string executable;
    auto done = fixture.run(settings, executable, true);
    QVERIFY(!done);
    QCOMPARE(done.error().message, std::string("exec `/bin/sh`"));
    const QStringList calls = fixture.ops.calls;
    QCOMPARE(calls.mid(calls.indexOf(QStringLiteral("waitForStart"))), expected);
}

void TestInitOrder::failureStopsEverythingAfter_data()
{
    QTest::addColumn<int>("settings");
    QTest::newRow("all steps") << int(NewUserNamespace | NewNetworkCgroupUts | Hooks | Seccomp |
                                      TerminalAndOom);
    QTest::newRow("no_new_privs") << int(Seccomp | NoNewPrivileges);
}

// Whichever step fails, from the first to execve, its error is returned and nothing after it
// is called.
void TestInitOrder::failureStopsEverythingAfter()
{
    QFETCH(int, settings);
    Fixture complete(settings);
    std::string executable;
    QVERIFY(!complete.run(settings, executable, true));
    const QStringList all = complete.ops.calls;
    QCOMPARE(all.last(), QStringLiteral("execve(/bin/sh)"));
    for (int step = 0; step < all.size(); ++step) {
        Fixture failing(settings);
        failing.ops.failAt = step;
        auto done = failing.run(settings, executable, true);
        QVERIFY2(!done, qPrintable(all[step]));
        QCOMPARE(done.error().code, EIO);
        QCOMPARE(failing.ops.calls, all.mid(0, step + 1));
    }
}

QTEST_GUILESS_MAIN(TestInitOrder)
#include "test_init_order.moc"
