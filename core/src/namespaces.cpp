// Namespace helpers: flags, setns by path, id maps, identities.
#include "glassbox/namespaces.h"

#include "glassbox/file_io.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>

namespace glassbox::namespaces {

int newNamespaceFlags(const oci::Linux &linuxConfig)
{
    int flags = 0;
    for (const auto &ns : linuxConfig.namespaces)
        if (ns.path.empty())
            flags |= oci::cloneFlag(ns.type);
    return flags;
}

Status join(oci::NamespaceType type, const std::string &path)
{
    auto fd = openAt(AT_FDCWD, path, O_RDONLY);
    if (!fd)
        return withContext(fd.error(),
                           std::string("join the ") + oci::specName(type) + " namespace");
    if (::setns(fd->get(), oci::cloneFlag(type)) != 0)
        return sysError(std::string("join the ") + oci::specName(type) + " namespace " +
                        quoted(path));
    return {};
}

Status writeIdMap(pid_t pid, const char *file, const std::vector<oci::IdMapping> &mappings)
{
    std::string text;
    for (const auto &m : mappings)
        text += std::to_string(m.containerId) + " " + std::to_string(m.hostId) + " " +
                std::to_string(m.size) + "\n";
    return writeFile("/proc/" + std::to_string(pid) + "/" + file, text);
}

uint64_t inode(pid_t pid, const char *procName)
{
    struct stat st
    {
    };
    std::string path = "/proc/" + std::to_string(pid) + "/ns/" + procName;
    if (::stat(path.c_str(), &st) != 0)
        return 0;
    return st.st_ino;
}

} // namespace glassbox::namespaces
