// The container's inspect JSON (see InspectTab.h).
#include "InspectTab.h"

#include "DetailsSource.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>

namespace glassbox::details {

InspectTab::InspectTab(DetailsSource *source, QWidget *parent)
    : DetailsTab(source, parent), m_text(new QPlainTextEdit(this))
{
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setAccessibleName(tr("Inspect JSON"));
    auto *copy = new QPushButton(tr("Copy JSON"), this);
    copy->setAccessibleName(tr("Copy the JSON"));
    auto *reload = new QPushButton(tr("Refresh"), this);
    reload->setAccessibleName(tr("Refresh the JSON"));
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_text->toPlainText()); });
    connect(reload, &QPushButton::clicked, this, &InspectTab::refresh);
    auto *bar = new QHBoxLayout;
    bar->addStretch();
    bar->addWidget(reload);
    bar->addWidget(copy);
    contentLayout()->addLayout(bar);
    contentLayout()->addWidget(m_text, 1);
}

QString InspectTab::json() const
{
    return m_text->toPlainText();
}

void InspectTab::clear()
{
    m_text->clear();
}

void InspectTab::refresh()
{
    if (containerId().isEmpty() || !source())
        return;
    const quint64 generation = this->generation();
    QPointer<InspectTab> self(this);
    source()->inspect(containerId(), [self, generation](const QString &json, const QString &error) {
        if (!self || self->generation() != generation)
            return;
        self->showError(error);
        self->setFresh(error.isEmpty());
        if (!error.isEmpty())
            return;
        const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8());
        if (document.isNull())
            return self->m_text->setPlainText(json);
        // Qt indents an empty array or object over two lines ("[" and "]"): write [] and {}.
        // JSON strings cannot hold a raw newline, so this never changes a value.
        static const QRegularExpression empty(QStringLiteral("([\\[{])\\n *([\\]}])"));
        self->m_text->setPlainText(QString::fromUtf8(document.toJson(QJsonDocument::Indented))
                                       .replace(empty, QStringLiteral("\\1\\2")));
    });
}

} // namespace glassbox::details
