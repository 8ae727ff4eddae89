// The user's registry logins (see UserCredentials.h).
#include "UserCredentials.h"

#include "glassbox/image/reference.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSaveFile>

namespace glassbox::client {

namespace {

/// A file the user keeps, at most 1 MiB; empty when it does not exist.
bool readUserFile(const QString &path, QByteArray *text, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("UserCredentials", "cannot read “%1”: %2")
                     .arg(path, file.errorString());
        return false;
    }
    *text = file.read(1 << 20);
    return true;
}

} // namespace

QStringList authFiles()
{
    std::map<std::string, std::string> env;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"REGISTRY_AUTH_FILE", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "HOME"})
        if (const QString value = system.value(QString::fromLatin1(name)); !value.isEmpty())
            env[name] = value.toStdString();
    QStringList files;
    for (const std::string &path : glassbox::image::authFilePaths(env))
        files.append(QString::fromStdString(path));
    return files;
}

QString registryKey(QString registry)
{
    for (const QLatin1String scheme : {QLatin1String("https://"), QLatin1String("http://")})
        if (registry.startsWith(scheme))
            registry.remove(0, scheme.size());
    while (registry.endsWith(QLatin1Char('/')))
        registry.chop(1);
    if (registry.isEmpty() || registry == QLatin1String("index.docker.io") ||
        registry == QLatin1String("registry-1.docker.io"))
        return QStringLiteral("docker.io");
    return registry;
}

QString registryOf(const QString &reference)
{
    auto parsed = glassbox::image::parseReference(reference.toStdString());
    return parsed ? QString::fromStdString(parsed->domain) : QString();
}

std::optional<glassbox::image::Credentials> storedCredentials(const QString &reference,
                                                              QString *error)
{
    auto parsed = glassbox::image::parseReference(reference.toStdString());
    if (!parsed)
        return std::nullopt;
    for (const QString &path : authFiles()) {
        QByteArray text;
        if (!readUserFile(path, &text, error))
            return std::nullopt;
        if (text.isEmpty())
            continue;
        auto found = glassbox::image::credentialsFor(text.toStdString(), *parsed);
        if (!found) {
            *error = path + QStringLiteral(": ") + QString::fromStdString(found.error().message);
            return std::nullopt;
        }
        if (*found)
            return *found;
    }
    return std::nullopt;
}

QVariantMap pullOptions(const std::optional<glassbox::image::Credentials> &credentials)
{
    if (!credentials)
        return {};
    return {{QStringLiteral("Username"), QString::fromStdString(credentials->username)},
            {QStringLiteral("Password"), QString::fromStdString(credentials->password)}};
}

bool saveCredentials(const QString &registry,
                     const std::optional<glassbox::image::Credentials> &credentials, QString *error)
{
    const QStringList files = authFiles();
    if (files.isEmpty()) {
        *error = QCoreApplication::translate(
            "UserCredentials",
            "no place for credentials: set XDG_RUNTIME_DIR, HOME or REGISTRY_AUTH_FILE");
        return false;
    }
    const QString path = files.constFirst();
    QByteArray text;
    if (!readUserFile(path, &text, error))
        return false;
    auto updated = glassbox::image::updateAuthJson(
        text.toStdString(), registryKey(registry).toStdString(), credentials);
    if (!updated) {
        *error = path + QStringLiteral(": ") + QString::fromStdString(updated.error().message);
        return false;
    }
    const QString dir = QFileInfo(path).absolutePath();
    if (!QFileInfo::exists(dir) &&
        (!QDir().mkpath(dir) ||
         !QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                         QFileDevice::ExeOwner))) {
        *error = QCoreApplication::translate("UserCredentials", "cannot create “%1”").arg(dir);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(QByteArray::fromStdString(*updated)) < 0 || !file.commit()) {
        *error = QCoreApplication::translate("UserCredentials", "cannot write “%1”: %2")
                     .arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace glassbox::client
