// The container's output (see LogsTab.h).
#include "LogsTab.h"

#include "DetailsSource.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QTextBlock>
#include <QTextDocumentFragment>

#include <sys/stat.h>
#include <unistd.h>

namespace glassbox::details {

namespace {
constexpr int kMaxHighlights = 2000; // beyond that only the count is shown
}

LogsTab::LogsTab(DetailsSource *source, QWidget *parent)
    : DetailsTab(source, parent), m_text(new QPlainTextEdit(this)), m_search(new QLineEdit(this)),
      m_previous(new QPushButton(tr("Previous"), this)), m_next(new QPushButton(tr("Next"), this)),
      m_matchLabel(new QLabel(this)), m_streams(new QComboBox(this)),
      m_timestamps(new QCheckBox(tr("Times"), this)), m_follow(new QCheckBox(tr("Follow"), this)),
      m_copy(new QPushButton(tr("Copy"), this))
{
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setMaximumBlockCount(kMaxLines);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setAccessibleName(tr("Container output"));
    m_text->setToolTip(
        tr("Standard output, and standard error in red, interleaved as they were written."));
    m_streams->addItems({tr("Both streams"), tr("Standard output"), tr("Standard error")});
    m_streams->setAccessibleName(tr("Streams to show"));
    m_timestamps->setAccessibleName(tr("Show the time of each line"));
    m_timestamps->setToolTip(tr("When each line was written, in local time"));
    // Red that reads on light and dark backgrounds alike.
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    m_stderrFormat.setForeground(dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb7, 0x1c, 0x1c));
    m_search->setPlaceholderText(tr("Search (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search the output"));
    m_previous->setAccessibleName(tr("Previous match"));
    m_previous->setToolTip(tr("Previous match (Shift+F3)"));
    m_next->setAccessibleName(tr("Next match"));
    m_next->setToolTip(tr("Next match (F3, Enter)"));
    m_follow->setChecked(true);
    m_follow->setAccessibleName(tr("Follow new output"));
    m_copy->setAccessibleName(tr("Copy the output"));
    m_copy->setToolTip(tr("Copies the selection, or everything when nothing is selected."));
    m_matchLabel->setAccessibleName(tr("Matches"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(m_previous);
    bar->addWidget(m_next);
    bar->addWidget(m_matchLabel);
    bar->addStretch();
    bar->addWidget(m_streams);
    bar->addWidget(m_timestamps);
    bar->addWidget(m_follow);
    bar->addWidget(m_copy);
    contentLayout()->addLayout(bar);
    contentLayout()->addWidget(m_text, 1);

    connect(m_search, &QLineEdit::textChanged, this, &LogsTab::highlightMatches);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { findNext(); });
    connect(m_next, &QPushButton::clicked, this, [this] { findNext(); });
    connect(m_previous, &QPushButton::clicked, this, [this] { findNext(true); });
    connect(m_copy, &QPushButton::clicked, this, &LogsTab::copy);
    connect(m_streams, &QComboBox::currentIndexChanged, this, &LogsTab::render);
    connect(m_timestamps, &QCheckBox::toggled, this, &LogsTab::render);
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on && isVisible())
            startSampling();
        else
            stopSampling();
    });
    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this, slot);
        s->setContext(Qt::WidgetWithChildrenShortcut);
    };
    // Ctrl+F is not a QShortcut here: see event().
    shortcut(QKeySequence::FindNext, [this] { findNext(); });
    shortcut(QKeySequence::FindPrevious, [this] { findNext(true); });

    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LogsTab::poll);
}

bool LogsTab::event(QEvent *event)
{
    // The window's Find (Ctrl+F, the containers filter) is a window-wide shortcut; a second
    // shortcut on the same keys here made both ambiguous, and Qt then fires neither. While
    // the focus is in this tab the key is claimed before shortcuts are looked at, and comes
    // back as a key press (keyPressEvent) that focuses the search.
    if (event->type() == QEvent::ShortcutOverride &&
        static_cast<QKeyEvent *>(event)->matches(QKeySequence::Find)) {
        event->accept();
        return true;
    }
    return DetailsTab::event(event);
}

void LogsTab::keyPressEvent(QKeyEvent *event)
{
    if (!event->matches(QKeySequence::Find))
        return DetailsTab::keyPressEvent(event);
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void LogsTab::clear()
{
    m_log = QDBusUnixFileDescriptor();
    m_reader.reset();
    m_records.clear();
    m_atLineStart = true;
    m_polled.clear();
    m_pending = false;
    m_polling = false;
    m_text->clear();
    highlightMatches();
}

void LogsTab::refresh()
{
    if (containerId().isEmpty() || !source() || m_pending)
        return;
    m_pending = true;
    const quint64 generation = this->generation();
    QPointer<LogsTab> self(this);
    source()->openLog(containerId(),
                      [self, generation](const QDBusUnixFileDescriptor &log, const QString &error) {
                          if (!self || self->generation() != generation)
                              return;
                          self->m_pending = false;
                          self->setFresh(true);
                          if (!error.isEmpty() || !log.isValid()) {
                              // No descriptor (an older helper, or none granted): poll GetLogs
                              // instead.
                              self->m_polling = true;
                              self->poll();
                              return;
                          }
                          // A reload (the container started or stopped) reads the tail
                          // again: it replaces what is shown, or every line would appear
                          // once more after each start, stop and restart.
                          self->m_log = log;
                          self->m_reader.reset();
                          self->m_records.clear();
                          self->m_atLineStart = true;
                          self->m_text->clear();
                          const int fd = log.fileDescriptor();
                          struct stat status = {};
                          if (::fstat(fd, &status) == 0 && status.st_size > kTailBytes)
                              ::lseek(fd, status.st_size - kTailBytes, SEEK_SET);
                          self->readDescriptor();
                      });
}

void LogsTab::startSampling()
{
    if (!containerId().isEmpty() && m_follow->isChecked())
        m_timer.start();
}

void LogsTab::stopSampling()
{
    m_timer.stop();
}

void LogsTab::poll()
{
    if (m_log.isValid()) {
        readDescriptor();
        return;
    }
    if (!m_polling || m_pending || !source())
        return;
    m_pending = true;
    const quint64 generation = this->generation();
    QPointer<LogsTab> self(this);
    source()->getLogs(
        containerId(), quint64(kTailBytes),
        [self, generation](const QString &text, const QString &error) {
            if (!self || self->generation() != generation)
                return;
            self->m_pending = false;
            self->showError(error);
            if (!error.isEmpty() || text == self->m_polled)
                return;
            // The tail moved on: append what is new when the old tail is still
            // in it, otherwise show the new tail.
            const QString &old = self->m_polled;
            const qsizetype at = old.isEmpty() ? -1 : text.lastIndexOf(old.right(256));
            if (at >= 0 && text.size() > at + qMin<qsizetype>(256, old.size())) {
                self->appendLog(text.mid(at + qMin<qsizetype>(256, old.size())).toUtf8());
            } else {
                self->m_reader.reset();
                self->m_records.clear();
                self->render();
                self->appendLog(text.toUtf8());
            }
            self->m_polled = text;
        });
}

void LogsTab::readDescriptor()
{
    // A regular file: read() returns what was appended since, 0 at its end. The shim rotates
    // the log by copying it aside and truncating it: a size below our offset means start over.
    const int fd = m_log.fileDescriptor();
    struct stat status = {};
    if (::fstat(fd, &status) == 0 && ::lseek(fd, 0, SEEK_CUR) > status.st_size) {
        ::lseek(fd, 0, SEEK_SET);
        m_reader.reset();
    }
    QByteArray data;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0)
            break;
        data.append(buffer, n);
        if (data.size() > 4 * kTailBytes)
            break; // the rest on the next tick; the window stays responsive
    }
    if (!data.isEmpty())
        appendLog(data);
}

void LogsTab::appendLog(QByteArrayView bytes)
{
    const QList<client::LogRecord> records = m_reader.feed(bytes);
    if (records.isEmpty())
        return;
    m_records.append(records);
    if (m_records.size() > kMaxLines)
        m_records.remove(0, m_records.size() - kMaxLines);
    QScrollBar *scroll = m_text->verticalScrollBar();
    const bool atBottom = scroll->value() == scroll->maximum();
    showRecords(records);
    if (m_follow->isChecked() && atBottom)
        scroll->setValue(scroll->maximum());
}

bool LogsTab::shown(const client::LogRecord &record) const
{
    const bool isStderr = record.stream == client::LogRecord::Stream::Stderr;
    switch (m_streams->currentIndex()) {
    case 1:
        return !isStderr;
    case 2:
        return isStderr;
    default:
        return true;
    }
}

void LogsTab::showRecords(const QList<client::LogRecord> &records)
{
    QTextCursor end(m_text->document());
    end.movePosition(QTextCursor::End);
    const QTextCharFormat plain;
    for (const client::LogRecord &record : records) {
        if (!shown(record))
            continue;
        QString line;
        if (m_timestamps->isChecked() && m_atLineStart && !record.time.isEmpty()) {
            const QDateTime time =
                QDateTime::fromString(QString::fromLatin1(record.time), Qt::ISODateWithMs);
            line = time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz  "));
        }
        line += QString::fromUtf8(record.content);
        if (!record.partial)
            line += QLatin1Char('\n');
        end.insertText(line,
                       record.stream == client::LogRecord::Stream::Stderr ? m_stderrFormat : plain);
        m_atLineStart = !record.partial;
    }
    if (!m_search->text().isEmpty())
        highlightMatches();
}

void LogsTab::render()
{
    m_text->clear();
    m_atLineStart = true;
    showRecords(m_records);
    m_text->verticalScrollBar()->setValue(m_text->verticalScrollBar()->maximum());
    highlightMatches();
}

bool LogsTab::findNext(bool backwards)
{
    const QString needle = m_search->text();
    if (needle.isEmpty())
        return false;
    const QTextDocument::FindFlags flags =
        backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    if (m_text->find(needle, flags))
        return true;
    // Wrap around.
    QTextCursor cursor(m_text->document());
    cursor.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
    m_text->setTextCursor(cursor);
    return m_text->find(needle, flags);
}

void LogsTab::copy()
{
    const QTextCursor cursor = m_text->textCursor();
    QApplication::clipboard()->setText(cursor.hasSelection() ? cursor.selection().toPlainText()
                                                             : m_text->toPlainText());
}

void LogsTab::highlightMatches()
{
    QList<QTextEdit::ExtraSelection> selections;
    m_matches = 0;
    const QString needle = m_search->text();
    if (!needle.isEmpty()) {
        QTextCharFormat format;
        format.setBackground(QColor(255, 200, 0, 140));
        QTextCursor cursor(m_text->document());
        for (;;) {
            cursor = m_text->document()->find(needle, cursor);
            if (cursor.isNull())
                break;
            ++m_matches;
            if (selections.size() < kMaxHighlights)
                selections.append({cursor, format});
        }
    }
    m_text->setExtraSelections(selections);
    m_matchLabel->setText(needle.isEmpty() ? QString() : tr("%n match(es)", nullptr, m_matches));
    m_previous->setEnabled(m_matches > 0);
    m_next->setEnabled(m_matches > 0);
}

} // namespace glassbox::details
