// A pull: the manifest (through an index to this machine's platform), the config, the layers
// the store lacks downloaded in parallel into <root>/downloads/<pid>-<random>/ and verified
// as they stream, then stored by commitPlans() as an import is. The download directory is
// private to the pull and removed whatever happens; nothing in it is ever extracted before
// its digest has been checked.
#include "glassbox/image/pull.h"
#include "fs_util.h"
#include "glassbox/fd.h"
#include "glassbox/image/digest.h"
#include "glassbox/image/image_config.h"
#include "glassbox/image/reference.h"
#include "http_client.h"
#include "import_plan.h"
#include "registry_session.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <signal.h>
#include <thread>
#include <unistd.h>

namespace glassbox::image {

namespace {

constexpr size_t kConfigLimit = 16 << 20;
constexpr const char *kDownloads = "downloads";

/// pwrite of all of `data` at `offset`, through short writes and EINTR.
Status writeAllAt(int fd, const char *data, size_t size, uint64_t offset)
{
    while (size > 0) {
        const ssize_t written = ::pwrite(fd, data, size, static_cast<off_t>(offset));
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0)
            return sysError("write a download");
        data += written;
        size -= static_cast<size_t>(written);
        offset += static_cast<uint64_t>(written);
    }
    return {};
}

/// Waits `delay` unless the pull is stopped meanwhile; false when it was.
bool pause(std::chrono::milliseconds delay, const std::function<bool()> &stopped)
{
    for (auto waited = std::chrono::milliseconds(0); waited < delay;
         waited += std::chrono::milliseconds(100)) {
        if (stopped())
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return !stopped();
}

/// The manifest for `os`/`architecture` in an index; attestation entries ("unknown/unknown")
/// are passed over.
Result<Descriptor> choosePlatform(const Index &index, const std::string &os,
                                  const std::string &architecture, const std::string &digest)
{
    std::set<std::string> offered;
    for (const auto &m : index.manifests) {
        if (m.os == "unknown")
            continue;
        offered.insert(m.os + "/" + m.architecture);
        if ((m.os.empty() || m.os == os) &&
            (m.architecture.empty() || m.architecture == architecture))
            return m;
    }
    std::string list;
    for (const auto &platform : offered)
        list += (list.empty() ? "" : ", ") + platform;
    return makeError(ENOENT, "the image index " + quoted(digest) + " has no manifest for " + os +
                                 "/" + architecture +
                                 (list.empty() ? std::string() : " (it has " + list + ")"));
}

struct Resolved
{
    FetchedManifest manifest;
    std::string indexDigest;
    Manifest parsed;
};

/// The platform manifest for `reference` at one endpoint.
Result<Resolved> resolveManifest(RegistrySession &session, HttpClient &http,
                                 const Reference &reference, const PullOptions &options)
{
    const std::string architecture =
        options.architecture.empty() ? hostArchitecture() : options.architecture;
    auto fetched =
        getManifest(session, http, reference.digest.empty() ? reference.tag : reference.digest);
    if (!fetched)
        return tl::unexpected(fetched.error());
    Resolved resolved;
    for (int depth = 0; isIndexMediaType(fetched->mediaType); ++depth) {
        if (depth == 4)
            return makeError(EINVAL, "image indexes nested more than 4 deep");
        auto index = parseIndex(fetched->bytes);
        if (!index)
            return withContext(index.error(), "image index " + quoted(fetched->digest));
        auto chosen = choosePlatform(*index, options.os, architecture, fetched->digest);
        if (!chosen)
            return tl::unexpected(chosen.error());
        if (auto valid = validateDigest(chosen->digest); !valid)
            return withContext(valid.error(), "image index " + quoted(fetched->digest));
        if (resolved.indexDigest.empty())
            resolved.indexDigest = fetched->digest;
        fetched = getManifest(session, http, chosen->digest);
        if (!fetched)
            return tl::unexpected(fetched.error());
    }
    if (!isManifestMediaType(fetched->mediaType))
        return makeError(EINVAL, "manifest " + quoted(fetched->digest) + " has media type " +
                                     quoted(fetched->mediaType) +
                                     ", which is neither an OCI manifest nor a Docker schema 2 "
                                     "one (schema 1 images are not supported)");
    auto manifest = parseManifest(fetched->bytes);
    if (!manifest)
        return withContext(manifest.error(), "manifest " + quoted(fetched->digest));
    GB_TRY(validateDigest(manifest->config.digest));
    for (const auto &layer : manifest->layers) {
        GB_TRY(validateDigest(layer.digest));
        if (layer.mediaType == media::DockerForeignLayer || !isLayerMediaType(layer.mediaType))
            return makeError(EINVAL, "layer " + quoted(layer.digest) + " has media type " +
                                         quoted(layer.mediaType) + ", which is not a Linux layer");
        if (layer.size > options.maxLayerBytes)
            return makeError(EFBIG, "layer " + quoted(layer.digest) + " is " +
                                        std::to_string(layer.size) +
                                        " bytes, more than the limit "
                                        "of " +
                                        std::to_string(options.maxLayerBytes));
    }
    resolved.manifest = std::move(*fetched);
    resolved.parsed = std::move(*manifest);
    return resolved;
}

Result<std::string> getConfig(RegistrySession &session, HttpClient &http, const Descriptor &d)
{
    const std::string what = "config " + quoted(d.digest);
    if (d.size > kConfigLimit)
        return makeError(EFBIG, what + " is " + std::to_string(d.size) + " bytes");
    auto response = session.get(http, session.endpoint().repository + "/blobs/" + d.digest, {}, {},
                                kConfigLimit);
    if (!response)
        return withContext(response.error(), what + " from " + session.endpoint().host);
    if (response->status != 200)
        return tl::unexpected(session.httpError(*response, what));
    const std::string actual = sha256Digest(response->body);
    if (actual != d.digest)
        return makeError(EBADMSG,
                         mismatchText(what + " from " + session.endpoint().host, d.digest, actual));
    return std::move(response->body);
}

/// <root>/downloads/<pid>-<random>: created for one pull, removed with everything in it when
/// the pull ends, however it ends.
class DownloadDirectory
{
public:
    static Result<DownloadDirectory> create(const ImageStore &store)
    {
        const std::string parent = store.root() + "/" + kDownloads;
        GB_TRY(makeDirs(parent));
        int parentFd = ::open(parent.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
        if (parentFd < 0)
            return sysError("open " + quoted(parent));
        DownloadDirectory dir;
        dir.m_parent = UniqueFd(parentFd);
        dir.m_name = std::to_string(::getpid()) + "-" + randomHex(8);
        if (::mkdirat(parentFd, dir.m_name.c_str(), 0700) != 0)
            return sysError("create " + quoted(parent + "/" + dir.m_name));
        int fd = ::openat(parentFd, dir.m_name.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return sysError("open " + quoted(parent + "/" + dir.m_name));
        dir.m_fd = UniqueFd(fd);
        dir.m_path = parent + "/" + dir.m_name;
        return dir;
    }
    DownloadDirectory(DownloadDirectory &&) = default;
    DownloadDirectory &operator=(DownloadDirectory &&) = default;
    ~DownloadDirectory()
    {
        if (m_parent.valid())
            (void)removeTree(m_parent.get(), m_name);
    }
    [[nodiscard]] int fd() const { return m_fd.get(); }
    [[nodiscard]] const std::string &path() const { return m_path; }

private:
    DownloadDirectory() = default;
    UniqueFd m_parent;
    UniqueFd m_fd;
    std::string m_name;
    std::string m_path;
};

/// What the threads of one pull share: the observer's view of the layers, and whether the
/// pull must stop (cancelled, or another download failed).
class PullState
{
public:
    explicit PullState(const PullOptions &options) : m_options(options) {}

    /// Cancelled by the caller, by the observer, or after a download failed.
    [[nodiscard]] bool stopped() const
    {
        return m_stop.load() || (m_options.cancelled && m_options.cancelled());
    }
    [[nodiscard]] bool cancelledByCaller() const { return m_cancelled.load(); }

    /// Reports an event; false (and the pull stops) when the observer cancels.
    bool report(PullEvent::Kind kind, size_t layer)
    {
        std::lock_guard lock(m_mutex);
        m_event.kind = kind;
        m_event.layer = layer;
        return deliver();
    }
    void setLayers(std::vector<PullEvent::Layer> layers, std::string manifestDigest)
    {
        std::lock_guard lock(m_mutex);
        m_event.layers = std::move(layers);
        m_event.manifestDigest = std::move(manifestDigest);
    }
    /// `done` bytes of layer `index` are verified; reported when it moved on by a percent.
    bool progress(size_t index, uint64_t done)
    {
        std::lock_guard lock(m_mutex);
        PullEvent::Layer &layer = m_event.layers[index];
        const uint64_t step = std::max<uint64_t>(layer.size / 100, 256 << 10);
        const bool due = done < layer.done || done - layer.done >= step || done == layer.size;
        if (done < layer.done)
            layer.done = 0; // a restart from the beginning
        if (!due)
            return !stopped();
        layer.done = done;
        m_event.kind = PullEvent::Kind::Downloading;
        m_event.layer = index;
        return deliver();
    }
    void markDone(size_t index)
    {
        std::lock_guard lock(m_mutex);
        m_event.layers[index].done = m_event.layers[index].size;
    }
    void fail(Error error)
    {
        std::lock_guard lock(m_mutex);
        if (!m_error)
            m_error = std::move(error);
        m_stop = true;
    }
    [[nodiscard]] std::optional<Error> error() const
    {
        std::lock_guard lock(m_mutex);
        return m_error;
    }

private:
    bool deliver()
    {
        if (m_options.cancelled && m_options.cancelled()) {
            m_cancelled = true;
            m_stop = true;
        }
        if (!m_stop && m_options.observer && !m_options.observer(m_event)) {
            m_cancelled = true;
            m_stop = true;
        }
        return !m_stop;
    }

    const PullOptions &m_options;
    mutable std::mutex m_mutex;
    PullEvent m_event;
    std::optional<Error> m_error;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cancelled{false};
};

/// Whether a failed attempt is worth another: the connection broke, stalled or was refused
/// for a moment, or the registry is busy.
bool transient(const Error &error)
{
    return error.code == EIO || error.code == ETIMEDOUT || error.code == ECONNREFUSED ||
           error.code == ECONNRESET || error.code == EAGAIN;
}

/// Downloads blob `d` into `file` below the download directory, hashing as it goes; a broken
/// transfer continues with a Range request from the last byte written. The file holds the
/// verified blob when this succeeds.
Status downloadBlob(RegistrySession &session, HttpClient &http, const Descriptor &d, int dirFd,
                    const std::string &file, size_t index, PullState &state)
{
    int raw = ::openat(dirFd, file.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (raw < 0)
        return sysError("create the download file for " + quoted(d.digest));
    UniqueFd fd(raw);
    const std::string what = "layer " + quoted(d.digest);
    const std::string host = session.endpoint().host;
    Sha256 hash;
    uint64_t have = 0;
    std::optional<Error> last;
    for (int attempt = 0; attempt < kDownloadAttempts; ++attempt) {
        if (attempt > 0) {
            // 0.5 s, 1 s, 2 s, 4 s: a registry or proxy that broke the connection gets time.
            auto delay = std::chrono::milliseconds(500 << (attempt - 1));
            if (!pause(delay, [&] { return state.stopped(); }))
                return makeError(ECANCELED, "cancelled");
        }
        std::optional<Error> sinkError;
        bool first = true;
        const uint64_t from = have;
        auto sink = [&](const HttpResponse &response, const char *data, size_t size) {
            if (first) {
                first = false;
                // A 200 to a Range request is the whole blob again: start over.
                if (response.status == 200 && have > 0) {
                    have = 0;
                    hash = Sha256();
                    if (::ftruncate(fd.get(), 0) != 0) {
                        sinkError = Error{errno, "truncate the download of " + what};
                        return false;
                    }
                }
                if (response.status == 206) {
                    const std::string range = response.header("content-range");
                    if (!range.starts_with("bytes " + std::to_string(from) + "-")) {
                        sinkError = Error{EPROTO, host + " answered the range request for " + what +
                                                      " with " + quoted(range)};
                        return false;
                    }
                }
            }
            if (have + size > d.size) {
                sinkError = Error{EBADMSG, host + " sent more than the " + std::to_string(d.size) +
                                               " bytes the manifest "
                                               "gives for " +
                                               what};
                return false;
            }
            if (auto written = writeAllAt(fd.get(), data, size, have); !written) {
                sinkError = written.error();
                return false;
            }
            hash.update(data, size);
            have += size;
            return state.progress(index, have);
        };
        auto response = session.get(http, session.endpoint().repository + "/blobs/" + d.digest, {},
                                    sink, kConfigLimit, have);
        if (sinkError)
            return withContext(*sinkError, "download from " + host);
        if (!response && response.error().code == ECANCELED)
            return tl::unexpected(response.error());
        if (!response) {
            if (!transient(response.error()))
                return withContext(response.error(), what + " from " + host);
            last = response.error();
            continue;
        }
        if (response->status == 416) { // the range is past the blob: start over
            have = 0;
            hash = Sha256();
            if (::ftruncate(fd.get(), 0) != 0)
                return sysError("truncate the download of " + what);
            last = session.httpError(*response, what);
            continue;
        }
        if (response->status == 429 || response->status >= 500) {
            last = session.httpError(*response, what);
            long wait = std::strtol(response->header("retry-after").c_str(), nullptr, 10);
            if (wait > 0 &&
                !pause(std::chrono::seconds(std::min(wait, 10L)), [&] { return state.stopped(); }))
                return makeError(ECANCELED, "cancelled");
            continue;
        }
        if (response->status != 200 && response->status != 206)
            return tl::unexpected(session.httpError(*response, what));
        if (have < d.size) { // the connection ended early without an error libcurl saw
            last =
                Error{EIO, host + " ended the transfer of " + what + " after " +
                               std::to_string(have) + " of " + std::to_string(d.size) + " bytes"};
            continue;
        }
        const std::string actual = hash.finish();
        if (actual != d.digest)
            return makeError(EBADMSG, mismatchText(what + " from " + host, d.digest, actual) +
                                          "; nothing of it was stored");
        return {};
    }
    return withContext(last.value_or(Error{EIO, "no attempt"}),
                       what + " from " + host + ": gave up after " +
                           std::to_string(kDownloadAttempts) + " attempts");
}

/// An ImageSource over the download directory that says which layer is being extracted, and
/// presents the layers the store already had (commitPlan checks every layer exists, and reads
/// only those it lacks).
class DownloadedSource : public ImageSource
{
public:
    DownloadedSource(std::unique_ptr<ImageSource> inner, std::set<std::string> present,
                     std::map<std::string, size_t> layerOf, PullState &state)
        : m_inner(std::move(inner)), m_present(std::move(present)), m_layerOf(std::move(layerOf)),
          m_state(state)
    {
    }
    bool exists(const std::string &path) override
    {
        return m_present.contains(path) || m_inner->exists(path);
    }
    Result<std::unique_ptr<ByteSource>> open(const std::string &path) override
    {
        if (!m_inner->exists(path))
            return makeError(ENOENT, "layer " + quoted("sha256:" + path) +
                                         " was removed from the store while the pull ran; "
                                         "pull again");
        if (auto it = m_layerOf.find(path); it != m_layerOf.end())
            (void)m_state.report(PullEvent::Kind::Extracting, it->second);
        return m_inner->open(path);
    }
    std::optional<uint64_t> size(const std::string &path) override
    {
        return m_inner->exists(path) ? m_inner->size(path) : std::optional<uint64_t>(0);
    }

private:
    std::unique_ptr<ImageSource> m_inner;
    std::set<std::string> m_present;
    std::map<std::string, size_t> m_layerOf;
    PullState &m_state;
};

} // namespace

Result<PullResult> pullImage(const ImageStore &store, std::string_view referenceText,
                             const PullOptions &options)
{
    auto reference = parseReference(referenceText);
    if (!reference)
        return tl::unexpected(reference.error());
    auto failed = [&](Error error) {
        return withContext(std::move(error), "pull " + quoted(reference->familiar()));
    };
    auto sessions = sessionsFor(*reference, options);
    if (!sessions)
        return failed(sessions.error());
    PullState state(options);
    auto stopped = [&] {
        return state.stopped();
    };
    HttpClient http(stopped);

    // The manifest from the first endpoint that has it: a mirror that fails is passed over.
    RegistrySession *session = nullptr;
    std::optional<Resolved> resolved;
    std::optional<Error> firstError;
    for (auto &candidate : *sessions) {
        auto attempt = resolveManifest(*candidate, http, *reference, options);
        if (attempt) {
            session = candidate.get();
            resolved = std::move(*attempt);
            break;
        }
        if (attempt.error().code == ECANCELED || state.stopped())
            return failed(Error{ECANCELED, "cancelled"});
        // The registry's own answer says most; a mirror's only when it is all there is.
        if (!firstError || !candidate->endpoint().mirror)
            firstError = attempt.error();
    }
    if (session == nullptr)
        return failed(firstError.value_or(Error{ENOENT, "no registry to pull from"}));
    const Manifest &manifest = resolved->parsed;
    auto configBytes = getConfig(*session, http, manifest.config);
    if (!configBytes)
        return failed(configBytes.error());
    auto config = parseImageConfig(*configBytes);
    if (!config)
        return failed(config.error());
    if (config->diffIds.size() != manifest.layers.size())
        return failed(Error{EINVAL, "the manifest lists " + std::to_string(manifest.layers.size()) +
                                        " layers but the config's `rootfs.diff_ids` has " +
                                        std::to_string(config->diffIds.size())});

    // Which layers the store has (by chain ID), and which blobs are to be downloaded, once each.
    std::vector<PullEvent::Layer> layers;
    std::set<std::string> present;
    std::vector<size_t> toDownload;
    std::set<std::string> queued;
    std::string chain;
    for (size_t i = 0; i < manifest.layers.size(); ++i) {
        const Descriptor &d = manifest.layers[i];
        chain = chainId(chain, config->diffIds[i]);
        const bool have = store.layers().has(chain);
        layers.push_back({d.digest, d.size, have ? d.size : 0, have});
        if (have)
            present.insert(digestHex(d.digest));
        else if (queued.insert(d.digest).second)
            toDownload.push_back(i);
    }
    state.setLayers(layers, resolved->manifest.digest);
    if (!state.report(PullEvent::Kind::Resolved, 0))
        return failed(Error{ECANCELED, "cancelled"});
    for (size_t i = 0; i < layers.size(); ++i)
        if (layers[i].present && !state.report(PullEvent::Kind::Downloaded, i))
            return failed(Error{ECANCELED, "cancelled"});

    (void)removeStaleDownloads(store);
    auto dir = DownloadDirectory::create(store);
    if (!dir)
        return failed(dir.error());
    PullResult result;
    std::mutex resultMutex;
    std::atomic<size_t> next{0};
    auto worker = [&] {
        HttpClient client(stopped);
        while (!state.stopped()) {
            const size_t n = next++;
            if (n >= toDownload.size())
                return;
            const size_t index = toDownload[n];
            const Descriptor &d = manifest.layers[index];
            auto downloaded =
                downloadBlob(*session, client, d, dir->fd(), digestHex(d.digest), index, state);
            if (!downloaded) {
                state.fail(downloaded.error());
                return;
            }
            state.markDone(index);
            {
                std::lock_guard lock(resultMutex);
                ++result.layersDownloaded;
                result.bytesDownloaded += d.size;
            }
            if (!state.report(PullEvent::Kind::Downloaded, index))
                return;
        }
    };
    {
        const size_t threads = std::min<size_t>(
            toDownload.size(), static_cast<size_t>(std::max(1, options.parallelDownloads)));
        std::vector<std::jthread> pool;
        for (size_t t = 1; t < threads; ++t)
            pool.emplace_back(worker);
        worker(); // this thread downloads too
    }
    if (state.cancelledByCaller() || (!state.error() && state.stopped()))
        return failed(Error{ECANCELED, "cancelled"});
    if (auto error = state.error())
        return failed(*error);

    // Every blob is here and verified: the layers go into the store as an import's do.
    ImagePlan plan;
    plan.configBytes = std::move(*configBytes);
    plan.configDigest = manifest.config.digest;
    plan.manifestBytes = resolved->manifest.bytes;
    plan.manifestMediaType = resolved->manifest.mediaType;
    std::map<std::string, size_t> layerOf;
    for (size_t i = 0; i < manifest.layers.size(); ++i) {
        const Descriptor &d = manifest.layers[i];
        plan.layers.push_back({digestHex(d.digest), d.digest, d.mediaType, d.size});
        layerOf.emplace(digestHex(d.digest), i);
    }
    // A tag names the image; a digest is kept in its record (name@digest resolves to it), as is
    // the index a tag led to, so that `name@<index digest>` finds it as it does with Docker.
    Reference named = *reference;
    if (named.digest.empty()) {
        plan.names.push_back(named.toString());
        if (!resolved->indexDigest.empty())
            plan.pulledDigests.push_back(named.name() + "@" + resolved->indexDigest);
    } else {
        named.tag.clear(); // a tag beside a digest names nothing more
        plan.pulledDigests.push_back(named.toString());
        if (named.digest != resolved->manifest.digest)
            plan.pulledDigests.push_back(named.name() + "@" + resolved->manifest.digest);
    }
    auto inner = openDirectorySource(dir->path());
    if (!inner)
        return failed(inner.error());
    DownloadedSource source(std::move(*inner), std::move(present), std::move(layerOf), state);
    ImportOptions importOptions;
    importOptions.maxImageBytes = options.maxImageBytes;
    importOptions.keepFreeBytes = options.keepFreeBytes;
    importOptions.progress = [&](double) {
        return !state.stopped();
    };
    std::vector<ImagePlan> plans{std::move(plan)};
    const Endpoint &from = session->endpoint();
    auto stored = commitPlans(store, source, plans, importOptions,
                              "registry " + reference->name() +
                                  (from.mirror ? " (mirror " + from.host + ")" : std::string()));
    if (!stored)
        return failed(stored.error());
    result.imageId = stored->images.front();
    result.reference = named.toString();
    result.manifestDigest = resolved->manifest.digest;
    result.indexDigest = resolved->indexDigest;
    result.registry = from.host;
    result.layersPresent = layers.size() - toDownload.size();
    (void)state.report(PullEvent::Kind::Done, 0);
    return result;
}

Status removeStaleDownloads(const ImageStore &store)
{
    const std::string parent = store.root() + "/" + kDownloads;
    int fd = ::open(parent.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? Status{} : sysError("open " + quoted(parent));
    UniqueFd parentFd(fd);
    std::vector<std::string> stale;
    if (DIR *d = ::fdopendir(::dup(fd))) {
        while (dirent *entry = ::readdir(d)) {
            const std::string name = entry->d_name;
            const long pid = std::strtol(name.c_str(), nullptr, 10);
            // A pull of a process that is gone; a live one's directory is its own business.
            if (pid > 0 && name.find('-') != std::string::npos &&
                ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
                stale.push_back(name);
        }
        ::closedir(d);
    }
    Status first;
    for (const auto &name : stale)
        if (auto removed = removeTree(parentFd.get(), name); !removed && first)
            first = removed;
    return first;
}

} // namespace glassbox::image
