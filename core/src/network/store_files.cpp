// The files of a NetworkStore's run directory and the lock that serialises its changes.
#include "network_p.h"

#include "glassbox/file_io.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glassbox::net::detail {

Status makeDirectories(const std::string &path, unsigned mode)
{
    for (size_t end = path.find('/', 1);; end = path.find('/', end + 1)) {
        const std::string partial = path.substr(0, end);
        if (!partial.empty() && ::mkdir(partial.c_str(), mode) != 0 && errno != EEXIST)
            return sysError("create " + quoted(partial));
        if (end == std::string::npos)
            return {};
    }
}

Result<std::vector<std::string>> jsonFilesIn(const std::string &directory)
{
    std::vector<std::string> names;
    DIR *dir = ::opendir(directory.c_str());
    if (dir == nullptr) {
        if (errno == ENOENT)
            return names;
        return sysError("open " + quoted(directory));
    }
    // writeFileAtomically()'s temporaries end in ".tmp-N": skipped.
    while (const dirent *entry = ::readdir(dir)) {
        const std::string_view name = entry->d_name;
        if (name.size() > 5 && name.ends_with(".json"))
            names.emplace_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    return names;
}

Status removeFile(const std::string &path)
{
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return sysError("remove " + quoted(path));
    return {};
}

Result<std::string> randomHex(size_t bytes)
{
    std::string random(bytes, '\0');
    for (size_t filled = 0; filled < bytes;) {
        const ssize_t got = ::getrandom(random.data() + filled, bytes - filled, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return sysError("read random bytes");
        }
        filled += static_cast<size_t>(got);
    }
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char byte : random) {
        hex += digits[byte >> 4];
        hex += digits[byte & 0xf];
    }
    return hex;
}

Result<StoreLock> StoreLock::acquire(const std::string &runDir)
{
    // flock() excludes other processes; the mutex excludes this process's other threads
    // (each would open a descriptor of its own, whose flocks exclude each other too, but
    // then every waiting thread would hold a descriptor and block in the kernel).
    static std::mutex processWide;
    std::unique_lock guard(processWide);
    GB_TRY(makeDirectories(runDir, 0755));
    const std::string path = runDir + "/lock";
    auto file = openAt(AT_FDCWD, path, O_RDWR | O_CREAT, 0600);
    if (!file)
        return tl::unexpected(file.error());
    while (::flock(file->get(), LOCK_EX) != 0) {
        if (errno != EINTR)
            return sysError("lock " + quoted(path));
    }
    return StoreLock(std::move(guard), std::move(*file));
}

std::string recordPath(const std::string &runDir, std::string_view containerId)
{
    return runDir + "/containers/" + std::string(containerId) + ".json";
}

std::string optionsPath(const std::string &runDir, std::string_view containerId)
{
    return runDir + "/containers/" + std::string(containerId) + ".netavark.json";
}

std::string netavarkConfigDir(const std::string &runDir)
{
    return runDir + "/netavark";
}

} // namespace glassbox::net::detail
