// The container's output log in the supervision directory, one record per line in the CRI
// log format (what containerd, CRI-O and conmon write, see glassbox/shim.h): written as it
// arrives, copied to log.1 and truncated before a record would take it past its size cap.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"

#include <cstdint>
#include <string_view>

namespace glassbox::shim {

enum class LogStream { Stdout, Stderr };

class LogWriter
{
public:
    /// Opens (appending to) `dirFd`/log; `maxBytes` is at least 1.
    [[nodiscard]] static Result<LogWriter> open(int dirFd, uint64_t maxBytes);

    /// Appends what `stream` wrote as records: one per line it ended ("F"), and one for a
    /// trailing piece without a newline ("P", not held back). Rotates between records, so
    /// that no file exceeds the cap; a record longer than a whole file is cut at it.
    [[nodiscard]] Status write(LogStream stream, std::string_view data);

    /// Removes the log if nothing was ever written to it (a failed start).
    void removeIfEmpty();

private:
    LogWriter(int dirFd, UniqueFd file, uint64_t size, uint64_t maxBytes)
        : m_dirFd(dirFd), m_file(std::move(file)), m_size(size), m_max(maxBytes)
    {
    }
    [[nodiscard]] Status rotate();
    [[nodiscard]] Status append(std::string_view record);

    int m_dirFd = -1; ///< borrowed: the supervisor owns the directory
    UniqueFd m_file;
    uint64_t m_size = 0;
    uint64_t m_max = 0;
};

} // namespace glassbox::shim
