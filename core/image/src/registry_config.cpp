// registries.conf (TOML, read with toml++) and auth.json (JSON): the two files podman,
// skopeo and buildah share, read the way they read them so a user's configuration and logins
// carry over.
#include "glassbox/image/reference.h"
#include "glassbox/image/registry.h"
#include "http_client.h"
#include "registry_session.h"

#include <algorithm>
#include <cstdlib>
#include <dirent.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

namespace glassbox::image {

namespace {

constexpr std::string_view kDockerHub = "docker.io";
/// Where Docker Hub's API answers (docker.io itself redirects to the website).
constexpr std::string_view kDockerHubApi = "registry-1.docker.io";

std::string errorAt(const toml::source_region &where, const std::string &sourceName)
{
    return sourceName + ":" + std::to_string(where.begin.line);
}

Result<std::string> stringKey(const toml::table &table, std::string_view key,
                              const std::string &sourceName)
{
    const toml::node *node = table.get(key);
    if (node == nullptr)
        return std::string();
    if (auto value = node->value<std::string>())
        return *value;
    return makeError(EINVAL, errorAt(node->source(), sourceName) + ": `" + std::string(key) +
                                 "` must be a string");
}

Result<bool> boolKey(const toml::table &table, std::string_view key, const std::string &sourceName)
{
    const toml::node *node = table.get(key);
    if (node == nullptr)
        return false;
    if (auto value = node->value<bool>())
        return *value;
    return makeError(EINVAL, errorAt(node->source(), sourceName) + ": `" + std::string(key) +
                                 "` must be true or false");
}

/// A location or prefix: host[:port][/path], no scheme (registries.conf forbids one).
Status checkLocation(const std::string &location, const toml::table &table, const std::string &what,
                     const std::string &sourceName)
{
    if (location.find("://") != std::string::npos || location.empty() ||
        location.find_first_of(" \t\n") != std::string::npos)
        return makeError(EINVAL, errorAt(table.source(), sourceName) + ": `" + what + "` " +
                                     quoted(location) +
                                     " is not a registry location (host[:port][/path], no "
                                     "scheme)");
    return {};
}

/// The legacy v1 tables: [registries.insecure] registries = [...] and [registries.block].
Status readVersion1(const toml::table &root, RegistriesConfig &config,
                    const std::string &sourceName)
{
    const toml::table *legacy = root["registries"].as_table();
    if (legacy == nullptr)
        return {};
    for (const auto &[kind, insecure] : {std::pair{"insecure", true}, {"block", false}}) {
        const toml::array *list = (*legacy)[kind]["registries"].as_array();
        if (list == nullptr)
            continue;
        for (const toml::node &item : *list) {
            auto host = item.value<std::string>();
            if (!host)
                return makeError(EINVAL, errorAt(item.source(), sourceName) + ": `registries." +
                                             kind + ".registries` must list strings");
            RegistryEntry entry;
            entry.prefix = *host;
            entry.insecure = insecure;
            entry.blocked = !insecure;
            config.registries.push_back(std::move(entry));
        }
    }
    return {};
}

/// Whether `name` (domain/path) falls under `prefix`: equal, or continuing at a '/'.
bool underPrefix(const std::string &name, const std::string &prefix)
{
    if (!name.starts_with(prefix))
        return false;
    return name.size() == prefix.size() || name[prefix.size()] == '/' || prefix.ends_with('/');
}

Endpoint endpointAt(const std::string &location, const std::string &rest, bool insecure,
                    bool mirror)
{
    // `location` may carry a path of its own ("mirror.example/dockerhub").
    std::string full = location + rest;
    auto slash = full.find('/');
    Endpoint endpoint;
    endpoint.host = full.substr(0, slash);
    endpoint.repository = slash == std::string::npos ? std::string() : full.substr(slash + 1);
    if (endpoint.host == kDockerHub || endpoint.host == "index.docker.io")
        endpoint.host = kDockerHubApi;
    endpoint.insecure = insecure;
    endpoint.mirror = mirror;
    return endpoint;
}

/// The auth.json key for a registry as Docker's older files spell it.
std::string normaliseAuthKey(std::string key)
{
    for (std::string_view scheme : {"https://", "http://"})
        if (key.starts_with(scheme))
            key.erase(0, scheme.size());
    if (key.ends_with("/"))
        key.pop_back();
    for (std::string_view suffix : {"/v1", "/v2"})
        if (key.ends_with(suffix))
            key.resize(key.size() - suffix.size());
    if (key == "index.docker.io" || key == "registry-1.docker.io")
        key = kDockerHub;
    return key;
}

} // namespace

Result<RegistriesConfig> parseRegistriesConf(std::string_view text, const std::string &sourceName)
{
    toml::table root;
    try {
        root = toml::parse(text, sourceName);
    } catch (const toml::parse_error &error) {
        return makeError(EINVAL, errorAt(error.source(), sourceName) + ": " +
                                     std::string(error.description()));
    }
    RegistriesConfig config;
    config.source = sourceName;
    GB_TRY(readVersion1(root, config, sourceName));
    const toml::node *registries = root.get("registry");
    if (registries == nullptr)
        return config;
    const toml::array *list = registries->as_array();
    if (list == nullptr)
        return makeError(EINVAL, errorAt(registries->source(), sourceName) +
                                     ": `registry` must be an array of tables ([[registry]])");
    for (const toml::node &node : *list) {
        const toml::table *table = node.as_table();
        if (table == nullptr)
            return makeError(EINVAL, errorAt(node.source(), sourceName) +
                                         ": each `[[registry]]` must be a table");
        RegistryEntry entry;
        auto prefix = stringKey(*table, "prefix", sourceName);
        auto location = stringKey(*table, "location", sourceName);
        auto insecure = boolKey(*table, "insecure", sourceName);
        auto blocked = boolKey(*table, "blocked", sourceName);
        for (const auto *failed : {&prefix, &location})
            if (!*failed)
                return tl::unexpected(failed->error());
        for (const auto *failed : {&insecure, &blocked})
            if (!*failed)
                return tl::unexpected(failed->error());
        entry.location = *location;
        entry.prefix = prefix->empty() ? *location : *prefix;
        entry.insecure = *insecure;
        entry.blocked = *blocked;
        if (entry.prefix.empty())
            return makeError(EINVAL, errorAt(table->source(), sourceName) +
                                         ": a `[[registry]]` needs `location` or `prefix`");
        if (entry.prefix.starts_with("*."))
            return makeError(EINVAL, errorAt(table->source(), sourceName) + ": wildcard prefixes " +
                                         quoted(entry.prefix) +
                                         " are not supported; name the registry");
        GB_TRY(checkLocation(entry.prefix, *table, "prefix", sourceName));
        if (!entry.location.empty())
            GB_TRY(checkLocation(entry.location, *table, "location", sourceName));
        if (const toml::node *mirrors = table->get("mirror")) {
            const toml::array *array = mirrors->as_array();
            if (array == nullptr)
                return makeError(EINVAL, errorAt(mirrors->source(), sourceName) +
                                             ": `mirror` must be an array of tables "
                                             "([[registry.mirror]])");
            for (const toml::node &item : *array) {
                const toml::table *mirrorTable = item.as_table();
                if (mirrorTable == nullptr)
                    return makeError(EINVAL, errorAt(item.source(), sourceName) +
                                                 ": each `[[registry.mirror]]` must be a table");
                auto mirrorLocation = stringKey(*mirrorTable, "location", sourceName);
                if (!mirrorLocation)
                    return tl::unexpected(mirrorLocation.error());
                auto mirrorInsecure = boolKey(*mirrorTable, "insecure", sourceName);
                if (!mirrorInsecure)
                    return tl::unexpected(mirrorInsecure.error());
                GB_TRY(checkLocation(*mirrorLocation, *mirrorTable, "mirror.location", sourceName));
                entry.mirrors.push_back({*mirrorLocation, *mirrorInsecure});
            }
        }
        config.registries.push_back(std::move(entry));
    }
    return config;
}

namespace {

/// `files` in order, a later table for a prefix replacing an earlier one, as podman merges
/// registries.conf and its drop-ins; a missing file adds nothing.
Result<RegistriesConfig> loadFiles(const std::vector<std::string> &files, const std::string &source)
{
    RegistriesConfig merged;
    merged.source = source;
    for (const auto &file : files) {
        auto text = readConfigFile(file, 1 << 20);
        if (!text && text.error().code == ENOENT)
            continue;
        if (!text)
            return tl::unexpected(text.error());
        auto config = parseRegistriesConf(*text, file);
        if (!config)
            return config;
        for (auto &entry : config->registries) {
            std::erase_if(merged.registries,
                          [&](const RegistryEntry &old) { return old.prefix == entry.prefix; });
            merged.registries.push_back(std::move(entry));
        }
    }
    return merged;
}

} // namespace

Result<RegistriesConfig> loadRegistriesConf(const std::string &path)
{
    if (path != kRegistriesConf)
        return loadFiles({path}, path);
    // As podman: $CONTAINERS_REGISTRIES_CONF names a file to read instead of the system's
    // (without drop-ins), for a user's own set-up or a test's.
    if (const char *override = std::getenv("CONTAINERS_REGISTRIES_CONF");
        override != nullptr && *override != '\0')
        return loadFiles({override}, override);
    const std::string dropIns = path + ".d";
    std::vector<std::string> names;
    if (DIR *dir = ::opendir(dropIns.c_str())) {
        while (dirent *entry = ::readdir(dir))
            if (std::string_view(entry->d_name).ends_with(".conf"))
                names.emplace_back(entry->d_name);
        ::closedir(dir);
    }
    std::sort(names.begin(), names.end());
    std::vector<std::string> files{path};
    for (const auto &name : names)
        files.push_back(dropIns + "/" + name);
    return loadFiles(files, path);
}

Result<std::vector<Endpoint>> endpointsFor(const RegistriesConfig &config,
                                           const Reference &reference)
{
    const std::string name = reference.name();
    const RegistryEntry *best = nullptr;
    for (const auto &entry : config.registries)
        if (underPrefix(name, entry.prefix) &&
            (best == nullptr || entry.prefix.size() > best->prefix.size()))
            best = &entry;
    if (best == nullptr)
        return std::vector<Endpoint>{
            endpointAt(reference.domain, "/" + reference.path, false, false)};
    if (best->blocked)
        return makeError(
            EACCES, "pulls from " + quoted(best->prefix) + " are blocked by " +
                        (config.source.empty() ? std::string("the configuration") : config.source));
    const std::string rest = name.substr(best->prefix.size());
    std::vector<Endpoint> endpoints;
    // Mirrors serve what was pulled by digest and by tag alike (pull-from-mirror = all).
    for (const auto &mirror : best->mirrors)
        endpoints.push_back(endpointAt(mirror.location, rest, mirror.insecure, true));
    endpoints.push_back(endpointAt(best->location.empty() ? best->prefix : best->location, rest,
                                   best->insecure, false));
    return endpoints;
}

std::vector<std::string> authFilePaths(const std::map<std::string, std::string> &env)
{
    auto value = [&](const char *name) {
        auto it = env.find(name);
        return it == env.end() ? std::string() : it->second;
    };
    std::vector<std::string> paths;
    if (auto file = value("REGISTRY_AUTH_FILE"); !file.empty())
        paths.push_back(file);
    if (auto runtime = value("XDG_RUNTIME_DIR"); !runtime.empty())
        paths.push_back(runtime + "/containers/auth.json");
    if (auto home = value("HOME"); !home.empty()) {
        const std::string config = value("XDG_CONFIG_HOME");
        paths.push_back((config.empty() ? home + "/.config" : config) + "/containers/auth.json");
        paths.push_back(home + "/.docker/config.json");
    }
    return paths;
}

Result<std::optional<Credentials>> credentialsFor(std::string_view authJson,
                                                  const Reference &reference)
{
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(authJson);
    } catch (const nlohmann::json::exception &error) {
        return makeError(EINVAL, std::string("not JSON: ") + error.what());
    }
    if (!root.is_object() || !root.contains("auths"))
        return std::optional<Credentials>();
    const auto &auths = root["auths"];
    if (!auths.is_object())
        return makeError(EINVAL, "`auths` must be an object");
    // The most specific key first: host/ns/repo, host/ns, host.
    std::vector<std::string> candidates;
    std::string key = reference.name();
    while (true) {
        candidates.push_back(key);
        auto slash = key.rfind('/');
        if (slash == std::string::npos)
            break;
        key.resize(slash);
    }
    for (const auto &candidate : candidates)
        for (const auto &[entryKey, entry] : auths.items()) {
            if (normaliseAuthKey(entryKey) != candidate || !entry.is_object())
                continue;
            Credentials credentials;
            if (entry.contains("auth") && entry["auth"].is_string()) {
                auto decoded = base64Decode(entry["auth"].get<std::string>());
                if (!decoded)
                    return withContext(decoded.error(), "`auths." + entryKey + ".auth`");
                auto colon = decoded->find(':');
                if (colon == std::string::npos)
                    return makeError(EINVAL, "`auths." + entryKey +
                                                 ".auth` is not base64 of user:password");
                credentials.username = decoded->substr(0, colon);
                credentials.password = decoded->substr(colon + 1);
            }
            if (entry.contains("identitytoken") && entry["identitytoken"].is_string() &&
                !entry["identitytoken"].get<std::string>().empty()) {
                credentials.username = "<token>";
                credentials.password = entry["identitytoken"].get<std::string>();
            }
            if (!credentials.empty())
                return std::optional<Credentials>(std::move(credentials));
        }
    return std::optional<Credentials>();
}

Result<std::string> updateAuthJson(std::string_view authJson, const std::string &key,
                                   const std::optional<Credentials> &credentials)
{
    nlohmann::json root = nlohmann::json::object();
    if (!authJson.empty()) {
        try {
            root = nlohmann::json::parse(authJson);
        } catch (const nlohmann::json::exception &error) {
            return makeError(EINVAL, std::string("not JSON: ") + error.what());
        }
        if (!root.is_object())
            return makeError(EINVAL, "not a JSON object");
    }
    if (!root.contains("auths") || !root["auths"].is_object())
        root["auths"] = nlohmann::json::object();
    auto &auths = root["auths"];
    // Docker's spellings of the same registry go too, or they would win over the new entry.
    for (auto it = auths.begin(); it != auths.end();)
        if (it.key() != key && normaliseAuthKey(it.key()) == key)
            it = auths.erase(it);
        else
            ++it;
    if (credentials)
        auths[key] = {{"auth", base64Encode(credentials->username + ":" + credentials->password)}};
    else
        auths.erase(key);
    return root.dump(1, '\t') + "\n";
}

} // namespace glassbox::image
