// The container's security posture (see SecurityTab.h).
#include "SecurityTab.h"

#include "DetailsSource.h"
#include "SecurityText.h"

#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QPointer>

namespace glassbox::details {

using Row = glassbox::client::SecurityText::Row;
using glassbox::client::SecurityText;

SecurityTab::SecurityTab(DetailsSource *source, QWidget *parent)
    : DetailsTab(source, parent), m_warnings(new QLabel(this)), m_capabilities(new QLabel(this)),
      m_seccomp(new QLabel(this)), m_userMapping(new QLabel(this)),
      m_noNewPrivileges(new QLabel(this)), m_masked(new QListWidget(this))
{
    m_warnings->setObjectName(QStringLiteral("securityWarnings"));
    m_warnings->setAccessibleName(tr("Security warnings"));
    m_warnings->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(255, 170, 0, 70); border: 1px solid #c77700; padding: 6px; }"));
    m_warnings->hide();
    auto *form = new QFormLayout;
    const std::pair<QLabel *, Row> rows[] = {{m_capabilities, Row::Capabilities},
                                             {m_seccomp, Row::Seccomp},
                                             {m_userMapping, Row::UserNamespace},
                                             {m_noNewPrivileges, Row::NoNewPrivileges}};
    for (const auto &[label, row] : rows) {
        const QString name = SecurityText::label(row);
        label->setAccessibleName(QString(name).remove(QLatin1Char(':')));
        form->addRow(name, label);
    }
    m_masked->setAccessibleName(tr("Masked paths"));
    form->addRow(SecurityText::label(Row::MaskedPaths), m_masked);
    for (QLabel *label :
         {m_warnings, m_capabilities, m_seccomp, m_userMapping, m_noNewPrivileges}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    }
    contentLayout()->addWidget(m_warnings);
    contentLayout()->addLayout(form, 1);
}

QString SecurityTab::warningText() const
{
    return m_warnings->isHidden() ? QString() : m_warnings->text();
}

void SecurityTab::clear()
{
    m_shown = {};
    m_warnings->hide();
    for (QLabel *label : {m_capabilities, m_seccomp, m_userMapping, m_noNewPrivileges})
        label->clear();
    m_masked->clear();
}

void SecurityTab::refresh()
{
    if (containerId().isEmpty() || !source())
        return;
    const quint64 generation = this->generation();
    QPointer<SecurityTab> self(this);
    source()->getSecurityReport(containerId(),
                                [self, generation](const QString &json, const QString &error) {
                                    if (!self || self->generation() != generation)
                                        return;
                                    self->showError(error);
                                    self->setFresh(error.isEmpty());
                                    if (error.isEmpty())
                                        self->show(QJsonDocument::fromJson(json.toUtf8()).object());
                                });
}

void SecurityTab::show(const QJsonObject &report)
{
    m_shown = {report,
               SecurityText::value(Row::Capabilities, report),
               SecurityText::value(Row::Seccomp, report),
               SecurityText::value(Row::UserNamespace, report),
               SecurityText::value(Row::NoNewPrivileges, report),
               report.value(QLatin1String("maskedPaths")).toVariant().toStringList(),
               SecurityText::warnings(report)};
    if (m_shown.warnings.isEmpty()) {
        m_warnings->hide();
    } else {
        QString html = QStringLiteral("<b>%1</b><ul style=\"margin: 0\">")
                           .arg(SecurityText::warningsHeading().toHtmlEscaped());
        for (const QString &warning : std::as_const(m_shown.warnings))
            html += QStringLiteral("<li>%1</li>").arg(warning.toHtmlEscaped());
        m_warnings->setText(html + QStringLiteral("</ul>"));
        m_warnings->show();
    }
    m_capabilities->setText(m_shown.capabilities);
    m_seccomp->setText(m_shown.seccomp);
    m_userMapping->setText(m_shown.userMapping);
    m_noNewPrivileges->setText(m_shown.noNewPrivileges);
    m_masked->clear();
    m_masked->addItems(m_shown.maskedPaths);
}

} // namespace glassbox::details
