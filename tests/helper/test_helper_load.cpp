// glassbox-helper under load (issue 12 item 5, "one client can stall everyone"): while one
// client has a 200 000-file layer analysed, another imports from a pipe that trickles bytes and
// a third holds a container's lock against a Remove, every other client's GetManagedObjects and
// GetStats must still be answered within 100 ms. The real helper, shim and runtime on a private
// system bus with the real polkitd, as root (the TestSystemBus fixture).
#include "helper_calls.h"
#include "helper_process.h"
#include "system_bus.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QDBusPendingCallWatcher>
#include <QDBusUnixFileDescriptor>
#include <QDBusVariant>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

using namespace glassbox::test;

namespace {

/// What every other client may wait for an answer while the helper is busy elsewhere.
/// The analysed layer: kDirectories directories of kFilesPerDirectory files.
constexpr int kDirectories = 200;
constexpr int kFilesPerDirectory = 1000;

const QString kImage = QStringLiteral("org.glassbox.Image1");
const QString kObjectManager = QStringLiteral("org.freedesktop.DBus.ObjectManager");

/// One ustar header block for `name`: a directory or a regular file of `size` bytes.
QByteArray tarHeader(const QByteArray &name, bool directory, quint64 size)
{
    QByteArray block(512, '\0');
    char *h = block.data();
    std::memcpy(h, name.constData(), size_t(qMin<qsizetype>(name.size(), 99)));
    std::snprintf(h + 100, 8, "%07o", directory ? 0755 : 0644);
    std::snprintf(h + 108, 8, "%07o", 0);
    std::snprintf(h + 116, 8, "%07o", 0);
    std::snprintf(h + 124, 12, "%011llo", static_cast<unsigned long long>(size));
    std::snprintf(h + 136, 12, "%011o", 1700000000);
    h[156] = directory ? '5' : '0';
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; ++i)
        sum += static_cast<unsigned char>(block.at(i));
    std::snprintf(h + 148, 8, "%06o", sum);
    h[155] = ' ';
    return block;
}

/// A rootfs tar of kDirectories x kFilesPerDirectory empty files, written directly (creating
/// them and running tar takes minutes). Empty: files with blocks take minutes to delete on a
/// file system mounted with discard, and an analysis visits each entry all the same.
bool writeBigTar(const QString &path)
{
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    QByteArray chunk;
    for (int d = 0; d < kDirectories; ++d) {
        const QByteArray dir = "d" + QByteArray::number(d);
        chunk += tarHeader(dir + '/', true, 0);
        for (int f = 0; f < kFilesPerDirectory; ++f)
            chunk += tarHeader(dir + "/f" + QByteArray::number(f), false, 0);
        if (out.write(chunk) != chunk.size())
            return false;
        chunk.clear();
    }
    return out.write(QByteArray(1024, '\0')) == 1024;
}

bool writeAll(int fd, const QByteArray &data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

/// The longest answer of a series of calls.
struct Latency
{
    qint64 maxMs = 0;
    int calls = 0;
    QString slowest;

    /// Calls `method` and records how long the answer took; false on an error reply.
    bool measure(QDBusConnection bus, const QString &path, const QString &interface,
                 const QString &method, const QVariantList &arguments = {})
    {
        QElapsedTimer timer;
        timer.start();
        const QDBusMessage reply = call(bus, path, interface, method, arguments, 30000);
        const qint64 ms = timer.elapsed();
        ++calls;
        if (ms > maxMs) {
            maxMs = ms;
            slowest = method;
        }
        if (reply.type() != QDBusMessage::ReplyMessage)
            qWarning("%s: %s", qPrintable(method), qPrintable(reply.errorMessage()));
        return reply.type() == QDBusMessage::ReplyMessage;
    }
};

} // namespace

class TestHelperLoad : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSystemBus> m_bus;
    QTemporaryDir m_root;
    std::unique_ptr<HelperProcess> m_helper;
    QDBusConnection m_analyser{QString()};
    QDBusConnection m_importer{QString()};
    QDBusConnection m_prober{QString()};
    QString m_running;  ///< a running busybox container's id, for GetStats
    QString m_bigImage; ///< the 200 000-file image's id
    QStringList m_images;

    QString runDir() const { return m_root.path() + QStringLiteral("/run"); }

    static QString imagePath(const QString &id)
    {
        return kManagerPath + QStringLiteral("/image/") + id.mid(7, 16);
    }

    QVariant jobProperty(const QString &job, const QString &name)
    {
        return call(m_prober, job, QStringLiteral("org.freedesktop.DBus.Properties"),
                    QStringLiteral("Get"), {QStringLiteral("org.glassbox.Job1"), name})
            .arguments()
            .value(0)
            .value<QDBusVariant>()
            .variant();
    }

    /// Waits for an import job to end; its resulting image id or empty (with a warning).
    QString awaitJob(const QString &job, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (jobProperty(job, QStringLiteral("State")).toString() == QLatin1String("running") &&
               timer.elapsed() < timeoutMs)
            QTest::qWait(100);
        const QString state = jobProperty(job, QStringLiteral("State")).toString();
        if (state != QLatin1String("succeeded")) {
            qWarning("import %s: %s", qPrintable(state),
                     qPrintable(jobProperty(job, QStringLiteral("Error")).toString()));
            return {};
        }
        const QString id = jobProperty(job, QStringLiteral("Result")).toString();
        m_images.append(id);
        return id;
    }

    /// One round of the third client: GetManagedObjects and GetStats of the running container.
    bool probe(Latency &latency)
    {
        return latency.measure(m_prober, kManagerPath, kObjectManager,
                               QStringLiteral("GetManagedObjects")) &&
               latency.measure(m_prober, kManagerPath, kManager, QStringLiteral("GetStats"),
                               {QStringList{m_running}});
    }

    void removeEverything()
    {
        // Containers first (they keep their image), then the images.
        const QStringList ids = QDir(m_root.path() + QStringLiteral("/state"))
                                    .entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &id : ids) {
            const QDBusMessage reply =
                call(m_prober, kManagerPath + QStringLiteral("/container/") + id, kContainer,
                     QStringLiteral("Remove"), {true});
            if (reply.type() != QDBusMessage::ReplyMessage)
                qWarning("Remove %s: %s", qPrintable(id), qPrintable(reply.errorMessage()));
        }
        for (const QString &id : std::as_const(m_images))
            (void)call(m_prober, imagePath(id), kImage, QStringLiteral("Remove"), {true});
        m_images.clear();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));
        QVERIFY(m_root.isValid());
        QString error;
        for (QDBusConnection *bus : {&m_analyser, &m_importer, &m_prober}) {
            *bus = m_bus->connectAs(QString::fromLatin1(kAllowedUser), &error);
            QVERIFY2(bus->isConnected(), qPrintable(error));
        }
        m_helper = std::make_unique<HelperProcess>(
            *m_bus, m_root.path(),
            HelperProcess::Binaries{QStringLiteral(GLASSBOX_HELPER_BINARY),
                                    QStringLiteral(GLASSBOX_SHIM_BINARY),
                                    QStringLiteral(GLASSBOX_RUNTIME_BINARY)});
        QVERIFY2(m_helper->isValid(), qPrintable(m_helper->error()));

        // The running container GetStats samples.
        const QString path =
            createBusybox(m_prober, QStringLiteral("load-stats"),
                          {{QStringLiteral("Command"),
                            QStringList{QStringLiteral("sleep"), QStringLiteral("1000")}}});
        QVERIFY(!path.isEmpty());
        m_running = path.section(QLatin1Char('/'), -1);
        const QDBusMessage started = call(m_prober, path, kContainer, QStringLiteral("Start"));
        QVERIFY2(started.type() == QDBusMessage::ReplyMessage, qPrintable(started.errorMessage()));

        // The 200 000-file image.
        QElapsedTimer timer;
        timer.start();
        const QString tar = m_root.path() + QStringLiteral("/big.tar");
        QVERIFY(writeBigTar(tar));
        QFile file(tar);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QDBusMessage reply =
            call(m_importer, kManagerPath, kManager, QStringLiteral("ImportImage"),
                 {QVariant::fromValue(QDBusUnixFileDescriptor(file.handle())),
                  QStringLiteral("rootfs"), QStringLiteral("load-big:1")});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        m_bigImage = awaitJob(reply.arguments().value(0).value<QDBusObjectPath>().path(), 480000);
        QVERIFY(!m_bigImage.isEmpty());
        file.remove();
        qInfo("imported %d files in %lld ms", kDirectories * kFilesPerDirectory, timer.elapsed());
    }

    void cleanupTestCase()
    {
        if (m_helper && m_helper->isValid())
            removeEverything();
        m_helper.reset();
        // Whatever a failed run left mounted under the suite's directory.
        QFile mounts(QStringLiteral("/proc/self/mounts"));
        if (m_root.isValid() && mounts.open(QIODevice::ReadOnly))
            for (const QByteArray &line : mounts.readAll().split('\n'))
                if (line.contains(m_root.path().toLocal8Bit()))
                    QProcess::execute(
                        QStringLiteral("umount"),
                        {QStringLiteral("-l"), QString::fromLocal8Bit(line.split(' ').value(1))});
    }

    /// The scenario: a cold analysis of a 200 000-file layer, an import reading a
    /// slow pipe, and a third client whose every call must be answered within 100 ms.
    void othersAnsweredDuringAnalysisAndSlowImport()
    {
        // Grants are cached per connection: ask once, so the timed calls measure the helper.
        Latency warmUp;
        QVERIFY(probe(warmUp));
        QVERIFY(warmUp.measure(m_analyser, kManagerPath, kObjectManager,
                               QStringLiteral("GetManagedObjects")));

        QElapsedTimer sinceAnalysis;
        sinceAnalysis.start();
        qint64 efficiencyMs = -1, layersMs = -1;
        QDBusPendingCall efficiency = m_analyser.asyncCall(
            QDBusMessage::createMethodCall(kService, imagePath(m_bigImage), kImage,
                                           QStringLiteral("GetEfficiency")),
            600000);
        QDBusPendingCall layers = m_analyser.asyncCall(
            QDBusMessage::createMethodCall(kService, imagePath(m_bigImage), kImage,
                                           QStringLiteral("GetLayers")),
            600000);
        auto *efficiencyWatcher = new QDBusPendingCallWatcher(efficiency, this);
        auto *layersWatcher = new QDBusPendingCallWatcher(layers, this);
        connect(efficiencyWatcher, &QDBusPendingCallWatcher::finished, this,
                [&] { efficiencyMs = sinceAnalysis.elapsed(); });
        connect(layersWatcher, &QDBusPendingCallWatcher::finished, this,
                [&] { layersMs = sinceAnalysis.elapsed(); });
        auto dropWatchers = qScopeGuard([&] {
            delete efficiencyWatcher;
            delete layersWatcher;
        });

        // The slow import starts once the analysis has its lock: one file of a tar whose bytes
        // come 512 at a time, five times a second, for three seconds.
        QTest::qWait(200);
        int pipeFds[2];
        QVERIFY(::pipe2(pipeFds, O_CLOEXEC) == 0);
        std::atomic<bool> stop = false;
        std::thread writer([fd = pipeFds[1], &stop] {
            constexpr int kBlocks = 15;
            bool ok = writeAll(fd, tarHeader("slow", false, quint64(kBlocks) * 512));
            for (int i = 0; ok && i < kBlocks && !stop; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
                ok = writeAll(fd, QByteArray(512, 's'));
            }
            if (ok && !stop)
                (void)writeAll(fd, QByteArray(1024, '\0'));
            ::close(fd);
        });
        auto joinWriter = qScopeGuard([&] {
            stop = true;
            writer.join();
        });
        QDBusMessage importCall = QDBusMessage::createMethodCall(kService, kManagerPath, kManager,
                                                                 QStringLiteral("ImportImage"));
        importCall.setArguments({QVariant::fromValue(QDBusUnixFileDescriptor(pipeFds[0])),
                                 QStringLiteral("rootfs"), QStringLiteral("load-slow:1")});
        ::close(pipeFds[0]);
        QDBusPendingCall import = m_importer.asyncCall(importCall, 600000);

        // The third client, throughout: until the analysis and the import are over.
        Latency latency;
        QString job;
        QElapsedTimer deadline;
        deadline.start();
        bool importEnded = false;
        while (deadline.elapsed() < 300000) {
            QVERIFY(probe(latency));
            QTest::qWait(20);
            if (job.isEmpty() && import.isFinished()) {
                QVERIFY2(!import.isError(), qPrintable(import.error().message()));
                job = import.reply().arguments().value(0).value<QDBusObjectPath>().path();
            }
            if (!job.isEmpty() && !importEnded)
                importEnded = jobProperty(job, QStringLiteral("State")).toString() !=
                              QLatin1String("running");
            if (importEnded && efficiencyMs >= 0 && layersMs >= 0)
                break;
        }
        QVERIFY2(efficiencyMs >= 0 && layersMs >= 0, "the analysis did not end in 5 minutes");
        QVERIFY2(importEnded, "the slow import did not end in 5 minutes");
        QVERIFY2(!efficiency.isError(), qPrintable(efficiency.error().message()));
        QVERIFY2(!layers.isError(), qPrintable(layers.error().message()));
        QVERIFY(!awaitJob(job, 1000).isEmpty());
        const double coldEfficiency = efficiency.reply().arguments().value(0).toDouble();
        qInfo("cold GetEfficiency %lld ms, GetLayers %lld ms; slow import; other client: %d "
              "calls, max latency %lld ms (%s)",
              efficiencyMs, layersMs, latency.calls, latency.maxMs, qPrintable(latency.slowest));
        QVERIFY2(latency.maxMs < maxAnswerMs(),
                 qPrintable(QStringLiteral("%1 waited %2 ms for an answer")
                                .arg(latency.slowest)
                                .arg(latency.maxMs)));

        // The same image again: its layer is content-addressed, the analysis is cached.
        QElapsedTimer warm;
        warm.start();
        const QDBusMessage again = call(m_analyser, imagePath(m_bigImage), kImage,
                                        QStringLiteral("GetEfficiency"), {}, 600000);
        const qint64 warmEfficiencyMs = warm.restart();
        const QDBusMessage layersAgain = call(m_analyser, imagePath(m_bigImage), kImage,
                                              QStringLiteral("GetLayers"), {}, 600000);
        const qint64 warmLayersMs = warm.elapsed();
        QVERIFY2(again.type() == QDBusMessage::ReplyMessage, qPrintable(again.errorMessage()));
        QVERIFY2(layersAgain.type() == QDBusMessage::ReplyMessage,
                 qPrintable(layersAgain.errorMessage()));
        QCOMPARE(again.arguments().value(0).toDouble(), coldEfficiency);
        qInfo("warm GetEfficiency %lld ms (cold %lld ms), GetLayers %lld ms (cold %lld ms)",
              warmEfficiencyMs, efficiencyMs, warmLayersMs, layersMs);
        QVERIFY2(warmEfficiencyMs * 5 < efficiencyMs,
                 qPrintable(QStringLiteral("the second analysis took %1 ms, the first %2 ms")
                                .arg(warmEfficiencyMs)
                                .arg(efficiencyMs)));
        QVERIFY(warmLayersMs < maxAnswerMs());
    }

    /// The container views that moved to workers still answer, with their content.
    void containerViewsAnswerFromWorkers()
    {
        const QString path = kManagerPath + QStringLiteral("/container/") + m_running;
        for (const char *method :
             {"GetNamespaces", "GetProcesses", "GetLayers", "GetDiff", "GetPressure", "Inspect"}) {
            const QDBusMessage reply = call(m_prober, path, kContainer, QLatin1String(method));
            QVERIFY2(
                reply.type() == QDBusMessage::ReplyMessage,
                qPrintable(QLatin1String(method) + QStringLiteral(": ") + reply.errorMessage()));
        }
        // Inspect's JSON is of this container (its work ran elsewhere, with this one's record).
        const QString inspect = call(m_prober, path, kContainer, QStringLiteral("Inspect"))
                                    .arguments()
                                    .value(0)
                                    .toString();
        QVERIFY(inspect.contains(m_running));
    }

    /// A Remove waiting for the runtime's lock on its container (another runtime command holds
    /// it) waits on a worker: other clients are answered, and the Remove completes once the
    /// lock is released.
    void removeWaitingForLockStallsNoOne()
    {
        const QString path = createBusybox(m_prober, QStringLiteral("load-locked"), {});
        QVERIFY(!path.isEmpty());
        const QString id = path.section(QLatin1Char('/'), -1);
        // The runtime's per-container lock is a flock on its state directory (core/src/state.cpp).
        const QString lockDir = runDir() + QStringLiteral("/runtime/") + id;
        QVERIFY(QDir().mkpath(lockDir));
        auto removeDir = qScopeGuard([&] { QDir().rmdir(lockDir); });
        int lockFd = ::open(lockDir.toLocal8Bit().constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        QVERIFY(lockFd >= 0);
        auto unlock = qScopeGuard([&] {
            if (lockFd >= 0)
                ::close(lockFd);
        });
        QVERIFY(::flock(lockFd, LOCK_EX) == 0);

        Latency warmUp;
        QVERIFY(warmUp.measure(m_analyser, kManagerPath, kObjectManager,
                               QStringLiteral("GetManagedObjects")));
        QElapsedTimer sinceRemove;
        sinceRemove.start();
        QDBusPendingCall remove = m_analyser.asyncCall(
            [&] {
                QDBusMessage message = QDBusMessage::createMethodCall(kService, path, kContainer,
                                                                      QStringLiteral("Remove"));
                message.setArguments({false});
                return message;
            }(),
            60000);
        Latency latency;
        while (sinceRemove.elapsed() < 2000) {
            QVERIFY(probe(latency));
            QTest::qWait(20);
        }
        QVERIFY2(!remove.isFinished(), "the Remove did not wait for the container's lock");
        qInfo("while a Remove waited for the container's lock: %d calls, max latency %lld ms (%s)",
              latency.calls, latency.maxMs, qPrintable(latency.slowest));
        QVERIFY2(latency.maxMs < maxAnswerMs(),
                 qPrintable(QStringLiteral("%1 waited %2 ms for an answer")
                                .arg(latency.slowest)
                                .arg(latency.maxMs)));

        ::close(std::exchange(lockFd, -1));
        QElapsedTimer sinceRelease;
        sinceRelease.start();
        QTRY_VERIFY_WITH_TIMEOUT(remove.isFinished(), 10000);
        qInfo("the Remove ended %lld ms after the lock was released", sinceRelease.elapsed());
        QVERIFY2(!remove.isError(), qPrintable(remove.error().message()));
        QVERIFY(!containerProperty(m_prober, path, QStringLiteral("State")).isValid());
    }
};

QTEST_GUILESS_MAIN(TestHelperLoad)
#include "test_helper_load.moc"
