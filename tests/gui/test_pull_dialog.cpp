// Pull Image in the desktop application (issue 17), end to end: the real helper on a private
// system bus with the real polkitd, pulling from the test's own registry on 127.0.0.1 (plain
// HTTP, marked insecure in the helper's registries.conf), the dialog offscreen. A bar per layer
// reaches its end, Cancel leaves nothing, a registry that wants a password gets the one typed
// into the dialog (remembered in the user's auth.json when asked to), and a search fills the
// reference. GLASSBOX_SCREENSHOTS=DIR saves pull-dialog.png.
// Fixture entries are aggregates; most tests name only the fields they need.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "CreateContainerDialog.h"
#include "HelperClient.h"
#include "ImagesModel.h"
#include "MainWindow.h"
#include "PullDialog.h"
#include "helper_process.h"
#include "image_fixtures.h"
#include "registry_server.h"
#include "system_bus.h"

#include <nlohmann/json.hpp>

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace glassbox::test;

class TestPullDialog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    std::unique_ptr<TestSystemBus> m_bus;
    std::unique_ptr<FakeRegistry> m_fake;
    std::unique_ptr<HelperProcess> m_helper;
    std::unique_ptr<HelperClient> m_client;
    std::string m_layout;

    /// One layout serving two tags: "small" (a file) and "big" (the file and 20 MB that do
    /// not compress), so a pull can be cancelled while a layer streams.
    std::optional<glassbox::client::ContainerInfo> containerNamed(const QString &name) const
    {
        const QList<glassbox::client::ContainerInfo> containers = m_client->containers();
        for (const glassbox::client::ContainerInfo &container : containers)
            if (container.name == name)
                return container;
        return std::nullopt;
    }

    void writeLayout()
    {
        const std::string dir = m_root.path().toStdString() + "/layout";
        const LayoutLayer release{
            {{"etc", 'd', {}, {}, 0755}, {"etc/release", 'f', "pull dialog\n"}}, "gzip", "release"};
        const OciImage small = writeOciImage(dir, {release}, glassbox::image::hostArchitecture());
        const OciImage big = writeOciImage(
            dir, {release, {{{"big", 'f', randomBytes(20 << 20, 3), {}, 0644}}, "gzip", "big"}},
            glassbox::image::hostArchitecture());
        nlohmann::json manifests = nlohmann::json::array();
        for (const auto &[image, tag] : {std::pair{&small, "small"}, std::pair{&big, "big"}})
            manifests.push_back({{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                                 {"digest", image->manifestDigest},
                                 {"size", image->manifestSize},
                                 {"annotations", {{"org.opencontainers.image.ref.name", tag}}}});
        writeBytes(dir + "/index.json",
                   nlohmann::json{{"schemaVersion", 2}, {"manifests", manifests}}.dump());
        writeBytes(dir + "/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
        m_layout = dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString why = TestSystemBus::skipReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY(m_root.isValid());
        m_bus = std::make_unique<TestSystemBus>();
        QVERIFY2(m_bus->isValid(), qPrintable(m_bus->error()));
        writeLayout();
        m_fake = std::make_unique<FakeRegistry>(QString::fromStdString(m_layout));
        QVERIFY2(m_fake->isValid(), qPrintable(m_fake->error()));
        const QString conf = m_root.path() + QStringLiteral("/registries.conf");
        QFile file(conf);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[[registry]]\nlocation = \"" + m_fake->host().toUtf8() +
                   "\"\ninsecure = true\n");
        file.close();
        m_helper = std::make_unique<HelperProcess>(
            *m_bus, m_root.path(),
            HelperProcess::Binaries{QStringLiteral(GLASSBOX_HELPER_BINARY),
                                    QStringLiteral(GLASSBOX_SHIM_BINARY),
                                    QStringLiteral(GLASSBOX_RUNTIME_BINARY)},
            QString(), QStringList{QStringLiteral("--registries-conf"), conf});
        QVERIFY2(m_helper->isValid(), qPrintable(m_helper->error()));
        // The dialog's own search reads the same file, as the user's podman would.
        qputenv("CONTAINERS_REGISTRIES_CONF", QFile::encodeName(conf));
        m_client = std::make_unique<HelperClient>(m_bus->connection());
        qputenv("REGISTRY_AUTH_FILE",
                QFile::encodeName(m_root.path() + QStringLiteral("/auth/auth.json")));
    }

    void cleanupTestCase()
    {
        qunsetenv("REGISTRY_AUTH_FILE");
        qunsetenv("CONTAINERS_REGISTRIES_CONF");
        m_client.reset();
        m_helper.reset();
    }

    /// Pull: the layers listed with a bar each, every bar full at the end, the image in the
    /// store under the reference.
    void pullsWithABarPerLayer()
    {
        PullDialog dialog(m_client.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString reference = m_fake->host() + QStringLiteral("/app:small");
        dialog.setReference(reference);
        QVERIFY(dialog.pullButton()->isEnabled());
        QTest::mouseClick(dialog.pullButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.pulledImage().isEmpty(), 30000);
        QCOMPARE(dialog.layersView()->topLevelItemCount(), 1);
        QCOMPARE(dialog.layerBar(0)->value(), dialog.layerBar(0)->maximum());
        QVERIFY2(dialog.statusText().contains(reference), qPrintable(dialog.statusText()));
        QCOMPARE(dialog.cancelButton()->text(), PullDialog::tr("&Close"));
    }

    /// Cancel while the big layer streams: the job ends cancelled, the dialog says nothing was
    /// added, and the image is not in the store.
    void cancelLeavesNothing()
    {
        m_fake->throttle(4 << 20); // five seconds for the big layer
        auto unthrottle = qScopeGuard([this] { m_fake->throttle(0); });
        ImagesModel images;
        images.setClient(m_client.get());
        PullDialog dialog(m_client.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString reference = m_fake->host() + QStringLiteral("/app:big");
        dialog.setReference(reference);
        dialog.pull();
        auto partWay = [&] {
            for (int row = 0; row < dialog.layersView()->topLevelItemCount(); ++row)
                if (QProgressBar *bar = dialog.layerBar(row);
                    bar && bar->value() > 0 && bar->value() < bar->maximum())
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(partWay(), 20000);
        QCOMPARE(dialog.cancelButton()->text(), PullDialog::tr("&Cancel Pull"));
        QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.pulling(), 20000);
        QVERIFY2(dialog.statusText().startsWith(PullDialog::tr("Cancelled")),
                 qPrintable(dialog.statusText()));
        QVERIFY(dialog.isVisible()); // Cancel ended the pull, not the dialog
        QVERIFY(dialog.pulledImage().isEmpty());
        for (int row = 0; row < images.rowCount(); ++row)
            QVERIFY(!images.imageAt(row).tags.contains(reference));
    }

    /// Close pressed before the helper answered PullImage: the job is cancelled once it is
    /// known, and the dialog stays until then.
    void closeBeforeTheJobIsKnownCancelsIt()
    {
        m_fake->throttle(4 << 20);
        auto unthrottle = qScopeGuard([this] { m_fake->throttle(0); });
        PullDialog dialog(m_client.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setReference(m_fake->host() + QStringLiteral("/early:big"));
        dialog.pull();
        dialog.cancelButton()->click(); // no event loop turn between: the reply is not in yet
        QVERIFY(dialog.isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.pulling(), 20000);
        QVERIFY2(dialog.statusText().startsWith(PullDialog::tr("Cancelled")),
                 qPrintable(dialog.statusText()));
        QVERIFY(dialog.pulledImage().isEmpty());
    }

    /// A registry that wants a password: the pull fails with the registry's 401, the dialog
    /// asks for the credentials, and the pull with them succeeds and remembers them in the
    /// user's auth.json.
    void asksForCredentialsAndRemembersThem()
    {
        m_fake->requireBasic(QStringLiteral("alice"), QStringLiteral("s3cret"));
        auto reset = qScopeGuard([this] { m_fake->reset(); });
        PullDialog dialog(m_client.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setReference(m_fake->host() + QStringLiteral("/private:small"));
        dialog.pull();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.credentialsBox()->isVisible(), 30000);
        QVERIFY2(dialog.statusText().contains(QStringLiteral("401")),
                 qPrintable(dialog.statusText()));
        QTest::keyClicks(dialog.usernameEdit(), QStringLiteral("alice"));
        QTest::keyClicks(dialog.passwordEdit(), QStringLiteral("s3cret"));
        dialog.rememberCheck()->setChecked(true);
        QTest::mouseClick(dialog.pullButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.pulledImage().isEmpty(), 30000);
        QFile auth(m_root.path() + QStringLiteral("/auth/auth.json"));
        QVERIFY(auth.open(QIODevice::ReadOnly));
        QVERIFY(auth.readAll().contains(m_fake->host().toUtf8()));
        QCOMPARE(auth.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
    }

    /// A search of the registry's catalog lists what matches; choosing a result fills the
    /// reference.
    void searchFillsTheReference()
    {
        m_fake->setRepositories({QStringLiteral("team/web"), QStringLiteral("team/db"),
                                 QStringLiteral("other/webapp")});
        PullDialog dialog(m_client.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.searchEdit()->setText(m_fake->host() + QStringLiteral("/web"));
        dialog.search();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.statusText().startsWith(QStringLiteral("Searching")),
                                 20000);
        QTRY_VERIFY2_WITH_TIMEOUT(dialog.searchResults()->topLevelItemCount() == 2,
                                  qPrintable(dialog.statusText()), 20000);
        QCOMPARE(dialog.searchResults()->topLevelItem(0)->text(0),
                 m_fake->host() + QStringLiteral("/team/web"));
        QVERIFY(dialog.searchResults()->isColumnHidden(2)); // a catalog has no stars
        dialog.searchResults()->setCurrentItem(dialog.searchResults()->topLevelItem(1));
        QCOMPARE(dialog.reference(), m_fake->host() + QStringLiteral("/other/webapp"));
        if (const QByteArray dir = qgetenv("GLASSBOX_SCREENSHOTS"); !dir.isEmpty()) {
            // The found name with a tag the registry has, pulled: results, bars and status.
            dialog.searchResults()->setCurrentItem(dialog.searchResults()->topLevelItem(0));
            dialog.setReference(dialog.reference() + QStringLiteral(":big"));
            dialog.pull();
            QTRY_VERIFY_WITH_TIMEOUT(!dialog.pulledImage().isEmpty(), 30000);
            QVERIFY(QDir().mkpath(QString::fromLocal8Bit(dir)));
            QVERIFY(dialog.grab().toImage().save(QString::fromLocal8Bit(dir) +
                                                 QStringLiteral("/pull-dialog.png")));
        }
    }

    /// Run with an image that is not here: the window pulls it in a Pull dialog over the Run
    /// dialog, then creates the container from it; a second Run of it pulls nothing.
    void runPullsAMissingImage()
    {
        MainWindow window(m_client.get());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(m_client->isAvailable(), 20000);
        const QString reference = m_fake->host() + QStringLiteral("/run/app:small");
        QVERIFY(!window.hasImage(reference));
        CreateContainerDialog dialog({}, &window);
        dialog.show();
        dialog.setImage(reference);
        dialog.setName(QStringLiteral("pulled-then-created"));
        dialog.findChild<QCheckBox *>(QStringLiteral("startCheck"))->setChecked(false);
        window.runFromDialog(&dialog);
        QPointer<PullDialog> pull = dialog.findChild<PullDialog *>();
        QVERIFY(pull);
        QCOMPARE(pull->reference(), reference);
        QTRY_VERIFY_WITH_TIMEOUT(containerNamed(QStringLiteral("pulled-then-created")), 30000);
        QTRY_VERIFY(!pull); // closed once the image was here
        QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
        QTRY_VERIFY(window.hasImage(reference));

        CreateContainerDialog again({}, &window);
        again.show();
        again.setImage(reference);
        again.setName(QStringLiteral("created-without-a-pull"));
        again.findChild<QCheckBox *>(QStringLiteral("startCheck"))->setChecked(false);
        window.runFromDialog(&again);
        QVERIFY(!again.findChild<PullDialog *>());
        QTRY_VERIFY_WITH_TIMEOUT(containerNamed(QStringLiteral("created-without-a-pull")), 30000);
        for (const char *name : {"pulled-then-created", "created-without-a-pull"})
            m_client->removeContainer(containerNamed(QString::fromLatin1(name))->id, true);
    }

    /// A missing image the registry does not have: the Pull dialog says so; closed, the Run
    /// dialog keeps its form and names the image, and no container is made.
    void runKeepsTheFormWhenThePullFails()
    {
        MainWindow window(m_client.get());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(m_client->isAvailable(), 20000);
        const QString reference = m_fake->host() + QStringLiteral("/app:no-such-tag");
        CreateContainerDialog dialog({}, &window);
        dialog.show();
        dialog.setImage(reference);
        dialog.setName(QStringLiteral("never-made"));
        window.runFromDialog(&dialog);
        QPointer<PullDialog> pull = dialog.findChild<PullDialog *>();
        QVERIFY(pull);
        QTRY_VERIFY_WITH_TIMEOUT(!pull->pulling(), 30000);
        QVERIFY2(pull->statusText().contains(QStringLiteral("404")) ||
                     pull->statusText().contains(QStringLiteral("not found")),
                 qPrintable(pull->statusText()));
        QTest::mouseClick(pull->cancelButton(), Qt::LeftButton); // "Close"
        QTRY_VERIFY(!pull);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.image(), reference);
        QCOMPARE(dialog.name(), QStringLiteral("never-made"));
        QVERIFY2(dialog.problem().contains(reference), qPrintable(dialog.problem()));
        QVERIFY(!containerNamed(QStringLiteral("never-made")));
    }

    /// The Images list says where a pulled image came from.
    void imagesShowTheSource()
    {
        ImagesModel images;
        images.setClient(m_client.get());
        QTRY_VERIFY_WITH_TIMEOUT(images.rowCount() > 0, 10000);
        QString sources;
        for (int row = 0; row < images.rowCount(); ++row)
            sources +=
                images.data(images.index(row, ImagesModel::Source)).toString() + QLatin1Char('\n');
        // app:small, private:small and run/app:small are one image: the last pull says where
        // it came from, which is the test's registry either way.
        QVERIFY2(sources.contains(m_fake->host() + QLatin1Char('/')), qPrintable(sources));
    }
};

QTEST_MAIN(TestPullDialog)
#include "test_pull_dialog.moc"
