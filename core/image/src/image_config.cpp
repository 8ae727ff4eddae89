// JSON parsing of index, manifest and config documents with nlohmann; its exceptions
// stop here and become errors naming the field.
#include "glassbox/image/image_config.h"

#include "glassbox/image/digest.h"

#include <nlohmann/json.hpp>

namespace glassbox::image {

using nlohmann::json;

bool isIndexMediaType(std::string_view mediaType)
{
    return mediaType == media::OciIndex || mediaType == media::DockerManifestList;
}

bool isManifestMediaType(std::string_view mediaType)
{
    return mediaType == media::OciManifest || mediaType == media::DockerManifest;
}

bool isLayerMediaType(std::string_view mediaType)
{
    return mediaType == media::OciLayer || mediaType == media::OciLayerGzip ||
           mediaType == media::OciLayerZstd || mediaType == media::DockerLayerGzip ||
           mediaType == media::DockerForeignLayer ||
           mediaType == "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
}

namespace {

/// Parses `text`, runs `body` on it, and turns a JSON error into one naming `what`.
template <typename T, typename F>
Result<T> parseWith(std::string_view text, const char *what, F body)
{
    try {
        json j = json::parse(text);
        if (!j.is_object())
            return makeError(EINVAL, std::string(what) + " is not a JSON object");
        return body(j);
    } catch (const json::exception &e) {
        return makeError(EINVAL, std::string("invalid ") + what + ": " + e.what());
    }
}

Result<Descriptor> descriptor(const json &j, const std::string &field)
{
    if (!j.is_object() || !j.contains("digest") || !j.contains("mediaType"))
        return makeError(EINVAL, quoted(field) + " needs `mediaType` and `digest`");
    Descriptor d;
    d.mediaType = j.at("mediaType").get<std::string>();
    d.digest = j.at("digest").get<std::string>();
    d.size = j.value("size", uint64_t{0});
    if (auto valid = validateDigest(d.digest); !valid)
        return withContext(valid.error(), quoted(field + ".digest"));
    if (j.contains("annotations") && j["annotations"].is_object())
        for (auto &[key, value] : j["annotations"].items())
            if (value.is_string())
                d.annotations[key] = value.get<std::string>();
    if (j.contains("platform") && j["platform"].is_object()) {
        d.os = j["platform"].value("os", "");
        d.architecture = j["platform"].value("architecture", "");
    }
    return d;
}

std::vector<std::string> strings(const json &j, const char *key)
{
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array())
        for (const auto &item : j[key])
            out.push_back(item.get<std::string>());
    return out;
}

} // namespace

Result<Index> parseIndex(std::string_view text)
{
    return parseWith<Index>(text, "image index", [](const json &j) -> Result<Index> {
        Index index;
        if (!j.contains("manifests") || !j["manifests"].is_array())
            return makeError(EINVAL, "image index has no `manifests` array");
        for (size_t i = 0; i < j["manifests"].size(); ++i) {
            auto d = descriptor(j["manifests"][i], "manifests[" + std::to_string(i) + "]");
            if (!d)
                return tl::unexpected(d.error());
            index.manifests.push_back(std::move(*d));
        }
        return index;
    });
}

Result<Manifest> parseManifest(std::string_view text)
{
    return parseWith<Manifest>(text, "image manifest", [](const json &j) -> Result<Manifest> {
        Manifest manifest;
        manifest.mediaType = j.value("mediaType", std::string(media::OciManifest));
        if (!isManifestMediaType(manifest.mediaType))
            return makeError(EINVAL,
                             "unsupported manifest `mediaType` " + quoted(manifest.mediaType));
        if (!j.contains("config"))
            return makeError(EINVAL, "image manifest has no `config`");
        auto config = descriptor(j["config"], "config");
        if (!config)
            return tl::unexpected(config.error());
        manifest.config = std::move(*config);
        if (!j.contains("layers") || !j["layers"].is_array())
            return makeError(EINVAL, "image manifest has no `layers` array");
        for (size_t i = 0; i < j["layers"].size(); ++i) {
            std::string field = "layers[" + std::to_string(i) + "]";
            auto layer = descriptor(j["layers"][i], field);
            if (!layer)
                return tl::unexpected(layer.error());
            if (!isLayerMediaType(layer->mediaType))
                return makeError(EINVAL, "unsupported layer media type " +
                                             quoted(layer->mediaType) + " in " + quoted(field));
            manifest.layers.push_back(std::move(*layer));
        }
        return manifest;
    });
}

Result<ImageConfig> parseImageConfig(std::string_view text)
{
    return parseWith<ImageConfig>(text, "image config", [](const json &j) -> Result<ImageConfig> {
        ImageConfig config;
        config.architecture = j.value("architecture", "");
        config.os = j.value("os", "");
        config.created = j.value("created", "");
        config.author = j.value("author", "");
        if (j.contains("config") && j["config"].is_object()) {
            const json &c = j["config"];
            config.env = strings(c, "Env");
            config.cmd = strings(c, "Cmd");
            config.entrypoint = strings(c, "Entrypoint");
            config.workingDir = c.value("WorkingDir", "");
            config.user = c.value("User", "");
            config.stopSignal = c.value("StopSignal", "");
            for (const char *key : {"ExposedPorts", "Volumes"})
                if (c.contains(key) && c[key].is_object())
                    for (auto &[name, value] : c[key].items())
                        (key[0] == 'E' ? config.exposedPorts : config.volumes).push_back(name);
            if (c.contains("Labels") && c["Labels"].is_object())
                for (auto &[key, value] : c["Labels"].items())
                    config.labels[key] = value.get<std::string>();
        }
        if (!j.contains("rootfs") || !j["rootfs"].is_object())
            return makeError(EINVAL, "image config has no `rootfs`");
        config.diffIds = strings(j["rootfs"], "diff_ids");
        for (size_t i = 0; i < config.diffIds.size(); ++i)
            if (auto valid = validateDigest(config.diffIds[i]); !valid)
                return withContext(valid.error(),
                                   quoted("rootfs.diff_ids[" + std::to_string(i) + "]"));
        if (j.contains("history") && j["history"].is_array())
            for (const auto &h : j["history"]) {
                HistoryEntry entry;
                entry.created = h.value("created", "");
                entry.createdBy = h.value("created_by", "");
                entry.author = h.value("author", "");
                entry.comment = h.value("comment", "");
                entry.emptyLayer = h.value("empty_layer", false);
                config.history.push_back(std::move(entry));
            }
        return config;
    });
}

std::string imageConfigJson(const ImageConfig &config)
{
    json c = json::object();
    if (!config.env.empty())
        c["Env"] = config.env;
    if (!config.cmd.empty())
        c["Cmd"] = config.cmd;
    if (!config.entrypoint.empty())
        c["Entrypoint"] = config.entrypoint;
    if (!config.workingDir.empty())
        c["WorkingDir"] = config.workingDir;
    if (!config.user.empty())
        c["User"] = config.user;
    if (!config.labels.empty())
        c["Labels"] = config.labels;
    for (const auto &port : config.exposedPorts)
        c["ExposedPorts"][port] = json::object();
    json history = json::array();
    for (const auto &h : config.history) {
        json entry = {{"created", h.created}, {"created_by", h.createdBy}};
        if (!h.comment.empty())
            entry["comment"] = h.comment;
        if (h.emptyLayer)
            entry["empty_layer"] = true;
        history.push_back(std::move(entry));
    }
    json j = {{"architecture", config.architecture},
              {"os", config.os.empty() ? "linux" : config.os},
              {"created", config.created},
              {"config", c},
              {"rootfs", {{"type", "layers"}, {"diff_ids", config.diffIds}}},
              {"history", history}};
    if (!config.author.empty())
        j["author"] = config.author;
    return j.dump();
}

std::string manifestJson(const Descriptor &config, const std::vector<Descriptor> &layers)
{
    auto describe = [](const Descriptor &d) {
        return json{{"mediaType", d.mediaType}, {"digest", d.digest}, {"size", d.size}};
    };
    json j = {{"schemaVersion", 2},
              {"mediaType", media::OciManifest},
              {"config", describe(config)},
              {"layers", json::array()}};
    for (const auto &layer : layers)
        j["layers"].push_back(describe(layer));
    return j.dump();
}

std::string layerMediaType(std::string_view compression)
{
    if (compression == "gzip")
        return std::string(media::OciLayerGzip);
    if (compression == "zstd")
        return std::string(media::OciLayerZstd);
    if (compression == "none")
        return std::string(media::OciLayer);
    return std::string(media::OciLayer) + "+" + std::string(compression);
}

std::string hostArchitecture()
{
#if defined(__x86_64__)
    return "amd64";
#elif defined(__aarch64__)
    return "arm64";
#elif defined(__i386__)
    return "386";
#elif defined(__arm__)
    return "arm";
#elif defined(__riscv) && __riscv_xlen == 64
    return "riscv64";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return "ppc64le";
#elif defined(__s390x__)
    return "s390x";
#else
    return "unknown";
#endif
}

} // namespace glassbox::image
