// The Run/Create dialog: every CreateContainer option of the contract, with the choices
// that need the privileged polkit action (bind mounts, added capabilities, no seccomp)
// marked where they are made and summed up above the buttons.
#pragma once

#include <QDialog>
#include <QVariantMap>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

class CreateContainerDialog : public QDialog
{
    Q_OBJECT

public:
    /// `images`: the store's tags (the first is preselected unless `preferred` is one).
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

private:
    QWidget *generalPage();
    QWidget *environmentPage();
    QWidget *resourcesPage();
    QWidget *securityPage();
    QWidget *mountsPage();
    QLabel *privilegedMark(QWidget *buddy);
    void updatePrivilegedSummary();
    void validate();

    QComboBox *m_image = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_command = nullptr;
    QLineEdit *m_workingDir = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_hostname = nullptr;
    QCheckBox *m_start = nullptr;
    QTableWidget *m_env = nullptr;
    QSpinBox *m_memory = nullptr;
    QDoubleSpinBox *m_cpus = nullptr;
    QSpinBox *m_pids = nullptr;
    QCheckBox *m_readOnly = nullptr;
    QCheckBox *m_userNamespace = nullptr;
    QLineEdit *m_capAdd = nullptr;
    QLineEdit *m_capDrop = nullptr;
    QComboBox *m_seccomp = nullptr;
    QTableWidget *m_mounts = nullptr;
    QLabel *m_privilegedSummary = nullptr;
    QLabel *m_problem = nullptr;
};
