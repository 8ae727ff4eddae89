// DetailsSource over the system bus: glassboxctl's proxies generated from the contract,
// every call asynchronous (QDBusPendingCallWatcher), PropertiesChanged for the watched one.
#pragma once

#include "DetailsSource.h"

#include <QDBusConnection>
#include <QDBusError>
#include <QHash>

class OrgGlassboxContainer1Interface;
class OrgGlassboxManager1Interface;

namespace glassbox::details {

class DBusDetailsSource : public DetailsSource
{
    Q_OBJECT
public:
    explicit DBusDetailsSource(const QDBusConnection &connection, QObject *parent = nullptr);
    ~DBusDetailsSource() override;

    void getStats(const QStringList &ids, Callback<StatsList> done) override;
    void getNamespaces(const QString &id, Callback<NamespaceList> done) override;
    void getLayers(const QString &id, LayersCallback done) override;
    void getDiff(const QString &id, Callback<ChangeList> done) override;
    void getProcesses(const QString &id, Callback<ProcessList> done) override;
    void getPressure(const QString &id, Callback<GbCounterMap> done) override;
    void getLogs(const QString &id, quint64 maxBytes, Callback<QString> done) override;
    void openLog(const QString &id, Callback<QDBusUnixFileDescriptor> done) override;
    void inspect(const QString &id, Callback<QString> done) override;
    void getProperties(const QString &id, Callback<QVariantMap> done) override;
    void getImageEfficiency(const QString &imageId, EfficiencyCallback done) override;
    void watchContainer(const QString &id) override;

    /// The helper's error as a sentence for the user ("Not authorized: ...").
    static QString errorText(const QDBusError &error);
    static QString containerPath(const QString &id);
    static QString imagePath(const QString &imageId);

private Q_SLOTS:
    void onPropertiesChanged(const QString &interface, const QVariantMap &changed,
                             const QStringList &invalidated);

private:
    OrgGlassboxContainer1Interface *container(const QString &id);

    QDBusConnection m_connection;
    OrgGlassboxManager1Interface *m_manager;
    QHash<QString, OrgGlassboxContainer1Interface *> m_containers;
    QString m_watched;
};

} // namespace glassbox::details
