// Logs: the container's output (stdout and stderr interleaved, as the shim records them),
// followed while the tab is shown, with search (highlight, next/previous) and copy.
#pragma once

#include "DetailsTab.h"

#include <QDBusUnixFileDescriptor>
#include <QStringDecoder>
#include <QTimer>

class QCheckBox;
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
    /// Selects the next (or previous) match of the search text, wrapping around; false
    /// when there is none.
    bool findNext(bool backwards = false);
    int matchCount() const { return m_matches; }
    bool isFollowing() const { return m_timer.isActive(); }
    /// Copies the selection, or everything when nothing is selected.
    void copy();

protected:
    void clear() override;
    void refresh() override;
    void startSampling() override;
    void stopSampling() override;

private:
    void poll();
    void readDescriptor();
    void append(const QString &text);
    void highlightMatches();

    QPlainTextEdit *m_text;
    QLineEdit *m_search;
    QPushButton *m_previous;
    QPushButton *m_next;
    QLabel *m_matchLabel;
    QCheckBox *m_follow;
    QPushButton *m_copy;
    QTimer m_timer;
    QDBusUnixFileDescriptor m_log; // OpenLog's descriptor; invalid: poll GetLogs instead
    QStringDecoder m_decoder{QStringDecoder::Utf8};
    QString m_polled; // the last GetLogs text, when polling
    bool m_pending = false;
    bool m_polling = false;
    int m_matches = 0;
};

} // namespace glassbox::details
