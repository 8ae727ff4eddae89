// `glassbox-runtime events [--stats] [--interval 5s] ID`: runc's event stream, one JSON object
// a line on stdout: a "stats" event every interval and an "oom" event as soon as the kernel
// reports one, until the container stops. With --stats, one stats event and exit.
#include "cli.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <poll.h>

namespace glassbox::cli {

namespace {

using Clock = std::chrono::steady_clock;

/// Go's time.ParseDuration, which runc's --interval uses: "5s", "250ms", "1m30s", "1.5s".
Result<std::chrono::nanoseconds> parseDuration(const std::string &text)
{
    const auto invalid = [&] {
        return makeError(EINVAL, "--interval: " + quoted(text) +
                                     " is not a duration such as 5s, 500ms or 1m30s");
    };
    struct Unit
    {
        std::string_view name;
        double nanoseconds;
    };
    // Longest names first, so that "ms" is not read as "m".
    constexpr Unit units[] = {{"ns", 1},  {"us", 1e3}, {"\u00b5s", 1e3}, {"ms", 1e6},
                              {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
    std::string_view rest = text;
    double total = 0;
    if (rest.empty())
        return invalid();
    while (!rest.empty()) {
        size_t digits = 0;
        while (digits < rest.size() &&
               (std::isdigit(static_cast<unsigned char>(rest[digits])) != 0 || rest[digits] == '.'))
            ++digits;
        if (digits == 0)
            return invalid();
        char *end = nullptr;
        const std::string number(rest.substr(0, digits));
        const double value = std::strtod(number.c_str(), &end);
        if (end != number.c_str() + number.size())
            return invalid();
        rest.remove_prefix(digits);
        const Unit *unit = nullptr;
        for (const Unit &candidate : units) {
            if (rest.starts_with(candidate.name) &&
                (unit == nullptr || candidate.name.size() > unit->name.size()))
                unit = &candidate;
        }
        if (unit == nullptr)
            return invalid();
        rest.remove_prefix(unit->name.size());
        total += value * unit->nanoseconds;
    }
    if (total < 1e6 || total > 1e18)
        return makeError(EINVAL, "--interval: " + quoted(text) + " must be at least 1ms");
    return std::chrono::nanoseconds(static_cast<int64_t>(total));
}

/// runc's stats event: the same field names, for the counters Glassbox reads.
nlohmann::json statsEvent(const std::string &id, const cgroup::Stats &stats)
{
    nlohmann::json data = nlohmann::json::object();
    if (stats.cpuUsageNs)
        data["cpu"] = {{"usage", {{"total", *stats.cpuUsageNs}}}};
    if (stats.memoryBytes)
        // runc reports "no limit" as the largest 64-bit number.
        data["memory"] = {
            {"usage",
             {{"usage", *stats.memoryBytes},
              {"limit", stats.memoryLimit.value_or(std::numeric_limits<uint64_t>::max())}}}};
    if (stats.pids)
        // and "no limit" on pids as 0.
        data["pids"] = {{"current", *stats.pids}, {"limit", stats.pidsLimit.value_or(0)}};
    return {{"type", "stats"}, {"id", id}, {"data", data}};
}

/// One line on stdout, flushed at once: the reader is usually a pipe.
bool emit(const nlohmann::json &event)
{
    std::printf("%s\n", event.dump().c_str());
    return std::fflush(stdout) == 0;
}

} // namespace

int events(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("events", argv, {{"stats", 0, false}, {"interval", 0, true}});
    if (!args)
        return fail(globals, args.error());
    if (auto ok = args->expect(1, "events [--stats] [--interval DURATION] ID"); !ok)
        return fail(globals, ok.error());
    const std::string &id = args->positional()[0];
    auto interval = parseDuration(args->value("interval", "5s"));
    if (!interval)
        return fail(globals, interval.error());
    StateStore store(globals.root);
    if (args->has("stats")) {
        auto stats = containerStats(store, id);
        if (!stats)
            return fail(globals, stats.error());
        return emit(statsEvent(id, *stats)) ? 0 : 1;
    }

    auto watch = EventWatch::open(store, id);
    if (!watch)
        return fail(globals, watch.error());
    auto next = Clock::now() + *interval;
    for (;;) {
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::max(next - Clock::now(), Clock::duration::zero()));
        pollfd entry{watch->fd(), POLLIN, 0};
        const int timeout = static_cast<int>(std::min<int64_t>(wait.count() + 1, 60000));
        if (::poll(&entry, 1, timeout) < 0 && errno != EINTR)
            return fail(globals, {errno, "wait for events of container " + quoted(id)});
        auto happened = watch->check();
        if (!happened)
            return fail(globals, happened.error());
        for (uint64_t i = 0; i < happened->ooms; ++i) {
            if (!emit({{"type", "oom"}, {"id", id}}))
                return 1;
        }
        if (happened->stopped)
            return 0;
        if (Clock::now() < next)
            continue;
        next += *interval;
        auto stats = cgroup::readStats(watch->state().cgroup);
        if (!stats)
            return fail(globals, stats.error());
        if (!emit(statsEvent(id, *stats)))
            return 1;
    }
}

} // namespace glassbox::cli
