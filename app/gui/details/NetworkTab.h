// Network: the container's network namespace made visible, the wall and what crosses it: its
// inode next to the host's, the interfaces and addresses seen from inside, the veth's host end
// and the bridge it hangs on, routes, DNS servers, each published port with the rule that
// forwards it (Container1.GetNetwork), and live bytes per second received and sent (two
// GetStats samples a second apart, sampled only while shown). A stopped container, one without
// a network and one on the host's say so instead.
#pragma once

#include "DetailsSource.h"
#include "DetailsTab.h"

#include <QJsonObject>
#include <QTimer>

class QChartView;
class QFormLayout;
class QLabel;
class QLineSeries;
class QTabWidget;
class QTreeWidget;
class QValueAxis;

namespace glassbox::details {

class StatsHistory;

class NetworkTab : public DetailsTab
{
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 1000;

    enum InterfaceColumn {
        InterfaceNameColumn,
        InterfaceStateColumn,
        InterfaceAddressesColumn,
        InterfaceMacColumn,
        InterfaceMtuColumn,
        InterfaceReceivedColumn,
        InterfaceSentColumn,
        InterfaceColumnCount
    };
    enum RouteColumn { RouteDestinationColumn, RouteGatewayColumn, RouteInterfaceColumn };
    enum PortColumn { PortHostColumn, PortContainerColumn, PortProtocolColumn, PortRuleColumn };

    NetworkTab(DetailsSource *source, QWidget *parent = nullptr);

    /// The sentence shown instead of the details (not running, no network, the host's); ""
    /// while the details are shown.
    QString notice() const;
    /// The helper's GetNetwork answer last shown.
    const QJsonObject &network() const { return m_network; }
    /// The rows of the summary: "net:[…] (the host's: net:[…])", the network, the address,
    /// the IPv6 address ("" and hidden on a network without IPv6), the veth pair and bridge,
    /// the DNS servers, the traffic now.
    QString namespaceText() const;
    QString networkText() const;
    QString addressText() const;
    QString address6Text() const;
    QString vethText() const;
    QString dnsText() const;
    QString trafficText() const;

    QTreeWidget *interfacesView() const { return m_interfaces; }
    QTreeWidget *routesView() const { return m_routes; }
    QTreeWidget *portsView() const { return m_ports; }
    StatsHistory *history() const { return m_history; }
    QLineSeries *receivedSeries() const { return m_received; }
    QLineSeries *sentSeries() const { return m_sent; }
    QChartView *chart() const { return m_chart; }
    bool isSampling() const { return m_timer.isActive(); }

protected:
    void clear() override;
    void refresh() override;
    void startSampling() override;
    void stopSampling() override;

private:
    static QString namespaceHelp();
    static QString vethHelp();
    void showNotice(const QString &notice);
    void fetchNetwork();
    void showNetwork(const QJsonObject &network);
    void showNamespace();
    void sample();
    void updateChart();

    QJsonObject m_network;
    NamespaceList m_namespaces; ///< GetNamespaces' answer, for the net namespace's inodes
    bool m_attached = false;    ///< the details are shown: there is traffic to sample
    bool m_pending = false;
    QTimer m_timer;
    StatsHistory *m_history;
    QLabel *m_notice;
    QWidget *m_details;
    QLabel *m_namespace;
    QLabel *m_networkName;
    QLabel *m_address;
    QLabel *m_address6;
    QFormLayout *m_form;
    QLabel *m_veth;
    QLabel *m_dns;
    QLabel *m_traffic;
    QTabWidget *m_lists;
    QTreeWidget *m_interfaces;
    QTreeWidget *m_routes;
    QTreeWidget *m_ports;
    QLineSeries *m_received;
    QLineSeries *m_sent;
    QValueAxis *m_rateAxis;
    QChartView *m_chart;
};

} // namespace glassbox::details
