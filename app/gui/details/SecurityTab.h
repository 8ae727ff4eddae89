// Security: what the container may do to its host (SecurityReport), with plain warnings.
#pragma once

#include "DetailsTab.h"
#include "SecurityReport.h"

class QLabel;
class QListWidget;

namespace glassbox::details {

class SecurityTab : public DetailsTab
{
    Q_OBJECT
public:
    SecurityTab(DetailsSource *source, QWidget *parent = nullptr);

    const SecurityReport &report() const { return m_report; }
    QStringList warnings() const { return m_report.warnings; }
    QString warningText() const;

protected:
    void clear() override;
    void refresh() override;

private:
    void show(const SecurityReport &report);
    void maybeFinish(quint64 generation);

    SecurityReport m_report;
    QLabel *m_warnings;
    QLabel *m_capabilities;
    QLabel *m_seccomp;
    QLabel *m_userMapping;
    QLabel *m_noNewPrivileges;
    QListWidget *m_masked;
    QLabel *m_notes;
    // Gathered from three calls before the report is made.
    QJsonObject m_inspect;
    NamespaceList m_namespaces;
    bool m_privileged = false;
    int m_waiting = 0;
};

} // namespace glassbox::details
