// DetailsSource over the system bus: the proxies generated from the contract (api/),
// every call asynchronous (QDBusPendingCallWatcher); the watched container's changes come
// from the client's ObjectMirror (no match rule of its own).
#pragma once

#include "DetailsSource.h"
#include "ObjectMirror.h"

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
    /// Follows the watched container through `mirror` (the application's one mirror of the
    /// helper's objects); without one it keeps its own.
    DBusDetailsSource(const QDBusConnection &connection, glassbox::client::ObjectMirror *mirror,
                      QObject *parent = nullptr);
    ~DBusDetailsSource() override;

    void getStats(const QStringList &ids, Callback<StatsList> done) override;
    void getNamespaces(const QString &id, Callback<NamespaceList> done) override;
    void getSecurityReport(const QString &id, Callback<QString> done) override;
    void getNetwork(const QString &id, Callback<QString> done) override;
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

private:
    OrgGlassboxContainer1Interface *container(const QString &id);

    QDBusConnection m_connection;
    OrgGlassboxManager1Interface *m_manager;
    QHash<QString, OrgGlassboxContainer1Interface *> m_containers;
    QString m_watched;
};

} // namespace glassbox::details
