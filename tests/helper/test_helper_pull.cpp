// PullImage through the helper (issue 17): the real helper on a private system bus with the
// real polkitd, pulling from a real registry (docker-registry behind TLS and htpasswd) and
// from the test's own (throttled, to watch a pull in progress and cancel it), both on
// 127.0.0.1 only. The helper reads registries.conf and certs.d from the test's directory.
// Fixture entries are aggregates; most tests name only the fields they need.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "helper_calls.h"
#include "helper_process.h"
#include "image_fixtures.h"
#include "registry_server.h"
#include "system_bus.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <QScopeGuard>

#include <pwd.h>
#include <random>
#include <unistd.h>

using namespace glassbox::test;

namespace {

const QString kJob = QStringLiteral("org.glassbox.Job1");
const QString kObjectManager = QStringLiteral("org.freedesktop.DBus.ObjectManager");
const QString kProperties = QStringLiteral("org.freedesktop.DBus.Properties");

struct JobLayer
{
    QString digest;
    QString state;
    quint64 done = 0;
    quint64 size = 0;
};

/// busybox-static as the image's shell, and a file to tell the image by.
std::vector<LayoutLayer> shellImage(const std::string &release, size_t bigBytes = 0)
{
    QFile busybox(QStringLiteral("/bin/busybox"));
    (void)busybox.open(QIODevice::ReadOnly);
    std::vector<LayoutLayer> layers{
        {{{"bin", 'd', {}, {}, 0755},
          {"bin/busybox", 'f', busybox.readAll().toStdString(), {}, 0755},
          {"bin/sh", 'l', {}, "busybox", 0777}},
         "gzip",
         "busybox"},
        {{{"etc", 'd', {}, {}, 0755}, {"etc/release", 'f', release + "\n"}}, "zstd", "release"}};
    if (bigBytes > 0)
        layers.push_back(
            {{{"big", 'f', glassbox::test::randomBytes(bigBytes, 17), {}, 0644}}, "gzip", "big"});
    return layers;
}

/// Whether any file below `dir` holds `needle`.
QString fileHolding(const QString &dir, const QByteArray &needle)
{
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (QFileInfo(path).isSymLink() || !file.open(QIODevice::ReadOnly))
            continue;
        // Layer contents are the image's, not the helper's; everything else is read whole.
        if (file.size() > (64 << 20))
            continue;
        if (file.readAll().contains(needle))
            return path;
    }
    return {};
}

} // namespace

class TestHelperPull : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestSystemBus> m_bus;
    QTemporaryDir m_root;
    std::unique_ptr<LocalRegistry> m_registry;
    std::unique_ptr<FakeRegistry> m_fake;
    std::unique_ptr<HelperProcess> m_helper;
    QDBusConnection m_client{QString()};
    QDBusConnection m_prober{QString()};
    QString m_log;
    QStringList m_images;
    QStringList m_containers;

    QVariant jobProperty(const QString &job, const QString &name)
    {
        return call(m_prober, job, kProperties, QStringLiteral("Get"), {kJob, name})
            .arguments()
            .value(0)
            .value<QDBusVariant>()
            .variant();
    }

    QList<JobLayer> jobLayers(const QString &job)
    {
        QList<JobLayer> layers;
        const auto argument = jobProperty(job, QStringLiteral("Layers")).value<QDBusArgument>();
        argument.beginArray();
        while (!argument.atEnd()) {
            JobLayer layer;
            argument.beginStructure();
            argument >> layer.digest >> layer.state >> layer.done >> layer.size;
            argument.endStructure();
            layers.append(layer);
        }
        argument.endArray();
        return layers;
    }

    /// Starts a pull as `bus`; the job's path, or empty with the error in `error`.
    QString startPull(QDBusConnection bus, const QString &reference, const QVariantMap &options,
                      QString *error = nullptr)
    {
        const QDBusMessage reply =
            call(bus, kManagerPath, kManager, QStringLiteral("PullImage"), {reference, options});
        if (reply.type() != QDBusMessage::ReplyMessage) {
            if (error)
                *error = reply.errorName() + QLatin1Char(' ') + reply.errorMessage();
            return {};
        }
        return reply.arguments().value(0).value<QDBusObjectPath>().path();
    }

    /// Waits for a job to end; its State.
    QString awaitJob(const QString &job, int timeoutMs = 120000)
    {
        QElapsedTimer timer;
        timer.start();
        while (jobProperty(job, QStringLiteral("State")).toString() == QLatin1String("running") &&
               timer.elapsed() < timeoutMs)
            QTest::qWait(50);
        return jobProperty(job, QStringLiteral("State")).toString();
    }

    QStringList imageIds()
    {
        QStringList ids;
        const QDBusMessage reply =
            call(m_prober, kManagerPath, kObjectManager, QStringLiteral("GetManagedObjects"));
        const auto objects = reply.arguments().value(0).value<QDBusArgument>();
        objects.beginMap();
        while (!objects.atEnd()) {
            QDBusObjectPath path;
            objects.beginMapEntry();
            objects >> path;
            QMap<QString, QVariantMap> interfaces;
            objects >> interfaces;
            objects.endMapEntry();
            if (interfaces.contains(QStringLiteral("org.glassbox.Image1")))
                ids.append(interfaces.value(QStringLiteral("org.glassbox.Image1"))
                               .value(QStringLiteral("Id"))
                               .toString());
        }
        objects.endMap();
        ids.sort();
        return ids;
    }

    QString createFrom(const QString &image, const QString &name, const QVariantMap &options,
                       QDBusMessage *reply)
    {
        *reply = call(m_client, kManagerPath, kManager, QStringLiteral("CreateContainer"),
                      {image, name, options});
        if (reply->type() != QDBusMessage::ReplyMessage)
            return {};
        return reply->arguments().value(0).value<QDBusObjectPath>().path();
    }

    QString layout(const std::string &name, const std::vector<LayoutLayer> &layers)
    {
        const std::string dir = m_root.path().toStdString() + "/" + name;
        writeOciLayout(dir, layers, name);
        return QString::fromStdString(dir);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY(m_root.isValid());
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));
        QString error;
        for (QDBusConnection *bus : {&m_client, &m_prober}) {
            *bus = m_bus->connectAs(QString::fromLatin1(kAllowedUser), &error);
            QVERIFY2(bus->isConnected(), qPrintable(error));
        }
        m_registry = std::make_unique<LocalRegistry>();
        QVERIFY2(m_registry->isValid(), qPrintable(m_registry->error()));
        QVERIFY2(m_registry->push(QStringLiteral("oci:") +
                                      layout("shell", shellImage("pulled by the helper")) +
                                      QStringLiteral(":shell"),
                                  QStringLiteral("team/shell:1"), &error),
                 qPrintable(error));
        // A second image, for `glassboxctl run` to pull because it is missing.
        QVERIFY2(m_registry->push(QStringLiteral("oci:") +
                                      layout("shell2", shellImage("second image")) +
                                      QStringLiteral(":shell2"),
                                  QStringLiteral("team/shell:2"), &error),
                 qPrintable(error));
        // 50 MB that do not compress, served at 20 MB/s: a pull that takes a few seconds.
        m_fake = std::make_unique<FakeRegistry>(layout("big", shellImage("big", 50 << 20)));
        QVERIFY2(m_fake->isValid(), qPrintable(m_fake->error()));
        m_fake->throttle(20 << 20);

        const QString conf = m_root.path() + QStringLiteral("/registries.conf");
        QFile file(conf);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[[registry]]\nlocation = \"" + m_fake->host().toUtf8() +
                   "\"\ninsecure = true\n");
        file.close();
        m_log = m_root.path() + QStringLiteral("/helper.log");
        m_helper = std::make_unique<HelperProcess>(
            *m_bus, m_root.path(),
            HelperProcess::Binaries{QStringLiteral(GLASSBOX_HELPER_BINARY),
                                    QStringLiteral(GLASSBOX_SHIM_BINARY),
                                    QStringLiteral(GLASSBOX_RUNTIME_BINARY)},
            QString(),
            QStringList{QStringLiteral("--registries-conf"), conf, QStringLiteral("--certs-dir"),
                        m_registry->certsDir()},
            m_log);
        QVERIFY2(m_helper->isValid(), qPrintable(m_helper->error()));
    }

    void cleanupTestCase()
    {
        if (!m_helper)
            return;
        for (const QString &path : std::as_const(m_containers))
            (void)call(m_prober, path, kContainer, QStringLiteral("Remove"), {true});
        m_helper.reset();
    }

    /// A pull with the user's credentials: the job reports every layer, the image appears, a
    /// container runs from it; the password is in no file the helper wrote and not in its log.
    void pullsWithCredentialsAndRunsTheImage()
    {
        const QString reference = m_registry->host() + QStringLiteral("/team/shell:1");
        const QString job = startPull(m_client, reference,
                                      {{QStringLiteral("Username"), m_registry->username()},
                                       {QStringLiteral("Password"), m_registry->password()}});
        QVERIFY(!job.isEmpty());
        QCOMPARE(jobProperty(job, QStringLiteral("Kind")).toString(), QStringLiteral("pull"));
        QCOMPARE(awaitJob(job), QStringLiteral("succeeded"));
        QCOMPARE(jobProperty(job, QStringLiteral("Progress")).toDouble(), 1.0);
        const QString id = jobProperty(job, QStringLiteral("Result")).toString();
        QVERIFY(id.startsWith(QLatin1String("sha256:")));
        const QList<JobLayer> layers = jobLayers(job);
        QCOMPARE(layers.size(), 2);
        for (const JobLayer &layer : layers) {
            QCOMPARE(layer.state, QStringLiteral("extracted"));
            QCOMPARE(layer.done, layer.size);
            QVERIFY(layer.digest.startsWith(QLatin1String("sha256:")));
        }
        QTRY_VERIFY(imageIds().contains(id));
        // Images show where an image came from and the digest that names it there.
        const QString imagePath = kManagerPath + QStringLiteral("/image/") + id.mid(7, 16);
        auto imageProperty = [&](const QString &name) {
            return call(m_prober, imagePath, kProperties, QStringLiteral("Get"),
                        {QStringLiteral("org.glassbox.Image1"), name})
                .arguments()
                .value(0)
                .value<QDBusVariant>()
                .variant();
        };
        const QString repository = m_registry->host() + QStringLiteral("/team/shell");
        QCOMPARE(imageProperty(QStringLiteral("Source")).toString(),
                 QStringLiteral("registry ") + repository);
        const QStringList digests = imageProperty(QStringLiteral("Digests")).toStringList();
        QVERIFY2(digests.size() == 1 &&
                     digests.front().startsWith(repository + QStringLiteral("@sha256:")),
                 qPrintable(digests.join(QLatin1Char(' '))));

        // A container from the pulled image: its shell reads the image's file.
        QDBusMessage reply;
        const QString path = createFrom(
            reference, QStringLiteral("pulled"),
            {{QStringLiteral("Command"),
              QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                          QStringLiteral("grep -q 'pulled by the helper' /etc/release")}}},
            &reply);
        QVERIFY2(!path.isEmpty(), qPrintable(reply.errorMessage()));
        m_containers.append(path);
        const QDBusMessage started = call(m_client, path, kContainer, QStringLiteral("Start"));
        QVERIFY2(started.type() == QDBusMessage::ReplyMessage, qPrintable(started.errorMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(containerProperty(m_prober, path, QStringLiteral("State")),
                                  QVariant(QStringLiteral("stopped")), 20000);
        QCOMPARE(containerProperty(m_prober, path, QStringLiteral("ExitCode")).toInt(), 0);

        const QByteArray password = m_registry->password().toUtf8();
        QCOMPARE(fileHolding(m_root.path() + QStringLiteral("/store"), password), QString());
        QCOMPARE(fileHolding(m_root.path() + QStringLiteral("/state"), password), QString());
        QCOMPARE(fileHolding(m_root.path() + QStringLiteral("/run"), password), QString());
        // The log tells of the pull (so it is the log that is read), and not the password.
        QFile log(m_log);
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray logged = log.readAll();
        QVERIFY2(logged.contains("pulled " + reference.toUtf8()), logged.constData());
        QVERIFY(!logged.contains(password));
    }

    /// Job1.Cancel while the 50 MB layer streams: the job says cancelled within a second, no
    /// image was added and no download is left in the store.
    void cancelMidLayerLeavesNothing()
    {
        const QStringList before = imageIds();
        const QString job =
            startPull(m_client, m_fake->host() + QStringLiteral("/big:big"), QVariantMap());
        QVERIFY(!job.isEmpty());
        auto partWay = [&] {
            for (const JobLayer &layer : jobLayers(job))
                if (layer.done > 0 && layer.done < layer.size)
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(partWay(), 30000);
        const QDBusMessage cancelled = call(m_client, job, kJob, QStringLiteral("Cancel"));
        QVERIFY2(cancelled.type() == QDBusMessage::ReplyMessage,
                 qPrintable(cancelled.errorMessage()));
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(awaitJob(job, 10000), QStringLiteral("cancelled"));
        // Within a second of polling plus the removal of the partial download (under the
        // guest's emulation, as slow as its latency bound allows).
        QVERIFY2(timer.elapsed() < 2 * std::max<qint64>(1000, maxAnswerMs()),
                 qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(imageIds(), before);
        QCOMPARE(QDir(m_root.path() + QStringLiteral("/store/downloads"))
                     .entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList());
    }

    /// While a 50 MB pull streams, another client's calls are answered within 100 ms.
    void answersOthersWhileALargePullRuns()
    {
        const QString job =
            startPull(m_client, m_fake->host() + QStringLiteral("/big:big"), QVariantMap());
        QVERIFY(!job.isEmpty());
        qint64 maxMs = 0;
        int calls = 0;
        bool sawDownloading = false;
        while (jobProperty(job, QStringLiteral("State")).toString() == QLatin1String("running")) {
            for (const QString &method : {QStringLiteral("GetManagedObjects")}) {
                QElapsedTimer timer;
                timer.start();
                const QDBusMessage reply = call(m_prober, kManagerPath, kObjectManager, method);
                QVERIFY2(reply.type() == QDBusMessage::ReplyMessage,
                         qPrintable(reply.errorMessage()));
                maxMs = std::max(maxMs, timer.elapsed());
                ++calls;
            }
            for (const JobLayer &layer : jobLayers(job))
                sawDownloading = sawDownloading || (layer.state == QLatin1String("downloading") &&
                                                    layer.done > 0 && layer.done < layer.size);
            QTest::qWait(20);
        }
        QCOMPARE(jobProperty(job, QStringLiteral("State")).toString(), QStringLiteral("succeeded"));
        qInfo("%d calls during the pull, the slowest answered in %lld ms", calls, maxMs);
        QVERIFY2(calls >= 10, "the pull was too fast to measure anything");
        QVERIFY2(sawDownloading, "no layer was ever seen part-way");
        QVERIFY2(maxMs < maxAnswerMs(), qPrintable(QStringLiteral("%1 ms").arg(maxMs)));
    }

    /// glassboxctl as a user: login checks the password with the registry and writes the
    /// user's auth.json (0600); pull and a run of a missing image hand the helper that
    /// credential; logout removes it, and a pull then needs a login again.
    void glassboxctlLogsInPullsRunsAndLogsOut()
    {
        const passwd *user = ::getpwnam(kAllowedUser);
        QVERIFY(user);
        // The user reaches its own directory below the suite's root: search, no listing.
        QVERIFY(QFile::setPermissions(m_root.path(),
                                      QFile::permissions(m_root.path()) | QFileDevice::ExeOther));
        const QString authDir = m_root.path() + QStringLiteral("/auth");
        QVERIFY(QDir().mkpath(authDir));
        QVERIFY(::chown(QFile::encodeName(authDir).constData(), user->pw_uid, user->pw_gid) == 0);
        const QString authFile = authDir + QStringLiteral("/auth.json");
        // The registry's CA where the user can read it (the registry's own directory is
        // root's alone).
        const QString certs = authDir + QStringLiteral("/certs/") + m_registry->host();
        QVERIFY(QDir().mkpath(certs));
        QVERIFY(QFile::copy(m_registry->caFile(), certs + QStringLiteral("/ca.crt")));
        for (const QString &dir : {authDir + QStringLiteral("/certs"), certs})
            QVERIFY(QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                   QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                   QFileDevice::ExeOther));
        QVERIFY(QFile::setPermissions(certs + QStringLiteral("/ca.crt"),
                                      QFileDevice::ReadOwner | QFileDevice::ReadOther));
        qputenv("REGISTRY_AUTH_FILE", QFile::encodeName(authFile));
        auto unset = qScopeGuard([] { qunsetenv("REGISTRY_AUTH_FILE"); });
        const QString ctl = QStringLiteral(GLASSBOXCTL_BINARY);
        const QString host = m_registry->host();
        auto login = [&](const QString &password) {
            return m_bus->runAs(
                QString::fromLatin1(kAllowedUser), ctl,
                {QStringLiteral("--bus-address"), m_bus->address(), QStringLiteral("login"),
                 QStringLiteral("-u"), m_registry->username(), QStringLiteral("--password-stdin"),
                 QStringLiteral("--cert-dir"), authDir + QStringLiteral("/certs"), host},
                60000, password.toUtf8() + '\n');
        };
        UserRunResult wrong = login(QStringLiteral("wrong"));
        QCOMPARE(wrong.exitCode, 125);
        QVERIFY2(wrong.err.contains("401") && wrong.err.contains(host.toUtf8()), wrong.err);
        QVERIFY(!QFile::exists(authFile));

        UserRunResult in = login(m_registry->password());
        QVERIFY2(in.exitCode == 0, in.err.constData());
        QVERIFY2(in.out.contains("Login Succeeded!"), in.out.constData());
        QFile auth(authFile);
        QVERIFY(auth.open(QIODevice::ReadOnly));
        QVERIFY(auth.readAll().contains(host.toUtf8()));
        QCOMPARE(auth.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        QCOMPARE(QFileInfo(authFile).ownerId(), user->pw_uid);

        const QString missing = host + QStringLiteral("/team/shell:2");
        UserRunResult run =
            m_bus->runAs(QString::fromLatin1(kAllowedUser), ctl,
                         {QStringLiteral("--bus-address"), m_bus->address(), QStringLiteral("run"),
                          QStringLiteral("--rm"), missing, QStringLiteral("busybox"),
                          QStringLiteral("cat"), QStringLiteral("/etc/release")},
                         120000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.err.contains("Unable to find image") && run.err.contains("Copying blob"),
                 run.err.constData());
        QVERIFY2(run.out.contains("second image"), run.out.constData());

        UserRunResult pull = m_bus->runAs(
            QString::fromLatin1(kAllowedUser), ctl,
            {QStringLiteral("--bus-address"), m_bus->address(), QStringLiteral("pull"), missing});
        QVERIFY2(pull.exitCode == 0, pull.err.constData());
        QVERIFY2(pull.err.contains("skipped: already exists"), pull.err.constData());
        QVERIFY(pull.out.trimmed().startsWith("sha256:"));

        UserRunResult out = m_bus->runAs(
            QString::fromLatin1(kAllowedUser), ctl,
            {QStringLiteral("--bus-address"), m_bus->address(), QStringLiteral("logout"), host});
        QVERIFY2(out.exitCode == 0, out.err.constData());
        QVERIFY(auth.seek(0));
        auth.close();
        QVERIFY(auth.open(QIODevice::ReadOnly));
        QVERIFY(!auth.readAll().contains(host.toUtf8()));
        UserRunResult anonymous =
            m_bus->runAs(QString::fromLatin1(kAllowedUser), ctl,
                         {QStringLiteral("--bus-address"), m_bus->address(), QStringLiteral("pull"),
                          QStringLiteral("-q"), host + QStringLiteral("/team/shell:1")});
        QCOMPARE(anonymous.exitCode, 125);
        QVERIFY2(anonymous.err.contains("glassboxctl login"), anonymous.err.constData());
    }

    /// Bad arguments are refused before polkit is asked, naming what is wrong; a user
    /// without the images grant is refused; a wrong password fails the job with a 401.
    void refusesBadCallsAndCallers()
    {
        QString error;
        QVERIFY(startPull(m_client, QStringLiteral("Not A Reference"), {}, &error).isEmpty());
        QVERIFY2(error.startsWith(kInvalidArgument), qPrintable(error));
        QVERIFY(
            startPull(m_client, QStringLiteral("busybox"), {{QStringLiteral("Token"), 1}}, &error)
                .isEmpty());
        QVERIFY2(error.startsWith(kInvalidArgument) && error.contains(QStringLiteral("Token")),
                 qPrintable(error));
        QVERIFY(startPull(m_client, QStringLiteral("busybox"), {{QStringLiteral("Username"), 42}},
                          &error)
                    .isEmpty());
        QVERIFY2(error.contains(QStringLiteral("Username must be a string")), qPrintable(error));
        QVERIFY(startPull(m_client, QStringLiteral("busybox"),
                          {{QStringLiteral("Password"), QStringLiteral("a\nb")}}, &error)
                    .isEmpty());
        QVERIFY2(error.contains(QStringLiteral("control character")), qPrintable(error));

        QDBusConnection denied = m_bus->connectAs(QString::fromLatin1(kDeniedUser), &error);
        QVERIFY2(denied.isConnected(), qPrintable(error));
        QVERIFY(startPull(denied, m_registry->host() + QStringLiteral("/team/shell:1"), {}, &error)
                    .isEmpty());
        QVERIFY2(error.startsWith(kNotAuthorized), qPrintable(error));

        const QString job =
            startPull(m_client, m_registry->host() + QStringLiteral("/team/shell:1"),
                      {{QStringLiteral("Username"), m_registry->username()},
                       {QStringLiteral("Password"), QStringLiteral("wrong")}});
        QVERIFY(!job.isEmpty());
        QCOMPARE(awaitJob(job), QStringLiteral("failed"));
        const QString failure = jobProperty(job, QStringLiteral("Error")).toString();
        QVERIFY2(failure.contains(QStringLiteral("401")) && failure.contains(m_registry->host()),
                 qPrintable(failure));
    }
};

QTEST_GUILESS_MAIN(TestHelperPull)
#include "test_helper_pull.moc"
