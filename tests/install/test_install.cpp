// The build as a user gets it: every program the README promises is built, and
// `cmake --install` puts the programs and the desktop, D-Bus, polkit and systemd files
// where the system looks for them, each naming the others by their installed paths.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

/// The value of `key=` in a desktop-entry style file (D-Bus service, systemd unit, .desktop).
QString keyValue(const QString &text, const QString &key)
{
    const QRegularExpression line(QStringLiteral("^%1=(.*)$").arg(QRegularExpression::escape(key)),
                                  QRegularExpression::MultilineOption);
    const auto match = line.match(text);
    return match.hasMatch() ? match.captured(1).trimmed() : QString();
}

bool isElfExecutable(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return file.read(4) == QByteArray("\x7f"
                                      "ELF",
                                      4) &&
           QFileInfo(path).isExecutable();
}

} // namespace

class TestInstall : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_prefix;
    QString m_configuredPrefix;

    QString installed(const QString &relative) const { return m_prefix.filePath(relative); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_prefix.isValid(), qPrintable(m_prefix.errorString()));
        // The prefix the build was configured for: the activation file and the unit name the
        // helper by that path, wherever this test installs the tree.
        const QString cache = readText(QStringLiteral(GLASSBOX_BUILD_DIR "/CMakeCache.txt"));
        m_configuredPrefix = keyValue(cache, QStringLiteral("CMAKE_INSTALL_PREFIX:PATH"));
        QVERIFY2(!m_configuredPrefix.isEmpty(), "no CMAKE_INSTALL_PREFIX in CMakeCache.txt");

        QProcess install;
        install.setProcessChannelMode(QProcess::MergedChannels);
        install.start(QStringLiteral("cmake"),
                      {QStringLiteral("--install"), QStringLiteral(GLASSBOX_BUILD_DIR),
                       QStringLiteral("--prefix"), m_prefix.path()});
        QVERIFY(install.waitForFinished(240000));
        QVERIFY2(install.exitStatus() == QProcess::NormalExit && install.exitCode() == 0,
                 install.readAll().constData());
    }

    void programsAreInstalled_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("glassboxctl") << "bin/glassboxctl";
        QTest::newRow("glassbox-runtime") << "bin/glassbox-runtime";
        QTest::newRow("glassbox-image") << "bin/glassbox-image";
        QTest::newRow("glassbox-helper") << "libexec/glassbox-helper";
        QTest::newRow("glassbox-shim") << "libexec/glassbox/glassbox-shim";
        if (GLASSBOX_GUI_BUILT)
            QTest::newRow("glassbox (desktop application)") << "bin/glassbox";
    }

    void programsAreInstalled()
    {
        QFETCH(QString, path);
        QVERIFY2(isElfExecutable(installed(path)),
                 qPrintable(path + QStringLiteral(" is missing or not an executable")));
    }

    void desktopApplicationIsBuilt()
    {
        if (!GLASSBOX_GUI_BUILT)
            QFAIL("configured with -DGLASSBOX_GUI=OFF: the desktop application is not built, "
                  "so this build is not the product the README describes");
        // Menu entry, metainfo and icon agree with each other and with the program's name.
        const QString desktop =
            readText(installed(QStringLiteral("share/applications/org.glassbox.Glassbox.desktop")));
        QVERIFY2(!desktop.isEmpty(), "share/applications/org.glassbox.Glassbox.desktop");
        QCOMPARE(keyValue(desktop, QStringLiteral("Exec")).section(QLatin1Char(' '), 0, 0),
                 QStringLiteral("glassbox"));
        QCOMPARE(keyValue(desktop, QStringLiteral("Icon")),
                 QStringLiteral("org.glassbox.Glassbox"));
        QVERIFY(QFile::exists(installed(
            QStringLiteral("share/icons/hicolor/scalable/apps/org.glassbox.Glassbox.svg"))));
        const QString metainfo = readText(
            installed(QStringLiteral("share/metainfo/org.glassbox.Glassbox.metainfo.xml")));
        QVERIFY2(metainfo.contains(QStringLiteral("org.glassbox.Glassbox.desktop")),
                 "the metainfo names the desktop file it describes");
    }

    void helperIntegrationIsInstalled()
    {
        const QString helper = m_configuredPrefix + QStringLiteral("/libexec/glassbox-helper");
        // D-Bus activation: the bus starts the helper by that path, or asks systemd for the unit.
        const QString activation = readText(installed(
            QStringLiteral("share/dbus-1/system-services/org.glassbox.Manager1.service")));
        QVERIFY2(!activation.isEmpty(),
                 "share/dbus-1/system-services/org.glassbox.Manager1.service");
        QCOMPARE(keyValue(activation, QStringLiteral("Name")),
                 QStringLiteral("org.glassbox.Manager1"));
        QCOMPARE(keyValue(activation, QStringLiteral("Exec")), helper);
        QCOMPARE(keyValue(activation, QStringLiteral("SystemdService")),
                 QStringLiteral("glassbox-helper.service"));

        const QString unit =
            readText(installed(QStringLiteral("lib/systemd/system/glassbox-helper.service")));
        QVERIFY2(!unit.isEmpty(), "lib/systemd/system/glassbox-helper.service");
        QCOMPARE(keyValue(unit, QStringLiteral("ExecStart")), helper);
        QCOMPARE(keyValue(unit, QStringLiteral("BusName")),
                 QStringLiteral("org.glassbox.Manager1"));

        // Bus policy: only root owns the name; polkit actions: every action the helper asks for.
        const QString policy =
            readText(installed(QStringLiteral("share/dbus-1/system.d/org.glassbox.Manager1.conf")));
        QVERIFY(policy.contains(QStringLiteral("<allow own=\"org.glassbox.Manager1\"/>")));
        const QString actions =
            readText(installed(QStringLiteral("share/polkit-1/actions/org.glassbox.policy")));
        for (const char *action : {"org.glassbox.view", "org.glassbox.container.manage",
                                   "org.glassbox.container.privileged", "org.glassbox.images",
                                   "org.glassbox.jobs.cancel-others", "org.glassbox.networks"})
            QVERIFY2(actions.contains(QStringLiteral("id=\"%1\"").arg(QLatin1String(action))),
                     action);
    }
};

QTEST_GUILESS_MAIN(TestInstall)
#include "test_install.moc"
