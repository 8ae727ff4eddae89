// Overlay mounts for container rootfs (see overlay_mount.h). Before Linux 6.5 overlayfs
// takes fsconfig(2) options through the legacy fs_context, which accepts any key and
// rejects the whole set only at FSCONFIG_CMD_CREATE: "lowerdir+" is probed, not tried.
#include "glassbox/image/overlay_mount.h"

#include "glassbox/fd.h"

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

namespace glassbox::image {

namespace {

// fsconfig(2) copies a string value of at most 255 bytes and a NUL.
constexpr size_t kMaxFsconfigValue = 255;

/// The messages the kernel left in a filesystem context's log ("e overlay: ..."): they
/// name the option it refused where the errno alone cannot.
std::string contextLog(int fd)
{
    std::string log;
    char buffer[1024];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
        log += (log.empty() ? "" : "; ") + std::string(buffer, static_cast<size_t>(n));
    return log;
}

tl::unexpected<Error> contextError(int fd, int code, std::string message)
{
    if (std::string log = contextLog(fd); !log.empty())
        message += " (kernel: " + log + ")";
    return makeError(code, std::move(message));
}

Status setString(int fd, const char *key, const std::string &value)
{
    if (value.size() > kMaxFsconfigValue)
        return makeError(ENAMETOOLONG, "overlay option " + quoted(key) + " = " + quoted(value) +
                                           ": longer than the " +
                                           std::to_string(kMaxFsconfigValue) +
                                           " bytes fsconfig(2) takes");
    if (::fsconfig(fd, FSCONFIG_SET_STRING, key, value.c_str(), 0) != 0) {
        const int code = errno;
        return contextError(fd, code, "overlay option " + quoted(key) + " = " + quoted(value));
    }
    return {};
}

Status mountAppend(const OverlayLayers &layers, const std::string &target)
{
    UniqueFd fs(::fsopen("overlay", FSOPEN_CLOEXEC));
    if (!fs)
        return sysError("fsopen overlay");
    for (const auto &lower : layers.lowerDirs)
        GB_TRY(setString(fs.get(), "lowerdir+", lower));
    GB_TRY(setString(fs.get(), "upperdir", layers.upperDir));
    GB_TRY(setString(fs.get(), "workdir", layers.workDir));
    // The index ties an upper dir to its lowers' inodes; layers are shared, so keep it off.
    GB_TRY(setString(fs.get(), "index", "off"));
    if (::fsconfig(fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0) {
        const int code = errno;
        return contextError(fs.get(), code, "create overlay for " + quoted(target));
    }
    UniqueFd mnt(::fsmount(fs.get(), FSMOUNT_CLOEXEC, 0));
    if (!mnt)
        return sysError("fsmount overlay for " + quoted(target));
    if (::move_mount(mnt.get(), "", AT_FDCWD, target.c_str(), MOVE_MOUNT_F_EMPTY_PATH) != 0)
        return sysError("mount overlay on " + quoted(target));
    return {};
}

Status mountLegacy(const OverlayLayers &layers, const std::string &target)
{
    auto options = legacyOverlayOptions(layers, static_cast<size_t>(::sysconf(_SC_PAGESIZE)));
    if (!options)
        return tl::unexpected(options.error());
    if (::mount("overlay", target.c_str(), "overlay", 0, options->c_str()) != 0)
        return sysError("mount overlay of " + std::to_string(layers.lowerDirs.size()) +
                        " layers on " + quoted(target));
    return {};
}

Result<OverlaySyntax> probeSyntax()
{
    UniqueFd fs(::fsopen("overlay", FSOPEN_CLOEXEC));
    if (!fs) {
        if (errno == ENOSYS) // no new mount API: before 5.2, or hidden by a seccomp filter
            return OverlaySyntax::Legacy;
        if (errno == ENODEV)
            return makeError(ENODEV, "this kernel has no overlay filesystem (CONFIG_OVERLAY_FS)");
        return sysError("fsopen overlay");
    }
    // Both questions are answered at fsconfig time and logged only to the context's own
    // log, never to dmesg, and nothing is created: the context is closed unused. First, the
    // legacy fs_context (overlayfs before 6.5) takes any key, the new one refuses it.
    if (::fsconfig(fs.get(), FSCONFIG_SET_FLAG, "glassbox-probe", nullptr, 0) == 0)
        return OverlaySyntax::Legacy;
    // Then the new API refuses "lowerdir+" as an unknown key before 6.8; from 6.8 it looks
    // the path up at once.
    if (::fsconfig(fs.get(), FSCONFIG_SET_STRING, "lowerdir+", "/", 0) != 0)
        return OverlaySyntax::Legacy;
    return OverlaySyntax::Append;
}

} // namespace

Result<OverlaySyntax> overlaySyntax()
{
    // Asked once per process; racing first callers ask twice and get the same answer.
    static std::atomic<int> known{-1};
    if (int value = known.load(std::memory_order_relaxed); value >= 0)
        return static_cast<OverlaySyntax>(value);
    auto syntax = probeSyntax();
    if (syntax)
        known.store(static_cast<int>(*syntax), std::memory_order_relaxed);
    return syntax;
}

Result<std::string> legacyOverlayOptions(const OverlayLayers &layers, size_t limit)
{
    if (layers.lowerDirs.empty())
        return makeError(EINVAL, "image has no layers to mount");
    std::string options = "lowerdir=";
    for (size_t i = 0; i < layers.lowerDirs.size(); ++i) {
        const std::string &lower = layers.lowerDirs[i];
        if (lower.find_first_of(",:\\") != std::string::npos)
            return makeError(EINVAL, "layer path " + quoted(lower) +
                                         " holds `,`, `:` or `\\`, which a legacy overlay "
                                         "option string cannot carry");
        options += (i == 0 ? "" : ":") + lower;
    }
    for (const auto &[key, path] :
         {std::pair{"upperdir", &layers.upperDir}, std::pair{"workdir", &layers.workDir}}) {
        if (path->find_first_of(",\\") != std::string::npos)
            return makeError(EINVAL, std::string(key) + " " + quoted(*path) +
                                         " holds `,` or `\\`, which a legacy overlay option "
                                         "string cannot carry");
        options += std::string(",") + key + "=" + *path;
    }
    options += ",index=off";
    // mount(2) copies one page of options, the terminating NUL included.
    if (options.size() + 1 > limit)
        return makeError(E2BIG, "the overlay options for " +
                                    std::to_string(layers.lowerDirs.size()) + " layers take " +
                                    std::to_string(options.size() + 1) + " bytes, more than the " +
                                    std::to_string(limit) +
                                    " of one mount(2) option string; this kernel lacks overlayfs "
                                    "`lowerdir+` (Linux 6.8), which takes any number of layers");
    return options;
}

Status mountOverlay(const OverlayLayers &layers, const std::string &target)
{
    auto syntax = overlaySyntax();
    if (!syntax)
        return tl::unexpected(syntax.error());
    return mountOverlay(layers, target, *syntax);
}

Status mountOverlay(const OverlayLayers &layers, const std::string &target, OverlaySyntax syntax)
{
    if (layers.lowerDirs.empty())
        return makeError(EINVAL, "image has no layers to mount");
    return syntax == OverlaySyntax::Append ? mountAppend(layers, target)
                                           : mountLegacy(layers, target);
}

} // namespace glassbox::image
