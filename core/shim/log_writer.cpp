// Size-capped container log: see log_writer.h.
#include "log_writer.h"

#include "glassbox/file_io.h"
#include "glassbox/shim.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glassbox::shim {

namespace {

Result<UniqueFd> openLog(int dirFd)
{
    return openAt(dirFd, std::string(kLogFile), O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY, 0640);
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

Status LogWriter::write(std::string_view data)
{
    while (!data.empty()) {
        const size_t newline = data.find('\n');
        std::string_view line =
            data.substr(0, newline == std::string_view::npos ? data.size() : newline + 1);
        // A line that does not fit in what is left starts a new file; one longer than a
        // whole file is cut at the cap.
        if (m_size > 0 && m_size + line.size() > m_max)
            GB_TRY(rotate());
        if (line.size() > m_max - m_size)
            line = line.substr(0, m_max - m_size);
        GB_TRY(writeAll(m_file.get(), line));
        m_size += line.size();
        data.remove_prefix(line.size());
    }
    return {};
}

Status LogWriter::rotate()
{
    const std::string from(kLogFile);
    const std::string to(kRotatedLogFile);
    if (::renameat(m_dirFd, from.c_str(), m_dirFd, to.c_str()) != 0)
        return sysError("rename " + quoted(from) + " to " + quoted(to));
    auto file = openLog(m_dirFd);
    if (!file)
        return tl::unexpected(file.error());
    m_file = std::move(*file);
    m_size = 0;
    return {};
}

void LogWriter::removeIfEmpty()
{
    if (m_size == 0)
        ::unlinkat(m_dirFd, std::string(kLogFile).c_str(), 0);
}

} // namespace glassbox::shim
