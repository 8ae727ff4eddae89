// Layer analysis and inspect JSON.
#include "glassbox/image/analysis.h"

#include "fs_util.h"
#include "glassbox/image/container_rootfs.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unistd.h>

namespace glassbox::image {

using nlohmann::json;

Efficiency computeEfficiency(const std::vector<std::vector<FileEntry>> &layers)
{
    Efficiency result;
    std::map<std::string, uint64_t> alive;    // path -> size of the version visible now
    std::map<std::string, WastedPath> byPath; // every non-directory path seen
    auto waste = [&](const std::string &path, uint64_t bytes) {
        byPath[path].wastedBytes += bytes;
        result.wastedBytes += bytes;
    };
    // Everything at (with includeSelf) or below `path` that lower layers made visible goes.
    auto removeSubtree = [&](const std::string &path, bool includeSelf) {
        if (includeSelf)
            if (auto it = alive.find(path); it != alive.end()) {
                waste(it->first, it->second);
                alive.erase(it);
            }
        std::string prefix = path + "/";
        for (auto it = alive.lower_bound(prefix);
             it != alive.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
            waste(it->first, it->second);
            it = alive.erase(it);
        }
    };
    for (const auto &layer : layers) {
        // Opaque directories and whiteouts act on the layers below, before this layer's
        // own files appear.
        for (const auto &entry : layer)
            if (entry.opaque)
                removeSubtree(entry.path, false);
        for (const auto &entry : layer)
            if (entry.whiteout) {
                removeSubtree(entry.path, true);
                ++byPath[entry.path].versions;
            }
        for (const auto &entry : layer) {
            if (entry.whiteout || entry.directory)
                continue;
            result.totalBytes += entry.size;
            ++byPath[entry.path].versions;
            if (auto it = alive.find(entry.path); it != alive.end())
                waste(entry.path, it->second); // the lower copy is overwritten
            alive[entry.path] = entry.size;
        }
    }
    for (auto &[path, entry] : byPath) {
        entry.path = path;
        if (entry.wastedBytes > 0 || entry.versions > 1)
            result.paths.push_back(entry);
    }
    std::sort(result.paths.begin(), result.paths.end(), [](const auto &a, const auto &b) {
        return a.wastedBytes != b.wastedBytes ? a.wastedBytes > b.wastedBytes : a.path < b.path;
    });
    result.efficiency = result.totalBytes == 0 ? 1.0
                                               : 1.0 - static_cast<double>(result.wastedBytes) /
                                                           static_cast<double>(result.totalBytes);
    return result;
}

namespace {

Status scanDir(int dirFd, const std::string &prefix, std::set<std::pair<dev_t, ino_t>> &inodes,
               std::vector<FileEntry> &out)
{
    int dupFd = ::fcntl(dirFd, F_DUPFD_CLOEXEC, 0);
    if (dupFd < 0)
        return sysError("dup");
    DIR *dir = ::fdopendir(dupFd);
    if (dir == nullptr) {
        ::close(dupFd);
        return sysError("read " + quoted(prefix));
    }
    std::vector<std::string> names;
    while (dirent *entry = ::readdir(dir))
        if (std::string_view(entry->d_name) != "." && std::string_view(entry->d_name) != "..")
            names.emplace_back(entry->d_name);
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    for (const auto &name : names) {
        auto st = statAt(dirFd, name);
        if (!st)
            return tl::unexpected(st.error());
        FileEntry entry;
        entry.path = prefix.empty() ? name : prefix + "/" + name;
        entry.whiteout = isWhiteout(*st);
        entry.directory = S_ISDIR(st->st_mode);
        if (S_ISREG(st->st_mode) && inodes.insert({st->st_dev, st->st_ino}).second)
            entry.size = static_cast<uint64_t>(st->st_size);
        if (entry.directory) {
            UniqueFd child(
                ::openat(dirFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            if (!child)
                return sysError("open " + quoted(entry.path));
            entry.opaque = isOpaqueDir(child.get());
            out.push_back(entry);
            GB_TRY(scanDir(child.get(), entry.path, inodes, out));
        } else {
            out.push_back(entry);
        }
    }
    return {};
}

std::string joinDirs(const std::vector<std::string> &dirs)
{
    std::string joined;
    for (const auto &dir : dirs)
        joined += (joined.empty() ? "" : ":") + dir;
    return joined;
}

json configJson(const ImageConfig &c)
{
    json ports = json::object();
    for (const auto &port : c.exposedPorts)
        ports[port] = json::object();
    return {{"User", c.user},
            {"Env", c.env},
            {"Cmd", c.cmd},
            {"Entrypoint", c.entrypoint.empty() ? json() : json(c.entrypoint)},
            {"WorkingDir", c.workingDir},
            {"ExposedPorts", ports},
            {"Labels", c.labels},
            {"StopSignal", c.stopSignal}};
}

} // namespace

Result<std::vector<FileEntry>> scanLayer(const std::string &diffDir)
{
    UniqueFd root(::open(diffDir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root)
        return sysError("open " + quoted(diffDir));
    std::vector<FileEntry> entries;
    std::set<std::pair<dev_t, ino_t>> inodes;
    GB_TRY(scanDir(root.get(), "", inodes, entries));
    return entries;
}

Result<ImageAnalysis> analyzeImage(const ImageStore &store, std::string_view nameOrId)
{
    auto lock = store.lock(false);
    if (!lock)
        return tl::unexpected(lock.error());
    auto id = store.resolve(nameOrId);
    if (!id)
        return tl::unexpected(id.error());
    auto image = store.image(*id);
    if (!image)
        return tl::unexpected(image.error());
    auto layers = recordedLayers(store, *image);
    if (!layers)
        return tl::unexpected(layers.error());
    ImageAnalysis analysis;
    analysis.id = *id;
    std::vector<std::vector<FileEntry>> files;
    for (LayerAnalysis &layer : *layers) {
        auto refs = store.layerReferences(layer.layer.chainId);
        layer.references = refs ? *refs : 0;
        auto scanned = scanLayer(store.layers().layerDir(layer.layer.id) + "/diff");
        if (!scanned)
            return tl::unexpected(scanned.error());
        files.push_back(std::move(*scanned));
        analysis.size += layer.layer.size;
    }
    analysis.layers = std::move(*layers);
    analysis.efficiency = computeEfficiency(files);
    return analysis;
}

Result<std::vector<LayerAnalysis>> recordedLayers(const ImageStore &store, const ImageRecord &image)
{
    auto config = store.config(image);
    if (!config)
        return tl::unexpected(config.error());
    // History entries that made a layer, in order: the n-th describes the n-th layer.
    std::vector<std::string> createdBy;
    for (const auto &h : config->history)
        if (!h.emptyLayer)
            createdBy.push_back(h.createdBy);
    std::vector<LayerAnalysis> layers;
    for (size_t i = 0; i < image.layers.size(); ++i) {
        auto layer = store.layers().get(image.layers[i].chainId);
        if (!layer)
            return tl::unexpected(layer.error());
        layers.push_back({*layer, image.layers[i].digest,
                          i < createdBy.size() ? createdBy[i] : std::string(), 0});
    }
    return layers;
}

std::string analysisJson(const ImageAnalysis &a)
{
    json layers = json::array();
    for (const auto &l : a.layers)
        layers.push_back({{"digest", l.digest},
                          {"diffId", l.layer.diffId},
                          {"chainId", l.layer.chainId},
                          {"compression", l.layer.compression},
                          {"compressedSize", l.layer.compressedSize},
                          {"size", l.layer.size},
                          {"fileCount", l.layer.fileCount},
                          {"whiteouts", l.layer.whiteouts},
                          {"opaques", l.layer.opaques},
                          {"createdBy", l.createdBy},
                          {"references", l.references},
                          {"diffDir", l.layer.id}});
    json paths = json::array();
    for (const auto &p : a.efficiency.paths)
        paths.push_back(
            {{"path", "/" + p.path}, {"versions", p.versions}, {"wastedBytes", p.wastedBytes}});
    return json{{"id", a.id},
                {"size", a.size},
                {"layers", layers},
                {"efficiency", a.efficiency.efficiency},
                {"totalBytes", a.efficiency.totalBytes},
                {"wastedBytes", a.efficiency.wastedBytes},
                {"inefficientPaths", paths}}
        .dump(2);
}

Result<std::string> inspectImageJson(const ImageStore &store, std::string_view nameOrId)
{
    auto lock = store.lock(false);
    if (!lock)
        return tl::unexpected(lock.error());
    auto id = store.resolve(nameOrId);
    if (!id)
        return tl::unexpected(id.error());
    auto image = store.image(*id);
    if (!image)
        return tl::unexpected(image.error());
    auto config = store.config(*image);
    if (!config)
        return tl::unexpected(config.error());
    json history = json::array();
    for (const auto &h : config->history) {
        json entry = {{"created", h.created}, {"created_by", h.createdBy}};
        if (!h.comment.empty())
            entry["comment"] = h.comment;
        if (h.emptyLayer)
            entry["empty_layer"] = true;
        history.push_back(entry);
    }
    // Docker shows the top layer as UpperDir and the rest as LowerDir (top first).
    std::vector<std::string> lowers;
    std::string top;
    uint64_t size = 0;
    for (size_t i = image->layers.size(); i-- > 0;) {
        auto layer = store.layers().get(image->layers[i].chainId);
        if (!layer)
            return tl::unexpected(layer.error());
        size += layer->size;
        std::string dir = store.layers().layerDir(layer->id);
        if (top.empty())
            top = dir;
        else
            lowers.push_back(dir + "/diff");
    }
    json data = {
        {"UpperDir", top + "/diff"}, {"WorkDir", top + "/work"}, {"MergedDir", top + "/merged"}};
    if (!lowers.empty())
        data["LowerDir"] = joinDirs(lowers);
    return json{{"Id", image->id},
                {"RepoTags", image->tags},
                {"RepoDigests", image->repoDigests},
                {"Created", config->created},
                {"Author", config->author},
                {"Architecture", config->architecture},
                {"Os", config->os},
                {"Size", size},
                {"Config", configJson(*config)},
                {"RootFS", {{"Type", "layers"}, {"Layers", config->diffIds}}},
                {"History", history},
                {"Metadata", {{"LastTagTime", image->loaded}, {"Source", image->source}}},
                {"GraphDriver", {{"Name", "overlay2"}, {"Data", data}}}}
        .dump(2);
}

Result<std::string> inspectContainerJson(const ImageStore &store, std::string_view id)
{
    auto lock = store.lock(false);
    if (!lock)
        return tl::unexpected(lock.error());
    auto rootfs = containerRootfs(store, id);
    if (!rootfs)
        return tl::unexpected(rootfs.error());
    auto record = store.container(id);
    if (!record)
        return tl::unexpected(record.error());
    std::vector<std::string> lowers;
    for (const auto &lower : rootfs->lowerDirs) {
        // Docker prints the resolved diff dirs, not the short links.
        char resolved[PATH_MAX];
        lowers.push_back(::realpath(lower.c_str(), resolved) ? std::string(resolved) : lower);
    }
    return json{{"Id", rootfs->id},
                {"Created", record->created},
                {"Image", rootfs->image},
                {"BundlePath", rootfs->bundle},
                {"GraphDriver",
                 {{"Name", "overlay2"},
                  {"Data",
                   {{"LowerDir", joinDirs(lowers)},
                    {"UpperDir", rootfs->upperDir},
                    {"MergedDir", rootfs->mergedDir},
                    {"WorkDir", rootfs->workDir}}}}}}
        .dump(2);
}

} // namespace glassbox::image
