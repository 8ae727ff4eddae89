// Linux namespaces: joining one by path, writing a user namespace's id maps, and reading
// the namespace identity (inode) of a process.
#pragma once

#include "glassbox/error.h"
#include "glassbox/oci/spec.h"

#include <sys/types.h>
#include <vector>

namespace glassbox::namespaces {

/// clone(2) flags for the namespaces the config asks to create (those without a path).
[[nodiscard]] int newNamespaceFlags(const oci::Linux &linuxConfig);

/// Joins the namespace at `path` (e.g. /proc/1234/ns/net), checking it is of `type`.
[[nodiscard]] Status join(oci::NamespaceType type, const std::string &path);

/// Writes /proc/PID/uid_map or gid_map ("containerId hostId size" lines).
[[nodiscard]] Status writeIdMap(pid_t pid, const char *file,
                                const std::vector<oci::IdMapping> &mappings);

/// The inode number of /proc/PID/ns/NAME, which identifies a namespace; 0 if unreadable.
[[nodiscard]] uint64_t inode(pid_t pid, const char *procName);

} // namespace glassbox::namespaces
