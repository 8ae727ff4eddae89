// `glassbox-runtime ps [--format table|json] ID [ps options]`: the container's processes.
// json prints the host pids; table runs the host's ps (`-ef` unless options are given) and
// keeps its header and the lines whose PID is in the container's cgroup, as runc does.
#include "cli.h"

#include "glassbox/file_io.h"
#include "glassbox/spawn.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace glassbox::cli {

namespace {

/// Runs `ps` with `arguments` found on PATH; its stdout and stderr together.
Result<std::string> runPs(const std::vector<std::string> &arguments)
{
    std::vector<std::string> argv{"ps"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return spawn::capture(argv, {.searchPath = true, .mergeStderr = true}, kDefaultMaxRead);
}

std::vector<std::string> fields(const std::string &line)
{
    std::istringstream stream(line);
    std::vector<std::string> words;
    for (std::string word; stream >> word;)
        words.push_back(word);
    return words;
}

} // namespace

int ps(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("ps", argv, {{"format", 'f', true}});
    if (!args)
        return fail(globals, args.error());
    const auto &positional = args->positional();
    if (positional.empty())
        return fail(globals, {EINVAL, "usage: glassbox-runtime ps [--format table|json] ID "
                                      "[ps options]"});
    const std::string format = args->value("format", "table");
    if (format != "table" && format != "json")
        return fail(globals, {EINVAL, "--format: expected table or json, not " + quoted(format)});
    auto pids = containerProcesses(StateStore(globals.root), positional[0]);
    if (!pids)
        return fail(globals, pids.error());
    if (format == "json") {
        std::printf("%s\n", nlohmann::json(*pids).dump().c_str());
        return 0;
    }

    std::vector<std::string> psArguments(positional.begin() + 1, positional.end());
    if (psArguments.empty())
        psArguments = {"-ef"};
    auto output = runPs(psArguments);
    if (!output)
        return fail(globals, output.error());
    std::istringstream lines(*output);
    std::string header;
    std::getline(lines, header);
    const auto columns = fields(header);
    const auto pidColumn = std::find(columns.begin(), columns.end(), "PID");
    if (pidColumn == columns.end())
        return fail(globals, {EINVAL, "`ps` printed no PID column: " + quoted(header)});
    const auto index = static_cast<size_t>(pidColumn - columns.begin());
    std::printf("%s\n", header.c_str());
    for (std::string line; std::getline(lines, line);) {
        const auto words = fields(line);
        if (words.size() <= index)
            continue;
        pid_t pid = static_cast<pid_t>(std::strtol(words[index].c_str(), nullptr, 10));
        if (std::find(pids->begin(), pids->end(), pid) != pids->end())
            std::printf("%s\n", line.c_str());
    }
    return 0;
}

} // namespace glassbox::cli
