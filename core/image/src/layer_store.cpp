// The overlay2 layer store: layers appear by rename(2) of a complete directory, so a
// reader sees a layer entirely or not at all.
#include "glassbox/image/layer_store.h"

#include "fs_util.h"
#include "glassbox/file_io.h"
#include "glassbox/image/digest.h"
#include "glassbox/image/image_config.h"
#include "layer_extract.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace glassbox::image {

namespace {

using nlohmann::json;

json toJson(const LayerInfo &layer)
{
    return {{"id", layer.id},
            {"chainId", layer.chainId},
            {"diffId", layer.diffId},
            {"parent", layer.parent},
            {"digest", layer.digest},
            {"mediaType", layer.mediaType},
            {"compression", layer.compression},
            {"link", layer.link},
            {"compressedSize", layer.compressedSize},
            {"tarSize", layer.tarSize},
            {"size", layer.size},
            {"fileCount", layer.fileCount},
            {"whiteouts", layer.whiteouts},
            {"opaques", layer.opaques}};
}

Result<LayerInfo> fromJson(const std::string &text, const std::string &where)
{
    try {
        json j = json::parse(text);
        LayerInfo layer;
        layer.id = j.at("id").get<std::string>();
        layer.chainId = j.at("chainId").get<std::string>();
        layer.diffId = j.at("diffId").get<std::string>();
        layer.parent = j.at("parent").get<std::string>();
        layer.digest = j.at("digest").get<std::string>();
        layer.mediaType = j.at("mediaType").get<std::string>();
        layer.compression = j.at("compression").get<std::string>();
        layer.link = j.at("link").get<std::string>();
        layer.compressedSize = j.at("compressedSize").get<uint64_t>();
        layer.tarSize = j.at("tarSize").get<uint64_t>();
        layer.size = j.at("size").get<uint64_t>();
        layer.fileCount = j.at("fileCount").get<uint64_t>();
        layer.whiteouts = j.at("whiteouts").get<uint64_t>();
        layer.opaques = j.at("opaques").get<uint64_t>();
        return layer;
    } catch (const json::exception &e) {
        return makeError(EINVAL, "corrupt layer record " + quoted(where) + ": " + e.what());
    }
}

/// Docker's short link names: 26 characters of [A-Z0-9].
std::string linkName()
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string hex = randomHex(26);
    std::string name;
    for (size_t i = 0; i < 26; ++i)
        name += alphabet[std::stoi(hex.substr(2 * i, 2), nullptr, 16) % 36];
    return name;
}

class DirGuard
{
public:
    DirGuard(std::string parent, std::string name)
        : m_parent(std::move(parent)), m_name(std::move(name))
    {
    }
    ~DirGuard()
    {
        if (m_armed) {
            UniqueFd dir(::open(m_parent.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
            if (dir)
                (void)removeTree(dir.get(), m_name);
        }
    }
    DirGuard(const DirGuard &) = delete;
    DirGuard &operator=(const DirGuard &) = delete;
    void release() { m_armed = false; }

private:
    std::string m_parent;
    std::string m_name;
    bool m_armed = true;
};

} // namespace

LayerStore::LayerStore(std::string root) : m_dir(std::move(root) + "/overlay2") {}

Status LayerStore::init() const
{
    return makeDirs(m_dir + "/l");
}

std::string LayerStore::layerDir(std::string_view id) const
{
    return m_dir + "/" + std::string(id);
}

bool LayerStore::has(std::string_view chainId) const
{
    return validateDigest(chainId) &&
           ::access((layerDir(digestHex(chainId)) + "/layer.json").c_str(), F_OK) == 0;
}

Result<LayerInfo> LayerStore::get(std::string_view chainId) const
{
    GB_TRY(validateDigest(chainId));
    std::string path = layerDir(digestHex(chainId)) + "/layer.json";
    auto text = readFile(path);
    if (!text) {
        if (text.error().code == ENOENT)
            return makeError(ENOENT, "layer " + quoted(chainId) + " is not in the store");
        return tl::unexpected(text.error());
    }
    return fromJson(*text, path);
}

Result<std::vector<LayerInfo>> LayerStore::list() const
{
    std::vector<LayerInfo> layers;
    DIR *dir = ::opendir(m_dir.c_str());
    if (dir == nullptr)
        return sysError("list " + quoted(m_dir));
    std::vector<std::string> names;
    while (dirent *entry = ::readdir(dir))
        names.emplace_back(entry->d_name);
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    for (const auto &name : names) {
        std::string chain = "sha256:" + name;
        if (validateDigest(chain) && has(chain)) {
            auto layer = get(chain);
            if (!layer)
                return tl::unexpected(layer.error());
            layers.push_back(std::move(*layer));
        }
    }
    return layers;
}

Result<std::string> LayerStore::lowerOf(std::string_view parentChainId) const
{
    if (parentChainId.empty())
        return std::string();
    auto parent = get(parentChainId);
    if (!parent)
        return tl::unexpected(parent.error());
    auto parentLower = readFile(layerDir(parent->id) + "/lower");
    std::string lower = "l/" + parent->link;
    if (parentLower && !parentLower->empty())
        lower += ":" + *parentLower;
    return lower;
}

Result<std::string> LayerStore::newLink(std::string_view id) const
{
    for (int attempt = 0; attempt < 8; ++attempt) {
        std::string link = linkName();
        std::string target = "../" + std::string(id) + "/diff";
        if (::symlink(target.c_str(), (m_dir + "/l/" + link).c_str()) == 0)
            return link;
        if (errno != EEXIST)
            return sysError("create short link for layer " + quoted(id));
    }
    return makeError(EEXIST, "no free short link name for layer " + quoted(id));
}

Result<LayerInfo> LayerStore::create(ByteSource &source, const LayerExpectation &expected,
                                     bool *created) const
{
    if (created != nullptr)
        *created = false;
    std::string tempName = ".tmp-" + randomHex(16);
    std::string temp = m_dir + "/" + tempName;
    if (::mkdir(temp.c_str(), 0700) != 0)
        return sysError("create " + quoted(temp));
    DirGuard guard(m_dir, tempName);
    for (const char *sub : {"/diff", "/work"})
        if (::mkdir((temp + sub).c_str(), sub[1] == 'd' ? 0755 : 0700) != 0)
            return sysError("create " + quoted(temp + sub));
    auto diff = openAt(AT_FDCWD, temp + "/diff", O_PATH | O_DIRECTORY);
    if (!diff)
        return tl::unexpected(diff.error());

    auto stats = extractLayer(source, diff->get(), {expected.maxTarBytes, expected.keepFreeBytes});
    std::string name = expected.digest.empty() ? std::string("layer") : quoted(expected.digest);
    if (!stats)
        return withContext(stats.error(), "layer " + name);
    if (!expected.digest.empty() && stats->compressedDigest != expected.digest)
        return makeError(EBADMSG, "digest mismatch: layer blob " + quoted(expected.digest) +
                                      " has digest " + quoted(stats->compressedDigest));
    if (!expected.diffId.empty() && stats->diffId != expected.diffId)
        return makeError(EBADMSG, "layer " + name + ": uncompressed digest " +
                                      quoted(stats->diffId) + " is not the diff ID " +
                                      quoted(expected.diffId) + " of the image config");

    LayerInfo layer;
    layer.chainId = chainId(expected.parentChainId, stats->diffId);
    if (has(layer.chainId))
        return get(layer.chainId); // an identical layer is already there: drop this copy
    layer.id = digestHex(layer.chainId);
    layer.diffId = stats->diffId;
    layer.parent = expected.parentChainId;
    layer.digest = stats->compressedDigest;
    layer.mediaType =
        expected.mediaType.empty() ? layerMediaType(stats->compression) : expected.mediaType;
    layer.compression = stats->compression;
    layer.compressedSize = stats->compressedSize;
    layer.tarSize = stats->tarSize;
    layer.size = stats->contentSize;
    layer.fileCount = stats->fileCount;
    layer.whiteouts = stats->whiteouts;
    layer.opaques = stats->opaques;

    auto lower = lowerOf(expected.parentChainId);
    if (!lower)
        return tl::unexpected(lower.error());
    auto link = newLink(layer.id);
    if (!link)
        return tl::unexpected(link.error());
    layer.link = *link;
    auto unlinkShort = [&] {
        ::unlink((m_dir + "/l/" + layer.link).c_str());
    };
    auto fail = [&](Error error) {
        unlinkShort();
        return tl::unexpected(std::move(error));
    };
    if (auto s = writeFileAtomically(temp + "/link", layer.link); !s)
        return fail(s.error());
    if (!lower->empty())
        if (auto s = writeFileAtomically(temp + "/lower", *lower); !s)
            return fail(s.error());
    if (auto s = writeFileAtomically(temp + "/layer.json", toJson(layer).dump(2)); !s)
        return fail(s.error());
    if (::rename(temp.c_str(), layerDir(layer.id).c_str()) != 0)
        return fail(sysError("publish layer " + quoted(layer.chainId)).value());
    guard.release();
    if (created != nullptr)
        *created = true;
    return layer;
}

Status LayerStore::remove(std::string_view chainId) const
{
    auto layer = get(chainId);
    if (!layer)
        return tl::unexpected(layer.error());
    return removeWritable(layer->id);
}

Result<std::string> LayerStore::createWritable(std::string_view parentChainId) const
{
    std::string id = randomHex(32);
    std::string dir = layerDir(id);
    if (::mkdir(dir.c_str(), 0700) != 0)
        return sysError("create " + quoted(dir));
    DirGuard guard(m_dir, id);
    for (const char *sub : {"/diff", "/work", "/merged"})
        if (::mkdir((dir + sub).c_str(), 0755) != 0)
            return sysError("create " + quoted(dir + sub));
    auto lower = lowerOf(parentChainId);
    if (!lower)
        return tl::unexpected(lower.error());
    if (!lower->empty())
        GB_TRY(writeFileAtomically(dir + "/lower", *lower));
    auto link = newLink(id);
    if (!link)
        return tl::unexpected(link.error());
    if (auto s = writeFileAtomically(dir + "/link", *link); !s) {
        ::unlink((m_dir + "/l/" + *link).c_str());
        return tl::unexpected(s.error());
    }
    guard.release();
    return id;
}

Status LayerStore::removeWritable(std::string_view id) const
{
    std::string dir = layerDir(id);
    // A container's layer may hold mounts (its rootfs, idmapped copies of the image's layers
    // when a creation was cut short): they go first, and removeTree never enters one.
    GB_TRY(unmountBelow(dir));
    auto link = readFile(dir + "/link");
    // Out of sight first (one rename), then the slow recursive removal.
    std::string doomed = ".tmp-rm-" + randomHex(8);
    if (::rename(dir.c_str(), (m_dir + "/" + doomed).c_str()) != 0)
        return sysError("remove layer " + quoted(dir));
    if (link && !link->empty())
        ::unlink((m_dir + "/l/" + std::string(trimmed(*link))).c_str());
    UniqueFd root(::open(m_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root)
        return sysError("open " + quoted(m_dir));
    return removeTree(root.get(), doomed);
}

Result<std::vector<std::string>> LayerStore::lowerDirs(std::string_view id) const
{
    auto lower = readFile(layerDir(id) + "/lower");
    std::vector<std::string> dirs;
    if (!lower) {
        if (lower.error().code == ENOENT)
            return dirs;
        return tl::unexpected(lower.error());
    }
    std::string text(trimmed(*lower));
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find(':', start);
        if (end == std::string::npos)
            end = text.size();
        dirs.push_back(m_dir + "/" + text.substr(start, end - start));
        start = end + 1;
    }
    return dirs;
}

Status LayerStore::removeStale() const
{
    DIR *dir = ::opendir(m_dir.c_str());
    if (dir == nullptr)
        return sysError("list " + quoted(m_dir));
    std::vector<std::string> stale;
    while (dirent *entry = ::readdir(dir))
        if (std::string_view(entry->d_name).starts_with(".tmp-"))
            stale.emplace_back(entry->d_name);
    ::closedir(dir);
    UniqueFd root(::open(m_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root)
        return sysError("open " + quoted(m_dir));
    // Each leftover is tried; one that cannot go now does not keep the others.
    Status first;
    for (const auto &name : stale)
        if (auto removed = removeTree(root.get(), name); !removed && first)
            first = removed;
    // Short links whose layer is gone (a crash between link and rename).
    DIR *links = ::opendir((m_dir + "/l").c_str());
    if (links == nullptr)
        return first;
    while (dirent *entry = ::readdir(links)) {
        std::string path = m_dir + "/l/" + entry->d_name;
        if (entry->d_name[0] != '.' && ::access(path.c_str(), F_OK) != 0 && errno == ENOENT)
            ::unlink(path.c_str());
    }
    ::closedir(links);
    return first;
}

} // namespace glassbox::image
