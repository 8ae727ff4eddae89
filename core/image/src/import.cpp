// Import of OCI layouts, docker-archives and rootfs tars. Every format becomes an
// ImagePlan (config bytes, layer files, names) that commitPlan() checks and stores the
// same way: all referenced files must exist before anything is extracted, every digest is
// verified, and whatever this import added is removed again if any step fails.
#include "glassbox/image/import.h"

#include "glassbox/image/digest.h"
#include "glassbox/image/reference.h"
#include "glassbox/state.h"
#include "glassbox/untrusted_file.h"
#include "glassbox/utf8.h"
#include "import_plan.h"
#include "import_progress.h"
#include "import_sources.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sys/stat.h>

namespace glassbox::image {

using nlohmann::json;

Result<ImportFormat> parseImportFormat(std::string_view name)
{
    if (name == "auto")
        return ImportFormat::Auto;
    if (name == "oci" || name == "oci-layout" || name == "oci-archive")
        return ImportFormat::OciLayout;
    if (name == "docker" || name == "docker-archive")
        return ImportFormat::DockerArchive;
    if (name == "rootfs" || name == "tar")
        return ImportFormat::RootfsTar;
    return makeError(EINVAL, "unknown import format " + quoted(name) +
                                 " (auto, oci, docker-archive, rootfs)");
}

const char *importFormatName(ImportFormat format)
{
    switch (format) {
    case ImportFormat::OciLayout:
        return "oci-layout";
    case ImportFormat::DockerArchive:
        return "docker-archive";
    case ImportFormat::RootfsTar:
        return "rootfs";
    case ImportFormat::Auto:
        break;
    }
    return "auto";
}

namespace {

/// Removes what a failed import added; the store lock is still held. Image records and names
/// go first: an archive of several images may fail (or be cancelled) in a later image after
/// an earlier one was recorded, and that record must not outlive its layers.
class Rollback
{
public:
    Rollback(const ImageStore &store, const StoreLock &lock) : m_store(store), m_lock(lock) {}
    ~Rollback()
    {
        if (!m_armed)
            return;
        if (m_tagsBefore)
            (void)m_store.revertImages(m_lock, m_images, *m_tagsBefore);
        for (auto it = m_layers.rbegin(); it != m_layers.rend(); ++it)
            (void)m_store.layers().remove(*it);
        for (const auto &blob : m_blobs)
            (void)m_store.blobs().remove(blob);
    }
    Rollback(const Rollback &) = delete;
    Rollback &operator=(const Rollback &) = delete;
    void layer(std::string chainId) { m_layers.push_back(std::move(chainId)); }
    void blob(std::string digest) { m_blobs.push_back(std::move(digest)); }
    /// Before addImage(`id`): remembers the names as they were, and whether the image is new.
    Status image(const std::string &id)
    {
        if (!m_tagsBefore) {
            auto tags = m_store.tags();
            if (!tags)
                return tl::unexpected(tags.error());
            m_tagsBefore = std::move(*tags);
        }
        if (auto existing = m_store.image(id); !existing && existing.error().code == ENOENT)
            m_images.push_back(id);
        return {};
    }
    void commit() { m_armed = false; }

private:
    const ImageStore &m_store;
    const StoreLock &m_lock;
    std::vector<std::string> m_layers;
    std::vector<std::string> m_blobs;
    std::vector<std::string> m_images;
    std::optional<std::map<std::string, std::string>> m_tagsBefore;
    bool m_armed = true;
};

std::string mismatch(std::string_view expected, std::string_view actual)
{
    return "digest mismatch: blob " + quoted(expected) + " has digest " + quoted(actual);
}

Result<std::string> putBlob(const ImageStore &store, Rollback &rollback, std::string_view data)
{
    std::string digest = sha256Digest(data);
    bool existed = store.blobs().has(digest);
    auto stored = store.blobs().put(data, digest);
    if (stored && !existed)
        rollback.blob(*stored);
    return stored;
}

/// What the layers of one import may still take: the uncompressed bytes left of
/// ImportOptions::maxImageBytes, and the free space to leave.
struct WriteBudget
{
    uint64_t remaining = 0;
    uint64_t keepFree = 0;

    explicit WriteBudget(const ImportOptions &options)
        : remaining(options.maxImageBytes), keepFree(options.keepFreeBytes)
    {
    }
    void fill(LayerExpectation &expected) const
    {
        expected.maxTarBytes = remaining;
        expected.keepFreeBytes = keepFree;
    }
    void spend(uint64_t bytes) { remaining -= std::min(remaining, bytes); }
};

Result<std::string> commitPlan(const ImageStore &store, const StoreLock &lock, ImageSource &source,
                               ImagePlan &plan, Rollback &rollback, ProgressMeter &meter,
                               WriteBudget &budget, ImportResult &result,
                               const std::string &sourceName)
{
    std::string configDigest = sha256Digest(plan.configBytes);
    if (!plan.configDigest.empty() && configDigest != plan.configDigest)
        return makeError(EBADMSG, "config: " + mismatch(plan.configDigest, configDigest));
    auto config = parseImageConfig(plan.configBytes);
    if (!config)
        return tl::unexpected(config.error());
    if (config->diffIds.size() != plan.layers.size())
        return makeError(EINVAL, "the manifest lists " + std::to_string(plan.layers.size()) +
                                     " layers but the config's `rootfs.diff_ids` has " +
                                     std::to_string(config->diffIds.size()));
    for (const auto &layer : plan.layers)
        if (!source.exists(layer.path))
            return makeError(ENOENT, "the manifest refers to blob " +
                                         quoted(layer.digest.empty() ? layer.path : layer.digest) +
                                         ", which is missing (" + quoted(layer.path) + ")");

    ImageRecord record;
    record.id = configDigest;
    record.configDigest = configDigest;
    std::string parent;
    std::vector<Descriptor> descriptors;
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        const LayerPlan &planned = plan.layers[i];
        std::string chain = chainId(parent, config->diffIds[i]);
        LayerInfo info;
        if (store.layers().has(chain)) {
            auto existing = store.layers().get(chain);
            if (!existing)
                return tl::unexpected(existing.error());
            info = std::move(*existing);
            ++result.layersReused;
        } else {
            auto stream = source.open(planned.path);
            if (!stream)
                return tl::unexpected(stream.error());
            MeteredSource metered(**stream, meter);
            bool created = false;
            LayerExpectation expected{parent, planned.digest, config->diffIds[i],
                                      planned.mediaType};
            budget.fill(expected);
            auto made = store.layers().create(metered, expected, &created);
            if (!made)
                return tl::unexpected(made.error());
            info = std::move(*made);
            budget.spend(info.tarSize);
            if (created) {
                rollback.layer(info.chainId);
                ++result.layersCreated;
            }
        }
        ImageLayer layer{planned.digest.empty() ? info.digest : planned.digest,
                         planned.mediaType.empty() ? info.mediaType : planned.mediaType,
                         planned.size ? planned.size : info.compressedSize, info.diffId,
                         info.chainId};
        descriptors.push_back({layer.mediaType, layer.digest, layer.size, {}, {}, {}});
        record.layers.push_back(std::move(layer));
        parent = chain;
    }

    auto storedConfig = putBlob(store, rollback, plan.configBytes);
    if (!storedConfig)
        return tl::unexpected(storedConfig.error());
    if (plan.manifestBytes.empty()) {
        Descriptor configDescriptor{
            std::string(media::OciConfig), configDigest, plan.configBytes.size(), {}, {}, {}};
        plan.manifestBytes = manifestJson(configDescriptor, descriptors);
        plan.manifestMediaType = media::OciManifest;
    }
    auto manifestDigest = putBlob(store, rollback, plan.manifestBytes);
    if (!manifestDigest)
        return tl::unexpected(manifestDigest.error());
    record.manifestDigest = *manifestDigest;
    record.manifestMediaType = plan.manifestMediaType;
    record.loaded = rfc3339Now();
    record.source = sourceName;
    record.pulledDigests = plan.pulledDigests;
    GB_TRY(rollback.image(record.id));
    GB_TRY(store.addImage(lock, record, plan.names));
    for (const auto &name : plan.names)
        if (auto ref = parseReference(name))
            result.tags.push_back(ref->toString());
    result.images.push_back(record.id);
    return record.id;
}

/// The layer bytes the plans will read: layers not in the store yet, each counted once.
/// nullopt when a size is unknown; a plan whose config does not parse counts every layer
/// (commitPlan refuses it before reading any).
std::optional<uint64_t> bytesToRead(const ImageStore &store, ImageSource &source,
                                    const std::vector<ImagePlan> &plans)
{
    uint64_t total = 0;
    std::set<std::string> counted;
    for (const auto &plan : plans) {
        auto config = parseImageConfig(plan.configBytes);
        std::string parent;
        for (size_t i = 0; i < plan.layers.size(); ++i) {
            if (config && i < config->diffIds.size()) {
                parent = chainId(parent, config->diffIds[i]);
                if (store.layers().has(parent) || !counted.insert(parent).second)
                    continue;
            }
            auto size = source.size(plan.layers[i].path);
            if (!size)
                return std::nullopt;
            total += *size;
        }
    }
    return total;
}

std::string blobPath(std::string_view digest)
{
    auto colon = digest.find(':');
    return "blobs/" + std::string(digest.substr(0, colon)) + "/" +
           std::string(digest.substr(colon + 1));
}

/// Reads a blob of an OCI layout and checks it against its descriptor.
Result<std::string> readVerified(ImageSource &source, const Descriptor &d)
{
    if (!source.exists(blobPath(d.digest)))
        return makeError(ENOENT,
                         "the index refers to blob " + quoted(d.digest) + ", which is missing");
    auto data = source.readSmall(blobPath(d.digest));
    if (!data)
        return data;
    std::string actual = sha256Digest(*data);
    if (actual != d.digest)
        return makeError(EBADMSG, mismatch(d.digest, actual));
    return data;
}

/// Chooses the manifest for this machine from a nested index (multi-platform images).
Result<Descriptor> pickPlatform(ImageSource &source, const Descriptor &d, int depth = 0)
{
    if (isManifestMediaType(d.mediaType))
        return d;
    if (!isIndexMediaType(d.mediaType) || depth > 4)
        return makeError(EINVAL, "unsupported media type " + quoted(d.mediaType) + " of " +
                                     quoted(d.digest));
    auto text = readVerified(source, d);
    if (!text)
        return tl::unexpected(text.error());
    auto index = parseIndex(*text);
    if (!index)
        return tl::unexpected(index.error());
    const Descriptor *chosen = nullptr;
    for (const auto &m : index->manifests)
        if ((m.os.empty() || m.os == "linux") &&
            (m.architecture.empty() || m.architecture == hostArchitecture())) {
            chosen = &m;
            break;
        }
    if (chosen == nullptr)
        return makeError(ENOENT, "image index " + quoted(d.digest) + " has no manifest for linux/" +
                                     hostArchitecture());
    return pickPlatform(source, *chosen, depth + 1);
}

Status planOciLayout(ImageSource &source, std::vector<ImagePlan> &plans)
{
    if (source.exists("oci-layout")) {
        auto layout = source.readSmall("oci-layout", 4096);
        if (!layout)
            return tl::unexpected(layout.error());
        try {
            std::string version = json::parse(*layout).value("imageLayoutVersion", "");
            if (!version.starts_with("1."))
                return makeError(EINVAL, "unsupported `imageLayoutVersion` " + quoted(version));
        } catch (const json::exception &e) {
            return makeError(EINVAL, std::string("invalid `oci-layout`: ") + e.what());
        }
    }
    auto indexText = source.readSmall("index.json");
    if (!indexText)
        return tl::unexpected(indexText.error());
    auto index = parseIndex(*indexText);
    if (!index)
        return withContext(index.error(), "`index.json`");
    for (const auto &entry : index->manifests) {
        auto chosen = pickPlatform(source, entry);
        if (!chosen)
            return tl::unexpected(chosen.error());
        auto manifestText = readVerified(source, *chosen);
        if (!manifestText)
            return tl::unexpected(manifestText.error());
        auto manifest = parseManifest(*manifestText);
        if (!manifest)
            return withContext(manifest.error(), "manifest " + quoted(chosen->digest));
        ImagePlan plan;
        plan.manifestBytes = *manifestText;
        plan.manifestMediaType = manifest->mediaType;
        if (!source.exists(blobPath(manifest->config.digest)))
            return makeError(ENOENT, "the manifest refers to config blob " +
                                         quoted(manifest->config.digest) + ", which is missing");
        auto config = source.readSmall(blobPath(manifest->config.digest));
        if (!config)
            return tl::unexpected(config.error());
        plan.configBytes = std::move(*config);
        plan.configDigest = manifest->config.digest;
        for (const auto &layer : manifest->layers)
            plan.layers.push_back(
                {blobPath(layer.digest), layer.digest, layer.mediaType, layer.size});
        // containerd and Docker put the full name here; other tools a full name or a tag.
        std::string name;
        if (auto it = entry.annotations.find("io.containerd.image.name");
            it != entry.annotations.end())
            name = it->second;
        else if (auto ref = entry.annotations.find("org.opencontainers.image.ref.name");
                 ref != entry.annotations.end() &&
                 ref->second.find_first_of(":/") != std::string::npos)
            name = ref->second;
        if (!name.empty())
            plan.names.push_back(name);
        plans.push_back(std::move(plan));
    }
    return {};
}

Status planDockerArchive(ImageSource &source, std::vector<ImagePlan> &plans)
{
    auto text = source.readSmall("manifest.json");
    if (!text)
        return tl::unexpected(text.error());
    try {
        json manifest = json::parse(*text);
        if (!manifest.is_array())
            return makeError(EINVAL, "`manifest.json` is not an array");
        for (const auto &item : manifest) {
            ImagePlan plan;
            std::string configPath = item.at("Config").get<std::string>();
            // Legacy archives name the config <hex>.json, newer ones blobs/sha256/<hex>.
            std::string base = configPath.substr(configPath.rfind('/') + 1);
            if (base.ends_with(".json"))
                base.resize(base.size() - 5);
            if (validateDigest("sha256:" + base))
                plan.configDigest = "sha256:" + base;
            if (!source.exists(configPath))
                return makeError(ENOENT, "`manifest.json` refers to config " + quoted(configPath) +
                                             ", which is missing");
            auto config = source.readSmall(configPath);
            if (!config)
                return tl::unexpected(config.error());
            plan.configBytes = std::move(*config);
            for (const auto &layer : item.at("Layers")) {
                LayerPlan planned;
                planned.path = layer.get<std::string>();
                if (planned.path.starts_with("blobs/sha256/") &&
                    validateDigest("sha256:" + planned.path.substr(13)))
                    planned.digest = "sha256:" + planned.path.substr(13);
                plan.layers.push_back(std::move(planned));
            }
            if (item.contains("RepoTags") && item["RepoTags"].is_array())
                for (const auto &tag : item["RepoTags"])
                    plan.names.push_back(tag.get<std::string>());
            plans.push_back(std::move(plan));
        }
    } catch (const json::exception &e) {
        return makeError(EINVAL, std::string("invalid `manifest.json`: ") + e.what());
    }
    return {};
}

bool isDirectory(const std::string &path)
{
    struct stat st
    {
    };
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

/// The format of what `source` holds: index.json or oci-layout make an OCI layout,
/// manifest.json a docker-archive; any other tar is a rootfs.
Result<ImportFormat> formatOf(ImageSource &source, bool directory, const std::string &name)
{
    if (source.exists("index.json") || source.exists("oci-layout"))
        return ImportFormat::OciLayout;
    if (source.exists("manifest.json"))
        return ImportFormat::DockerArchive;
    if (directory)
        return makeError(EINVAL, "directory " + quoted(name) +
                                     " has neither index.json (OCI layout) nor manifest.json "
                                     "(docker-archive)");
    return ImportFormat::RootfsTar;
}

/// An OCI layout or docker-archive from `source`: planned, then committed under the lock.
/// `progressFrom`: where the bar stands when the layers are read (after an index pass).
Result<ImportResult> importPlans(const ImageStore &store, ImageSource &source, ImportFormat format,
                                 const ImportOptions &options, const std::string &name,
                                 double progressFrom = 0)
{
    auto failed = [&](Error error) {
        return withContext(std::move(error), "import " + quoted(name));
    };
    std::vector<ImagePlan> plans;
    auto planned = format == ImportFormat::OciLayout ? planOciLayout(source, plans)
                                                     : planDockerArchive(source, plans);
    if (!planned)
        return failed(planned.error());
    if (plans.empty())
        return failed(Error{EINVAL, "the source holds no image"});
    if (!options.tags.empty()) {
        if (plans.size() != 1)
            return failed(Error{EINVAL, "the source holds " + std::to_string(plans.size()) +
                                            " images; a name needs exactly one"});
        plans.front().names.insert(plans.front().names.end(), options.tags.begin(),
                                   options.tags.end());
    }
    // The name goes into the image's record and history, which are JSON: bytes that are not
    // UTF-8 (a file name is any bytes) are kept as \xHH rather than failing the import.
    const std::string sourceName =
        std::string(importFormatName(format)) + " " + utf8::escapeInvalid(name);
    auto result = commitPlans(store, source, plans, options, sourceName, progressFrom);
    if (!result)
        return failed(result.error());
    result->format = format;
    return result;
}

} // namespace

Result<ImportResult> commitPlans(const ImageStore &store, ImageSource &source,
                                 std::vector<ImagePlan> &plans, const ImportOptions &options,
                                 const std::string &sourceName, double progressFrom)
{
    for (const auto &plan : plans)
        for (const auto &planName : plan.names)
            if (auto ref = parseReference(planName); !ref)
                return tl::unexpected(ref.error());

    auto lock = store.lock(true);
    if (!lock)
        return tl::unexpected(lock.error());
    // A leftover of a crashed import that cannot be removed now (the next import tries again)
    // must not stop this one.
    (void)store.layers().removeStale();
    ImportResult result;
    Rollback rollback(store, *lock);
    ProgressMeter meter(options.progress, bytesToRead(store, source, plans), progressFrom);
    WriteBudget budget(options);
    for (auto &plan : plans) {
        auto id =
            commitPlan(store, *lock, source, plan, rollback, meter, budget, result, sourceName);
        if (!id && meter.cancelled())
            return makeError(ECANCELED, "cancelled");
        if (!id)
            return tl::unexpected(id.error());
    }
    rollback.commit();
    meter.finished();
    return result;
}

Result<ImportFormat> detectFormat(const std::string &path)
{
    const bool directory = isDirectory(path);
    auto source = directory ? openDirectorySource(path) : openTarSource(path);
    if (!source)
        return tl::unexpected(source.error());
    return formatOf(**source, directory, path);
}

namespace {

/// importRootfs() with the bar starting at `progressFrom` (after an index pass found no image).
Result<ImportResult> importRootfsFrom(const ImageStore &store, ByteSource &source,
                                      const ImportOptions &options, const std::string &sourceName,
                                      double progressFrom)
{
    auto lock = store.lock(true);
    if (!lock)
        return tl::unexpected(lock.error());
    (void)store.layers().removeStale(); // as in importPlans()
    ImportResult result;
    result.format = ImportFormat::RootfsTar;
    Rollback rollback(store, *lock);
    ProgressMeter meter(options.progress, source.size(), progressFrom);
    MeteredSource metered(source, meter);
    bool created = false;
    WriteBudget budget(options);
    LayerExpectation expected;
    budget.fill(expected);
    auto layer = store.layers().create(metered, expected, &created);
    if (meter.cancelled())
        return withContext(Error{ECANCELED, "cancelled"}, "import " + quoted(sourceName));
    if (!layer)
        return withContext(layer.error(), "import " + quoted(sourceName));
    if (created)
        rollback.layer(layer->chainId);

    ImageConfig config;
    config.architecture = hostArchitecture();
    config.os = "linux";
    config.created = options.created.empty() ? rfc3339Now() : options.created;
    config.cmd = options.cmd;
    config.env = options.env;
    config.diffIds = {layer->diffId};
    config.history.push_back(
        {config.created,
         options.createdBy.empty() ? "glassbox-image import " + sourceName : options.createdBy,
         {},
         options.comment,
         false});
    ImagePlan plan;
    plan.configBytes = imageConfigJson(config);
    plan.names = options.tags;
    // The layer is in the store already; the plan only needs to find it again.
    class Stored : public ImageSource
    {
    public:
        bool exists(const std::string &) override { return true; }
        Result<std::unique_ptr<ByteSource>> open(const std::string &) override
        {
            return makeError(EINVAL, "layer already stored");
        }
        std::optional<uint64_t> size(const std::string &) override { return 0; }
    } stored;
    plan.layers.push_back({"layer", layer->digest, layer->mediaType, layer->compressedSize});
    auto id = commitPlan(store, *lock, stored, plan, rollback, meter, budget, result, sourceName);
    if (!id)
        return withContext(id.error(), "import " + quoted(sourceName));
    result.layersCreated = created ? 1 : 0;
    result.layersReused = created ? 0 : 1;
    rollback.commit();
    meter.finished();
    return result;
}

} // namespace

Result<ImportResult> importRootfs(const ImageStore &store, ByteSource &source,
                                  const ImportOptions &options, const std::string &sourceName)
{
    return importRootfsFrom(store, source, options, sourceName, 0);
}

Result<ImportResult> importImage(const ImageStore &store, const std::string &path,
                                 const ImportOptions &options)
{
    if (!isDirectory(path)) {
        int fd = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
            return sysError("import " + quoted(path));
        return importImage(store, UniqueFd(fd), options, path);
    }
    auto source = openDirectorySource(path);
    if (!source)
        return withContext(source.error(), "import " + quoted(path));
    ImportFormat format = options.format;
    if (format == ImportFormat::Auto) {
        auto detected = formatOf(**source, true, path);
        if (!detected)
            return withContext(detected.error(), "import " + quoted(path));
        format = *detected;
    }
    if (format == ImportFormat::RootfsTar)
        return makeError(EISDIR, "import " + quoted(path) + ": a rootfs import needs a tar");
    return importPlans(store, **source, format, options, path);
}

Result<DescriptorKind> checkImportDescriptor(int fd, ImportFormat format)
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0)
        return sysError("the descriptor to import from");
    if ((flags & O_PATH) != 0)
        return makeError(EINVAL, "the descriptor to import from was opened with O_PATH, which "
                                 "gives no right to read it; open the file for reading");
    if ((flags & O_ACCMODE) == O_WRONLY)
        return makeError(EINVAL, "the descriptor to import from is not open for reading "
                                 "(write-only)");
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0)
        return sysError("the descriptor to import from");
    if (S_ISREG(st.st_mode))
        return DescriptorKind::RegularFile;
    if (S_ISDIR(st.st_mode))
        return makeError(EINVAL, "the descriptor to import from is a directory; an import reads "
                                 "a regular file or a pipe (an OCI layout directory can be "
                                 "given as a tar of it)");
    if (!S_ISFIFO(st.st_mode))
        return makeError(EINVAL, "the descriptor to import from is " + fileTypeName(st) +
                                     "; an import reads a regular file or a pipe");
    if (format != ImportFormat::RootfsTar)
        return makeError(EINVAL, "the descriptor to import from is a pipe, which is read once: "
                                 "it can carry only a rootfs tar (format `rootfs`); give an OCI "
                                 "layout or docker-archive as a regular file");
    return DescriptorKind::Pipe;
}

Result<ImportResult> importImage(const ImageStore &store, UniqueFd fd, const ImportOptions &options,
                                 const std::string &name)
{
    // Shown in messages and kept in the image's JSON record and history: valid UTF-8.
    const std::string sourceName = utf8::escapeInvalid(name);
    auto failed = [&](Error error) {
        return withContext(std::move(error), "import " + quoted(sourceName));
    };
    auto kind = checkImportDescriptor(fd.get(), options.format);
    if (!kind)
        return failed(kind.error());
    if (*kind == DescriptorKind::RegularFile) {
        struct stat st
        {
        };
        if (::fstat(fd.get(), &st) != 0)
            return sysError("import " + quoted(sourceName));
        if (static_cast<uint64_t>(st.st_size) > options.maxBytes)
            return failed(Error{EFBIG, std::to_string(st.st_size) +
                                           " bytes is more than the import limit of " +
                                           std::to_string(options.maxBytes) + " bytes"});
    }
    auto shared = std::make_shared<const UniqueFd>(std::move(fd));
    const ReadLimits limits{options.maxBytes, options.stallTimeout, options.cancelled};
    ImportFormat format = options.format;
    std::unique_ptr<ImageSource> tar;
    double layersFrom = 0;
    if (format != ImportFormat::RootfsTar) {
        // Indexing a compressed archive decompresses all of it before the first layer is
        // read: the bar moves (and Cancel is asked) from the first byte, up to kIndexShare.
        struct stat st
        {
        };
        (void)::fstat(shared->get(), &st);
        ProgressMeter indexMeter(options.progress, static_cast<uint64_t>(st.st_size), 0,
                                 ProgressMeter::kIndexShare);
        auto opened = openTarSource(shared, limits, sourceName, [&](uint64_t position) {
            layersFrom = ProgressMeter::kIndexShare;
            return indexMeter.reached(position);
        });
        if (!opened)
            return failed(opened.error());
        tar = std::move(*opened);
        if (format == ImportFormat::Auto) {
            auto detected = formatOf(*tar, false, sourceName);
            if (!detected)
                return failed(detected.error());
            format = *detected;
        }
    }
    if (format == ImportFormat::RootfsTar) {
        FdSource source(shared, limits, sourceName);
        ImportOptions rootfs = options;
        if (rootfs.comment.empty())
            rootfs.comment = "imported from " + sourceName;
        return importRootfsFrom(store, source, rootfs, sourceName, layersFrom);
    }
    return importPlans(store, *tar, format, options, sourceName, layersFrom);
}

} // namespace glassbox::image
