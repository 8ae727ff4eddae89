// MainWindow's actions on containers and images (see MainWindow.h).
#include "MainWindow.h"

#include "PullDialog.h"

#include "CreateContainerDialog.h"
#include "ErrorText.h"
#include "Format.h"
#include "HelperClient.h"

#include "glassbox/image/reference.h"

#include <QDBusArgument>
#include <QDBusObjectPath>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTimer>

#include <algorithm>
#include <csignal>

namespace {
// How long the outcome of an import stays in the status bar.
constexpr int kImportMessageMs = 10000;
} // namespace

void MainWindow::runContainer()
{
    QStringList images;
    const QList<glassbox::client::ImageInfo> all = m_client->images();
    for (const glassbox::client::ImageInfo &image : all)
        images += image.tags;
    images.sort();
    // busybox first when the store has it: the image the README's demo prepares.
    for (const QString &tag : std::as_const(images))
        if (tag.contains(QLatin1String("busybox"))) {
            images.move(images.indexOf(tag), 0);
            break;
        }
    auto *dialog = new CreateContainerDialog(images, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateContainerDialog::createRequested, this,
            [this, dialog] { runFromDialog(dialog); });
    // The networks arrive while the dialog is open; without an answer (a helper from before
    // networks) it offers the default one, none and the host's.
    m_client->watch(m_client->calls().listNetworks(), dialog, [dialog](const QDBusMessage &reply) {
        if (reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty())
            dialog->setNetworks(
                qdbus_cast<glassbox::client::NetworkList>(reply.arguments().constFirst()));
    });
    dialog->open();
}

void MainWindow::runFromDialog(CreateContainerDialog *dialog)
{
    // Asked directly rather than through HelperClient::createContainer(): a refusal belongs
    // in the dialog, next to the input it is about, not in a message box over it (the
    // window's actionFailed handler) after the input is gone.
    QHash<QString, QString> taken;
    const QList<glassbox::client::ContainerInfo> containers = m_client->containers();
    for (const glassbox::client::ContainerInfo &container : containers)
        if (!container.name.isEmpty())
            taken.insert(container.name, container.id);
    dialog->setTakenNames(taken);
    if (!dialog->validate())
        return;
    if (!hasImage(dialog->image()))
        return pullForDialog(dialog);
    createFromDialog(dialog);
}

bool MainWindow::hasImage(const QString &reference) const
{
    if (reference == CreateContainerDialog::kBuiltinImage)
        return true;
    const QList<glassbox::client::ImageInfo> images = m_client->images();
    // Hex is an image id (prefix) first, as Docker reads it; "c02b2e69c641" is also a name.
    static const QRegularExpression idPrefix(QStringLiteral("^(sha256:)?[0-9a-f]{1,64}$"));
    if (idPrefix.match(reference).hasMatch()) {
        const QString hex = reference.section(QLatin1Char(':'), -1);
        if (std::any_of(images.begin(), images.end(), [&](const auto &image) {
                return image.id.section(QLatin1Char(':'), -1).startsWith(hex);
            }))
            return true;
        if (hex.size() != reference.size()) // "sha256:…" is an id, never a name to pull
            return true;                    // (the helper says it is not found)
    }
    const auto parsed = glassbox::image::parseReference(reference.toStdString());
    if (!parsed)
        return true;
    const QString normalized = QString::fromStdString(parsed->toString());
    const QString byDigest = QString::fromStdString(parsed->name()) + QLatin1Char('@') +
                             QString::fromStdString(parsed->digest);
    return std::any_of(images.begin(), images.end(), [&](const auto &image) {
        return parsed->digest.empty() ? image.tags.contains(normalized)
                                      : image.digests.contains(byDigest);
    });
}

void MainWindow::pullForDialog(CreateContainerDialog *dialog)
{
    // Over the Run dialog and modal to it: its Cancel is the way back to the form.
    auto *pull = new PullDialog(m_client, dialog);
    pull->setAttribute(Qt::WA_DeleteOnClose);
    pull->setWindowModality(Qt::WindowModal);
    pull->setReference(dialog->image());
    dialog->setBusy(true);
    QPointer<CreateContainerDialog> guard(dialog);
    connect(pull, &PullDialog::pulled, this, [this, guard, pull] {
        pull->accept();
        if (guard)
            createFromDialog(guard);
    });
    // Closed without the image (cancelled, refused, or the user gave up on a password): the
    // Run dialog says why and keeps its form.
    connect(pull, &QDialog::finished, this, [guard, pull] {
        if (!pull->pulledImage().isEmpty() || !guard)
            return;
        guard->setBusy(false);
        guard->showError(tr("The image “%1” is not on this computer and was not pulled. %2")
                             .arg(pull->reference(), pull->statusText()));
    });
    pull->show();
    pull->pull();
}

void MainWindow::createFromDialog(CreateContainerDialog *dialog)
{
    const QString name = dialog->name();
    const bool start = dialog->startAfterCreate();
    const QString action = name.isEmpty() ? tr("create a container from “%1”").arg(dialog->image())
                                          : tr("create the container “%1”").arg(name);
    dialog->setBusy(true);
    QPointer<CreateContainerDialog> guard(dialog);
    const auto failed = [guard](const QString &message) {
        if (!guard)
            return;
        guard->setBusy(false);
        guard->showError(message);
    };
    m_client->watch(
        m_client->calls().createContainer(dialog->image(), name, dialog->options()), dialog,
        [this, guard, action, start, failed](const QDBusMessage &reply) {
            if (reply.type() != QDBusMessage::ReplyMessage)
                return failed(glassbox::client::errorText(reply, {action}));
            const QString id = reply.arguments().value(0).value<QDBusObjectPath>().path().section(
                QLatin1Char('/'), -1);
            // Selected as soon as it exists (the list may show it running before Start
            // replies); a container that then fails to start goes again, and with it the
            // selection.
            selectContainer(id);
            const auto done = [guard] {
                if (guard)
                    guard->accept();
            };
            if (!start)
                return done();
            const QString label = guard && !guard->name().isEmpty() ? guard->name() : id.left(12);
            const QString startAction = tr("start the container “%1”").arg(label);
            m_client->watch(
                m_client->calls().start(id), guard,
                [this, id, label, startAction, done, failed](const QDBusMessage &started) {
                    if (started.type() == QDBusMessage::ReplyMessage)
                        return done();
                    // A container that cannot start (a command not in the image, mostly)
                    // would only block its name for the corrected retry: it goes.
                    m_client->removeContainer(id, true);
                    failed(tr("%1 The container “%2” was not kept; correct the form and try "
                              "again.")
                               .arg(glassbox::client::errorText(started, {startAction}), label));
                });
        });
}

namespace {

bool isLive(const glassbox::client::ContainerInfo &info)
{
    return glassbox::client::isLiveState(info.state);
}

// Names as a confirmation lists them: one a line, the first few of a long list.
QString listed(QStringList names)
{
    constexpr int kShown = 10;
    names.sort(Qt::CaseInsensitive);
    QString text;
    for (int i = 0; i < qMin(kShown, int(names.size())); ++i)
        text += QStringLiteral("\n• ") + names.at(i);
    if (names.size() > kShown)
        text += QLatin1Char('\n') +
                MainWindow::tr("… and %n more", nullptr, int(names.size()) - kShown);
    return text;
}

QMessageBox *confirmation(QWidget *parent, const QString &title, const QString &text,
                          const QString &button, std::function<void()> confirmed)
{
    auto *box = new QMessageBox(QMessageBox::Question, title, text, QMessageBox::Cancel, parent);
    QPushButton *yes = box->addButton(button, QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(box, &QMessageBox::finished, parent,
                     [box, yes, confirmed = std::move(confirmed)] {
                         if (box->clickedButton() == yes)
                             confirmed();
                     });
    box->open();
    return box;
}

} // namespace

// Each acts on every selected container it applies to (Stop on the live ones, Start on the
// others), once each; failures come back as one message.
void MainWindow::startSelected()
{
    QStringList ids;
    for (const QString &id : selectedContainers())
        if (!isLive(m_client->container(id)))
            ids.append(id);
    runBatch(
        ids, [this](const QString &id) { m_client->startContainer(id); },
        [](int n) { return tr("%n container(s) could not be started:", nullptr, n); });
}

void MainWindow::stopSelected()
{
    QStringList ids;
    for (const QString &id : selectedContainers())
        if (isLive(m_client->container(id)))
            ids.append(id);
    runBatch(
        ids, [this](const QString &id) { m_client->stopContainer(id); },
        [](int n) { return tr("%n container(s) could not be stopped:", nullptr, n); });
}

void MainWindow::restartSelected()
{
    QStringList ids;
    for (const QString &id : selectedContainers())
        if (isLive(m_client->container(id)))
            ids.append(id);
    runBatch(
        ids, [this](const QString &id) { m_client->restartContainer(id); },
        [](int n) { return tr("%n container(s) could not be restarted:", nullptr, n); });
}

void MainWindow::killSelected()
{
    QStringList ids;
    for (const QString &id : selectedContainers())
        if (isLive(m_client->container(id)))
            ids.append(id);
    runBatch(
        ids, [this](const QString &id) { m_client->killContainer(id, SIGKILL); },
        [](int n) { return tr("%n container(s) could not be killed:", nullptr, n); });
}

void MainWindow::pauseOrResumeSelected()
{
    // As the action's text says: Resume when every live one selected is paused.
    QStringList running, paused;
    for (const QString &id : selectedContainers()) {
        const QString state = m_client->container(id).state;
        if (state == QLatin1String("running"))
            running.append(id);
        else if (state == QLatin1String("paused"))
            paused.append(id);
    }
    if (running.isEmpty())
        runBatch(
            paused, [this](const QString &id) { m_client->resumeContainer(id); },
            [](int n) { return tr("%n container(s) could not be resumed:", nullptr, n); });
    else
        runBatch(
            running, [this](const QString &id) { m_client->pauseContainer(id); },
            [](int n) { return tr("%n container(s) could not be paused:", nullptr, n); });
}

void MainWindow::removeSelected()
{
    const QStringList ids = selectedContainers();
    if (ids.isEmpty())
        return;
    QStringList names;
    int live = 0;
    for (const QString &id : ids) {
        names.append(containerLabel(id));
        live += isLive(m_client->container(id)) ? 1 : 0;
    }
    QString text;
    if (ids.size() == 1) {
        text = live ? tr("Remove the container “%1”? It is running and will be killed first. "
                         "Its writable layer and logs are deleted.")
                          .arg(names.constFirst())
                    : tr("Remove the container “%1”? Its writable layer and logs are deleted.")
                          .arg(names.constFirst());
    } else {
        // One question for all of them, naming each: a slip of Shift+click shows here.
        text = tr("Remove %n container(s)?", nullptr, int(ids.size())) + listed(names) +
               QStringLiteral("\n\n");
        if (live)
            text += tr("%n of them is running and will be killed first.", nullptr, live) +
                    QLatin1Char(' ');
        text += tr("Their writable layers and logs are deleted.");
    }
    confirmation(
        this, ids.size() == 1 ? tr("Remove Container") : tr("Remove Containers"), text,
        tr("&Remove"), [this, ids] {
            runBatch(
                ids,
                [this](const QString &id) {
                    m_client->removeContainer(id, isLive(m_client->container(id)));
                },
                [](int n) { return tr("%n container(s) could not be removed:", nullptr, n); });
        });
}

void MainWindow::prune()
{
    // What goes: every container that is not running or paused, then every image that no
    // other container uses once they are gone. Nothing live, nor what it runs on.
    QStringList containers, names;
    const QList<glassbox::client::ContainerInfo> all = m_client->containers();
    for (const glassbox::client::ContainerInfo &c : all)
        if (!isLive(c)) {
            containers.append(c.id);
            names.append(c.name.isEmpty() ? c.id.left(12) : c.name);
        }
    QStringList images, tags;
    quint64 bytes = 0;
    const QList<glassbox::client::ImageInfo> allImages = m_client->images();
    for (const glassbox::client::ImageInfo &image : allImages) {
        const bool unused = std::all_of(image.inUseBy.cbegin(), image.inUseBy.cend(),
                                        [&](const QString &id) { return containers.contains(id); });
        if (!unused)
            continue;
        images.append(image.id);
        tags.append(image.tags.isEmpty() ? image.id.left(19)
                                         : image.tags.join(QStringLiteral(", ")));
        bytes += image.size;
    }
    if (containers.isEmpty() && images.isEmpty()) {
        statusBar()->showMessage(
            tr("Nothing to prune: every container is running and every image is in use."), 5000);
        return;
    }
    QString text = tr("Remove what nothing running uses?");
    if (!containers.isEmpty())
        text += QStringLiteral("\n\n") +
                tr("%n stopped container(s), with their writable layers and logs:", nullptr,
                   int(containers.size())) +
                listed(names);
    if (!images.isEmpty())
        // Layers another image shares stay: the sum of the images' sizes is an upper bound.
        text += QStringLiteral("\n\n") +
                tr("%n unused image(s), freeing up to %1:", nullptr, int(images.size()))
                    .arg(Format::size(bytes)) +
                listed(tags);
    text += QStringLiteral("\n\n") +
            tr("Running and paused containers and the images they use are not touched.");
    confirmation(this, tr("Prune"), text, tr("&Prune"), [this, containers, images] {
        QHash<QString, QStringList> users;
        for (const QString &image : images)
            users.insert(image, m_client->image(image).inUseBy);
        runBatch(
            containers, [this](const QString &id) { m_client->removeContainer(id, false); },
            [](int n) { return tr("%n container(s) could not be removed:", nullptr, n); },
            [this, images, users](const QStringList &removed) {
                // An image whose container is still there (one started meanwhile) stays.
                QStringList unused;
                for (const QString &image : images) {
                    const QStringList using_ = users.value(image);
                    if (std::all_of(using_.cbegin(), using_.cend(),
                                    [&](const QString &id) { return removed.contains(id); }))
                        unused.append(image);
                }
                const int containerCount = int(removed.size());
                runBatch(
                    unused, [this](const QString &id) { m_client->removeImage(id, false); },
                    [](int n) { return tr("%n image(s) could not be removed:", nullptr, n); },
                    [this, containerCount](const QStringList &removedImages) {
                        statusBar()->showMessage(
                            tr("Pruned %n container(s)", nullptr, containerCount) +
                                QStringLiteral(", ") +
                                tr("%n image(s).", nullptr, int(removedImages.size())),
                            10000);
                    });
            });
    });
}

void MainWindow::pullImage()
{
    if (m_pullDialog) {
        m_pullDialog->raise();
        m_pullDialog->activateWindow();
        return;
    }
    auto *dialog = new PullDialog(m_client, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_pullDialog = dialog;
    connect(dialog, &PullDialog::pulled, this, [this](const QString &, const QString &reference) {
        statusBar()->showMessage(tr("Pulled “%1”.").arg(reference), kImportMessageMs);
    });
    dialog->show();
}

void MainWindow::importImage()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import Image"), QString(),
        tr("Image archives (*.tar *.tar.gz *.tgz *.tar.zst *.tar.xz);;All files (*)"));
    if (path.isEmpty())
        return;
    // A rootfs tarball has no name of its own: suggest one from the file's name.
    QString suggestion = QFileInfo(path).fileName().section(QLatin1Char('.'), 0, 0).toLower();
    suggestion.replace(QRegularExpression(QStringLiteral("[^a-z0-9_.-]")), QStringLiteral("-"));
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("Import Image"),
        tr("Name for the image if the archive does not carry one\n"
           "(image archives keep their own names):"),
        QLineEdit::Normal,
        suggestion.isEmpty() ? QString() : suggestion + QStringLiteral(":latest"), &ok);
    if (ok)
        importImageFile(path, name.trimmed());
}

void MainWindow::importImageFile(const QString &path, const QString &fallbackName)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showFailure(tr("import an image"),
                    tr("Could not open “%1”: %2").arg(path, file.errorString()));
        return;
    }
    auto *progress = new QProgressDialog(tr("Importing “%1”…").arg(QFileInfo(path).fileName()),
                                         tr("Cancel"), 0, 100, this);
    progress->setWindowTitle(tr("Import Image"));
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setMinimumDuration(0);
    progress->setValue(0);
    m_importProgress = progress;
    m_importJob.clear();
    connect(progress, &QProgressDialog::canceled, this, [this, progress] {
        if (!m_importJob.isEmpty())
            m_client->cancelJob(m_importJob);
        progress->setLabelText(tr("Cancelling…"));
    });
    // QDBusUnixFileDescriptor duplicates the descriptor: the file may close after the call.
    // The helper adds a tag it is given to the names an archive carries: the name asked
    // for is only a fallback, so it is given afterwards, to an image that came without one.
    m_client->importImage(int(file.handle()), QStringLiteral("auto"), QString(), progress,
                          [this](const QString &job) { m_importJob = job; });
    connect(m_client, &HelperClient::actionFailed, progress,
            [this, progress](const QString &action) {
                if (action != HelperClient::tr("import an image"))
                    return;
                disconnect(progress, &QProgressDialog::canceled, this, nullptr);
                progress->close();
            });
    connect(m_client, &HelperClient::jobChanged, progress,
            [this, progress](const QString &job, double fraction) {
                if (job == m_importJob)
                    progress->setValue(int(fraction * 100));
            });
    connect(m_client, &HelperClient::jobFinished, progress,
            [this, progress, fallbackName,
             file = QFileInfo(path).fileName()](const QString &job, const QString &state,
                                                const QString &result, const QString &error) {
                if (job != m_importJob)
                    return;
                // Closing a progress dialog emits canceled(): not a request to cancel.
                disconnect(progress, &QProgressDialog::canceled, this, nullptr);
                progress->close();
                if (state == QLatin1String("failed")) {
                    showFailure(tr("import an image"),
                                tr("The import of “%1” failed: %2").arg(file, error));
                } else if (state == QLatin1String("cancelled")) {
                    statusBar()->showMessage(
                        tr("The import of “%1” was cancelled; nothing was added.").arg(file),
                        kImportMessageMs);
                } else if (state == QLatin1String("succeeded")) {
                    nameImportedImage(result, fallbackName);
                } else {
                    // The helper dropped the job before this window saw its end (it restarted):
                    // whether the image arrived is only known from the list.
                    statusBar()->showMessage(
                        tr("The helper lost track of the import of “%1”; the Images list "
                           "shows whether it arrived.")
                            .arg(file),
                        kImportMessageMs);
                }
                m_client->refresh();
            });
}

void MainWindow::nameImportedImage(const QString &id, const QString &fallbackName)
{
    // The image object may reach this client just after the job's end.
    if (!m_client->image(id).path.isEmpty()) {
        const QStringList tags = m_client->image(id).tags;
        if (tags.isEmpty() && !fallbackName.isEmpty()) {
            // Said once the name is there, after the tag call's own "Done".
            m_client->tagImage(id, fallbackName, this, [this, fallbackName] {
                statusBar()->showMessage(tr("Imported the image as “%1”.").arg(fallbackName),
                                         kImportMessageMs);
            });
        } else if (tags.isEmpty()) {
            statusBar()->showMessage(tr("Imported the image %1; it has no name.").arg(id.left(19)),
                                     kImportMessageMs);
        } else {
            statusBar()->showMessage(
                tr("Imported “%1” (named by the archive).").arg(tags.join(QStringLiteral(", "))),
                kImportMessageMs);
        }
        return;
    }
    auto *once = new QObject(this);
    connect(m_client, &HelperClient::imageAdded, once,
            [this, once, id, fallbackName](const QString &added) {
                if (added != id)
                    return;
                once->deleteLater();
                nameImportedImage(id, fallbackName);
            });
    QTimer::singleShot(30000, once, [this, once] {
        once->deleteLater();
        statusBar()->showMessage(tr("The image was imported."), kImportMessageMs);
    });
}

void MainWindow::removeSelectedImage()
{
    const QString id = selectedImage();
    if (id.isEmpty())
        return;
    const glassbox::client::ImageInfo image = m_client->image(id);
    const QString label = image.tags.isEmpty() ? id : image.tags.join(QStringLiteral(", "));
    if (!image.inUseBy.isEmpty()) {
        // Offered rather than refused: the containers go first (the running ones stopped, as
        // said here), then the image.
        QStringList names, running;
        for (const QString &container : image.inUseBy) {
            names.append(containerLabel(container));
            if (isLive(m_client->container(container)))
                running.append(container);
        }
        QString text = tr("Remove the image “%1” and the %n container(s) made from it?", nullptr,
                          int(image.inUseBy.size()))
                           .arg(label) +
                       listed(names) + QStringLiteral("\n\n");
        if (!running.isEmpty())
            text += tr("%n of them is running and will be stopped first.", nullptr,
                       int(running.size())) +
                    QLatin1Char(' ');
        text += tr("Their writable layers and logs are deleted.");
        confirmation(this, tr("Remove Image"), text, tr("&Remove All"),
                     [this, containers = image.inUseBy, running, id] {
                         removeContainersThenImage(containers, running, id);
                     });
        return;
    }
    confirmation(this, tr("Remove Image"),
                 tr("Remove the image “%1” and the layers no other image uses?").arg(label),
                 tr("&Remove"), [this, id] { m_client->removeImage(id, false); });
}

void MainWindow::removeContainersThenImage(const QStringList &containers,
                                           const QStringList &running, const QString &image)
{
    // Stop, then remove, then the image: each step only once the one before has succeeded
    // for every container, so a refusal leaves the image (and says why).
    runBatch(
        running, [this](const QString &id) { m_client->stopContainer(id); },
        [](int n) {
            return tr("%n container(s) could not be stopped; the image stays:", nullptr, n);
        },
        [this, containers, running, image](const QStringList &stopped) {
            if (stopped.size() != running.size())
                return;
            runBatch(
                containers, [this](const QString &id) { m_client->removeContainer(id, false); },
                [](int n) {
                    return tr("%n container(s) could not be removed; the image stays:", nullptr, n);
                },
                [this, containers, image](const QStringList &removed) {
                    if (removed.size() == containers.size())
                        m_client->removeImage(image, false);
                });
        });
}

void MainWindow::tagSelectedImage()
{
    const QString id = selectedImage();
    if (id.isEmpty())
        return;
    bool ok = false;
    const QString reference =
        QInputDialog::getText(this, tr("Tag Image"), tr("New tag (name[:tag]):"), QLineEdit::Normal,
                              QString(), &ok)
            .trimmed();
    if (ok && !reference.isEmpty())
        m_client->tagImage(id, reference);
}
