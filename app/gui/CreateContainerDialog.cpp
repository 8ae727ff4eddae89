// CreateContainerDialog: see CreateContainerDialog.h.
#include "CreateContainerDialog.h"

#include "cli.h"
#include "glassbox/quantities.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

namespace quantity = glassbox::quantity;
constexpr quint64 kMiB = 1024 * 1024;

QStringList words(const QLineEdit *edit)
{
    QStringList list;
    const QStringList parts =
        edit->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
    for (const QString &part : parts)
        list.append(part.toUpper());
    return list;
}

// A table with "Add" and "Remove" buttons under it.
QWidget *tableWithButtons(QTableWidget *table, const QString &addText, const QString &removeText)
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(table);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(addText);
    auto *remove = new QPushButton(removeText);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    QObject::connect(add, &QPushButton::clicked, table, [table] {
        table->insertRow(table->rowCount());
        table->setCurrentCell(table->rowCount() - 1, 0);
        table->editItem(table->currentItem());
    });
    QObject::connect(remove, &QPushButton::clicked, table, [table] {
        if (table->currentRow() >= 0)
            table->removeRow(table->currentRow());
    });
    return page;
}

QString cell(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

QStringList CreateContainerDialog::splitCommand(const QString &command)
{
    // A shell's word splitting without expansion: '…' literal, "…" with \" and \\, \x.
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (qsizetype i = 0; i < command.size(); ++i) {
        const QChar c = command.at(i);
        if (quote == QLatin1Char('\'')) {
            if (c == quote)
                quote = QChar();
            else
                word += c;
        } else if (quote == QLatin1Char('"')) {
            if (c == quote)
                quote = QChar();
            else if (c == QLatin1Char('\\') && i + 1 < command.size() &&
                     (command.at(i + 1) == QLatin1Char('"') ||
                      command.at(i + 1) == QLatin1Char('\\')))
                word += command.at(++i);
            else
                word += c;
        } else if (c.isSpace()) {
            if (inWord)
                words.append(word);
            word.clear();
            inWord = false;
        } else {
            inWord = true;
            if (c == QLatin1Char('\'') || c == QLatin1Char('"'))
                quote = c;
            else if (c == QLatin1Char('\\') && i + 1 < command.size())
                word += command.at(++i);
            else
                word += c;
        }
    }
    if (inWord)
        words.append(word);
    return words;
}

CreateContainerDialog::CreateContainerDialog(const QStringList &images, QWidget *parent,
                                             const QString &preferred)
    : QDialog(parent)
{
    setWindowTitle(tr("Run a Container"));
    auto *layout = new QVBoxLayout(this);
    auto *tabs = new QTabWidget;
    tabs->setObjectName(QStringLiteral("createTabs"));
    tabs->addTab(generalPage(), tr("&General"));
    tabs->addTab(environmentPage(), tr("&Environment"));
    tabs->addTab(resourcesPage(), tr("&Resources"));
    tabs->addTab(securityPage(), tr("&Security"));
    tabs->addTab(mountsPage(), tr("&Mounts"));
    layout->addWidget(tabs);

    m_privilegedSummary = new QLabel;
    m_privilegedSummary->setObjectName(QStringLiteral("privilegedSummary"));
    m_privilegedSummary->setWordWrap(true);
    m_privilegedSummary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_privilegedSummary);
    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    // An error red that reads on the dialog's own background, light or dark (BrightText is
    // meant for dark backgrounds: white on Fusion's light grey could not be read at all).
    // Both reds have a contrast ratio above 4.5 with Fusion's and Breeze's window colours.
    QPalette problemPalette = m_problem->palette();
    const bool dark = problemPalette.color(QPalette::Window).lightness() < 128;
    problemPalette.setColor(QPalette::WindowText,
                            dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb7, 0x1c, 0x1c));
    m_problem->setPalette(problemPalette);
    layout->addWidget(m_problem);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Run"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("runButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_start, &QCheckBox::toggled, this, [buttons](bool start) {
        buttons->button(QDialogButtonBox::Ok)->setText(start ? tr("&Run") : tr("C&reate"));
    });

    m_image->addItems(images);
    if (!preferred.isEmpty())
        setImage(preferred);
    const auto check = [this] {
        updatePrivilegedSummary();
        validate();
    };
    connect(m_image, &QComboBox::currentTextChanged, this, check);
    connect(m_name, &QLineEdit::textChanged, this, check);
    connect(m_user, &QLineEdit::textChanged, this, check);
    connect(m_capAdd, &QLineEdit::textChanged, this, check);
    connect(m_seccomp, &QComboBox::currentIndexChanged, this, check);
    connect(m_mounts, &QTableWidget::itemChanged, this, check);
    connect(m_mounts->model(), &QAbstractItemModel::rowsRemoved, this, check);
    check();
    m_image->setFocus();
}

QLabel *CreateContainerDialog::privilegedMark(QWidget *buddy)
{
    auto *mark = new QLabel(tr("⚠ Privileged: needs administrator authorization each time"));
    mark->setToolTip(tr("Containers with this choice can affect the host. Glassbox asks "
                        "polkit for the privileged action, which is never remembered."));
    mark->setWordWrap(true);
    mark->setBuddy(buddy);
    return mark;
}

QWidget *CreateContainerDialog::generalPage()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    m_image = new QComboBox;
    m_image->setObjectName(QStringLiteral("imageCombo"));
    m_image->setEditable(true);
    m_image->setAccessibleName(tr("Image"));
    form->addRow(tr("&Image:"), m_image);
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("optional, e.g. web"));
    m_name->setAccessibleName(tr("Name"));
    form->addRow(tr("&Name:"), m_name);
    m_command = new QLineEdit;
    m_command->setObjectName(QStringLiteral("commandEdit"));
    m_command->setPlaceholderText(tr("the image's default command"));
    m_command->setAccessibleName(tr("Command"));
    m_command->setToolTip(tr("Split into arguments like a shell does; quote arguments "
                             "with spaces"));
    form->addRow(tr("&Command:"), m_command);
    m_workingDir = new QLineEdit;
    m_workingDir->setPlaceholderText(tr("the image's, e.g. /"));
    m_workingDir->setAccessibleName(tr("Working directory"));
    form->addRow(tr("&Working directory:"), m_workingDir);
    m_user = new QLineEdit;
    m_user->setPlaceholderText(tr("uid[:gid] or a name from the image"));
    m_user->setAccessibleName(tr("User"));
    form->addRow(tr("&User:"), m_user);
    m_hostname = new QLineEdit;
    m_hostname->setPlaceholderText(tr("the container's id"));
    m_hostname->setAccessibleName(tr("Hostname"));
    form->addRow(tr("&Hostname:"), m_hostname);
    m_start = new QCheckBox(tr("&Start it right away"));
    m_start->setObjectName(QStringLiteral("startCheck"));
    m_start->setChecked(true);
    form->addRow(QString(), m_start);
    return page;
}

QWidget *CreateContainerDialog::environmentPage()
{
    m_env = new QTableWidget(0, 2);
    m_env->setObjectName(QStringLiteral("envTable"));
    m_env->setHorizontalHeaderLabels({tr("Variable"), tr("Value")});
    m_env->setAccessibleName(tr("Environment variables"));
    return tableWithButtons(m_env, tr("&Add variable"), tr("Re&move variable"));
}

QWidget *CreateContainerDialog::resourcesPage()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    // The shared ranges (glassbox/quantities.h): below 4 MiB is refused, so the step below
    // it, the minimum, stands for no limit.
    m_memory = new QSpinBox;
    m_memory->setRange(int(quantity::kMinMemoryLimit / kMiB) - 1, 1024 * 1024);
    m_memory->setSuffix(tr(" MiB"));
    m_memory->setSpecialValueText(tr("No limit"));
    m_memory->setAccessibleName(tr("Memory limit"));
    form->addRow(tr("&Memory limit:"), m_memory);
    m_cpus = new QDoubleSpinBox;
    m_cpus->setRange(0, double(quantity::kMaxCpuQuota) / double(quantity::kCpuPeriod));
    m_cpus->setDecimals(2);
    m_cpus->setSingleStep(0.25);
    m_cpus->setSuffix(tr(" cores"));
    m_cpus->setSpecialValueText(tr("No limit"));
    m_cpus->setAccessibleName(tr("CPU limit in cores"));
    m_cpus->setToolTip(tr("1 core = 100 % CPU in the containers list"));
    form->addRow(tr("&CPU limit:"), m_cpus);
    m_pids = new QSpinBox;
    m_pids->setRange(0, int(quantity::kMaxPids));
    m_pids->setSpecialValueText(tr("No limit"));
    m_pids->setAccessibleName(tr("Process limit"));
    form->addRow(tr("&Process limit:"), m_pids);
    return page;
}

QWidget *CreateContainerDialog::securityPage()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    m_readOnly = new QCheckBox(tr("&Read-only root filesystem"));
    form->addRow(QString(), m_readOnly);
    m_userNamespace = new QCheckBox(tr("Remap &root to an unprivileged user (user namespace)"));
    m_userNamespace->setObjectName(QStringLiteral("userNamespaceCheck"));
    m_userNamespace->setToolTip(tr("Root inside the container is an unprivileged user on the "
                                   "host"));
    form->addRow(QString(), m_userNamespace);
    m_capAdd = new QLineEdit;
    m_capAdd->setObjectName(QStringLiteral("capAddEdit"));
    m_capAdd->setPlaceholderText(tr("e.g. NET_ADMIN, SYS_PTRACE"));
    m_capAdd->setAccessibleName(tr("Capabilities to add (privileged)"));
    form->addRow(tr("&Add capabilities:"), m_capAdd);
    form->addRow(QString(), privilegedMark(m_capAdd));
    m_capDrop = new QLineEdit;
    m_capDrop->setPlaceholderText(tr("e.g. NET_RAW, or ALL"));
    m_capDrop->setAccessibleName(tr("Capabilities to drop"));
    form->addRow(tr("&Drop capabilities:"), m_capDrop);
    m_seccomp = new QComboBox;
    m_seccomp->setObjectName(QStringLiteral("seccompCombo"));
    m_seccomp->addItem(tr("Default profile (blocks dangerous system calls)"),
                       QStringLiteral("default"));
    m_seccomp->addItem(tr("Unconfined (privileged)"), QStringLiteral("unconfined"));
    m_seccomp->setAccessibleName(tr("Seccomp profile"));
    form->addRow(tr("S&eccomp:"), m_seccomp);
    return page;
}

QWidget *CreateContainerDialog::mountsPage()
{
    m_mounts = new QTableWidget(0, 3);
    m_mounts->setObjectName(QStringLiteral("mountsTable"));
    m_mounts->setHorizontalHeaderLabels({tr("Host path"), tr("Container path"), tr("Read-only")});
    m_mounts->setAccessibleName(tr("Host bind mounts (privileged)"));
    QWidget *page = tableWithButtons(m_mounts, tr("&Add mount"), tr("Re&move mount"));
    auto *layout = static_cast<QVBoxLayout *>(page->layout());
    auto *explain = new QLabel(tr("Host directories the container sees. Read-only: type "
                                  "“yes” or “no”."));
    explain->setWordWrap(true);
    layout->insertWidget(0, explain);
    layout->insertWidget(1, privilegedMark(m_mounts));
    return page;
}

QString CreateContainerDialog::image() const
{
    return m_image->currentText().trimmed();
}

QString CreateContainerDialog::name() const
{
    return m_name->text().trimmed();
}

bool CreateContainerDialog::startAfterCreate() const
{
    return m_start->isChecked();
}

void CreateContainerDialog::setImage(const QString &image)
{
    const int index = m_image->findText(image);
    if (index >= 0)
        m_image->setCurrentIndex(index);
    else
        m_image->setEditText(image);
}

void CreateContainerDialog::setName(const QString &name)
{
    m_name->setText(name);
}

void CreateContainerDialog::setCommand(const QString &command)
{
    m_command->setText(command);
}

QVariantMap CreateContainerDialog::options() const
{
    QVariantMap options;
    const QStringList command = splitCommand(m_command->text());
    if (!command.isEmpty())
        options.insert(QStringLiteral("Command"), command);
    QStringList env;
    for (int row = 0; row < m_env->rowCount(); ++row) {
        const QString key = cell(m_env, row, 0);
        if (!key.isEmpty())
            env.append(key + QLatin1Char('=') + cell(m_env, row, 1));
    }
    if (!env.isEmpty())
        options.insert(QStringLiteral("Env"), env);
    const auto text = [&options](const char *key, const QLineEdit *edit) {
        if (!edit->text().trimmed().isEmpty())
            options.insert(QString::fromLatin1(key), edit->text().trimmed());
    };
    text("WorkingDir", m_workingDir);
    text("User", m_user);
    text("Hostname", m_hostname);
    if (m_memory->value() > m_memory->minimum())
        options.insert(QStringLiteral("MemoryLimit"),
                       QVariant::fromValue(quint64(m_memory->value()) * kMiB));
    if (m_cpus->value() > 0) {
        qint64 quota = 0;
        quint64 period = 0;
        if (glassbox::ctl::parseCpus(QString::number(m_cpus->value(), 'f', m_cpus->decimals()),
                                     &quota, &period)) {
            options.insert(QStringLiteral("CpuQuota"), QVariant::fromValue(quota));
            options.insert(QStringLiteral("CpuPeriod"), QVariant::fromValue(period));
        }
    }
    if (m_pids->value() > 0)
        options.insert(QStringLiteral("PidsLimit"), QVariant::fromValue(qint64(m_pids->value())));
    if (m_readOnly->isChecked())
        options.insert(QStringLiteral("ReadOnly"), true);
    if (m_userNamespace->isChecked())
        options.insert(QStringLiteral("UserNamespace"), true);
    if (const QStringList add = words(m_capAdd); !add.isEmpty())
        options.insert(QStringLiteral("CapAdd"), add);
    if (const QStringList drop = words(m_capDrop); !drop.isEmpty())
        options.insert(QStringLiteral("CapDrop"), drop);
    if (m_seccomp->currentData().toString() != QLatin1String("default"))
        options.insert(QStringLiteral("Seccomp"), m_seccomp->currentData().toString());
    QList<glassbox::ctl::BindMount> mounts;
    for (int row = 0; row < m_mounts->rowCount(); ++row) {
        glassbox::ctl::BindMount mount;
        mount.source = cell(m_mounts, row, 0);
        mount.destination = cell(m_mounts, row, 1);
        const QString ro = cell(m_mounts, row, 2).toLower();
        mount.readOnly = !ro.isEmpty() && ro != QLatin1String("no") && ro != tr("no").toLower() &&
                         ro != QLatin1String("0") && ro != QLatin1String("false");
        if (!mount.source.isEmpty() || !mount.destination.isEmpty())
            mounts.append(mount);
    }
    if (!mounts.isEmpty())
        options.insert(QStringLiteral("BindMounts"), QVariant::fromValue(mounts));
    return options;
}

QStringList CreateContainerDialog::privilegedChoices() const
{
    QStringList choices;
    if (!words(m_capAdd).isEmpty())
        choices.append(
            tr("adds capabilities (%1)").arg(words(m_capAdd).join(QStringLiteral(", "))));
    if (m_seccomp->currentData().toString() == QLatin1String("unconfined"))
        choices.append(tr("runs without a seccomp filter"));
    int mounts = 0;
    for (int row = 0; row < m_mounts->rowCount(); ++row)
        if (!cell(m_mounts, row, 0).isEmpty())
            ++mounts;
    if (mounts > 0)
        choices.append(tr("mounts %n host path(s)", nullptr, mounts));
    return choices;
}

void CreateContainerDialog::updatePrivilegedSummary()
{
    const QStringList choices = privilegedChoices();
    m_privilegedSummary->setVisible(!choices.isEmpty());
    m_privilegedSummary->setText(
        tr("⚠ Privileged container: it %1. Glassbox will ask for administrator authorization.")
            .arg(choices.join(tr(", "))));
}

void CreateContainerDialog::validate()
{
    static const QRegularExpression namePattern(
        QStringLiteral("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$"));
    QString problem;
    if (image().isEmpty())
        problem = tr("Choose an image (import one from the Images tab first).");
    else if (!name().isEmpty() && !namePattern.match(name()).hasMatch())
        problem = tr("A name starts with a letter or digit and has only letters, digits, "
                     "“_”, “.” and “-” (at most 63).");
    else if (const QString user = m_user->text().trimmed();
             !user.isEmpty() && !quantity::parseUserSpec(user.toStdString()))
        problem = tr("The user is a name or a number from 0 to %1, optionally followed by “:” "
                     "and a group name or number.")
                      .arg(quantity::kMaxId);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    if (auto *box = findChild<QDialogButtonBox *>())
        box->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}
