// Re-execution of the running program from a file that containers cannot write: a detached
// read-only bind mount of the executable, or else a sealed memfd copy (see self_exec.h).
#include "glassbox/self_exec.h"

#include "glassbox/fd.h"

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <string>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <vector>

namespace glassbox {

namespace {

constexpr int kWriteSeals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

// Linux 6.3: an executable memfd. Where vm.memfd_noexec is 1 a memfd without it cannot be
// executed; Linux 6.1 refuses the flag (EINVAL), and there every memfd is executable.
#ifdef MFD_EXEC
constexpr unsigned kMfdExec = MFD_EXEC;
#else
constexpr unsigned kMfdExec = 0x0010U;
#endif

/// How our executable, open as `fd`, is protected from writes, if it is.
std::optional<ExeProtection> protectionOf(int fd)
{
    struct statfs fs
    {
    };
    if (::fstatfs(fd, &fs) == 0 && (fs.f_flags & ST_RDONLY) != 0)
        return ExeProtection::ReadOnlyMount;
    const int seals = ::fcntl(fd, F_GET_SEALS);
    if (seals >= 0 && (seals & kWriteSeals) == kWriteSeals)
        return ExeProtection::SealedMemfd;
    return std::nullopt;
}

/// A detached read-only bind mount of the file `exe`. The mount lives in the descriptor's
/// anonymous mount namespace, where anyone with CAP_SYS_ADMIN over their own mount namespace
/// (a container's root in a user namespace too) could clear the read-only flag with
/// mount_setattr. The descriptor is close-on-exec: execveat closes it, the kernel unmounts
/// the mount (which lives on as the new image's /proc/self/exe), and from then on neither
/// mount_setattr nor a remount nor open_tree accepts it (EINVAL).
Result<UniqueFd> readOnlyMount(int exe)
{
    const int tree = ::open_tree(exe, "", AT_EMPTY_PATH | OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (tree < 0)
        return sysError("open_tree of `/proc/self/exe`");
    UniqueFd treeFd(tree);
    mount_attr attr{};
    attr.attr_set = MOUNT_ATTR_RDONLY;
    if (::mount_setattr(treeFd.get(), "", AT_EMPTY_PATH, &attr, sizeof attr) != 0)
        return sysError("make the bind mount of `/proc/self/exe` read-only");
    if (protectionOf(treeFd.get()) != ExeProtection::ReadOnlyMount)
        return makeError(0, "the bind mount of `/proc/self/exe` is still writable");
    return treeFd;
}

/// A copy of the file `exe` in a memfd that nobody can write, shrink or grow, nor unseal.
Result<UniqueFd> sealedCopy(int exe, const char *name)
{
    struct stat st
    {
    };
    if (::fstat(exe, &st) != 0)
        return sysError("fstat `/proc/self/exe`");
    int fd = ::memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING | kMfdExec);
    if (fd < 0 && errno == EINVAL)
        fd = ::memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0)
        return sysError("memfd_create");
    UniqueFd copy(fd);
    off_t offset = 0;
    while (offset < st.st_size) {
        const ssize_t n =
            ::sendfile(copy.get(), exe, &offset, static_cast<size_t>(st.st_size - offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return sysError("copy `/proc/self/exe` into a memfd");
        if (n == 0)
            return makeError(EIO, "copy `/proc/self/exe` into a memfd: the file ended early");
    }
    if (::fcntl(copy.get(), F_ADD_SEALS, kWriteSeals) != 0)
        return sysError("seal the memfd copy of `/proc/self/exe`");
    return copy;
}

/// Executes the file `fd` with the same argv and environment. Descriptors the caller passed
/// stay open across it; ours are all close-on-exec. Returns only on failure.
Error reexecute(int fd, char **argv)
{
    ::execveat(fd, "", argv, environ, AT_EMPTY_PATH);
    return Error{errno, "execveat"};
}

/// Whether this image was executed from a descriptor, as by reexecute(): the kernel then
/// names the file `/dev/fd/N` in the auxiliary vector. The environment stays untouched.
bool executedFromDescriptor()
{
    const auto *name = reinterpret_cast<const char *>(::getauxval(AT_EXECFN));
    return name != nullptr && std::strncmp(name, "/dev/fd/", 8) == 0;
}

/// argv[0] without its directory: the name the first exec gave the process. Executed from a
/// descriptor, it is named after the descriptor's number ("3") or the file behind it (for a
/// memfd "memfd:..."), depending on the kernel.
const char *programName(char **argv)
{
    if (argv == nullptr || argv[0] == nullptr || argv[0][0] == '\0')
        return "glassbox";
    const char *slash = std::strrchr(argv[0], '/');
    return slash != nullptr && slash[1] != '\0' ? slash + 1 : argv[0];
}

std::string ownPath()
{
    char target[PATH_MAX] = {};
    const ssize_t n = ::readlink("/proc/self/exe", target, sizeof target - 1);
    return n > 0 ? std::string(target, static_cast<size_t>(n)) : std::string("/proc/self/exe");
}

} // namespace

const char *describe(ExeProtection protection)
{
    return protection == ExeProtection::ReadOnlyMount ? "read-only mount" : "sealed memfd copy";
}

Result<ExeProtection> sealOwnExecutable(char **argv)
{
    UniqueFd exe(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
    if (!exe)
        return sysError("open `/proc/self/exe`");
    const bool fromDescriptor = executedFromDescriptor();
    if (auto protection = protectionOf(exe.get())) {
        if (fromDescriptor)
            ::prctl(PR_SET_NAME, programName(argv), 0, 0, 0);
        return *protection;
    }
    const std::string what = "cannot protect " + quoted(ownPath()) +
                             " against being overwritten from a container (CVE-2019-5736)";
    // Never a second re-execution (which could loop): that one has failed to protect us.
    if (fromDescriptor)
        return makeError(0, what + ": it was executed from a descriptor of a writable file; "
                                   "execute it by its path");

    Error mountFailure;
    if (auto mount = readOnlyMount(exe.get()))
        mountFailure = reexecute(mount->get(), argv);
    else
        mountFailure = std::move(mount).error();
    Error copyFailure;
    if (auto copy = sealedCopy(exe.get(), programName(argv)))
        copyFailure = reexecute(copy->get(), argv);
    else
        copyFailure = std::move(copy).error();
    return makeError(copyFailure.code, what + ": read-only bind mount: " + mountFailure.text() +
                                           "; sealed copy: " + copyFailure.message);
}

} // namespace glassbox
