// The Run dialog's Network tab: the network the container joins (the helper's default first,
// none, the host's, then the networks the helper lists), the ports it publishes, checked as
// the helper checks them, and whether every port the image exposes is published too (`-P`),
// with the privileged choices (the host's network, a host port below 1024) marked where they
// are made.
#pragma once

#include "ObjectInfo.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QTableWidget;

class NetworkPage : public QWidget
{
    Q_OBJECT

public:
    enum PortColumn { HostAddressColumn, HostPortColumn, ContainerPortColumn, ProtocolColumn };

    explicit NetworkPage(QWidget *parent = nullptr);

    /// ListNetworks' answer, offered after none and the host's (the default one is first
    /// already: its entry gains its subnet).
    void setNetworks(const QList<glassbox::client::NetworkInfo> &networks);
    /// The Network option: "" for the helper's default network, "none", "host" or a name.
    QString network() const;
    /// Chooses a network by its option value; false when it is not offered.
    bool setNetwork(const QString &network);
    /// The rows that are not empty, as the Ports option (only what problem() lets through is
    /// right: a malformed field reads as 0).
    QList<glassbox::client::PublishedPort> ports() const;
    /// The PublishAll option: checked, on a network that publishes ports (not none, not the
    /// host's, not an internal one; the box is disabled there).
    bool publishAll() const;
    /// The first thing wrong with the ports, as a sentence; "" when nothing is.
    QString problem() const;
    /// The privileged choices made here, as the dialog's summary words them ("it …").
    QStringList privilegedChoices() const;

    QComboBox *networkCombo() const { return m_network; }
    QTableWidget *portsTable() const { return m_ports; }
    QCheckBox *publishAllCheck() const { return m_publishAll; }
    /// Adds a row (tcp) and opens the editor of its host port, as "Add port" does.
    void addPort();

Q_SIGNALS:
    /// The network or a port changed.
    void changed();

private:
    void updateMark();
    /// Enables "Publish all" on a network that publishes ports; elsewhere it is disabled and
    /// shown unchecked, and the user's choice comes back with such a network.
    void updatePublishAll();
    /// Whether the chosen network takes no published ports: none, the host's or internal.
    bool publishesNoPorts() const;

    QComboBox *m_network;
    QTableWidget *m_ports;
    QCheckBox *m_publishAll;
    QLabel *m_mark;
    bool m_publishAllWanted = false; ///< the box as the user left it
};
