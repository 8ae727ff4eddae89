// glassbox-runtime's command line: global options, per-command flag parsing and
// runc-compatible error reporting (stderr, and --log as text or JSON lines).
#pragma once

#include "glassbox/container.h"
#include "glassbox/error.h"

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

namespace glassbox::cli {

struct Globals
{
    std::string root = "/run/glassbox-runtime";
    std::string logPath;
    bool logJson = false;
    bool debug = false;
    CgroupManager cgroupManager = CgroupManager::Cgroupfs;
};

struct Flag
{
    const char *name; ///< long name without dashes
    char shortName;   ///< 0 if none
    bool takesValue;
};

/// One command's parsed arguments: flags up to the first positional argument (or "--"),
/// then positional arguments. Later arguments are the container's, untouched.
class Arguments
{
public:
    [[nodiscard]] static Result<Arguments> parse(const std::string &command,
                                                 const std::vector<std::string> &args,
                                                 std::initializer_list<Flag> flags);

    [[nodiscard]] bool has(const std::string &name) const { return m_values.count(name) != 0; }
    [[nodiscard]] std::string value(const std::string &name,
                                    const std::string &fallback = {}) const;
    /// Every value of a flag given more than once (`--env A=1 --env B=2`), in order.
    [[nodiscard]] std::vector<std::string> values(const std::string &name) const;
    [[nodiscard]] const std::vector<std::string> &positional() const { return m_positional; }

    /// Exactly `count` positional arguments, or an error naming the command's usage.
    [[nodiscard]] Status expect(size_t count, const std::string &usage) const;

private:
    std::map<std::string, std::string> m_values; ///< the last value of each flag
    std::map<std::string, std::vector<std::string>> m_allValues;
    std::vector<std::string> m_positional;
};

/// Prints the error to stderr and, with --log, appends it there too. Returns 1.
int fail(const Globals &globals, const Error &error);
/// Prints each warning to stderr and, with --log, appends it there at level "warning".
void warn(const Globals &globals, const std::vector<Error> &warnings);
/// A debug line for --debug (to --log, else stderr).
void debug(const Globals &globals, const std::string &message);

using Command = int (*)(const Globals &, const std::vector<std::string> &);

int create(const Globals &, const std::vector<std::string> &);
int start(const Globals &, const std::vector<std::string> &);
int run(const Globals &, const std::vector<std::string> &);
int state(const Globals &, const std::vector<std::string> &);
int kill(const Globals &, const std::vector<std::string> &);
int remove(const Globals &, const std::vector<std::string> &);
int list(const Globals &, const std::vector<std::string> &);
int spec(const Globals &, const std::vector<std::string> &);
int exec(const Globals &, const std::vector<std::string> &);
int pause(const Globals &, const std::vector<std::string> &);
int resume(const Globals &, const std::vector<std::string> &);
int update(const Globals &, const std::vector<std::string> &);
int ps(const Globals &, const std::vector<std::string> &);
int events(const Globals &, const std::vector<std::string> &);
int features(const Globals &, const std::vector<std::string> &);

/// The create options shared by `create` and `run`.
[[nodiscard]] Result<CreateOptions> createOptions(const Globals &globals, const Arguments &args);
/// The flags `create` and `run` have in common.
#define GLASSBOX_CREATE_FLAGS                                                                      \
    {"bundle", 'b', true}, {"pid-file", 0, true}, {"console-socket", 0, true},                     \
        {"no-pivot", 0, false}, {"no-new-keyring", 0, false},                                      \
    {                                                                                              \
        "preserve-fds", 0, true                                                                    \
    }

} // namespace glassbox::cli
