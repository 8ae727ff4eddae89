// Pull Image (see PullDialog.h).
#include "PullDialog.h"

#include "Format.h"
#include "HelperClient.h"
#include "UserCredentials.h"

#include "glassbox/image/reference.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

using glassbox::client::pullOptions;
using glassbox::client::registryOf;
using glassbox::client::storedCredentials;

namespace {

/// Words for Job1.Layers' states.
QString stateText(const QString &state)
{
    if (state == QLatin1String("waiting"))
        return PullDialog::tr("Waiting");
    if (state == QLatin1String("downloading"))
        return PullDialog::tr("Downloading");
    if (state == QLatin1String("downloaded"))
        return PullDialog::tr("Downloaded, verified");
    if (state == QLatin1String("present"))
        return PullDialog::tr("Already in the store");
    if (state == QLatin1String("extracting"))
        return PullDialog::tr("Extracting");
    if (state == QLatin1String("extracted"))
        return PullDialog::tr("Done");
    return state;
}

/// Whether a failed pull's error says the registry wants credentials (or other ones).
bool needsCredentials(const QString &error)
{
    return error.contains(QLatin1String("401")) ||
           error.contains(QLatin1String("glassboxctl login"));
}

} // namespace

PullDialog::PullDialog(HelperClient *client, QWidget *parent)
    : QDialog(parent), m_client(client), m_reference(new QLineEdit(this)),
      m_search(new QLineEdit(this)), m_searchButton(new QPushButton(tr("&Search"), this)),
      m_results(new QTreeWidget(this)), m_layers(new QTreeWidget(this)),
      m_overall(new QProgressBar(this)), m_credentials(new QGroupBox(this)),
      m_username(new QLineEdit(this)), m_password(new QLineEdit(this)),
      m_remember(new QCheckBox(tr("&Remember in my container logins (auth.json)"), this)),
      m_status(new QLabel(this)), m_buttons(new QDialogButtonBox(this))
{
    setWindowTitle(tr("Pull Image"));
    m_reference->setPlaceholderText(tr("nginx, quay.io/org/app:1.2, ghcr.io/org/app@sha256:…"));
    m_reference->setAccessibleName(tr("Image reference"));
    m_reference->setClearButtonEnabled(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Image:"), m_reference);

    auto *searchBox = new QGroupBox(tr("Find an image"), this);
    m_search->setPlaceholderText(tr("A name on Docker Hub, or registry/name for another registry"));
    m_search->setAccessibleName(tr("Search term"));
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_searchButton);
    m_results->setHeaderLabels({tr("Name"), tr("Description"), tr("Stars"), tr("Official")});
    m_results->setRootIsDecorated(false);
    m_results->setAccessibleName(tr("Search results"));
    m_results->header()->setStretchLastSection(false);
    m_results->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    auto *searchLayout = new QVBoxLayout(searchBox);
    searchLayout->addLayout(searchRow);
    searchLayout->addWidget(m_results);

    m_credentials->setTitle(tr("Sign in"));
    m_credentials->setVisible(false);
    m_username->setAccessibleName(tr("User name"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(tr("Password"));
    auto *credentialsForm = new QFormLayout(m_credentials);
    credentialsForm->addRow(tr("&User name:"), m_username);
    credentialsForm->addRow(tr("Pass&word:"), m_password);
    credentialsForm->addRow(QString(), m_remember);

    m_layers->setHeaderLabels({tr("Layer"), tr("Status"), tr("Progress")});
    m_layers->setRootIsDecorated(false);
    m_layers->setAccessibleName(tr("Layers"));
    m_layers->header()->setStretchLastSection(true);
    // The digest and the longest state in full: the columns do not jump while states change.
    int stateWidth = 0;
    for (const char *state :
         {"waiting", "downloading", "downloaded", "present", "extracting", "extracted"})
        stateWidth =
            qMax(stateWidth, fontMetrics().horizontalAdvance(stateText(QLatin1String(state))));
    m_layers->header()->resizeSection(
        LayerDigestColumn, fontMetrics().horizontalAdvance(QStringLiteral("0123456789abc")) + 12);
    m_layers->header()->resizeSection(LayerStateColumn, stateWidth + 24);
    m_overall->setRange(0, 1000);
    m_overall->setValue(0);
    m_overall->setAccessibleName(tr("Progress of the pull"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_pullButton = m_buttons->addButton(tr("&Pull"), QDialogButtonBox::AcceptRole);
    m_pullButton->setDefault(true);
    m_cancelButton = m_buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_pullButton, &QPushButton::clicked, this, &PullDialog::pull);
    connect(m_cancelButton, &QPushButton::clicked, this, &PullDialog::reject);
    connect(m_searchButton, &QPushButton::clicked, this, &PullDialog::search);
    connect(m_search, &QLineEdit::returnPressed, this, &PullDialog::search);
    connect(m_reference, &QLineEdit::textChanged, this, &PullDialog::updateButtons);
    // A result chosen is the reference to pull; a double click pulls it.
    connect(m_results, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            m_reference->setText(item->text(0));
    });
    connect(m_results, &QTreeWidget::itemActivated, this, [this] { pull(); });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(searchBox, 1);
    layout->addWidget(m_credentials);
    layout->addWidget(m_layers, 1);
    layout->addWidget(m_overall);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    resize(720, 560);

    if (m_client) {
        connect(m_client, &HelperClient::jobChanged, this,
                [this](const QString &path, double progress, const QString &) {
                    if (path != m_job)
                        return;
                    m_overall->setValue(int(progress * 1000));
                    showLayers(path);
                });
        connect(m_client, &HelperClient::jobFinished, this, &PullDialog::jobFinished);
        connect(m_client, &HelperClient::actionFailed, this,
                [this](const QString &action, const QString &message) {
                    if (m_pulling.isEmpty() || !action.contains(m_pulling) || !m_job.isEmpty())
                        return;
                    // PullImage itself was refused (polkit, a bad reference).
                    m_pulling.clear();
                    setStatus(message);
                    updateButtons();
                });
    }
    updateButtons();
}

void PullDialog::setReference(const QString &reference)
{
    m_reference->setText(reference);
}

QString PullDialog::reference() const
{
    return m_reference->text().trimmed();
}

QString PullDialog::statusText() const
{
    return m_status->text();
}

QProgressBar *PullDialog::layerBar(int row) const
{
    QTreeWidgetItem *item = m_layers->topLevelItem(row);
    return item ? qobject_cast<QProgressBar *>(m_layers->itemWidget(item, LayerProgressColumn))
                : nullptr;
}

void PullDialog::setStatus(const QString &text)
{
    m_status->setText(text);
}

void PullDialog::updateButtons()
{
    const bool busy = !m_pulling.isEmpty();
    m_pullButton->setEnabled(!busy && !reference().isEmpty() && m_client);
    m_reference->setReadOnly(busy);
    m_searchButton->setEnabled(!m_searching);
    m_cancelButton->setText(busy ? tr("&Cancel Pull") : tr("&Close"));
}

void PullDialog::pull()
{
    if (!m_client || !m_pulling.isEmpty())
        return;
    const QString typed = reference();
    auto parsed = glassbox::image::parseReference(typed.toStdString());
    if (!parsed) {
        setStatus(QString::fromStdString(parsed.error().message));
        return;
    }
    const QString normalised = QString::fromStdString(parsed->toString());
    // The credentials typed here, else those the user keeps for this registry.
    std::optional<glassbox::image::Credentials> credentials;
    if (m_credentials->isVisible() && !m_username->text().isEmpty()) {
        credentials = glassbox::image::Credentials{m_username->text().toStdString(),
                                                   m_password->text().toStdString()};
    } else {
        QString error;
        credentials = storedCredentials(normalised, &error);
        if (!error.isEmpty()) {
            setStatus(error);
            return;
        }
    }
    m_pulling = normalised;
    m_pulledImage.clear();
    m_layers->clear();
    m_overall->setValue(0);
    setStatus(tr("Asking %1 for %2…").arg(registryOf(normalised), normalised));
    updateButtons();
    m_cancelWhenStarted = false;
    m_client->pullImage(normalised, pullOptions(credentials), this, [this](const QString &job) {
        m_job = job;
        if (m_cancelWhenStarted) // Cancel came while PullImage was on its way
            m_client->cancelJob(job);
    });
}

void PullDialog::showLayers(const QString &jobPath)
{
    const QList<GbJobLayer> layers = m_client->jobLayers(jobPath);
    while (m_layers->topLevelItemCount() > layers.size())
        delete m_layers->takeTopLevelItem(m_layers->topLevelItemCount() - 1);
    for (int row = 0; row < layers.size(); ++row) {
        const GbJobLayer &layer = layers.at(row);
        QTreeWidgetItem *item = m_layers->topLevelItem(row);
        if (!item) {
            item = new QTreeWidgetItem(m_layers);
            auto *bar = new QProgressBar(m_layers);
            bar->setRange(0, 1000);
            bar->setAccessibleName(tr("Layer %1").arg(row + 1));
            m_layers->setItemWidget(item, LayerProgressColumn, bar);
        }
        item->setText(LayerDigestColumn, layer.digest.mid(7, 12));
        item->setToolTip(LayerDigestColumn, layer.digest);
        item->setText(LayerStateColumn, stateText(layer.state));
        auto *bar = layerBar(row);
        const bool complete = layer.state == QLatin1String("present") ||
                              layer.state == QLatin1String("extracted") ||
                              layer.state == QLatin1String("extracting") ||
                              layer.state == QLatin1String("downloaded");
        bar->setValue(complete || layer.size == 0 ? 1000 : int(layer.done * 1000 / layer.size));
        bar->setFormat(
            QStringLiteral("%1 / %2").arg(Format::size(layer.done), Format::size(layer.size)));
    }
    if (!layers.isEmpty())
        setStatus(tr("Pulling %1: %n layer(s)…", nullptr, int(layers.size())).arg(m_pulling));
}

void PullDialog::jobFinished(const QString &path, const QString &state, const QString &result,
                             const QString &error)
{
    if (path != m_job)
        return;
    showLayers(path);
    const QString reference = m_pulling;
    m_job.clear();
    m_pulling.clear();
    if (state == QLatin1String("succeeded")) {
        m_overall->setValue(1000);
        m_pulledImage = result;
        setStatus(tr("Pulled %1 (image %2).").arg(reference, result.left(19)));
        if (m_remember->isChecked() && m_credentials->isVisible() &&
            !m_username->text().isEmpty()) {
            QString saveError;
            if (!glassbox::client::saveCredentials(
                    registryOf(reference),
                    glassbox::image::Credentials{m_username->text().toStdString(),
                                                 m_password->text().toStdString()},
                    &saveError))
                setStatus(statusText() + QLatin1Char(' ') + saveError);
        }
        Q_EMIT pulled(result, reference);
    } else if (state == QLatin1String("cancelled")) {
        setStatus(tr("Cancelled: nothing of %1 was added.").arg(reference));
    } else if (state == QLatin1String("gone")) {
        setStatus(
            tr("The helper lost track of the pull of %1; see the Images list.").arg(reference));
    } else {
        setStatus(error.isEmpty() ? tr("The pull of %1 failed.").arg(reference) : error);
        if (needsCredentials(error)) {
            m_credentials->setTitle(tr("Sign in to %1").arg(registryOf(reference)));
            m_credentials->setVisible(true);
            m_username->setFocus();
        }
    }
    updateButtons();
}

void PullDialog::reject()
{
    // The dialog stays until the job says it ended: a closed dialog with a pull still running
    // would leave the user nothing to watch or cancel it with.
    if (!m_pulling.isEmpty() && m_client) {
        if (m_job.isEmpty())
            m_cancelWhenStarted = true;
        else
            m_client->cancelJob(m_job);
        setStatus(tr("Cancelling…"));
        return;
    }
    QDialog::reject();
}

void PullDialog::search()
{
    QString term = m_search->text().trimmed();
    if (term.isEmpty() || m_searching)
        return;
    QString registry = QStringLiteral("docker.io");
    const QString first = term.section(QLatin1Char('/'), 0, 0);
    if (term.contains(QLatin1Char('/')) &&
        (first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':')) ||
         first == QLatin1String("localhost"))) {
        registry = glassbox::client::registryKey(first);
        term = term.section(QLatin1Char('/'), 1);
    }
    m_searching = true;
    m_results->clear();
    setStatus(tr("Searching %1 for “%2”…").arg(registry, term));
    updateButtons();
    QString ignored;
    auto credentials = storedCredentials(registry + QStringLiteral("/x"), &ignored);
    QPointer<PullDialog> self(this);
    // The registry may take seconds to answer: a thread of its own, the answer queued back.
    QThread *thread = QThread::create([self, registry, term, credentials] {
        glassbox::image::PullOptions options;
        if (auto conf = glassbox::image::loadRegistriesConf())
            options.registries = std::move(*conf);
        options.credentials = credentials;
        auto found = glassbox::image::searchRegistry(registry.toStdString(), term.toStdString(), 50,
                                                     options);
        std::vector<glassbox::image::SearchResult> results;
        QString error;
        if (found)
            results = std::move(*found);
        else
            error = QString::fromStdString(found.error().message);
        QMetaObject::invokeMethod(
            qApp,
            [self, results = std::move(results), error] {
                if (self)
                    self->showResults(results, error);
            },
            Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void PullDialog::showResults(const std::vector<glassbox::image::SearchResult> &results,
                             const QString &error)
{
    m_searching = false;
    updateButtons();
    if (!error.isEmpty()) {
        setStatus(error);
        return;
    }
    for (const auto &result : results) {
        auto *item = new QTreeWidgetItem(m_results);
        item->setText(0, QString::fromStdString(result.name));
        item->setText(1, QString::fromStdString(result.description).simplified());
        item->setText(2, QString::number(result.stars));
        item->setText(3, result.official ? tr("yes") : QString());
    }
    m_results->resizeColumnToContents(0);
    // A registry's catalog knows names only: no empty columns of zeros beside them.
    const bool described = std::any_of(results.begin(), results.end(), [](const auto &result) {
        return !result.description.empty() || result.stars > 0 || result.official;
    });
    for (int column = 1; column < m_results->columnCount(); ++column)
        m_results->setColumnHidden(column, !described);
    setStatus(results.empty() ? tr("Nothing found.")
                              : tr("%n image(s) found.", nullptr, int(results.size())));
}
