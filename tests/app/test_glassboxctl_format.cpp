// glassboxctl without the helper: argument parsing, CreateContainer options, resolving
// operands, tables, sizes, times and CPU%.
#include "CommandLine.h"
#include "Commands.h"
#include "LogReader.h"
#include "Operands.h"
#include "Quantities.h"
#include "Tables.h"

#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

using namespace glassbox::client;
using namespace glassbox::ctl;

namespace {

QStringList argv(std::initializer_list<const char *> words)
{
    QStringList list{QStringLiteral("glassboxctl")};
    for (const char *word : words)
        list.append(QString::fromUtf8(word));
    return list;
}

ContainerInfo container(const char *id, const char *name, const char *state)
{
    ContainerInfo c;
    c.id = QString::fromLatin1(id);
    c.name = QString::fromLatin1(name);
    c.state = QString::fromLatin1(state);
    return c;
}

} // namespace

class TestGlassboxctlFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerGlassboxDBusTypes(); }

    void globalAndVerbOptions()
    {
        const ParseResult r =
            parseArguments(argv({"--bus-address", "unix:path=/tmp/x", "ps", "-a", "--json"}));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.invocation.verb, QStringLiteral("ps"));
        QCOMPARE(r.invocation.busAddress, QStringLiteral("unix:path=/tmp/x"));
        QVERIFY(r.invocation.json);
        QVERIFY(r.invocation.isSet(QStringLiteral("all")));
        QVERIFY(!r.invocation.isSet(QStringLiteral("quiet")));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("no verb") << argv({}) << QStringLiteral("missing command");
        QTest::newRow("unknown verb")
            << argv({"frobnicate"}) << QStringLiteral("unrecognized command");
        QTest::newRow("unknown option") << argv({"ps", "--bogus"}) << QStringLiteral("bogus");
        QTest::newRow("start without id") << argv({"start"}) << QStringLiteral("wrong number");
        QTest::newRow("top with two") << argv({"top", "a", "b"}) << QStringLiteral("wrong number");
        QTest::newRow("exec without command")
            << argv({"exec", "a"}) << QStringLiteral("wrong number");
    }
    void errors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, fragment);
        const ParseResult r = parseArguments(arguments);
        QVERIFY2(r.error.contains(fragment), qPrintable(r.error));
    }

    void help()
    {
        const ParseResult global = parseArguments(argv({"--help"}));
        QVERIFY(global.error.isEmpty());
        for (const QString &verb : verbs())
            QVERIFY2(global.helpText.contains(QStringLiteral("  ") + verb), qPrintable(verb));
        const ParseResult run = parseArguments(argv({"run", "--help"}));
        QVERIFY(run.helpText.contains(QStringLiteral("--memory")));
    }

    // Options after the image belong to the container's command.
    void runCommandKeepsItsOptions()
    {
        const ParseResult r = parseArguments(
            argv({"run", "--rm", "-e", "A=1", "busybox", "sh", "-c", "echo --json -x"}));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(!r.invocation.json);
        QVERIFY(r.invocation.isSet(QStringLiteral("rm")));
        QCOMPARE(r.invocation.operands,
                 QStringList({QStringLiteral("busybox"), QStringLiteral("sh"), QStringLiteral("-c"),
                              QStringLiteral("echo --json -x")}));
        const ParseResult e = parseArguments(argv({"exec", "web", "ls", "-l"}));
        QCOMPARE(e.invocation.operands,
                 QStringList({QStringLiteral("web"), QStringLiteral("ls"), QStringLiteral("-l")}));
    }

    void createOptionsTyped()
    {
        const ParseResult r = parseArguments(argv({"create",
                                                   "--name",
                                                   "web",
                                                   "-e",
                                                   "A=1",
                                                   "-e",
                                                   "B=2",
                                                   "-w",
                                                   "/srv",
                                                   "-u",
                                                   "1000:1000",
                                                   "--hostname",
                                                   "box",
                                                   "-m",
                                                   "512m",
                                                   "--cpus",
                                                   "1.5",
                                                   "--pids-limit",
                                                   "64",
                                                   "--read-only",
                                                   "--userns-remap",
                                                   "--cap-add",
                                                   "NET_ADMIN,SYS_TIME",
                                                   "--cap-drop",
                                                   "ALL",
                                                   "--security-opt",
                                                   "seccomp=unconfined",
                                                   "-v",
                                                   "data:/data:ro",
                                                   "-v",
                                                   "/etc/hosts:/etc/hosts",
                                                   "busybox",
                                                   "sleep",
                                                   "10"}));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QString error;
        const QVariantMap options = createOptions(r.invocation, QStringLiteral("/home/u"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!options.contains(QStringLiteral("Name"))); // CreateContainer's own argument
        QCOMPARE(r.invocation.value(QStringLiteral("name")), QStringLiteral("web"));
        QCOMPARE(options.value(QStringLiteral("Command")).toStringList(),
                 QStringList({QStringLiteral("sleep"), QStringLiteral("10")}));
        QCOMPARE(options.value(QStringLiteral("Env")).toStringList(),
                 QStringList({QStringLiteral("A=1"), QStringLiteral("B=2")}));
        QCOMPARE(options.value(QStringLiteral("WorkingDir")).toString(), QStringLiteral("/srv"));
        QCOMPARE(options.value(QStringLiteral("User")).toString(), QStringLiteral("1000:1000"));
        QCOMPARE(options.value(QStringLiteral("Hostname")).toString(), QStringLiteral("box"));
        // The contract's D-Bus types: t, x, b, as.
        QCOMPARE(options.value(QStringLiteral("MemoryLimit")).metaType(),
                 QMetaType::fromType<qulonglong>());
        QCOMPARE(options.value(QStringLiteral("MemoryLimit")).toULongLong(), 512ull << 20);
        QCOMPARE(options.value(QStringLiteral("CpuQuota")).metaType(),
                 QMetaType::fromType<qlonglong>());
        QCOMPARE(options.value(QStringLiteral("CpuQuota")).toLongLong(), 150000);
        QCOMPARE(options.value(QStringLiteral("CpuPeriod")).metaType(),
                 QMetaType::fromType<qulonglong>());
        QCOMPARE(options.value(QStringLiteral("CpuPeriod")).toULongLong(), 100000u);
        QCOMPARE(options.value(QStringLiteral("PidsLimit")).metaType(),
                 QMetaType::fromType<qlonglong>());
        QCOMPARE(options.value(QStringLiteral("PidsLimit")).toLongLong(), 64);
        QCOMPARE(options.value(QStringLiteral("ReadOnly")), QVariant(true));
        QCOMPARE(options.value(QStringLiteral("UserNamespace")), QVariant(true));
        QCOMPARE(options.value(QStringLiteral("CapAdd")).toStringList(),
                 QStringList({QStringLiteral("NET_ADMIN"), QStringLiteral("SYS_TIME")}));
        QCOMPARE(options.value(QStringLiteral("CapDrop")).toStringList(),
                 QStringList{QStringLiteral("ALL")});
        QCOMPARE(options.value(QStringLiteral("Seccomp")).toString(), QStringLiteral("unconfined"));
        const auto mounts = options.value(QStringLiteral("BindMounts")).value<QList<BindMount>>();
        QCOMPARE(mounts.size(), 2);
        QCOMPARE(mounts[0],
                 (BindMount{QStringLiteral("/home/u/data"), QStringLiteral("/data"), true}));
        QCOMPARE(mounts[1],
                 (BindMount{QStringLiteral("/etc/hosts"), QStringLiteral("/etc/hosts"), false}));
    }

    void createOptionsRejected_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("memory") << argv({"create", "-m", "lots", "img"});
        QTest::newRow("zero memory") << argv({"create", "-m", "0", "img"});
        QTest::newRow("cpus") << argv({"create", "--cpus", "-1", "img"});
        QTest::newRow("pids") << argv({"create", "--pids-limit", "x", "img"});
        // Issue 12, item 7: one grammar and range per quantity, the helper's.
        QTest::newRow("second fraction") << argv({"create", "-m", "1.2.3m", "img"});
        QTest::newRow("unknown unit") << argv({"create", "-m", "10Q", "img"});
        QTest::newRow("below 4 MiB") << argv({"create", "-m", "2m", "img"});
        QTest::newRow("memory 2^64-1") << argv({"create", "-m", "18446744073709551615", "img"});
        QTest::newRow("too few cpus") << argv({"create", "--cpus", "0.001", "img"});
        QTest::newRow("zero pids") << argv({"create", "--pids-limit", "0", "img"});
        QTest::newRow("uid 2^32") << argv({"create", "-u", "4294967296", "img"});
        QTest::newRow("gid 2^32") << argv({"create", "-u", "0:4294967296", "img"});
        QTest::newRow("security opt") << argv({"create", "--security-opt", "label=disable", "img"});
        QTest::newRow("volume relative target") << argv({"create", "-v", "/a:b", "img"});
        QTest::newRow("volume mode") << argv({"create", "-v", "/a:/b:rx", "img"});
    }
    void createOptionsRejected()
    {
        QFETCH(QStringList, arguments);
        const ParseResult r = parseArguments(arguments);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QString error;
        createOptions(r.invocation, QStringLiteral("/"), &error);
        QVERIFY(!error.isEmpty());
    }

    void sizes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<quint64>("bytes");
        QTest::newRow("plain") << QStringLiteral("1024") << true << quint64(1024);
        QTest::newRow("k") << QStringLiteral("4k") << true << quint64(4096);
        QTest::newRow("MB") << QStringLiteral("512MB") << true << quint64(512) * 1024 * 1024;
        QTest::newRow("fraction") << QStringLiteral("1.5g") << true << quint64(1536) * 1024 * 1024;
        QTest::newRow("negative") << QStringLiteral("-1") << false << quint64(0);
        QTest::newRow("word") << QStringLiteral("big") << false << quint64(0);
        QTest::newRow("huge") << QStringLiteral("99999999t") << false << quint64(0);
        QTest::newRow("second fraction") << QStringLiteral("1.2.3m") << false << quint64(0);
        QTest::newRow("space around") << QStringLiteral(" 64m ") << false << quint64(0);
    }
    void sizes()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(quint64, bytes);
        quint64 parsed = 0;
        QCOMPARE(parseSize(text, &parsed), ok);
        if (ok)
            QCOMPARE(parsed, bytes);
    }

    void signals_()
    {
        int s = 0;
        QVERIFY(parseSignal(QStringLiteral("KILL"), &s));
        QCOMPARE(s, SIGKILL);
        QVERIFY(parseSignal(QStringLiteral("sigterm"), &s));
        QCOMPARE(s, SIGTERM);
        QVERIFY(parseSignal(QStringLiteral("10"), &s));
        QCOMPARE(s, 10);
        QVERIFY(!parseSignal(QStringLiteral("0"), &s));
        QVERIFY(!parseSignal(QStringLiteral("NOPE"), &s));
        // Was QString::toInt: "4294967305" is no signal 9, and the reason names the text.
        QString why;
        QVERIFY(!parseSignal(QStringLiteral("4294967305"), &s, &why));
        QVERIFY2(why.contains(QStringLiteral("`4294967305`")), qPrintable(why));
    }

    void resolveContainers()
    {
        const QList<ContainerInfo> list = {container("abc123", "web", "running"),
                                           container("abd456", "db", "stopped"),
                                           container("fff000", "abc", "created")};
        QString error;
        QCOMPARE(resolveContainer(list, QStringLiteral("web"), &error)->id,
                 QStringLiteral("abc123"));
        // A name wins over an id prefix, as in podman.
        QCOMPARE(resolveContainer(list, QStringLiteral("abc"), &error)->id,
                 QStringLiteral("fff000"));
        QCOMPARE(resolveContainer(list, QStringLiteral("abd"), &error)->id,
                 QStringLiteral("abd456"));
        QVERIFY(!resolveContainer(list, QStringLiteral("ab"), &error));
        QVERIFY2(error.contains(QStringLiteral("more than one")), qPrintable(error));
        QVERIFY(!resolveContainer(list, QStringLiteral("zzz"), &error));
        QCOMPARE(error,
                 QStringLiteral("no container with name or ID \"zzz\" found: no such container"));
    }

    void resolveImages()
    {
        ImageInfo busybox;
        busybox.id = QStringLiteral("sha256:0123456789abcdef0123");
        busybox.tags = {QStringLiteral("docker.io/library/busybox:latest")};
        ImageInfo local;
        local.id = QStringLiteral("sha256:0129999999999999");
        local.tags = {QStringLiteral("localhost/tool:1.0")};
        const QList<ImageInfo> list = {busybox, local};
        QString error;
        QCOMPARE(resolveImage(list, QStringLiteral("busybox"), &error), &list[0]);
        QCOMPARE(resolveImage(list, QStringLiteral("busybox:latest"), &error), &list[0]);
        QCOMPARE(resolveImage(list, QStringLiteral("tool:1.0"), &error), &list[1]);
        QCOMPARE(resolveImage(list, QStringLiteral("01234"), &error), &list[0]);
        QCOMPARE(resolveImage(list, QStringLiteral("sha256:0123456789abcdef0123"), &error),
                 &list[0]);
        QVERIFY(!resolveImage(list, QStringLiteral("012"), &error));
        QVERIFY(!resolveImage(list, QStringLiteral("tool"), &error)); // tool:latest does not exist
        QCOMPARE(error, QStringLiteral("tool: image not known"));
    }

    void table()
    {
        Table t({QStringLiteral("A"), QStringLiteral("LONG HEADER"), QStringLiteral("C")});
        t.addRow({QStringLiteral("wide cell"), QStringLiteral("x"), QStringLiteral("")});
        QCOMPARE(t.render(), QStringLiteral("A          LONG HEADER  C\n"
                                            "wide cell  x\n"));
    }

    void humanSizes_data()
    {
        QTest::addColumn<quint64>("bytes");
        QTest::addColumn<QString>("text");
        QTest::newRow("0") << quint64(0) << QStringLiteral("0 B");
        QTest::newRow("999") << quint64(999) << QStringLiteral("999 B");
        QTest::newRow("1000") << quint64(1000) << QStringLiteral("1 kB");
        QTest::newRow("1450") << quint64(1450) << QStringLiteral("1.45 kB");
        QTest::newRow("12.3M") << quint64(12345678) << QStringLiteral("12.3 MB");
        QTest::newRow("2G") << quint64(2000000000) << QStringLiteral("2 GB");
    }
    void humanSizes()
    {
        QFETCH(quint64, bytes);
        QFETCH(QString, text);
        QCOMPARE(humanSize(bytes), text);
    }

    void durations_data()
    {
        QTest::addColumn<quint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("0") << quint64(0) << QStringLiteral("Less than a second");
        QTest::newRow("5 s") << quint64(5) << QStringLiteral("5 seconds");
        QTest::newRow("61 s") << quint64(61) << QStringLiteral("About a minute");
        QTest::newRow("12 min") << quint64(12 * 60) << QStringLiteral("12 minutes");
        QTest::newRow("1 h") << quint64(3600) << QStringLiteral("About an hour");
        QTest::newRow("5 h") << quint64(5 * 3600) << QStringLiteral("5 hours");
        QTest::newRow("3 d") << quint64(3 * 86400) << QStringLiteral("3 days");
        QTest::newRow("3 w") << quint64(21 * 86400) << QStringLiteral("3 weeks");
        QTest::newRow("3 y") << quint64(3 * 365 * 86400) << QStringLiteral("3 years");
    }
    void durations()
    {
        QFETCH(quint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(humanDuration(seconds * 1000000), text);
    }

    void status()
    {
        const quint64 now = 1'000'000'000'000'000ull;
        ContainerInfo c = container("a", "a", "running");
        c.startedAt = now - 300'000'000ull;
        QCOMPARE(statusText(c, now), QStringLiteral("Up 5 minutes"));
        c.state = QStringLiteral("paused");
        QCOMPARE(statusText(c, now), QStringLiteral("Up 5 minutes (paused)"));
        c.state = QStringLiteral("stopped");
        c.exitCode = 137;
        c.finishedAt = now - 3'000'000ull;
        QCOMPARE(statusText(c, now), QStringLiteral("Exited (137) 3 seconds ago"));
        c.state = QStringLiteral("created");
        QCOMPARE(statusText(c, now), QStringLiteral("Created"));
    }

    void psTableColumns()
    {
        const quint64 now = 1'000'000'000'000'000ull;
        ContainerInfo c = container("0123456789abcdef", "web", "running");
        c.image = QStringLiteral("busybox");
        c.command = {QStringLiteral("sleep"), QStringLiteral("1000")};
        c.created = c.startedAt = now - 10'000'000ull;
        const QStringList lines = psTable({c}, now).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].startsWith(QStringLiteral("CONTAINER ID  IMAGE")));
        QVERIFY(lines[1].startsWith(QStringLiteral("0123456789ab  busybox")));
        QVERIFY(lines[1].contains(QStringLiteral("sleep 1000")));
        QVERIFY(lines[1].contains(QStringLiteral("10 seconds ago")));
        QVERIFY(lines[1].contains(QStringLiteral("Up 10 seconds")));
        QVERIFY(lines[1].endsWith(QStringLiteral("web")));
    }

    void imagesTableSplitsTags()
    {
        ImageInfo image;
        image.id = QStringLiteral("sha256:0123456789abcdef");
        image.tags = {QStringLiteral("localhost:5000/tool:1.0")};
        image.size = 1450000;
        const QString text = imagesTable({image, ImageInfo{}}, 0);
        QVERIFY2(text.contains(QStringLiteral("localhost:5000/tool  1.0")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("0123456789ab")));
        QVERIFY(text.contains(QStringLiteral("1.45 MB")));
        QVERIFY(QRegularExpression(QStringLiteral("\n<none> +<none> +\n?")).match(text).hasMatch());
    }

    // 100% is one core: 2 s of CPU in 1 s of wall time is 200%.
    void cpu()
    {
        StatsSample a{QStringLiteral("x"), 1'000'000'000, 0, 0, 0, 0, 0, 5'000'000'000};
        StatsSample b = a;
        b.cpuNs += 2'000'000'000;
        b.timeNs += 1'000'000'000;
        QCOMPARE(CpuMeter::percent(a, b).value_or(-1), 200.0);
        QCOMPARE(CpuMeter::percent(a, a).value_or(-1), -1.0);
        b.memoryBytes = 256 << 20;
        b.memoryLimit = 512 << 20;
        b.pids = 3;
        b.pidsLimit = 64;
        const QString text = statsTable({a}, {b}, {container("x", "web", "running")});
        QVERIFY2(text.contains(QStringLiteral("CPU % (100% = 1 core)")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("200.00%")));
        QVERIFY(text.contains(QStringLiteral("268 MB / 537 MB")));
        QVERIFY(text.contains(QStringLiteral("50.00%")));
        QVERIFY(text.contains(QStringLiteral("3 / 64")));
        const QJsonArray json = statsJson({}, {b}, {});
        QVERIFY(json.at(0).toObject().value(QStringLiteral("cpu_percent")).isNull());
    }

    void logLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("isStderr");
        QTest::addColumn<QByteArray>("time");
        QTest::addColumn<bool>("partial");
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("stdout") << QByteArray("2026-11-29T05:01:02.123456789Z stdout F hello")
                                << false << QByteArray("2026-11-29T05:01:02.123456789Z") << false
                                << QByteArray("hello");
        QTest::newRow("stderr piece")
            << QByteArray("2026-11-29T05:01:02.5Z stderr P a b ") << true
            << QByteArray("2026-11-29T05:01:02.5Z") << true << QByteArray("a b ");
        QTest::newRow("empty line")
            << QByteArray("2026-11-29T05:01:02.000000001Z stdout F ") << false
            << QByteArray("2026-11-29T05:01:02.000000001Z") << false << QByteArray();
        // A log written before records existed: the whole line is output.
        QTest::newRow("plain") << QByteArray("plain old output") << false << QByteArray() << false
                               << QByteArray("plain old output");
        QTest::newRow("unknown stream")
            << QByteArray("2026-11-29T05:01:02.1Z stdin F x") << false << QByteArray() << false
            << QByteArray("2026-11-29T05:01:02.1Z stdin F x");
        QTest::newRow("not a time") << QByteArray("today stdout F x") << false << QByteArray()
                                    << false << QByteArray("today stdout F x");
    }

    void logLines()
    {
        QFETCH(QByteArray, line);
        const LogRecord record = parseLogLine(line);
        QFETCH(bool, isStderr);
        QCOMPARE(record.stream == LogRecord::Stream::Stderr, isStderr);
        QTEST(record.time, "time");
        QTEST(record.partial, "partial");
        QTEST(record.content, "content");
    }

    void logReaderWaitsForWholeLines()
    {
        LogReader reader;
        QVERIFY(
            reader.feed("2026-11-29T05:01:02.1Z stdout F one\n2026-11-29T05:01:02.2Z std").size() ==
            1);
        const QList<LogRecord> rest = reader.feed("err F two\n2026-11-29T05:01:02.3Z stdout P th");
        QCOMPARE(rest.size(), 1);
        QCOMPARE(rest[0].stream, LogRecord::Stream::Stderr);
        QCOMPARE(rest[0].text(), QByteArray("two\n"));
        const QList<LogRecord> last = reader.flush();
        QCOMPARE(last.size(), 1);
        QCOMPARE(last[0].content, QByteArray("th")); // cut mid-record: what there is
        // Plain text without a final newline stays without one.
        QCOMPARE(reader.feed("no newline").size(), 0);
        QCOMPARE(reader.flush().value(0).text(), QByteArray("no newline"));
    }

    // What a container controls (file names, command lines, log lines) cannot drive the
    // user's terminal: escape sequences are shown, not obeyed.
    void terminalSafe_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("shown");
        QTest::newRow("plain text") << QByteArray("hello, world") << QByteArray("hello, world");
        QTest::newRow("newline and tab kept") << QByteArray("a\tb\nc\n") << QByteArray("a\tb\nc\n");
        QTest::newRow("UTF-8 kept") << QByteArray("gr\xc3\xbc\xc3\x9f \xf0\x9f\x93\xa6")
                                    << QByteArray("gr\xc3\xbc\xc3\x9f \xf0\x9f\x93\xa6");
        QTest::newRow("window title (OSC)")
            << QByteArray("\x1b]0;pwned\x07ls") << QByteArray("\\x1b]0;pwned\\x07ls");
        QTest::newRow("clear screen (CSI)")
            << QByteArray("\x1b[2J\x1b[H") << QByteArray("\\x1b[2J\\x1b[H");
        QTest::newRow("carriage return overwrites the line")
            << QByteArray("evil\rgood") << QByteArray("evil\\x0dgood");
        QTest::newRow("DEL") << QByteArray("a\x7f") << QByteArray("a\\x7f");
        QTest::newRow("C1 CSI as UTF-8") << QByteArray("\xc2\x9bm") << QByteArray("\\u{009b}m");
        QTest::newRow("right-to-left override")
            << QByteArray("invoice\xe2\x80\xaetxt.exe") << QByteArray("invoice\\u{202e}txt.exe");
        QTest::newRow("raw 8-bit CSI, not UTF-8") << QByteArray("\x9bm") << QByteArray("\\x9bm");
        QTest::newRow("overlong encoding") << QByteArray("\xc0\x80") << QByteArray("\\xc0\\x80");
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QByteArray("\\xed\\xa0\\x80");
        QTest::newRow("cut sequence at the end")
            << QByteArray("a\xe2\x80") << QByteArray("a\\xe2\\x80");
        QTest::newRow("forged escape is doubled")
            << QByteArray("\\x1b and \\u{202e}") << QByteArray("\\\\x1b and \\\\u{202e}");
        QTest::newRow("other backslashes kept")
            << QByteArray("C:\\dir\\n") << QByteArray("C:\\dir\\n");
    }

    void terminalSafe()
    {
        QFETCH(QByteArray, input);
        QTEST(glassbox::ctl::terminalSafe(input), "shown");
    }

    // Terminals get the escaped form; pipes and files get the bytes as the container wrote
    // them (for scripts and --json consumers).
    void escapedOnlyOnTerminals()
    {
        const QByteArray title("\x1b]0;pwned\x07");
        int master = -1, slave = -1;
        QVERIFY(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
        QCOMPARE(glassbox::ctl::forOutput(slave, title), QByteArray("\\x1b]0;pwned\\x07"));
        ::close(master);
        ::close(slave);
        int pipe[2];
        QVERIFY(::pipe2(pipe, O_CLOEXEC) == 0);
        QCOMPARE(glassbox::ctl::forOutput(pipe[1], title), title);
        ::close(pipe[0]);
        ::close(pipe[1]);
    }

    void diffLines()
    {
        QCOMPARE(diffText({{QStringLiteral("A"), QStringLiteral("/new"), false, 3},
                           {QStringLiteral("D"), QStringLiteral("/etc/motd"), false, 0}}),
                 QStringLiteral("A /new\nD /etc/motd\n"));
    }
};

QTEST_GUILESS_MAIN(TestGlassboxctlFormat)
#include "test_glassboxctl_format.moc"
