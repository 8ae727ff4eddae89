// config.json parsing: the JSON cursor, the platform-neutral sections (process, root, mounts,
// hooks, annotations) and the entry points. The `linux` section is in spec_parse_linux.cpp.
#include "glassbox/oci/spec.h"

#include "glassbox/capabilities.h"
#include "glassbox/file_io.h"
#include "oci/spec_parse_p.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <new>
#include <sys/resource.h>

// glassbox::quoted is qualified in these files because nlohmann/json.hpp brings std::quoted
// (<iomanip>) within reach of argument-dependent lookup.

namespace glassbox::oci {

namespace detail {

tl::unexpected<Error> Field::fail(std::string_view what) const
{
    const std::string where = m_path.empty() ? std::string("the config") : glassbox::quoted(m_path);
    return makeError(EINVAL, where + ": " + std::string(what));
}

tl::unexpected<Error> Field::expected(std::string_view what) const
{
    // A number is shown as written so "expected integer, got 1.5" says what was wrong.
    const std::string got = m_value->is_number() ? m_value->dump() : m_value->type_name();
    return fail("expected " + std::string(what) + ", got " + got);
}

std::string Field::memberPath(std::string_view key) const
{
    if (m_path.empty())
        return std::string(key);
    return m_path + "." + std::string(key);
}

std::optional<Field> Field::find(std::string_view key) const
{
    auto it = m_value->find(key);
    if (it == m_value->end() || it->is_null())
        return std::nullopt;
    return Field(*it, memberPath(key));
}

Result<Field> Field::require(std::string_view key) const
{
    auto member = find(key);
    if (!member)
        return makeError(EINVAL, glassbox::quoted(memberPath(key)) + ": missing");
    return *member;
}

Field Field::element(size_t index) const
{
    return Field((*m_value)[index], m_path + "[" + std::to_string(index) + "]");
}

Field Field::entry(const std::string &key) const
{
    return Field(m_value->at(key), m_path + "[\"" + key + "\"]");
}

Status Field::expectObject() const
{
    if (!m_value->is_object())
        return expected("object");
    return {};
}

Status Field::expectArray() const
{
    if (!m_value->is_array())
        return expected("array");
    return {};
}

Result<std::string> Field::string() const
{
    if (!m_value->is_string())
        return expected("string");
    auto text = m_value->get<std::string>();
    // A "\u0000" escape would silently cut the value short once it reaches a system call.
    if (text.find('\0') != std::string::npos)
        return fail("must not contain a NUL character");
    return text;
}

Result<std::string> Field::absolutePath() const
{
    auto text = string();
    if (text && (text->empty() || text->front() != '/'))
        return fail("must be an absolute path, got " + glassbox::quoted(*text));
    return text;
}

Result<bool> Field::boolean() const
{
    if (!m_value->is_boolean())
        return expected("boolean");
    return m_value->get<bool>();
}

Result<std::vector<std::string>> Field::strings() const
{
    GB_TRY(expectArray());
    std::vector<std::string> out;
    out.reserve(m_value->size());
    for (size_t i = 0; i < m_value->size(); ++i) {
        auto text = element(i).string();
        if (!text)
            return tl::unexpected(std::move(text).error());
        out.push_back(std::move(*text));
    }
    return out;
}

Result<std::map<std::string, std::string>> Field::stringMap() const
{
    GB_TRY(expectObject());
    std::map<std::string, std::string> out;
    for (const auto &item : m_value->items()) {
        auto text = entry(item.key()).string();
        if (!text)
            return tl::unexpected(std::move(text).error());
        out.emplace(item.key(), std::move(*text));
    }
    return out;
}

Status Field::refuse(std::initializer_list<std::string_view> keys) const
{
    for (std::string_view key : keys) {
        if (auto member = find(key))
            return member->fail("not supported by glassbox-runtime");
    }
    return {};
}

Status Field::refuseNonEmpty(std::initializer_list<std::string_view> keys) const
{
    for (std::string_view key : keys) {
        std::string value;
        GB_TRY(read(key, value));
        if (!value.empty())
            return find(key)->fail("not supported by glassbox-runtime (only \"\" is accepted)");
    }
    return {};
}

} // namespace detail

namespace {

using detail::Field;

struct RlimitName
{
    std::string_view name;
    int resource;
};

// The spec names every RLIMIT_* of Linux; glibc's values are the kernel's.
constexpr std::array<RlimitName, 16> rlimitNames = {{
    {"RLIMIT_CPU", RLIMIT_CPU},
    {"RLIMIT_FSIZE", RLIMIT_FSIZE},
    {"RLIMIT_DATA", RLIMIT_DATA},
    {"RLIMIT_STACK", RLIMIT_STACK},
    {"RLIMIT_CORE", RLIMIT_CORE},
    {"RLIMIT_RSS", RLIMIT_RSS},
    {"RLIMIT_NPROC", RLIMIT_NPROC},
    {"RLIMIT_NOFILE", RLIMIT_NOFILE},
    {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
    {"RLIMIT_AS", RLIMIT_AS},
    {"RLIMIT_LOCKS", RLIMIT_LOCKS},
    {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
    {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
    {"RLIMIT_NICE", RLIMIT_NICE},
    {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
    {"RLIMIT_RTTIME", RLIMIT_RTTIME},
}};

Status parseRlimit(const Field &field, Rlimit &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.readRequired("type", out.type));
    auto known = std::find_if(rlimitNames.begin(), rlimitNames.end(),
                              [&](const RlimitName &entry) { return entry.name == out.type; });
    if (known == rlimitNames.end())
        return field.find("type")->fail("unknown rlimit " + glassbox::quoted(out.type));
    out.resource = known->resource;
    GB_TRY(field.readRequired("soft", out.soft));
    GB_TRY(field.readRequired("hard", out.hard));
    // setrlimit(2) would refuse this only inside the container, after setup; say it now.
    if (out.soft > out.hard)
        return field.find("soft")->fail("greater than `hard`");
    return {};
}

Status parseCapabilitySet(const Field &field, int &out)
{
    std::string name;
    GB_TRY(field.get(name));
    auto capability = caps::fromName(name);
    if (!capability)
        return field.fail("unknown capability " + glassbox::quoted(name));
    out = *capability;
    return {};
}

Status parseCapabilities(const Field &field, Capabilities &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.parseList("bounding", out.bounding, parseCapabilitySet));
    GB_TRY(field.parseList("effective", out.effective, parseCapabilitySet));
    GB_TRY(field.parseList("inheritable", out.inheritable, parseCapabilitySet));
    GB_TRY(field.parseList("permitted", out.permitted, parseCapabilitySet));
    GB_TRY(field.parseList("ambient", out.ambient, parseCapabilitySet));
    return {};
}

Status parseUser(const Field &field, User &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.refuseNonEmpty({"username"})); // Windows only.
    GB_TRY(field.read("uid", out.uid));
    GB_TRY(field.read("gid", out.gid));
    GB_TRY(field.read("umask", out.umask, [](const Field &member, uint32_t value) -> Status {
        if (value > 0777)
            return member.fail("must be at most 0777 (511), got " + std::to_string(value));
        return {};
    }));
    GB_TRY(field.parseList("additionalGids", out.additionalGids,
                           [](const Field &gid, uint32_t &value) { return gid.get(value); }));
    return {};
}

Status parseConsoleSize(const Field &field, ConsoleSize &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.readRequired("height", out.height));
    GB_TRY(field.readRequired("width", out.width));
    return {};
}

Status parseProcess(const Field &field, Process &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.refuse({"ioPriority", "scheduler", "execCPUAffinity", "commandLine"}));
    // No LSM support: an empty label means "none" and is what podman sends without one.
    GB_TRY(field.refuseNonEmpty({"apparmorProfile", "selinuxLabel"}));
    GB_TRY(field.read("terminal", out.terminal));
    GB_TRY(field.parseMember("consoleSize", out.consoleSize, parseConsoleSize));
    GB_TRY(field.parseMember("user", out.user, parseUser));

    GB_TRY(field.readRequired("args", out.args));
    if (out.args.empty())
        return field.find("args")->fail("must not be empty");
    if (out.args.front().empty())
        return field.find("args")->element(0).fail("must not be empty");

    GB_TRY(field.read("env", out.env));
    GB_TRY(field.read("cwd", out.cwd, detail::absolute));
    GB_TRY(field.parseMember("capabilities", out.capabilities, parseCapabilities));

    GB_TRY(field.parseList("rlimits", out.rlimits, parseRlimit));
    for (size_t i = 0; i < out.rlimits.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            // The spec requires an error for duplicates: which one wins would be a guess.
            if (out.rlimits[j].resource == out.rlimits[i].resource)
                return field.find("rlimits")->element(i).find("type")->fail(
                    "duplicate rlimit " + glassbox::quoted(out.rlimits[i].type));
        }
    }

    GB_TRY(field.read("noNewPrivileges", out.noNewPrivileges));
    GB_TRY(field.read("oomScoreAdj", out.oomScoreAdj, [](const Field &member, int value) -> Status {
        // The kernel's OOM_SCORE_ADJ_MIN and _MAX.
        if (value < -1000 || value > 1000)
            return member.fail("must be between -1000 and 1000");
        return {};
    }));
    return {};
}

Status parseRoot(const Field &field, Root &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.readRequired("path", out.path));
    if (out.path.empty())
        return field.find("path")->fail("must not be empty");
    GB_TRY(field.read("readonly", out.readonly));
    return {};
}

Status parseMount(const Field &field, Mount &out)
{
    GB_TRY(field.expectObject());
    // Per-mount id mappings (spec 1.1) are refused; the `idmap` option maps a bind mount
    // through the container's own mappings instead (rootfs.cpp, idmap.cpp).
    GB_TRY(field.refuse({"uidMappings", "gidMappings"}));
    GB_TRY(field.readRequired("destination", out.destination));
    if (out.destination.empty())
        return field.find("destination")->fail("must not be empty");
    // The spec lets a relative destination mean "relative to /" (runc accepts it); making it
    // absolute here spares every later stage that rule.
    if (out.destination.front() != '/')
        out.destination.insert(0, "/");
    GB_TRY(field.read("type", out.type));
    GB_TRY(field.read("source", out.source));
    GB_TRY(field.read("options", out.options));
    return {};
}

Status parseHook(const Field &field, Hook &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.readRequired("path", out.path, detail::absolute));
    GB_TRY(field.read("args", out.args));
    GB_TRY(field.read("env", out.env));
    GB_TRY(field.read("timeout", out.timeout, detail::positive));
    return {};
}

Status parseHooks(const Field &field, Hooks &out)
{
    GB_TRY(field.expectObject());
    GB_TRY(field.parseList("prestart", out.prestart, parseHook));
    GB_TRY(field.parseList("createRuntime", out.createRuntime, parseHook));
    GB_TRY(field.parseList("createContainer", out.createContainer, parseHook));
    GB_TRY(field.parseList("startContainer", out.startContainer, parseHook));
    GB_TRY(field.parseList("poststart", out.poststart, parseHook));
    GB_TRY(field.parseList("poststop", out.poststop, parseHook));
    return {};
}

Status checkOciVersion(const Field &field, const std::string &version)
{
    // Any 1.x release ("1.0.2", "1.2.0", "1.1.0-rc.1"): minor versions only add fields.
    if (version.size() < 3 || version.compare(0, 2, "1.") != 0 ||
        !std::isdigit(static_cast<unsigned char>(version[2])))
        return field.fail("unsupported version " + glassbox::quoted(version) + ", expected 1.x");
    return {};
}

Status checkHostName(const Field &field, const std::string &name)
{
    // HOST_NAME_MAX; sethostname(2) would fail with EINVAL only inside the container.
    if (name.size() > 64)
        return field.fail("longer than 64 bytes");
    return {};
}

// Without a UTS namespace of its own, setting the hostname would rename the host. runc
// refuses this the same way (and, like runc, a joined namespace is accepted).
Status checkUtsNamespace(const Field &root, const Spec &spec)
{
    if (spec.linux.findNamespace(NamespaceType::Uts) != nullptr)
        return {};
    if (!spec.hostname.empty())
        return root.find("hostname")->fail("needs a `uts` namespace in `linux.namespaces`");
    if (!spec.domainname.empty())
        return root.find("domainname")->fail("needs a `uts` namespace in `linux.namespaces`");
    return {};
}

Status parseDocument(const Field &root, Spec &spec)
{
    GB_TRY(root.expectObject());
    GB_TRY(root.refuse({"solaris", "windows", "vm", "zos"}));
    GB_TRY(root.readRequired("ociVersion", spec.ociVersion, checkOciVersion));
    GB_TRY(root.parseMember("process", spec.process, parseProcess));
    if (!root.find("root"))
        return makeError(EINVAL, "`root.path`: missing (no `root` section)");
    GB_TRY(root.parseMember("root", spec.root, parseRoot));
    GB_TRY(root.read("hostname", spec.hostname, checkHostName));
    GB_TRY(root.read("domainname", spec.domainname, checkHostName));
    GB_TRY(root.parseList("mounts", spec.mounts, parseMount));
    GB_TRY(root.parseMember("hooks", spec.hooks, parseHooks));
    GB_TRY(root.read("annotations", spec.annotations));
    GB_TRY(root.parseMember("linux", spec.linux, detail::parseLinux));
    GB_TRY(checkUtsNamespace(root, spec));
    return {};
}

} // namespace

Result<Spec> parseSpec(std::string_view json)
{
    // nlohmann reports errors by exception; none may leave the core's API.
    try {
        const detail::Json document = detail::Json::parse(json.begin(), json.end());
        Spec spec;
        GB_TRY(parseDocument(Field(document, {}), spec));
        return spec;
    } catch (const detail::Json::parse_error &error) {
        // error.byte counts from 1 (the column does too), so it matches what editors show.
        // what() starts with "[json.exception.parse_error.101] "; the id helps nobody here.
        std::string_view reason = error.what();
        if (auto end = reason.find("] "); end != std::string_view::npos)
            reason.remove_prefix(end + 2);
        return makeError(EINVAL, "malformed JSON at byte " + std::to_string(error.byte) + ": " +
                                     std::string(reason));
    } catch (const detail::Json::exception &error) {
        return makeError(EINVAL, std::string("invalid JSON: ") + error.what());
    } catch (const std::bad_alloc &) {
        return makeError(ENOMEM, "parse the config");
    }
}

Result<Spec> loadSpec(const std::string &bundle)
{
    const std::string path = bundle + "/config.json";
    auto text = readFile(path);
    if (!text)
        return tl::unexpected(std::move(text).error());
    auto spec = parseSpec(*text);
    if (!spec)
        return withContext(std::move(spec).error(), glassbox::quoted(path));
    return spec;
}

} // namespace glassbox::oci
