// Docker's User resolved through the container's /etc/passwd and /etc/group (see
// glassbox/image/container_user.h). The files come from an untrusted image: read with
// readUntrustedFile() and every id in them parsed strictly.
#include "glassbox/image/container_user.h"

#include "glassbox/fd.h"
#include "glassbox/quantities.h"
#include "glassbox/untrusted_file.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <optional>

namespace glassbox::image {

namespace {

/// One line of /etc/passwd (name:password:uid:gid:...) or /etc/group
/// (name:password:gid:member,member).
struct DbEntry
{
    size_t line = 0;
    std::string name;
    std::string id;
    std::string gid;                  ///< passwd only
    std::vector<std::string> members; ///< group only
};

std::vector<std::string> split(std::string_view text, char separator)
{
    std::vector<std::string> parts;
    size_t from = 0;
    for (;;) {
        size_t at = text.find(separator, from);
        parts.emplace_back(text.substr(from, at - from));
        if (at == std::string_view::npos)
            return parts;
        from = at + 1;
    }
}

Result<std::vector<DbEntry>> readDb(int rootFd, const char *path, bool passwd)
{
    std::vector<DbEntry> entries;
    auto text = readUntrustedFile(rootFd, path, kMaxUserDatabaseBytes);
    if (!text) {
        if (text.error().code == ENOENT)
            return entries; // no database: only numeric ids resolve
        return withContext(text.error(), "the image's user database");
    }
    size_t line = 0;
    for (const std::string &row : split(*text, '\n')) {
        ++line;
        auto fields = split(row, ':');
        if (fields.size() < (passwd ? 4u : 3u))
            continue;
        DbEntry entry{line, fields[0], fields[2], passwd ? fields[3] : std::string(), {}};
        if (!passwd && fields.size() > 3)
            for (auto &member : split(fields[3], ','))
                if (!member.empty())
                    entry.members.push_back(std::move(member));
        entries.push_back(std::move(entry));
    }
    return entries;
}

/// An id field of the database, or an error naming the file, line and field.
Result<uint32_t> idField(const char *path, const DbEntry &entry, const char *what,
                         const std::string &text)
{
    auto id = quantity::parseId(text);
    if (!id)
        return makeError(EINVAL, quoted(path) + " line " + std::to_string(entry.line) + ": " +
                                     what + " of " + quoted(entry.name) + ": " +
                                     id.error().message);
    return *id;
}

} // namespace

Result<ContainerUser> resolveContainerUser(int rootFd, std::string_view user)
{
    ContainerUser out;
    if (user.empty())
        return out;
    auto spec = quantity::parseUserSpec(user);
    if (!spec)
        return tl::unexpected(spec.error());
    if (spec->uid && spec->gid) // nothing to look up (a given group adds no others)
        return ContainerUser{*spec->uid, *spec->gid, {}};
    auto passwd = readDb(rootFd, "/etc/passwd", true);
    if (!passwd)
        return tl::unexpected(passwd.error());
    const DbEntry *found = nullptr;
    for (const auto &entry : *passwd) {
        const bool match =
            spec->uid ? quantity::parseId(entry.id) == *spec->uid : entry.name == spec->user;
        if (match) {
            found = &entry;
            break;
        }
    }
    std::string userName;
    if (found) {
        auto uid = idField("/etc/passwd", *found, "uid", found->id);
        auto gid = idField("/etc/passwd", *found, "gid", found->gid);
        if (!uid)
            return tl::unexpected(uid.error());
        if (!gid)
            return tl::unexpected(gid.error());
        out.uid = *uid;
        out.gid = *gid;
        userName = found->name;
    } else if (spec->uid) {
        out.uid = *spec->uid; // a numeric user need not be in the database (gid 0 then)
    } else {
        return makeError(ENOENT,
                         "user " + quoted(spec->user) + " is not in the image's /etc/passwd");
    }

    if (spec->gid) {
        out.gid = *spec->gid;
        return out;
    }
    if (spec->group.empty() && userName.empty())
        return out;
    auto groups = readDb(rootFd, "/etc/group", false);
    if (!groups)
        return tl::unexpected(groups.error());
    if (!spec->group.empty()) {
        for (const auto &entry : *groups)
            if (entry.name == spec->group) {
                auto gid = idField("/etc/group", entry, "gid", entry.id);
                if (!gid)
                    return tl::unexpected(gid.error());
                out.gid = *gid;
                return out;
            }
        return makeError(ENOENT,
                         "group " + quoted(spec->group) + " is not in the image's /etc/group");
    }
    for (const auto &entry : *groups) {
        if (std::find(entry.members.begin(), entry.members.end(), userName) == entry.members.end())
            continue;
        auto gid = quantity::parseId(entry.id);
        if (gid && *gid != out.gid &&
            std::find(out.additionalGids.begin(), out.additionalGids.end(), *gid) ==
                out.additionalGids.end())
            out.additionalGids.push_back(*gid);
    }
    return out;
}

Result<ContainerUser> resolveContainerUser(const std::string &rootDir, std::string_view user)
{
    UniqueFd root(::open(rootDir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root)
        return sysError("open " + quoted(rootDir));
    return resolveContainerUser(root.get(), user);
}

} // namespace glassbox::image
