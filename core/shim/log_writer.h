// The container's output log in the supervision directory: written as it arrives, copied to
// log.1 and truncated before a line would take it past its size cap.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"

#include <cstdint>
#include <string_view>

namespace glassbox::shim {

class LogWriter
{
public:
    /// Opens (appending to) `dirFd`/log; `maxBytes` is at least 1.
    [[nodiscard]] static Result<LogWriter> open(int dirFd, uint64_t maxBytes);

    /// Appends `data`, rotating at line boundaries so that no file exceeds the cap.
    [[nodiscard]] Status write(std::string_view data);

    /// Removes the log if nothing was ever written to it (a failed start).
    void removeIfEmpty();

private:
    LogWriter(int dirFd, UniqueFd file, uint64_t size, uint64_t maxBytes)
        : m_dirFd(dirFd), m_file(std::move(file)), m_size(size), m_max(maxBytes)
    {
    }
    [[nodiscard]] Status rotate();

    int m_dirFd = -1; ///< borrowed: the supervisor owns the directory
    UniqueFd m_file;
    uint64_t m_size = 0;
    uint64_t m_max = 0;
};

} // namespace glassbox::shim
