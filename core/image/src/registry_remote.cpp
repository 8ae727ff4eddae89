// What the clients ask a registry without the store: a manifest, whether credentials work
// (login), which repositories match (search). The manifest fetch is the pull's too.
#include "glassbox/image/digest.h"
#include "glassbox/image/image_config.h"
#include "glassbox/image/registry.h"
#include "registry_session.h"

#include <nlohmann/json.hpp>

namespace glassbox::image {

namespace {

constexpr size_t kManifestLimit = 4 << 20;

const std::string kAcceptManifests =
    "Accept: " + std::string(media::OciIndex) + ", " + std::string(media::DockerManifestList) +
    ", " + std::string(media::OciManifest) + ", " + std::string(media::DockerManifest);

} // namespace

std::string mismatchText(std::string_view what, std::string_view expected, std::string_view actual)
{
    return std::string(what) + ": digest mismatch: expected " + quoted(expected) +
           ", the bytes have " + quoted(actual);
}

Result<std::vector<std::unique_ptr<RegistrySession>>> sessionsFor(const Reference &reference,
                                                                  const PullOptions &options)
{
    auto endpoints = endpointsFor(options.registries, reference);
    if (!endpoints)
        return tl::unexpected(endpoints.error());
    std::vector<std::unique_ptr<RegistrySession>> sessions;
    for (auto &endpoint : *endpoints)
        sessions.push_back(
            std::make_unique<RegistrySession>(std::move(endpoint), options.credentials, options));
    return sessions;
}

Result<FetchedManifest> getManifest(RegistrySession &session, HttpClient &http,
                                    const std::string &tagOrDigest)
{
    const std::string what = "manifest " + quoted(tagOrDigest);
    auto response = session.get(http, session.endpoint().repository + "/manifests/" + tagOrDigest,
                                {kAcceptManifests}, {}, kManifestLimit);
    if (!response)
        return withContext(response.error(), what + " from " + session.endpoint().host);
    if (response->status != 200)
        return tl::unexpected(session.httpError(*response, what));
    FetchedManifest fetched;
    fetched.bytes = std::move(response->body);
    fetched.digest = sha256Digest(fetched.bytes);
    if (tagOrDigest.starts_with("sha256:") && fetched.digest != tagOrDigest)
        return makeError(EBADMSG, mismatchText(what + " from " + session.endpoint().host,
                                               tagOrDigest, fetched.digest));
    const std::string said = response->header("docker-content-digest");
    if (said.starts_with("sha256:") && said != fetched.digest)
        return makeError(EBADMSG, mismatchText(what + " from " + session.endpoint().host +
                                                   " (its Docker-Content-Digest header)",
                                               said, fetched.digest));
    try {
        auto json = nlohmann::json::parse(fetched.bytes);
        fetched.mediaType = json.value("mediaType", std::string());
        if (fetched.mediaType.empty() && json.contains("manifests"))
            fetched.mediaType = media::OciIndex;
    } catch (const nlohmann::json::exception &error) {
        return makeError(EINVAL, what + " from " + session.endpoint().host +
                                     " is not JSON: " + error.what());
    }
    if (fetched.mediaType.empty()) {
        // OCI allows leaving mediaType out of a manifest: the Content-Type says it then.
        fetched.mediaType = response->header("content-type");
        fetched.mediaType = fetched.mediaType.substr(0, fetched.mediaType.find(';'));
    }
    return fetched;
}

Result<RemoteManifest> fetchManifest(std::string_view referenceText, const PullOptions &options)
{
    auto reference = parseReference(referenceText);
    if (!reference)
        return tl::unexpected(reference.error());
    auto sessions = sessionsFor(*reference, options);
    if (!sessions)
        return tl::unexpected(sessions.error());
    HttpClient http(options.cancelled);
    std::optional<Error> error;
    for (auto &session : *sessions) {
        auto fetched = getManifest(*session, http,
                                   reference->digest.empty() ? reference->tag : reference->digest);
        if (fetched)
            return RemoteManifest{std::move(fetched->bytes), std::move(fetched->mediaType),
                                  std::move(fetched->digest), session->endpoint().host};
        error = fetched.error();
    }
    return tl::unexpected(error.value_or(Error{ENOENT, "no registry to ask"}));
}

Status checkLogin(std::string_view registry, const Credentials &credentials,
                  const PullOptions &options)
{
    Reference reference;
    reference.domain = std::string(registry);
    reference.path = "x"; // any repository: only the registry's endpoint is wanted
    auto endpoints = endpointsFor(options.registries, reference);
    if (!endpoints)
        return tl::unexpected(endpoints.error());
    Endpoint endpoint = endpoints->back(); // the registry itself, not a mirror
    endpoint.repository.clear();
    RegistrySession session(endpoint, credentials, options);
    HttpClient http(options.cancelled);
    auto response = session.get(http, "", {}, {}, 1 << 20);
    if (!response)
        return withContext(response.error(), "log in to " + std::string(registry));
    if (response->status != 200)
        return withContext(session.httpError(*response, "/v2/"),
                           "log in to " + std::string(registry));
    return {};
}

Result<std::vector<SearchResult>> searchRegistry(std::string_view registry, std::string_view term,
                                                 size_t limit, const PullOptions &options)
{
    std::vector<SearchResult> results;
    HttpClient http(options.cancelled);
    const std::string host(registry);
    if (host == "docker.io") {
        // Docker Hub's search API (the v2 API has none).
        HttpRequest request;
        request.url = "https://index.docker.io/v1/search?q=" + urlEncode(term) +
                      "&n=" + std::to_string(std::min<size_t>(limit, 100));
        request.stallTimeout = options.stallTimeout;
        auto response = http.perform(request, {}, 4 << 20);
        if (!response)
            return withContext(response.error(), "search Docker Hub");
        if (response->status != 200)
            return makeError(EIO,
                             "search Docker Hub: it answered " + std::to_string(response->status));
        try {
            // Parsed into a variable: a range-for over a member of a temporary would
            // outlive it.
            const nlohmann::json answer = nlohmann::json::parse(response->body);
            for (const auto &item : answer.at("results")) {
                SearchResult result;
                result.name = "docker.io/" + item.value("name", std::string());
                result.description = item.value("description", std::string());
                result.stars = item.value("star_count", uint64_t(0));
                result.official = item.value("is_official", false);
                results.push_back(std::move(result));
                if (results.size() == limit)
                    break;
            }
        } catch (const nlohmann::json::exception &error) {
            return makeError(EPROTO,
                             std::string("search Docker Hub: unexpected answer: ") + error.what());
        }
        return results;
    }
    Reference reference;
    reference.domain = host;
    reference.path = "x";
    auto endpoints = endpointsFor(options.registries, reference);
    if (!endpoints)
        return tl::unexpected(endpoints.error());
    Endpoint endpoint = endpoints->back();
    endpoint.repository.clear();
    RegistrySession session(endpoint, options.credentials, options);
    // 1000: the most the distribution registry gives in one page (it refuses a larger n).
    auto response = session.get(http, "_catalog?n=1000", {}, {}, 16 << 20);
    if (!response)
        return withContext(response.error(), "search " + host);
    if (response->status != 200)
        return withContext(session.httpError(*response, "the catalog"),
                           "search " + host + " (a registry may not list its repositories)");
    try {
        const nlohmann::json answer = nlohmann::json::parse(response->body);
        for (const auto &name : answer.at("repositories")) {
            const std::string repository = name.get<std::string>();
            if (repository.find(term) == std::string::npos)
                continue;
            results.push_back({host + "/" + repository, {}, 0, false});
            if (results.size() == limit)
                break;
        }
    } catch (const nlohmann::json::exception &error) {
        return makeError(EPROTO, "search " + host + ": unexpected answer: " + error.what());
    }
    return results;
}

} // namespace glassbox::image
