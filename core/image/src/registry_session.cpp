#include "registry_session.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace glassbox::image {

namespace {

/// Debian's bundle of the system's trusted CAs (ca-certificates).
constexpr const char *kSystemBundle = "/etc/ssl/certs/ca-certificates.crt";

std::vector<std::string> filesEndingIn(const std::string &dir, std::string_view suffix)
{
    std::vector<std::string> files;
    if (DIR *d = ::opendir(dir.c_str())) {
        while (dirent *entry = ::readdir(d))
            if (std::string_view(entry->d_name).ends_with(suffix))
                files.push_back(dir + "/" + entry->d_name);
        ::closedir(d);
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// The registry's own words from a JSON error body ({"errors":[{"code","message"}]}), or
/// from a token server's ({"details"} or {"error"}).
std::string registryMessage(const std::string &body)
{
    try {
        auto json = nlohmann::json::parse(body);
        std::string text;
        if (json.contains("errors") && json["errors"].is_array())
            for (const auto &error : json["errors"]) {
                if (!text.empty())
                    text += "; ";
                text += error.value("message", error.value("code", std::string()));
            }
        for (const char *key : {"details", "error", "message"})
            if (text.empty() && json.contains(key) && json[key].is_string())
                text = json[key].get<std::string>();
        return text;
    } catch (const nlohmann::json::exception &) {
        return {};
    }
}

} // namespace

Result<std::string> readConfigFile(const std::string &path, size_t limit)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return makeError(errno == 0 ? ENOENT : errno, "cannot read " + quoted(path));
    std::string text(limit + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (file.bad())
        return makeError(EIO, "cannot read " + quoted(path));
    text.resize(static_cast<size_t>(file.gcount()));
    if (text.size() > limit)
        return makeError(EFBIG,
                         quoted(path) + " is larger than " + std::to_string(limit) + " bytes");
    return text;
}

TlsSettings tlsFor(const std::string &host, bool insecure, const PullOptions &options)
{
    TlsSettings tls;
    tls.verify = options.tlsVerify && !insecure;
    const std::string dir = options.certDirectory + "/" + host;
    const auto cas = filesEndingIn(dir, ".crt");
    if (!cas.empty()) {
        // Added to the system's CAs, not instead of them, as podman does.
        if (auto system = readConfigFile(kSystemBundle, 16 << 20))
            tls.caBundle = *system + "\n";
        for (const auto &ca : cas)
            if (auto pem = readConfigFile(ca, 1 << 20))
                tls.caBundle += *pem + "\n";
    }
    for (const auto &cert : filesEndingIn(dir, ".cert")) {
        std::string key = cert.substr(0, cert.size() - 5) + ".key";
        if (::access(key.c_str(), R_OK) == 0) {
            tls.clientCert = cert;
            tls.clientKey = key;
            break;
        }
    }
    return tls;
}

RegistrySession::RegistrySession(Endpoint endpoint, std::optional<Credentials> credentials,
                                 const PullOptions &options)
    : m_endpoint(std::move(endpoint)), m_credentials(std::move(credentials)),
      m_tls(tlsFor(m_endpoint.host, m_endpoint.insecure, options)), m_stall(options.stallTimeout),
      m_certDirectory(options.certDirectory)
{
}

std::string RegistrySession::pullScope() const
{
    return "repository:" + m_endpoint.repository + ":pull";
}

std::string RegistrySession::baseUrl() const
{
    std::lock_guard lock(m_mutex);
    return m_scheme + "://" + m_endpoint.host + "/v2/";
}

std::string RegistrySession::authorization() const
{
    std::lock_guard lock(m_mutex);
    if (!m_token.empty())
        return "Authorization: Bearer " + m_token;
    if (m_basic && m_credentials)
        return "Authorization: Basic " +
               base64Encode(m_credentials->username + ":" + m_credentials->password);
    return {};
}

Result<HttpResponse> RegistrySession::once(HttpClient &http, const std::string &url,
                                           const std::vector<std::string> &headers,
                                           const BodySink &sink, size_t limit, uint64_t rangeFrom,
                                           const std::string &method)
{
    HttpRequest request;
    request.method = method;
    request.url = url;
    request.headers = headers;
    if (auto auth = authorization(); !auth.empty())
        request.headers.push_back(auth);
    request.rangeFrom = rangeFrom;
    request.tls = m_tls;
    request.stallTimeout = m_stall;
    auto response = http.perform(request, sink, limit);
    // A certificate this machine does not trust: say where a private registry's CA goes.
    if (!response && response.error().code == EPROTO && m_tls.verify &&
        response.error().message.find("certificate") != std::string::npos)
        return makeError(EPROTO, response.error().message + " (a private registry's CA goes in " +
                                     m_certDirectory + "/" + m_endpoint.host + "/ca.crt)");
    return response;
}

Result<HttpResponse> RegistrySession::get(HttpClient &http, const std::string &path,
                                          std::vector<std::string> headers, const BodySink &sink,
                                          size_t limit, uint64_t rangeFrom,
                                          const std::string &method)
{
    bool schemeKnown = false;
    {
        std::lock_guard lock(m_mutex);
        schemeKnown = m_schemeKnown;
    }
    auto response = once(http, baseUrl() + path, headers, sink, limit, rangeFrom, method);
    if (!schemeKnown) {
        // An insecure registry may not speak TLS at all: then plain HTTP, as podman does.
        if (!response && m_endpoint.insecure && response.error().code == EPROTO) {
            {
                std::lock_guard lock(m_mutex);
                m_scheme = "http";
            }
            response = once(http, baseUrl() + path, headers, sink, limit, rangeFrom, method);
        }
        if (response) {
            std::lock_guard lock(m_mutex);
            m_schemeKnown = true;
        }
    }
    if (!response || response->status != 401)
        return response;
    GB_TRY(authenticate(http, *response, m_endpoint.repository.empty() ? "" : pullScope()));
    return once(http, baseUrl() + path, headers, sink, limit, rangeFrom, method);
}

Status RegistrySession::authenticate(HttpClient &http, const HttpResponse &challenge,
                                     const std::string &scope)
{
    const std::string host = m_endpoint.host;
    const auto challenges = parseAuthChallenges(challenge.header("www-authenticate"));
    const AuthChallenge *bearer = nullptr;
    const AuthChallenge *basic = nullptr;
    for (const auto &c : challenges) {
        if (c.scheme == "bearer" && bearer == nullptr)
            bearer = &c;
        if (c.scheme == "basic" && basic == nullptr)
            basic = &c;
    }
    if (bearer == nullptr && basic != nullptr) {
        if (!m_credentials)
            return makeError(EACCES, "401 Unauthorized from " + host +
                                         ": the registry needs a user name and password "
                                         "(glassboxctl login " +
                                         host + ")");
        std::lock_guard lock(m_mutex);
        if (m_basic) // sent already, and refused
            return makeError(EACCES,
                             "401 Unauthorized from " + host + ": wrong user name or password");
        m_basic = true;
        return {};
    }
    if (bearer == nullptr)
        return makeError(EACCES, "401 Unauthorized from " + host +
                                     " without a challenge this "
                                     "client knows (WWW-Authenticate: " +
                                     quoted(challenge.header("www-authenticate")) + ")");
    auto realm = bearer->parameters.find("realm");
    if (realm == bearer->parameters.end() || realm->second.empty())
        return makeError(EPROTO, "the bearer challenge of " + host + " names no realm");
    const std::string &realmUrl = realm->second;
    if (!realmUrl.starts_with("https://") && !realmUrl.starts_with("http://"))
        return makeError(EPROTO, "the token realm " + quoted(realmUrl) + " of " + host +
                                     " is not an http(s) URL");
    // Credentials go over plain HTTP only to a registry the configuration calls insecure.
    if (realmUrl.starts_with("http://") && m_credentials && !m_endpoint.insecure)
        return makeError(EACCES, "the token realm " + quoted(realmUrl) + " of " + host +
                                     " is plain HTTP; credentials are not sent there unless "
                                     "the registry is marked insecure in registries.conf");
    std::string url = realmUrl + (realmUrl.find('?') == std::string::npos ? "?" : "&");
    if (auto service = bearer->parameters.find("service"); service != bearer->parameters.end())
        url += "service=" + urlEncode(service->second) + "&";
    // The challenge's own scope first: it names what this request needs (a catalog, say).
    auto wanted = bearer->parameters.find("scope");
    const std::string asked =
        wanted != bearer->parameters.end() && !wanted->second.empty() ? wanted->second : scope;
    if (!asked.empty())
        url += "scope=" + urlEncode(asked);
    HttpRequest request;
    request.url = url;
    request.stallTimeout = m_stall;
    // The token service is usually another host (auth.docker.io); its TLS settings are its own.
    {
        PullOptions tlsOptions;
        tlsOptions.tlsVerify = m_tls.verify;
        auto start = url.find("://") + 3;
        auto end = url.find_first_of("/?", start);
        request.tls = tlsFor(url.substr(start, end - start), m_endpoint.insecure, tlsOptions);
        request.tls.verify = m_tls.verify;
        if (request.tls.caBundle.empty())
            request.tls.caBundle = m_tls.caBundle;
    }
    if (m_credentials && m_credentials->username != "<token>")
        request.headers.push_back(
            "Authorization: Basic " +
            base64Encode(m_credentials->username + ":" + m_credentials->password));
    auto response = http.perform(request, {}, 1 << 20);
    if (!response)
        return withContext(response.error(), "token from " + quoted(realmUrl));
    if (response->status == 401 || response->status == 403) {
        const std::string said = registryMessage(response->body);
        return makeError(EACCES, std::to_string(response->status) + " from the token service of " +
                                     host + ": " +
                                     (m_credentials ? "wrong user name or password"
                                                    : "the registry needs a user name and "
                                                      "password (glassboxctl login " +
                                                          host + ")") +
                                     (said.empty() ? "" : " (" + said + ")"));
    }
    if (response->status != 200)
        return makeError(EPROTO, "the token service of " + host + " answered " +
                                     std::to_string(response->status));
    std::string token;
    try {
        auto json = nlohmann::json::parse(response->body);
        token = json.value("token", std::string());
        if (token.empty())
            token = json.value("access_token", std::string());
    } catch (const nlohmann::json::exception &) {
    }
    if (token.empty())
        return makeError(EPROTO, "the token service of " + host + " gave no token");
    std::lock_guard lock(m_mutex);
    m_token = std::move(token);
    return {};
}

Error RegistrySession::httpError(const HttpResponse &response, const std::string &what) const
{
    const std::string host = m_endpoint.host;
    const std::string said = registryMessage(response.body);
    const std::string detail = said.empty() ? std::string() : " (" + said + ")";
    switch (response.status) {
    case 401:
        return {EACCES, "401 Unauthorized from " + host + " for " + what +
                            (m_credentials ? ": wrong user name or password, or no access"
                                           : ": log in first (glassboxctl login " + host + ")") +
                            detail};
    case 403:
        return {EACCES, "403 Forbidden from " + host + " for " + what +
                            ": the account may not pull " + m_endpoint.repository + detail};
    case 404:
        return {ENOENT, "404 Not Found from " + host + ": " + what + " of " +
                            m_endpoint.repository + " does not exist" + detail};
    case 429: {
        std::string retry = response.header("retry-after");
        return {EAGAIN, "429 Too Many Requests from " + host + ": the registry's rate limit" +
                            (retry.empty() ? std::string() : ", retry after " + retry + " s") +
                            detail};
    }
    default:
        return {EIO, std::to_string(response.status) + " from " + host + " for " + what + detail};
    }
}

} // namespace glassbox::image
