// Error values of libglassbox-core: every fallible function returns Result<T>.
// The core never logs and never exits; callers decide how to report.
#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>

namespace glassbox {

/// A failure: the errno value that caused it (0 when it is not a system call's) and a
/// message naming what was being done, with paths and config fields in backticks.
struct Error
{
    int code = 0;
    std::string message;

    /// The message followed by strerror(code) when there is one.
    [[nodiscard]] std::string text() const;
};

template <typename T> using Result = tl::expected<T, Error>;
using Status = Result<void>;

/// An error with an explicit errno value (0 for a logical error such as bad input).
[[nodiscard]] tl::unexpected<Error> makeError(int code, std::string message);

/// An error from the errno of the system call that just failed.
[[nodiscard]] tl::unexpected<Error> sysError(std::string message);

/// Puts "context: " in front of an error's message, keeping its errno.
[[nodiscard]] tl::unexpected<Error> withContext(Error error, std::string_view context);

/// `text` in backticks, the form the core uses for paths and field names in messages.
/// A function object rather than a function so that an unqualified call with a
/// std::string argument cannot pick std::quoted through argument-dependent lookup.
struct Quote
{
    [[nodiscard]] std::string operator()(std::string_view text) const;
};
inline constexpr Quote quoted{};

} // namespace glassbox

/// Returns early from the enclosing function with the error of `expr`, a Result.
#define GB_TRY(expr)                                                                               \
    do {                                                                                           \
        if (auto gbTryResult_ = (expr); !gbTryResult_)                                             \
            return tl::unexpected(std::move(gbTryResult_).error());                                \
    } while (false)
