// Container state files: saving, loading and computing a container's live status.
#include "glassbox/state.h"

#include "glassbox/file_io.h"

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glassbox {

const char *statusName(ContainerStatus status)
{
    switch (status) {
    case ContainerStatus::Creating:
        return "creating";
    case ContainerStatus::Created:
        return "created";
    case ContainerStatus::Running:
        return "running";
    case ContainerStatus::Paused:
        return "paused";
    case ContainerStatus::Stopped:
        return "stopped";
    }
    return "unknown";
}

uint64_t processStartTime(pid_t pid)
{
    auto stat = readFile("/proc/" + std::to_string(pid) + "/stat");
    if (!stat)
        return 0;
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    auto close = stat->rfind(')');
    if (close == std::string::npos)
        return 0;
    const char *cursor = stat->c_str() + close + 2; // field 3, the state
    if (*cursor == 'Z' || *cursor == 'X')
        return 0; // a zombie has exited: the container is stopped
    for (int field = 3; field < 22; ++field) {
        cursor = std::strchr(cursor, ' ');
        if (cursor == nullptr)
            return 0;
        ++cursor;
    }
    return std::strtoull(cursor, nullptr, 10);
}

ContainerStatus ContainerState::status(const std::string &containerDir) const
{
    if (pid <= 0 || processStartTime(pid) != pidStartTime)
        return ContainerStatus::Stopped;
    struct stat fifo
    {
    };
    if (::stat((containerDir + "/exec.fifo").c_str(), &fifo) == 0)
        return ContainerStatus::Created;
    if (!cgroup.directories.empty()) {
        auto frozen = cgroup::isFrozen(cgroup);
        if (frozen && *frozen)
            return ContainerStatus::Paused;
    }
    return ContainerStatus::Running;
}

std::string ContainerState::toPublicJson(ContainerStatus current) const
{
    nlohmann::json json = {
        {"ociVersion", ociVersion},
        {"id", id},
        {"pid", current == ContainerStatus::Stopped ? 0 : pid},
        {"status", statusName(current)},
        {"bundle", bundle},
        {"rootfs", rootfs},
        {"created", created},
        {"owner", owner},
    };
    if (!annotations.empty())
        json["annotations"] = annotations;
    return json.dump(2);
}

Status validateId(std::string_view id)
{
    if (id.empty())
        return makeError(EINVAL, "container id must not be empty");
    if (id == "." || id == ".." || id.size() > 1024)
        return makeError(EINVAL, "invalid container id " + quoted(id));
    for (char c : id) {
        bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '+' || c == '-' ||
                  c == '.';
        if (!ok)
            return makeError(EINVAL, "invalid container id " + quoted(id) +
                                         ": only letters, digits, '_', '+', '-' and '.'");
    }
    return {};
}

StateStore::StateStore(std::string root) : m_root(std::move(root)) {}

std::string StateStore::containerDir(std::string_view id) const
{
    return m_root + "/" + std::string(id);
}

std::string StateStore::fifoPath(std::string_view id) const
{
    return containerDir(id) + "/exec.fifo";
}

static nlohmann::json hooksToJson(const std::vector<oci::Hook> &hooks)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto &hook : hooks) {
        nlohmann::json entry = {{"path", hook.path}, {"args", hook.args}, {"env", hook.env}};
        if (hook.timeout)
            entry["timeout"] = *hook.timeout;
        list.push_back(entry);
    }
    return list;
}

static std::vector<oci::Hook> hooksFromJson(const nlohmann::json &list)
{
    std::vector<oci::Hook> hooks;
    for (const auto &entry : list) {
        oci::Hook hook;
        hook.path = entry.at("path").get<std::string>();
        hook.args = entry.at("args").get<std::vector<std::string>>();
        hook.env = entry.at("env").get<std::vector<std::string>>();
        if (entry.contains("timeout"))
            hook.timeout = entry.at("timeout").get<int>();
        hooks.push_back(std::move(hook));
    }
    return hooks;
}

static Status makeDirectories(const std::string &path, mode_t mode)
{
    std::string partial;
    size_t position = 0;
    while (position != std::string::npos) {
        position = path.find('/', position + 1);
        partial = path.substr(0, position);
        if (partial.empty())
            continue;
        if (::mkdir(partial.c_str(), mode) != 0 && errno != EEXIST)
            return sysError("create " + quoted(partial));
    }
    return {};
}

Status StateStore::reserve(std::string_view id) const
{
    GB_TRY(makeDirectories(m_root, 0700));
    std::string dir = containerDir(id);
    if (::mkdir(dir.c_str(), 0711) != 0) {
        if (errno == EEXIST)
            return makeError(EEXIST, "container " + quoted(id) + " already exists");
        return sysError("create " + quoted(dir));
    }
    return {};
}

Result<UniqueFd> StateStore::lock(std::string_view id) const
{
    auto fd = openAt(AT_FDCWD, containerDir(id), O_RDONLY | O_DIRECTORY);
    if (!fd) {
        if (fd.error().code == ENOENT)
            return makeError(ENOENT, "container " + quoted(id) + " does not exist");
        return tl::unexpected(fd.error());
    }
    while (::flock(fd->get(), LOCK_EX) != 0) {
        if (errno != EINTR)
            return sysError("lock " + quoted(containerDir(id)));
    }
    return fd;
}

namespace {

nlohmann::json cgroupToJson(const cgroup::Cgroup &cgroup)
{
    nlohmann::json directories = nlohmann::json::array();
    for (const auto &dir : cgroup.directories)
        directories.push_back(
            {{"path", dir.path}, {"controllers", dir.controllers}, {"unified", dir.unified}});
    return directories;
}

cgroup::Cgroup cgroupFromJson(const nlohmann::json &directories)
{
    cgroup::Cgroup cgroup;
    for (const auto &dir : directories)
        cgroup.directories.push_back({dir.at("path").get<std::string>(),
                                      dir.at("controllers").get<std::vector<std::string>>(),
                                      dir.at("unified").get<bool>()});
    return cgroup;
}

} // namespace

Status StateStore::saveCreating(std::string_view id, const cgroup::Cgroup &cgroup) const
{
    return writeFileAtomically(containerDir(id) + "/creating.json",
                               nlohmann::json{{"cgroup", cgroupToJson(cgroup)}}.dump(), 0600);
}

Result<cgroup::Cgroup> StateStore::loadCreating(std::string_view id) const
{
    GB_TRY(validateId(id));
    const std::string path = containerDir(id) + "/creating.json";
    auto text = readFile(path);
    if (!text)
        return tl::unexpected(text.error());
    try {
        return cgroupFromJson(nlohmann::json::parse(*text).at("cgroup"));
    } catch (const nlohmann::json::exception &e) {
        return makeError(EINVAL, "corrupt " + quoted(path) + ": " + e.what());
    }
}

Status StateStore::save(const ContainerState &state) const
{
    const nlohmann::json directories = cgroupToJson(state.cgroup);
    nlohmann::json json = {
        {"ociVersion", state.ociVersion},
        {"id", state.id},
        {"pid", state.pid},
        {"pidStartTime", state.pidStartTime},
        {"bundle", state.bundle},
        {"rootfs", state.rootfs},
        {"created", state.created},
        {"owner", state.owner},
        {"annotations", state.annotations},
        {"cgroup", directories},
        {"cgroupOwned", state.cgroupOwned},
        {"namespacePaths", state.namespacePaths},
        {"terminal", state.terminal},
        {"poststart", hooksToJson(state.poststart)},
        {"poststop", hooksToJson(state.poststop)},
    };
    return writeFileAtomically(containerDir(state.id) + "/state.json", json.dump(), 0600);
}

Result<ContainerState> StateStore::load(std::string_view id) const
{
    GB_TRY(validateId(id));
    std::string path = containerDir(id) + "/state.json";
    auto text = readFile(path);
    if (!text) {
        if (text.error().code == ENOENT)
            return makeError(ENOENT, "container " + quoted(id) + " does not exist");
        return tl::unexpected(text.error());
    }
    try {
        auto json = nlohmann::json::parse(*text);
        ContainerState state;
        state.ociVersion = json.at("ociVersion").get<std::string>();
        state.id = json.at("id").get<std::string>();
        state.pid = json.at("pid").get<pid_t>();
        state.pidStartTime = json.at("pidStartTime").get<uint64_t>();
        state.bundle = json.at("bundle").get<std::string>();
        state.rootfs = json.at("rootfs").get<std::string>();
        state.created = json.at("created").get<std::string>();
        state.owner = json.at("owner").get<std::string>();
        state.annotations = json.at("annotations").get<std::map<std::string, std::string>>();
        state.cgroup = cgroupFromJson(json.at("cgroup"));
        state.cgroupOwned = json.at("cgroupOwned").get<bool>();
        state.namespacePaths = json.at("namespacePaths").get<std::map<std::string, std::string>>();
        state.terminal = json.at("terminal").get<bool>();
        state.poststart = hooksFromJson(json.at("poststart"));
        state.poststop = hooksFromJson(json.at("poststop"));
        return state;
    } catch (const nlohmann::json::exception &e) {
        return makeError(EINVAL, "corrupt state file " + quoted(path) + ": " + e.what());
    }
}

Result<std::vector<std::string>> StateStore::list() const
{
    std::vector<std::string> ids;
    DIR *dir = ::opendir(m_root.c_str());
    if (dir == nullptr) {
        if (errno == ENOENT)
            return ids;
        return sysError("open " + quoted(m_root));
    }
    while (dirent *entry = ::readdir(dir)) {
        std::string name = entry->d_name;
        if (name == "." || name == ".." || !validateId(name))
            continue;
        struct stat st
        {
        };
        if (::stat((containerDir(name) + "/state.json").c_str(), &st) == 0)
            ids.push_back(name);
    }
    ::closedir(dir);
    std::sort(ids.begin(), ids.end());
    return ids;
}

Status StateStore::remove(std::string_view id) const
{
    std::string dir = containerDir(id);
    DIR *handle = ::opendir(dir.c_str());
    if (handle == nullptr)
        return errno == ENOENT ? Status{} : sysError("open " + quoted(dir));
    std::vector<std::string> names;
    while (dirent *entry = ::readdir(handle)) {
        std::string name = entry->d_name;
        if (name != "." && name != "..")
            names.push_back(name);
    }
    ::closedir(handle);
    // The runtime only keeps plain files here (state.json, exec.fifo, temporaries).
    for (const auto &name : names) {
        std::string path = dir + "/" + name;
        if (::unlink(path.c_str()) != 0 && errno != ENOENT)
            return sysError("remove " + quoted(path));
    }
    if (::rmdir(dir.c_str()) != 0 && errno != ENOENT)
        return sysError("remove " + quoted(dir));
    return {};
}

std::string rfc3339Now()
{
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    tm utc{};
    ::gmtime_r(&now.tv_sec, &utc);
    char buffer[64];
    size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(buffer + length, sizeof buffer - length, ".%09ldZ", now.tv_nsec);
    return buffer;
}

} // namespace glassbox
