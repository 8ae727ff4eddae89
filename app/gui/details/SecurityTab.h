// Security: what the container may do to its host, with plain warnings. The helper works it
// out (Container1.GetSecurityReport); glassbox::client::SecurityText words it, as it does for
// `glassboxctl inspect --security`.
#pragma once

#include "DetailsTab.h"

#include <QJsonObject>
#include <QStringList>

class QLabel;
class QListWidget;

namespace glassbox::details {

class SecurityTab : public DetailsTab
{
    Q_OBJECT
public:
    /// The report as the tab shows it.
    struct Shown
    {
        QJsonObject report; ///< the helper's JSON
        QString capabilities;
        QString seccomp;
        QString userMapping;
        QString noNewPrivileges;
        QStringList maskedPaths;
        QStringList warnings;
    };

    SecurityTab(DetailsSource *source, QWidget *parent = nullptr);

    const Shown &report() const { return m_shown; }
    QStringList warnings() const { return m_shown.warnings; }
    QString warningText() const;

protected:
    void clear() override;
    void refresh() override;

private:
    void show(const QJsonObject &report);

    Shown m_shown;
    QLabel *m_warnings;
    QLabel *m_capabilities;
    QLabel *m_seccomp;
    QLabel *m_userMapping;
    QLabel *m_noNewPrivileges;
    QListWidget *m_masked;
};

} // namespace glassbox::details
