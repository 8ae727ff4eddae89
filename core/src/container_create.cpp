// `create`: validate the bundle, reserve the id, make the cgroup, clone the container
// process into its namespaces and wait until it is set up and blocked on the exec fifo.
#include "glassbox/container.h"

#include "container_init.h"
#include "devices.h"
#include "glassbox/file_io.h"
#include "glassbox/mount_options.h"
#include "glassbox/namespaces.h"
#include "glassbox/oci/spec.h"
#include "glassbox/seccomp.h"
#include "hooks.h"
#include "idmap.h"
#include "process_setup.h"
#include "rootfs.h"
#include "sync.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace glassbox {

namespace {

Result<std::string> absolutePath(const std::string &path, const std::string &what)
{
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) == nullptr)
        return sysError(what + " " + quoted(path));
    return std::string(resolved);
}

/// Whether both paths name the same inode (namespace files compare this way).
bool sameFile(const std::string &a, const std::string &b)
{
    struct stat first
    {
    };
    struct stat second
    {
    };
    return ::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0 &&
           first.st_dev == second.st_dev && first.st_ino == second.st_ino;
}

/// Checks what the kernel would only refuse half-way through setup.
Status validate(const oci::Spec &spec)
{
    using oci::NamespaceType;
    if (!spec.process)
        return makeError(EINVAL, "`process`: required to create a container");
    const auto &linuxConfig = spec.linux;
    const oci::Namespace *mnt = linuxConfig.findNamespace(NamespaceType::Mount);
    // The spec lets a container share the runtime's mount namespace; runc then skips the whole
    // rootfs set-up and the process sees the host's root, `root.path` and `mounts` silently
    // unused. A config that merely forgot the namespace would run on the host's filesystem:
    // refused, and said why (docs/ARCHITECTURE.md, "OCI runtime spec: field by field").
    if (mnt == nullptr)
        return makeError(EINVAL, "`linux.namespaces`: a mount namespace is required: without one "
                                 "the process would share the host's filesystem and `root.path` "
                                 "would be ignored (add {\"type\": \"mount\"})");
    // A uts namespace is there (the parser checks); a joined one takes the name, as with runc,
    // unless it is the runtime's own: that would rename the host.
    const oci::Namespace *uts = linuxConfig.findNamespace(NamespaceType::Uts);
    if ((!spec.hostname.empty() || !spec.domainname.empty()) && uts != nullptr &&
        !uts->path.empty() && sameFile(uts->path, "/proc/self/ns/uts"))
        return makeError(EINVAL, "`hostname`: the uts namespace " + quoted(uts->path) +
                                     " is the host's; setting the name there would rename the "
                                     "host");
    const oci::Namespace *user = linuxConfig.findNamespace(NamespaceType::User);
    if (user != nullptr && user->path.empty() &&
        (linuxConfig.uidMappings.empty() || linuxConfig.gidMappings.empty()))
        return makeError(EINVAL,
                         "`linux.uidMappings`: a new user namespace needs uid and gid mappings");
    if (user != nullptr && !user->path.empty() && (namespaces::newNamespaceFlags(linuxConfig) != 0))
        return makeError(ENOTSUP, "`linux.namespaces`: joining an existing user namespace while "
                                  "creating new namespaces is not supported");
    const oci::Namespace *time = linuxConfig.findNamespace(NamespaceType::Time);
    if (!linuxConfig.timeOffsets.empty() && (time == nullptr || !time->path.empty()))
        return makeError(EINVAL, "`linux.timeOffsets`: needs a new time namespace");
    return rootfs::validateSysctl(linuxConfig);
}

/// Undoes a half-made container when creation fails.
class CreationGuard
{
public:
    CreationGuard(const StateStore &store, std::string id) : m_store(store), m_id(std::move(id)) {}
    CreationGuard(const CreationGuard &) = delete;
    CreationGuard &operator=(const CreationGuard &) = delete;
    ~CreationGuard()
    {
        if (m_committed)
            return;
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
        if (m_cgroup)
            (void)cgroup::destroy(*m_cgroup);
        (void)m_store.remove(m_id);
    }
    void setPid(pid_t pid) { m_pid = pid; }
    void setCgroup(const cgroup::Cgroup &cgroup) { m_cgroup = cgroup; }
    void commit() { m_committed = true; }

private:
    const StateStore &m_store;
    std::string m_id;
    pid_t m_pid = 0;
    std::optional<cgroup::Cgroup> m_cgroup; // a copy: the guard outlives the caller's
    bool m_committed = false;
};

pid_t cloneInto(int flags)
{
    clone_args args{};
    args.flags = static_cast<uint64_t>(flags);
    args.exit_signal = SIGCHLD;
    return static_cast<pid_t>(::syscall(SYS_clone3, &args, sizeof args));
}

Status waitUntilReady(int syncFd, const CreateOptions &options, const oci::Spec &spec,
                      const ContainerState &state, std::vector<Error> *warnings)
{
    for (;;) {
        auto message = sync::receive(syncFd);
        if (!message)
            return tl::unexpected(message.error());
        switch (message->type) {
        case sync::Message::Ready:
            return {};
        case sync::Message::Failed:
            return makeError(message->code, message->text);
        case sync::Message::Warning:
            if (warnings != nullptr)
                warnings->push_back({message->code, message->text});
            break;
        case sync::Message::ConsoleMaster:
            if (!options.consoleSocket.empty()) {
                GB_TRY(
                    sendToConsoleSocket(options.consoleSocket, message->fd.get(), message->text));
            } else if (options.consoleMaster != nullptr) {
                *options.consoleMaster = std::move(message->fd);
            } else {
                return makeError(EINVAL, "`process.terminal` is true but no --console-socket "
                                         "was given to receive the terminal");
            }
            break;
        case sync::Message::RunHooks: {
            // The container's namespaces exist; its root is not switched yet.
            const std::string json = state.toPublicJson(ContainerStatus::Creating);
            GB_TRY(hooks::run(spec.hooks.prestart, "prestart", json));
            GB_TRY(hooks::run(spec.hooks.createRuntime, "createRuntime", json));
            GB_TRY(sync::send(syncFd, sync::Message::HooksDone, 0, json));
            break;
        }
        default:
            return makeError(EPROTO, "unexpected message from the container process");
        }
    }
}

/// Idmapped copies of the rootfs (when its ids are not shifted yet) and of `idmap` bind
/// mounts, made here with the initial user namespace's privileges and sent to the child.
Status sendIdmappedTrees(int syncFd, const oci::Spec &spec, const std::string &rootfs,
                         const std::string &bundle, pid_t pid, std::vector<Error> *warnings)
{
    if (idmap::rootfsNeedsShift(rootfs, spec.linux.uidMappings)) {
        auto tree = idmap::makeTree(rootfs, pid, true);
        if (tree) {
            GB_TRY(sync::send(syncFd, sync::Message::MountTree, 0, "rootfs", tree->get()));
        } else if (tree.error().code == ENOTSUP) {
            if (warnings != nullptr)
                warnings->push_back({ENOTSUP, tree.error().message +
                                                  "; files in the rootfs keep their host owners "
                                                  "and appear as nobody in the container"});
        } else {
            return tl::unexpected(tree.error());
        }
    }
    for (size_t i = 0; i < spec.mounts.size(); ++i) {
        const oci::Mount &mount = spec.mounts[i];
        auto options = parseMountOptions(mount.options, i);
        if (!options || !options->idmap)
            continue;
        std::string source = mount.source.empty() || mount.source.front() == '/'
                                 ? mount.source
                                 : bundle + "/" + mount.source;
        auto tree = idmap::makeTree(source, pid, options->recursive);
        if (!tree)
            return withContext(tree.error(), "`mounts[" + std::to_string(i) + "]`");
        GB_TRY(sync::send(syncFd, sync::Message::MountTree, 0, std::to_string(i), tree->get()));
    }
    return {};
}

} // namespace

Result<pid_t> createContainer(const StateStore &store, const CreateOptions &options,
                              std::vector<Error> *warnings)
{
    GB_TRY(validateId(options.id));
    auto bundle = absolutePath(options.bundle.empty() ? "." : options.bundle, "bundle");
    if (!bundle)
        return tl::unexpected(bundle.error());
    auto spec = oci::loadSpec(*bundle);
    if (!spec)
        return tl::unexpected(spec.error());
    GB_TRY(validate(*spec));
    std::string rootPath =
        spec->root.path.front() == '/' ? spec->root.path : *bundle + "/" + spec->root.path;
    auto rootfs = absolutePath(rootPath, "`root.path`");
    if (!rootfs)
        return tl::unexpected(rootfs.error());
    std::optional<seccomp::Program> filter;
    if (spec->linux.seccomp) {
        // '#' cannot appear in a container id, so the cache never collides with one.
        auto compiled = seccomp::compileCached(*spec->linux.seccomp, store.root() + "/#seccomp");
        if (!compiled)
            return tl::unexpected(compiled.error());
        filter = std::move(*compiled);
    }

    GB_TRY(store.reserve(options.id));
    CreationGuard guard(store, options.id);
    const std::string fifoPath = store.fifoPath(options.id);
    // Writable by anyone: the init may be an unmapped uid in a user namespace by the time it
    // opens the fifo. chmod because mkfifo's mode is filtered by the umask.
    if (::mkfifo(fifoPath.c_str(), 0622) != 0 || ::chmod(fifoPath.c_str(), 0622) != 0)
        return sysError("create " + quoted(fifoPath));
    auto fifo = openAt(AT_FDCWD, fifoPath, O_PATH);
    if (!fifo)
        return tl::unexpected(fifo.error());

    std::optional<cgroup::Cgroup> group;
    if (options.cgroupManager == CgroupManager::Cgroupfs) {
        auto host = cgroup::Host::detect();
        if (!host)
            return tl::unexpected(host.error());
        oci::Resources resources = spec->linux.resources.value_or(oci::Resources{});
        resources.devices = devices::cgroupRules(spec->linux);
        const std::string &cgroupsPath =
            options.cgroupsPath.empty() ? spec->linux.cgroupsPath : options.cgroupsPath;
        // Until state.json is written, creating.json is what `delete` finds if we are killed:
        // written before the first directory is made.
        auto made = cgroup::create(
            *host, cgroupsPath, options.id, resources,
            [&](const cgroup::Cgroup &planned) { return store.saveCreating(options.id, planned); });
        if (!made)
            return tl::unexpected(made.error());
        group = std::move(*made);
        guard.setCgroup(*group);
        GB_TRY(cgroup::apply(*group, resources));
    }

    auto pair = sync::makePair();
    if (!pair)
        return tl::unexpected(pair.error());
    // Joining a pid namespace only affects the children we create next; our own pid
    // namespace is restored right after the clone so that later children (hooks, and
    // nothing else of ours) are not born into the container's.
    UniqueFd ownPidNs;
    if (const oci::Namespace *pidNs = spec->linux.findNamespace(oci::NamespaceType::Pid);
        pidNs != nullptr && !pidNs->path.empty()) {
        auto own = openAt(AT_FDCWD, "/proc/self/ns/pid", O_RDONLY);
        if (!own)
            return tl::unexpected(own.error());
        ownPidNs = std::move(*own);
        GB_TRY(namespaces::join(oci::NamespaceType::Pid, pidNs->path));
    }

    const oci::Namespace *userNs = spec->linux.findNamespace(oci::NamespaceType::User);
    const bool newUser = userNs != nullptr && userNs->path.empty();
    // cgroup and time namespaces are unshared by the child itself: see container_init.cpp.
    int flags = namespaces::newNamespaceFlags(spec->linux) & ~(CLONE_NEWCGROUP | CLONE_NEWTIME);
    pid_t pid = cloneInto(flags);
    if (pid < 0)
        return sysError("clone the container process");
    if (pid == 0) {
        pair->parent.reset();
        InitConfig init{*spec,
                        options.id,
                        *rootfs,
                        *bundle,
                        group ? &*group : nullptr,
                        filter,
                        pair->child.get(),
                        fifo->get(),
                        options.noPivot,
                        options.noNewKeyring,
                        options.preserveFds,
                        newUser};
        runContainerInit(init);
    }
    guard.setPid(pid);
    pair->child.reset();
    if (ownPidNs && ::setns(ownPidNs.get(), CLONE_NEWPID) != 0)
        return sysError("return to the runtime's own pid namespace");

    if (group)
        GB_TRY(cgroup::enter(*group, pid));
    if (newUser) {
        GB_TRY(namespaces::writeIdMap(pid, "uid_map", spec->linux.uidMappings));
        GB_TRY(namespaces::writeIdMap(pid, "gid_map", spec->linux.gidMappings));
        GB_TRY(sendIdmappedTrees(pair->parent.get(), *spec, *rootfs, *bundle, pid, warnings));
    }
    GB_TRY(sync::send(pair->parent.get(), sync::Message::Go));
    ContainerState state;
    state.ociVersion = spec->ociVersion;
    state.id = options.id;
    state.pid = pid;
    state.bundle = *bundle;
    state.rootfs = *rootfs;
    state.created = rfc3339Now();
    state.annotations = spec->annotations;
    if (group)
        state.cgroup = *group;
    state.cgroupOwned = group.has_value();
    state.terminal = spec->process->terminal;
    for (const auto &ns : spec->linux.namespaces)
        state.namespacePaths[oci::specName(ns.type)] =
            ns.path.empty() ? "/proc/" + std::to_string(pid) + "/ns/" + oci::procName(ns.type)
                            : ns.path;
    state.poststart = spec->hooks.poststart;
    state.poststop = spec->hooks.poststop;
    GB_TRY(waitUntilReady(pair->parent.get(), options, *spec, state, warnings));
    state.pidStartTime = processStartTime(pid);
    GB_TRY(store.save(state));
    if (!options.pidFile.empty())
        GB_TRY(writeFileAtomically(options.pidFile, std::to_string(pid), 0644));
    guard.commit();
    return pid;
}

} // namespace glassbox
