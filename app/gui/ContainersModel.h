// The containers table: one row per container of the helper, with live CPU and memory for
// the rows someone looks at (the view asks for them with sampledIds()/applyStats()), and the
// ports it publishes, with the address a browser opens for each tcp one.
#pragma once

#include "CpuMeter.h"
#include "Format.h"
#include "ObjectInfo.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QUrl>

#include <functional>

class HelperClient;

class ContainersModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // Ports last: a long list must not push the figures off screen.
    enum Column { Name, Image, State, Status, Cpu, Memory, Owner, Pid, Ports, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers for numeric columns
        IdRole,
        StateRole, // "running", ...
        UrlsRole,  // QList<QUrl>: what activating the Ports cell opens (running tcp ports)
    };

    explicit ContainersModel(QObject *parent = nullptr);

    /// Follows `client`'s containers (added, changed, removed).
    void setClient(HelperClient *client);
    /// For tests: the clock used for uptimes.
    void setClock(std::function<quint64()> nowUs) { m_nowUs = std::move(nowUs); }

    void setContainers(const QList<glassbox::client::ContainerInfo> &containers);
    void upsertContainer(const glassbox::client::ContainerInfo &container);
    void removeContainer(const QString &id);
    /// New GetStats samples: CPU % from the previous sample of each container, memory now.
    void applyStats(const glassbox::client::StatsList &samples);
    /// The uptime column moves with the clock; call once a second while it is shown.
    void refreshUptimes();

    QString idAt(int row) const;
    int rowOf(const QString &id) const;
    glassbox::client::ContainerInfo containerAt(int row) const { return m_rows.value(row).info; }
    /// The user name of `uid` (getpwuid), or the number when the system does not know it.
    static QString userName(uint uid);
    /// The last CPU rate of a container, -1 if unknown.
    double cpuPercent(const QString &id) const;
    /// http://ADDRESS:PORT for each tcp port `container` publishes while it is live: the
    /// host address it was published on (an IPv6 one in brackets, http://[::1]:8080/),
    /// 127.0.0.1 for all of them; none while stopped (no rule forwards the port then) or
    /// while its host port is not chosen yet.
    static QList<QUrl> portUrls(const glassbox::client::ContainerInfo &container);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        glassbox::client::ContainerInfo info;
        double cpu = -1;
        quint64 memory = 0;
        quint64 memoryLimit = 0;
        bool hasStats = false;
    };
    QVariant display(const Row &row, int column) const;
    static QString portsToolTip(const glassbox::client::ContainerInfo &container);
    QVariant sortValue(const Row &row, int column) const;

    QList<Row> m_rows;
    glassbox::client::CpuMeter m_meter;
    QPointer<HelperClient> m_client;
    std::function<quint64()> m_nowUs;
};
