// Registries: the OCI distribution API (v2) over HTTPS with libcurl, podman's
// registries.conf and auth.json, login and search. Pulling into the store is pull.h.
//
// A pull resolves a reference (`nginx` is docker.io/library/nginx:latest) to a manifest,
// choosing this machine's platform from a manifest list or OCI index, fetches the config and
// downloads the layers the store does not have yet, several at once, into a private directory
// of the store. Every blob is hashed while it streams and checked against its digest before
// anything reads it; a broken connection is resumed with a Range request. Only then, under the
// store's exclusive lock, are the verified layers extracted and the image recorded, exactly as
// an import does (and undone as one is on failure). Credentials are given by the caller for
// the one pull and never written anywhere.
#pragma once

#include "glassbox/error.h"
#include "glassbox/image/reference.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::image {

struct PullEvent; // pull.h

/// A user name and password (or, for registries that issue them, an identity token: then
/// `password` holds the token and `username` is empty or "<token>").
struct Credentials
{
    std::string username;
    std::string password;
    [[nodiscard]] bool empty() const { return username.empty() && password.empty(); }
};

// --- registries.conf ---------------------------------------------------------------------

/// A mirror tried before the registry itself.
struct RegistryMirror
{
    std::string location; ///< "mirror.example:5000" or "mirror.example/path"
    bool insecure = false;
};

/// One `[[registry]]` table of containers-registries.conf(5), the parts a pull uses.
struct RegistryEntry
{
    std::string prefix;    ///< what references must start with; defaults to `location`
    std::string location;  ///< where to pull from instead (empty: the prefix itself)
    bool insecure = false; ///< plain HTTP allowed, and TLS without verification
    bool blocked = false;  ///< pulls refused
    std::vector<RegistryMirror> mirrors;
};

struct RegistriesConfig
{
    std::vector<RegistryEntry> registries;
    std::string source; ///< the file read, for messages ("" when none)
};

/// The system's configuration: podman's /etc/containers/registries.conf and the drop-ins in
/// /etc/containers/registries.conf.d/*.conf (sorted, later tables win), as podman reads them.
inline constexpr std::string_view kRegistriesConf = "/etc/containers/registries.conf";

/// Parses containers-registries.conf(5) version 2 (TOML). Keys a pull does not use
/// (unqualified-search-registries, aliases, short-name-mode) are accepted and ignored: Glassbox
/// normalises short names the way Docker does. Errors name the file, line and key.
[[nodiscard]] Result<RegistriesConfig> parseRegistriesConf(std::string_view text,
                                                           const std::string &sourceName);
/// Reads `path` and, when it is kRegistriesConf, its `.d` drop-ins (or, as podman does, the
/// file $CONTAINERS_REGISTRIES_CONF names instead); a missing file is an empty configuration.
[[nodiscard]] Result<RegistriesConfig>
loadRegistriesConf(const std::string &path = std::string(kRegistriesConf));

/// Where one repository is pulled from: the endpoints in order (mirrors first), each with its
/// host, path prefix and whether it is insecure.
struct Endpoint
{
    std::string host;       ///< "registry-1.docker.io", "127.0.0.1:5000"
    std::string repository; ///< the repository path at that host ("library/nginx")
    bool insecure = false;
    bool mirror = false;
};

/// The endpoints for `reference` under `config` (the longest matching prefix wins). Docker Hub
/// is reached at registry-1.docker.io. EACCES when the registry is blocked.
[[nodiscard]] Result<std::vector<Endpoint>> endpointsFor(const RegistriesConfig &config,
                                                         const Reference &reference);

// --- auth.json -------------------------------------------------------------------------------

/// The credential files podman, skopeo and buildah share (containers-auth.json(5)), in the
/// order they are searched: $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json,
/// ~/.config/containers/auth.json, ~/.docker/config.json. Paths for a given user's
/// environment; those that do not exist are included (the first is where login writes).
[[nodiscard]] std::vector<std::string> authFilePaths(const std::map<std::string, std::string> &env);

/// The credentials in auth.json text for `reference`'s registry: the most specific key wins
/// (`host/ns/repo`, then `host/ns`, then `host`); Docker's "https://index.docker.io/v1/" is
/// docker.io. nullopt when none matches.
[[nodiscard]] Result<std::optional<Credentials>> credentialsFor(std::string_view authJson,
                                                                const Reference &reference);

/// auth.json text with `key`'s credentials set (login) or removed (logout, `credentials`
/// nullopt); other entries and unknown fields stay as they were.
[[nodiscard]] Result<std::string> updateAuthJson(std::string_view authJson, const std::string &key,
                                                 const std::optional<Credentials> &credentials);

// --- talking to registries --------------------------------------------------------------

inline constexpr int kDefaultParallelDownloads = 3;
/// Attempts per blob: a broken connection is resumed from where it broke, this many times.
inline constexpr int kDownloadAttempts = 5;
/// A connection that moves no byte for this long is given up on (and resumed).
inline constexpr std::chrono::seconds kDefaultStallTimeout{30};

struct PullOptions
{
    /// The one credential this pull needs, or none (anonymous).
    std::optional<Credentials> credentials;
    RegistriesConfig registries;
    /// CA certificates per registry as podman keeps them: <dir>/<host[:port]>/*.crt; also
    /// client certificates (*.cert with *.key).
    std::string certDirectory = "/etc/containers/certs.d";
    /// false: TLS certificates are not verified for any registry (skopeo's --tls-verify=false).
    bool tlsVerify = true;
    int parallelDownloads = kDefaultParallelDownloads;
    std::chrono::seconds stallTimeout = kDefaultStallTimeout;
    /// The most a single layer may be (compressed); larger ones are refused before download.
    uint64_t maxLayerBytes = uint64_t(16) << 30;
    /// Bounds for the extraction, as for an import.
    uint64_t maxImageBytes = uint64_t(128) << 30;
    uint64_t keepFreeBytes = uint64_t(512) << 20;
    /// Reports of a pull's progress (see pull.h); ignored elsewhere.
    std::function<bool(const PullEvent &)> observer;
    /// Optional; asked during transfers (about once a second, and with every piece of a
    /// body) and between steps, from the pulling threads: true cancels, as the observer's
    /// false does.
    std::function<bool()> cancelled;
    /// The platform to choose from an index (defaults: linux and this machine's architecture).
    std::string os = "linux";
    std::string architecture;
};

/// The manifest a reference names, for `inspect`-like uses: the raw bytes and media type.
struct RemoteManifest
{
    std::string bytes;
    std::string mediaType;
    std::string digest;
    std::string registry;
};
[[nodiscard]] Result<RemoteManifest> fetchManifest(std::string_view reference,
                                                   const PullOptions &options);

/// Checks credentials against a registry (login): the `/v2/` endpoint, through its token
/// service when it has one. EACCES with the registry's words when they are refused.
[[nodiscard]] Status checkLogin(std::string_view registry, const Credentials &credentials,
                                const PullOptions &options);

/// Repositories matching `term`: Docker Hub's search API for docker.io, the registry's
/// `_catalog` (filtered by `term`) elsewhere. At most `limit` results.
struct SearchResult
{
    std::string name; ///< "docker.io/library/nginx"
    std::string description;
    uint64_t stars = 0;
    bool official = false;
};
[[nodiscard]] Result<std::vector<SearchResult>> searchRegistry(std::string_view registry,
                                                               std::string_view term, size_t limit,
                                                               const PullOptions &options);

} // namespace glassbox::image
