// The image store: references, blobs, imports of every format, extraction details,
// hostile archives, shared layers, reference counting, efficiency.
// Fixture entries are aggregates; most tests name only the fields they need.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "glassbox/image/analysis.h"
#include "glassbox/image/image_store.h"
#include "glassbox/image/import.h"
#include "glassbox/image/reference.h"
#include "image_fixtures.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <chrono>
#include <csignal>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <thread>
#include <unistd.h>

using namespace glassbox;
using namespace glassbox::image;
using glassbox::test::TarEntry;

namespace {

std::vector<std::string> entriesOf(const std::string &dir)
{
    std::vector<std::string> names;
    if (DIR *d = ::opendir(dir.c_str())) {
        while (dirent *e = ::readdir(d))
            if (e->d_name[0] != '.' || std::string_view(e->d_name).size() > 2)
                if (std::string_view(e->d_name) != "." && std::string_view(e->d_name) != "..")
                    names.emplace_back(e->d_name);
        ::closedir(d);
    }
    return names;
}

std::vector<TarEntry> baseLayer()
{
    return {{"bin", 'd', {}, {}, 0755},
            {"bin/tool", 'f', "#!/bin/sh\necho tool\n", {}, 04755},
            {"bin/link", 'l', {}, "tool", 0777},
            {"bin/hard", 'h', {}, "bin/tool"},
            {"etc", 'd', {}, {}, 0755},
            {"etc/config", 'f', std::string(100, 'a')},
            {"etc/old", 'f', std::string(50, 'b')},
            {"data", 'd', {}, {}, 0755},
            {"data/x", 'f', std::string(10, 'x')},
            {"data/y", 'f', std::string(20, 'y')},
            {"run/fifo", 'p', {}, {}, 0600},
            {"dev/null", 'c', {}, {}, 0666},
            {"owned", 'f', "mine", {}, 0640, 1000, 1001, "trusted.glassbox", "yes"}};
}

std::vector<TarEntry> upperLayer()
{
    return {{"etc/config", 'f', std::string(120, 'c')},
            {"etc/.wh.old", 'f'},
            {"data/.wh..wh..opq", 'f'},
            {"data/z", 'f', std::string(5, 'z')}};
}

/// `size` bytes that gzip cannot shrink, the same for the same seed.
std::string noise(size_t size, unsigned seed)
{
    std::mt19937 random(seed);
    std::string data(size, '\0');
    for (auto &c : data)
        c = static_cast<char>(random());
    return data;
}

/// Four layers of 1.5 MiB each: several 1 MiB reads per layer.
std::vector<test::LayoutLayer> progressLayers()
{
    std::vector<test::LayoutLayer> layers;
    for (unsigned i = 0; i < 4; ++i)
        layers.push_back({{{"layer" + std::to_string(i), 'f', noise(3 << 19, i)}},
                          i % 2 ? "gzip" : "none",
                          "layer " + std::to_string(i)});
    return layers;
}

struct ArchiveImage
{
    std::vector<test::LayoutLayer> layers;
    std::string tag;
    bool wrongDiffId = false; ///< the config's last diff ID does not match its layer
};

/// A docker-archive (`docker save`, newer blobs/sha256 form) of `images`, compressed as a
/// whole with `filter` ("none" or "gzip": `docker save | gzip`).
std::string dockerArchive(const std::vector<ArchiveImage> &images,
                          const std::string &filter = "none")
{
    std::vector<TarEntry> entries = {{"blobs", 'd', {}, {}, 0755},
                                     {"blobs/sha256", 'd', {}, {}, 0755}};
    nlohmann::json manifest = nlohmann::json::array();
    for (const auto &image : images) {
        nlohmann::json diffIds = nlohmann::json::array();
        nlohmann::json paths = nlohmann::json::array();
        for (const auto &layer : image.layers) {
            std::string tar = test::makeTar(layer.entries, layer.filter);
            std::string path = "blobs/sha256/" + digestHex(sha256Digest(tar));
            diffIds.push_back(test::uncompressedDigest(layer.entries));
            paths.push_back(path);
            entries.push_back({path, 'f', std::move(tar)});
        }
        if (image.wrongDiffId)
            diffIds.back() = sha256Digest("something else");
        nlohmann::json config = {{"architecture", hostArchitecture()},
                                 {"os", "linux"},
                                 {"rootfs", {{"type", "layers"}, {"diff_ids", diffIds}}}};
        std::string configText = config.dump();
        std::string configPath = "blobs/sha256/" + digestHex(sha256Digest(configText));
        entries.push_back({configPath, 'f', configText});
        manifest.push_back({{"Config", configPath}, {"RepoTags", {image.tag}}, {"Layers", paths}});
    }
    entries.push_back({"manifest.json", 'f', manifest.dump()});
    return test::makeTar(entries, filter);
}

/// Bytes this process has read with read(2) and pread(2) so far (/proc/self/io's rchar).
uint64_t bytesReadByThisProcess()
{
    std::ifstream io("/proc/self/io");
    std::string key;
    uint64_t value = 0;
    while (io >> key >> value)
        if (key == "rchar:")
            return value;
    return 0;
}

/// A stream without a known size, as a pipe is.
class UnsizedSource : public ByteSource
{
public:
    explicit UnsizedSource(std::string data) : m_data(std::move(data)) {}
    Result<size_t> read(char *buffer, size_t size) override
    {
        size_t n = std::min(size, m_data.size() - m_offset);
        std::copy_n(m_data.data() + m_offset, n, buffer);
        m_offset += n;
        return n;
    }

private:
    std::string m_data;
    size_t m_offset = 0;
};

} // namespace

class TestImage : public QObject
{
    Q_OBJECT

private:
    static std::string randomName()
    {
        static int counter = 0;
        return std::to_string(++counter);
    }

    QTemporaryDir m_dir;
    std::string m_root;

    ImageStore store()
    {
        auto s = ImageStore::open(m_root);
        if (!s)
            qFatal("%s", s.error().text().c_str());
        return std::move(*s);
    }

    /// The store holds no layer, blob, image or temporary directory.
    void verifyEmptyStore()
    {
        for (const auto &name : entriesOf(m_root + "/overlay2"))
            QVERIFY2(name == "l", ("left in overlay2: " + name).c_str());
        QVERIFY(entriesOf(m_root + "/overlay2/l").empty());
        QVERIFY(entriesOf(m_root + "/blobs/sha256").empty());
        QVERIFY(entriesOf(m_root + "/images").empty());
    }

    std::string writeTar(const std::string &name, const std::string &data)
    {
        std::string path = m_dir.path().toStdString() + "/" + name;
        test::writeBytes(path, data);
        return path;
    }

    /// A decompression bomb: a gzip rootfs tar of a few hundred KiB whose 200 MiB file is all
    /// zeros.
    std::string writeBomb(const std::string &name)
    {
        std::vector<test::TarEntry> entries = baseLayer();
        entries.push_back({"zeros", 'f', std::string(size_t(200) << 20, '\0')});
        return writeTar(name, test::makeTar(entries, "gzip"));
    }

    /// The progress test's source: a multi-layer OCI layout directory, a multi-layer
    /// docker-archive tar, or a rootfs tar of one layer (its size from fstat).
    std::string progressSource(const QString &kind)
    {
        std::string name = kind.toStdString() + "-" + randomName();
        if (kind == QLatin1String("oci-dir")) {
            std::string dir = m_dir.path().toStdString() + "/" + name;
            test::writeOciLayout(dir, progressLayers(), "progress/oci:1");
            return dir;
        }
        const bool gzip = kind.endsWith(QLatin1String(".gz"));
        const std::string filter = gzip ? "gzip" : "none";
        if (kind.startsWith(QLatin1String("docker-tar")))
            return writeTar(name, dockerArchive({{progressLayers(), "progress/docker:1"}}, filter));
        return writeTar(name, test::makeTar({{"big", 'f', noise(5 << 20, 9)}}, filter));
    }

    void progressSources_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("oci layout directory, 4 layers") << "oci-dir";
        QTest::newRow("docker-archive tar, 4 layers") << "docker-tar";
        QTest::newRow("gzip docker-archive, 4 layers") << "docker-tar.gz";
        QTest::newRow("rootfs tar") << "rootfs-tar";
        QTest::newRow("gzip rootfs tar") << "rootfs-tar.gz";
    }

private Q_SLOTS:
    void init()
    {
        // Reference parsing is pure and runs anywhere; every other function builds layers.
        const QByteArray function = QTest::currentTestFunction();
        const bool pure = function == "references" || function == "badReferences";
        if (!pure && ::geteuid() != 0)
            QSKIP("needs root: layers hold device nodes, whiteouts, owners and trusted xattrs");
        m_root = m_dir.path().toStdString() + "/store-" + randomName();
    }

    void references_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("normalized");
        QTest::addColumn<QString>("familiar");
        QTest::newRow("short") << "busybox"
                               << "docker.io/library/busybox:latest"
                               << "busybox:latest";
        QTest::newRow("tag") << "busybox:1.36"
                             << "docker.io/library/busybox:1.36"
                             << "busybox:1.36";
        QTest::newRow("user") << "user/app"
                              << "docker.io/user/app:latest"
                              << "user/app:latest";
        QTest::newRow("port") << "localhost:5000/app:v1"
                              << "localhost:5000/app:v1"
                              << "localhost:5000/app:v1";
        QTest::newRow("registry") << "quay.io/org/x"
                                  << "quay.io/org/x:latest"
                                  << "quay.io/org/x:latest";
        QString digest = QStringLiteral("sha256:") + QString(64, QLatin1Char('a'));
        QTest::newRow("digest") << QStringLiteral("busybox@") + digest
                                << QStringLiteral("docker.io/library/busybox@") + digest
                                << QStringLiteral("busybox@") + digest;
    }

    void references()
    {
        QFETCH(QString, input);
        QFETCH(QString, normalized);
        QFETCH(QString, familiar);
        auto ref = parseReference(input.toStdString());
        QVERIFY2(ref, ref ? "" : ref.error().message.c_str());
        QCOMPARE(QString::fromStdString(ref->toString()), normalized);
        QCOMPARE(QString::fromStdString(ref->familiar()), familiar);
    }

    void badReferences()
    {
        auto upper = parseReference("BusyBox");
        QVERIFY(!upper);
        QVERIFY(upper.error().message.find("lowercase") != std::string::npos);
        QVERIFY(!parseReference("busybox:bad tag"));
        QVERIFY(!parseReference("busybox@sha256:123"));
    }

    void blobs()
    {
        auto s = store();
        auto digest = s.blobs().put("hello");
        QVERIFY(digest);
        QCOMPARE(*s.blobs().get(*digest), std::string("hello"));
        std::string wrong = sha256Digest("other");
        auto mismatch = s.blobs().put("hello", wrong);
        QVERIFY(!mismatch);
        QVERIFY(mismatch.error().message.find(wrong) != std::string::npos);
        QVERIFY(mismatch.error().message.find(*digest) != std::string::npos);
        QVERIFY(!s.blobs().has(wrong));
        // Corruption on disk is caught on read, naming both digests.
        test::writeBytes(s.blobs().path(*digest), "jello");
        auto corrupt = s.blobs().get(*digest);
        QVERIFY(!corrupt);
        QVERIFY(corrupt.error().message.find(sha256Digest("jello")) != std::string::npos);
    }

    void rootfsTarAllCompressions_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::newRow("none") << "none";
        QTest::newRow("gzip") << "gzip";
        QTest::newRow("zstd") << "zstd";
    }

    // A file name is any bytes; the image's record and history are JSON, which must be UTF-8.
    // The import once threw from the JSON writer, aborted the command and left its layer.
    void sourceNameThatIsNotUtf8()
    {
        auto s = store();
        const std::string path = writeTar("rootfs-\xff\xfe.tar", test::makeTar(baseLayer(), ""));
        // QTemporaryDir cannot name it (its paths are QStrings) to remove it at the end.
        auto removeSource = qScopeGuard([&] { ::unlink(path.c_str()); });
        ImportOptions options;
        options.tags = {"local/bytes:1"};
        auto result = importImage(s, path, options);
        QVERIFY2(result, result ? "" : result.error().text().c_str());
        auto record = s.image(*s.resolve("local/bytes:1"));
        QVERIFY(record);
        QVERIFY2(record->source.find("rootfs-\\xff\\xfe.tar") != std::string::npos,
                 record->source.c_str());
        auto config = s.config(*record);
        QVERIFY(config);
        QCOMPARE(config->history.size(), size_t(1));
        QVERIFY2(config->history[0].createdBy.find("rootfs-\\xff\\xfe.tar") != std::string::npos,
                 config->history[0].createdBy.c_str());
    }

    void rootfsTarAllCompressions()
    {
        QFETCH(QString, filter);
        auto s = store();
        std::string path = writeTar("rootfs.tar", test::makeTar(baseLayer(), filter.toStdString()));
        ImportOptions options;
        options.tags = {"local/rootfs:1"};
        options.cmd = {"/bin/tool"};
        options.env = {"A=b"};
        auto result = importImage(s, path, options);
        QVERIFY2(result, result ? "" : result.error().text().c_str());
        QCOMPARE(result->format, ImportFormat::RootfsTar);
        auto id = s.resolve("local/rootfs:1");
        QVERIFY(id);
        auto record = s.image(*id);
        QCOMPARE(record->layers.size(), size_t(1));
        auto layer = s.layers().get(record->layers[0].chainId);
        QVERIFY(layer);
        QCOMPARE(QString::fromStdString(layer->compression), filter);
        QCOMPARE(layer->diffId, test::uncompressedDigest(baseLayer()));
        QCOMPARE(layer->fileCount, uint64_t(13));
        auto config = s.config(*record);
        QCOMPARE(config->cmd, std::vector<std::string>{"/bin/tool"});
        QCOMPARE(config->env, std::vector<std::string>{"A=b"});

        std::string diff = s.layers().layerDir(layer->id) + "/diff";
        struct stat st
        {
        };
        QCOMPARE(::lstat((diff + "/bin/tool").c_str(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(04755));
        QCOMPARE(st.st_nlink, nlink_t(2)); // bin/hard
        QCOMPARE(st.st_mtime, time_t(1700000000));
        QCOMPARE(::lstat((diff + "/bin/link").c_str(), &st), 0);
        QVERIFY(S_ISLNK(st.st_mode));
        QCOMPARE(::lstat((diff + "/run/fifo").c_str(), &st), 0);
        QVERIFY(S_ISFIFO(st.st_mode));
        QCOMPARE(::lstat((diff + "/dev/null").c_str(), &st), 0);
        QVERIFY(S_ISCHR(st.st_mode));
        QCOMPARE(st.st_rdev, makedev(1, 3));
        QCOMPARE(::lstat((diff + "/owned").c_str(), &st), 0);
        QCOMPARE(st.st_uid, uid_t(1000));
        QCOMPARE(st.st_gid, gid_t(1001));
        char value[8] = {};
        QCOMPARE(::lgetxattr((diff + "/owned").c_str(), "trusted.glassbox", value, sizeof value),
                 ssize_t(3));
        QCOMPARE(std::string(value), std::string("yes"));
    }

    void ociLayoutWithWhiteoutsAndOpaque()
    {
        auto s = store();
        std::string layout = m_dir.path().toStdString() + "/layout-" + randomName();
        std::string configDigest = test::writeOciLayout(
            layout, {{baseLayer(), "gzip", "ADD base"}, {upperLayer(), "zstd", "RUN change"}},
            "example.com/app:2");
        auto result = importImage(s, layout, {});
        QVERIFY2(result, result ? "" : result.error().text().c_str());
        QCOMPARE(result->format, ImportFormat::OciLayout);
        QCOMPARE(result->layersCreated, size_t(2));
        QCOMPARE(*s.resolve("example.com/app:2"), configDigest);
        auto record = s.image(configDigest);
        auto top = s.layers().get(record->layers[1].chainId);
        QCOMPARE(top->whiteouts, uint64_t(1));
        QCOMPARE(top->opaques, uint64_t(1));
        std::string diff = s.layers().layerDir(top->id) + "/diff";
        struct stat st
        {
        };
        QCOMPARE(::lstat((diff + "/etc/old").c_str(), &st), 0);
        QVERIFY(S_ISCHR(st.st_mode) && st.st_rdev == 0);
        char value[2] = {};
        QCOMPARE(::getxattr((diff + "/data").c_str(), "trusted.overlay.opaque", value, 2),
                 ssize_t(1));
        QCOMPARE(value[0], 'y');
        // The lower file lists the base layer's short link.
        std::string lower;
        std::ifstream(s.layers().layerDir(top->id) + "/lower") >> lower;
        auto base = s.layers().get(record->layers[0].chainId);
        QCOMPARE(lower, "l/" + base->link);

        // Analysis: created_by, counts, dive's efficiency with the surviving copy once.
        auto analysis = analyzeImage(s, "example.com/app:2");
        QVERIFY(analysis);
        QCOMPARE(analysis->layers[1].createdBy, std::string("RUN change"));
        // base files: tool 20 (hard counts once), config 100, old 50, x 10, y 20, owned 4
        // upper: config 120, z 5. Wasted: config 100, old 50, x 10, y 20.
        QCOMPARE(analysis->efficiency.totalBytes, uint64_t(20 + 100 + 50 + 10 + 20 + 4 + 120 + 5));
        QCOMPARE(analysis->efficiency.wastedBytes, uint64_t(180));
        auto inspect = inspectImageJson(s, "example.com/app:2");
        QVERIFY(inspect);
        auto j = nlohmann::json::parse(*inspect);
        QCOMPARE(j["GraphDriver"]["Name"].get<std::string>(), std::string("overlay2"));
        QCOMPARE(j["GraphDriver"]["Data"]["LowerDir"].get<std::string>(),
                 s.layers().layerDir(base->id) + "/diff");
        QCOMPARE(j["History"][1]["created_by"].get<std::string>(), std::string("RUN change"));
    }

    void dockerArchiveTar()
    {
        auto s = store();
        std::string layerTar = test::makeTar(baseLayer());
        nlohmann::json config = {
            {"architecture", "amd64"},
            {"os", "linux"},
            {"config", {{"Cmd", {"sh"}}, {"User", "1000"}, {"ExposedPorts", {{"80/tcp", {}}}}}},
            {"rootfs", {{"type", "layers"}, {"diff_ids", {sha256Digest(layerTar)}}}},
            {"history", {{{"created_by", "ADD rootfs"}}}}};
        std::string configText = config.dump();
        std::string configName = digestHex(sha256Digest(configText)) + ".json";
        nlohmann::json manifest = {{{"Config", configName},
                                    {"RepoTags", {"legacy:1", "legacy:latest"}},
                                    {"Layers", {"abc/layer.tar"}}}};
        std::string archive = test::makeTar({{configName, 'f', configText},
                                             {"abc", 'd', {}, {}, 0755},
                                             {"abc/layer.tar", 'f', layerTar},
                                             {"manifest.json", 'f', manifest.dump()}});
        std::string path = writeTar("docker.tar", archive);
        auto result = importImage(s, path, {});
        QVERIFY2(result, result ? "" : result.error().text().c_str());
        QCOMPARE(result->format, ImportFormat::DockerArchive);
        QCOMPARE(result->tags.size(), size_t(2));
        auto id = s.resolve("legacy");
        QVERIFY(id);
        auto inspected = nlohmann::json::parse(*inspectImageJson(s, "legacy:1"));
        QCOMPARE(inspected["Config"]["User"].get<std::string>(), std::string("1000"));
        QVERIFY(inspected["Config"]["ExposedPorts"].contains("80/tcp"));
    }

    void hostileArchives_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("dotdot") << 0 << "has `..`";
        QTest::newRow("absolute") << 1 << "absolute path";
        QTest::newRow("symlink out, absolute") << 2 << "leaves the layer";
        QTest::newRow("symlink out, relative") << 3 << "leaves the layer";
        QTest::newRow("hardlink outside") << 4 << "absolute path";
        QTest::newRow("hardlink dotdot") << 5 << "has `..`";
        QTest::newRow("hardlink not yet seen") << 6 << "not in the layer";
        QTest::newRow("truncated gzip") << 7 << "truncated";
        QTest::newRow("missing blob") << 8 << "which is missing";
        QTest::newRow("digest mismatch") << 9 << "digest mismatch";
        QTest::newRow("diff id mismatch") << 10 << "is not the diff ID";
    }

    void hostileArchives()
    {
        QFETCH(int, kind);
        QFETCH(QString, message);
        auto s = store();
        std::vector<std::vector<TarEntry>> tars = {
            {{"ok", 'f', "1"}, {"../escape", 'f', "x"}},
            {{"/etc/escape", 'f', "x"}},
            {{"evil", 'l', {}, "/etc"}, {"evil/passwd", 'f', "root::0:0::/:/bin/sh\n"}},
            {{"a", 'd'}, {"a/evil", 'l', {}, "../../../../tmp"}, {"a/evil/planted", 'f', "x"}},
            {{"h", 'h', {}, "/etc/passwd"}},
            {{"h", 'h', {}, "../outside"}},
            {{"h", 'h', {}, "later"}, {"later", 'f', "x"}},
        };
        std::string path;
        if (kind < 7) {
            path = writeTar("hostile.tar", test::makeTar(tars[size_t(kind)], "gzip"));
        } else if (kind == 7) {
            std::string gz = test::makeTar({{"big", 'f', std::string(200000, 'q')}}, "gzip");
            path = writeTar("truncated.tar.gz", gz.substr(0, gz.size() / 2));
        } else {
            path = m_dir.path().toStdString() + "/bad-layout-" + randomName();
            test::writeOciLayout(path, {{{{"a", 'f', "1"}}}, {{{"b", 'f', "2"}}}}, "bad:1");
            // The second layer blob is the second file written to blobs/ with a layer type.
            auto manifest =
                nlohmann::json::parse(std::ifstream(path + "/index.json")); // find the manifest
            std::string manifestDigest = manifest["manifests"][0]["digest"];
            std::ifstream in(path + "/blobs/sha256/" + digestHex(manifestDigest));
            auto m = nlohmann::json::parse(in);
            std::string layer =
                path + "/blobs/sha256/" + digestHex(m["layers"][1]["digest"].get<std::string>());
            if (kind == 8)
                ::unlink(layer.c_str());
            else if (kind == 9)
                test::writeBytes(layer, test::makeTar({{"b", 'f', "evil"}}, "gzip"));
            else {
                // Same digest name, content that matches it, but a config diff ID that
                // does not: rewrite the manifest's layer digest consistently.
                std::string other = test::makeTar({{"b", 'f', "other"}}, "gzip");
                std::string otherDigest = sha256Digest(other);
                test::writeBytes(path + "/blobs/sha256/" + digestHex(otherDigest), other);
                m["layers"][1]["digest"] = otherDigest;
                std::string text = m.dump();
                std::string newDigest = sha256Digest(text);
                test::writeBytes(path + "/blobs/sha256/" + digestHex(newDigest), text);
                manifest["manifests"][0]["digest"] = newDigest;
                manifest["manifests"][0]["size"] = text.size();
                test::writeBytes(path + "/index.json", manifest.dump());
            }
        }
        auto result = importImage(s, path, {});
        QVERIFY(!result);
        QVERIFY2(QString::fromStdString(result.error().message).contains(message),
                 result.error().message.c_str());
        verifyEmptyStore();
        // Nothing was written outside the layer either.
        QVERIFY(::access((m_dir.path().toStdString() + "/planted").c_str(), F_OK) != 0);
        QVERIFY(::access("/tmp/planted", F_OK) != 0);
    }

    // A container can nest directories thousands of levels deep (busybox: mkdir n; mv d n/d;
    // mv n d, in a loop). Removing such a tree once took two descriptors per level: it failed
    // with EMFILE after the layer was renamed to .tmp-*, and every later import failed in
    // removeStale() the same way. Now the tree goes, and a leftover never stops an import.
    void deepTreeIsRemovedAndNeverBlocksImports()
    {
        auto s = store();
        const std::string leftover = m_root + "/overlay2/.tmp-rm-deep";
        QCOMPARE(::mkdir(leftover.c_str(), 0700), 0);
        // Deeper than the descriptors this test allows itself (below), at two a level.
        constexpr int kDepth = 2000;
        {
            glassbox::UniqueFd level(::open(leftover.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            QVERIFY(level);
            for (int i = 0; i < kDepth; ++i) {
                QCOMPARE(::mkdirat(level.get(), "d", 0700), 0);
                QVERIFY(::mknodat(level.get(), "file", S_IFREG | 0600, 0) == 0);
                level = glassbox::UniqueFd(
                    ::openat(level.get(), "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
                QVERIFY(level);
            }
        }
        std::string path = writeTar("after-deep.tar", test::makeTar(baseLayer(), ""));
        ImportOptions options;
        options.tags = {"local/after-deep:1"};
        struct rlimit saved
        {
        };
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &saved), 0);
        struct rlimit few = saved;
        few.rlim_cur = 256;
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &few), 0);
        auto restore = qScopeGuard([&saved] { ::setrlimit(RLIMIT_NOFILE, &saved); });
        QElapsedTimer timer;
        timer.start();
        auto result = importImage(s, path, options);
        restore.dismiss();
        ::setrlimit(RLIMIT_NOFILE, &saved);
        QVERIFY2(result, result ? "" : result.error().text().c_str());
        qInfo("import with a %d-level leftover to remove: %lld ms", kDepth, timer.elapsed());
        QVERIFY2(::access(leftover.c_str(), F_OK) != 0, "the deep leftover is still there");

        // A leftover that cannot be removed now (a directory in it is a mount point): the
        // import still succeeds, and the next one tries again.
        const std::string stuck = m_root + "/overlay2/.tmp-rm-stuck";
        QCOMPARE(::mkdir(stuck.c_str(), 0700), 0);
        QCOMPARE(::mkdir((stuck + "/inner").c_str(), 0700), 0);
        QVERIFY(::mknod((stuck + "/inner/file").c_str(), S_IFREG | 0600, 0) == 0);
        QCOMPARE(::mount("tmpfs", (stuck + "/inner").c_str(), "tmpfs", MS_RDONLY, nullptr), 0);
        options.tags = {"local/after-stuck:1"};
        auto again =
            importImage(s, writeTar("after-stuck.tar", test::makeTar(baseLayer(), "")), options);
        QCOMPARE(::umount2((stuck + "/inner").c_str(), MNT_DETACH), 0);
        QVERIFY2(again, again ? "" : again.error().text().c_str());
        QVERIFY(s.resolve("local/after-stuck:1"));
    }

    // 200 KiB of gzip that unpacks to 200 MiB of zeros: stopped at the import's limit, and
    // nothing of it stays in the store.
    void decompressionBombStopsAtTheLimit()
    {
        auto s = store();
        const std::string path = writeBomb("bomb.tar.gz");
        struct stat st
        {
        };
        QCOMPARE(::stat(path.c_str(), &st), 0);
        QVERIFY2(st.st_size < (1 << 20), "the bomb is small");
        ImportOptions options;
        options.tags = {"local/bomb:1"};
        options.maxImageBytes = uint64_t(64) << 20;
        auto result = importImage(s, path, options);
        QVERIFY(!result);
        QCOMPARE(result.error().code, EFBIG);
        const QString message = QString::fromStdString(result.error().text());
        QVERIFY2(message.contains(QStringLiteral("larger than 67108864 bytes uncompressed")),
                 qPrintable(message));
        verifyEmptyStore();
        QVERIFY(entriesOf(m_root + "/overlay2").size() <= 1); // "l" only, no .tmp-* left
    }

    // The same limit from `glassbox-image import --max-image-size`, with a clear error for a
    // size that is not one.
    void importLimitsFromTheCommandLine()
    {
        const QString bomb = QString::fromStdString(writeBomb("bomb-cli.tar.gz"));
        const QString root = QString::fromStdString(m_root);
        auto run = [&](const QStringList &args) {
            QProcess tool;
            tool.start(QStringLiteral(GLASSBOX_IMAGE_BINARY),
                       QStringList{QStringLiteral("--root"), root, QStringLiteral("import")} +
                           args + QStringList{bomb});
            tool.waitForFinished(120000);
            return std::pair{tool.exitCode(), QString::fromUtf8(tool.readAllStandardError())};
        };
        auto [code, err] = run({QStringLiteral("--max-image-size"), QStringLiteral("64m")});
        QCOMPARE(code, 1);
        QVERIFY2(err.contains(QStringLiteral("larger than 67108864 bytes uncompressed")),
                 qPrintable(err));
        verifyEmptyStore();
        std::tie(code, err) = run({QStringLiteral("--keep-free"), QStringLiteral("lots")});
        QCOMPARE(code, 1);
        QVERIFY2(err.contains(QStringLiteral("--keep-free: `lots` is not a size")),
                 qPrintable(err));
    }

    // Without a size limit, the free-space floor stops the same bomb before the filesystem is
    // full (here a 192 MiB tmpfs that must keep 120 MiB free).
    void importLeavesFreeSpace()
    {
        const QString dir = QString::fromStdString(m_root);
        QVERIFY(QDir().mkpath(dir));
        QCOMPARE(::mount("tmpfs", m_root.c_str(), "tmpfs", 0, "size=192m,mode=0700"), 0);
        auto unmount = qScopeGuard([this] { ::umount2(m_root.c_str(), MNT_DETACH); });
        auto s = store();
        const std::string path = writeBomb("bomb2.tar.gz");
        ImportOptions options;
        options.tags = {"local/bomb:2"};
        options.keepFreeBytes = uint64_t(120) << 20;
        auto result = importImage(s, path, options);
        QVERIFY(!result);
        QCOMPARE(result.error().code, ENOSPC);
        const QString message = QString::fromStdString(result.error().text());
        QVERIFY2(message.contains(QStringLiteral("bytes free, less than the 125829120")),
                 qPrintable(message));
        struct statvfs fs
        {
        };
        QCOMPARE(::statvfs(m_root.c_str(), &fs), 0);
        QVERIFY2(uint64_t(fs.f_bavail) * fs.f_frsize > (uint64_t(150) << 20),
                 "the failed import was not cleaned up");
        verifyEmptyStore();
        // A small image still goes in on this nearly full filesystem.
        options.tags = {"local/small:1"};
        auto small = importImage(s, writeTar("small.tar", test::makeTar(baseLayer(), "")), options);
        QVERIFY2(small, small ? "" : small.error().text().c_str());
    }

    // A container's layer can hold mounts (idmapped copies of the image's layers, left by a
    // creation cut short). Removing the layer unmounts them first, and never deletes what
    // they show; without that the removal failed (EBUSY) and the layer stayed for good.
    void removingALayerNeverDeletesThroughAMount()
    {
        auto s = store();
        auto image = importImage(
            s, writeTar("base-" + randomName() + ".tar", test::makeTar(baseLayer(), "")), {});
        QVERIFY2(image, image ? "" : image.error().text().c_str());
        auto record = s.image(image->images.front());
        QVERIFY(record);
        auto layer = s.layers().createWritable(record->layers.back().chainId);
        QVERIFY2(layer, layer ? "" : layer.error().text().c_str());
        const std::string precious = m_dir.path().toStdString() + "/precious-" + randomName();
        QVERIFY(QDir().mkpath(QString::fromStdString(precious)));
        test::writeBytes(precious + "/keep", "keep me");
        const std::string target = s.layers().layerDir(*layer) + "/idmapped/0";
        QVERIFY(QDir().mkpath(QString::fromStdString(target)));
        QCOMPARE(::mount(precious.c_str(), target.c_str(), nullptr, MS_BIND, nullptr), 0);
        auto unmount = qScopeGuard([&] { ::umount2(target.c_str(), MNT_DETACH); });
        auto removed = s.layers().removeWritable(*layer);
        QVERIFY2(removed, removed ? "" : removed.error().text().c_str());
        QVERIFY(QFile::exists(QString::fromStdString(precious + "/keep")));
        QVERIFY(!QDir(QString::fromStdString(s.layers().layerDir(*layer))).exists());
    }

    void sharedLayersAndReferenceCounting()
    {
        auto s = store();
        std::string a = m_dir.path().toStdString() + "/shared-a-" + randomName();
        std::string b = m_dir.path().toStdString() + "/shared-b-" + randomName();
        test::writeOciLayout(a, {{baseLayer()}, {{{"a-only", 'f', "a"}}}}, "app:a");
        test::writeOciLayout(b, {{baseLayer()}, {{{"b-only", 'f', "b"}}}}, "app:b");
        QCOMPARE(importImage(s, a, {})->layersCreated, size_t(2));
        auto second = importImage(s, b, {});
        QVERIFY(second);
        QCOMPARE(second->layersCreated, size_t(1));
        QCOMPARE(second->layersReused, size_t(1));
        auto base = s.image(*s.resolve("app:a"))->layers[0].chainId;
        QCOMPARE(*s.layerReferences(base), size_t(2));

        // A second name keeps the image; untag and tag.
        QVERIFY(s.tag("app:a", "other/name:x"));
        auto untagged = s.remove("app:a");
        QVERIFY(untagged);
        QVERIFY(untagged->deletedImages.empty());
        QVERIFY(s.resolve("other/name:x"));

        auto removed = s.remove("other/name:x");
        QVERIFY(removed);
        QCOMPARE(removed->deletedImages.size(), size_t(1));
        QCOMPARE(removed->deletedLayers.size(), size_t(1)); // the base is still used by app:b
        QVERIFY(s.layers().has(base));
        QCOMPARE(*s.layerReferences(base), size_t(1));
        QVERIFY(s.remove("app:b"));
        QVERIFY(!s.layers().has(base));
        verifyEmptyStore();
    }

    void concurrentImportsExtractOnce()
    {
        std::string a = m_dir.path().toStdString() + "/conc-a-" + randomName();
        std::string b = m_dir.path().toStdString() + "/conc-b-" + randomName();
        std::vector<TarEntry> big = baseLayer();
        big.push_back({"blob", 'f', std::string(5 << 20, 'r')});
        test::writeOciLayout(a, {{big}, {{{"a", 'f', "a"}}}}, "conc:a");
        test::writeOciLayout(b, {{big}, {{{"b", 'f', "b"}}}}, "conc:b");
        auto s1 = store();
        auto s2 = store();
        Result<ImportResult> r1 = makeError(0, "not run"), r2 = makeError(0, "not run");
        std::thread t1([&] { r1 = importImage(s1, a, {}); });
        std::thread t2([&] { r2 = importImage(s2, b, {}); });
        t1.join();
        t2.join();
        QVERIFY(r1 && r2);
        QCOMPARE(r1->layersCreated + r2->layersCreated, size_t(3));
        QCOMPARE(s1.layers().list()->size(), size_t(3));
    }

    void importProgress_data() { progressSources_data(); }

    void importProgress()
    {
        QFETCH(QString, kind);
        auto s = store();
        std::string path = progressSource(kind);
        std::vector<double> seen;
        ImportOptions options;
        options.progress = [&](double fraction) {
            seen.push_back(fraction);
            return true;
        };
        auto result = importImage(s, path, options);
        QVERIFY2(result, result ? "" : result.error().text().c_str());
        // Several steps for 6 MiB (5 MiB for the rootfs) read in blocks of at most 1 MiB,
        // each larger than the last, all below 1 but the final 1: never stuck at 0, never
        // past 1, 1 only when done.
        QVERIFY2(seen.size() >= 4, qPrintable(QString::number(seen.size())));
        QCOMPARE(seen.back(), 1.0);
        for (size_t i = 0; i + 1 < seen.size(); ++i) {
            QVERIFY2(seen[i] > 0 && seen[i] < 1, qPrintable(QString::number(seen[i])));
            if (i > 0)
                QVERIFY2(seen[i] > seen[i - 1], qPrintable(QString::number(seen[i])));
        }
        QVERIFY(seen[seen.size() - 2] >= 0.9);

        // Again: every layer is in the store, nothing is read, and 1 is all there is to say.
        // (A rootfs tar is read again: its layer is known only once it is read. A compressed
        // archive is indexed again, and the bar follows that pass.)
        if (kind.startsWith(QLatin1String("rootfs-tar")))
            return;
        if (kind.endsWith(QLatin1String(".gz")))
            return;
        seen.clear();
        result = importImage(s, path, options);
        QVERIFY2(result, result ? "" : result.error().text().c_str());
        QCOMPARE(result->layersCreated, size_t(0));
        QCOMPARE(seen, std::vector<double>{1.0});
    }

    void importProgressCancel_data() { progressSources_data(); }

    void importProgressCancel()
    {
        QFETCH(QString, kind);
        auto s = store();
        std::string path = progressSource(kind);
        std::vector<double> seen;
        ImportOptions options;
        // Cancelled once half the bytes are read: for the layered sources, with earlier layers
        // complete in the store, which the failed import must remove again.
        size_t layersAtCancel = 0;
        options.progress = [&](double fraction) {
            seen.push_back(fraction);
            if (fraction < 0.5)
                return true;
            layersAtCancel = s.layers().list()->size();
            return false;
        };
        auto result = importImage(s, path, options);
        QVERIFY(!result);
        if (!kind.startsWith(QLatin1String("rootfs-tar")))
            QVERIFY2(layersAtCancel >= 1, qPrintable(QString::number(layersAtCancel)));
        QCOMPARE(result.error().code, ECANCELED);
        QVERIFY2(result.error().message.find("cancelled") != std::string::npos,
                 result.error().message.c_str());
        QVERIFY(!seen.empty());
        QVERIFY2(seen.back() >= 0.5 && seen.back() < 1, qPrintable(QString::number(seen.back())));
        QCOMPARE(std::count_if(seen.begin(), seen.end(), [](double f) { return f >= 0.5; }), 1L);
        verifyEmptyStore();
    }

    void compressedArchiveCancelsWhileIndexed_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("gzip docker-archive, 4 layers") << "docker-tar.gz";
        QTest::newRow("gzip rootfs tar") << "rootfs-tar.gz";
    }

    // Regression: a compressed archive was decompressed whole to find its members before
    // the first progress report, so the bar sat at 0 and Cancel waited for that pass to end.
    // Cancelled at the first report, the import must stop within the first reads.
    void compressedArchiveCancelsWhileIndexed()
    {
        QFETCH(QString, kind);
        auto s = store();
        const std::string path = progressSource(kind);
        const auto archiveBytes = static_cast<uint64_t>(std::filesystem::file_size(path));
        std::vector<double> seen;
        ImportOptions options;
        options.progress = [&](double fraction) {
            seen.push_back(fraction);
            return false;
        };
        const uint64_t readBefore = bytesReadByThisProcess();
        auto result = importImage(s, path, options);
        const uint64_t read = bytesReadByThisProcess() - readBefore;
        QVERIFY(!result);
        QCOMPARE(result.error().code, ECANCELED);
        QCOMPARE(seen.size(), size_t(1));
        QVERIFY2(seen.front() > 0 && seen.front() < 0.3, qPrintable(QString::number(seen.front())));
        QVERIFY2(read < archiveBytes / 2,
                 qPrintable(QStringLiteral("read %1 of %2 bytes").arg(read).arg(archiveBytes)));
        verifyEmptyStore();
    }

    void multiImageArchiveFailsWhole_data()
    {
        QTest::addColumn<bool>("cancel");
        QTest::newRow("cancelled in the second image") << true;
        QTest::newRow("second image broken") << false;
    }

    // Regression: an archive of several images that failed (or was cancelled) in a later
    // image kept the earlier image's record and names while the rollback removed its layers
    // and config blob, leaving an image that could not be read.
    void multiImageArchiveFailsWhole()
    {
        QFETCH(bool, cancel);
        auto s = store();
        // A name the archive's first image also claims must point where it did before.
        ImportOptions named;
        named.tags = {"multi/first:1"};
        auto before = importImage(
            s, writeTar("named-" + randomName() + ".tar", test::makeTar({{"x", 'f', "x"}})), named);
        QVERIFY2(before, before ? "" : before.error().text().c_str());
        const auto tagsBefore = *s.tags();
        const size_t layersBefore = s.layers().list()->size();
        const size_t blobsBefore = entriesOf(m_root + "/blobs/sha256").size();

        auto layers = progressLayers();
        std::string path =
            writeTar("multi-" + randomName() + ".tar",
                     dockerArchive({{{layers[0], layers[1]}, "multi/first:1"},
                                    {{layers[2], layers[3]}, "multi/second:1", !cancel}}));
        ImportOptions options;
        options.progress = [&](double fraction) {
            return !cancel || fraction < 0.6; // the first image is half of the bytes
        };
        auto result = importImage(s, path, options);
        QVERIFY(!result);
        QCOMPARE(result.error().code, cancel ? ECANCELED : EBADMSG);
        QCOMPARE(*s.tags(), tagsBefore);
        QCOMPARE(s.images()->size(), size_t(1));
        QCOMPARE(*s.resolve("multi/first:1"), before->images.front());
        QCOMPARE(s.layers().list()->size(), layersBefore);
        QCOMPARE(entriesOf(m_root + "/blobs/sha256").size(), blobsBefore);
    }

    void importProgressUnknownSize()
    {
        auto s = store();
        // 20 MiB from a stream of unknown length: 0 every 8 MiB (a chance to cancel), then 1.
        UnsizedSource source(test::makeTar({{"big", 'f', std::string(20 << 20, 'u')}}));
        std::vector<double> seen;
        ImportOptions options;
        options.progress = [&](double fraction) {
            seen.push_back(fraction);
            return true;
        };
        auto result = importRootfs(s, source, options, "stream");
        QVERIFY2(result, result ? "" : result.error().text().c_str());
        QCOMPARE(seen, (std::vector<double>{0, 0, 0, 1}));

        UnsizedSource again(test::makeTar({{"other", 'f', std::string(20 << 20, 'v')}}));
        seen.clear();
        options.progress = [&](double fraction) {
            seen.push_back(fraction);
            return seen.size() < 2;
        };
        result = importRootfs(s, again, options, "stream");
        QVERIFY(!result);
        QCOMPARE(result.error().code, ECANCELED);
        QCOMPARE(seen, (std::vector<double>{0, 0}));
        // The first image stays; the cancelled one left nothing.
        QCOMPARE(s.images()->size(), size_t(1));
        QCOMPARE(s.layers().list()->size(), size_t(1));
    }

    // Issue 12, item 4: the helper imported by reopening the caller's descriptor through
    // /proc/self/fd/N as root. importImage(fd) reads the descriptor it is given, and refuses
    // what an import cannot read safely, naming what it is.
    void importDescriptorRefused_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("inMessage");
        QTest::newRow("O_PATH") << QStringLiteral("o_path") << QStringLiteral("auto")
                                << QStringLiteral("O_PATH");
        QTest::newRow("write-only") << QStringLiteral("write-only") << QStringLiteral("auto")
                                    << QStringLiteral("not open for reading (write-only)");
        QTest::newRow("directory") << QStringLiteral("directory") << QStringLiteral("auto")
                                   << QStringLiteral("is a directory;");
        QTest::newRow("character device") << QStringLiteral("zero") << QStringLiteral("rootfs")
                                          << QStringLiteral("is a character device (1:5);");
        QTest::newRow("socket") << QStringLiteral("socket") << QStringLiteral("rootfs")
                                << QStringLiteral("is a socket;");
        QTest::newRow("pipe, format auto") << QStringLiteral("pipe") << QStringLiteral("auto")
                                           << QStringLiteral("(format `rootfs`)");
        QTest::newRow("pipe, format oci") << QStringLiteral("pipe") << QStringLiteral("oci")
                                          << QStringLiteral("(format `rootfs`)");
    }
    void importDescriptorRefused()
    {
        QFETCH(QString, kind);
        QFETCH(QString, format);
        QFETCH(QString, inMessage);
        auto s = store();
        const std::string tar =
            writeTar("refused-" + randomName() + ".tar", test::makeTar({{"file", 'f', "data"}}));
        int fd = -1;
        int other = -1;
        if (kind == QLatin1String("o_path")) {
            fd = ::open(tar.c_str(), O_PATH | O_CLOEXEC);
        } else if (kind == QLatin1String("write-only")) {
            fd = ::open(tar.c_str(), O_WRONLY | O_CLOEXEC);
        } else if (kind == QLatin1String("directory")) {
            fd = ::open(m_dir.path().toLocal8Bit().constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        } else if (kind == QLatin1String("zero")) {
            fd = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);
        } else {
            int fds[2];
            if (kind == QLatin1String("socket"))
                QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
            else
                QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
            fd = fds[0];
            other = fds[1];
        }
        QVERIFY(fd >= 0);
        auto closeOther = qScopeGuard([&] {
            if (other >= 0)
                ::close(other);
        });
        ImportOptions options;
        options.format = *parseImportFormat(format.toStdString());
        auto checked = checkImportDescriptor(fd, options.format);
        QVERIFY(!checked);
        auto result = importImage(s, UniqueFd(fd), options, "caller");
        QVERIFY(!result);
        QCOMPARE(result.error().code, EINVAL);
        QVERIFY2(QString::fromStdString(result.error().message).contains(inMessage),
                 result.error().message.c_str());
        QCOMPARE(result.error().message, "import `caller`: " + checked.error().message);
        verifyEmptyStore();
    }

    // A regular file is read with pread(): the caller's offset (shared with the helper's
    // duplicate) neither matters nor moves, and an archive's several passes share one
    // descriptor.
    void importFromDescriptor_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("rootfs tar") << QStringLiteral("rootfs");
        QTest::newRow("docker-archive, detected") << QStringLiteral("auto");
    }
    void importFromDescriptor()
    {
        QFETCH(QString, format);
        auto s = store();
        auto layers = progressLayers();
        ArchiveImage image;
        image.layers = {layers[0], layers[1]};
        image.tag = "fd/image:1";
        const std::string data = format == QLatin1String("rootfs")
                                     ? test::makeTar(layers[0].entries)
                                     : dockerArchive({image});
        const std::string path = writeTar("fd-" + randomName() + ".tar", data);
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        QVERIFY(fd >= 0);
        const int callers = ::fcntl(fd, F_DUPFD_CLOEXEC, 0); // the caller keeps its own
        QCOMPARE(::lseek(callers, 100, SEEK_SET), off_t(100));
        ImportOptions options;
        options.format = *parseImportFormat(format.toStdString());
        options.tags = {"fd/image:1"};
        auto result = importImage(s, UniqueFd(fd), options, "caller's file");
        QVERIFY2(result, result ? "" : result.error().text().c_str());
        QCOMPARE(result->images.size(), size_t(1));
        QCOMPARE(::lseek(callers, 0, SEEK_CUR), off_t(100));
        ::close(callers);
        QVERIFY(s.resolve("fd/image:1"));
    }

    // A larger regular file than ImportOptions::maxBytes is refused before anything is read.
    void importFileOverLimit()
    {
        auto s = store();
        const std::string path = writeTar("big-" + randomName() + ".tar",
                                          test::makeTar({{"big", 'f', std::string(2 << 20, 'b')}}));
        ImportOptions options;
        options.format = ImportFormat::RootfsTar;
        options.maxBytes = 1 << 20;
        auto result = importImage(s, path, options);
        QVERIFY(!result);
        QCOMPARE(result.error().code, EFBIG);
        QVERIFY2(result.error().message.find("is more than the import limit of 1048576 bytes") !=
                     std::string::npos,
                 result.error().message.c_str());
        verifyEmptyStore();
    }

    // A pipe that never delivers: the import gives up after stallTimeout (ETIMEDOUT), or ends
    // at once when `cancelled` says so (ECANCELED); an endless one stops at maxBytes (EFBIG).
    // Nothing is left in the store.
    void importPipeBounded_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("inMessage");
        QTest::newRow("silent, stall timeout")
            << QStringLiteral("stall") << int(ETIMEDOUT)
            << QStringLiteral("`stream` delivered nothing for 300 ms");
        QTest::newRow("silent, cancelled")
            << QStringLiteral("cancel") << int(ECANCELED) << QStringLiteral("import cancelled");
        QTest::newRow("endless zeros, limit")
            << QStringLiteral("endless") << int(EFBIG)
            << QStringLiteral("`stream` holds more than the import limit of 8388608 bytes");
    }
    void importPipeBounded()
    {
        QFETCH(QString, how);
        QFETCH(int, code);
        QFETCH(QString, inMessage);
        auto s = store();
        int fds[2];
        QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
        std::atomic<bool> cancel = false;
        std::atomic<bool> done = false;
        std::thread writer;
        if (how == QLatin1String("endless")) {
            writer = std::thread([&] {
                const std::string zeros(1 << 16, '\0');
                // Ends with EPIPE once the import closed its end (SIGPIPE is ignored below).
                while (!done && ::write(fds[1], zeros.data(), zeros.size()) > 0) {
                }
            });
        } else if (how == QLatin1String("cancel")) {
            writer = std::thread([&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                cancel = true;
            });
        }
        struct sigaction ignore
        {
        };
        ignore.sa_handler = SIG_IGN;
        struct sigaction previous
        {
        };
        ::sigaction(SIGPIPE, &ignore, &previous);
        ImportOptions options;
        options.format = ImportFormat::RootfsTar;
        options.stallTimeout = std::chrono::milliseconds(how == QLatin1String("stall") ? 300 : 0);
        options.maxBytes = 8 << 20;
        options.cancelled = [&] {
            return cancel.load();
        };
        QElapsedTimer timer;
        timer.start();
        auto result = importImage(s, UniqueFd(fds[0]), options, "stream");
        const qint64 elapsed = timer.elapsed();
        done = true;
        ::close(fds[1]);
        if (writer.joinable())
            writer.join();
        ::sigaction(SIGPIPE, &previous, nullptr);
        QVERIFY(!result);
        QCOMPARE(result.error().code, code);
        QVERIFY2(QString::fromStdString(result.error().message).contains(inMessage),
                 result.error().message.c_str());
        QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));
        if (how != QLatin1String("endless"))
            QVERIFY2(elapsed >= 250, qPrintable(QString::number(elapsed)));
        verifyEmptyStore();
    }

    void efficiencyHandComputed()
    {
        auto f = [](std::string path, uint64_t size) {
            return FileEntry{std::move(path), size, false, false, false};
        };
        auto wh = [](std::string path) {
            return FileEntry{std::move(path), 0, false, true, false};
        };
        auto opq = [](std::string path) {
            return FileEntry{std::move(path), 0, true, false, true};
        };
        // Overwrite and delete: total 270, wasted a's 100 + b's 50.
        auto e = computeEfficiency({{f("a", 100), f("b", 50)}, {f("a", 120)}, {wh("b")}});
        QCOMPARE(e.totalBytes, uint64_t(270));
        QCOMPARE(e.wastedBytes, uint64_t(150));
        QVERIFY(qFuzzyCompare(e.efficiency, 1.0 - 150.0 / 270.0));
        QCOMPARE(e.paths.front().path, std::string("a"));
        QCOMPARE(e.paths.front().versions, uint64_t(2));
        // dive issue #684: the same 100-byte file in two layers wastes 100 bytes, not 200.
        e = computeEfficiency({{f("f", 100)}, {f("f", 100)}});
        QCOMPARE(e.wastedBytes, uint64_t(100));
        QVERIFY(qFuzzyCompare(e.efficiency, 0.5));
        // An opaque directory hides the lower contents; a directory whiteout its subtree.
        e = computeEfficiency(
            {{f("d/x", 10), f("d/y", 20), f("e/z", 7)}, {opq("d"), f("d/new", 5), wh("e")}});
        QCOMPARE(e.totalBytes, uint64_t(42));
        QCOMPARE(e.wastedBytes, uint64_t(37));
        // Nothing duplicated: fully efficient; an empty image too.
        e = computeEfficiency({{f("a", 1)}, {f("b", 2)}});
        QCOMPARE(e.wastedBytes, uint64_t(0));
        QCOMPARE(e.efficiency, 1.0);
        QCOMPARE(computeEfficiency({}).efficiency, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestImage)
#include "test_image.moc"
