// Parsers and range checks of glassbox/quantities.h. Integer arithmetic only, every step
// checked for overflow: a value that does not fit is an error naming the text, never a
// wrapped or clamped number. Built alone as glassbox-quantities, so nothing here may call
// into the rest of the core (not even makeError()).
#include "glassbox/quantities.h"

#include <cerrno>
#include <csignal>
#include <cstring>

namespace glassbox::quantity {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string tick(std::string_view text)
{
    return "`" + std::string(text) + "`";
}

tl::unexpected<Error> invalid(std::string message)
{
    return tl::unexpected(Error{EINVAL, std::move(message)});
}

bool allDigits(std::string_view text)
{
    if (text.empty())
        return false;
    for (char c : text)
        if (!isDigit(c))
            return false;
    return true;
}

/// Decimal digits (and nothing else) to a number no larger than `max`.
std::optional<uint64_t> decimal(std::string_view text, uint64_t max)
{
    if (!allDigits(text))
        return std::nullopt;
    uint64_t value = 0;
    for (char c : text) {
        if (__builtin_mul_overflow(value, 10u, &value) ||
            __builtin_add_overflow(value, static_cast<uint64_t>(c - '0'), &value) || value > max)
            return std::nullopt;
    }
    return value;
}

} // namespace

Result<uint64_t> parseSize(std::string_view text)
{
    const auto bad = [&](const std::string &why) {
        return invalid(tick(text) + " is not a size (" + why +
                       "; bytes, or a number with b, k, m, g, t or p, as in 64m or 1.5g)");
    };
    size_t at = 0;
    while (at < text.size() && isDigit(text[at]))
        ++at;
    if (at == 0)
        return bad("it must start with a digit");
    auto whole = decimal(text.substr(0, at), UINT64_MAX);
    if (!whole)
        return invalid(tick(text) + " is more than " + std::to_string(kMaxBytes) + " bytes");
    // The fraction as numerator / denominator, at most 18 digits so neither overflows.
    uint64_t numerator = 0;
    uint64_t denominator = 1;
    if (at < text.size() && text[at] == '.') {
        const size_t first = ++at;
        while (at < text.size() && isDigit(text[at])) {
            if (at - first == 18)
                return bad("more than 18 decimals");
            numerator = numerator * 10 + static_cast<uint64_t>(text[at] - '0');
            denominator *= 10;
            ++at;
        }
        if (at == first)
            return bad("a digit must follow the point");
    }
    std::string_view unit = text.substr(at);
    const std::string_view afterNumber = unit;
    if (!unit.empty() && unit.front() == ' ') {
        unit.remove_prefix(1);
        if (unit.empty())
            return bad("a unit must follow the space");
    }
    unsigned shift = 0; // the unit is 2^shift bytes
    if (!unit.empty()) {
        constexpr std::string_view prefixes = "kmgtp";
        if (auto power = prefixes.find(lower(unit.front())); power != std::string_view::npos) {
            shift = 10 * static_cast<unsigned>(power + 1);
            unit.remove_prefix(1);
            if (!unit.empty() && lower(unit.front()) == 'i')
                unit.remove_prefix(1);
        }
        if (!unit.empty() && lower(unit.front()) == 'b')
            unit.remove_prefix(1);
        if (!unit.empty())
            return bad("unexpected " + tick(afterNumber));
    }
    if (shift > 0 && *whole > (kMaxBytes >> shift))
        return invalid(tick(text) + " is more than " + std::to_string(kMaxBytes) + " bytes");
    uint64_t bytes = *whole << shift;
    // floor(fraction * 2^shift), one binary digit at a time: the numerator stays below
    // twice the denominator (at most 2 * 10^18), far from overflowing.
    uint64_t fractionBytes = 0;
    for (unsigned bit = 0; bit < shift; ++bit) {
        numerator *= 2;
        fractionBytes *= 2;
        if (numerator >= denominator) {
            numerator -= denominator;
            fractionBytes += 1;
        }
    }
    if (__builtin_add_overflow(bytes, fractionBytes, &bytes) || bytes > kMaxBytes)
        return invalid(tick(text) + " is more than " + std::to_string(kMaxBytes) + " bytes");
    return bytes;
}

Result<uint64_t> checkMemoryLimit(uint64_t bytes)
{
    if (bytes < kMinMemoryLimit || bytes > kMaxBytes)
        return invalid("a memory limit must be " + std::to_string(kMinMemoryLimit) + ".." +
                       std::to_string(kMaxBytes) + " bytes, not " + std::to_string(bytes));
    return bytes;
}

Result<CpuLimit> parseCpus(std::string_view text)
{
    const auto bad = [&] {
        return invalid(tick(text) +
                       " is not a number of CPUs (0.01 to 10000, at most 5 decimals, as in 1.5)");
    };
    const size_t point = text.find('.');
    const std::string_view wholeText = text.substr(0, point);
    std::string_view fractionText =
        point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
    if (point != std::string_view::npos && fractionText.empty())
        return bad();
    if (fractionText.size() > 5)
        return bad();
    constexpr uint64_t kMaxWhole = kMaxCpuQuota / kCpuPeriod;
    auto whole = decimal(wholeText, kMaxWhole);
    auto fraction =
        fractionText.empty() ? std::optional<uint64_t>(0) : decimal(fractionText, 99999);
    if (!whole || !fraction)
        return bad();
    uint64_t scale = kCpuPeriod;
    for (size_t i = 0; i < fractionText.size(); ++i)
        scale /= 10;
    const uint64_t quota = *whole * kCpuPeriod + *fraction * scale;
    if (!checkCpuQuota(static_cast<int64_t>(quota)))
        return bad();
    return CpuLimit{static_cast<int64_t>(quota), kCpuPeriod};
}

Result<int64_t> checkCpuQuota(int64_t quota)
{
    if (quota != -1 && (quota < kMinCpuQuota || quota > kMaxCpuQuota))
        return invalid("a CPU quota must be -1 or " + std::to_string(kMinCpuQuota) + ".." +
                       std::to_string(kMaxCpuQuota) + " microseconds, not " +
                       std::to_string(quota));
    return quota;
}

Result<uint64_t> checkCpuPeriod(uint64_t period)
{
    if (period < kMinCpuPeriod || period > kMaxCpuPeriod)
        return invalid("a CPU period must be " + std::to_string(kMinCpuPeriod) + ".." +
                       std::to_string(kMaxCpuPeriod) + " microseconds, not " +
                       std::to_string(period));
    return period;
}

Result<int64_t> parsePidsLimit(std::string_view text)
{
    if (text == "-1")
        return -1;
    auto value = decimal(text, static_cast<uint64_t>(kMaxPids));
    if (!value || *value == 0)
        return invalid(tick(text) + " is not a process limit (-1 for none, or 1.." +
                       std::to_string(kMaxPids) + ")");
    return static_cast<int64_t>(*value);
}

Result<int64_t> checkPidsLimit(int64_t limit)
{
    if (limit != -1 && (limit < 1 || limit > kMaxPids))
        return invalid("a process limit must be -1 or 1.." + std::to_string(kMaxPids) + ", not " +
                       std::to_string(limit));
    return limit;
}

Result<uint32_t> parseId(std::string_view text)
{
    auto value = decimal(text, kMaxId);
    if (!value)
        return invalid(tick(text) + " is not a uid or gid (a decimal number, 0.." +
                       std::to_string(kMaxId) + ")");
    return static_cast<uint32_t>(*value);
}

Result<UserSpec> parseUserSpec(std::string_view text)
{
    UserSpec spec;
    const size_t colon = text.find(':');
    const std::string_view user = text.substr(0, colon);
    if (user.empty())
        return invalid("user " + tick(text) + " names no user before the `:`");
    spec.user = std::string(user);
    if (allDigits(user)) {
        auto uid = parseId(user);
        if (!uid)
            return invalid("user " + tick(text) + ": " + uid.error().message);
        spec.uid = *uid;
    }
    if (colon == std::string_view::npos)
        return spec;
    const std::string_view group = text.substr(colon + 1);
    if (group.empty() || group.find(':') != std::string_view::npos)
        return invalid("user " + tick(text) + " must be user[:group] with a non-empty group");
    spec.group = std::string(group);
    if (allDigits(group)) {
        auto gid = parseId(group);
        if (!gid)
            return invalid("user " + tick(text) + ": " + gid.error().message);
        spec.gid = *gid;
    }
    return spec;
}

Result<int> parseSignal(std::string_view text)
{
    const auto unknown = [&] {
        return invalid(tick(text) + " is not a signal (1.." + std::to_string(kMaxSignal) +
                       ", or a name such as TERM, SIGKILL or RTMIN+1)");
    };
    if (allDigits(text)) {
        auto value = decimal(text, static_cast<uint64_t>(kMaxSignal));
        if (!value || *value == 0)
            return unknown();
        return static_cast<int>(*value);
    }
    std::string name;
    for (char c : text)
        name += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (name.starts_with("SIG"))
        name.erase(0, 3);
    if (name.empty())
        return unknown();
    for (int signal = 1; signal < SIGRTMIN; ++signal) {
        const char *abbrev = ::sigabbrev_np(signal);
        if (abbrev != nullptr && name == abbrev)
            return signal;
    }
    const int rtmin = SIGRTMIN;
    const int rtmax = SIGRTMAX;
    if (name == "RTMIN")
        return rtmin;
    if (name == "RTMAX")
        return rtmax;
    if (name.starts_with("RTMIN+") || name.starts_with("RTMAX-")) {
        auto offset = decimal(std::string_view(name).substr(6), static_cast<uint64_t>(kMaxSignal));
        if (!offset)
            return unknown();
        const int value =
            name[4] == 'N' ? rtmin + static_cast<int>(*offset) : rtmax - static_cast<int>(*offset);
        if (value >= rtmin && value <= rtmax)
            return value;
    }
    return unknown();
}

Result<int> checkSignal(int signal)
{
    if (signal < 1 || signal > kMaxSignal)
        return invalid("signal " + std::to_string(signal) + " is not 1.." +
                       std::to_string(kMaxSignal));
    return signal;
}

} // namespace glassbox::quantity
