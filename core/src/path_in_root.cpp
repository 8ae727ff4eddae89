// Safe resolution of container paths with openat2(2).
#include "path_in_root.h"

#include "glassbox/safe_open.h"

#include <cerrno>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace glassbox {

Result<UniqueFd> openInRoot(int rootFd, const std::string &path, int flags)
{
    std::string relative = path;
    while (!relative.empty() && relative.front() == '/')
        relative.erase(0, 1);
    return openat2Resolved(rootFd, relative, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, 0,
                           quoted(path) + " in the container's root");
}

static std::vector<std::string> components(const std::string &path)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string::npos)
            end = path.size();
        std::string part = path.substr(start, end - start);
        if (!part.empty() && part != ".")
            parts.push_back(part);
        start = end + 1;
    }
    return parts;
}

Result<UniqueFd> ensureInRoot(int rootFd, const std::string &path, bool directory)
{
    auto existing = openInRoot(rootFd, path, O_PATH);
    if (existing || existing.error().code != ENOENT)
        return existing;
    // Walk down, creating what is missing. Each step resolves from the root again, so a
    // symlink met on the way is followed as the container would see it, never outside.
    auto parts = components(path);
    std::string prefix;
    for (size_t i = 0; i < parts.size(); ++i) {
        std::string parentPath = prefix.empty() ? "." : prefix;
        prefix += (prefix.empty() ? "" : "/") + parts[i];
        auto current = openInRoot(rootFd, prefix, O_PATH);
        if (current)
            continue;
        if (current.error().code != ENOENT)
            return current;
        auto parent = openInRoot(rootFd, parentPath, O_PATH | O_DIRECTORY);
        if (!parent)
            return parent;
        bool last = i + 1 == parts.size();
        if (last && !directory) {
            int fd = ::openat(parent->get(), parts[i].c_str(),
                              O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
            if (fd < 0 && errno != EEXIST)
                return sysError("create " + quoted(prefix) + " in the container's root");
            if (fd >= 0)
                ::close(fd);
        } else if (::mkdirat(parent->get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST) {
            return sysError("create " + quoted(prefix) + " in the container's root");
        }
    }
    return openInRoot(rootFd, path, O_PATH);
}

std::string fdPath(int fd)
{
    return "/proc/self/fd/" + std::to_string(fd);
}

} // namespace glassbox
