// A container from an imported image, for real: overlay rootfs, glassbox-runtime runs a
// command in it, the diff shows what it wrote, removal leaves no mount and no layer.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "bundle.h"
#include "glassbox/image/analysis.h"
#include "glassbox/image/busybox_image.h"
#include "glassbox/image/container_rootfs.h"
#include "glassbox/image/image_store.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <sys/mount.h>
#include <unistd.h>

using namespace glassbox;
using namespace glassbox::image;

namespace {

bool mountedUnder(const std::string &prefix)
{
    std::ifstream info("/proc/self/mountinfo");
    std::string line;
    while (std::getline(info, line))
        if (line.find(" " + prefix) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestImageContainer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runFromImportedImage()
    {
        if (QString reason = test::privilegedSkipReason(); !reason.isEmpty())
            QSKIP(qPrintable(reason));
        QTemporaryDir dir;
        std::string root = dir.path().toStdString() + "/store";
        QString stateRoot = dir.path() + QStringLiteral("/state");
        auto store = ImageStore::open(root);
        QVERIFY(store);
        auto cleanup = qScopeGuard([&] {
            test::runRuntime(stateRoot, {QStringLiteral("delete"), QStringLiteral("--force"),
                                         QStringLiteral("box")});
            (void)removeContainerRootfs(*store, "box");
            // Whatever is still mounted below the store goes, even after a failed check.
            std::ifstream info("/proc/self/mountinfo");
            std::string line;
            while (std::getline(info, line)) {
                auto at = line.find(" " + root);
                if (at != std::string::npos) {
                    std::string target = line.substr(at + 1, line.find(' ', at + 1) - at - 1);
                    ::umount2(target.c_str(), MNT_DETACH);
                }
            }
        });

        auto loaded = loadBusyboxImage(*store, test::busyboxPath().toStdString());
        QVERIFY2(loaded, loaded ? "" : loaded.error().text().c_str());
        // Loading again gives the same image (timestamps come from the binary).
        auto again = loadBusyboxImage(*store, test::busyboxPath().toStdString());
        QVERIFY(again);
        QCOMPARE(again->images, loaded->images);
        QCOMPARE(again->layersReused, size_t(1));

        auto rootfs = createContainerRootfs(
            *store,
            {"box", "busybox", {"sh", "-c", "echo hello > /hello; rm /etc/group; id -u"}, {}});
        QVERIFY2(rootfs, rootfs ? "" : rootfs.error().text().c_str());
        QVERIFY(mountedUnder(rootfs->mergedDir));
        auto duplicate = createContainerRootfs(*store, {"box", "busybox", {}, {}});
        QVERIFY(!duplicate);
        QVERIFY(duplicate.error().message.find("already exists") != std::string::npos);

        auto run = test::runRuntime(stateRoot, {QStringLiteral("run"), QStringLiteral("--bundle"),
                                                QString::fromStdString(rootfs->bundle),
                                                QStringLiteral("box")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.out.trimmed(), QByteArray("0"));

        auto diff = containerDiff(*store, "box");
        QVERIFY(diff);
        bool added = false, deleted = false, changed = false;
        for (const auto &change : *diff) {
            if (change.path == "/hello") {
                added = change.kind == 'A' && change.size == 6 && !change.copiedUp;
            }
            if (change.path == "/etc/group")
                deleted = change.kind == 'D';
            if (change.path == "/etc")
                changed = change.kind == 'C' && change.copiedUp;
        }
        QVERIFY(added);
        QVERIFY(deleted);
        QVERIFY(changed);
        auto inspect = inspectContainerJson(*store, "box");
        QVERIFY(inspect);
        QVERIFY(inspect->find(rootfs->upperDir) != std::string::npos);

        // The image is in use: removal is refused and nothing goes.
        auto refused = store->remove("busybox");
        QVERIFY(!refused);
        QVERIFY(refused.error().message.find("used by container `box`") != std::string::npos);
        QVERIFY(store->resolve("busybox"));

        test::runRuntime(stateRoot, {QStringLiteral("delete"), QStringLiteral("box")});
        QVERIFY(removeContainerRootfs(*store, "box"));
        QVERIFY(!mountedUnder(root));
        QVERIFY(::access(rootfs->bundle.c_str(), F_OK) != 0);
        QVERIFY(::access(rootfs->upperDir.c_str(), F_OK) != 0);

        // Now the last user is gone: the image and its layer go.
        auto removed = store->remove("busybox");
        QVERIFY(removed);
        QCOMPARE(removed->deletedLayers.size(), size_t(1));
        QVERIFY(store->layers().list()->empty());
    }
};

QTEST_GUILESS_MAIN(TestImageContainer)
#include "test_image_container.moc"
