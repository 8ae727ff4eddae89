// MainWindow's actions on containers and images (see MainWindow.h).
#include "MainWindow.h"

#include "CreateContainerDialog.h"
#include "HelperClient.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>

#include <csignal>

void MainWindow::runContainer()
{
    QStringList images;
    const QList<glassbox::ctl::ImageInfo> all = m_client->images();
    for (const glassbox::ctl::ImageInfo &image : all)
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
    connect(dialog, &QDialog::accepted, this, [this, dialog] { runFromDialog(dialog); });
    dialog->open();
}

void MainWindow::runFromDialog(CreateContainerDialog *dialog)
{
    m_client->createContainer(dialog->image(), dialog->name(), dialog->options(),
                              dialog->startAfterCreate(), this,
                              [this](const QString &id) { selectContainer(id); });
}

void MainWindow::startSelected()
{
    if (const QString id = selectedContainer(); !id.isEmpty())
        m_client->startContainer(id);
}

void MainWindow::stopSelected()
{
    if (const QString id = selectedContainer(); !id.isEmpty())
        m_client->stopContainer(id);
}

void MainWindow::restartSelected()
{
    if (const QString id = selectedContainer(); !id.isEmpty())
        m_client->restartContainer(id);
}

void MainWindow::killSelected()
{
    if (const QString id = selectedContainer(); !id.isEmpty())
        m_client->killContainer(id, SIGKILL);
}

void MainWindow::pauseOrResumeSelected()
{
    const QString id = selectedContainer();
    if (id.isEmpty())
        return;
    if (m_client->container(id).state == QLatin1String("paused"))
        m_client->resumeContainer(id);
    else
        m_client->pauseContainer(id);
}

void MainWindow::removeSelected()
{
    const QString id = selectedContainer();
    if (id.isEmpty())
        return;
    const glassbox::ctl::ContainerInfo info = m_client->container(id);
    const bool live =
        info.state == QLatin1String("running") || info.state == QLatin1String("paused");
    const QString name = info.name.isEmpty() ? id.left(12) : info.name;
    const QString text =
        live ? tr("Remove the container “%1”? It is running and will be killed first. Its "
                  "writable layer and logs are deleted.")
                   .arg(name)
             : tr("Remove the container “%1”? Its writable layer and logs are deleted.").arg(name);
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove Container"), text,
                                QMessageBox::Cancel, this);
    QPushButton *remove = box->addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, remove, id, live] {
        if (box->clickedButton() == remove)
            m_client->removeContainer(id, live);
    });
    box->open();
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
    const QString tag = QInputDialog::getText(
        this, tr("Import Image"), tr("Tag for the image (used when the archive names none):"),
        QLineEdit::Normal,
        suggestion.isEmpty() ? QString() : suggestion + QStringLiteral(":latest"), &ok);
    if (ok)
        importImageFile(path, tag.trimmed());
}

void MainWindow::importImageFile(const QString &path, const QString &tag)
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
    m_client->importImage(int(file.handle()), QStringLiteral("auto"), tag, progress,
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
            [this, progress](const QString &job, const QString &state, const QString &,
                             const QString &error) {
                if (job != m_importJob)
                    return;
                // Closing a progress dialog emits canceled(): not a request to cancel.
                disconnect(progress, &QProgressDialog::canceled, this, nullptr);
                progress->close();
                if (state == QLatin1String("failed"))
                    showFailure(tr("import an image"), tr("The import failed: %1").arg(error));
                else if (state == QLatin1String("cancelled"))
                    statusBar()->showMessage(tr("The import was cancelled."), 5000);
                else if (state == QLatin1String("succeeded"))
                    statusBar()->showMessage(tr("The image was imported."), 5000);
                else // the helper dropped the job before we saw its end: the list tells
                    statusBar()->showMessage(tr("The import has ended."), 5000);
                m_client->refresh();
            });
}

void MainWindow::removeSelectedImage()
{
    const QString id = selectedImage();
    if (id.isEmpty())
        return;
    const glassbox::ctl::ImageInfo image = m_client->image(id);
    const QString label = image.tags.isEmpty() ? id : image.tags.join(QStringLiteral(", "));
    if (!image.inUseBy.isEmpty()) {
        showFailure(tr("remove the image"),
                    tr("The image “%1” is used by %n container(s); remove them first.", nullptr,
                       int(image.inUseBy.size()))
                        .arg(label));
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove Image"),
                                tr("Remove the image “%1” and the layers no other image "
                                   "uses?")
                                    .arg(label),
                                QMessageBox::Cancel, this);
    QPushButton *remove = box->addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, remove, id] {
        if (box->clickedButton() == remove)
            m_client->removeImage(id, false);
    });
    box->open();
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
