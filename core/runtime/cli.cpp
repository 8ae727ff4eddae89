// Flag parsing and error reporting shared by every glassbox-runtime command.
#include "cli.h"

#include "glassbox/file_io.h"
#include "glassbox/state.h"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace glassbox::cli {

Result<Arguments> Arguments::parse(const std::string &command, const std::vector<std::string> &args,
                                   std::initializer_list<Flag> flags)
{
    Arguments parsed;
    size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "--") {
            ++i;
            break;
        }
        if (arg.size() < 2 || arg[0] != '-')
            break;
        // "--name", "--name=value", "-n", "-n value"; runc also accepts "-name".
        std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
        std::string inlineValue;
        bool hasInline = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
            hasInline = true;
        }
        const Flag *match = nullptr;
        for (const Flag &flag : flags) {
            if (name == flag.name || (name.size() == 1 && name[0] == flag.shortName))
                match = &flag;
        }
        if (match == nullptr)
            return makeError(EINVAL, "unknown flag " + quoted(arg) + " for " + quoted(command));
        std::string value = "true";
        if (match->takesValue) {
            if (hasInline) {
                value = inlineValue;
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                return makeError(EINVAL, "flag " + quoted(arg) + " of " + quoted(command) +
                                             " needs a value");
            }
        } else if (hasInline) {
            if (inlineValue != "true" && inlineValue != "false")
                return makeError(EINVAL, "flag " + quoted(arg) + " takes true or false");
            if (inlineValue == "false")
                continue;
        }
        parsed.m_values[match->name] = value;
        parsed.m_allValues[match->name].push_back(value);
    }
    parsed.m_positional.assign(args.begin() + static_cast<long>(i), args.end());
    return parsed;
}

std::string Arguments::value(const std::string &name, const std::string &fallback) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

std::vector<std::string> Arguments::values(const std::string &name) const
{
    auto it = m_allValues.find(name);
    return it == m_allValues.end() ? std::vector<std::string>() : it->second;
}

Status Arguments::expect(size_t count, const std::string &usage) const
{
    if (m_positional.size() != count)
        return makeError(EINVAL, "usage: glassbox-runtime " + usage);
    return {};
}

static void appendToLog(const Globals &globals, const char *level, const std::string &message)
{
    std::string line;
    if (globals.logJson) {
        nlohmann::json entry = {{"level", level}, {"msg", message}, {"time", rfc3339Now()}};
        line = entry.dump() + "\n";
    } else {
        line = "time=\"" + rfc3339Now() + "\" level=" + level +
               " msg=" + nlohmann::json(message).dump() + "\n";
    }
    auto fd = openAt(AT_FDCWD, globals.logPath, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd)
        (void)writeAll(fd->get(), line);
}

int fail(const Globals &globals, const Error &error)
{
    const std::string text = error.text();
    std::fprintf(stderr, "glassbox-runtime: %s\n", text.c_str());
    if (!globals.logPath.empty())
        appendToLog(globals, "error", text);
    return 1;
}

void warn(const Globals &globals, const std::vector<Error> &warnings)
{
    for (const Error &warning : warnings) {
        const std::string text = warning.text();
        std::fprintf(stderr, "glassbox-runtime: warning: %s\n", text.c_str());
        if (!globals.logPath.empty())
            appendToLog(globals, "warning", text);
    }
}

void debug(const Globals &globals, const std::string &message)
{
    if (!globals.debug)
        return;
    if (!globals.logPath.empty())
        appendToLog(globals, "debug", message);
    else
        std::fprintf(stderr, "glassbox-runtime: debug: %s\n", message.c_str());
}

Result<CreateOptions> createOptions(const Globals &globals, const Arguments &args)
{
    CreateOptions options;
    options.id = args.positional().empty() ? std::string() : args.positional().front();
    options.bundle = args.value("bundle", ".");
    options.pidFile = args.value("pid-file");
    options.consoleSocket = args.value("console-socket");
    options.noPivot = args.has("no-pivot");
    options.noNewKeyring = args.has("no-new-keyring");
    options.cgroupManager = globals.cgroupManager;
    if (args.has("preserve-fds")) {
        const std::string text = args.value("preserve-fds");
        char *end = nullptr;
        long count = std::strtol(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || count < 0 || count > 1 << 20)
            return makeError(EINVAL, "--preserve-fds: not a count: " + quoted(text));
        options.preserveFds = static_cast<int>(count);
    }
    return options;
}

} // namespace glassbox::cli
