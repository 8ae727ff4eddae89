#include "http_client.h"

#include <algorithm>
#include <cctype>
#include <curl/curl.h>
#include <mutex>

namespace glassbox::image {

namespace {

std::string lowercase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return std::string(text);
}

/// The host[:port] of a URL, for messages.
std::string hostOf(const std::string &url)
{
    auto start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    auto end = url.find_first_of("/?#", start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

/// What a transfer collects while libcurl calls back.
struct Transfer
{
    const BodySink *sink = nullptr;
    size_t limit = 0;
    HttpResponse response;
    bool overLimit = false;
    bool sinkStopped = false;
    const std::function<bool()> *cancelled = nullptr;

    [[nodiscard]] bool stopRequested() const { return *cancelled && (*cancelled)(); }
};

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *transfer = static_cast<Transfer *>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        // A new response (after a redirect or a 100 Continue): only the last one counts.
        transfer->response.headers.clear();
        transfer->response.body.clear();
        return size * count;
    }
    auto colon = line.find(':');
    if (colon != std::string_view::npos)
        transfer->response.headers[lowercase(std::string(line.substr(0, colon)))] =
            trim(line.substr(colon + 1));
    return size * count;
}

size_t onBody(char *data, size_t size, size_t count, void *user)
{
    auto *transfer = static_cast<Transfer *>(user);
    const size_t bytes = size * count;
    // The status is known once the headers are in; error bodies are collected, not sunk.
    if (transfer->sink != nullptr && *transfer->sink) {
        const long status = transfer->response.status;
        if (status == 200 || status == 206) {
            if (transfer->stopRequested() || !(*transfer->sink)(transfer->response, data, bytes)) {
                transfer->sinkStopped = true;
                return 0;
            }
            return bytes;
        }
    }
    const size_t limit = transfer->sink != nullptr && *transfer->sink ? 64 << 10 : transfer->limit;
    if (transfer->response.body.size() + bytes > limit) {
        transfer->overLimit = true;
        return 0;
    }
    transfer->response.body.append(data, bytes);
    return bytes;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    auto *transfer = static_cast<Transfer *>(user);
    return transfer->stopRequested() ? 1 : 0;
}

std::once_flag curlInitialised;

} // namespace

std::string HttpResponse::header(const std::string &lowercaseName) const
{
    auto it = headers.find(lowercaseName);
    return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(std::function<bool()> cancelled) : m_cancelled(std::move(cancelled))
{
    std::call_once(curlInitialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_curl = curl_easy_init();
}

HttpClient::~HttpClient()
{
    if (m_curl != nullptr)
        curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

Result<HttpResponse> HttpClient::perform(const HttpRequest &request, const BodySink &sink,
                                         size_t limit)
{
    auto *curl = static_cast<CURL *>(m_curl);
    if (curl == nullptr)
        return makeError(ENOMEM, "cannot set up an HTTP transfer (curl_easy_init failed)");
    curl_easy_reset(curl);
    Transfer transfer;
    transfer.sink = &sink;
    transfer.limit = limit;
    transfer.cancelled = &m_cancelled;

    // The status must be known before the first body byte: libcurl reports it in the header
    // callback's status line, which we parse here rather than ask for after the transfer.
    auto statusAware = [](char *data, size_t size, size_t count, void *user) -> size_t {
        auto *t = static_cast<Transfer *>(user);
        std::string_view line(data, size * count);
        if (line.starts_with("HTTP/")) {
            auto space = line.find(' ');
            if (space != std::string_view::npos)
                t->response.status =
                    std::strtol(std::string(line.substr(space + 1, 3)).c_str(), nullptr, 10);
        }
        return onHeader(data, size, count, user);
    };
    curl_slist *headers = nullptr;
    for (const auto &header : request.headers)
        headers = curl_slist_append(headers, header.c_str());
    char errorText[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION,
                     static_cast<size_t (*)(char *, size_t, size_t, void *)>(statusAware));
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    // Registries send blobs to a CDN with a redirect; libcurl drops a custom Authorization
    // header when the host changes (CURLOPT_UNRESTRICTED_AUTH stays off).
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
    // A connection that moves less than a byte a second for stallTimeout is given up on.
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(request.stallTimeout.count()));
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "glassbox/1 (OCI distribution client; libcurl)");
    // No Accept-Encoding: digests are of the bytes as stored, and a range of a blob must be a
    // range of those bytes, so nothing is asked to come compressed for the transfer.
    if (request.method == "HEAD")
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    std::string range;
    if (request.rangeFrom > 0) {
        range = std::to_string(request.rangeFrom) + "-";
        curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str());
    }
    if (!request.tls.verify) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    curl_blob bundle{const_cast<char *>(request.tls.caBundle.data()), request.tls.caBundle.size(),
                     CURL_BLOB_NOCOPY};
    if (!request.tls.caBundle.empty())
        curl_easy_setopt(curl, CURLOPT_CAINFO_BLOB, &bundle);
    if (!request.tls.clientCert.empty()) {
        curl_easy_setopt(curl, CURLOPT_SSLCERT, request.tls.clientCert.c_str());
        curl_easy_setopt(curl, CURLOPT_SSLKEY, request.tls.clientKey.c_str());
    }

    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    const std::string host = hostOf(request.url);
    if (code != CURLE_OK) {
        if (code == CURLE_ABORTED_BY_CALLBACK || transfer.stopRequested())
            return makeError(ECANCELED, "cancelled");
        if (code == CURLE_WRITE_ERROR && transfer.overLimit)
            return makeError(EFBIG, "the answer from " + host + " is larger than " +
                                        std::to_string(limit) + " bytes");
        if (code == CURLE_WRITE_ERROR && transfer.sinkStopped)
            return makeError(ECANCELED, "the transfer from " + host + " was stopped");
        const std::string detail = errorText[0] != '\0' ? errorText : curl_easy_strerror(code);
        switch (code) {
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CERTPROBLEM:
            return makeError(EPROTO, "TLS with " + host + " failed: " + detail);
        case CURLE_COULDNT_RESOLVE_HOST:
            return makeError(EHOSTUNREACH, "cannot resolve " + host + ": " + detail);
        case CURLE_COULDNT_CONNECT:
            return makeError(ECONNREFUSED, "cannot connect to " + host + ": " + detail);
        case CURLE_OPERATION_TIMEDOUT:
            return makeError(ETIMEDOUT, "no data from " + host + " for " +
                                            std::to_string(request.stallTimeout.count()) +
                                            " s: " + detail);
        default:
            return makeError(EIO, "HTTP from " + host + " failed: " + detail);
        }
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = status;
    char *effective = nullptr;
    curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
    if (effective != nullptr)
        transfer.response.url = effective;
    return std::move(transfer.response);
}

std::string base64Encode(std::string_view data)
{
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const uint32_t v =
            (uint8_t(data[i]) << 16) | (uint8_t(data[i + 1]) << 8) | uint8_t(data[i + 2]);
        for (int shift : {18, 12, 6, 0})
            out += kAlphabet[(v >> shift) & 63];
    }
    if (i < data.size()) {
        uint32_t v = uint8_t(data[i]) << 16;
        if (i + 1 < data.size())
            v |= uint8_t(data[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

Result<std::string> base64Decode(std::string_view text)
{
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+' || c == '-')
            return 62;
        if (c == '/' || c == '_')
            return 63;
        return -1;
    };
    std::string out;
    uint32_t bits = 0;
    int count = 0;
    for (char c : text) {
        if (c == '=' || c == '\n' || c == '\r')
            continue;
        const int v = value(c);
        if (v < 0)
            return makeError(EINVAL, "not base64: " + quoted(std::string(1, c)));
        bits = (bits << 6) | uint32_t(v);
        if (++count == 4) {
            out += char((bits >> 16) & 0xff);
            out += char((bits >> 8) & 0xff);
            out += char(bits & 0xff);
            bits = 0;
            count = 0;
        }
    }
    if (count == 1)
        return makeError(EINVAL, "truncated base64");
    if (count == 2)
        out += char((bits >> 4) & 0xff);
    if (count == 3) {
        out += char((bits >> 10) & 0xff);
        out += char((bits >> 2) & 0xff);
    }
    return out;
}

std::string urlEncode(std::string_view text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::vector<AuthChallenge> parseAuthChallenges(std::string_view header)
{
    // challenge = scheme [ 1*SP auth-param *( "," auth-param ) ], challenges separated by ","
    // too: a token followed by a space starts a new challenge, a token followed by '=' is a
    // parameter of the current one.
    std::vector<AuthChallenge> challenges;
    size_t i = 0;
    auto skipSpace = [&] {
        while (i < header.size() && (header[i] == ' ' || header[i] == '\t' || header[i] == ','))
            ++i;
    };
    auto token = [&] {
        size_t start = i;
        while (i < header.size() && header[i] != '=' && header[i] != ' ' && header[i] != ',' &&
               header[i] != '\t')
            ++i;
        return std::string(header.substr(start, i - start));
    };
    while (true) {
        skipSpace();
        if (i >= header.size())
            break;
        std::string name = token();
        if (i < header.size() && header[i] == '=' && !challenges.empty()) {
            ++i;
            std::string value;
            if (i < header.size() && header[i] == '"') {
                ++i;
                while (i < header.size() && header[i] != '"') {
                    if (header[i] == '\\' && i + 1 < header.size())
                        ++i;
                    value += header[i++];
                }
                ++i; // the closing quote
            } else {
                value = token();
            }
            challenges.back().parameters[lowercase(name)] = value;
        } else {
            challenges.push_back({lowercase(name), {}});
        }
    }
    return challenges;
}

} // namespace glassbox::image
