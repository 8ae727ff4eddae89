// The compiled-seccomp cache: a hit returns the very program compile() makes, a stale or
// foreign entry is never used, and an untrusted cache directory is ignored.
#include "glassbox/seccomp.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <sys/stat.h>

using namespace glassbox;

namespace {

oci::Seccomp profile(const char *blocked)
{
    oci::Seccomp config;
    config.defaultAction = oci::SeccompAction::Allow;
    oci::SeccompSyscall rule;
    rule.names = {blocked};
    rule.action = oci::SeccompAction::Errno;
    rule.errnoRet = 1;
    config.syscalls.push_back(rule);
    return config;
}

bool sameProgram(const seccomp::Program &a, const seccomp::Program &b)
{
    if (a.flags != b.flags || a.code.size() != b.code.size())
        return false;
    return std::memcmp(a.code.data(), b.code.data(), a.code.size() * sizeof(sock_filter)) == 0;
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files);
}

} // namespace

class TestSeccompCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hitReturnsTheCompiledProgram();
    void differentProfilesGetDifferentPrograms();
    void entryForAnotherProfileIsNeverUsed();
    void corruptEntryIsRecompiled();
    void untrustedDirectoryIsIgnored();
};

void TestSeccompCache::hitReturnsTheCompiledProgram()
{
    QTemporaryDir dir;
    const std::string cache = (dir.path() + QStringLiteral("/cache")).toStdString();
    auto direct = seccomp::compile(profile("mount"));
    QVERIFY(direct);
    auto first = seccomp::compileCached(profile("mount"), cache);
    QVERIFY(first);
    QCOMPARE(entries(QString::fromStdString(cache)).size(), 1);
    auto second = seccomp::compileCached(profile("mount"), cache);
    QVERIFY(second);
    QVERIFY(sameProgram(*direct, *first));
    QVERIFY(sameProgram(*direct, *second));
    struct stat st
    {
    };
    QCOMPARE(::stat(cache.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0700u);
}

void TestSeccompCache::differentProfilesGetDifferentPrograms()
{
    QTemporaryDir dir;
    const std::string cache = (dir.path() + QStringLiteral("/cache")).toStdString();
    auto mount = seccomp::compileCached(profile("mount"), cache);
    auto reboot = seccomp::compileCached(profile("reboot"), cache);
    QVERIFY(mount && reboot);
    QVERIFY(!sameProgram(*mount, *reboot));
    QCOMPARE(entries(QString::fromStdString(cache)).size(), 2);
}

void TestSeccompCache::entryForAnotherProfileIsNeverUsed()
{
    // Plant the "mount" program under the file name of the "reboot" profile, as a hash
    // collision would: the full-text comparison must reject it.
    QTemporaryDir dir;
    const QString cache = dir.path() + QStringLiteral("/cache");
    QVERIFY(seccomp::compileCached(profile("mount"), cache.toStdString()));
    const QString mountEntry = entries(cache).first();
    QVERIFY(seccomp::compileCached(profile("reboot"), cache.toStdString()));
    QString rebootEntry;
    for (const QString &name : entries(cache))
        if (name != mountEntry)
            rebootEntry = name;
    QVERIFY(QFile::remove(cache + QLatin1Char('/') + rebootEntry));
    QVERIFY(
        QFile::copy(cache + QLatin1Char('/') + mountEntry, cache + QLatin1Char('/') + rebootEntry));
    auto reboot = seccomp::compileCached(profile("reboot"), cache.toStdString());
    auto expected = seccomp::compile(profile("reboot"));
    QVERIFY(reboot && expected);
    QVERIFY(sameProgram(*reboot, *expected));
}

void TestSeccompCache::corruptEntryIsRecompiled()
{
    QTemporaryDir dir;
    const QString cache = dir.path() + QStringLiteral("/cache");
    QVERIFY(seccomp::compileCached(profile("mount"), cache.toStdString()));
    QFile entry(cache + QLatin1Char('/') + entries(cache).first());
    QVERIFY(entry.open(QIODevice::ReadWrite));
    QVERIFY(entry.resize(entry.size() - 3)); // truncated mid-instruction
    entry.close();
    auto program = seccomp::compileCached(profile("mount"), cache.toStdString());
    auto expected = seccomp::compile(profile("mount"));
    QVERIFY(program && expected);
    QVERIFY(sameProgram(*program, *expected));
}

void TestSeccompCache::untrustedDirectoryIsIgnored()
{
    QTemporaryDir dir;
    const QString cache = dir.path() + QStringLiteral("/cache");
    QVERIFY(QDir().mkdir(cache));
    ::chmod(QFile::encodeName(cache).constData(), 0777); // anyone could plant entries
    QVERIFY(seccomp::compileCached(profile("mount"), cache.toStdString()));
    QVERIFY(entries(cache).isEmpty()); // neither read nor written
}

QTEST_GUILESS_MAIN(TestSeccompCache)
#include "test_seccomp_cache.moc"
