// CreateContainerDialog: see CreateContainerDialog.h.
#include "CreateContainerDialog.h"

#include "CreateOptions.h"
#include "NetworkPage.h"
#include "Quantities.h"
#include "glassbox/quantities.h"

#include <QApplication>
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
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {

namespace client = glassbox::client;
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

// A table with "Add" and "Remove" buttons under it. "Add" makes a row of empty items and
// opens the first one's editor: an empty row has no item to edit, and the text typed into it
// went nowhere.
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
        const int row = table->rowCount();
        table->insertRow(row);
        for (int column = 0; column < table->columnCount(); ++column)
            table->setItem(row, column, new QTableWidgetItem);
        table->setCurrentCell(row, 0);
        table->setFocus();
        table->editItem(table->item(row, 0));
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

// A reference as docker shows it: without the default registry and "library/", with a tag.
QString familiarName(QString reference)
{
    if (reference.startsWith(QLatin1String("docker.io/")))
        reference.remove(0, 10);
    if (reference.startsWith(QLatin1String("library/")))
        reference.remove(0, 8);
    const qsizetype slash = reference.lastIndexOf(QLatin1Char('/'));
    if (!reference.contains(QLatin1Char('@')) && reference.indexOf(QLatin1Char(':'), slash + 1) < 0)
        reference += QStringLiteral(":latest");
    return reference;
}

// The syntax the helper accepts (Validation::isImageReference): an image id (prefix) or a
// reference as docker reads it, lowercase repository path, optional registry, tag, digest.
bool isImageReferenceSyntax(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^(?:(?:sha256:)?[0-9a-f]{4,64}|"
        "(?:(?:[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*(?::[0-9]+)?|localhost(?::[0-9]+)?)/)?"
        "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
        "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?)$"));
    return text.size() <= 512 && pattern.match(text).hasMatch();
}

} // namespace

const QString CreateContainerDialog::kBuiltinImage = QStringLiteral("busybox:latest");

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
    // Every control has an access key, its own on its page: the tabs' and the buttons' are
    // the dialog's (Alt+R is Run and Create, never both shown), and a hidden page's keys do
    // nothing (Qt skips the shortcuts of hidden widgets). tests/gui/test_run_dialog.cpp
    // checks every page, in English and German.
    tabs->addTab(generalPage(), tr("&General"));
    tabs->addTab(environmentPage(), tr("&Environment"));
    tabs->addTab(resourcesPage(), tr("Res&ources"));
    tabs->addTab(securityPage(), tr("&Security"));
    tabs->addTab(mountsPage(), tr("Moun&ts"));
    m_networkPage = new NetworkPage;
    tabs->addTab(m_networkPage, tr("Net&work"));
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
    m_busyHint = new QLabel(tr("Creating the container… (an administrator may be asked for "
                               "a password)"));
    m_busyHint->setObjectName(QStringLiteral("busyHint"));
    m_busyHint->setWordWrap(true);
    m_busyHint->hide();
    layout->addWidget(m_busyHint);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Run"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("runButton"));
    // Not accept(): the dialog stays until the helper made the container (see the header).
    connect(buttons, &QDialogButtonBox::accepted, this, &CreateContainerDialog::requestCreate);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_start, &QCheckBox::toggled, this, [buttons](bool start) {
        buttons->button(QDialogButtonBox::Ok)->setText(start ? tr("&Run") : tr("C&reate"));
    });

    m_image->addItems(images);
    // The helper builds busybox:latest on first use, so an empty store still runs something.
    // The store names it in full (docker.io/library/busybox:latest): not offered twice.
    const bool hasBuiltin = std::any_of(images.cbegin(), images.cend(), [](const QString &tag) {
        return familiarName(tag) == kBuiltinImage;
    });
    if (!hasBuiltin)
        m_image->addItem(kBuiltinImage);
    if (!preferred.isEmpty())
        setImage(preferred);
    // Any change to the form makes the helper's last refusal stale.
    const auto check = [this] {
        m_helperError.clear();
        updatePrivilegedSummary();
        validate();
    };
    connect(m_image, &QComboBox::currentTextChanged, this, check);
    for (QLineEdit *edit :
         {m_name, m_command, m_workingDir, m_user, m_hostname, m_memory, m_capAdd, m_capDrop})
        connect(edit, &QLineEdit::textChanged, this, check);
    connect(m_cpus, &QDoubleSpinBox::valueChanged, this, check);
    connect(m_pids, &QSpinBox::valueChanged, this, check);
    for (QCheckBox *box : {m_readOnly, m_userNamespace})
        connect(box, &QCheckBox::toggled, this, check);
    connect(m_seccomp, &QComboBox::currentIndexChanged, this, check);
    for (QTableWidget *table : {m_env, m_mounts}) {
        connect(table, &QTableWidget::itemChanged, this, check);
        connect(table->model(), &QAbstractItemModel::rowsRemoved, this, check);
    }
    connect(m_networkPage, &NetworkPage::changed, this, check);
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
    auto *imageHint = new QLabel(tr("%1 is always here: it is built on first use, without a "
                                    "download.\nAdd other images with Image ▸ Import Image…")
                                     .arg(kBuiltinImage));
    imageHint->setObjectName(QStringLiteral("imageHint"));
    // Not wrapped: a wrapped label in a form on a tab was cut to two lines.
    imageHint->setTextFormat(Qt::PlainText);
    form->addRow(QString(), imageHint);
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
    form->addRow(tr("Wor&king directory:"), m_workingDir);
    m_user = new QLineEdit;
    m_user->setPlaceholderText(tr("uid[:gid] or a name from the image"));
    m_user->setAccessibleName(tr("User"));
    form->addRow(tr("&User:"), m_user);
    m_hostname = new QLineEdit;
    m_hostname->setPlaceholderText(tr("the container's id"));
    m_hostname->setAccessibleName(tr("Hostname"));
    form->addRow(tr("&Hostname:"), m_hostname);
    m_start = new QCheckBox(tr("Start it right &away"));
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
    m_env->setToolTip(tr("Type NAME=value in the first column, or the name and the value "
                         "in their own columns"));
    return tableWithButtons(m_env, tr("&Add variable"), tr("Remo&ve variable"));
}

QWidget *CreateContainerDialog::resourcesPage()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    // A size as glassboxctl --memory takes it (quantity::parseSize), checked against the
    // helper's own minimum (quantity::kMinMemoryLimit) before the helper is asked.
    m_memory = new QLineEdit;
    m_memory->setObjectName(QStringLiteral("memoryEdit"));
    m_memory->setPlaceholderText(tr("no limit; e.g. 512m, 1g, 1 GiB or bytes"));
    m_memory->setAccessibleName(tr("Memory limit"));
    m_memory->setToolTip(tr("Bytes, or a number with k, m, g or t (binary multiples: 1k = 1024 "
                            "bytes), optionally followed by iB; at least %1 MiB")
                             .arg(quantity::kMinMemoryLimit / kMiB));
    form->addRow(tr("Memor&y limit:"), m_memory);
    m_cpus = new QDoubleSpinBox;
    m_cpus->setRange(0, double(quantity::kMaxCpuQuota) / double(quantity::kCpuPeriod));
    m_cpus->setDecimals(2);
    m_cpus->setSingleStep(0.25);
    m_cpus->setSuffix(tr(" cores"));
    m_cpus->setSpecialValueText(tr("No limit"));
    m_cpus->setAccessibleName(tr("CPU limit in cores"));
    m_cpus->setToolTip(tr("1 core = 100 % CPU in the containers list"));
    form->addRow(tr("CPU &limit:"), m_cpus);
    m_pids = new QSpinBox;
    m_pids->setRange(0, int(quantity::kMaxPids));
    m_pids->setSpecialValueText(tr("No limit"));
    m_pids->setAccessibleName(tr("Process limit"));
    form->addRow(tr("Ma&ximum processes:"), m_pids);
    return page;
}

QWidget *CreateContainerDialog::securityPage()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    m_readOnly = new QCheckBox(tr("Read-only root &filesystem"));
    form->addRow(QString(), m_readOnly);
    m_userNamespace = new QCheckBox(tr("Remap root to an unpri&vileged user (user namespace)"));
    m_userNamespace->setObjectName(QStringLiteral("userNamespaceCheck"));
    m_userNamespace->setToolTip(tr("Root inside the container is an unprivileged user on the "
                                   "host"));
    form->addRow(QString(), m_userNamespace);
    m_capAdd = new QLineEdit;
    m_capAdd->setObjectName(QStringLiteral("capAddEdit"));
    m_capAdd->setPlaceholderText(tr("e.g. NET_ADMIN, SYS_PTRACE"));
    m_capAdd->setAccessibleName(tr("Capabilities to add (privileged)"));
    form->addRow(tr("Add capa&bilities:"), m_capAdd);
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
    form->addRow(tr("Seccom&p:"), m_seccomp);
    return page;
}

QWidget *CreateContainerDialog::mountsPage()
{
    m_mounts = new QTableWidget(0, 3);
    m_mounts->setObjectName(QStringLiteral("mountsTable"));
    m_mounts->setHorizontalHeaderLabels({tr("Host path"), tr("Container path"), tr("Read-only")});
    m_mounts->setAccessibleName(tr("Host bind mounts (privileged)"));
    QWidget *page = tableWithButtons(m_mounts, tr("Add &mount"), tr("Remo&ve mount"));
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
    client::CreateOptions options;
    options.setCommand(splitCommand(m_command->text()));
    QStringList env;
    for (int row = 0; row < m_env->rowCount(); ++row) {
        const QString key = cell(m_env, row, 0);
        const QString value = cell(m_env, row, 1);
        // "FOO=bar" typed into the first column is one whole entry, as on a command line.
        if (key.contains(QLatin1Char('=')) && value.isEmpty())
            env.append(key);
        else if (!key.isEmpty())
            env.append(key + QLatin1Char('=') + value);
    }
    options.setEnv(env);
    if (const QString dir = m_workingDir->text().trimmed(); !dir.isEmpty())
        options.setWorkingDir(dir);
    if (const QString hostname = m_hostname->text().trimmed(); !hostname.isEmpty())
        options.setHostname(hostname);
    // Only values the helper takes: validate() names what is wrong with another, and the
    // limits' reasons are not shown from here.
    if (const QString user = m_user->text().trimmed(); !user.isEmpty())
        options.setUser(user, nullptr);
    if (const QString memory = m_memory->text().trimmed(); !memory.isEmpty())
        options.setMemoryLimit(memory, nullptr);
    if (m_cpus->value() > 0)
        options.setCpus(m_cpus->value(), nullptr);
    if (m_pids->value() > 0)
        options.setPidsLimit(qint64(m_pids->value()));
    options.setReadOnly(m_readOnly->isChecked());
    options.setUserNamespace(m_userNamespace->isChecked());
    options.setCapAdd(words(m_capAdd));
    options.setCapDrop(words(m_capDrop));
    if (m_seccomp->currentData().toString() != QLatin1String("default"))
        options.setSeccomp(m_seccomp->currentData().toString());
    QList<client::BindMount> mounts;
    for (int row = 0; row < m_mounts->rowCount(); ++row) {
        client::BindMount mount;
        mount.source = cell(m_mounts, row, 0);
        mount.destination = cell(m_mounts, row, 1);
        const QString ro = cell(m_mounts, row, 2).toLower();
        mount.readOnly = !ro.isEmpty() && ro != QLatin1String("no") && ro != tr("no").toLower() &&
                         ro != QLatin1String("0") && ro != QLatin1String("false");
        if (!mount.source.isEmpty() || !mount.destination.isEmpty())
            mounts.append(mount);
    }
    options.setBindMounts(mounts);
    options.setNetwork(m_networkPage->network());
    options.setPorts(m_networkPage->ports());
    options.setPublishAll(m_networkPage->publishAll());
    return options.toVariantMap();
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
    choices += m_networkPage->privilegedChoices();
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

void CreateContainerDialog::setNetworks(const QList<client::NetworkInfo> &networks)
{
    m_networkPage->setNetworks(networks);
}

void CreateContainerDialog::setTakenNames(const QHash<QString, QString> &nameToId)
{
    m_takenNames = nameToId;
    validate();
}

bool CreateContainerDialog::validate()
{
    static const QRegularExpression namePattern(
        QStringLiteral("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$"));
    QString problem;
    if (image().isEmpty()) {
        problem = tr("Choose an image (%1 is always available).").arg(kBuiltinImage);
    } else if (!isImageReferenceSyntax(image())) {
        problem = tr("“%1” is not an image reference: a lowercase name such as busybox or "
                     "registry.example/team/app, optionally followed by “:tag”, or an image "
                     "id.")
                      .arg(image());
    } else if (!name().isEmpty() && !namePattern.match(name()).hasMatch()) {
        problem = tr("A name starts with a letter or digit and has only letters, digits, "
                     "“_”, “.” and “-” (at most 63).");
    } else if (const auto taken = m_takenNames.constFind(name());
               !name().isEmpty() && taken != m_takenNames.constEnd()) {
        problem = tr("The name “%1” is taken by the container %2; choose another name.")
                      .arg(name(), taken.value().left(12));
    } else if (const QString user = m_user->text().trimmed();
               !user.isEmpty() && !quantity::parseUserSpec(user.toStdString())) {
        problem = tr("The user is a name or a number from 0 to %1, optionally followed by “:” "
                     "and a group name or number.")
                      .arg(quantity::kMaxId);
    } else if (const QString memory = m_memory->text().trimmed(); !memory.isEmpty()) {
        const auto bytes = quantity::parseSize(memory.toStdString());
        if (!bytes)
            problem = tr("The memory limit “%1” is not a size: give bytes or a number with a "
                         "unit, as in 512m, 1g or 1 GiB.")
                          .arg(memory);
        else if (!quantity::checkMemoryLimit(*bytes))
            problem = tr("The memory limit %1 is too small: a container needs at least %2 MiB.")
                          .arg(memory)
                          .arg(quantity::kMinMemoryLimit / kMiB);
    }
    if (problem.isEmpty())
        problem = m_networkPage->problem();
    const bool valid = problem.isEmpty();
    if (valid)
        problem = m_helperError;
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    if (auto *box = findChild<QDialogButtonBox *>())
        box->button(QDialogButtonBox::Ok)->setEnabled(valid && !m_busy);
    return valid;
}

void CreateContainerDialog::requestCreate()
{
    // Alt+R reaches Run while a cell's editor is open and focused, and the editor's text
    // is not in the table yet: it is committed first, or Run would send the form without it.
    for (QTableWidget *table : {m_env, m_mounts, m_networkPage->portsTable()})
        if (QWidget *editor = QApplication::focusWidget();
            editor && table->viewport()->isAncestorOf(editor))
            QMetaObject::invokeMethod(table, "commitData", Q_ARG(QWidget *, editor));
    if (validate() && !m_busy)
        Q_EMIT createRequested();
}

void CreateContainerDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_busyHint->setVisible(busy);
    validate();
}

void CreateContainerDialog::showError(const QString &message)
{
    m_helperError = message;
    validate();
}

QString CreateContainerDialog::problem() const
{
    return m_problem->text();
}
