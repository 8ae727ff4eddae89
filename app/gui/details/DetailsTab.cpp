// Common part of the details tabs (see DetailsTab.h).
#include "DetailsTab.h"

#include "DetailsSource.h"

#include <QLabel>
#include <QVBoxLayout>

namespace glassbox::details {

DetailsTab::DetailsTab(DetailsSource *source, QWidget *parent)
    : QWidget(parent), m_source(source), m_error(new QLabel(this)), m_layout(new QVBoxLayout)
{
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setAccessibleName(tr("Error"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(
        QStringLiteral("QLabel { color: white; background: #b3261e; padding: 4px; }"));
    m_error->hide();
    auto *outer = new QVBoxLayout(this);
    outer->addWidget(m_error);
    outer->addLayout(m_layout, 1);
}

void DetailsTab::setContainer(const QString &id)
{
    if (id == m_id)
        return;
    stopSampling();
    m_id = id;
    ++m_generation;
    m_fresh = false;
    showError(QString());
    clear();
    if (isVisible() && !m_id.isEmpty()) {
        refresh();
        startSampling();
    }
}

void DetailsTab::reload()
{
    m_fresh = false;
    if (isVisible() && !m_id.isEmpty() && m_source)
        refresh();
}

QString DetailsTab::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void DetailsTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_id.isEmpty() || !m_source)
        return;
    if (!m_fresh)
        refresh();
    startSampling();
}

void DetailsTab::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    stopSampling();
}

void DetailsTab::showError(const QString &error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

} // namespace glassbox::details
