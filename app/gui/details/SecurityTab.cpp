// The container's security posture (see SecurityTab.h).
#include "SecurityTab.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QVBoxLayout>

namespace glassbox::details {

SecurityTab::SecurityTab(DetailsSource *source, QWidget *parent)
    : DetailsTab(source, parent), m_warnings(new QLabel(this)), m_capabilities(new QLabel(this)),
      m_seccomp(new QLabel(this)), m_userMapping(new QLabel(this)),
      m_noNewPrivileges(new QLabel(this)), m_masked(new QListWidget(this)),
      m_notes(new QLabel(this))
{
    m_warnings->setObjectName(QStringLiteral("securityWarnings"));
    m_warnings->setAccessibleName(tr("Security warnings"));
    m_warnings->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(255, 170, 0, 70); border: 1px solid #c77700; padding: 6px; }"));
    m_warnings->hide();
    auto *form = new QFormLayout;
    const std::pair<QLabel *, QString> rows[] = {{m_capabilities, tr("Effective capabilities:")},
                                                 {m_seccomp, tr("Seccomp profile:")},
                                                 {m_userMapping, tr("User namespace:")},
                                                 {m_noNewPrivileges, tr("no_new_privs:")}};
    for (const auto &[label, name] : rows) {
        label->setAccessibleName(QString(name).remove(QLatin1Char(':')));
        form->addRow(name, label);
    }
    m_masked->setAccessibleName(tr("Masked paths"));
    form->addRow(tr("Masked paths:"), m_masked);
    m_notes->setAccessibleName(tr("Notes"));
    m_notes->setEnabled(false); // a quieter colour in every style
    for (QLabel *label :
         {m_warnings, m_capabilities, m_seccomp, m_userMapping, m_noNewPrivileges, m_notes}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    }
    contentLayout()->addWidget(m_warnings);
    contentLayout()->addLayout(form, 1);
    contentLayout()->addWidget(m_notes);
}

QString SecurityTab::warningText() const
{
    return m_warnings->isHidden() ? QString() : m_warnings->text();
}

void SecurityTab::clear()
{
    m_waiting = 0;
    show(SecurityReport());
    for (QLabel *label : {m_capabilities, m_seccomp, m_userMapping, m_noNewPrivileges})
        label->clear();
}

void SecurityTab::refresh()
{
    if (containerId().isEmpty() || !source() || m_waiting > 0)
        return;
    m_waiting = 3;
    m_inspect = {};
    m_namespaces = {};
    m_privileged = false;
    const quint64 generation = this->generation();
    QPointer<SecurityTab> self(this);
    auto current = [self, generation] {
        return self && self->generation() == generation;
    };
    source()->inspect(containerId(),
                      [self, current, generation](const QString &json, const QString &error) {
                          if (!current())
                              return;
                          self->showError(error);
                          self->m_inspect = QJsonDocument::fromJson(json.toUtf8()).object();
                          self->maybeFinish(generation);
                      });
    source()->getNamespaces(containerId(), [self, current, generation](
                                               const NamespaceList &namespaces, const QString &) {
        if (!current())
            return;
        self->m_namespaces = namespaces; // a stopped container has none: fine
        self->maybeFinish(generation);
    });
    source()->getProperties(
        containerId(), [self, current, generation](const QVariantMap &properties, const QString &) {
            if (!current())
                return;
            self->m_privileged = properties.value(QStringLiteral("Privileged")).toBool();
            self->maybeFinish(generation);
        });
}

void SecurityTab::maybeFinish(quint64 generation)
{
    if (--m_waiting > 0 || generation != this->generation())
        return;
    if (m_inspect.isEmpty())
        return; // the error is shown
    setFresh(true);
    show(SecurityReport::analyze(m_inspect, m_namespaces, m_privileged));
}

void SecurityTab::show(const SecurityReport &report)
{
    m_report = report;
    if (report.warnings.isEmpty()) {
        m_warnings->hide();
    } else {
        QString html = QStringLiteral("<b>%1</b><ul style=\"margin: 0\">")
                           .arg(tr("Things to know about this container:").toHtmlEscaped());
        for (const QString &warning : report.warnings)
            html += QStringLiteral("<li>%1</li>").arg(warning.toHtmlEscaped());
        m_warnings->setText(html + QStringLiteral("</ul>"));
        m_warnings->show();
    }
    QString caps =
        report.capabilities.isEmpty() ? tr("none") : report.capabilities.join(QStringLiteral(", "));
    if (report.capabilitiesInferred)
        caps += tr(" (derived from the default set and the creation options)");
    m_capabilities->setText(caps);
    QString seccomp = report.seccomp;
    if (report.blockedSyscalls > 0)
        seccomp = tr("%1; blocks %2 of this machine's %3 system calls")
                      .arg(seccomp)
                      .arg(report.blockedSyscalls)
                      .arg(SecurityReport::nativeSyscalls().size());
    m_seccomp->setText(seccomp);
    m_userMapping->setText(report.userMapping.isEmpty() ? tr("none: container uids are host uids")
                                                        : report.userMapping);
    m_noNewPrivileges->setText(!report.noNewPrivileges ? tr("not reported by the helper")
                               : *report.noNewPrivileges
                                   ? tr("set: setuid programs cannot gain privileges")
                                   : tr("not set: setuid programs inside can gain privileges"));
    m_masked->clear();
    m_masked->addItems(report.maskedPaths);
    m_notes->setText(report.notes.join(QLatin1Char(' ')) +
                     (report.maskedPathsInferred
                          ? QLatin1Char(' ') + tr("Masked paths are the runtime's defaults.")
                          : QString()));
}

} // namespace glassbox::details
