// The helper's container state machine (helper/ContainerState) without a bus: which method
// each state refuses and with which error, the transition of each event, and what the shim's
// files and the runtime's word make of the state. The wire behaviour is pinned end to end by
// test_helper (stopShowsStoppingAndEndsStopped, lifecycle) and test_helper_faults.
#include "ContainerState.h"

#include <QTest>

using glassbox::helper::ContainerState;
using glassbox::helper::HelperError;
using State = ContainerState::State;
using Method = ContainerState::Method;
using Event = ContainerState::Event;
using Kind = HelperError::Kind;

namespace {

/// Where a row starts: a state reached the way the helper reaches it.
enum class Start {
    Created,
    Running,
    Paused,
    Stopping,
    Stopped,
    Starting,
    Removing,
    RemovingRunning
};

ContainerState::Observation runningSeen()
{
    ContainerState::Observation seen;
    seen.started = ContainerState::Run{4242, 1000};
    seen.alive = true;
    return seen;
}

ContainerState::Observation exitSeen(int code, bool oomKilled = false)
{
    ContainerState::Observation seen;
    seen.started = ContainerState::Run{4242, 1000};
    seen.exit = ContainerState::Exit{code, oomKilled, 2000};
    return seen;
}

ContainerState reach(Start start)
{
    ContainerState machine;
    switch (start) {
    case Start::Created:
        break;
    case Start::Running:
        machine.observe(runningSeen());
        break;
    case Start::Paused:
        machine.observe(runningSeen());
        machine.apply(Event::Paused);
        break;
    case Start::Stopping:
        machine.observe(runningSeen());
        machine.apply(Event::StopBegun);
        break;
    case Start::Stopped:
        machine.observe(exitSeen(0));
        break;
    case Start::Starting:
        machine.observe(exitSeen(0));
        machine.apply(Event::StartQueued);
        break;
    case Start::Removing:
        machine.apply(Event::RemoveQueued);
        break;
    case Start::RemovingRunning:
        machine.observe(runningSeen());
        machine.apply(Event::RemoveQueued);
        machine.apply(Event::StopBegun);
        break;
    }
    return machine;
}

} // namespace

Q_DECLARE_METATYPE(Start)
Q_DECLARE_METATYPE(ContainerState::Method)
Q_DECLARE_METATYPE(ContainerState::Event)
Q_DECLARE_METATYPE(ContainerState::Observation)
Q_DECLARE_METATYPE(HelperError::Kind)

namespace {

const QString kBusy = QStringLiteral("the container is busy");
const QString kNotRunning = QStringLiteral("the container is not running");
const QString kStopping = QStringLiteral("the container is stopping");

} // namespace

class TestContainerState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reachedStates_data()
    {
        QTest::addColumn<Start>("start");
        QTest::addColumn<QString>("wire");
        QTest::addColumn<bool>("live");
        QTest::addColumn<bool>("busy");
        QTest::newRow("created") << Start::Created << QStringLiteral("created") << false << false;
        QTest::newRow("running") << Start::Running << QStringLiteral("running") << true << false;
        QTest::newRow("paused") << Start::Paused << QStringLiteral("paused") << true << false;
        QTest::newRow("stopping") << Start::Stopping << QStringLiteral("stopping") << true << false;
        QTest::newRow("stopped") << Start::Stopped << QStringLiteral("stopped") << false << false;
        // Starting and removing show the state they began in (or reached meanwhile).
        QTest::newRow("starting") << Start::Starting << QStringLiteral("stopped") << false << true;
        QTest::newRow("removing") << Start::Removing << QStringLiteral("created") << false << true;
        QTest::newRow("removing a running one")
            << Start::RemovingRunning << QStringLiteral("stopping") << true << true;
    }
    void reachedStates()
    {
        QFETCH(Start, start);
        const ContainerState machine = reach(start);
        QTEST(machine.wireName(), "wire");
        QTEST(machine.live(), "live");
        QTEST(machine.busy(), "busy");
    }

    void check_data()
    {
        QTest::addColumn<Start>("start");
        QTest::addColumn<Method>("method");
        QTest::addColumn<bool>("refused");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("text");
        const auto allowed = [](const char *name, Start start, Method method) {
            QTest::newRow(name) << start << method << false << Kind::Failed << QString();
        };
        const auto refused = [](const char *name, Start start, Method method, Kind kind,
                                const QString &text) {
            QTest::newRow(name) << start << method << true << kind << text;
        };
        allowed("start created", Start::Created, Method::Start);
        allowed("start stopped", Start::Stopped, Method::Start);
        refused("start running", Start::Running, Method::Start, Kind::Busy,
                QStringLiteral("the container is already running"));
        refused("start stopping", Start::Stopping, Method::Start, Kind::Busy,
                QStringLiteral("the container is already running"));
        refused("start starting", Start::Starting, Method::Start, Kind::Busy, kBusy);
        refused("start removing", Start::Removing, Method::Start, Kind::Busy, kBusy);
        // A second Stop waits for the same end; a stopped container's Stop is answered at once.
        allowed("stop stopping", Start::Stopping, Method::Stop);
        allowed("stop stopped", Start::Stopped, Method::Stop);
        refused("stop starting", Start::Starting, Method::Stop, Kind::Busy, kBusy);
        refused("restart removing", Start::Removing, Method::Restart, Kind::Busy, kBusy);
        allowed("restart running", Start::Running, Method::Restart);
        allowed("kill running", Start::Running, Method::Kill);
        allowed("kill stopping", Start::Stopping, Method::Kill);
        refused("kill stopped", Start::Stopped, Method::Kill, Kind::Failed, kNotRunning);
        allowed("pause running", Start::Running, Method::Pause);
        refused("pause paused", Start::Paused, Method::Pause, Kind::Failed, kNotRunning);
        refused("pause stopping", Start::Stopping, Method::Pause, Kind::Busy, kStopping);
        refused("pause created", Start::Created, Method::Pause, Kind::Failed, kNotRunning);
        allowed("resume paused", Start::Paused, Method::Resume);
        refused("resume running", Start::Running, Method::Resume, Kind::Failed,
                QStringLiteral("the container is not paused"));
        refused("resume stopping", Start::Stopping, Method::Resume, Kind::Busy, kStopping);
        allowed("remove stopped", Start::Stopped, Method::Remove);
        allowed("remove created", Start::Created, Method::Remove);
        refused("remove running", Start::Running, Method::Remove, Kind::Busy,
                QStringLiteral("the container is running; stop it or remove it with force"));
        refused("remove paused", Start::Paused, Method::Remove, Kind::Busy,
                QStringLiteral("the container is running; stop it or remove it with force"));
        refused("remove stopping", Start::Stopping, Method::Remove, Kind::Busy,
                QStringLiteral("the container is stopping; wait for it to stop or remove it "
                               "with force"));
        refused("remove starting", Start::Starting, Method::Remove, Kind::Busy, kBusy);
        allowed("remove running with force", Start::Running, Method::RemoveForce);
        allowed("remove stopping with force", Start::Stopping, Method::RemoveForce);
        refused("remove removing with force", Start::Removing, Method::RemoveForce, Kind::Busy,
                kBusy);
        allowed("exec running", Start::Running, Method::Exec);
        refused("exec paused", Start::Paused, Method::Exec, Kind::Failed, kNotRunning);
        refused("exec stopping", Start::Stopping, Method::Exec, Kind::Failed, kNotRunning);
        allowed("view paused", Start::Paused, Method::View);
        refused("view stopped", Start::Stopped, Method::View, Kind::Failed, kNotRunning);
        allowed("update stopped", Start::Stopped, Method::Update);
        allowed("update starting", Start::Starting, Method::Update);
    }
    void check()
    {
        QFETCH(Start, start);
        QFETCH(Method, method);
        QFETCH(bool, refused);
        const std::optional<HelperError> error = reach(start).check(method);
        QCOMPARE(error.has_value(), refused);
        if (!error)
            return;
        QTEST(error->kind, "kind");
        QTEST(error->text, "text");
    }

    void apply_data()
    {
        QTest::addColumn<Start>("start");
        QTest::addColumn<Event>("event");
        QTest::addColumn<bool>("applied");
        QTest::addColumn<QString>("wire");
        QTest::addColumn<bool>("busy");
        QTest::newRow("start queued, stopped")
            << Start::Stopped << Event::StartQueued << true << QStringLiteral("stopped") << true;
        QTest::newRow("start queued, running")
            << Start::Running << Event::StartQueued << false << QStringLiteral("running") << false;
        QTest::newRow("start queued twice")
            << Start::Starting << Event::StartQueued << false << QStringLiteral("stopped") << true;
        QTest::newRow("start finished") << Start::Starting << Event::StartFinished << true
                                        << QStringLiteral("stopped") << false;
        QTest::newRow("start finished, not starting")
            << Start::Stopped << Event::StartFinished << false << QStringLiteral("stopped")
            << false;
        QTest::newRow("spawned, not starting")
            << Start::Created << Event::Spawned << false << QStringLiteral("created") << false;
        QTest::newRow("stop begun, running")
            << Start::Running << Event::StopBegun << true << QStringLiteral("stopping") << false;
        QTest::newRow("stop begun, paused")
            << Start::Paused << Event::StopBegun << true << QStringLiteral("stopping") << false;
        QTest::newRow("stop begun, stopped")
            << Start::Stopped << Event::StopBegun << false << QStringLiteral("stopped") << false;
        QTest::newRow("stop timed out")
            << Start::Stopping << Event::StopTimedOut << true << QStringLiteral("running") << false;
        QTest::newRow("stop timed out, running")
            << Start::Running << Event::StopTimedOut << false << QStringLiteral("running") << false;
        QTest::newRow("paused") << Start::Running << Event::Paused << true
                                << QStringLiteral("paused") << false;
        QTest::newRow("paused while stopping")
            << Start::Stopping << Event::Paused << true << QStringLiteral("stopping") << false;
        QTest::newRow("paused, stopped")
            << Start::Stopped << Event::Paused << false << QStringLiteral("stopped") << false;
        QTest::newRow("resumed") << Start::Paused << Event::Resumed << true
                                 << QStringLiteral("running") << false;
        QTest::newRow("resumed, running")
            << Start::Running << Event::Resumed << false << QStringLiteral("running") << false;
        QTest::newRow("remove queued, running")
            << Start::Running << Event::RemoveQueued << true << QStringLiteral("running") << true;
        QTest::newRow("remove queued, starting")
            << Start::Starting << Event::RemoveQueued << false << QStringLiteral("stopped") << true;
        QTest::newRow("remove failed") << Start::RemovingRunning << Event::RemoveFailed << true
                                       << QStringLiteral("stopping") << false;
        QTest::newRow("remove failed, not removing")
            << Start::Stopped << Event::RemoveFailed << false << QStringLiteral("stopped") << false;
    }
    void apply()
    {
        QFETCH(Start, start);
        QFETCH(Event, event);
        ContainerState machine = reach(start);
        QTEST(machine.apply(event), "applied");
        QTEST(machine.wireName(), "wire");
        QTEST(machine.busy(), "busy");
    }

    // A stop that outlives its grace while a pause completed meanwhile shows "paused" again.
    void stopTimedOutKeepsAFreezeFromMeanwhile()
    {
        ContainerState machine = reach(Start::Stopping);
        QVERIFY(machine.apply(Event::Paused));
        QCOMPARE(machine.wireName(), QStringLiteral("stopping"));
        QVERIFY(machine.apply(Event::StopTimedOut));
        QCOMPARE(machine.wireName(), QStringLiteral("paused"));
    }

    void observe_data()
    {
        QTest::addColumn<Start>("start");
        QTest::addColumn<ContainerState::Observation>("seen");
        QTest::addColumn<QString>("wire");
        QTest::addColumn<uint>("pid");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("finishReason");
        ContainerState::Observation requested = exitSeen(137);
        requested.stopRequested = true;
        ContainerState::Observation killedWithShim = runningSeen();
        killedWithShim.alive = false;
        ContainerState::Observation frozen = runningSeen();
        frozen.frozen = true;
        QTest::newRow("nothing yet") << Start::Created << ContainerState::Observation{}
                                     << QStringLiteral("created") << 0u << 0 << QString();
        QTest::newRow("started") << Start::Created << runningSeen() << QStringLiteral("running")
                                 << 4242u << 0 << QString();
        QTest::newRow("exited") << Start::Running << exitSeen(3) << QStringLiteral("stopped") << 0u
                                << 3 << QStringLiteral("exited");
        QTest::newRow("stop requested") << Start::Stopping << requested << QStringLiteral("stopped")
                                        << 0u << 137 << QStringLiteral("requested");
        QTest::newRow("oom") << Start::Running << exitSeen(137, true) << QStringLiteral("stopped")
                             << 0u << 137 << QStringLiteral("oom");
        // The shim and the init killed: no exit record, no status to show.
        QTest::newRow("gone without a record")
            << Start::Running << killedWithShim << QStringLiteral("stopped") << 0u << -1
            << QStringLiteral("exited");
        // Alive during a stop's grace: still stopping, not running.
        QTest::newRow("alive while stopping")
            << Start::Stopping << runningSeen() << QStringLiteral("stopping") << 4242u << 0
            << QString();
        // A helper adopting a container the runtime has frozen.
        QTest::newRow("adopted frozen")
            << Start::Created << frozen << QStringLiteral("paused") << 4242u << 0 << QString();
        // A start clearing the last run's files: the last state is shown until started.json.
        QTest::newRow("files cleared")
            << Start::Starting << ContainerState::Observation{} << QStringLiteral("stopped") << 0u
            << 0 << QStringLiteral("exited");
    }
    void observe()
    {
        QFETCH(Start, start);
        QFETCH(ContainerState::Observation, seen);
        ContainerState machine = reach(start);
        machine.observe(seen);
        QTEST(machine.wireName(), "wire");
        QTEST(machine.pid(), "pid");
        QTEST(machine.exitCode(), "exitCode");
        QTEST(machine.finishReason(), "finishReason");
    }

    // A new run forgets the last one's freeze, OOM kill and stop request.
    void spawnedForgetsTheLastRun()
    {
        ContainerState machine;
        machine.observe(runningSeen());
        QVERIFY(machine.requestStop());
        QVERIFY(!machine.requestStop());
        machine.observe(exitSeen(137, true));
        QCOMPARE(machine.finishReason(), QStringLiteral("oom"));
        QVERIFY(machine.apply(Event::StartQueued));
        QVERIFY(machine.apply(Event::Spawned));
        QVERIFY(!machine.oomKilled());
        QVERIFY(machine.requestStop());
    }
};

QTEST_GUILESS_MAIN(TestContainerState)
#include "test_container_state.moc"
