// The main window: containers (with the selected one's details below) and images, the
// actions on them in a toolbar, context menus and shortcuts, and the helper's answers in
// the status bar. Only the rows in view are sampled (every running row now and then when
// sorted by CPU or memory), and only while the window is shown.
#pragma once

#include <QHash>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>

#include <functional>
#include <memory>

class ContainerDetailsWidget;
class ContainersModel;
class HelperClient;
class ImagesModel;
class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTimer;
class QUrl;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(HelperClient *client, QWidget *parent = nullptr);

    /// When true, closing the window hides it (the tray keeps the application).
    void setHideOnClose(bool hide) { m_hideOnClose = hide; }

    // For tests: the parts a person would look at and click.
    QTableView *containersView() const { return m_containersView; }
    QTableView *imagesView() const { return m_imagesView; }
    ContainersModel *containersModel() const { return m_containersModel; }
    QAction *action(const QString &name) const;
    /// The container the details show: the current row if it is selected, else the first
    /// selected one; empty when no row is selected.
    QString selectedContainer() const;
    /// Every selected (highlighted) container, in the order shown: what the actions act on.
    QStringList selectedContainers() const;
    void selectContainer(const QString &id);
    /// The last failure shown, and its message box while it is open.
    QString lastError() const { return m_lastError; }
    QMessageBox *errorBox() const { return m_errorBox; }
    /// Runs the Run dialog's result (tests fill the dialog themselves). An image that is not
    /// in the store is pulled first, in a Pull dialog over the Run dialog, as `podman run`
    /// pulls a missing image; the container is created once it is here.
    void runFromDialog(class CreateContainerDialog *dialog);
    /// Whether `reference` names an image of the store (a tag, a name@digest, an image id or
    /// its prefix) or the built-in busybox, which the helper builds on first use. A text that
    /// is no reference counts as here: the helper's refusal names what is wrong with it.
    bool hasImage(const QString &reference) const;
    /// The sampling interval (1 s); tests may shorten it.
    void setStatsInterval(int ms);
    /// How long a failure stays in the status bar (10 s); tests may shorten it.
    void setErrorMessageTimeout(int ms) { m_errorMessageMs = ms; }
    /// Selects the container `container` (its name, id or a unique id prefix) and shows its
    /// details on `tab` (a key of ContainerDetailsWidget::tabKeys(); empty: as it is), at once
    /// or once the helper's list has arrived (glassbox --show).
    void showContainer(const QString &container, const QString &tab = QString());
    /// The keys of the details tabs (none when built without them).
    static QStringList detailsTabs();
    /// What opens a published port's address (QDesktopServices::openUrl); tests record it.
    using UrlOpener = std::function<bool(const QUrl &)>;
    void setUrlOpener(UrlOpener opener) { m_openUrl = std::move(opener); }
    /// Opens what the Ports cell at `index` (of the view's model) offers: its one tcp port's
    /// address, or a menu of them when there are several. False when it offers none.
    bool openPorts(const QModelIndex &index);

public Q_SLOTS:
    void showAndRaise();
    void runContainer();
    void startSelected();
    void stopSelected();
    void restartSelected();
    void killSelected();
    void pauseOrResumeSelected();
    void removeSelected();
    void importImage();
    /// Pull Image…: the dialog, modeless; the image appears in the list when it is pulled.
    void pullImage();
    /// Imports the archive at `path`; an image that arrives without a name of its own (a
    /// root filesystem tar) is tagged `fallbackName`.
    void importImageFile(const QString &path, const QString &fallbackName);
    void removeSelectedImage();
    void tagSelectedImage();
    /// Removes the stopped containers and the images no remaining container uses, after
    /// a confirmation that lists them.
    void prune();

private:
    void nameImportedImage(const QString &id, const QString &fallbackName);
    void pullForDialog(class CreateContainerDialog *dialog);
    void createFromDialog(class CreateContainerDialog *dialog);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *containersPage();
    QWidget *imagesPage();
    void createActions();
    void createToolBarAndMenus();
    void updateActions();
    /// Issue 14: the status bar's helper state, and the actions polkit refuses this user.
    void applyHelperState();
    void applyAuthorization();
    void showDetails();
    void sampleVisibleRows();
    void showFailure(const QString &action, const QString &message);
    void onFirstList();
    void showRequestedContainer();
    QString selectedImage() const;
    /// One helper call per id through `act`; their failures are collected into one message
    /// (`failure` gives its first line for the number that failed), then `then` gets the ids
    /// that succeeded.
    void runBatch(const QStringList &ids, const std::function<void(const QString &)> &act,
                  std::function<QString(int)> failure,
                  std::function<void(const QStringList &)> then = {});
    /// A helper action ended: true if a batch was waiting for it (its failure is kept then).
    bool settleBatchAction(const QString &action, const QString *error);
    void removeContainersThenImage(const QStringList &containers, const QStringList &running,
                                   const QString &image);
    QWidget *hiddenByFilterBar();
    void onContainerRowsInserted(int first, int last);
    void keepSelectedRowInPlace();
    QString containerLabel(const QString &id) const;
    QAction *addAction(const QString &name, const QString &text, const QIcon &icon,
                       const QKeySequence &shortcut, void (MainWindow::*slot)());

    HelperClient *m_client;
    ContainersModel *m_containersModel;
    ImagesModel *m_imagesModel;
    QSortFilterProxyModel *m_containersProxy;
    QSortFilterProxyModel *m_imagesProxy;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_containersView = nullptr;
    QTableView *m_imagesView = nullptr;
    QLineEdit *m_containerFilter = nullptr;
    QLineEdit *m_imageFilter = nullptr;
    ContainerDetailsWidget *m_details = nullptr;
    QLabel *m_emptyDetails = nullptr;
    QLabel *m_helperState = nullptr;
    QTimer *m_statsTimer;
    bool m_statsPending = false;
    int m_sampleTicks = 0; // sorted by CPU or memory: every few ticks sample every row
    bool m_hideOnClose = false;
    QString m_lastError;
    QString m_pendingSelection;
    bool m_listed = false;      // the helper's first list has arrived
    bool m_paintLogged = false; // glassbox.startup logged the first paint with it
    QString m_showRequest;
    QString m_showTab;
    QPointer<QMessageBox> m_errorBox;
    QPointer<QProgressDialog> m_importProgress;
    QPointer<class PullDialog> m_pullDialog;
    int m_errorMessageMs = 10000;
    QWidget *m_hiddenByFilterBar = nullptr; // "the new container is hidden by the filter"
    QLabel *m_hiddenByFilterText = nullptr;
    QString m_hiddenByFilter; // that container's id
    // Where the selected row was before rows were inserted (-1: not on screen).
    QString m_keptRowId;
    int m_keptRowY = -1;
    struct Batch
    {
        QHash<QString, QString> pending; // action text -> container or image id
        QStringList succeeded;
        QStringList errors;
        std::function<QString(int)> failure;
        std::function<void(const QStringList &)> then;
    };
    QList<std::shared_ptr<Batch>> m_batches;
    std::shared_ptr<Batch> m_collecting; // the batch whose calls are being made
    QString m_collectingId;
    QString m_importJob;
    UrlOpener m_openUrl;
};
