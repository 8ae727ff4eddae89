// The Run/Create dialog: every CreateContainer option of the contract, with the choices
// that need the privileged polkit action (bind mounts, added capabilities, no seccomp, the
// host's network, a host port below 1024) marked where they are made and summed up above the
// buttons.
#pragma once

#include "ObjectInfo.h"

#include <QDialog>
#include <QHash>
#include <QVariantMap>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;
class NetworkPage;

/// Run (or Create) does not close the dialog: it emits createRequested(), and the caller
/// closes it once the helper made the container, or shows the helper's refusal with
/// showError() so that nothing typed is lost.
class CreateContainerDialog : public QDialog
{
    Q_OBJECT

public:
    /// The image the helper builds on first use (no import, no network): always offered.
    static const QString kBuiltinImage;

    /// `images`: the store's tags (the first is preselected unless `preferred` is one);
    /// kBuiltinImage is added when the store does not have it.
    explicit CreateContainerDialog(const QStringList &images, QWidget *parent = nullptr,
                                   const QString &preferred = QString());

    QString image() const;
    QString name() const;
    bool startAfterCreate() const;
    /// The CreateContainer options (only what differs from the defaults).
    QVariantMap options() const;
    /// The privileged choices made, as sentences; empty when none.
    QStringList privilegedChoices() const;

    /// Splits a command line into arguments as a shell does, without expansions.
    static QStringList splitCommand(const QString &command);

    // For tests and callers that preset the form.
    void setImage(const QString &image);
    void setName(const QString &name);
    void setCommand(const QString &command);
    /// The names existing containers use (name -> id): a name among them is refused before
    /// the helper is asked.
    void setTakenNames(const QHash<QString, QString> &nameToId);
    /// The helper's networks (ListNetworks), offered besides the default, none and host.
    void setNetworks(const QList<glassbox::client::NetworkInfo> &networks);
    NetworkPage *networkPage() const { return m_networkPage; }

    /// While the helper works on the request: Run disabled and a hint that it is working.
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    /// Shows the first problem of the form (or the helper's refusal); false when the form
    /// itself is wrong.
    bool validate();
    /// Shows the helper's refusal under the form until the input changes.
    void showError(const QString &message);
    /// The problem shown under the form (a validation problem or the helper's), if any.
    QString problem() const;

Q_SIGNALS:
    /// Run or Create was clicked on a valid form.
    void createRequested();

private:
    QWidget *generalPage();
    QWidget *environmentPage();
    QWidget *resourcesPage();
    QWidget *securityPage();
    QWidget *mountsPage();
    QLabel *privilegedMark(QWidget *buddy);
    void updatePrivilegedSummary();
    void requestCreate();

    QComboBox *m_image = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_command = nullptr;
    QLineEdit *m_workingDir = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_hostname = nullptr;
    QCheckBox *m_start = nullptr;
    QTableWidget *m_env = nullptr;
    QLineEdit *m_memory = nullptr;
    QDoubleSpinBox *m_cpus = nullptr;
    QSpinBox *m_pids = nullptr;
    QCheckBox *m_readOnly = nullptr;
    QCheckBox *m_userNamespace = nullptr;
    QLineEdit *m_capAdd = nullptr;
    QLineEdit *m_capDrop = nullptr;
    QComboBox *m_seccomp = nullptr;
    QTableWidget *m_mounts = nullptr;
    NetworkPage *m_networkPage = nullptr;
    QLabel *m_privilegedSummary = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_busyHint = nullptr;
    QHash<QString, QString> m_takenNames;
    QString m_helperError;
    bool m_busy = false;
};
