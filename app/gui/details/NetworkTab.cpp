// The container's network namespace and traffic (see NetworkTab.h).
#include "NetworkTab.h"

#include "Charts.h"
#include "StatsHistory.h"

#include <QChart>
#include <QChartView>
#include <QFormLayout>
#include <QGroupBox>
#include <QHash>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <utility>

namespace glassbox::details {

namespace {

constexpr double kKiB = 1024.0;

QString string(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        list.append(item.toString());
    return list;
}

QTreeWidget *makeList(const QStringList &headers, const QString &accessibleName, QWidget *parent)
{
    auto *view = new QTreeWidget(parent);
    view->setColumnCount(int(headers.size()));
    view->setHeaderLabels(headers);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setWordWrap(false);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAccessibleName(accessibleName);
    view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->header()->setStretchLastSection(true);
    return view;
}

// One line, cut rather than widening the pane (a wrapped label in a splitter is cut anyway);
// the whole text on hover.
QLabel *makeValue(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return label;
}

void setValue(QLabel *label, const QString &text, const QString &explanation = QString())
{
    label->setText(text);
    label->setToolTip(explanation.isEmpty() ? text : text + QStringLiteral("\n\n") + explanation);
}

// "18080/tcp", as GetNetwork's "forwards" name a port.
QString portKey(const QJsonObject &port)
{
    return QString::number(port.value(QLatin1String("hostPort")).toInt()) + QLatin1Char('/') +
           string(port, "protocol");
}

} // namespace

NetworkTab::NetworkTab(DetailsSource *source, QWidget *parent)
    : DetailsTab(source, parent), m_history(new StatsHistory(this)), m_notice(new QLabel(this)),
      m_details(new QWidget(this)), m_namespace(makeValue(this)), m_networkName(makeValue(this)),
      m_address(makeValue(this)), m_address6(makeValue(this)), m_veth(makeValue(this)),
      m_dns(makeValue(this)), m_traffic(makeValue(this)), m_lists(new QTabWidget(this)),
      m_interfaces(makeList({tr("Interface"), tr("State"), tr("Addresses"), tr("MAC address"),
                             tr("MTU"), tr("Received"), tr("Sent")},
                            tr("Interfaces inside the container"), this)),
      m_routes(makeList({tr("Destination"), tr("Gateway"), tr("Interface")},
                        tr("Routes inside the container"), this)),
      m_ports(makeList({tr("Host"), tr("Container"), tr("Protocol"), tr("Forwarding rule")},
                       tr("Published ports"), this)),
      m_received(new QLineSeries(this)), m_sent(new QLineSeries(this)),
      m_rateAxis(new QValueAxis(this))
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &NetworkTab::sample);

    m_notice->setObjectName(QStringLiteral("networkNotice"));
    m_notice->setAccessibleName(tr("Network"));
    m_notice->setWordWrap(true);
    m_notice->setAlignment(Qt::AlignCenter);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->hide();

    auto *wall = new QGroupBox(tr("The wall: the container's network namespace"), this);
    m_form = new QFormLayout(wall);
    const std::pair<QLabel *, QString> rows[] = {
        {m_namespace, tr("Namespace:")},   {m_networkName, tr("Network:")},
        {m_address, tr("Address:")},       {m_address6, tr("IPv6 address:")},
        {m_veth, tr("Through the wall:")}, {m_dns, tr("DNS servers:")},
        {m_traffic, tr("Traffic now:")}};
    for (const auto &[label, name] : rows) {
        label->setAccessibleName(QString(name).remove(QLatin1Char(':')));
        m_form->addRow(name, label);
    }
    m_form->setRowVisible(m_address6, false); // shown on a network with IPv6

    m_received->setName(tr("Received"));
    m_sent->setName(tr("Sent"));
    m_rateAxis->setRange(0, 1);
    m_rateAxis->setLabelFormat(QStringLiteral("%.1f"));
    m_rateAxis->setTitleText(tr("KiB/s"));
    QValueAxis *time = Charts::timeAxis(this);
    time->setTickCount(4); // -300, -200, -100, 0: readable in half the pane
    // Untitled: in half of a short pane a title squeezed the axes' labels to "…"; the legend
    // and the unit say what it shows.
    m_chart = Charts::makeView(QString(), m_received, time, m_rateAxis, this);
    m_chart->chart()->addSeries(m_sent);
    for (QAbstractAxis *axis : m_chart->chart()->axes())
        m_sent->attachAxis(axis);
    m_chart->setMinimumHeight(140);
    m_chart->setAccessibleName(tr("Network traffic chart"));
    m_chart->setToolTip(tr("Bytes per second received and sent by the container's interfaces "
                           "(loopback left out), from samples a second apart."));

    // The addresses take the room: right-aligned counters in a stretched last column stood
    // a screen's width away from the names.
    m_interfaces->header()->setStretchLastSection(false);
    m_interfaces->header()->setSectionResizeMode(InterfaceAddressesColumn, QHeaderView::Stretch);
    m_chart->setMinimumWidth(240);
    m_lists->setDocumentMode(true);
    // GetNetwork is read when the tab is first shown and at each start or stop: the lists'
    // byte counts stand still until then, or until this is clicked.
    auto *reload = new QPushButton(tr("Refresh"), this);
    reload->setAccessibleName(tr("Refresh the network"));
    connect(reload, &QPushButton::clicked, this, &NetworkTab::refresh);
    m_lists->setCornerWidget(reload, Qt::TopRightCorner);
    m_lists->addTab(m_interfaces, tr("Interfaces inside"));
    m_lists->addTab(m_routes, tr("Routes inside"));
    m_lists->addTab(m_ports, tr("Published ports"));

    // The summary and the chart side by side above the lists, as the Layers tab does: stacked,
    // they would make the details pane too tall for the window's list.
    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(wall);
    top->addWidget(m_chart);
    top->setChildrenCollapsible(false);
    top->setSizes({1, 1}); // halves from the start, whatever the texts' widths
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(m_lists);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({240, 160});
    auto *details = new QVBoxLayout(m_details);
    details->setContentsMargins(0, 0, 0, 0);
    details->addWidget(splitter);
    contentLayout()->addWidget(m_notice, 1);
    contentLayout()->addWidget(m_details, 1);

    connect(m_history, &StatsHistory::rowsInserted, this, &NetworkTab::updateChart);
    connect(m_history, &StatsHistory::modelReset, this, &NetworkTab::updateChart);
}

QString NetworkTab::namespaceHelp()
{
    return tr("Two processes are in one network namespace when these inode numbers are equal "
              "(readlink /proc/PID/ns/net). The container's differs from the host's: it has "
              "interfaces, addresses, routes and ports of its own.");
}

QString NetworkTab::vethHelp()
{
    return tr("A veth pair is a cable with one end in each namespace: the container's "
              "interface inside, its peer on the host, plugged into the network's bridge. "
              "Everything the container sends or receives crosses it.");
}

QString NetworkTab::notice() const
{
    return m_notice->isHidden() ? QString() : m_notice->text();
}

QString NetworkTab::namespaceText() const
{
    return m_namespace->text();
}

QString NetworkTab::networkText() const
{
    return m_networkName->text();
}

QString NetworkTab::addressText() const
{
    return m_address->text();
}

QString NetworkTab::address6Text() const
{
    return m_address6->text();
}

QString NetworkTab::vethText() const
{
    return m_veth->text();
}

QString NetworkTab::dnsText() const
{
    return m_dns->text();
}

QString NetworkTab::trafficText() const
{
    return m_traffic->text();
}

void NetworkTab::clear()
{
    m_attached = false;
    m_pending = false;
    m_timer.stop();
    m_network = {};
    m_namespaces.clear();
    m_history->clear();
    for (QLabel *label :
         {m_namespace, m_networkName, m_address, m_address6, m_veth, m_dns, m_traffic})
        label->clear();
    m_form->setRowVisible(m_address6, false);
    for (QTreeWidget *list : {m_interfaces, m_routes, m_ports})
        list->clear();
    m_notice->clear();
    m_notice->hide();
    m_details->show();
}

void NetworkTab::startSampling()
{
    if (m_attached && !containerId().isEmpty())
        m_timer.start();
}

void NetworkTab::stopSampling()
{
    m_timer.stop();
}

void NetworkTab::refresh()
{
    if (containerId().isEmpty() || !source())
        return;
    // Whether there is a namespace of its own to show comes first: GetNetwork only says
    // "failed" for a stopped container and for one on none or the host's network.
    const quint64 generation = this->generation();
    QPointer<NetworkTab> self(this);
    source()->getProperties(containerId(), [self, generation](const QVariantMap &properties,
                                                              const QString &error) {
        if (!self || self->generation() != generation)
            return;
        self->showError(error);
        if (!error.isEmpty())
            return;
        const QString network = properties.value(QStringLiteral("Network")).toString();
        if (!glassbox::client::isLiveState(properties.value(QStringLiteral("State")).toString()))
            return self->showNotice(
                tr("Not running: a stopped container has no network namespace, so there "
                   "is nothing to show. Start it to see its interfaces, addresses and "
                   "ports."));
        if (network == QLatin1String("none"))
            return self->showNotice(
                tr("This container has no network: its namespace holds only the loopback "
                   "interface lo. Nothing outside can reach it, and it reaches nothing."));
        if (network == QLatin1String("host"))
            return self->showNotice(
                tr("This container uses the host's network: it sees the host's "
                   "interfaces, addresses and ports, and there is no wall between them to "
                   "show."));
        self->fetchNetwork();
    });
}

void NetworkTab::showNotice(const QString &notice)
{
    const bool wasAttached = std::exchange(m_attached, false);
    m_timer.stop();
    if (wasAttached)
        m_history->clear();
    m_notice->setText(notice);
    m_notice->show();
    m_details->hide();
    setFresh(true);
}

void NetworkTab::fetchNetwork()
{
    const quint64 generation = this->generation();
    QPointer<NetworkTab> self(this);
    source()->getNetwork(containerId(),
                         [self, generation](const QString &json, const QString &error) {
                             if (!self || self->generation() != generation)
                                 return;
                             self->showError(error);
                             self->setFresh(error.isEmpty());
                             if (!error.isEmpty())
                                 return;
                             self->showNetwork(QJsonDocument::fromJson(json.toUtf8()).object());
                         });
    source()->getNamespaces(
        containerId(), [self, generation](const NamespaceList &namespaces, const QString &error) {
            if (!self || self->generation() != generation)
                return;
            if (!error.isEmpty())
                return setValue(self->m_namespace, tr("not known: %1").arg(error));
            self->m_namespaces = namespaces;
            self->showNamespace();
        });
}

void NetworkTab::showNamespace()
{
    if (m_namespaces.isEmpty())
        return; // not answered yet
    for (const glassbox::client::NamespaceInfo &ns : std::as_const(m_namespaces)) {
        if (ns.type != QLatin1String("net"))
            continue;
        const QString inode = QStringLiteral("net:[%1]").arg(ns.inode);
        const QString host = QStringLiteral("net:[%1]").arg(ns.hostInode);
        const QString path = string(m_network, "netnsPath");
        setValue(m_namespace,
                 ns.inode == ns.hostInode ? tr("%1, the host's own").arg(inode)
                                          : tr("%1 (the host's: %2)").arg(inode, host),
                 (path.isEmpty() ? QString()
                                 : tr("Bind-mounted at %1").arg(path) + QStringLiteral("\n\n")) +
                     namespaceHelp());
        return;
    }
    setValue(m_namespace, tr("not known"));
}

void NetworkTab::showNetwork(const QJsonObject &network)
{
    m_network = network;
    m_notice->hide();
    m_details->show();
    const QString interface = string(network, "interface");
    const QString bridge = string(network, "bridge");
    const QString address = string(network, "address");
    const QString gateway = string(network, "gateway");
    // On a network with IPv6 (dual stack) beside the IPv4 ones.
    const QString address6 = string(network, "address6");
    const QString gateway6 = string(network, "gateway6");
    const QString subnet6 = string(network, "subnet6");
    const QString mac = string(network, "macAddress");

    QStringList traits{network.value(QLatin1String("internal")).toBool()
                           ? tr("internal: no way out")
                           : tr("NAT to the outside")};
    if (network.value(QLatin1String("dns")).toBool())
        traits.append(tr("DNS by container name"));
    setValue(m_networkName, subnet6.isEmpty()
                                ? tr("%1: subnet %2, %3")
                                      .arg(string(network, "network"), string(network, "subnet"),
                                           traits.join(QStringLiteral(", ")))
                                : tr("%1: subnets %2 and %3, %4")
                                      .arg(string(network, "network"), string(network, "subnet"),
                                           subnet6, traits.join(QStringLiteral(", "))));
    setValue(m_address, tr("%1 on %2, gateway %3").arg(address, interface, gateway),
             tr("MAC address %1").arg(mac));
    if (address6.isEmpty())
        m_address6->clear();
    else
        setValue(m_address6, tr("%1 on %2, gateway %3").arg(address6, interface, gateway6),
                 tr("MAC address %1").arg(mac));
    m_form->setRowVisible(m_address6, !address6.isEmpty());
    setValue(m_veth,
             tr("%1 inside ↔ %2 on the host, on the bridge %3")
                 .arg(interface, string(network, "hostVeth"), bridge),
             vethHelp());
    showNamespace(); // with the namespace's path, whichever answer came first
    const QStringList dns = strings(network.value(QLatin1String("dnsServers")));
    setValue(m_dns, dns.isEmpty() ? tr("none") : dns.join(QStringLiteral(", ")));

    const QLocale locale;
    const QJsonObject inside = network.value(QLatin1String("inside")).toObject();
    m_interfaces->clear();
    const QJsonArray interfaces = inside.value(QLatin1String("interfaces")).toArray();
    if (interfaces.isEmpty() && !interface.isEmpty()) {
        // Only what the helper recorded of it: its name, address and MAC.
        auto *item = new QTreeWidgetItem(m_interfaces);
        item->setText(InterfaceNameColumn, interface);
        item->setText(InterfaceAddressesColumn,
                      address6.isEmpty() ? address : address + QStringLiteral(", ") + address6);
        item->setText(InterfaceMacColumn, mac);
    }
    for (const QJsonValue &value : interfaces) {
        const QJsonObject i = value.toObject();
        auto *item = new QTreeWidgetItem(m_interfaces);
        item->setText(InterfaceNameColumn, string(i, "name"));
        item->setText(InterfaceStateColumn,
                      i.value(QLatin1String("up")).toBool() ? tr("up") : tr("down"));
        item->setText(InterfaceAddressesColumn,
                      strings(i.value(QLatin1String("addresses"))).join(QStringLiteral(", ")));
        item->setText(InterfaceMacColumn, string(i, "mac"));
        if (i.contains(QLatin1String("mtu")))
            item->setText(InterfaceMtuColumn,
                          locale.toString(i.value(QLatin1String("mtu")).toInteger()));
        for (const auto &[column, key] : {std::pair{InterfaceReceivedColumn, "rxBytes"},
                                          std::pair{InterfaceSentColumn, "txBytes"}})
            if (i.contains(QLatin1String(key)))
                item->setText(column,
                              locale.formattedDataSize(i.value(QLatin1String(key)).toInteger()));
        for (int column : {InterfaceMtuColumn, InterfaceReceivedColumn, InterfaceSentColumn})
            item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
    }

    m_routes->clear();
    const QJsonArray routes = inside.value(QLatin1String("routes")).toArray();
    for (const QJsonValue &value : routes) {
        const QJsonObject r = value.toObject();
        const QString destination = string(r, "destination");
        auto *item = new QTreeWidgetItem(m_routes);
        item->setText(RouteDestinationColumn, destination == QLatin1String("0.0.0.0/0") ||
                                                      destination == QLatin1String("::/0")
                                                  ? tr("default (%1)").arg(destination)
                                                  : destination);
        const QString via = string(r, "gateway");
        item->setText(RouteGatewayColumn, via.isEmpty() ? tr("none: on the link") : via);
        item->setText(RouteInterfaceColumn, string(r, "interface"));
    }

    // Each published port with the rule that sends its traffic through the wall.
    QHash<QString, QStringList> rules;
    const QJsonArray forwards = network.value(QLatin1String("forwards")).toArray();
    for (const QJsonValue &value : forwards) {
        const QJsonObject forward = value.toObject();
        rules[string(forward, "port")].append(string(forward, "rule"));
    }
    m_ports->clear();
    const QString containerAddress = address.section(QLatin1Char('/'), 0, 0);
    const QString containerAddress6 = address6.section(QLatin1Char('/'), 0, 0);
    const QJsonArray ports = network.value(QLatin1String("ports")).toArray();
    for (const QJsonValue &value : ports) {
        const QJsonObject p = value.toObject();
        const QString hostIp = string(p, "hostIp");
        const quint16 hostPort = quint16(p.value(QLatin1String("hostPort")).toInt());
        const QString containerPort =
            QString::number(p.value(QLatin1String("containerPort")).toInt());
        // An IPv6 host address is forwarded to the container's IPv6 address;
        // one on every address (""), on a network with IPv6, to both of its addresses.
        const bool ipv6Only = hostIp.contains(QLatin1Char(':'));
        QStringList inside;
        if (!ipv6Only)
            inside.append(containerAddress + QLatin1Char(':') + containerPort);
        if (!containerAddress6.isEmpty() && (ipv6Only || hostIp.isEmpty()))
            inside.append(QStringLiteral("[%1]:%2").arg(containerAddress6, containerPort));
        auto *item = new QTreeWidgetItem(m_ports);
        item->setText(PortHostColumn,
                      glassbox::client::publishedAddress({hostIp, hostPort, 0, QString()}));
        item->setText(PortContainerColumn, inside.join(QStringLiteral(", ")));
        item->setText(PortProtocolColumn, string(p, "protocol"));
        const QStringList rule = rules.value(portKey(p));
        item->setText(PortRuleColumn, rule.isEmpty() ? tr("not reported") : rule.join(u'\n'));
        item->setToolTip(PortRuleColumn, rule.join(u'\n'));
    }
    m_lists->setTabText(2, ports.isEmpty() ? tr("Published ports (none)")
                                           : tr("Published ports (%1)").arg(ports.size()));

    if (!std::exchange(m_attached, true)) {
        setValue(m_traffic, tr("measuring…"));
        sample();
    }
    if (isVisible())
        m_timer.start();
}

void NetworkTab::sample()
{
    if (m_pending || !m_attached || containerId().isEmpty() || !source())
        return;
    m_pending = true;
    const QString id = containerId();
    const quint64 generation = this->generation();
    QPointer<NetworkTab> self(this);
    source()->getStats({id}, [self, id, generation](const StatsList &stats, const QString &error) {
        if (!self || self->generation() != generation)
            return;
        self->m_pending = false;
        if (!error.isEmpty())
            return; // the chart pauses; the Resources tab says how old its figures are
        for (const glassbox::client::StatsSample &sample : stats)
            if (sample.id == id)
                self->m_history->addSample(sample);
    });
}

void NetworkTab::updateChart()
{
    const QList<QPointF> received = m_history->receivedSeries();
    const QList<QPointF> sent = m_history->sentSeries();
    double peak = 0;
    for (const QList<QPointF> *series : {&received, &sent})
        for (const QPointF &point : *series)
            peak = std::max(peak, point.y());
    // One unit for the whole axis, the largest the peak reaches.
    double unit = 1;
    QString title = tr("bytes/s");
    if (peak >= kKiB * kKiB) {
        unit = kKiB * kKiB;
        title = tr("MiB/s");
    } else if (peak >= kKiB) {
        unit = kKiB;
        title = tr("KiB/s");
    }
    const auto scaled = [unit](QList<QPointF> points) {
        for (QPointF &point : points)
            point.setY(point.y() / unit);
        return points;
    };
    m_received->replace(scaled(received));
    m_sent->replace(scaled(sent));
    const double top = Charts::niceCeiling(peak / unit * 1.1);
    m_rateAxis->setRange(0, top);
    m_rateAxis->setLabelFormat(top <= 2 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
    m_rateAxis->setTitleText(title);

    const auto latest = m_history->latest();
    if (!latest || latest->receivedPerSecond < 0 || latest->sentPerSecond < 0) {
        if (m_attached)
            setValue(m_traffic, tr("measuring…"));
        return;
    }
    const QString text = tr("%1 received, %2 sent")
                             .arg(StatsHistory::rateText(latest->receivedPerSecond),
                                  StatsHistory::rateText(latest->sentPerSecond));
    setValue(m_traffic, text);
    m_chart->setAccessibleDescription(text);
}

} // namespace glassbox::details
