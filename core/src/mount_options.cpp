// The table of mount option words the OCI spec and runc accept.
#include "glassbox/mount_options.h"

#include <cerrno>
#include <string_view>
#include <sys/mount.h>

namespace glassbox {

namespace {

struct FlagWord
{
    std::string_view word;
    bool clear; ///< the word turns the flag off ("rw", "suid", ...)
    unsigned long flag;
    uint64_t attr; ///< the matching MOUNT_ATTR_* for bind mounts, 0 if none
};

constexpr FlagWord flagWords[] = {
    {"ro", false, MS_RDONLY, MOUNT_ATTR_RDONLY},
    {"rw", true, MS_RDONLY, MOUNT_ATTR_RDONLY},
    {"nosuid", false, MS_NOSUID, MOUNT_ATTR_NOSUID},
    {"suid", true, MS_NOSUID, MOUNT_ATTR_NOSUID},
    {"nodev", false, MS_NODEV, MOUNT_ATTR_NODEV},
    {"dev", true, MS_NODEV, MOUNT_ATTR_NODEV},
    {"noexec", false, MS_NOEXEC, MOUNT_ATTR_NOEXEC},
    {"exec", true, MS_NOEXEC, MOUNT_ATTR_NOEXEC},
    {"sync", false, MS_SYNCHRONOUS, 0},
    {"async", true, MS_SYNCHRONOUS, 0},
    {"dirsync", false, MS_DIRSYNC, 0},
    {"mand", false, MS_MANDLOCK, 0},
    {"nomand", true, MS_MANDLOCK, 0},
    {"noatime", false, MS_NOATIME, MOUNT_ATTR_NOATIME},
    {"atime", true, MS_NOATIME, MOUNT_ATTR_NOATIME},
    {"nodiratime", false, MS_NODIRATIME, MOUNT_ATTR_NODIRATIME},
    {"diratime", true, MS_NODIRATIME, MOUNT_ATTR_NODIRATIME},
    {"relatime", false, MS_RELATIME, MOUNT_ATTR_RELATIME},
    {"norelatime", true, MS_RELATIME, 0},
    {"strictatime", false, MS_STRICTATIME, MOUNT_ATTR_STRICTATIME},
    {"nostrictatime", true, MS_STRICTATIME, 0},
    {"nosymfollow", false, MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW},
    {"symfollow", true, MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW},
};

struct PropagationWord
{
    std::string_view word;
    unsigned long flags;
};

constexpr PropagationWord propagationWords[] = {
    {"private", MS_PRIVATE},       {"rprivate", MS_PRIVATE | MS_REC},
    {"shared", MS_SHARED},         {"rshared", MS_SHARED | MS_REC},
    {"slave", MS_SLAVE},           {"rslave", MS_SLAVE | MS_REC},
    {"unbindable", MS_UNBINDABLE}, {"runbindable", MS_UNBINDABLE | MS_REC},
};

} // namespace

Result<MountOptions> parseMountOptions(const std::vector<std::string> &options, size_t index)
{
    MountOptions result;
    for (size_t i = 0; i < options.size(); ++i) {
        std::string_view word = options[i];
        bool known = false;
        if (word == "bind" || word == "rbind") {
            result.bind = true;
            result.recursive = result.recursive || word == "rbind";
            continue;
        }
        if (word == "idmap" || word == "ridmap") {
            result.idmap = true;
            continue;
        }
        if (word == "tmpcopyup") {
            result.copyUp = true;
            continue;
        }
        if (word == "defaults")
            continue;
        if (word == "remount")
            return makeError(EINVAL, "`mounts[" + std::to_string(index) + "].options[" +
                                         std::to_string(i) + "]`: " + quoted(word) +
                                         " is not allowed in a container mount");
        for (const auto &entry : propagationWords) {
            if (word == entry.word) {
                result.propagation = entry.flags;
                known = true;
            }
        }
        // "rro", "rnosuid", ...: recursive attributes through mount_setattr(AT_RECURSIVE).
        bool recursiveAttr =
            word.size() > 1 && word[0] == 'r' && word != "relatime" && word != "rw" && word != "ro";
        std::string_view base = recursiveAttr ? word.substr(1) : word;
        for (const auto &entry : flagWords) {
            if (known || base != entry.word)
                continue;
            if (recursiveAttr && entry.attr == 0)
                break;
            known = true;
            if (recursiveAttr) {
                result.attrRecursive = true;
            } else if (entry.clear) {
                result.flags &= ~entry.flag;
            } else {
                result.flags |= entry.flag;
            }
            if (entry.clear) {
                result.attrSet &= ~entry.attr;
                result.attrClear |= entry.attr;
            } else {
                result.attrSet |= entry.attr;
                result.attrClear &= ~entry.attr;
            }
        }
        if (known)
            continue;
        if (!result.data.empty())
            result.data += ',';
        result.data += word;
    }
    // Access-time options are a three-way choice in mount_setattr: relatime is the default.
    if (result.attrSet & (MOUNT_ATTR_NOATIME | MOUNT_ATTR_STRICTATIME | MOUNT_ATTR_RELATIME))
        result.attrClear |= MOUNT_ATTR__ATIME;
    return result;
}

} // namespace glassbox
