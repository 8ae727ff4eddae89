// Capability names and the calls that shape a container process's capability sets.
#include "glassbox/capabilities.h"

#include "glassbox/file_io.h"

#include <cerrno>
#include <charconv>
#include <sys/capability.h>
#include <sys/prctl.h>

namespace glassbox::caps {

std::optional<int> fromName(std::string_view name)
{
    // libcap also accepts "chown" and numbers; the OCI spec only allows "CAP_*" names.
    if (name.substr(0, 4) != "CAP_")
        return std::nullopt;
    cap_value_t value = 0;
    if (cap_from_name(std::string(name).c_str(), &value) != 0)
        return std::nullopt;
    return value;
}

std::string name(int capability)
{
    char *text = cap_to_name(capability);
    if (text == nullptr)
        return "CAP_" + std::to_string(capability);
    std::string result = text;
    cap_free(text);
    for (char &c : result)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return result;
}

int lastCapability()
{
    static const int last = [] {
        auto text = readFile("/proc/sys/kernel/cap_last_cap");
        int value = CAP_LAST_CAP;
        if (text) {
            auto digits = trimmed(*text);
            std::from_chars(digits.data(), digits.data() + digits.size(), value);
        }
        return value;
    }();
    return last;
}

const std::vector<std::string> &dockerDefaultNames()
{
    static const std::vector<std::string> names = {
        "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
        "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
        "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
        "CAP_KILL",    "CAP_AUDIT_WRITE",
    };
    return names;
}

static bool contains(const std::vector<int> &set, int capability)
{
    for (int c : set)
        if (c == capability)
            return true;
    return false;
}

Status dropBounding(const std::vector<int> &keep)
{
    const int last = lastCapability();
    for (int capability = 0; capability <= last; ++capability) {
        if (contains(keep, capability))
            continue;
        if (::prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0 && errno != EINVAL)
            return sysError("drop " + quoted(name(capability)) + " from the bounding set");
    }
    return {};
}

Status apply(const oci::Capabilities &capabilities, std::vector<Error> *warnings)
{
    cap_t state = cap_init();
    if (state == nullptr)
        return sysError("cap_init");
    auto setFlag = [&](cap_flag_t flag, const std::vector<int> &values) {
        if (values.empty())
            return 0;
        std::vector<cap_value_t> list(values.begin(), values.end());
        return cap_set_flag(state, flag, static_cast<int>(list.size()), list.data(), CAP_SET);
    };
    if (setFlag(CAP_EFFECTIVE, capabilities.effective) != 0 ||
        setFlag(CAP_PERMITTED, capabilities.permitted) != 0 ||
        setFlag(CAP_INHERITABLE, capabilities.inheritable) != 0) {
        int saved = errno;
        cap_free(state);
        return makeError(saved, "build the capability sets");
    }
    int rc = cap_set_proc(state);
    int saved = errno;
    cap_free(state);
    if (rc != 0)
        return makeError(saved, "set the effective, permitted and inheritable capabilities");

    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
        return sysError("clear the ambient capabilities");
    // The kernel raises an ambient capability only if it is also permitted and inheritable.
    // `runc spec` lists ambient ones without inheritable ones; runtime-spec 1.1 says a
    // capability that cannot be granted is a warning, and runc and crun carry on.
    for (int capability : capabilities.ambient) {
        const std::string what =
            "`process.capabilities.ambient`: " + quoted(name(capability)) + " not raised";
        std::optional<Error> skipped;
        if (!contains(capabilities.inheritable, capability))
            skipped = Error{0, what + ": it is not in `process.capabilities.inheritable`"};
        else if (!contains(capabilities.permitted, capability))
            skipped = Error{0, what + ": it is not in `process.capabilities.permitted`"};
        else if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, capability, 0, 0) != 0)
            skipped = Error{errno, what};
        if (skipped && warnings != nullptr)
            warnings->push_back(std::move(*skipped));
    }
    return {};
}

} // namespace glassbox::caps
