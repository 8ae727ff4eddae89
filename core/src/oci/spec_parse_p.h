// The config.json parser's cursor: a JSON value together with its path from the document
// root, so that every error names the field it is about in one uniform way.
#pragma once

#include "glassbox/error.h"
#include "glassbox/oci/spec.h"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace glassbox::oci::detail {

using Json = nlohmann::json;

template <typename T> struct IsOptional : std::false_type
{
};
template <typename T> struct IsOptional<std::optional<T>> : std::true_type
{
};

class Field;

/// A value checker that accepts everything; see Field::read().
struct AnyValue
{
    template <typename T> Status operator()(const Field &, const T &) const { return {}; }
};

class Field
{
public:
    Field(const Json &value, std::string path) : m_value(&value), m_path(std::move(path)) {}

    [[nodiscard]] const std::string &path() const { return m_path; }
    [[nodiscard]] const Json &json() const { return *m_value; }

    /// EINVAL with "`path`: what".
    [[nodiscard]] tl::unexpected<Error> fail(std::string_view what) const;

    /// The path of member `key`, for messages about a member that is absent.
    [[nodiscard]] std::string memberPath(std::string_view key) const;

    /// Member `key` of this object. Absent and null are alike (Go encoders write null for
    /// unset values and runc treats both the same).
    [[nodiscard]] std::optional<Field> find(std::string_view key) const;
    /// Member `key`, which must be present.
    [[nodiscard]] Result<Field> require(std::string_view key) const;
    [[nodiscard]] Field element(size_t index) const;
    /// Entry `key` of this object used as a map; keys such as sysctl names contain dots, so
    /// the path brackets them: `linux.sysctl["net.ipv4.ip_forward"]`.
    [[nodiscard]] Field entry(const std::string &key) const;

    [[nodiscard]] Status expectObject() const;
    [[nodiscard]] Status expectArray() const;

    [[nodiscard]] Result<std::string> string() const;
    /// A string that starts with '/'.
    [[nodiscard]] Result<std::string> absolutePath() const;
    [[nodiscard]] Result<bool> boolean() const;
    [[nodiscard]] Result<std::vector<std::string>> strings() const;
    [[nodiscard]] Result<std::map<std::string, std::string>> stringMap() const;
    /// An integer that fits T; floats and out-of-range values are refused, never truncated.
    template <typename T> [[nodiscard]] Result<T> integer() const;

    /// Converts this value to `out` (string, bool, integer, string list or string map).
    template <typename T> [[nodiscard]] Status get(T &out) const;

    /// Reads member `key` into `out` when present, then runs `check(member, value)`; an
    /// absent member leaves `out` as it was (the struct's default).
    template <typename T, typename Check = AnyValue>
    [[nodiscard]] Status read(std::string_view key, T &out, Check check = {}) const;
    /// Like read(), but an absent member is an error.
    template <typename T, typename Check = AnyValue>
    [[nodiscard]] Status readRequired(std::string_view key, T &out, Check check = {}) const;

    /// Runs `parse(member, out)` when member `key` is present; `out` may be an optional.
    template <typename T, typename Parse>
    [[nodiscard]] Status parseMember(std::string_view key, T &out, Parse &&parse) const;
    /// Parses array member `key` element by element with `parse(element, item)`.
    template <typename T, typename Parse>
    [[nodiscard]] Status parseList(std::string_view key, std::vector<T> &out, Parse &&parse) const;

    /// Refuses members that the OCI spec defines but Glassbox does not implement: ignoring
    /// them would run a container with less isolation or fewer limits than was asked for.
    [[nodiscard]] Status refuse(std::initializer_list<std::string_view> keys) const;
    /// The same for string members, but an empty string (meaning "unset") is accepted.
    [[nodiscard]] Status refuseNonEmpty(std::initializer_list<std::string_view> keys) const;

private:
    [[nodiscard]] tl::unexpected<Error> expected(std::string_view what) const;

    const Json *m_value;
    std::string m_path;
};

template <typename T> Result<T> Field::integer() const
{
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    using Limits = std::numeric_limits<T>;
    const auto outOfRange = [this] {
        return fail(m_value->dump() + " is out of range (" + std::to_string(Limits::min()) +
                    " to " + std::to_string(Limits::max()) + ")");
    };
    // nlohmann keeps non-negative literals as unsigned, so check that representation first.
    if (m_value->is_number_unsigned()) {
        const auto value = m_value->get<uint64_t>();
        if (value > static_cast<uint64_t>(Limits::max()))
            return outOfRange();
        return static_cast<T>(value);
    }
    if (m_value->is_number_integer()) {
        const auto value = m_value->get<int64_t>();
        if constexpr (std::is_unsigned_v<T>) {
            return outOfRange(); // Only negative values are stored as signed.
        } else {
            if (value < static_cast<int64_t>(Limits::min()) ||
                value > static_cast<int64_t>(Limits::max()))
                return outOfRange();
            return static_cast<T>(value);
        }
    }
    return expected("integer");
}

template <typename T> Status Field::get(T &out) const
{
    auto convert = [this] {
        if constexpr (std::is_same_v<T, std::string>)
            return string();
        else if constexpr (std::is_same_v<T, bool>)
            return boolean();
        else if constexpr (std::is_integral_v<T>)
            return integer<T>();
        else if constexpr (std::is_same_v<T, std::vector<std::string>>)
            return strings();
        else if constexpr (std::is_same_v<T, std::map<std::string, std::string>>)
            return stringMap();
        else
            static_assert(sizeof(T) == 0, "no JSON conversion for this type");
    };
    auto value = convert();
    if (!value)
        return tl::unexpected(std::move(value).error());
    out = std::move(*value);
    return {};
}

template <typename T, typename Check>
Status Field::read(std::string_view key, T &out, Check check) const
{
    auto member = find(key);
    if (!member)
        return {};
    if constexpr (IsOptional<T>::value) {
        typename T::value_type value{};
        GB_TRY(member->get(value));
        GB_TRY(check(*member, value));
        out = std::move(value);
    } else {
        T value{};
        GB_TRY(member->get(value));
        GB_TRY(check(*member, value));
        out = std::move(value);
    }
    return {};
}

template <typename T, typename Check>
Status Field::readRequired(std::string_view key, T &out, Check check) const
{
    if (!find(key))
        return makeError(EINVAL, glassbox::quoted(memberPath(key)) + ": missing");
    return read(key, out, std::move(check));
}

template <typename T, typename Parse>
Status Field::parseMember(std::string_view key, T &out, Parse &&parse) const
{
    auto member = find(key);
    if (!member)
        return {};
    if constexpr (IsOptional<T>::value)
        return parse(*member, out.emplace());
    else
        return parse(*member, out);
}

template <typename T, typename Parse>
Status Field::parseList(std::string_view key, std::vector<T> &out, Parse &&parse) const
{
    auto member = find(key);
    if (!member)
        return {};
    GB_TRY(member->expectArray());
    std::vector<T> items(member->json().size());
    for (size_t i = 0; i < items.size(); ++i)
        GB_TRY(parse(member->element(i), items[i]));
    out = std::move(items);
    return {};
}

/// A checker for read(): the value must be greater than zero.
inline constexpr auto positive = [](const Field &field, const auto &value) -> Status {
    if (value <= 0)
        return field.fail("must be greater than 0");
    return {};
};

/// A checker for read(): -1 (unlimited) or a value >= 0, the spec's convention for limits.
inline constexpr auto limitOrUnlimited = [](const Field &field, int64_t value) -> Status {
    if (value < -1)
        return field.fail("must be -1 (unlimited) or >= 0, got " + std::to_string(value));
    return {};
};

/// A checker for read(): an absolute path.
inline constexpr auto absolute = [](const Field &field, const std::string &) -> Status {
    auto path = field.absolutePath();
    if (!path)
        return tl::unexpected(std::move(path).error());
    return {};
};

/// The `linux` section (spec_parse_linux.cpp).
[[nodiscard]] Status parseLinux(const Field &field, Linux &out);

} // namespace glassbox::oci::detail
