// Size-capped container log: see log_writer.h.
#include "log_writer.h"

#include "glassbox/file_io.h"
#include "glassbox/shim.h"

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glassbox::shim {

namespace {

Result<UniqueFd> openLog(int dirFd)
{
    return openAt(dirFd, std::string(kLogFile), O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY, 0640);
}

/// "<RFC 3339 UTC time with nanoseconds> <stdout|stderr> ", the start of every record.
std::string logRecordPrefix(LogStream stream)
{
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    tm utc{};
    ::gmtime_r(&now.tv_sec, &utc);
    char text[64];
    const size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(text + length, sizeof text - length, ".%09ldZ %s ", now.tv_nsec,
                  stream == LogStream::Stdout ? "stdout" : "stderr");
    return text;
}

} // namespace

Result<LogWriter> LogWriter::open(int dirFd, uint64_t maxBytes)
{
    auto file = openLog(dirFd);
    if (!file)
        return tl::unexpected(file.error());
    struct stat info
    {
    };
    if (::fstat(file->get(), &info) != 0)
        return sysError("stat " + quoted(kLogFile));
    return LogWriter(dirFd, std::move(*file), static_cast<uint64_t>(info.st_size), maxBytes);
}

Status LogWriter::write(LogStream stream, std::string_view data)
{
    const std::string prefix = logRecordPrefix(stream);
    while (!data.empty()) {
        const size_t newline = data.find('\n');
        const bool whole = newline != std::string_view::npos;
        const std::string_view line = data.substr(0, whole ? newline : data.size());
        std::string record = prefix;
        record += whole ? "F " : "P ";
        record += line;
        record += '\n';
        GB_TRY(append(record));
        data.remove_prefix(whole ? newline + 1 : data.size());
    }
    return {};
}

Status LogWriter::append(std::string_view record)
{
    // A record that does not fit in what is left starts a new file; one longer than a whole
    // file is cut at the cap, keeping its newline.
    if (m_size > 0 && m_size + record.size() > m_max)
        GB_TRY(rotate());
    std::string cut;
    if (record.size() > m_max - m_size) {
        cut.assign(record.substr(0, m_max - m_size - 1));
        cut += '\n';
        record = cut;
    }
    GB_TRY(writeAll(m_file.get(), record));
    m_size += record.size();
    return {};
}

Status LogWriter::rotate()
{
    // Copy aside, then truncate, rather than rename: readers that follow the log through a
    // descriptor (the helper hands them one with OpenLog, they cannot open the directory)
    // keep the live file and see its size drop below their offset, their cue to start over.
    // A rename would leave them reading the rotated copy, which never grows again.
    const std::string live(kLogFile);
    const std::string rotated(kRotatedLogFile);
    const std::string partial = rotated + ".tmp";
    auto source = openAt(m_dirFd, live, O_RDONLY | O_NOCTTY, 0);
    if (!source)
        return tl::unexpected(source.error());
    auto target = openAt(m_dirFd, partial, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY, 0640);
    if (!target)
        return tl::unexpected(target.error());
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(source->get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return sysError("read " + quoted(live));
        if (n == 0)
            break;
        GB_TRY(writeAll(target->get(), std::string_view(buffer, static_cast<size_t>(n))));
    }
    if (::renameat(m_dirFd, partial.c_str(), m_dirFd, rotated.c_str()) != 0)
        return sysError("rename " + quoted(partial) + " to " + quoted(rotated));
    if (::ftruncate(m_file.get(), 0) != 0)
        return sysError("truncate " + quoted(live));
    m_size = 0;
    return {};
}

void LogWriter::removeIfEmpty()
{
    if (m_size == 0)
        ::unlinkat(m_dirFd, std::string(kLogFile).c_str(), 0);
}

} // namespace glassbox::shim
