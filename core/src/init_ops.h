// The container init's side effects behind one interface, so that the order of its steps is
// unit-tested without root (tests/core/test_init_order.cpp), as youki's `Syscall` trait does.
// System calls appear as themselves (0, or -1 with errno, so the init words the error);
// compound steps, each tested on its own elsewhere, appear once.
#pragma once

#include "container_init.h"
#include "rootfs.h"
#include "sync.h"

#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace glassbox {

class InitOps
{
public:
    InitOps() = default;
    InitOps(const InitOps &) = delete;
    InitOps &operator=(const InitOps &) = delete;
    virtual ~InitOps() = default;

    virtual int prctl(int option, unsigned long value) = 0;
    virtual int setresgid(gid_t gid) = 0; ///< real, effective and saved
    virtual int setresuid(uid_t uid) = 0; ///< real, effective and saved
    virtual int setgroups(size_t size, const gid_t *groups) = 0;
    virtual int unshare(int flags) = 0;
    virtual int sethostname(std::string_view name) = 0;
    virtual int setdomainname(std::string_view name) = 0;
    virtual long joinSessionKeyring(const std::string &name) = 0;

    virtual Result<sync::Received> receive(int syncFd) = 0;
    virtual Status send(int syncFd, sync::Message type, int code, std::string_view text) = 0;
    virtual Status joinNamespaces(const InitConfig &config) = 0;
    virtual Status bringLoopbackUp() = 0;
    virtual Status setupTimeNamespace(const oci::Linux &linuxConfig) = 0;
    virtual Status runHooks(const std::vector<oci::Hook> &hooks, const char *phase,
                            const std::string &state) = 0;
    virtual Status rootfsEnter(const rootfs::Context &context) = 0;
    virtual Status setupConsole(const oci::Process &process, int syncFd) = 0;
    virtual Status rootfsFinish(const rootfs::Context &context) = 0;
    virtual Status setOomScoreAdj(int value) = 0;
    virtual Status applyRlimits(const oci::Process &process) = 0;
    virtual Status enterWorkingDirectory(const std::string &cwd) = 0;
    virtual Result<std::string> findExecutable(const oci::Process &process) = 0;
    virtual Status restrictDescriptors(int preserveFds) = 0;
    virtual Status loadSeccomp(const seccomp::Program &program) = 0;
    virtual Status switchUser(const oci::Process &process, std::vector<Error> &warnings) = 0;
    virtual Status waitForStart(int fifoFd) = 0;
    /// Returns only on failure.
    virtual int execve(const std::string &path, const std::vector<std::string> &args,
                       const std::vector<std::string> &env) = 0;
};

/// The real thing.
[[nodiscard]] InitOps &linuxInitOps();

/// Everything the init does before it reports Ready: from the parent's Go (and the idmapped
/// mount trees before it) to the user switch. Sets the program to execute and the state
/// that startContainer hooks get.
[[nodiscard]] Status setUpInit(const InitConfig &config, InitOps &ops, std::string &executable,
                               std::string &hookState);

/// After Ready: waits for `start`, runs the startContainer hooks, loads a seccomp filter that
/// no_new_privs lets come last, and executes the program. Returns only with an error.
[[nodiscard]] Status execInit(const InitConfig &config, InitOps &ops, const std::string &executable,
                              const std::string &hookState);

} // namespace glassbox
