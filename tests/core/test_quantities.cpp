// glassbox/quantities.h: the one grammar and range per quantity that glassboxctl, the desktop
// application, the helper and the runtime share. Issue 12, item 7: "1.2.3m" was 1.2 MiB to
// one size parser, "4294967296" uid 0, 2^64-1 bytes "no limit", and signals went through
// atoi. Every row names a case; a refused one must say which text was wrong.
#include "glassbox/quantities.h"

#include <QTest>
#include <csignal>
#include <limits>

using namespace glassbox::quantity;

namespace {

constexpr quint64 kKiB = 1024;
constexpr quint64 kMiB = kKiB * 1024;
constexpr quint64 kGiB = kMiB * 1024;
constexpr quint64 kTiB = kGiB * 1024;
constexpr quint64 kPiB = kTiB * 1024;
constexpr quint64 kInt64Max = 9223372036854775807ull;

/// The row's text as the parsers take it.
std::string text()
{
    return QString::fromUtf8(QTest::currentDataTag()).section(QLatin1Char('|'), 1).toStdString();
}

} // namespace

class TestQuantities : public QObject
{
    Q_OBJECT

private:
    /// Rows named "what|text": the text after the bar is what is parsed, so a failure names it.
    static void row(const char *what, const char *input, bool ok, quint64 value = 0)
    {
        QTest::addRow("%s|%s", what, input) << ok << value;
    }

    /// A refused value's message quotes the text, so the user sees which one was wrong.
    template <typename T> static void checkRefused(const glassbox::Result<T> &result)
    {
        QVERIFY2(!result, "accepted");
        QCOMPARE(result.error().code, EINVAL);
        const std::string quotedText = "`" + text() + "`";
        QVERIFY2(result.error().message.find(quotedText) != std::string::npos,
                 result.error().message.c_str());
    }

private Q_SLOTS:
    void sizes_data()
    {
        QTest::addColumn<bool>("ok");
        QTest::addColumn<quint64>("bytes");
        row("zero", "0", true, 0);
        row("bytes", "1024", true, 1024);
        row("b", "100b", true, 100);
        row("k", "4k", true, 4 * kKiB);
        row("K", "4K", true, 4 * kKiB);
        row("kb", "4kb", true, 4 * kKiB);
        row("KiB", "4KiB", true, 4 * kKiB);
        row("m", "64m", true, 64 * kMiB);
        row("MB", "512MB", true, 512 * kMiB);
        row("g", "2g", true, 2 * kGiB);
        row("GiB", "2GiB", true, 2 * kGiB);
        row("t", "3t", true, 3 * kTiB);
        row("p", "1p", true, kPiB);
        row("space before the unit", "512 kb", true, 512 * kKiB);
        row("fraction", "1.5g", true, 1536 * kMiB);
        row("fraction rounded down", "0.3k", true, 307);
        row("fraction of bytes", "1.9", true, 1);
        row("leading zeros", "007m", true, 7 * kMiB);
        row("max", "9223372036854775807", true, kInt64Max);
        row("max in p", "8191.5p", true, 8191 * kPiB + kPiB / 2);
        row("max+1", "9223372036854775808", false);
        row("2^64-1", "18446744073709551615", false);
        row("2^64", "18446744073709551616", false);
        row("overflow in p", "8192p", false);
        row("overflow of the digits", "99999999999999999999999999t", false);
        row("huge", "99999999t", false);
        row("second fraction", "1.2.3m", false);
        row("point without digits", "1.m", false);
        row("point first", ".5m", false);
        row("negative", "-1", false);
        row("plus", "+1", false);
        row("empty", "", false);
        row("leading space", " 64m", false);
        row("trailing space", "64m ", false);
        row("two spaces", "64  m", false);
        row("tab", "64\tm", false);
        row("unknown unit", "10Q", false);
        row("unit without number", "m", false);
        row("i without prefix", "5ib", false);
        row("two units", "5mk", false);
        row("exponent", "1e3", false);
        row("hex", "0x10", false);
        row("word", "lots", false);
        row("too many decimals", "1.0000000000000000001", false);
    }
    void sizes()
    {
        QFETCH(bool, ok);
        QFETCH(quint64, bytes);
        auto parsed = parseSize(text());
        if (!ok)
            return checkRefused(parsed);
        QVERIFY2(parsed, parsed.error().message.c_str());
        QCOMPARE(quint64(*parsed), bytes);
    }

    void memoryLimits_data()
    {
        QTest::addColumn<quint64>("bytes");
        QTest::addColumn<bool>("ok");
        QTest::newRow("0") << quint64(0) << false;
        QTest::newRow("4 MiB - 1") << quint64(4 * kMiB - 1) << false;
        QTest::newRow("4 MiB") << quint64(4 * kMiB) << true;
        QTest::newRow("int64 max") << kInt64Max << true;
        QTest::newRow("int64 max + 1") << kInt64Max + 1 << false;
        QTest::newRow("2^64-1 (was -1: no limit)") << std::numeric_limits<quint64>::max() << false;
    }
    void memoryLimits()
    {
        QFETCH(quint64, bytes);
        QFETCH(bool, ok);
        auto checked = checkMemoryLimit(bytes);
        QCOMPARE(bool(checked), ok);
        if (!ok)
            QVERIFY2(checked.error().message.find(std::to_string(bytes)) != std::string::npos,
                     checked.error().message.c_str());
    }

    void cpus_data()
    {
        QTest::addColumn<bool>("ok");
        QTest::addColumn<quint64>("quota");
        row("one", "1", true, 100000);
        row("fraction", "1.5", true, 150000);
        row("smallest", "0.01", true, 1000);
        row("five decimals", "0.12345", true, 12345);
        row("max", "10000", true, 1000000000);
        row("max+1", "10001", false);
        row("max with a fraction", "10000.00001", false);
        row("too small", "0.00999", false);
        row("zero", "0", false);
        row("six decimals", "1.000001", false);
        row("negative", "-1", false);
        row("empty", "", false);
        row("point only", ".", false);
        row("trailing point", "1.", false);
        row("leading point", ".5", false);
        row("two points", "1.2.3", false);
        row("space", " 1", false);
        row("exponent", "1e3", false);
        row("hex", "0x10", false);
        row("overflow", "99999999999999999999999", false);
    }
    void cpus()
    {
        QFETCH(bool, ok);
        QFETCH(quint64, quota);
        auto parsed = parseCpus(text());
        if (!ok)
            return checkRefused(parsed);
        QVERIFY2(parsed, parsed.error().message.c_str());
        QCOMPARE(quint64(parsed->quota), quota);
        QCOMPARE(quint64(parsed->period), quint64(kCpuPeriod));
        QVERIFY(checkCpuQuota(parsed->quota));
        QVERIFY(checkCpuPeriod(parsed->period));
    }

    void cpuRanges()
    {
        QVERIFY(checkCpuQuota(-1));
        QVERIFY(!checkCpuQuota(-2));
        QVERIFY(!checkCpuQuota(0));
        QVERIFY(!checkCpuQuota(999));
        QVERIFY(checkCpuQuota(1000));
        QVERIFY(checkCpuQuota(1000000000));
        QVERIFY(!checkCpuQuota(1000000001));
        QVERIFY(!checkCpuQuota(std::numeric_limits<int64_t>::min()));
        QVERIFY(!checkCpuPeriod(999));
        QVERIFY(checkCpuPeriod(1000));
        QVERIFY(checkCpuPeriod(1000000));
        QVERIFY(!checkCpuPeriod(1000001));
        QVERIFY(!checkCpuPeriod(std::numeric_limits<uint64_t>::max()));
    }

    void pidsLimits_data()
    {
        QTest::addColumn<bool>("ok");
        QTest::addColumn<quint64>("limit");
        row("none", "-1", true, quint64(-1));
        row("one", "1", true, 1);
        row("max", "4194304", true, 4194304);
        row("max+1", "4194305", false);
        row("zero", "0", false);
        row("minus two", "-2", false);
        row("empty", "", false);
        row("space", "64 ", false);
        row("hex", "0x10", false);
        row("overflow", "18446744073709551616", false);
    }
    void pidsLimits()
    {
        QFETCH(bool, ok);
        QFETCH(quint64, limit);
        auto parsed = parsePidsLimit(text());
        if (!ok)
            return checkRefused(parsed);
        QVERIFY2(parsed, parsed.error().message.c_str());
        QCOMPARE(quint64(*parsed), limit);
        QVERIFY(checkPidsLimit(*parsed));
    }

    void ids_data()
    {
        QTest::addColumn<bool>("ok");
        QTest::addColumn<quint64>("id");
        row("root", "0", true, 0);
        row("user", "1000", true, 1000);
        row("leading zeros", "0042", true, 42);
        row("max", "4294967294", true, 4294967294u);
        row("(uid_t)-1", "4294967295", false);
        row("2^32 (was uid 0)", "4294967296", false);
        row("2^64", "18446744073709551616", false);
        row("negative", "-1", false);
        row("plus", "+1", false);
        row("exponent", "1e3", false);
        row("hex", "0x10", false);
        row("empty", "", false);
        row("space", " 1", false);
        row("name", "root", false);
    }
    void ids()
    {
        QFETCH(bool, ok);
        QFETCH(quint64, id);
        auto parsed = parseId(text());
        if (!ok)
            return checkRefused(parsed);
        QVERIFY2(parsed, parsed.error().message.c_str());
        QCOMPARE(quint64(*parsed), id);
    }

    void userSpecs_data()
    {
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("user");
        QTest::addColumn<qlonglong>("uid"); // -1: a name
        QTest::addColumn<QString>("group");
        QTest::addColumn<qlonglong>("gid"); // -1: a name or none
        const auto add = [](const char *what, const char *input, bool ok, const char *user = "",
                            qlonglong uid = -1, const char *group = "", qlonglong gid = -1) {
            QTest::addRow("%s|%s", what, input)
                << ok << QString::fromLatin1(user) << uid << QString::fromLatin1(group) << gid;
        };
        add("name", "root", true, "root");
        add("uid", "1000", true, "1000", 1000);
        add("uid:gid", "1000:1000", true, "1000", 1000, "1000", 1000);
        add("name:group", "web:staff", true, "web", -1, "staff");
        add("uid:group", "0:wheel", true, "0", 0, "wheel");
        add("max", "4294967294:4294967294", true, "4294967294", 4294967294ll, "4294967294",
            4294967294ll);
        add("uid 2^32 (was uid 0)", "4294967296", false);
        add("gid 2^32", "0:4294967296", false);
        add("uid (uid_t)-1", "4294967295", false);
        add("empty", "", false);
        add("no user", ":0", false);
        add("empty group", "0:", false);
        add("two colons", "a:b:c", false);
        // Not numbers, so names: whether such a user exists is the image's /etc/passwd's to say.
        add("minus one is a name", "-1", true, "-1");
        add("hex is a name", "0x10", true, "0x10");
        add("exponent is a name", "1e3", true, "1e3");
    }
    void userSpecs()
    {
        QFETCH(bool, ok);
        QFETCH(QString, user);
        QFETCH(qlonglong, uid);
        QFETCH(QString, group);
        QFETCH(qlonglong, gid);
        auto parsed = parseUserSpec(text());
        if (!ok)
            return checkRefused(parsed);
        QVERIFY2(parsed, parsed.error().message.c_str());
        QCOMPARE(QString::fromStdString(parsed->user), user);
        QCOMPARE(parsed->uid ? qlonglong(*parsed->uid) : -1ll, uid);
        QCOMPARE(QString::fromStdString(parsed->group), group);
        QCOMPARE(parsed->gid ? qlonglong(*parsed->gid) : -1ll, gid);
    }

    void signalNames_data()
    {
        QTest::addColumn<bool>("ok");
        QTest::addColumn<quint64>("signal");
        row("number", "9", true, SIGKILL);
        row("one", "1", true, 1);
        row("max", "64", true, 64);
        row("name", "KILL", true, SIGKILL);
        row("SIG name", "SIGTERM", true, SIGTERM);
        row("lower case", "sigterm", true, SIGTERM);
        row("mixed case", "Hup", true, SIGHUP);
        row("RTMIN", "RTMIN", true, quint64(SIGRTMIN));
        row("RTMIN+2", "SIGRTMIN+2", true, quint64(SIGRTMIN + 2));
        row("RTMAX-1", "RTMAX-1", true, quint64(SIGRTMAX - 1));
        row("zero", "0", false);
        row("max+1", "65", false);
        row("2^32+9 (atoi wraps)", "4294967305", false);
        row("negative", "-9", false);
        row("plus", "+9", false);
        row("space", " 9", false);
        row("trailing space", "9 ", false);
        row("hex", "0x9", false);
        row("empty", "", false);
        row("SIG only", "SIG", false);
        row("unknown", "NOPE", false);
        row("RTMIN past RTMAX", "RTMIN+64", false);
        row("RTMIN with a sign", "RTMIN+-1", false);
        row("RTMIN with a space", "RTMIN+ 1", false);
        row("RTMIN without offset", "RTMIN+", false);
        row("RTMIN overflowing", "RTMIN+4294967296", false);
    }
    void signalNames()
    {
        QFETCH(bool, ok);
        QFETCH(quint64, signal);
        auto parsed = parseSignal(text());
        if (!ok)
            return checkRefused(parsed);
        QVERIFY2(parsed, parsed.error().message.c_str());
        QCOMPARE(quint64(*parsed), signal);
        QVERIFY(checkSignal(*parsed));
    }

    void signalRange()
    {
        QVERIFY(!checkSignal(0));
        QVERIFY(checkSignal(1));
        QVERIFY(checkSignal(64));
        QVERIFY(!checkSignal(65));
        QVERIFY(!checkSignal(-1));
    }
};

QTEST_GUILESS_MAIN(TestQuantities)
#include "test_quantities.moc"
