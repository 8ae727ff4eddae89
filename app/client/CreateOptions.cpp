// CreateContainer's options; see CreateOptions.h.
#include "CreateOptions.h"

#include "BusNames.h"
#include "Quantities.h"

#include <QDir>

namespace glassbox::client {

namespace option = glassbox::api::option;

CreateOptions &CreateOptions::setCommand(const QStringList &argv)
{
    if (!argv.isEmpty())
        m_options.insert(option::kCommand, argv);
    return *this;
}

CreateOptions &CreateOptions::setEnv(const QStringList &entries)
{
    if (!entries.isEmpty())
        m_options.insert(option::kEnv, entries);
    return *this;
}

CreateOptions &CreateOptions::setWorkingDir(const QString &dir)
{
    m_options.insert(option::kWorkingDir, dir);
    return *this;
}

CreateOptions &CreateOptions::setHostname(const QString &name)
{
    m_options.insert(option::kHostname, name);
    return *this;
}

bool CreateOptions::setUser(const QString &spec, QString *why)
{
    if (!checkUserSpec(spec, why))
        return false;
    m_options.insert(option::kUser, spec);
    return true;
}

bool CreateOptions::setMemoryLimit(const QString &text, QString *why)
{
    quint64 bytes = 0;
    if (!parseMemoryLimit(text, &bytes, why))
        return false;
    m_options.insert(option::kMemoryLimit, QVariant::fromValue(qulonglong(bytes)));
    return true;
}

bool CreateOptions::setCpus(const QString &text, QString *why)
{
    qint64 quota = 0;
    quint64 period = 0;
    if (!parseCpus(text, &quota, &period, why))
        return false;
    m_options.insert(option::kCpuQuota, QVariant::fromValue(qlonglong(quota)));
    m_options.insert(option::kCpuPeriod, QVariant::fromValue(qulonglong(period)));
    return true;
}

bool CreateOptions::setCpus(double cores, QString *why)
{
    const auto limit = cpuLimitFromCores(cores, why);
    if (!limit)
        return false;
    m_options.insert(option::kCpuQuota, QVariant::fromValue(qlonglong(limit->quota)));
    m_options.insert(option::kCpuPeriod, QVariant::fromValue(qulonglong(limit->period)));
    return true;
}

bool CreateOptions::setPidsLimit(const QString &text, QString *why)
{
    qint64 limit = 0;
    if (!parsePidsLimit(text, &limit, why))
        return false;
    setPidsLimit(limit);
    return true;
}

CreateOptions &CreateOptions::setPidsLimit(qint64 limit)
{
    m_options.insert(option::kPidsLimit, QVariant::fromValue(qlonglong(limit)));
    return *this;
}

CreateOptions &CreateOptions::setReadOnly(bool on)
{
    if (on)
        m_options.insert(option::kReadOnly, true);
    return *this;
}

CreateOptions &CreateOptions::setUserNamespace(bool on)
{
    if (on)
        m_options.insert(option::kUserNamespace, true);
    return *this;
}

CreateOptions &CreateOptions::setCapAdd(const QStringList &caps)
{
    if (!caps.isEmpty())
        m_options.insert(option::kCapAdd, caps);
    return *this;
}

CreateOptions &CreateOptions::setCapDrop(const QStringList &caps)
{
    if (!caps.isEmpty())
        m_options.insert(option::kCapDrop, caps);
    return *this;
}

CreateOptions &CreateOptions::setSeccomp(const QString &profile)
{
    m_options.insert(option::kSeccomp, profile);
    return *this;
}

CreateOptions &CreateOptions::setBindMounts(const QList<BindMount> &mounts)
{
    if (!mounts.isEmpty())
        m_options.insert(option::kBindMounts, QVariant::fromValue(mounts));
    return *this;
}

bool CreateOptions::parseVolume(const QString &spec, const QString &cwd, BindMount *mount)
{
    const QStringList parts = spec.split(QLatin1Char(':'));
    const bool modeGiven = parts.size() == 3;
    if (parts.size() < 2 || parts.size() > 3 || parts[0].isEmpty() ||
        !parts[1].startsWith(QLatin1Char('/')) ||
        (modeGiven && parts[2] != QLatin1String("ro") && parts[2] != QLatin1String("rw")))
        return false;
    *mount = {QDir::cleanPath(QDir(cwd).absoluteFilePath(parts[0])), parts[1],
              modeGiven && parts[2] == QLatin1String("ro")};
    return true;
}

} // namespace glassbox::client
