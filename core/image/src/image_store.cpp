// Image records, names and reference-counted removal.
#include "glassbox/image/image_store.h"

#include "fs_util.h"
#include "glassbox/file_io.h"
#include "glassbox/image/digest.h"
#include "glassbox/image/reference.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <nlohmann/json.hpp>
#include <set>
#include <unistd.h>

namespace glassbox::image {

using nlohmann::json;

namespace {

std::vector<std::string> listDir(const std::string &path)
{
    std::vector<std::string> names;
    if (DIR *dir = ::opendir(path.c_str())) {
        while (dirent *entry = ::readdir(dir))
            if (entry->d_name[0] != '.')
                names.emplace_back(entry->d_name);
        ::closedir(dir);
    }
    std::sort(names.begin(), names.end());
    return names;
}

json recordJson(const ImageRecord &r)
{
    json layers = json::array();
    for (const auto &l : r.layers)
        layers.push_back({{"digest", l.digest},
                          {"mediaType", l.mediaType},
                          {"size", l.size},
                          {"diffId", l.diffId},
                          {"chainId", l.chainId}});
    json record = {{"id", r.id},
                   {"manifestDigest", r.manifestDigest},
                   {"manifestMediaType", r.manifestMediaType},
                   {"configDigest", r.configDigest},
                   {"layers", layers},
                   {"loaded", r.loaded},
                   {"source", r.source}};
    if (!r.pulledDigests.empty())
        record["pulledDigests"] = r.pulledDigests;
    return record;
}

} // namespace

ImageStore::ImageStore(std::string root) : m_root(root), m_blobs(root), m_layers(root) {}

Result<ImageStore> ImageStore::open(std::string root)
{
    while (root.size() > 1 && root.back() == '/')
        root.pop_back();
    if (root.empty() || root.front() != '/')
        return makeError(EINVAL, "store root " + quoted(root) + " must be an absolute path");
    ImageStore store(root);
    GB_TRY(makeDirs(root + "/images"));
    GB_TRY(makeDirs(root + "/containers"));
    GB_TRY(store.m_blobs.init());
    GB_TRY(store.m_layers.init());
    return store;
}

Result<StoreLock> ImageStore::lock(bool exclusive) const
{
    auto fd = lockPath(m_root + "/lock", exclusive);
    if (!fd)
        return tl::unexpected(fd.error());
    return StoreLock(std::move(*fd), exclusive);
}

Result<std::map<std::string, std::string>> ImageStore::tags() const
{
    std::map<std::string, std::string> tags;
    auto text = readFile(m_root + "/repositories.json");
    if (!text) {
        if (text.error().code == ENOENT)
            return tags;
        return tl::unexpected(text.error());
    }
    try {
        json document = json::parse(*text);
        for (auto &[name, id] : document.at("refs").items())
            tags[name] = id.get<std::string>();
    } catch (const json::exception &e) {
        return makeError(EINVAL,
                         "corrupt " + quoted(m_root + "/repositories.json") + ": " + e.what());
    }
    return tags;
}

Status ImageStore::saveTags(const std::map<std::string, std::string> &tags) const
{
    return writeFileAtomically(m_root + "/repositories.json", json{{"refs", tags}}.dump(2), 0600);
}

Result<ImageRecord> ImageStore::image(std::string_view id) const
{
    GB_TRY(validateDigest(id));
    std::string path = m_root + "/images/" + digestHex(id) + ".json";
    auto text = readFile(path);
    if (!text) {
        if (text.error().code == ENOENT)
            return makeError(ENOENT, "image " + quoted(id) + " is not in the store");
        return tl::unexpected(text.error());
    }
    ImageRecord r;
    try {
        json j = json::parse(*text);
        r.id = j.at("id").get<std::string>();
        r.manifestDigest = j.at("manifestDigest").get<std::string>();
        r.manifestMediaType = j.at("manifestMediaType").get<std::string>();
        r.configDigest = j.at("configDigest").get<std::string>();
        r.loaded = j.at("loaded").get<std::string>();
        r.source = j.at("source").get<std::string>();
        for (const auto &l : j.at("layers"))
            r.layers.push_back({l.at("digest").get<std::string>(),
                                l.at("mediaType").get<std::string>(), l.at("size").get<uint64_t>(),
                                l.at("diffId").get<std::string>(),
                                l.at("chainId").get<std::string>()});
        if (j.contains("pulledDigests"))
            r.pulledDigests = j.at("pulledDigests").get<std::vector<std::string>>();
    } catch (const json::exception &e) {
        return makeError(EINVAL, "corrupt image record " + quoted(path) + ": " + e.what());
    }
    auto tags = this->tags();
    if (!tags)
        return tl::unexpected(tags.error());
    std::set<std::string> repos;
    for (const auto &[name, imageId] : *tags)
        if (imageId == r.id) {
            r.tags.push_back(name);
            if (auto ref = parseReference(name))
                repos.insert(ref->name());
        }
    for (const auto &repo : repos)
        r.repoDigests.push_back(repo + "@" + r.manifestDigest);
    for (const auto &pulled : r.pulledDigests)
        if (std::find(r.repoDigests.begin(), r.repoDigests.end(), pulled) == r.repoDigests.end())
            r.repoDigests.push_back(pulled);
    return r;
}

Result<ImageConfig> ImageStore::config(const ImageRecord &image) const
{
    auto text = m_blobs.get(image.configDigest);
    if (!text)
        return tl::unexpected(text.error());
    return parseImageConfig(*text);
}

Result<std::vector<ImageRecord>> ImageStore::images() const
{
    std::vector<ImageRecord> images;
    for (const auto &name : listDir(m_root + "/images")) {
        if (!name.ends_with(".json"))
            continue;
        auto record = image("sha256:" + name.substr(0, name.size() - 5));
        if (!record)
            return tl::unexpected(record.error());
        images.push_back(std::move(*record));
    }
    return images;
}

Result<std::string> ImageStore::resolve(std::string_view nameOrId) const
{
    std::string text(nameOrId);
    auto hexOnly = [](std::string_view s) {
        return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
    };
    if (validateDigest(text) &&
        ::access((m_root + "/images/" + digestHex(text) + ".json").c_str(), F_OK) == 0)
        return text;
    auto tags = this->tags();
    if (!tags)
        return tl::unexpected(tags.error());
    auto ref = parseReference(text);
    if (ref && ref->digest.empty()) {
        if (auto it = tags->find(ref->toString()); it != tags->end())
            return it->second;
    }
    std::string prefix = text.starts_with("sha256:") ? text.substr(7) : text;
    if (prefix.size() >= 4 && hexOnly(prefix)) {
        std::vector<std::string> matches;
        for (const auto &name : listDir(m_root + "/images"))
            if (name.starts_with(prefix))
                matches.push_back("sha256:" + name.substr(0, name.size() - 5));
        if (matches.size() == 1)
            return matches.front();
        if (matches.size() > 1)
            return makeError(EINVAL, "image ID prefix " + quoted(text) + " is ambiguous");
    }
    if (ref && !ref->digest.empty()) {
        auto images = this->images();
        if (!images)
            return tl::unexpected(images.error());
        for (const auto &image : *images)
            for (const auto &repoDigest : image.repoDigests)
                if (repoDigest == ref->name() + "@" + ref->digest)
                    return image.id;
    }
    if (!ref)
        return tl::unexpected(ref.error());
    return makeError(ENOENT, "image " + quoted(text) + " is not in the store");
}

Status ImageStore::addImage(const StoreLock &lock, ImageRecord record,
                            const std::vector<std::string> &names) const
{
    if (!lock.exclusive())
        return makeError(EINVAL, "adding an image needs the exclusive store lock");
    // The same image again (pulled under another digest, say): the digests it was pulled by
    // before stay.
    if (auto existing = image(record.id))
        for (const auto &pulled : existing->pulledDigests)
            if (std::find(record.pulledDigests.begin(), record.pulledDigests.end(), pulled) ==
                record.pulledDigests.end())
                record.pulledDigests.push_back(pulled);
    GB_TRY(writeFileAtomically(m_root + "/images/" + digestHex(record.id) + ".json",
                               recordJson(record).dump(2), 0600));
    if (names.empty())
        return {};
    auto tags = this->tags();
    if (!tags)
        return tl::unexpected(tags.error());
    for (const auto &name : names) {
        auto ref = parseReference(name);
        if (!ref)
            return tl::unexpected(ref.error());
        if (!ref->digest.empty())
            return makeError(EINVAL, "cannot tag with a digest reference " + quoted(name));
        (*tags)[ref->toString()] = record.id;
    }
    return saveTags(*tags);
}

Status ImageStore::revertImages(const StoreLock &lock, const std::vector<std::string> &added,
                                const std::map<std::string, std::string> &tagsBefore) const
{
    if (!lock.exclusive())
        return makeError(EINVAL, "reverting images needs the exclusive store lock");
    GB_TRY(saveTags(tagsBefore));
    for (const auto &id : added) {
        std::string path = m_root + "/images/" + digestHex(id) + ".json";
        if (::unlink(path.c_str()) != 0 && errno != ENOENT)
            return sysError("remove image record of " + quoted(id));
    }
    return {};
}

Status ImageStore::tag(std::string_view source, std::string_view target) const
{
    auto lock = this->lock(true);
    if (!lock)
        return tl::unexpected(lock.error());
    auto id = resolve(source);
    if (!id)
        return tl::unexpected(id.error());
    auto ref = parseReference(target);
    if (!ref)
        return tl::unexpected(ref.error());
    if (!ref->digest.empty())
        return makeError(EINVAL, "cannot tag with a digest reference " + quoted(target));
    auto tags = this->tags();
    if (!tags)
        return tl::unexpected(tags.error());
    (*tags)[ref->toString()] = *id;
    return saveTags(*tags);
}

Status ImageStore::untag(std::string_view reference) const
{
    auto lock = this->lock(true);
    if (!lock)
        return tl::unexpected(lock.error());
    auto ref = parseReference(reference);
    if (!ref)
        return tl::unexpected(ref.error());
    auto tags = this->tags();
    if (!tags)
        return tl::unexpected(tags.error());
    if (tags->erase(ref->toString()) == 0)
        return makeError(ENOENT, "no image is tagged " + quoted(ref->toString()));
    return saveTags(*tags);
}

Result<std::vector<std::string>> ImageStore::containersUsing(std::string_view id) const
{
    auto all = containers();
    if (!all)
        return tl::unexpected(all.error());
    std::vector<std::string> users;
    for (const auto &c : *all)
        if (c.image == id)
            users.push_back(c.id);
    return users;
}

Result<size_t> ImageStore::layerReferences(std::string_view chainId) const
{
    auto images = this->images();
    if (!images)
        return tl::unexpected(images.error());
    size_t count = 0;
    for (const auto &image : *images)
        for (const auto &layer : image.layers)
            if (layer.chainId == chainId)
                ++count;
    return count;
}

Status ImageStore::deleteImage(const ImageRecord &image, Removal &removal) const
{
    if (::unlink((m_root + "/images/" + digestHex(image.id) + ".json").c_str()) != 0)
        return sysError("remove image record of " + quoted(image.id));
    removal.deletedImages.push_back(image.id);
    // What the remaining images still use.
    auto others = images();
    if (!others)
        return tl::unexpected(others.error());
    std::set<std::string> usedLayers, usedBlobs;
    for (const auto &other : *others) {
        usedBlobs.insert(other.manifestDigest);
        usedBlobs.insert(other.configDigest);
        for (const auto &layer : other.layers)
            usedLayers.insert(layer.chainId);
    }
    // Top layer first: a layer directory is never removed while one above it remains.
    for (auto it = image.layers.rbegin(); it != image.layers.rend(); ++it) {
        if (usedLayers.count(it->chainId) || !m_layers.has(it->chainId))
            continue;
        GB_TRY(m_layers.remove(it->chainId));
        usedLayers.insert(it->chainId); // the same layer twice in one image
        removal.deletedLayers.push_back(it->chainId);
    }
    for (const auto &blob : {image.manifestDigest, image.configDigest})
        if (!usedBlobs.count(blob))
            GB_TRY(m_blobs.remove(blob));
    return {};
}

Result<Removal> ImageStore::remove(std::string_view nameOrId, bool force) const
{
    auto lock = this->lock(true);
    if (!lock)
        return tl::unexpected(lock.error());
    auto id = resolve(nameOrId);
    if (!id)
        return tl::unexpected(id.error());
    auto record = image(*id);
    if (!record)
        return tl::unexpected(record.error());
    auto tags = this->tags();
    if (!tags)
        return tl::unexpected(tags.error());
    auto users = containersUsing(*id);
    if (!users)
        return tl::unexpected(users.error());

    Removal removal;
    auto ref = parseReference(nameOrId);
    bool byName = ref && ref->digest.empty() && tags->count(ref->toString());
    if (byName && record->tags.size() > 1) {
        // Another name keeps the image.
        tags->erase(ref->toString());
        GB_TRY(saveTags(*tags));
        removal.untagged.push_back(ref->toString());
        return removal;
    }
    if (!users->empty())
        return makeError(EBUSY, "image " + quoted(std::string(nameOrId)) + " (" + *id +
                                    ") is used by container " + quoted(users->front()) +
                                    "; remove the container first");
    if (!byName && record->tags.size() > 1 && !force)
        return makeError(EBUSY, "image " + quoted(*id) + " has " +
                                    std::to_string(record->tags.size()) +
                                    " names; remove them one by one or force");
    for (const auto &name : record->tags) {
        tags->erase(name);
        removal.untagged.push_back(name);
    }
    GB_TRY(saveTags(*tags));
    GB_TRY(deleteImage(*record, removal));
    return removal;
}

std::string ImageStore::containerDir(std::string_view id) const
{
    return m_root + "/containers/" + std::string(id);
}

Result<std::vector<ContainerRecord>> ImageStore::containers() const
{
    std::vector<ContainerRecord> records;
    for (const auto &name : listDir(m_root + "/containers")) {
        if (::access((containerDir(name) + "/container.json").c_str(), F_OK) != 0)
            continue; // being created or removed
        auto record = container(name);
        if (!record)
            return tl::unexpected(record.error());
        records.push_back(std::move(*record));
    }
    return records;
}

Result<ContainerRecord> ImageStore::container(std::string_view id) const
{
    std::string path = containerDir(id) + "/container.json";
    auto text = readFile(path);
    if (!text) {
        if (text.error().code == ENOENT)
            return makeError(ENOENT, "container " + quoted(id) + " has no rootfs in the store");
        return tl::unexpected(text.error());
    }
    try {
        json j = json::parse(*text);
        ContainerRecord record{j.at("id").get<std::string>(),
                               j.at("image").get<std::string>(),
                               j.at("layerId").get<std::string>(),
                               j.at("created").get<std::string>(),
                               {}};
        if (j.contains("idShift"))
            record.idShift = {j["idShift"].at("hostId").get<uint32_t>(),
                              j["idShift"].at("size").get<uint32_t>()};
        return record;
    } catch (const json::exception &e) {
        return makeError(EINVAL, "corrupt container record " + quoted(path) + ": " + e.what());
    }
}

Status ImageStore::saveContainer(const StoreLock &lock, const ContainerRecord &record) const
{
    if (!lock.exclusive())
        return makeError(EINVAL, "saving a container needs the exclusive store lock");
    json j = {{"id", record.id},
              {"image", record.image},
              {"layerId", record.layerId},
              {"created", record.created}};
    if (record.idShift.active())
        j["idShift"] = {{"hostId", record.idShift.hostId}, {"size", record.idShift.size}};
    return writeFileAtomically(containerDir(record.id) + "/container.json", j.dump(2), 0600);
}

} // namespace glassbox::image
