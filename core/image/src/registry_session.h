// Talking to one repository at one registry endpoint: the distribution API's URLs, the
// authentication dance (an anonymous request, the 401's WWW-Authenticate challenge, a bearer
// token from the realm it names, or basic auth), and the registry's JSON errors turned into
// messages that name the registry. Shared by the threads of one pull; each brings its own
// HttpClient.
#pragma once

#include "glassbox/image/registry.h"
#include "http_client.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace glassbox::image {

class RegistrySession
{
public:
    RegistrySession(Endpoint endpoint, std::optional<Credentials> credentials,
                    const PullOptions &options);

    [[nodiscard]] const Endpoint &endpoint() const { return m_endpoint; }

    /// GET (or HEAD) `path` below https://host/v2/ (http:// for an insecure registry that does
    /// not speak TLS), authenticating when challenged. `scope` is what a token is asked for.
    [[nodiscard]] Result<HttpResponse> get(HttpClient &http, const std::string &path,
                                           std::vector<std::string> headers,
                                           const BodySink &sink = {}, size_t limit = 4 << 20,
                                           uint64_t rangeFrom = 0,
                                           const std::string &method = "GET");

    /// The repository's pull scope: "repository:library/nginx:pull".
    [[nodiscard]] std::string pullScope() const;

    /// An error for a response that is not a success: the status, the registry, and the
    /// registry's own message (its JSON `errors`) or a user's explanation. `what` names the
    /// request ("manifest `latest`").
    [[nodiscard]] Error httpError(const HttpResponse &response, const std::string &what) const;

private:
    [[nodiscard]] Status authenticate(HttpClient &http, const HttpResponse &challenge,
                                      const std::string &scope);
    [[nodiscard]] Result<HttpResponse> once(HttpClient &http, const std::string &url,
                                            const std::vector<std::string> &headers,
                                            const BodySink &sink, size_t limit, uint64_t rangeFrom,
                                            const std::string &method);
    [[nodiscard]] std::string authorization() const;
    [[nodiscard]] std::string baseUrl() const;

    Endpoint m_endpoint;
    std::optional<Credentials> m_credentials;
    TlsSettings m_tls;
    std::chrono::seconds m_stall;
    std::string m_certDirectory;
    mutable std::mutex m_mutex; // guards what follows: threads share the token
    std::string m_scheme = "https";
    bool m_schemeKnown = false;
    std::string m_token;  ///< bearer token
    bool m_basic = false; ///< the registry asked for basic auth
};

/// A manifest or index as a registry sent it, with its media type (from the JSON, or the
/// Content-Type when the JSON leaves it out) and digest.
struct FetchedManifest
{
    std::string bytes;
    std::string mediaType;
    std::string digest;
};

/// A manifest or index by tag or digest, at most 4 MiB; by digest the bytes must hash to it,
/// by tag to the Docker-Content-Digest the registry sends.
[[nodiscard]] Result<FetchedManifest> getManifest(RegistrySession &session, HttpClient &http,
                                                  const std::string &tagOrDigest);

/// A session for every endpoint of `reference` under options.registries, mirrors first.
[[nodiscard]] Result<std::vector<std::unique_ptr<RegistrySession>>>
sessionsFor(const Reference &reference, const PullOptions &options);

/// A configuration or certificate file, at most `limit` bytes (EFBIG past it); ENOENT when
/// missing. The registry library reads only such small files, which root or the user owns.
[[nodiscard]] Result<std::string> readConfigFile(const std::string &path, size_t limit);

/// "WHAT: digest mismatch: expected `E`, the bytes have `A`".
[[nodiscard]] std::string mismatchText(std::string_view what, std::string_view expected,
                                       std::string_view actual);

/// The TLS settings for `host` under `options`: the system's CA bundle plus podman's
/// certs.d/<host>/*.crt, a client certificate from *.cert/*.key, verification off when
/// insecure.
[[nodiscard]] TlsSettings tlsFor(const std::string &host, bool insecure,
                                 const PullOptions &options);

} // namespace glassbox::image
