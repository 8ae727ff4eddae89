// The Run dialog's Network tab (see NetworkPage.h).
#include "NetworkPage.h"

#include "CreateOptions.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QVBoxLayout>

#include <optional>

namespace {

using glassbox::client::CreateOptions;
using glassbox::client::PublishedPort;

const QString kNone = QStringLiteral("none");
const QString kHost = QStringLiteral("host");
const QString kDefaultNetwork = QStringLiteral("glassbox");
constexpr uint kFirstUnprivilegedPort = 1024;
// A network entry's data besides its option value: whether it is internal (no way out, and
// no published ports: the helper's attach refuses them).
constexpr int kInternalRole = Qt::UserRole + 1;

// The protocol cell: tcp or udp, chosen rather than typed.
class ProtocolDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &,
                          const QModelIndex &) const override
    {
        auto *combo = new QComboBox(parent);
        combo->addItems({QStringLiteral("tcp"), QStringLiteral("udp")});
        return combo;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        auto *combo = static_cast<QComboBox *>(editor);
        combo->setCurrentIndex(qMax(0, combo->findText(index.data().toString().trimmed())));
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override
    {
        model->setData(index, static_cast<QComboBox *>(editor)->currentText());
    }
};

QString cell(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

// A port as typed: decimal digits only, 0..65535 (0 is the caller's to allow or refuse).
std::optional<uint> portNumber(const QString &text)
{
    if (text.isEmpty() || text.size() > 5)
        return std::nullopt;
    for (const QChar c : text)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    const uint value = text.toUInt();
    return value <= 65535 ? std::optional<uint>(value) : std::nullopt;
}

bool isEmptyRow(const QTableWidget *table, int row)
{
    // The protocol is filled in for every new row: a row is empty without the other three.
    return cell(table, row, NetworkPage::HostAddressColumn).isEmpty() &&
           cell(table, row, NetworkPage::HostPortColumn).isEmpty() &&
           cell(table, row, NetworkPage::ContainerPortColumn).isEmpty();
}

} // namespace

NetworkPage::NetworkPage(QWidget *parent)
    : QWidget(parent), m_network(new QComboBox), m_ports(new QTableWidget(0, 4)),
      m_publishAll(new QCheckBox), m_mark(new QLabel)
{
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_network->setObjectName(QStringLiteral("networkCombo"));
    m_network->setAccessibleName(tr("Network"));
    // "" sends no Network option: the helper's default network, which is glassbox.
    m_network->addItem(tr("%1 (the default network)").arg(kDefaultNetwork), QString());
    m_network->addItem(tr("none (loopback only: no network)"), kNone);
    m_network->addItem(tr("host (the host's network; privileged)"), kHost);
    m_network->setToolTip(
        tr("The default network is a bridge with NAT: the container reaches out through the "
           "host, and containers on one network reach each other by name. None leaves it only "
           "its loopback interface; the host's network gives it the host's interfaces and "
           "ports, with no wall between them."));
    form->addRow(tr("Network to &join:"), m_network);
    layout->addLayout(form);

    auto *explain = new QLabel(tr("Published ports forward a port of the host to one of the "
                                  "container's. Leave the host port empty (or 0) for any free "
                                  "one, and the host address empty for all of the host's."));
    explain->setWordWrap(true);
    layout->addWidget(explain);

    m_ports->setObjectName(QStringLiteral("portsTable"));
    m_ports->setHorizontalHeaderLabels(
        {tr("Host address"), tr("Host port"), tr("Container port"), tr("Protocol")});
    m_ports->setAccessibleName(tr("Published ports"));
    m_ports->setItemDelegateForColumn(ProtocolColumn, new ProtocolDelegate(m_ports));
    // The address takes the room (the ports and the protocol are short).
    m_ports->horizontalHeader()->setSectionResizeMode(HostAddressColumn, QHeaderView::Stretch);
    m_ports->verticalHeader()->hide();
    m_ports->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_ports, 1);

    // The access keys are the page's own, and none is a tab's or a dialog button's
    // (tests/gui/test_run_dialog.cpp checks every page, in English and German).
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add port"));
    add->setObjectName(QStringLiteral("addPortButton"));
    auto *remove = new QPushButton(tr("Remo&ve port"));
    remove->setObjectName(QStringLiteral("removePortButton"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);

    // `glassboxctl run -P`: the helper reads the image's exposed ports at create.
    m_publishAll->setText(tr("&Publish all ports the image exposes"));
    m_publishAll->setObjectName(QStringLiteral("publishAllCheck"));
    m_publishAll->setToolTip(
        tr("Each port the image exposes gets a free host port, chosen when the container "
           "starts; glassboxctl port and the Ports column show which. Not with none, the "
           "host's network or an internal network, which take no published ports."));
    layout->addWidget(m_publishAll);
    connect(add, &QPushButton::clicked, this, &NetworkPage::addPort);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_ports->currentRow() >= 0)
            m_ports->removeRow(m_ports->currentRow());
    });

    m_mark->setObjectName(QStringLiteral("networkPrivilegedMark"));
    m_mark->setText(tr("⚠ Privileged: the host's network and host ports below 1024 need "
                       "administrator authorization each time"));
    m_mark->setWordWrap(true);
    m_mark->hide();
    layout->addWidget(m_mark);

    connect(m_network, &QComboBox::currentIndexChanged, this, [this] {
        updatePublishAll();
        updateMark();
        Q_EMIT changed();
    });
    connect(m_publishAll, &QCheckBox::toggled, this, [this](bool on) {
        m_publishAllWanted = on;
        Q_EMIT changed();
    });
    connect(m_ports, &QTableWidget::itemChanged, this, [this] {
        updateMark();
        Q_EMIT changed();
    });
    connect(m_ports->model(), &QAbstractItemModel::rowsRemoved, this, [this] {
        updateMark();
        Q_EMIT changed();
    });
}

void NetworkPage::addPort()
{
    // Items in every cell, or nothing typed into the new row would land (see the dialog's
    // tables); the editor opens on the host port, the field most rows start with.
    const int row = m_ports->rowCount();
    m_ports->insertRow(row);
    {
        const QSignalBlocker blocker(m_ports); // an empty row changes nothing yet
        for (int column = 0; column < m_ports->columnCount(); ++column)
            m_ports->setItem(row, column, new QTableWidgetItem);
        m_ports->item(row, ProtocolColumn)->setText(QStringLiteral("tcp"));
    }
    m_ports->setCurrentCell(row, HostPortColumn);
    m_ports->setFocus();
    m_ports->editItem(m_ports->item(row, HostPortColumn));
}

void NetworkPage::setNetworks(const QList<glassbox::client::NetworkInfo> &networks)
{
    const QString chosen = network();
    const bool publishedAll = publishAll();
    {
        const QSignalBlocker blocker(m_network);
        while (m_network->count() > 3)
            m_network->removeItem(3);
        for (const glassbox::client::NetworkInfo &info : networks) {
            QString details = info.subnet;
            if (info.internal)
                details = tr("%1, internal: no way out").arg(details);
            if (info.name == kDefaultNetwork) {
                m_network->setItemText(0,
                                       tr("%1 (the default network, %2)").arg(info.name, details));
                m_network->setItemData(0, info.internal, kInternalRole);
                continue;
            }
            if (info.name == kNone || info.name == kHost)
                continue;
            m_network->addItem(tr("%1 (%2)").arg(info.name, details), info.name);
            m_network->setItemData(m_network->count() - 1, info.internal, kInternalRole);
        }
        if (!setNetwork(chosen))
            m_network->setCurrentIndex(0);
    }
    // The chosen network may be gone, or internal now: said as a change like any other.
    updatePublishAll();
    if (network() != chosen || publishAll() != publishedAll) {
        updateMark();
        Q_EMIT changed();
    }
}

QString NetworkPage::network() const
{
    return m_network->currentData().toString();
}

bool NetworkPage::setNetwork(const QString &network)
{
    const int index = m_network->findData(network);
    if (index >= 0)
        m_network->setCurrentIndex(index);
    return index >= 0;
}

bool NetworkPage::publishAll() const
{
    return m_publishAll->isChecked() && !publishesNoPorts();
}

bool NetworkPage::publishesNoPorts() const
{
    return network() == kNone || network() == kHost ||
           m_network->currentData(kInternalRole).toBool();
}

QList<PublishedPort> NetworkPage::ports() const
{
    QList<PublishedPort> ports;
    for (int row = 0; row < m_ports->rowCount(); ++row) {
        if (isEmptyRow(m_ports, row))
            continue;
        PublishedPort port;
        // As glassboxctl sends -p: canonical, and all addresses ("0.0.0.0") as ""; a malformed
        // one as typed (problem() names it).
        const QString typed = cell(m_ports, row, HostAddressColumn);
        const QString address = CreateOptions::hostAddress(typed);
        port.hostIp = address == QLatin1String("0.0.0.0") ? QString()
                      : address.isEmpty()                 ? typed
                                                          : address;
        port.hostPort = quint16(portNumber(cell(m_ports, row, HostPortColumn)).value_or(0));
        port.containerPort =
            quint16(portNumber(cell(m_ports, row, ContainerPortColumn)).value_or(0));
        const QString protocol = cell(m_ports, row, ProtocolColumn).toLower();
        port.protocol = protocol.isEmpty() ? QStringLiteral("tcp") : protocol;
        ports.append(port);
    }
    return ports;
}

QString NetworkPage::problem() const
{
    const QList<PublishedPort> all = ports(); // the rows below that are not empty
    QList<PublishedPort> seen;
    for (int row = 0; row < m_ports->rowCount(); ++row) {
        if (isEmptyRow(m_ports, row))
            continue;
        const int shown = row + 1;
        const QString address = cell(m_ports, row, HostAddressColumn);
        const QString hostPort = cell(m_ports, row, HostPortColumn);
        const QString containerPort = cell(m_ports, row, ContainerPortColumn);
        const QString protocol = cell(m_ports, row, ProtocolColumn).toLower();
        if (!address.isEmpty() && CreateOptions::hostAddress(address).isEmpty())
            return tr("Port row %1: the host address “%2” is not an IPv4 address such as "
                      "127.0.0.1 or an IPv6 one such as fd00::1; leave it empty to publish on "
                      "all of the host's addresses.")
                .arg(shown)
                .arg(address);
        if (!hostPort.isEmpty() && !portNumber(hostPort))
            return tr("Port row %1: the host port “%2” is not a number from 1 to 65535 (leave "
                      "it empty or 0 for any free port).")
                .arg(shown)
                .arg(hostPort);
        if (containerPort.isEmpty())
            return tr("Port row %1: give the container's port, a number from 1 to 65535.")
                .arg(shown);
        if (const auto number = portNumber(containerPort); !number || *number == 0)
            return tr("Port row %1: the container port “%2” is not a number from 1 to 65535.")
                .arg(shown)
                .arg(containerPort);
        if (!protocol.isEmpty() && protocol != QLatin1String("tcp") &&
            protocol != QLatin1String("udp"))
            return tr("Port row %1: the protocol is tcp or udp, not “%2”.")
                .arg(shown)
                .arg(protocol);
        const PublishedPort port = all.at(seen.size());
        for (const PublishedPort &earlier : std::as_const(seen))
            if (port.hostPort != 0 && earlier.hostPort == port.hostPort &&
                earlier.protocol == port.protocol &&
                (earlier.hostIp == port.hostIp || earlier.hostIp.isEmpty() ||
                 port.hostIp.isEmpty()))
                return tr("Port row %1 publishes the host port %2/%3 a second time.")
                    .arg(shown)
                    .arg(port.hostPort)
                    .arg(port.protocol);
        seen.append(port);
    }
    if (!seen.isEmpty() && (network() == kNone || network() == kHost))
        return tr("Published ports need a network of their own: choose a network other than "
                  "“%1”, or remove the ports.")
            .arg(m_network->currentText());
    return QString();
}

QStringList NetworkPage::privilegedChoices() const
{
    QStringList choices;
    if (network() == kHost)
        choices.append(tr("uses the host's network"));
    QStringList low;
    for (const PublishedPort &port : ports())
        if (port.hostPort != 0 && port.hostPort < kFirstUnprivilegedPort)
            low.append(QString::number(port.hostPort));
    if (!low.isEmpty())
        choices.append(tr("publishes %n host port(s) below 1024 (%1)", nullptr, int(low.size()))
                           .arg(low.join(QStringLiteral(", "))));
    return choices;
}

void NetworkPage::updateMark()
{
    m_mark->setVisible(!privilegedChoices().isEmpty());
}

void NetworkPage::updatePublishAll()
{
    const bool allowed = !publishesNoPorts();
    const QSignalBlocker blocker(m_publishAll); // not the user's choice
    m_publishAll->setEnabled(allowed);
    m_publishAll->setChecked(allowed && m_publishAllWanted);
}
