// Pull Image: a reference typed or found by searching a registry, pulled by the helper with a
// bar per layer and Cancel. Credentials come from the user's own auth.json (podman's file);
// when the registry refuses, the dialog asks for a user name and password and can remember
// them there. The search runs on a thread of its own: the window stays responsive.
#pragma once

#include <QDialog>
#include <QPointer>
#include <optional>

#include "glassbox/image/registry.h"

class HelperClient;
class QCheckBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

class PullDialog : public QDialog
{
    Q_OBJECT

public:
    enum LayerColumn { LayerDigestColumn, LayerStateColumn, LayerProgressColumn };

    PullDialog(HelperClient *client, QWidget *parent = nullptr);

    void setReference(const QString &reference);
    QString reference() const;
    /// Starts the pull of reference() (as the Pull button does).
    void pull();
    /// Searches the registry the search field names (as its button does).
    void search();

    /// The pulled image's id once the pull succeeded; empty before.
    QString pulledImage() const { return m_pulledImage; }
    /// What the status line says.
    QString statusText() const;
    /// From pull() until the helper's job ended (or the call was refused).
    bool pulling() const { return !m_pulling.isEmpty(); }

    QLineEdit *referenceEdit() const { return m_reference; }
    QLineEdit *searchEdit() const { return m_search; }
    QTreeWidget *searchResults() const { return m_results; }
    QTreeWidget *layersView() const { return m_layers; }
    QGroupBox *credentialsBox() const { return m_credentials; }
    QLineEdit *usernameEdit() const { return m_username; }
    QLineEdit *passwordEdit() const { return m_password; }
    QCheckBox *rememberCheck() const { return m_remember; }
    QPushButton *pullButton() const { return m_pullButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    /// The bar of layer `row` (in the manifest's order).
    QProgressBar *layerBar(int row) const;

Q_SIGNALS:
    /// The image is in the store: `id` under `reference`.
    void pulled(const QString &id, const QString &reference);

protected:
    void reject() override;

private:
    void updateButtons();
    void setStatus(const QString &text);
    void showLayers(const QString &jobPath);
    void jobFinished(const QString &path, const QString &state, const QString &result,
                     const QString &error);
    void showResults(const std::vector<glassbox::image::SearchResult> &results,
                     const QString &error);

    QPointer<HelperClient> m_client;
    QLineEdit *m_reference;
    QLineEdit *m_search;
    QPushButton *m_searchButton;
    QTreeWidget *m_results;
    QTreeWidget *m_layers;
    QProgressBar *m_overall;
    QGroupBox *m_credentials;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QPushButton *m_pullButton;
    QPushButton *m_cancelButton;
    QString m_job;
    QString m_pulling; ///< the reference being pulled
    QString m_pulledImage;
    bool m_searching = false;
    bool m_cancelWhenStarted = false; ///< Cancel before PullImage answered with the job
};
