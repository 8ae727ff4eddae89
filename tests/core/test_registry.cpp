// Pulling from registries, against a real one and a hostile one, both on 127.0.0.1 only:
// docker-registry (the CNCF distribution registry) behind TLS from a CA the test makes and
// htpasswd basic auth, filled with skopeo from OCI layouts built here; and the test's own
// registry for what a real one will not do on request (a token service, a corrupt blob, a
// connection cut mid-layer, a slow layer to cancel, rate limits).
// Fixture entries are aggregates; most tests name only the fields they need.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "glassbox/image/image_store.h"
#include "glassbox/image/pull.h"
#include "image_fixtures.h"
#include "registry_server.h"

#include <QDir>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <fcntl.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sys/file.h>
#include <unistd.h>

using namespace glassbox;
using namespace glassbox::image;
using glassbox::test::FakeRegistry;
using glassbox::test::LayoutLayer;
using glassbox::test::LocalRegistry;
using glassbox::test::TarEntry;

namespace {

std::string str(const QString &text)
{
    return text.toStdString();
}

std::string base64(const std::string &text)
{
    return QByteArray::fromStdString(text).toBase64().toStdString();
}

std::vector<LayoutLayer> twoLayers(const std::string &tag)
{
    return {{{{"bin", 'd', {}, {}, 0755}, {"bin/hello", 'f', "#!/bin/sh\necho hello\n", {}, 0755}},
             "gzip",
             "base"},
            {{{"etc", 'd', {}, {}, 0755}, {"etc/release", 'f', "release " + tag + "\n"}},
             "zstd",
             "release file"}};
}

/// An image whose manifest and layers this test knows: the layout's directory, the pushed
/// manifest's digest and the layers' digests.
struct Pushed
{
    test::OciImage image;
    std::string layout;
};

Pushed makeLayout(const QString &dir, const std::vector<LayoutLayer> &layers,
                  const std::string &tag)
{
    Pushed pushed;
    pushed.layout = str(dir) + "/layout-" + tag;
    pushed.image = test::writeOciImage(pushed.layout, layers, hostArchitecture());
    test::writeOciIndex(pushed.layout, std::string(media::OciManifest), pushed.image.manifestDigest,
                        pushed.image.manifestSize, tag);
    return pushed;
}

/// What is in a store, to compare before and after a pull that must change nothing.
struct StoreContents
{
    size_t images = 0;
    size_t layers = 0;
    size_t blobs = 0;
    size_t tags = 0;
    bool operator==(const StoreContents &) const = default;
};

StoreContents contentsOf(const ImageStore &store)
{
    StoreContents contents;
    contents.images = store.images().value_or(std::vector<ImageRecord>{}).size();
    contents.layers = store.layers().list().value_or(std::vector<LayerInfo>{}).size();
    contents.blobs = store.blobs().list().value_or(std::vector<std::string>{}).size();
    contents.tags = store.tags().value_or(std::map<std::string, std::string>{}).size();
    return contents;
}

/// Entries of <root>/downloads (the pulls' private directories).
QStringList downloadsOf(const ImageStore &store)
{
    return QDir(QString::fromStdString(store.root() + "/downloads"))
        .entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
}

/// Whether the store lock can be taken at once (nobody holds it).
bool lockIsFree(const ImageStore &store)
{
    const int fd = ::open((store.root() + "/lock").c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);
    return free;
}

/// registries.conf text that sends `host` over plain HTTP.
RegistriesConfig insecure(const QString &host)
{
    auto config = parseRegistriesConf(
        "[[registry]]\nlocation = \"" + str(host) + "\"\ninsecure = true\n", "test.conf");
    return config.value_or(RegistriesConfig{});
}

} // namespace

class TestRegistry : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<ImageStore> m_store;
    int m_case = 0;

    /// A fresh store for each case.
    const ImageStore &freshStore()
    {
        auto store = ImageStore::open(str(m_dir.path()) + "/store" + std::to_string(++m_case));
        if (!store)
            qFatal("store: %s", store.error().text().c_str());
        m_store = std::move(*store);
        return *m_store;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (::geteuid() != 0)
            QFAIL("the image store extracts layers with their owners: run as root");
    }

    // --- the real registry: TLS, htpasswd, skopeo ------------------------------------------

    /// Pull by tag, then by digest: the stored image's manifest, config and layers are the
    /// ones `skopeo inspect` reports from the registry, and the files arrived.
    void pullsByTagAndDigestFromRealRegistry()
    {
        LocalRegistry registry;
        QVERIFY2(registry.isValid(), qPrintable(registry.error()));
        // Two small layers (gzip and zstd) and a 50 MB one that does not compress.
        auto layers = twoLayers("1");
        layers.push_back({{{"data", 'd', {}, {}, 0755},
                           {"data/blob", 'f', test::randomBytes(50 << 20, 1), {}, 0644}},
                          "gzip",
                          "big"});
        const Pushed pushed = makeLayout(m_dir.path(), layers, "1.0");
        QString error;
        QVERIFY2(registry.push(QString::fromStdString("oci:" + pushed.layout + ":1.0"),
                               QStringLiteral("team/app:1.0"), &error),
                 qPrintable(error));
        const auto raw = nlohmann::json::parse(
            registry.inspectRaw(QStringLiteral("team/app:1.0"), &error).toStdString());
        QVERIFY2(error.isEmpty(), qPrintable(error));

        const ImageStore &store = freshStore();
        PullOptions options;
        options.certDirectory = str(registry.certsDir());
        options.credentials = Credentials{str(registry.username()), str(registry.password())};
        std::vector<PullEvent::Kind> kinds;
        options.observer = [&](const PullEvent &event) {
            kinds.push_back(event.kind);
            return true;
        };
        QElapsedTimer timer;
        timer.start();
        const std::string reference = str(registry.host()) + "/team/app:1.0";
        auto pulled = pullImage(store, reference, options);
        QVERIFY2(pulled, pulled ? "" : pulled.error().text().c_str());
        qInfo("pulled 3 layers (50 MB) over TLS in %lld ms", timer.elapsed());
        QCOMPARE(pulled->layersDownloaded, size_t(3));
        QCOMPARE(pulled->reference, reference);
        QCOMPARE(pulled->registry, str(registry.host()));

        // What skopeo says the registry holds is what the store holds.
        const ImageRecord record = store.image(pulled->imageId).value();
        QCOMPARE(record.configDigest, raw["config"]["digest"].get<std::string>());
        QCOMPARE(record.layers.size(), raw["layers"].size());
        for (size_t i = 0; i < record.layers.size(); ++i)
            QCOMPARE(record.layers[i].digest, raw["layers"][i]["digest"].get<std::string>());
        QCOMPARE(record.manifestDigest, pulled->manifestDigest);
        const std::string config = store.blobs().get(record.configDigest).value();
        QCOMPARE(QByteArray::fromStdString(config),
                 registry.inspectConfig(QStringLiteral("team/app:1.0"), &error));
        QCOMPARE(store.resolve(reference).value(), pulled->imageId);
        // The layers' files are in the store, as the layers said.
        const std::string top =
            store.layers().layerDir(store.layers().get(record.layers[1].chainId).value().id);
        std::ifstream release(top + "/diff/etc/release");
        std::string line;
        std::getline(release, line);
        QCOMPARE(line, std::string("release 1"));
        QVERIFY(kinds.front() == PullEvent::Kind::Resolved);
        QVERIFY(kinds.back() == PullEvent::Kind::Done);
        QVERIFY(std::count(kinds.begin(), kinds.end(), PullEvent::Kind::Extracting) == 3);
        QVERIFY(downloadsOf(store).isEmpty());

        // By digest: nothing to download again, the digest names the same image.
        const std::string byDigest = str(registry.host()) + "/team/app@" + pulled->manifestDigest;
        auto again = pullImage(store, byDigest, options);
        QVERIFY2(again, again ? "" : again.error().text().c_str());
        QCOMPARE(again->imageId, pulled->imageId);
        QCOMPARE(again->layersDownloaded, size_t(0));
        QCOMPARE(again->layersPresent, size_t(3));
        QCOMPARE(store.resolve(byDigest).value(), pulled->imageId);
    }

    /// Search of a registry that is not Docker Hub: its catalog, as the user, filtered by
    /// the term; a wrong password is the registry's 401.
    void searchesARegistrysCatalog()
    {
        LocalRegistry registry;
        QVERIFY2(registry.isValid(), qPrintable(registry.error()));
        const Pushed pushed = makeLayout(m_dir.path(), twoLayers("s"), "s");
        QString error;
        for (const QString &repository :
             {QStringLiteral("team/webapp:1"), QStringLiteral("team/db:1"),
              QStringLiteral("other/web:1")})
            QVERIFY2(registry.push(QString::fromStdString("oci:" + pushed.layout + ":s"),
                                   repository, &error),
                     qPrintable(error));
        PullOptions options;
        options.certDirectory = str(registry.certsDir());
        options.credentials = Credentials{str(registry.username()), str(registry.password())};
        auto found = searchRegistry(str(registry.host()), "web", 10, options);
        QVERIFY2(found, found ? "" : found.error().text().c_str());
        std::vector<std::string> names;
        for (const auto &result : *found)
            names.push_back(result.name);
        QVERIFY2(names.size() == 2, (names.empty() ? std::string("none") : names.front()).c_str());
        QCOMPARE(names, (std::vector<std::string>{str(registry.host()) + "/other/web",
                                                  str(registry.host()) + "/team/webapp"}));
        auto limited = searchRegistry(str(registry.host()), "", 1, options);
        QVERIFY(limited && limited->size() == 1);
        options.credentials = Credentials{str(registry.username()), "wrong"};
        auto refused = searchRegistry(str(registry.host()), "web", 10, options);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("401") != std::string::npos,
                 refused.error().message.c_str());
    }

    /// A multi-platform image: the index is resolved to this machine's manifest.
    void pullsThisPlatformFromAnIndex()
    {
        LocalRegistry registry;
        QVERIFY2(registry.isValid(), qPrintable(registry.error()));
        const std::string layout = str(m_dir.path()) + "/multi";
        const std::string other = hostArchitecture() == "arm64" ? "amd64" : "arm64";
        const test::OciImage mine =
            test::writeOciImage(layout, twoLayers("mine"), hostArchitecture());
        const test::OciImage theirs = test::writeOciImage(layout, twoLayers("theirs"), other);
        nlohmann::json index = {
            {"schemaVersion", 2},
            {"mediaType", media::OciIndex},
            {"manifests",
             {{{"mediaType", media::OciManifest},
               {"digest", theirs.manifestDigest},
               {"size", theirs.manifestSize},
               {"platform", {{"os", "linux"}, {"architecture", other}}}},
              {{"mediaType", media::OciManifest},
               {"digest", mine.manifestDigest},
               {"size", mine.manifestSize},
               {"platform", {{"os", "linux"}, {"architecture", hostArchitecture()}}}}}}};
        const std::string indexText = index.dump();
        const std::string indexDigest = sha256Digest(indexText);
        test::writeBytes(layout + "/blobs/sha256/" + digestHex(indexDigest), indexText);
        test::writeOciIndex(layout, std::string(media::OciIndex), indexDigest, indexText.size(),
                            "multi");
        QString error;
        QVERIFY2(registry.push(QString::fromStdString("oci:" + layout + ":multi"),
                               QStringLiteral("multi:latest"), &error, {QStringLiteral("--all")}),
                 qPrintable(error));

        const ImageStore &store = freshStore();
        PullOptions options;
        options.certDirectory = str(registry.certsDir());
        options.credentials = Credentials{str(registry.username()), str(registry.password())};
        auto pulled = pullImage(store, str(registry.host()) + "/multi", options);
        QVERIFY2(pulled, pulled ? "" : pulled.error().text().c_str());
        QCOMPARE(pulled->manifestDigest, mine.manifestDigest);
        QCOMPARE(pulled->indexDigest, indexDigest);
        QCOMPARE(pulled->imageId, mine.configDigest);
        QCOMPARE(pulled->layersDownloaded, size_t(2));
    }

    /// A wrong password is a 401 that says so and names the registry; without the test's CA,
    /// TLS fails and says where a CA goes. Neither changes the store.
    void refusesWrongPasswordAndUntrustedCertificate()
    {
        LocalRegistry registry;
        QVERIFY2(registry.isValid(), qPrintable(registry.error()));
        const Pushed pushed = makeLayout(m_dir.path(), twoLayers("2"), "2.0");
        QString error;
        QVERIFY2(registry.push(QString::fromStdString("oci:" + pushed.layout + ":2.0"),
                               QStringLiteral("app:2.0"), &error),
                 qPrintable(error));
        const ImageStore &store = freshStore();
        const StoreContents before = contentsOf(store);
        PullOptions options;
        options.certDirectory = str(registry.certsDir());
        options.credentials = Credentials{str(registry.username()), "not-the-password"};
        const std::string reference = str(registry.host()) + "/app:2.0";
        auto wrong = pullImage(store, reference, options);
        QVERIFY(!wrong);
        const QString wrongText = QString::fromStdString(wrong.error().message);
        QVERIFY2(wrongText.contains(QStringLiteral("401")) && wrongText.contains(registry.host()) &&
                     wrongText.contains(QStringLiteral("wrong user name or password")),
                 qPrintable(wrongText));
        QCOMPARE(wrong.error().code, EACCES);

        options.credentials.reset();
        auto anonymous = pullImage(store, reference, options);
        QVERIFY(!anonymous);
        QVERIFY2(QString::fromStdString(anonymous.error().message)
                     .contains(QStringLiteral("glassboxctl login ") + registry.host()),
                 anonymous.error().message.c_str());

        options.certDirectory = str(m_dir.path()) + "/no-certs";
        options.credentials = Credentials{str(registry.username()), str(registry.password())};
        auto untrusted = pullImage(store, reference, options);
        QVERIFY(!untrusted);
        QVERIFY2(QString::fromStdString(untrusted.error().message)
                         .contains(QStringLiteral("TLS with ") + registry.host()) &&
                     untrusted.error().message.find("no-certs/" + str(registry.host()) +
                                                    "/ca.crt") != std::string::npos,
                 untrusted.error().message.c_str());
        QVERIFY(contentsOf(store) == before);
        QVERIFY(downloadsOf(store).isEmpty());
    }

    // --- the test's own registry: what a real one does not do on request -------------------

    /// A layer whose bytes do not match its digest is refused before anything is extracted,
    /// naming both digests; the store is as before.
    void refusesLayerWithWrongDigest()
    {
        const Pushed pushed = makeLayout(m_dir.path(), twoLayers("3"), "3.0");
        FakeRegistry fake(QString::fromStdString(pushed.layout));
        QVERIFY2(fake.isValid(), qPrintable(fake.error()));
        fake.corruptBlob(QString::fromStdString(pushed.image.layerDigests[1]));
        const ImageStore &store = freshStore();
        const StoreContents before = contentsOf(store);
        PullOptions options;
        options.registries = insecure(fake.host());
        bool extracted = false;
        options.observer = [&](const PullEvent &event) {
            extracted = extracted || event.kind == PullEvent::Kind::Extracting;
            return true;
        };
        auto pulled = pullImage(store, str(fake.host()) + "/app:3.0", options);
        QVERIFY(!pulled);
        QCOMPARE(pulled.error().code, EBADMSG);
        QVERIFY2(pulled.error().message.find(pushed.image.layerDigests[1]) != std::string::npos &&
                     pulled.error().message.find("digest mismatch") != std::string::npos,
                 pulled.error().message.c_str());
        QVERIFY(!extracted);
        QVERIFY(contentsOf(store) == before);
        QVERIFY(downloadsOf(store).isEmpty());
    }

    /// A connection cut in the middle of a layer is resumed with a Range request from where
    /// it broke, and the pull succeeds.
    void resumesLayerAfterBrokenConnection()
    {
        auto layers = twoLayers("4");
        layers.push_back({{{"big", 'f', test::randomBytes(4 << 20, 4), {}, 0644}}, "gzip", "big"});
        const Pushed pushed = makeLayout(m_dir.path(), layers, "4.0");
        FakeRegistry fake(QString::fromStdString(pushed.layout));
        QVERIFY2(fake.isValid(), qPrintable(fake.error()));
        const QString big = QString::fromStdString(pushed.image.layerDigests[2]);
        fake.cutBlobAfter(big, 1 << 20);
        const ImageStore &store = freshStore();
        PullOptions options;
        options.registries = insecure(fake.host());
        auto pulled = pullImage(store, str(fake.host()) + "/app:4.0", options);
        QVERIFY2(pulled, pulled ? "" : pulled.error().text().c_str());
        QCOMPARE(pulled->imageId, pushed.image.configDigest);
        int blobGets = 0;
        bool resumed = false;
        for (const auto &request : fake.requests()) {
            // Nothing is asked to come compressed for the transfer: digests and ranges are of
            // the stored bytes.
            QVERIFY2(!request.hasHeader("Accept-Encoding"), qPrintable(request.path));
            if (request.path.endsWith(big)) {
                ++blobGets;
                resumed = resumed || request.header("Range").startsWith("bytes=1048576-");
            }
        }
        QCOMPARE(blobGets, 2);
        QVERIFY2(resumed, "the second request did not ask for the rest with Range");
    }

    /// Cancel while a layer streams: ECANCELED, the store as before, no download left, the
    /// store's lock free.
    void cancelMidLayerLeavesStoreAsBefore()
    {
        auto layers = twoLayers("5");
        layers.push_back({{{"big", 'f', test::randomBytes(8 << 20, 5), {}, 0644}}, "gzip", "big"});
        const Pushed pushed = makeLayout(m_dir.path(), layers, "5.0");
        FakeRegistry fake(QString::fromStdString(pushed.layout));
        QVERIFY2(fake.isValid(), qPrintable(fake.error()));
        fake.throttle(2 << 20); // 2 MB/s: four seconds for the big layer
        const ImageStore &store = freshStore();
        const StoreContents before = contentsOf(store);
        std::atomic<bool> cancel{false};
        PullOptions options;
        options.registries = insecure(fake.host());
        options.cancelled = [&] {
            return cancel.load();
        };
        options.observer = [&](const PullEvent &event) {
            if (event.kind == PullEvent::Kind::Downloading &&
                event.layers[event.layer].done >= (1u << 20))
                cancel = true; // from the pulling thread, as a Cancel button's flag would be
            return true;
        };
        QElapsedTimer timer;
        timer.start();
        auto pulled = pullImage(store, str(fake.host()) + "/app:5.0", options);
        QVERIFY(!pulled);
        QCOMPARE(pulled.error().code, ECANCELED);
        // A megabyte at 2 MB/s, then the cancel: well under 3 s here; the guest stage's
        // emulation raises the bound with its latency setting.
        const qint64 slower = qEnvironmentVariableIntValue("GLASSBOX_TEST_LATENCY_MS") / 100;
        QVERIFY2(timer.elapsed() < 3000 * std::max<qint64>(1, slower),
                 qPrintable(QStringLiteral("%1 ms").arg(timer.elapsed())));
        QVERIFY(contentsOf(store) == before);
        QVERIFY(downloadsOf(store).isEmpty());
        QVERIFY(lockIsFree(store));
    }

    /// The bearer flow Docker Hub, Quay and GHCR use: the 401's challenge names a token
    /// service, which gets the credentials; the registry then sees only the token, and a blob
    /// redirected to another host gets no credentials at all.
    void authenticatesWithBearerTokens()
    {
        const Pushed pushed = makeLayout(m_dir.path(), twoLayers("6"), "6.0");
        FakeRegistry fake(QString::fromStdString(pushed.layout));
        QVERIFY2(fake.isValid(), qPrintable(fake.error()));
        fake.requireBearer(QStringLiteral("alice"), QStringLiteral("s3cret"));
        fake.redirectBlobs(true);
        const ImageStore &store = freshStore();
        PullOptions options;
        options.registries = insecure(fake.host());
        options.credentials = Credentials{"alice", "s3cret"};
        auto pulled = pullImage(store, str(fake.host()) + "/team/app:6.0", options);
        QVERIFY2(pulled, pulled ? "" : pulled.error().text().c_str());
        const QByteArray basic = "Basic " + QByteArray("alice:s3cret").toBase64();
        bool tokenAsked = false;
        for (const auto &request : fake.requests()) {
            const QByteArray auth = request.header("Authorization");
            if (request.path == QLatin1String("/token")) {
                tokenAsked = true;
                QCOMPARE(auth, basic);
                QVERIFY2(request.query.contains(QLatin1String("repository%3Ateam%2Fapp%3Apull")),
                         qPrintable(request.query));
            } else if (request.path.startsWith(QLatin1String("/cdn/"))) {
                QVERIFY2(auth.isEmpty(), auth.constData());
            } else {
                QVERIFY2(auth.isEmpty() || auth.startsWith("Bearer "), auth.constData());
            }
        }
        QVERIFY(tokenAsked);

        // The token service refuses a wrong password: a clear 401.
        options.credentials = Credentials{"alice", "wrong"};
        auto refused = pullImage(freshStore(), str(fake.host()) + "/team/app:6.0", options);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("401") != std::string::npos &&
                     refused.error().message.find("wrong user name or password") !=
                         std::string::npos,
                 refused.error().message.c_str());
    }

    /// 404, 403 and 429 each say what they mean and name the registry; a 503 is retried.
    void explainsRegistryRefusals()
    {
        const Pushed pushed = makeLayout(m_dir.path(), twoLayers("7"), "7.0");
        FakeRegistry fake(QString::fromStdString(pushed.layout));
        QVERIFY2(fake.isValid(), qPrintable(fake.error()));
        const ImageStore &store = freshStore();
        PullOptions options;
        options.registries = insecure(fake.host());
        const std::string host = str(fake.host());

        auto missing = pullImage(store, host + "/app:nope", options);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ENOENT);
        QVERIFY2(missing.error().message.find("404 Not Found from " + host) != std::string::npos,
                 missing.error().message.c_str());

        fake.failWith(QStringLiteral("/manifests/"), 403, 1);
        auto forbidden = pullImage(store, host + "/app:7.0", options);
        QVERIFY(!forbidden);
        QVERIFY2(forbidden.error().message.find("403 Forbidden from " + host) != std::string::npos,
                 forbidden.error().message.c_str());

        fake.failWith(QStringLiteral("/manifests/"), 429, 1);
        auto limited = pullImage(store, host + "/app:7.0", options);
        QVERIFY(!limited);
        QVERIFY2(limited.error().message.find("429 Too Many Requests from " + host) !=
                     std::string::npos,
                 limited.error().message.c_str());

        // A registry that is busy for a moment while a blob is fetched: retried, and it works.
        fake.failWith(QString::fromStdString(pushed.image.layerDigests[0]), 503, 1);
        auto retried = pullImage(store, host + "/app:7.0", options);
        QVERIFY2(retried, retried ? "" : retried.error().text().c_str());
    }

    /// A mirror from registries.conf is asked first; a mirror that fails is passed over for
    /// the registry itself.
    void usesMirrorsFromRegistriesConf()
    {
        const Pushed pushed = makeLayout(m_dir.path(), twoLayers("8"), "8.0");
        FakeRegistry origin(QString::fromStdString(pushed.layout));
        FakeRegistry mirror(QString::fromStdString(pushed.layout));
        QVERIFY(origin.isValid() && mirror.isValid());
        const std::string conf = "[[registry]]\nlocation = \"" + str(origin.host()) +
                                 "\"\ninsecure = true\n[[registry.mirror]]\nlocation = \"" +
                                 str(mirror.host()) + "\"\ninsecure = true\n";
        auto config = parseRegistriesConf(conf, "mirrors.conf");
        QVERIFY2(config, config ? "" : config.error().message.c_str());
        PullOptions options;
        options.registries = *config;
        auto pulled = pullImage(freshStore(), str(origin.host()) + "/app:8.0", options);
        QVERIFY2(pulled, pulled ? "" : pulled.error().text().c_str());
        QCOMPARE(pulled->registry, str(mirror.host()));
        QVERIFY(origin.requests().isEmpty());

        mirror.failWith(QStringLiteral("/manifests/"), 500);
        auto fallback = pullImage(freshStore(), str(origin.host()) + "/app:8.0", options);
        QVERIFY2(fallback, fallback ? "" : fallback.error().text().c_str());
        QCOMPARE(fallback->registry, str(origin.host()));
    }

    /// A download directory of a pull whose process died is removed; a live one's is not.
    void removesStaleDownloads()
    {
        const ImageStore &store = freshStore();
        const QString downloads = QString::fromStdString(store.root() + "/downloads");
        QVERIFY(QDir().mkpath(downloads + QStringLiteral("/999999999-dead")));
        const QString live = QStringLiteral("%1-live").arg(::getpid());
        QVERIFY(QDir().mkpath(downloads + QLatin1Char('/') + live));
        QVERIFY(removeStaleDownloads(store));
        QCOMPARE(downloadsOf(store), QStringList{live});
        QVERIFY(QDir(downloads + QLatin1Char('/') + live).removeRecursively());
    }

    // --- registries.conf and auth.json -----------------------------------------------------

    void readsRegistriesConf()
    {
        const std::string text = "unqualified-search-registries = [\"docker.io\"]\n"
                                 "\n"
                                 "[[registry]]\n"
                                 "prefix = \"docker.io\"\n"
                                 "location = \"docker.io\"\n"
                                 "[[registry.mirror]]\n"
                                 "location = \"mirror.example:5000/hub\"\n"
                                 "\n"
                                 "[[registry]]\n"
                                 "location = \"blocked.example\"\n"
                                 "blocked = true\n"
                                 "\n"
                                 "[[registry]]\n"
                                 "prefix = \"example.com/team\"\n"
                                 "location = \"internal.example:8443/team\"\n"
                                 "insecure = true\n";
        auto config = parseRegistriesConf(text, "registries.conf");
        QVERIFY2(config, config ? "" : config.error().message.c_str());
        QCOMPARE(config->registries.size(), size_t(3));

        auto hub = endpointsFor(*config, parseReference("nginx").value());
        QVERIFY(hub);
        QCOMPARE(hub->size(), size_t(2));
        QCOMPARE((*hub)[0].host, std::string("mirror.example:5000"));
        QCOMPARE((*hub)[0].repository, std::string("hub/library/nginx"));
        QVERIFY((*hub)[0].mirror);
        QCOMPARE((*hub)[1].host, std::string("registry-1.docker.io"));
        QCOMPARE((*hub)[1].repository, std::string("library/nginx"));

        auto rewritten = endpointsFor(*config, parseReference("example.com/team/app:1").value());
        QVERIFY(rewritten);
        QCOMPARE(rewritten->back().host, std::string("internal.example:8443"));
        QCOMPARE(rewritten->back().repository, std::string("team/app"));
        QVERIFY(rewritten->back().insecure);
        // "example.com/teamwork" is not under the prefix "example.com/team".
        auto other = endpointsFor(*config, parseReference("example.com/teamwork/x").value());
        QVERIFY(other && !other->back().insecure);

        auto blocked = endpointsFor(*config, parseReference("blocked.example/x").value());
        QVERIFY(!blocked);
        QCOMPARE(blocked.error().code, EACCES);
        QVERIFY(blocked.error().message.find("blocked") != std::string::npos);

        // Errors name the file, the line and the key.
        auto bad = parseRegistriesConf("[[registry]]\nlocation = \"x.example\"\ninsecure = "
                                       "\"yes\"\n",
                                       "bad.conf");
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.find("bad.conf:3") != std::string::npos &&
                     bad.error().message.find("`insecure`") != std::string::npos,
                 bad.error().message.c_str());
        auto scheme =
            parseRegistriesConf("[[registry]]\nlocation = \"https://x.example\"\n", "scheme.conf");
        QVERIFY(!scheme);
        QVERIFY(scheme.error().message.find("no scheme") != std::string::npos);
        auto broken = parseRegistriesConf("[[registry]\n", "broken.conf");
        QVERIFY(!broken);
        QVERIFY2(broken.error().message.find("broken.conf:1") != std::string::npos,
                 broken.error().message.c_str());

        // $CONTAINERS_REGISTRIES_CONF stands for the system's file, as for podman; an explicit
        // path (the helper's --registries-conf) does not look at it.
        QTemporaryDir dir;
        const std::string own = dir.path().toStdString() + "/own.conf";
        test::writeBytes(own, "[[registry]]\nlocation = \"own.example\"\ninsecure = true\n");
        qputenv("CONTAINERS_REGISTRIES_CONF", QByteArray::fromStdString(own));
        auto unset = qScopeGuard([] { qunsetenv("CONTAINERS_REGISTRIES_CONF"); });
        auto fromEnvironment = loadRegistriesConf();
        QVERIFY2(fromEnvironment, fromEnvironment ? "" : fromEnvironment.error().message.c_str());
        QCOMPARE(fromEnvironment->source, own);
        QCOMPARE(fromEnvironment->registries.size(), size_t(1));
        QVERIFY(endpointsFor(*fromEnvironment, parseReference("own.example/x").value())
                    ->back()
                    .insecure);
        auto explicitPath = loadRegistriesConf(dir.path().toStdString() + "/missing.conf");
        QVERIFY(explicitPath && explicitPath->registries.empty());
    }

    void readsAndWritesAuthJson()
    {
        // Docker's legacy key for Docker Hub, a repository-specific entry and a registry's.
        const nlohmann::json auths = {
            {"auths",
             {{"https://index.docker.io/v1/", {{"auth", base64("hubuser:hubpass")}}},
              {"quay.io", {{"auth", base64("quser:qpass")}}},
              {"quay.io/team/special", {{"auth", base64("special:sp:ecial")}}}}},
            {"credHelpers", nlohmann::json::object()}};
        const std::string text = auths.dump();
        auto hub = credentialsFor(text, parseReference("nginx").value());
        QVERIFY(hub && *hub);
        QCOMPARE((*hub)->username, std::string("hubuser"));
        auto quay = credentialsFor(text, parseReference("quay.io/team/app").value());
        QVERIFY(quay && *quay);
        QCOMPARE((*quay)->username, std::string("quser"));
        auto special = credentialsFor(text, parseReference("quay.io/team/special:1").value());
        QVERIFY(special && *special);
        QCOMPARE((*special)->password, std::string("sp:ecial")); // the first ':' splits
        auto none = credentialsFor(text, parseReference("ghcr.io/x/y").value());
        QVERIFY(none && !*none);

        auto updated = updateAuthJson(text, "docker.io", Credentials{"new", "pw"});
        QVERIFY(updated);
        const auto json = nlohmann::json::parse(*updated);
        QVERIFY(!json["auths"].contains("https://index.docker.io/v1/")); // replaced, not shadowed
        QVERIFY(json.contains("credHelpers"));                           // kept
        QCOMPARE((*credentialsFor(*updated, parseReference("busybox").value()))->username,
                 std::string("new"));
        auto loggedOut = updateAuthJson(*updated, "quay.io", std::nullopt);
        QVERIFY(loggedOut);
        QVERIFY(!*credentialsFor(*loggedOut, parseReference("quay.io/team/app").value()));
        QVERIFY(*credentialsFor(*loggedOut, parseReference("quay.io/team/special").value()));
        QVERIFY(!credentialsFor("{not json", parseReference("nginx").value()));
    }
};

QTEST_GUILESS_MAIN(TestRegistry)
#include "test_registry.moc"
