// The container's overlay stack and diff (see LayersTab.h).
#include "LayersTab.h"

#include "ChangeModel.h"
#include "DetailsSource.h"
#include "LayerModel.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace glassbox::details {

namespace {

// The fields are narrower than the paths: the start in the field, the whole path (one lower
// dir a line) on hover.
void showPath(QLineEdit *edit, const QString &path)
{
    edit->setText(path);
    edit->setCursorPosition(0);
    edit->setToolTip(QString(path).replace(QLatin1Char(':'), QLatin1Char('\n')));
}

} // namespace

LayersTab::LayersTab(DetailsSource *source, QWidget *parent)
    : DetailsTab(source, parent), m_layers(new LayerModel(this)), m_changes(new ChangeModel(this)),
      m_layerView(makeTable(tr("Layers, top of the stack first"))),
      m_changeView(makeTable(tr("Changes against the image"))), m_lower(new QLineEdit(this)),
      m_upper(new QLineEdit(this)), m_work(new QLineEdit(this)), m_merged(new QLineEdit(this)),
      m_efficiency(new QLabel(this)), m_diffSummary(new QLabel(this))
{
    m_diffTimer.setInterval(kDiffIntervalMs);
    connect(&m_diffTimer, &QTimer::timeout, this, &LayersTab::fetchDiff);
    m_layerView->setModel(m_layers); // a stack has one order: no sorting
    m_layerView->horizontalHeader()->setSectionResizeMode(LayerModel::CreatedByColumn,
                                                          QHeaderView::Stretch);
    auto *changes = new QSortFilterProxyModel(this);
    changes->setSourceModel(m_changes);
    changes->setSortRole(Qt::EditRole);
    m_changeView->setModel(changes);
    m_changeView->setSortingEnabled(true);
    m_changeView->sortByColumn(ChangeModel::PathColumn, Qt::AscendingOrder);
    m_changeView->horizontalHeader()->setSectionResizeMode(ChangeModel::PathColumn,
                                                           QHeaderView::Stretch);

    auto *stackBox = new QGroupBox(tr("Layer stack (top of the overlay first)"), this);
    auto *stackLayout = new QVBoxLayout(stackBox);
    stackLayout->addWidget(m_layerView, 1);
    m_efficiency->setAccessibleName(tr("Image efficiency"));
    stackLayout->addWidget(m_efficiency);

    auto *pathsBox = new QGroupBox(tr("Overlay paths on the host"), this);
    auto *paths = new QFormLayout(pathsBox);
    const std::pair<QLineEdit *, QString> rows[] = {{m_merged, tr("Merged (the container's /):")},
                                                    {m_upper, tr("Upper (writable):")},
                                                    {m_work, tr("Work:")},
                                                    {m_lower, tr("Lower (image layers):")}};
    for (const auto &[edit, label] : rows) {
        edit->setReadOnly(true);
        edit->setAccessibleName(QString(label).remove(QLatin1Char('&')));
        paths->addRow(label, edit);
    }

    auto *diffBox = new QGroupBox(tr("Changes against the image (docker diff)"), this);
    auto *diffLayout = new QVBoxLayout(diffBox);
    m_diffSummary->setAccessibleName(tr("Change summary"));
    diffLayout->addWidget(m_diffSummary);
    diffLayout->addWidget(m_changeView, 1);

    for (QLabel *label : {m_efficiency, m_diffSummary}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    // The stack and its paths side by side above the diff: stacked, the three needed 435 px,
    // the whole details pane's minimum, which left the window's list one row at its
    // default size.
    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(stackBox);
    top->addWidget(pathsBox);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    top->setChildrenCollapsible(false);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(diffBox);
    splitter->setChildrenCollapsible(false);
    contentLayout()->addWidget(splitter, 1);
}

QTableView *LayersTab::makeTable(const QString &accessibleName)
{
    auto *view = new QTableView(this);
    view->setAccessibleName(accessibleName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->setWordWrap(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return view;
}

QString LayersTab::pathText(const QString &key) const
{
    if (key == QStringLiteral("LowerDir"))
        return m_lower->text();
    if (key == QStringLiteral("UpperDir"))
        return m_upper->text();
    if (key == QStringLiteral("WorkDir"))
        return m_work->text();
    if (key == QStringLiteral("MergedDir"))
        return m_merged->text();
    return {};
}

QString LayersTab::efficiencyText() const
{
    return m_efficiency->text();
}

QString LayersTab::diffSummary() const
{
    return m_diffSummary->text();
}

void LayersTab::clear()
{
    m_diffPending = false; // an answer for the previous container is dropped by its generation
    m_layers->setLayers({});
    m_changes->setChanges({});
    for (QLineEdit *edit : {m_lower, m_upper, m_work, m_merged})
        showPath(edit, QString());
    m_efficiency->clear();
    m_diffSummary->clear();
}

void LayersTab::refresh()
{
    if (containerId().isEmpty() || !source())
        return;
    const quint64 generation = this->generation();
    QPointer<LayersTab> self(this);
    auto current = [self, generation] {
        return self && self->generation() == generation;
    };
    source()->getLayers(
        containerId(),
        [self, current](const LayerList &layers, const StringMap &paths, const QString &error) {
            if (!current())
                return;
            self->showError(error);
            self->setFresh(error.isEmpty());
            self->m_layers->setLayers(layers);
            showPath(self->m_lower, paths.value(QStringLiteral("LowerDir")));
            showPath(self->m_upper, paths.value(QStringLiteral("UpperDir")));
            showPath(self->m_work, paths.value(QStringLiteral("WorkDir")));
            showPath(self->m_merged, paths.value(QStringLiteral("MergedDir")));
        });
    fetchDiff();
    fetchEfficiency(generation);
}

void LayersTab::startSampling()
{
    if (containerId().isEmpty())
        return;
    fetchDiff(); // a no-op when refresh() has just asked
    m_diffTimer.start();
}

void LayersTab::stopSampling()
{
    m_diffTimer.stop();
}

void LayersTab::fetchDiff()
{
    if (m_diffPending || containerId().isEmpty() || !source())
        return;
    m_diffPending = true;
    const quint64 generation = this->generation();
    QPointer<LayersTab> self(this);
    source()->getDiff(
        containerId(), [self, generation](const ChangeList &changes, const QString &error) {
            if (!self)
                return;
            self->m_diffPending = false;
            if (self->generation() != generation)
                return;
            self->m_changes->setChanges(changes);
            self->m_diffSummary->setText(error.isEmpty()
                                             ? self->m_changes->summary()
                                             : tr("The diff is not available: %1").arg(error));
        });
}

void LayersTab::fetchEfficiency(quint64 generation)
{
    // Container1.Image is the reference; Inspect names the image id, Image1's object name.
    QPointer<LayersTab> self(this);
    source()->inspect(containerId(), [self, generation](const QString &json, const QString &error) {
        if (!self || self->generation() != generation || !self->source())
            return;
        const QString imageId = QJsonDocument::fromJson(json.toUtf8())
                                    .object()
                                    .value(QStringLiteral("Image"))
                                    .toString();
        if (!error.isEmpty() || imageId.isEmpty()) {
            self->m_efficiency->setText(tr("Image efficiency is not available."));
            return;
        }
        self->source()->getImageEfficiency(
            imageId, [self, generation](double efficiency, quint64 wasted, const QString &error) {
                if (!self || self->generation() != generation)
                    return;
                const QLocale locale;
                self->m_efficiency->setText(
                    error.isEmpty()
                        ? tr("Image efficiency %1 %, %2 wasted (files stored in one layer and "
                             "replaced or deleted by a later one).")
                              .arg(locale.toString(efficiency * 100, 'f', 1),
                                   locale.formattedDataSize(qint64(wasted)))
                        : tr("Image efficiency is not available: %1").arg(error));
            });
    });
}

} // namespace glassbox::details
