// glassbox::spawn (core/src/spawn.cpp): posix_spawn with the output captured, as the runtime's
// `ps`, the busybox image and the helper's ChildProcess use it. No root needed.
#include "glassbox/spawn.h"

#include <QTest>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <pthread.h>
#include <sys/wait.h>

using namespace glassbox;

class TestSpawn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void captureOutput_data();
    void captureOutput();
    void failureNamesTheCommand();
    void missingProgram();
    void outputIsCapped();
    void signalsAreReset_data();
    void signalsAreReset();
    void nonBlockingOutput();
    void aHungProgramIsKilledAtItsTimeout();
};

void TestSpawn::captureOutput_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<bool>("searchPath");
    QTest::addColumn<bool>("mergeStderr");
    QTest::addColumn<QString>("expected");
    const QString script = QStringLiteral("echo out; echo err >&2");
    QTest::newRow("absolute path") << QStringList{QStringLiteral("/bin/echo"), QStringLiteral("hi")}
                                   << false << false << QStringLiteral("hi\n");
    QTest::newRow("found on PATH") << QStringList{QStringLiteral("echo"), QStringLiteral("hi")}
                                   << true << false << QStringLiteral("hi\n");
    QTest::newRow("stderr inherited")
        << QStringList{QStringLiteral("/bin/sh"), QStringLiteral("-c"), script} << false << false
        << QStringLiteral("out\n");
    QTest::newRow("stderr merged")
        << QStringList{QStringLiteral("/bin/sh"), QStringLiteral("-c"), script} << false << true
        << QStringLiteral("out\nerr\n");
    // stdin is /dev/null: cat ends at once instead of reading the test's stdin.
    QTest::newRow("stdin from /dev/null")
        << QStringList{QStringLiteral("/bin/cat")} << false << false << QString();
}

void TestSpawn::captureOutput()
{
    QFETCH(QStringList, argv);
    QFETCH(bool, searchPath);
    QFETCH(bool, mergeStderr);
    QFETCH(QString, expected);
    std::vector<std::string> args;
    for (const QString &arg : argv)
        args.push_back(arg.toStdString());
    auto output = spawn::capture(
        args, {.searchPath = searchPath, .mergeStderr = mergeStderr, .stdinDevNull = true}, 4096);
    QVERIFY2(output, output ? "" : output.error().text().c_str());
    QCOMPARE(QString::fromStdString(*output), expected);
}

void TestSpawn::failureNamesTheCommand()
{
    auto output =
        spawn::capture({"/bin/sh", "-c", "echo oops >&2; exit 3"}, {.mergeStderr = true}, 4096);
    QVERIFY(!output);
    QCOMPARE(QString::fromStdString(output.error().message),
             QStringLiteral("`/bin/sh -c echo oops >&2; exit 3` failed: oops\n"));

    auto finished = spawn::run({"/bin/sh", "-c", "exit 3"}, {}, 4096);
    QVERIFY2(finished, finished ? "" : finished.error().text().c_str());
    QVERIFY(WIFEXITED(finished->status));
    QCOMPARE(WEXITSTATUS(finished->status), 3);
}

void TestSpawn::missingProgram()
{
    auto output = spawn::capture({"/nonexistent/program"}, {}, 4096);
    QVERIFY(!output);
    QCOMPARE(output.error().code, ENOENT);
    QCOMPARE(QString::fromStdString(output.error().message),
             QStringLiteral("spawn `/nonexistent/program`"));
}

// A program that never stops writing is killed at the cap, not read forever.
void TestSpawn::outputIsCapped()
{
    const auto started = std::chrono::steady_clock::now();
    auto output = spawn::capture({"/usr/bin/yes"}, {}, 100000);
    QVERIFY(!output);
    QCOMPARE(output.error().code, EFBIG);
    QVERIFY2(
        QString::fromStdString(output.error().message).contains(QStringLiteral("100000 bytes")),
        output.error().message.c_str());
    QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
}

void TestSpawn::signalsAreReset_data()
{
    QTest::addColumn<bool>("resetSignals");
    QTest::addColumn<bool>("blockedInChild");
    QTest::newRow("reset") << true << false;
    QTest::newRow("inherited") << false << true;
}

// The helper's threads block signals; the shim it spawns must not start with them blocked.
void TestSpawn::signalsAreReset()
{
    QFETCH(bool, resetSignals);
    QFETCH(bool, blockedInChild);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigset_t previous;
    QCOMPARE(::pthread_sigmask(SIG_BLOCK, &usr1, &previous), 0);
    auto output = spawn::capture({"/bin/grep", "SigBlk", "/proc/self/status"},
                                 {.resetSignals = resetSignals}, 4096);
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    QVERIFY2(output, output ? "" : output.error().text().c_str());
    const QString line = QString::fromStdString(*output).trimmed();
    // SIGUSR1 is signal 10: bit 9 of the mask, the third hex digit from the right.
    const bool blocked = (line.section(QLatin1Char('\t'), 1).toULongLong(nullptr, 16) & 0x200) != 0;
    QVERIFY2(blocked == blockedInChild, qPrintable(line));
}

void TestSpawn::nonBlockingOutput()
{
    auto child = spawn::start({"/bin/true"}, {.nonBlockingOutput = true});
    QVERIFY2(child, child ? "" : child.error().text().c_str());
    const int flags = ::fcntl(child->output.get(), F_GETFL);
    int status = 0;
    QCOMPARE(::waitpid(child->pid, &status, 0), child->pid);
    QVERIFY(flags & O_NONBLOCK);
}

// netavark waiting forever (on the iptables lock, say) must not hold a container's start: the
// program is killed at the caller's timeout and the error says so.
void TestSpawn::aHungProgramIsKilledAtItsTimeout()
{
    const auto started = std::chrono::steady_clock::now();
    auto output = spawn::capture({"/bin/sleep", "30"}, {.timeoutMs = 300}, 4096);
    const auto took = std::chrono::steady_clock::now() - started;
    QVERIFY(!output);
    QCOMPARE(output.error().code, ETIMEDOUT);
    QVERIFY2(output.error().message.find("did not end within 300 ms") != std::string::npos,
             output.error().message.c_str());
    QVERIFY(took < std::chrono::seconds(5));
    // A program that ends in time is read as without a timeout.
    auto quick = spawn::capture({"/bin/echo", "in time"}, {.timeoutMs = 5000}, 4096);
    QVERIFY(quick);
    QCOMPARE(*quick, std::string("in time\n"));
}

QTEST_GUILESS_MAIN(TestSpawn)
#include "test_spawn.moc"
