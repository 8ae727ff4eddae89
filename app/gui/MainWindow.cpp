// MainWindow: layout, selection, sampling; the actions are in MainWindowActions.cpp.
#include "MainWindow.h"

#include "ContainersModel.h"
#include "HelperClient.h"
#include "Icons.h"
#include "ImagesModel.h"
#include "Operands.h"
#include "StartupLog.h"

#include "details/ContainerDetailsWidget.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

#include <utility>

namespace {

QTableView *makeTable(QAbstractItemModel *model, const QString &accessibleName)
{
    auto *view = new QTableView;
    view->setModel(model);
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->setTabKeyNavigation(false); // Tab leaves the table, arrows move within it
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Widths from the font, not pixels, so they follow the scale factor and the font size.
    view->horizontalHeader()->setDefaultSectionSize(view->fontMetrics().averageCharWidth() * 14);
    view->setAccessibleName(accessibleName);
    return view;
}

// The column with the longest text takes the room the others leave.
void stretchColumn(QTableView *view, int column, int wideColumn = -1)
{
    view->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Stretch);
    if (wideColumn >= 0)
        view->horizontalHeader()->resizeSection(wideColumn,
                                                view->fontMetrics().averageCharWidth() * 22);
}

QSortFilterProxyModel *makeProxy(QAbstractItemModel *source, int sortRole, QObject *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(source);
    proxy->setSortRole(sortRole);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    proxy->setDynamicSortFilter(true);
    return proxy;
}

} // namespace

MainWindow::MainWindow(HelperClient *client, QWidget *parent)
    : QMainWindow(parent), m_client(client), m_containersModel(new ContainersModel(this)),
      m_imagesModel(new ImagesModel(this)), m_statsTimer(new QTimer(this)),
      m_openUrl(&QDesktopServices::openUrl)
{
    setWindowTitle(tr("Glassbox"));
    setWindowIcon(Icons::app());
    m_containersModel->setClient(client);
    m_imagesModel->setClient(client);
    m_containersProxy = makeProxy(m_containersModel, ContainersModel::SortRole, this);
    m_imagesProxy = makeProxy(m_imagesModel, ImagesModel::SortRole, this);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(containersPage(), tr("Co&ntainers"));
    m_tabs->addTab(imagesPage(), tr("&Images"));
    setCentralWidget(m_tabs);
    createActions();
    createToolBarAndMenus();

    m_helperState = new QLabel;
    statusBar()->addPermanentWidget(m_helperState);
    // Helper state and authorization (issue 14): applyHelperState(), applyAuthorization().
    connect(client, &HelperClient::connectionChanged, this, &MainWindow::applyHelperState);
    connect(client, &HelperClient::authorizationsChanged, this, &MainWindow::updateActions);
    applyHelperState();
    connect(client, &HelperClient::availableChanged, this, [this](bool available) {
        if (available && !m_listed)
            onFirstList();
    });
    m_listed = client->isAvailable(); // a window opened later: the list is in the model
    connect(client, &HelperClient::actionStarted, this, [this](const QString &action) {
        if (m_collecting) // a batch's call: its end is waited for under this text
            m_collecting->pending.insert(action, m_collectingId);
        statusBar()->showMessage(tr("Asking the helper to %1…").arg(action));
    });
    connect(client, &HelperClient::actionSucceeded, this, [this](const QString &action) {
        // Replaces (and so clears) a failure shown before: this action went through. A batch
        // it ends may say more (settled after).
        statusBar()->showMessage(tr("Done: %1.").arg(action), 5000);
        settleBatchAction(action, nullptr);
    });
    connect(client, &HelperClient::actionFailed, this,
            [this](const QString &action, const QString &message) {
                if (!settleBatchAction(action, &message))
                    showFailure(action, message);
            });
    connect(client, &HelperClient::containerAdded, this, [this](const QString &id) {
        if (id == m_pendingSelection)
            selectContainer(id);
    });
    connect(client, &HelperClient::containerChanged, this, [this](const QString &id) {
        if (selectedContainers().contains(id))
            updateActions();
    });
    connect(client, &HelperClient::containerRemoved, this, [this](const QString &id) {
        if (id == m_hiddenByFilter) {
            m_hiddenByFilter.clear();
            m_hiddenByFilterBar->hide();
        }
    });

    m_statsTimer->setInterval(1000);
    connect(m_statsTimer, &QTimer::timeout, this, &MainWindow::sampleVisibleRows);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateActions);
    updateActions();
    // Room for several rows above the details (which need ~330 px), within the screen.
    QSize size = QSize(110, 80) * fontMetrics().averageCharWidth() * 1.6;
    if (const QScreen *screen = this->screen())
        size = size.boundedTo(screen->availableGeometry().size() * 0.9);
    resize(size.expandedTo(minimumSizeHint()));
}

QWidget *MainWindow::containersPage()
{
    auto *splitter = new QSplitter(Qt::Vertical);
    auto *top = new QWidget;
    auto *layout = new QVBoxLayout(top);
    m_containerFilter = new QLineEdit;
    m_containerFilter->setObjectName(QStringLiteral("containerFilter"));
    m_containerFilter->setPlaceholderText(tr("Filter containers (Ctrl+F)"));
    m_containerFilter->setAccessibleName(tr("Filter containers"));
    m_containerFilter->setClearButtonEnabled(true);
    connect(m_containerFilter, &QLineEdit::textChanged, m_containersProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    layout->addWidget(m_containerFilter);
    layout->addWidget(hiddenByFilterBar());
    m_containersView = makeTable(m_containersProxy, tr("Containers"));
    m_containersView->setObjectName(QStringLiteral("containersView"));
    // Ctrl/Shift+click select several: Start, Stop, Kill and Remove act on all of them.
    m_containersView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_containersView->sortByColumn(ContainersModel::Name, Qt::AscendingOrder);
    // A long image reference must not push the figures off screen: the two text columns
    // share what the others leave and elide, the short ones always get their contents' width.
    QHeaderView *header = m_containersView->horizontalHeader();
    header->setStretchLastSection(false);
    for (int column = 0; column < ContainersModel::ColumnCount; ++column)
        header->setSectionResizeMode(column, column == ContainersModel::Name ||
                                                     column == ContainersModel::Image
                                                 ? QHeaderView::Stretch
                                                 : QHeaderView::ResizeToContents);
    m_containersView->setTextElideMode(Qt::ElideRight);
    // At least five rows and the header, whatever the window's size.
    m_containersView->setMinimumHeight(
        header->sizeHint().height() + 5 * m_containersView->verticalHeader()->defaultSectionSize() +
        2 * m_containersView->frameWidth());
    layout->addWidget(m_containersView);
    m_containersView->viewport()->installEventFilter(this); // the first paint with rows
    splitter->addWidget(top);
    connect(m_containersView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] {
                updateActions();
                showDetails();
            });
    // Ctrl+click changes the selection without always moving the current row.
    connect(m_containersView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] {
                updateActions();
                showDetails();
            });
    connect(m_containersView, &QTableView::activated, this, [this](const QModelIndex &index) {
        showDetails();
        if (index.column() == ContainersModel::Ports)
            openPorts(index);
    });
    connect(m_containersProxy, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        // Where the selected row is now, to keep it there once rows arrive above it.
        m_keptRowId = selectedContainer();
        m_keptRowY = -1;
        const int row = m_keptRowId.isEmpty() ? -1
                                              : m_containersProxy
                                                    ->mapFromSource(m_containersModel->index(
                                                        m_containersModel->rowOf(m_keptRowId), 0))
                                                    .row();
        if (row >= 0) {
            const int y = m_containersView->rowViewportPosition(row);
            if (y >= 0 && y < m_containersView->viewport()->height())
                m_keptRowY = y;
        }
    });
    connect(m_containersProxy, &QAbstractItemModel::rowsInserted, this,
            &MainWindow::keepSelectedRowInPlace);
    connect(
        m_containersModel, &QAbstractItemModel::rowsInserted, this,
        [this](const QModelIndex &, int first, int last) { onContainerRowsInserted(first, last); });
    connect(m_containerFilter, &QLineEdit::textChanged, this, [this] {
        if (m_hiddenByFilter.isEmpty())
            return;
        const int row = m_containersModel->rowOf(m_hiddenByFilter);
        if (row < 0 ||
            m_containersProxy->mapFromSource(m_containersModel->index(row, 0)).isValid()) {
            m_hiddenByFilter.clear();
            m_hiddenByFilterBar->hide();
        }
    });

    auto *details = new QStackedWidget;
    m_emptyDetails = new QLabel(tr("Select a container to see what it is made of."));
    m_emptyDetails->setAlignment(Qt::AlignCenter);
    m_emptyDetails->setEnabled(false);
    details->addWidget(m_emptyDetails);
    m_details = new ContainerDetailsWidget(m_client->connection(), m_client->mirror(), details);
    m_details->setObjectName(QStringLiteral("containerDetails"));
    // One figure from one sample: the list and the Resources tab share their samples.
    connect(m_details, &ContainerDetailsWidget::statsSampled, m_containersModel,
            &ContainersModel::applyStats);
    details->addWidget(m_details);
    // The details want ~330 px; in a small window they scroll rather than take the rows.
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(details);
    scroll->setMinimumHeight(fontMetrics().height() * 10);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    // The same 2:3 from the start: split by size hints, the charts' large hint took nearly
    // all of it and left the list two rows.
    splitter->setSizes({200, 300});
    return splitter;
}

QWidget *MainWindow::imagesPage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    m_imageFilter = new QLineEdit;
    m_imageFilter->setPlaceholderText(tr("Filter images (Ctrl+F)"));
    m_imageFilter->setAccessibleName(tr("Filter images"));
    m_imageFilter->setClearButtonEnabled(true);
    connect(m_imageFilter, &QLineEdit::textChanged, m_imagesProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    layout->addWidget(m_imageFilter);
    m_imagesView = makeTable(m_imagesProxy, tr("Images"));
    m_imagesView->setObjectName(QStringLiteral("imagesView"));
    m_imagesView->sortByColumn(ImagesModel::Tags, Qt::AscendingOrder);
    stretchColumn(m_imagesView, ImagesModel::Tags, ImagesModel::Created);
    layout->addWidget(m_imagesView);
    connect(m_imagesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::updateActions);
    return page;
}

QAction *MainWindow::addAction(const QString &name, const QString &text, const QIcon &icon,
                               const QKeySequence &shortcut, void (MainWindow::*slot)())
{
    auto *action = new QAction(icon, text, this);
    action->setObjectName(name);
    action->setShortcut(shortcut);
    if (!shortcut.isEmpty())
        action->setToolTip(QStringLiteral("%1 (%2)").arg(
            QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…")),
            shortcut.toString(QKeySequence::NativeText)));
    connect(action, &QAction::triggered, this, slot);
    return action;
}

QAction *MainWindow::action(const QString &name) const
{
    return findChild<QAction *>(name);
}

void MainWindow::createActions()
{
    addAction(QStringLiteral("run"), tr("&Run…"), Icons::action("list-add", "run"),
              QKeySequence::New, &MainWindow::runContainer);
    addAction(QStringLiteral("start"), tr("&Start"), Icons::action("media-playback-start", "start"),
              QKeySequence(Qt::CTRL | Qt::Key_Return), &MainWindow::startSelected);
    addAction(QStringLiteral("stop"), tr("S&top"), Icons::action("media-playback-stop", "stop"),
              QKeySequence(Qt::CTRL | Qt::Key_Period), &MainWindow::stopSelected);
    addAction(QStringLiteral("restart"), tr("R&estart"), Icons::action("view-refresh", "restart"),
              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), &MainWindow::restartSelected);
    addAction(QStringLiteral("kill"), tr("&Kill"), Icons::action("process-stop", "kill"),
              QKeySequence(Qt::CTRL | Qt::Key_K), &MainWindow::killSelected);
    addAction(QStringLiteral("pause"), tr("&Pause"), Icons::action("media-playback-pause", "pause"),
              QKeySequence(Qt::CTRL | Qt::Key_P), &MainWindow::pauseOrResumeSelected);
    addAction(QStringLiteral("remove"), tr("Re&move…"), Icons::action("edit-delete", "remove"),
              QKeySequence::Delete, &MainWindow::removeSelected);
    addAction(QStringLiteral("importImage"), tr("&Import Image…"),
              Icons::action("document-import", "import"), QKeySequence(Qt::CTRL | Qt::Key_I),
              &MainWindow::importImage);
    addAction(QStringLiteral("pullImage"), tr("P&ull Image…"),
              Icons::action("folder-download", "pull"),
              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I), &MainWindow::pullImage);
    addAction(QStringLiteral("tagImage"), tr("&Tag Image…"), Icons::action("tag", "tag"),
              QKeySequence(Qt::CTRL | Qt::Key_T), &MainWindow::tagSelectedImage);
    QAction *removeImage = addAction(
        QStringLiteral("removeImage"), tr("Remove I&mage…"), Icons::action("edit-delete", "remove"),
        QKeySequence(Qt::SHIFT | Qt::Key_Delete), &MainWindow::removeSelectedImage);
    // Delete too, as on the Containers page: only one of the two removes is enabled at a time.
    removeImage->setShortcuts({QKeySequence::Delete, QKeySequence(Qt::SHIFT | Qt::Key_Delete)});
    addAction(QStringLiteral("prune"), tr("Pru&ne…"), Icons::action("edit-clear", "remove"),
              QKeySequence(), &MainWindow::prune);
    auto *find = new QAction(tr("&Find"), this);
    find->setObjectName(QStringLiteral("find"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        QLineEdit *filter = m_tabs->currentIndex() == 0 ? m_containerFilter : m_imageFilter;
        filter->setFocus(Qt::ShortcutFocusReason);
        filter->selectAll();
    });
    auto *refresh = new QAction(Icons::action("view-refresh", "restart"), tr("Re&load"), this);
    refresh->setObjectName(QStringLiteral("reload"));
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, m_client, &HelperClient::refresh);
    auto *quit = new QAction(tr("&Quit"), this);
    quit->setObjectName(QStringLiteral("quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);
}

void MainWindow::createToolBarAndMenus()
{
    const QStringList containerActions{QStringLiteral("run"),   QStringLiteral("start"),
                                       QStringLiteral("stop"),  QStringLiteral("restart"),
                                       QStringLiteral("pause"), QStringLiteral("kill"),
                                       QStringLiteral("remove")};
    auto *toolBar = addToolBar(tr("Main Toolbar"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QMenu *containerMenu = menuBar()->addMenu(tr("&Container"));
    for (const QString &name : containerActions) {
        toolBar->addAction(action(name));
        containerMenu->addAction(action(name));
        if (name != QLatin1String("run"))
            m_containersView->addAction(action(name));
    }
    toolBar->addSeparator();
    toolBar->addAction(action(QStringLiteral("pullImage")));
    toolBar->addAction(action(QStringLiteral("importImage")));
    QMenu *imageMenu = menuBar()->addMenu(tr("I&mage"));
    for (const char *name : {"pullImage", "importImage", "tagImage", "removeImage"}) {
        imageMenu->addAction(action(QString::fromLatin1(name)));
        m_imagesView->addAction(action(QString::fromLatin1(name)));
    }
    // Prune removes containers and images alike: in both menus, live on both pages.
    imageMenu->addSeparator();
    imageMenu->addAction(action(QStringLiteral("prune")));
    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(action(QStringLiteral("find")));
    viewMenu->addAction(action(QStringLiteral("reload")));
    containerMenu->addSeparator();
    containerMenu->addAction(action(QStringLiteral("prune")));
    containerMenu->addSeparator();
    containerMenu->addAction(action(QStringLiteral("quit")));
}

QString MainWindow::selectedContainer() const
{
    // The current index alone is not what is highlighted: Ctrl+click on a selected row
    // deselects it and leaves it current. The actions and details follow the highlight.
    const QItemSelectionModel *selection = m_containersView->selectionModel();
    const QModelIndex current = selection->currentIndex();
    if (current.isValid() && selection->isRowSelected(current.row(), current.parent()))
        return current.data(ContainersModel::IdRole).toString();
    const QStringList selected = selectedContainers();
    return selected.isEmpty() ? QString() : selected.constFirst();
}

QStringList MainWindow::selectedContainers() const
{
    QModelIndexList rows = m_containersView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    for (const QModelIndex &index : std::as_const(rows))
        ids.append(index.data(ContainersModel::IdRole).toString());
    return ids;
}

QString MainWindow::containerLabel(const QString &id) const
{
    const QString name = m_client->container(id).name;
    return name.isEmpty() ? id.left(12) : name;
}

QString MainWindow::selectedImage() const
{
    const QModelIndex current = m_imagesView->selectionModel()->currentIndex();
    return current.isValid() ? current.data(ImagesModel::IdRole).toString() : QString();
}

void MainWindow::selectContainer(const QString &id)
{
    const int row = m_containersModel->rowOf(id);
    m_pendingSelection = row < 0 ? id : QString(); // selected when it is announced
    if (row < 0)
        return;
    const QModelIndex index = m_containersProxy->mapFromSource(m_containersModel->index(row, 0));
    m_containersView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                   QItemSelectionModel::Rows);
    m_containersView->scrollTo(index);
}

void MainWindow::updateActions()
{
    // Each page's actions act on its own selection and only while it is shown: Delete on
    // the Images tab must not remove the container selected on the other, invisible page.
    // A disabled action's shortcut is inactive, so Delete goes to the shown page's remove.
    // With several rows selected, an action is on when it applies to one of them at least.
    const bool containersShown = m_tabs->currentIndex() == 0;
    const QStringList ids = containersShown ? selectedContainers() : QStringList();
    bool anyLive = false, anyStopped = false, anyRunning = false, anyPaused = false;
    for (const QString &id : ids) {
        const QString state = m_client->container(id).state;
        const bool running = state == QLatin1String("running");
        const bool live = glassbox::client::isLiveState(state);
        anyLive = anyLive || live;
        anyStopped = anyStopped || !live;
        anyRunning = anyRunning || running;
        anyPaused = anyPaused || state == QLatin1String("paused");
    }
    action(QStringLiteral("start"))->setEnabled(anyStopped);
    action(QStringLiteral("stop"))->setEnabled(anyLive);
    action(QStringLiteral("restart"))->setEnabled(anyLive);
    action(QStringLiteral("kill"))->setEnabled(anyLive);
    action(QStringLiteral("remove"))->setEnabled(!ids.isEmpty());
    // Resume when every live one selected is paused, else pause the running ones.
    // A stopping container is live but can be neither paused nor resumed.
    const bool resume = anyPaused && !anyRunning;
    QAction *pause = action(QStringLiteral("pause"));
    pause->setEnabled(anyRunning || anyPaused);
    pause->setText(resume ? tr("Res&ume") : tr("&Pause"));
    pause->setIcon(resume ? Icons::action("media-playback-start", "start")
                          : Icons::action("media-playback-pause", "pause"));
    const bool image = !containersShown && !selectedImage().isEmpty();
    action(QStringLiteral("tagImage"))->setEnabled(image);
    action(QStringLiteral("removeImage"))->setEnabled(image);
    applyAuthorization();
}

void MainWindow::showDetails()
{
    auto *stack = qobject_cast<QStackedWidget *>(m_details->parentWidget());
    const QString id = selectedContainer();
    if (id.isEmpty()) {
        stack->setCurrentWidget(m_emptyDetails);
        return;
    }
    stack->setCurrentWidget(m_details);
    m_details->setContainer(id);
}

bool MainWindow::openPorts(const QModelIndex &index)
{
    const auto urls = index.data(ContainersModel::UrlsRole).value<QList<QUrl>>();
    const auto open = [this](const QUrl &url) {
        if (!m_openUrl(url))
            showFailure(
                tr("open %1").arg(url.toString()),
                tr("Could not open %1: no web browser is set up to open it.").arg(url.toString()));
    };
    if (urls.size() == 1)
        open(urls.constFirst());
    if (urls.size() <= 1)
        return !urls.isEmpty();
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("portsMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (const QUrl &url : urls)
        menu->addAction(tr("Open %1").arg(url.toString()), this, [open, url] { open(url); });
    menu->popup(m_containersView->viewport()->mapToGlobal(
        m_containersView->visualRect(index).bottomLeft()));
    return true;
}

void MainWindow::onFirstList()
{
    // The helper's first answer is in the model: every container has its row.
    m_listed = true;
    StartupLog::event("containers list populated", m_containersProxy->rowCount());
    showRequestedContainer();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint && m_listed && !m_paintLogged &&
        watched == m_containersView->viewport()) {
        m_paintLogged = true;
        // Logged once this paint and the flush to the screen that follows it are done.
        QTimer::singleShot(0, this, [this] {
            StartupLog::event("containers list painted", m_containersProxy->rowCount());
        });
    }
    return QMainWindow::eventFilter(watched, event);
}

QStringList MainWindow::detailsTabs()
{
    return ContainerDetailsWidget::tabKeys();
}

void MainWindow::showContainer(const QString &container, const QString &tab)
{
    m_showRequest = container;
    m_showTab = tab;
    if (m_listed)
        showRequestedContainer();
}

void MainWindow::showRequestedContainer()
{
    if (m_showRequest.isEmpty())
        return;
    const QString wanted = std::exchange(m_showRequest, QString());
    // glassboxctl's rules: an exact id or name, then a unique id prefix.
    const QList<glassbox::client::ContainerInfo> containers = m_client->containers();
    QString reason; // glassboxctl's wording; the window says it in its own
    const glassbox::client::ContainerInfo *found =
        glassbox::client::resolveContainer(containers, wanted, &reason);
    if (!found) {
        showFailure(tr("show a container"), tr("There is no container “%1”.").arg(wanted));
        return;
    }
    const QString id = found->id;
    m_tabs->setCurrentIndex(0);
    selectContainer(id);
    if (!m_showTab.isEmpty())
        m_details->setCurrentTab(m_showTab);
}

void MainWindow::setStatsInterval(int ms)
{
    m_statsTimer->setInterval(ms);
}

void MainWindow::sampleVisibleRows()
{
    m_containersModel->refreshUptimes();
    if (m_statsPending || m_tabs->currentIndex() != 0)
        return;
    // Only the rows in the viewport are sampled (plus one row of slack each way), unless the
    // list is sorted by CPU or memory: then every row takes part in the order, and a row
    // never scrolled into view would sink with no figures, hiding the busiest container.
    // All of them are sampled then, but only on every kFullSampleTicks-th tick, so the cost
    // stays one GetStats call per tick and a few cgroup reads per running container every
    // few seconds (the helper shares samples for 500 ms; CPU % needs two of them).
    constexpr int kFullSampleTicks = 3;
    const int sortColumn = m_containersView->horizontalHeader()->sortIndicatorSection();
    const bool sortedByUsage =
        m_containersView->isSortingEnabled() &&
        (sortColumn == ContainersModel::Cpu || sortColumn == ContainersModel::Memory);
    const bool everyRow = sortedByUsage && m_sampleTicks++ % kFullSampleTicks == 0;
    const QRect viewport = m_containersView->viewport()->rect();
    int first = m_containersView->rowAt(viewport.top());
    int last = m_containersView->rowAt(viewport.bottom());
    if (first < 0 || everyRow)
        first = 0;
    if (last < 0 || everyRow)
        last = m_containersProxy->rowCount() - 1;
    QStringList ids;
    for (int row = qMax(0, first - 1); row <= qMin(last + 1, m_containersProxy->rowCount() - 1);
         ++row) {
        const QModelIndex index = m_containersProxy->index(row, 0);
        if (index.data(ContainersModel::StateRole).toString() != QLatin1String("stopped"))
            ids.append(index.data(ContainersModel::IdRole).toString());
    }
    if (ids.isEmpty())
        return;
    m_statsPending = true;
    m_client->getStats(
        ids, this,
        [this](const glassbox::client::StatsList &samples) {
            m_statsPending = false;
            m_containersModel->applyStats(samples);
            m_details->applyStats(samples);
        },
        [this](const QString &message) {
            m_statsPending = false;
            statusBar()->showMessage(message, 5000);
        });
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    m_statsTimer->start();
    sampleVisibleRows();
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    m_statsTimer->stop();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_hideOnClose) {
        hide();
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::showAndRaise()
{
    show();
    setWindowState(windowState() & ~Qt::WindowMinimized);
    raise();
    activateWindow();
}

void MainWindow::showFailure(const QString &action, const QString &message)
{
    Q_UNUSED(action)
    m_lastError = message;
    // Long enough to read, then gone: a stale failure would read as the current state.
    statusBar()->showMessage(message, m_errorMessageMs);
    if (!isVisible())
        return; // the tray, if any, has its own way to say it
    if (m_errorBox)
        m_errorBox->close();
    // open(), not exec(): the window keeps running while the message is shown.
    m_errorBox =
        new QMessageBox(QMessageBox::Warning, tr("Glassbox"), message, QMessageBox::Ok, this);
    m_errorBox->setAttribute(Qt::WA_DeleteOnClose);
    m_errorBox->open();
}

QWidget *MainWindow::hiddenByFilterBar()
{
    // Said where the user looks for the container: above the list, with the way out.
    auto *bar = new QFrame;
    bar->setObjectName(QStringLiteral("hiddenByFilterBar"));
    bar->setFrameShape(QFrame::StyledPanel);
    m_hiddenByFilterBar = bar;
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(6, 2, 2, 2);
    m_hiddenByFilterText = new QLabel;
    m_hiddenByFilterText->setWordWrap(true);
    layout->addWidget(m_hiddenByFilterText, 1);
    auto *clear = new QPushButton(tr("&Clear Filter"));
    clear->setObjectName(QStringLiteral("clearFilterButton"));
    connect(clear, &QPushButton::clicked, this, [this] {
        const QString id = std::exchange(m_hiddenByFilter, QString());
        m_hiddenByFilterBar->hide();
        m_containerFilter->clear();
        if (!id.isEmpty())
            selectContainer(id);
    });
    layout->addWidget(clear);
    m_hiddenByFilterBar->hide();
    return m_hiddenByFilterBar;
}

void MainWindow::onContainerRowsInserted(int first, int last)
{
    // Only containers that arrive after the first list are new to the user.
    if (!m_listed || m_containerFilter->text().isEmpty())
        return;
    for (int row = last; row >= first; --row) {
        const QModelIndex source = m_containersModel->index(row, 0);
        if (m_containersProxy->mapFromSource(source).isValid())
            continue;
        m_hiddenByFilter = m_containersModel->idAt(row);
        m_hiddenByFilterText->setText(
            tr("The new container “%1” is hidden by the filter “%2”.")
                .arg(source.data().toString(), m_containerFilter->text()));
        m_hiddenByFilterBar->show();
        return;
    }
}

void MainWindow::keepSelectedRowInPlace()
{
    // Rows sorted in above the selected one push it down, out of view at the bottom: scroll
    // by as much, so the row someone is looking at stays under the pointer.
    const QString id = std::exchange(m_keptRowId, QString());
    const int oldY = std::exchange(m_keptRowY, -1);
    if (id.isEmpty() || oldY < 0)
        return;
    const int sourceRow = m_containersModel->rowOf(id);
    const QModelIndex index =
        m_containersProxy->mapFromSource(m_containersModel->index(sourceRow, 0));
    if (!index.isValid())
        return;
    const int delta = m_containersView->rowViewportPosition(index.row()) - oldY;
    if (delta == 0)
        return;
    const int step = m_containersView->verticalScrollMode() == QAbstractItemView::ScrollPerItem
                         ? delta / qMax(1, m_containersView->rowHeight(index.row()))
                         : delta;
    QScrollBar *bar = m_containersView->verticalScrollBar();
    // The scroll bar's range takes the new rows in only when the view next lays itself out.
    bar->setMaximum(bar->maximum() + step);
    bar->setValue(bar->value() + step);
}

void MainWindow::runBatch(const QStringList &ids, const std::function<void(const QString &)> &act,
                          std::function<QString(int)> failure,
                          std::function<void(const QStringList &)> then)
{
    auto batch = std::make_shared<Batch>();
    batch->failure = std::move(failure);
    batch->then = std::move(then);
    m_batches.append(batch);
    // The calls announce themselves synchronously (HelperClient::actionStarted): each one's
    // text is what its success or failure will carry.
    m_collecting = batch;
    for (const QString &id : ids) {
        m_collectingId = id;
        act(id);
    }
    m_collecting.reset();
    m_collectingId.clear();
    if (batch->pending.isEmpty()) {
        m_batches.removeOne(batch);
        if (batch->then)
            batch->then({});
    }
}

bool MainWindow::settleBatchAction(const QString &action, const QString *error)
{
    for (const std::shared_ptr<Batch> &batch : std::as_const(m_batches)) {
        const auto it = batch->pending.constFind(action);
        if (it == batch->pending.cend())
            continue;
        if (error)
            batch->errors.append(*error);
        else
            batch->succeeded.append(it.value());
        batch->pending.erase(it);
        if (batch->pending.isEmpty()) {
            const std::shared_ptr<Batch> done = batch; // m_batches changes below
            m_batches.removeOne(done);
            if (!done->errors.isEmpty())
                showFailure(QString(), done->failure(int(done->errors.size())) +
                                           QStringLiteral("\n\n") +
                                           done->errors.join(QLatin1Char('\n')));
            if (done->then)
                done->then(done->succeeded);
        }
        return true;
    }
    return false;
}

// --- Helper state and authorization (issue 14; HelperClient owns the logic) ---------------

void MainWindow::applyHelperState()
{
    m_helperState->setText(m_client->connectionText());
}

void MainWindow::applyAuthorization()
{
    // What polkit refuses this user outright (not what it would grant after a password) is
    // disabled, and its tooltip says who may; updateActions() enabled the rest by state.
    static const QList<QPair<QString, QStringList>> needs{
        {QStringLiteral("run"), {HelperClient::kManageAction}},
        {QStringLiteral("start"), {HelperClient::kManageAction}},
        {QStringLiteral("stop"), {HelperClient::kManageAction}},
        {QStringLiteral("restart"), {HelperClient::kManageAction}},
        {QStringLiteral("kill"), {HelperClient::kManageAction}},
        {QStringLiteral("pause"), {HelperClient::kManageAction}},
        {QStringLiteral("remove"), {HelperClient::kManageAction}},
        {QStringLiteral("importImage"), {HelperClient::kImagesAction}},
        {QStringLiteral("pullImage"), {HelperClient::kImagesAction}},
        {QStringLiteral("tagImage"), {HelperClient::kImagesAction}},
        {QStringLiteral("removeImage"), {HelperClient::kImagesAction}},
        {QStringLiteral("prune"), {HelperClient::kManageAction, HelperClient::kImagesAction}}};
    for (const auto &[name, actionIds] : needs) {
        QAction *window = action(name);
        const bool allowed = std::all_of(actionIds.cbegin(), actionIds.cend(),
                                         [this](const QString &id) { return m_client->mayDo(id); });
        if (name == QLatin1String("run") || name == QLatin1String("importImage") ||
            name == QLatin1String("pullImage"))
            window->setEnabled(allowed); // not tied to a selection
        else if (!allowed)
            window->setEnabled(false);
        // The tooltip addAction() gave (text and shortcut) comes back once allowed.
        if (!window->property("defaultToolTip").isValid())
            window->setProperty("defaultToolTip", window->toolTip());
        window->setToolTip(allowed ? window->property("defaultToolTip").toString()
                                   : tr("Needs authorization as an administrator"));
    }
}
