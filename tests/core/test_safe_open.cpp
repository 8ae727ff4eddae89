// glassbox/safe_open.h: openat2 with RESOLVE_BENEATH and RESOLVE_IN_ROOT over a tree with
// hostile symlinks, and reads that stop at a cap. No root needed.
#include "glassbox/file_io.h"
#include "glassbox/safe_open.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <fcntl.h>
#include <linux/openat2.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using namespace glassbox;

class TestSafeOpen : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void resolve_data();
    void resolve();
    void createsWithMode();
    void errorNamesWhatWasOpened();
    void readsStopAtTheCap();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    UniqueFd m_root;
};

// <tmp>/etc/passwd ("inside"), and symlinks out: up, absolute, and through /proc.
void TestSafeOpen::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString root = m_dir->path();
    QVERIFY(QDir(root).mkpath(QStringLiteral("etc")));
    QFile passwd(root + QStringLiteral("/etc/passwd"));
    QVERIFY(passwd.open(QIODevice::WriteOnly));
    passwd.write("inside\n");
    passwd.close();
    QVERIFY(QFile::link(QStringLiteral("../../.."), root + QStringLiteral("/up")));
    QVERIFY(QFile::link(QStringLiteral("/etc/passwd"), root + QStringLiteral("/absolute")));
    QVERIFY(
        QFile::link(QStringLiteral("/proc/self/root/etc/passwd"), root + QStringLiteral("/magic")));
    m_root =
        UniqueFd(::open(QFile::encodeName(root).constData(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    QVERIFY(m_root.get() >= 0);
}

void TestSafeOpen::resolve_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("inRoot");
    QTest::addColumn<int>("error"); ///< 0: opens, and reads "inside" where it is a file
    QTest::newRow("beneath: a file") << QStringLiteral("etc/passwd") << false << 0;
    QTest::newRow("beneath: the directory itself") << QString() << false << 0;
    QTest::newRow("beneath: `..`") << QStringLiteral("../x") << false << EXDEV;
    QTest::newRow("beneath: symlink up") << QStringLiteral("up/etc/passwd") << false << EXDEV;
    QTest::newRow("beneath: absolute symlink") << QStringLiteral("absolute") << false << EXDEV;
    QTest::newRow("in root: absolute symlink stays inside")
        << QStringLiteral("absolute") << true << 0;
    QTest::newRow("in root: `..` stops at the root")
        << QStringLiteral("../../etc/passwd") << true << 0;
    // /proc/self/root read inside the tree, where there is no /proc: never the host's.
    QTest::newRow("in root: /proc/self/root is the tree's")
        << QStringLiteral("magic") << true << ENOENT;
}

void TestSafeOpen::resolve()
{
    QFETCH(QString, path);
    QFETCH(bool, inRoot);
    QFETCH(int, error);
    const uint64_t resolve = (inRoot ? RESOLVE_IN_ROOT : RESOLVE_BENEATH) | RESOLVE_NO_MAGICLINKS;
    auto fd = openat2Resolved(m_root.get(), path.toStdString(), O_RDONLY, resolve);
    if (error != 0) {
        QVERIFY(!fd);
        QCOMPARE(fd.error().code, error);
        return;
    }
    QVERIFY2(fd, fd ? "" : fd.error().text().c_str());
    struct stat st
    {
    };
    QCOMPARE(::fstat(fd->get(), &st), 0);
    if (S_ISREG(st.st_mode)) {
        auto text = readBounded(fd->get(), 100, path.toStdString());
        QVERIFY2(text, text ? "" : text.error().text().c_str());
        QCOMPARE(*text, std::string("inside\n"));
    }
}

void TestSafeOpen::createsWithMode()
{
    const mode_t previous = ::umask(0);
    auto fd = openat2Resolved(m_root.get(), "etc/new", O_WRONLY | O_CREAT | O_EXCL, RESOLVE_BENEATH,
                              0640);
    ::umask(previous);
    QVERIFY2(fd, fd ? "" : fd.error().text().c_str());
    struct stat st
    {
    };
    QCOMPARE(::fstat(fd->get(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0640));
    QVERIFY(::fcntl(fd->get(), F_GETFD) & FD_CLOEXEC);
}

void TestSafeOpen::errorNamesWhatWasOpened()
{
    auto plain = openat2Resolved(m_root.get(), "missing", O_RDONLY, RESOLVE_BENEATH);
    QVERIFY(!plain);
    QCOMPARE(plain.error().code, ENOENT);
    QCOMPARE(plain.error().message, std::string("open `missing`"));
    auto told = openat2Resolved(m_root.get(), "missing", O_RDONLY, RESOLVE_IN_ROOT, 0,
                                "`/missing` in the container's root");
    QVERIFY(!told);
    QCOMPARE(told.error().message, std::string("open `/missing` in the container's root"));
}

void TestSafeOpen::readsStopAtTheCap()
{
    const std::string path = (m_dir->path() + QStringLiteral("/etc/passwd")).toStdString();
    auto whole = readFileAt(AT_FDCWD, path, 7);
    QVERIFY2(whole, whole ? "" : whole.error().text().c_str());
    QCOMPARE(*whole, std::string("inside\n"));
    auto capped = readFileAt(AT_FDCWD, path, 6);
    QVERIFY(!capped);
    QCOMPARE(capped.error().code, EFBIG);
    QCOMPARE(capped.error().message, "`" + path + "` is larger than 6 bytes");
}

QTEST_GUILESS_MAIN(TestSafeOpen)
#include "test_safe_open.moc"
