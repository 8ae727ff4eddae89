// The main window: containers (with the selected one's details below) and images, the
// actions on them in a toolbar, context menus and shortcuts, and the helper's answers in
// the status bar. Only the rows in view are sampled (every running row now and then when
// sorted by CPU or memory), and only while the window is shown.
#pragma once

#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>

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
    QString selectedContainer() const;
    void selectContainer(const QString &id);
    /// The last failure shown, and its message box while it is open.
    QString lastError() const { return m_lastError; }
    QMessageBox *errorBox() const { return m_errorBox; }
    /// Runs the Run dialog's result (tests fill the dialog themselves).
    void runFromDialog(class CreateContainerDialog *dialog);
    /// The sampling interval (1 s); tests may shorten it.
    void setStatsInterval(int ms);
    /// Selects the container `container` (its name, id or a unique id prefix) and shows its
    /// details on `tab` (a key of ContainerDetailsWidget::tabKeys(); empty: as it is), at once
    /// or once the helper's list has arrived (glassbox --show).
    void showContainer(const QString &container, const QString &tab = QString());
    /// The keys of the details tabs (none when built without them).
    static QStringList detailsTabs();

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
    void importImageFile(const QString &path, const QString &tag);
    void removeSelectedImage();
    void tagSelectedImage();

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
    void showDetails();
    void sampleVisibleRows();
    void showFailure(const QString &action, const QString &message);
    void onFirstList();
    void showRequestedContainer();
    QString selectedImage() const;
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
    QString m_importJob;
};
