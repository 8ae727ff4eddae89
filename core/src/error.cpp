// Error construction helpers for the core's Result type.
#include "glassbox/error.h"

#include <cerrno>
#include <cstring>

namespace glassbox {

std::string Error::text() const
{
    if (code == 0)
        return message;
    return message + ": " + std::strerror(code);
}

tl::unexpected<Error> makeError(int code, std::string message)
{
    return tl::unexpected(Error{code, std::move(message)});
}

tl::unexpected<Error> sysError(std::string message)
{
    return makeError(errno, std::move(message));
}

tl::unexpected<Error> withContext(Error error, std::string_view context)
{
    error.message = std::string(context) + ": " + error.message;
    return tl::unexpected(std::move(error));
}

std::string Quote::operator()(std::string_view text) const
{
    std::string out;
    out.reserve(text.size() + 2);
    out += '`';
    out += text;
    out += '`';
    return out;
}

} // namespace glassbox
