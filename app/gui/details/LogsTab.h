// Logs: the container's output as the shim records it (stdout and stderr interleaved, each
// line stamped; stderr in red), followed while the tab is shown, with a stream filter,
// optional times, search (highlight, next/previous) and copy.
#pragma once

#include "DetailsTab.h"

#include "LogReader.h"

#include <QDBusUnixFileDescriptor>
#include <QList>
#include <QTextCharFormat>
#include <QTimer>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace glassbox::details {

class LogsTab : public DetailsTab
{
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 1000;
    static constexpr qint64 kTailBytes = 1024 * 1024; // what is loaded at first
    static constexpr int kMaxLines = 20000;

    LogsTab(DetailsSource *source, QWidget *parent = nullptr);

    QPlainTextEdit *text() const { return m_text; }
    QLineEdit *searchField() const { return m_search; }
    /// Both streams, standard output only, standard error only (in that order).
    QComboBox *streamFilter() const { return m_streams; }
    QCheckBox *timestampsBox() const { return m_timestamps; }
    /// Selects the next (or previous) match of the search text, wrapping around; false
    /// when there is none.
    bool findNext(bool backwards = false);
    int matchCount() const { return m_matches; }
    bool isFollowing() const { return m_timer.isActive(); }
    /// Copies the selection, or everything when nothing is selected.
    void copy();

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void clear() override;
    void refresh() override;
    void startSampling() override;
    void stopSampling() override;

private:
    void poll();
    void readDescriptor();
    /// Log bytes as they arrive: split into records, kept and shown.
    void appendLog(QByteArrayView bytes);
    void showRecords(const QList<client::LogRecord> &records);
    /// Shows every kept record again (after the filter or the times changed).
    void render();
    [[nodiscard]] bool shown(const client::LogRecord &record) const;
    void highlightMatches();

    QPlainTextEdit *m_text;
    QLineEdit *m_search;
    QPushButton *m_previous;
    QPushButton *m_next;
    QLabel *m_matchLabel;
    QComboBox *m_streams;
    QCheckBox *m_timestamps;
    QCheckBox *m_follow;
    QPushButton *m_copy;
    QTimer m_timer;
    QDBusUnixFileDescriptor m_log; // OpenLog's descriptor; invalid: poll GetLogs instead
    client::LogReader m_reader;
    QList<client::LogRecord> m_records; // the last kMaxLines, for render()
    bool m_atLineStart = true;          // the last shown record ended its line
    QTextCharFormat m_stderrFormat;
    QString m_polled; // the last GetLogs text, when polling
    bool m_pending = false;
    bool m_polling = false;
    int m_matches = 0;
};

} // namespace glassbox::details
