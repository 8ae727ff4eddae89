// HTTP for the registry client: one libcurl easy handle per thread (it keeps connections
// alive between requests), bodies streamed to a callback or collected up to a cap, redirects
// followed without carrying the Authorization header to another host, and libcurl's failures
// turned into errors that name the host and say what went wrong in a user's words.
#pragma once

#include "glassbox/error.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace glassbox::image {

/// How TLS is checked for one registry.
struct TlsSettings
{
    bool verify = true;
    /// PEM certificates trusted instead of libcurl's default bundle (empty: the default): the
    /// system's bundle and a registry's own CAs from podman's certs.d/<host>/*.crt.
    std::string caBundle;
    std::string clientCert; ///< *.cert, with clientKey (*.key)
    std::string clientKey;
};

struct HttpRequest
{
    std::string method = "GET"; ///< GET or HEAD
    std::string url;
    std::vector<std::string> headers; ///< "Name: value"
    uint64_t rangeFrom = 0;           ///< > 0: "Range: bytes=N-"
    TlsSettings tls;
    std::chrono::seconds stallTimeout{30};
};

struct HttpResponse
{
    long status = 0;
    /// The last response's headers (after redirects), names lowercased; a repeated header
    /// keeps its last value.
    std::map<std::string, std::string> headers;
    std::string body; ///< when collected (no sink given)
    std::string url;  ///< the URL that answered, after redirects

    [[nodiscard]] std::string header(const std::string &lowercaseName) const;
};

/// Takes the bytes of a body as they arrive, with the response so far (its status and
/// headers); false stops the transfer (perform() then fails with ECANCELED).
using BodySink = std::function<bool(const HttpResponse &response, const char *data, size_t size)>;

class HttpClient
{
public:
    /// `cancelled` (optional) is asked about once a second during transfers, and with every
    /// piece of a body: true stops the transfer (ECANCELED).
    explicit HttpClient(std::function<bool()> cancelled = {});
    ~HttpClient();
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    /// Performs `request`. With a sink the body goes to it (for status 200 and 206 only; an
    /// error status's body is collected, up to 64 KiB, for its message); without, the body is
    /// collected up to `limit` bytes (past it: EFBIG). A non-2xx status is not an error here.
    [[nodiscard]] Result<HttpResponse> perform(const HttpRequest &request,
                                               const BodySink &sink = {}, size_t limit = 4 << 20);

private:
    void *m_curl = nullptr; // CURL*: the header is kept free of curl.h
    std::function<bool()> m_cancelled;
};

/// "Basic <base64(user:password)>" and base64 itself (auth.json keeps "user:password" so).
[[nodiscard]] std::string base64Encode(std::string_view data);
[[nodiscard]] Result<std::string> base64Decode(std::string_view text);

/// Percent-encodes a query parameter's value.
[[nodiscard]] std::string urlEncode(std::string_view text);

/// One challenge of a WWW-Authenticate header: `Bearer realm="...",service="...",scope="..."`.
struct AuthChallenge
{
    std::string scheme; ///< lowercase: "bearer", "basic"
    std::map<std::string, std::string> parameters;
};
/// The challenges in a WWW-Authenticate value (RFC 7235 auth-params, quoted or not).
[[nodiscard]] std::vector<AuthChallenge> parseAuthChallenges(std::string_view header);

} // namespace glassbox::image
