// ContainersModel: see ContainersModel.h.
#include "ContainersModel.h"

#include "HelperClient.h"
#include "Icons.h"

#include <pwd.h>

using glassbox::client::ContainerInfo;

ContainersModel::ContainersModel(QObject *parent)
    : QAbstractTableModel(parent), m_nowUs(&Format::nowUs)
{
}

void ContainersModel::setClient(HelperClient *client)
{
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    m_client = client;
    if (!client)
        return setContainers({});
    connect(client, &HelperClient::containerAdded, this,
            [this](const QString &id) { upsertContainer(m_client->container(id)); });
    connect(client, &HelperClient::containerChanged, this,
            [this](const QString &id) { upsertContainer(m_client->container(id)); });
    connect(client, &HelperClient::containerRemoved, this, &ContainersModel::removeContainer);
    setContainers(client->containers());
}

void ContainersModel::setContainers(const QList<ContainerInfo> &containers)
{
    beginResetModel();
    m_rows.clear();
    for (const ContainerInfo &info : containers)
        m_rows.append(Row{info});
    m_meter = glassbox::client::CpuMeter();
    endResetModel();
}

void ContainersModel::upsertContainer(const ContainerInfo &container)
{
    if (container.id.isEmpty())
        return;
    const int row = rowOf(container.id);
    if (row < 0) {
        beginInsertRows({}, m_rows.size(), m_rows.size());
        m_rows.append(Row{container});
        endInsertRows();
        return;
    }
    Row &existing = m_rows[row];
    const bool wasRunning = existing.info.state == QLatin1String("running");
    existing.info = container;
    if (wasRunning && container.state != QLatin1String("running")) {
        // A stopped container has no usage; a restarted one starts a new counter.
        existing.cpu = -1;
        existing.hasStats = false;
        m_meter.forget(container.id);
    }
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ContainersModel::removeContainer(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    m_meter.forget(id);
}

void ContainersModel::applyStats(const glassbox::client::StatsList &samples)
{
    for (const glassbox::client::StatsSample &sample : samples) {
        const int row = rowOf(sample.id);
        if (row < 0)
            continue;
        Row &r = m_rows[row];
        const double rate = m_meter.update(sample);
        if (rate != -2)
            r.cpu = rate;
        r.memory = sample.memoryInUse(); // as docker stats: without the inactive file cache
        r.memoryLimit = sample.memoryLimit;
        r.hasStats = true;
        Q_EMIT dataChanged(index(row, Cpu), index(row, Memory));
    }
}

void ContainersModel::refreshUptimes()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Status), index(m_rows.size() - 1, Status));
}

QString ContainersModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).info.id : QString();
}

int ContainersModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).info.id == id)
            return i;
    return -1;
}

QString ContainersModel::userName(uint uid)
{
    // Looked up on every paint: NSS caches it, and a user renamed meanwhile shows as such.
    if (const passwd *entry = ::getpwuid(uid); entry && entry->pw_name)
        return QString::fromLocal8Bit(entry->pw_name);
    return QString::number(uid);
}

double ContainersModel::cpuPercent(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? -1 : m_rows.at(row).cpu;
}

QList<QUrl> ContainersModel::portUrls(const ContainerInfo &container)
{
    QList<QUrl> urls;
    if (!glassbox::client::isLiveState(container.state))
        return urls;
    for (const glassbox::client::PublishedPort &port : container.ports) {
        if (port.protocol != QLatin1String("tcp") || port.hostPort == 0)
            continue;
        // The forwarding rule matches the address the port was published on: 127.0.0.1
        // reaches one published on all of them, not one bound to a single address.
        const bool all = port.hostIp.isEmpty() || port.hostIp == QLatin1String("0.0.0.0");
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(all ? QStringLiteral("127.0.0.1") : port.hostIp); // IPv6: http://[::1]:…
        url.setPort(port.hostPort);
        url.setPath(QStringLiteral("/"));
        if (!urls.contains(url))
            urls.append(url);
    }
    return urls;
}

int ContainersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ContainersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ContainersModel::display(const Row &r, int column) const
{
    const ContainerInfo &c = r.info;
    const bool live = glassbox::client::isLiveState(c.state);
    switch (column) {
    case Name:
        return c.name.isEmpty() ? c.id.left(12) : c.name;
    case Image:
        return c.image;
    case State:
        return Format::stateName(c.state);
    case Status:
        return Format::status(c, m_nowUs());
    case Cpu:
        return live ? Format::cpuPercent(r.cpu) : QString();
    case Memory:
        if (!live || !r.hasStats)
            return c.memoryLimit ? tr("limit %1").arg(Format::size(c.memoryLimit)) : QString();
        return Format::memory(r.memory, r.memoryLimit);
    case Owner:
        return userName(c.ownerUid);
    case Pid:
        return live && c.pid ? QString::number(c.pid) : QString();
    case Ports:
        return Format::ports(c.ports);
    }
    return {};
}

QVariant ContainersModel::sortValue(const Row &r, int column) const
{
    const ContainerInfo &c = r.info;
    switch (column) {
    case Status:
        // Running ones first by uptime, then stopped ones by exit code.
        return c.startedAt ? QVariant(qlonglong(m_nowUs() - c.startedAt)) : QVariant(qlonglong(-1));
    case Cpu:
        return r.cpu;
    case Memory:
        return qulonglong(r.hasStats ? r.memory : 0);
    case Pid:
        return qulonglong(c.pid);
    case Ports:
        // By the first host port; containers publishing none last in ascending order.
        return c.ports.isEmpty() ? QVariant(qlonglong(65536))
                                 : QVariant(qlonglong(c.ports.constFirst().hostPort));
    default:
        return display(r, column).toString().toLower();
    }
}

QVariant ContainersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(r, index.column());
    case Qt::AccessibleTextRole:
        if (index.column() == State)
            return Format::stateName(r.info.state);
        return display(r, index.column());
    case Qt::DecorationRole:
        if (index.column() == State)
            return Icons::containerState(r.info.state);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Name)
            return tr("ID %1").arg(r.info.id);
        if (index.column() == Owner)
            return tr("Created by %1 (uid %2)").arg(userName(r.info.ownerUid)).arg(r.info.ownerUid);
        if (index.column() == Status && r.info.startedAt)
            return tr("Started %1").arg(Format::timestamp(r.info.startedAt));
        if (index.column() == Ports)
            return portsToolTip(r.info);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Cpu || index.column() == Memory || index.column() == Pid)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        return sortValue(r, index.column());
    case IdRole:
        return r.info.id;
    case StateRole:
        return r.info.state;
    case UrlsRole:
        return index.column() == Ports ? QVariant::fromValue(portUrls(r.info)) : QVariant();
    }
    return {};
}

QString ContainersModel::portsToolTip(const ContainerInfo &container)
{
    if (container.ports.isEmpty())
        return {};
    QStringList lines;
    for (const glassbox::client::PublishedPort &port : container.ports)
        lines.append(!port.hostPort
                         ? tr("The container's port %1 (%2), on a free host port chosen at start")
                               .arg(port.containerPort)
                               .arg(port.protocol)
                         : tr("Host port %1 (%2) forwards to the container's port %3")
                               .arg(port.hostPort)
                               .arg(port.protocol)
                               .arg(port.containerPort));
    const QList<QUrl> urls = portUrls(container);
    if (urls.size() == 1)
        lines.append(
            tr("Double-click to open %1 in the web browser.").arg(urls.constFirst().toString()));
    else if (urls.size() > 1)
        lines.append(tr("Double-click to open one of them in the web browser."));
    return lines.join(QLatin1Char('\n'));
}

QVariant ContainersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Name:
            return tr("Name");
        case Image:
            return tr("Image");
        case State:
            return tr("State");
        case Status:
            return tr("Uptime / exit");
        case Cpu:
            return tr("CPU");
        case Memory:
            return tr("Memory");
        case Owner:
            return tr("Owner");
        case Pid:
            return tr("Host PID");
        case Ports:
            return tr("Ports");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Cpu:
            return tr("CPU time used per second of wall time, from two samples a second "
                      "apart. 100 % means one core fully busy; a container using two cores "
                      "shows 200 %.");
        case Memory:
            return tr("Memory the container uses now / its limit, as docker stats counts it: "
                      "the cgroup's memory less its inactive file cache, which the kernel "
                      "drops first when memory runs short");
        case Owner:
            return tr("The user who created the container");
        case Pid:
            return tr("The process ID of the container's init as the host sees it");
        case Status:
            return tr("How long it has been running, or the exit code of its last run");
        case Ports:
            return tr("Ports published on the host: host address:host port→container "
                      "port/protocol");
        }
    }
    return {};
}
