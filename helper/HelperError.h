// A helper error as a caller sees it: its kind, which names the D-Bus error
// (org.glassbox.Error.<Kind>, api/BusNames.h), and its text. The kind is chosen where the
// error is made, never read back from the text.
#pragma once

#include "BusNames.h"

#include <QString>
#include <tl/expected.hpp>

namespace glassbox {
struct Error;
}

namespace glassbox::helper {

struct HelperError
{
    using Kind = glassbox::api::ErrorKind;

    Kind kind = Kind::Failed;
    QString text;

    /// The D-Bus error name of the kind.
    [[nodiscard]] QString name() const { return glassbox::api::errorName(kind); }

    [[nodiscard]] static HelperError notAuthorized(QString text)
    {
        return {Kind::NotAuthorized, std::move(text)};
    }
    [[nodiscard]] static HelperError invalidArgument(QString text)
    {
        return {Kind::InvalidArgument, std::move(text)};
    }
    [[nodiscard]] static HelperError notFound(QString text)
    {
        return {Kind::NotFound, std::move(text)};
    }
    [[nodiscard]] static HelperError busy(QString text) { return {Kind::Busy, std::move(text)}; }
    [[nodiscard]] static HelperError failed(QString text)
    {
        return {Kind::Failed, std::move(text)};
    }
    /// A failure of the core: Failed, with the core's message and strerror.
    [[nodiscard]] static HelperError fromCore(const glassbox::Error &error);

    bool operator==(const HelperError &) const = default;
};

template <typename T> using HelperResult = tl::expected<T, HelperError>;

} // namespace glassbox::helper
