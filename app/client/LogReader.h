// Reading the container log the shim writes (see glassbox/shim.h): one CRI-format record per
// line, "<RFC 3339 time> <stdout|stderr> <F|P> <content>". Both glassboxctl and the desktop
// application read it, from GetLogs' text or from OpenLog's descriptor as it grows.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace glassbox::client {

struct LogRecord
{
    enum class Stream { Stdout, Stderr };
    Stream stream = Stream::Stdout;
    QByteArray time;      ///< as written, e.g. "2026-11-29T05:01:02.123456789Z"; empty if unknown
    bool partial = false; ///< a piece of a line: no newline follows the content
    QByteArray content;

    /// The content as the container wrote it: with its newline unless partial.
    [[nodiscard]] QByteArray text() const { return partial ? content : content + '\n'; }
};

/// One line of the log, without its newline. A line that is not a record (a log written
/// before records existed) is taken whole as stdout.
[[nodiscard]] LogRecord parseLogLine(QByteArrayView line);

/// Splits the log's bytes into records as they arrive: a line not yet ended waits for the
/// next feed(), or for flush() at the end of the text.
class LogReader
{
public:
    [[nodiscard]] QList<LogRecord> feed(QByteArrayView data);
    [[nodiscard]] QList<LogRecord> flush();
    void reset() { m_pending.clear(); }

private:
    QByteArray m_pending;
};

} // namespace glassbox::client
