// The container log's records (see LogReader.h).
#include "LogReader.h"

namespace glassbox::client {

namespace {

bool isTime(QByteArrayView word)
{
    // 2026-11-29T05:01:02[.fraction]Z: checked loosely, the shim is the only writer.
    return word.size() >= 20 && word.at(4) == '-' && word.at(10) == 'T' && word.endsWith('Z');
}

} // namespace

LogRecord parseLogLine(QByteArrayView line)
{
    LogRecord record;
    // "<time> <stream> <tag> <content>", the content possibly empty.
    const qsizetype first = line.indexOf(' ');
    const qsizetype second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    const qsizetype third = second < 0 ? -1 : line.indexOf(' ', second + 1);
    const QByteArrayView time = line.first(first < 0 ? 0 : first);
    const QByteArrayView stream =
        second < 0 ? QByteArrayView() : line.sliced(first + 1, second - first - 1);
    const QByteArrayView tag =
        third < 0 ? QByteArrayView() : line.sliced(second + 1, third - second - 1);
    if (third < 0 || !isTime(time) || (stream != "stdout" && stream != "stderr") ||
        (tag != "F" && tag != "P")) {
        record.content = line.toByteArray();
        return record;
    }
    record.stream = stream == "stderr" ? LogRecord::Stream::Stderr : LogRecord::Stream::Stdout;
    record.time = time.toByteArray();
    record.partial = tag == "P";
    record.content = line.sliced(third + 1).toByteArray();
    return record;
}

QList<LogRecord> LogReader::feed(QByteArrayView data)
{
    m_pending.append(data);
    QList<LogRecord> records;
    qsizetype start = 0;
    for (qsizetype newline = m_pending.indexOf('\n'); newline >= 0;
         newline = m_pending.indexOf('\n', start)) {
        records.append(parseLogLine(QByteArrayView(m_pending).sliced(start, newline - start)));
        start = newline + 1;
    }
    m_pending.remove(0, start);
    return records;
}

QList<LogRecord> LogReader::flush()
{
    QList<LogRecord> records;
    if (!m_pending.isEmpty()) {
        LogRecord last = parseLogLine(m_pending);
        if (last.time.isEmpty())
            last.partial = true; // plain text that no newline followed
        records.append(last);
    }
    m_pending.clear();
    return records;
}

} // namespace glassbox::client
