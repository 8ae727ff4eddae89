// glassbox-runtime: a runc-compatible OCI runtime over libglassbox-core.
#include "cli.h"

#include "glassbox/cgroup/manager.h"
#include "glassbox/self_exec.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace glassbox;

namespace {

constexpr const char *usage =
    R"(usage: glassbox-runtime [global options] COMMAND [options] [arguments]

Commands:
  create    create a container from a bundle, stopped before its process runs
  start     run the process of a created container
  run       create and start a container, wait for it, pass its exit code through
  exec      run another process in a container (runc's flags; --tty, --detach, ...)
  state     print a container's state as JSON
  kill      send a signal to a container's process (--all: every process)
  delete    remove a container (--force: also a running one)
  list      list containers
  spec      write a default config.json with Docker's defaults
  pause     freeze every process of a running container
  resume    thaw a paused container
  update    change a container's cgroup limits (--resources FILE|-, --memory, ...)
  ps        list a container's processes (--format table|json)
  events    print a container's OOM events and statistics as JSON lines
  features  print the OCI features JSON: what this runtime supports

Global options:
  --root DIR              state directory (default /run/glassbox-runtime)
  --log FILE              also write errors (and --debug lines) to FILE
  --log-format text|json  format of --log lines
  --debug                 log debug lines
  --systemd-cgroup        use the systemd cgroup manager (not available: fails)
  --cgroup-manager cgroupfs|systemd|disabled
  --version, -v           print the version
)";

struct Entry
{
    const char *name;
    cli::Command command;
};

constexpr Entry commands[] = {
    {"create", cli::create}, {"start", cli::start},       {"run", cli::run},
    {"state", cli::state},   {"kill", cli::kill},         {"delete", cli::remove},
    {"list", cli::list},     {"spec", cli::spec},         {"pause", cli::pause},
    {"resume", cli::resume}, {"update", cli::update},     {"ps", cli::ps},
    {"events", cli::events}, {"features", cli::features}, {"exec", cli::exec},
};

int printVersion()
{
    std::printf("glassbox-runtime version %s\nspec: 1.2.0\n", GLASSBOX_VERSION);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    auto globals = cli::Arguments::parse("glassbox-runtime", args,
                                         {{"root", 0, true},
                                          {"log", 0, true},
                                          {"log-format", 0, true},
                                          {"debug", 0, false},
                                          {"systemd-cgroup", 0, false},
                                          {"cgroup-manager", 0, true},
                                          {"rootless", 0, true},
                                          {"version", 'v', false},
                                          {"help", 'h', false}});
    cli::Globals options;
    if (!globals)
        return cli::fail(options, globals.error());
    options.root = globals->value("root", options.root);
    options.logPath = globals->value("log");
    options.debug = globals->has("debug");
    const std::string logFormat = globals->value("log-format", "text");
    if (logFormat != "text" && logFormat != "json")
        return cli::fail(options,
                         {EINVAL, "--log-format: expected text or json, not " + quoted(logFormat)});
    options.logJson = logFormat == "json";
    if (globals->has("version"))
        return printVersion();
    if (globals->has("help") || globals->positional().empty()) {
        std::fputs(usage, globals->has("help") ? stdout : stderr);
        return globals->has("help") ? 0 : 1;
    }
    std::string manager = globals->value("cgroup-manager", "cgroupfs");
    if (globals->has("systemd-cgroup"))
        manager = "systemd";
    // The cgroup library's factory refuses the systemd driver, with the reason.
    if (manager == "systemd")
        return cli::fail(options,
                         cgroup::makeManager(cgroup::Host{}, cgroup::Driver::Systemd).error());
    if (manager == "disabled")
        options.cgroupManager = CgroupManager::Disabled;
    else if (manager != "cgroupfs")
        return cli::fail(options, {EINVAL, "--cgroup-manager: expected cgroupfs, systemd or "
                                           "disabled, not " +
                                               quoted(manager)});
    if (globals->has("rootless") && globals->value("rootless") == "true")
        return cli::fail(options, {ENOTSUP, "--rootless: rootless mode is not supported"});

    const std::string &name = globals->positional().front();
    // A command that starts a process in a container first re-executes itself from a file the
    // container cannot write (CVE-2019-5736); the others keep their start-up time.
    if (name == "create" || name == "run" || name == "exec") {
        auto sealed = sealOwnExecutable(argv);
        if (!sealed)
            return cli::fail(options, sealed.error());
        cli::debug(options, std::string("executable protected by a ") + describe(*sealed));
    }
    std::vector<std::string> rest(globals->positional().begin() + 1, globals->positional().end());
    for (const Entry &entry : commands) {
        if (entry.command != nullptr && name == entry.name) {
            cli::debug(options, "command " + name);
            return entry.command(options, rest);
        }
    }
    if (name == "version")
        return printVersion();
    return cli::fail(
        options, {EINVAL, "unknown command " + quoted(name) + " (see glassbox-runtime --help)"});
}
