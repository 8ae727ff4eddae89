// `glassbox-runtime exec [options] ID [COMMAND [ARG...]]`: runs another process in a
// container, with runc's flags; in the foreground its exit status becomes ours.
#include "cli.h"
#include "terminal_relay.h"

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>

namespace glassbox::cli {

namespace {

constexpr const char *usage =
    "exec [--process FILE] [--detach] [--tty] [--console-socket PATH] [--pid-file FILE] "
    "[--cwd DIR] [--env KEY=VALUE]... [--user UID[:GID]] [--additional-gids GID]... "
    "[--cap CAP]... [--no-new-privs] [--preserve-fds N] ID [COMMAND [ARG...]]";

Result<uint32_t> parseNumber(const std::string &text, const std::string &flag, uint64_t max)
{
    char *end = nullptr;
    errno = 0;
    const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || text.front() == '-' || *end != '\0' || errno != 0 || value > max)
        return makeError(EINVAL, flag + ": not a number for it: " + quoted(text));
    return static_cast<uint32_t>(value);
}

Result<ExecOptions> execOptions(const Arguments &args)
{
    ExecOptions options;
    const auto &positional = args.positional();
    if (positional.empty())
        return makeError(EINVAL, std::string("usage: glassbox-runtime ") + usage);
    options.id = positional.front();
    auto command = positional.begin() + 1;
    if (command != positional.end() && *command == "--")
        ++command;
    options.args.assign(command, positional.end());
    options.processFile = args.value("process");
    if (options.processFile.empty() && options.args.empty())
        return makeError(EINVAL,
                         "exec needs a COMMAND or --process FILE (usage: glassbox-runtime " +
                             std::string(usage) + ")");
    options.tty = args.has("tty");
    options.detach = args.has("detach");
    options.consoleSocket = args.value("console-socket");
    options.pidFile = args.value("pid-file");
    options.cwd = args.value("cwd");
    options.env = args.values("env");
    options.capabilities = args.values("cap");
    options.noNewPrivileges = args.has("no-new-privs");
    if (args.has("user")) {
        // runc's form: numeric ids only, the gid optional.
        const std::string user = args.value("user");
        const size_t colon = user.find(':');
        auto uid = parseNumber(user.substr(0, colon), "--user", UINT32_MAX - 1);
        if (!uid)
            return tl::unexpected(uid.error());
        options.uid = *uid;
        if (colon != std::string::npos) {
            auto gid = parseNumber(user.substr(colon + 1), "--user", UINT32_MAX - 1);
            if (!gid)
                return tl::unexpected(gid.error());
            options.gid = *gid;
        }
    }
    for (const std::string &text : args.values("additional-gids")) {
        auto gid = parseNumber(text, "--additional-gids", UINT32_MAX - 1);
        if (!gid)
            return tl::unexpected(gid.error());
        options.additionalGids.push_back(*gid);
    }
    if (args.has("preserve-fds")) {
        auto count = parseNumber(args.value("preserve-fds"), "--preserve-fds", 1 << 20);
        if (!count)
            return tl::unexpected(count.error());
        options.preserveFds = static_cast<int>(*count);
    }
    return options;
}

} // namespace

int exec(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("exec", argv,
                                 {{"process", 'p', true},
                                  {"detach", 'd', false},
                                  {"tty", 't', false},
                                  {"console-socket", 0, true},
                                  {"pid-file", 0, true},
                                  {"cwd", 0, true},
                                  {"env", 'e', true},
                                  {"user", 'u', true},
                                  {"additional-gids", 'g', true},
                                  {"cap", 'c', true},
                                  {"no-new-privs", 0, false},
                                  {"preserve-fds", 0, true},
                                  // runc's; the process is our own child, no subreaper needed.
                                  {"no-subreaper", 0, false}});
    if (!args)
        return fail(globals, args.error());
    auto options = execOptions(*args);
    if (!options)
        return fail(globals, options.error());
    if (!options->detach) {
        // Blocked before the process exists so that none is lost; it clears its own mask.
        const sigset_t forwarded = forwardedSignals();
        ::sigprocmask(SIG_BLOCK, &forwarded, nullptr);
    }
    auto process = execContainer(StateStore(globals.root), *options);
    if (!process)
        return fail(globals, process.error());
    warn(globals, process->warnings);
    debug(globals, "exec in " + options->id + " as pid " + std::to_string(process->pid));
    if (options->detach)
        return 0;
    return superviseProcess(process->pid, process->terminal.get());
}

} // namespace glassbox::cli
