// MainWindow: layout, selection, sampling; the actions are in MainWindowActions.cpp.
#include "MainWindow.h"

#include "ContainersModel.h"
#include "HelperClient.h"
#include "Icons.h"
#include "ImagesModel.h"
#include "StartupLog.h"

#include "details/ContainerDetailsWidget.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

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
      m_imagesModel(new ImagesModel(this)), m_statsTimer(new QTimer(this))
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
    const auto helperState = [this](bool available) {
        m_helperState->setText(available ? tr("Helper connected") : tr("Helper not reachable"));
    };
    connect(client, &HelperClient::availableChanged, this, helperState);
    helperState(client->isAvailable());
    connect(client, &HelperClient::availableChanged, this, [this](bool available) {
        if (available && !m_listed)
            onFirstList();
    });
    m_listed = client->isAvailable(); // a window opened later: the list is in the model
    connect(client, &HelperClient::actionStarted, this, [this](const QString &action) {
        statusBar()->showMessage(tr("Asking the helper to %1…").arg(action));
    });
    connect(client, &HelperClient::actionSucceeded, this, [this](const QString &action) {
        statusBar()->showMessage(tr("Done: %1.").arg(action), 5000);
    });
    connect(
        client, &HelperClient::actionFailed, this,
        [this](const QString &action, const QString &message) { showFailure(action, message); });
    connect(client, &HelperClient::containerAdded, this, [this](const QString &id) {
        if (id == m_pendingSelection)
            selectContainer(id);
    });
    connect(client, &HelperClient::containerChanged, this, [this](const QString &id) {
        if (id == selectedContainer())
            updateActions();
    });

    m_statsTimer->setInterval(1000);
    connect(m_statsTimer, &QTimer::timeout, this, &MainWindow::sampleVisibleRows);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateActions);
    updateActions();
    // Room for several rows above the details (which need ~330 px), within the screen.
    QSize size = QSize(110, 80) * fontMetrics().averageCharWidth() * 1.6;
    if (const QScreen *screen = this->screen())
        size = size.boundedTo(screen->availableGeometry().size() * 0.9);
    resize(size);
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
    m_containersView = makeTable(m_containersProxy, tr("Containers"));
    m_containersView->setObjectName(QStringLiteral("containersView"));
    m_containersView->sortByColumn(ContainersModel::Name, Qt::AscendingOrder);
    stretchColumn(m_containersView, ContainersModel::Image, ContainersModel::Name);
    const int charWidth = m_containersView->fontMetrics().averageCharWidth();
    m_containersView->horizontalHeader()->resizeSection(ContainersModel::Status, charWidth * 18);
    m_containersView->horizontalHeader()->resizeSection(ContainersModel::Memory, charWidth * 22);
    layout->addWidget(m_containersView);
    m_containersView->viewport()->installEventFilter(this); // the first paint with rows
    splitter->addWidget(top);
    connect(m_containersView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] {
                updateActions();
                showDetails();
            });
    connect(m_containersView, &QTableView::activated, this, [this] { showDetails(); });

    auto *details = new QStackedWidget;
    m_emptyDetails = new QLabel(tr("Select a container to see what it is made of."));
    m_emptyDetails->setAlignment(Qt::AlignCenter);
    m_emptyDetails->setEnabled(false);
    details->addWidget(m_emptyDetails);
    m_details = new ContainerDetailsWidget(m_client->connection(), details);
    m_details->setObjectName(QStringLiteral("containerDetails"));
    details->addWidget(m_details);
    splitter->addWidget(details);
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
    addAction(QStringLiteral("tagImage"), tr("&Tag Image…"), Icons::action("tag", "tag"),
              QKeySequence(Qt::CTRL | Qt::Key_T), &MainWindow::tagSelectedImage);
    QAction *removeImage = addAction(
        QStringLiteral("removeImage"), tr("Remove I&mage…"), Icons::action("edit-delete", "remove"),
        QKeySequence(Qt::SHIFT | Qt::Key_Delete), &MainWindow::removeSelectedImage);
    // Delete too, as on the Containers page: only one of the two removes is enabled at a time.
    removeImage->setShortcuts({QKeySequence::Delete, QKeySequence(Qt::SHIFT | Qt::Key_Delete)});
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
    toolBar->addAction(action(QStringLiteral("importImage")));
    QMenu *imageMenu = menuBar()->addMenu(tr("I&mage"));
    for (const char *name : {"importImage", "tagImage", "removeImage"}) {
        imageMenu->addAction(action(QString::fromLatin1(name)));
        m_imagesView->addAction(action(QString::fromLatin1(name)));
    }
    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(action(QStringLiteral("find")));
    viewMenu->addAction(action(QStringLiteral("reload")));
    containerMenu->addSeparator();
    containerMenu->addAction(action(QStringLiteral("quit")));
}

QString MainWindow::selectedContainer() const
{
    const QModelIndex current = m_containersView->selectionModel()->currentIndex();
    return current.isValid() ? current.data(ContainersModel::IdRole).toString() : QString();
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
    const bool containersShown = m_tabs->currentIndex() == 0;
    const QString id = containersShown ? selectedContainer() : QString();
    const QString state = id.isEmpty() ? QString() : m_client->container(id).state;
    const bool running = state == QLatin1String("running");
    const bool paused = state == QLatin1String("paused");
    const bool live = running || paused;
    action(QStringLiteral("start"))->setEnabled(!id.isEmpty() && !live);
    action(QStringLiteral("stop"))->setEnabled(live);
    action(QStringLiteral("restart"))->setEnabled(live);
    action(QStringLiteral("kill"))->setEnabled(live);
    action(QStringLiteral("remove"))->setEnabled(!id.isEmpty());
    QAction *pause = action(QStringLiteral("pause"));
    pause->setEnabled(live);
    pause->setText(paused ? tr("Res&ume") : tr("&Pause"));
    pause->setIcon(paused ? Icons::action("media-playback-start", "start")
                          : Icons::action("media-playback-pause", "pause"));
    const bool image = !containersShown && !selectedImage().isEmpty();
    action(QStringLiteral("tagImage"))->setEnabled(image);
    action(QStringLiteral("removeImage"))->setEnabled(image);
}

void MainWindow::showDetails()
{
    auto *stack = static_cast<QStackedWidget *>(m_details->parentWidget());
    const QString id = selectedContainer();
    if (id.isEmpty()) {
        stack->setCurrentWidget(m_emptyDetails);
        return;
    }
    stack->setCurrentWidget(m_details);
    m_details->setContainer(id);
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
    QString id;
    QStringList prefixed;
    const QList<glassbox::ctl::ContainerInfo> containers = m_client->containers();
    for (const glassbox::ctl::ContainerInfo &c : containers) {
        if (c.name == wanted || c.id == wanted) {
            id = c.id;
            break;
        }
        if (c.id.startsWith(wanted))
            prefixed.append(c.id);
    }
    if (id.isEmpty() && prefixed.size() == 1)
        id = prefixed.constFirst();
    if (id.isEmpty()) {
        showFailure(tr("show a container"), tr("There is no container “%1”.").arg(wanted));
        return;
    }
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
        [this](const glassbox::ctl::StatsList &samples) {
            m_statsPending = false;
            m_containersModel->applyStats(samples);
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
    statusBar()->showMessage(message);
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
