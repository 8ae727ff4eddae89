// Docker's (moby's) default seccomp profile, generated in OCI `linux.seccomp` form for one
// container's capabilities, the way moby widens it when capabilities are added.
#include "glassbox/seccomp.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sched.h>
#include <string>
#include <string_view>
#include <sys/utsname.h>
#include <vector>

namespace glassbox::seccomp {
namespace {

using Names = std::vector<const char *>;

// Allowed for every container (space-separated): what ordinary programs need and cannot use to
// leave the container or reach the host's kernel state. Names this libseccomp does not know are
// skipped when compiling, so 32-bit and newer-kernel names can be listed together. Kept in
// step with moby's current list: io_uring_setup/enter/register are not in it (io_uring's
// operations run in kernel workers that seccomp never sees, and it has a long record of
// local privilege escalations), while newer calls such as mseal, listmount, statmount and
// the *xattrat family are.
constexpr std::string_view kAlwaysAllowed =
    "accept accept4 access adjtimex alarm bind brk cachestat capget capset chdir chmod chown "
    "chown32 clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime "
    "clock_gettime64 clock_nanosleep clock_nanosleep_time64 close close_range connect "
    "copy_file_range creat dup dup2 dup3 epoll_create epoll_create1 epoll_ctl epoll_ctl_old "
    "epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old eventfd eventfd2 execve execveat "
    "exit exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate fanotify_mark "
    "fchdir fchmod fchmodat fchmodat2 fchown fchown32 fchownat fcntl fcntl64 fdatasync "
    "fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs "
    "fstatfs64 fsync ftruncate ftruncate64 futex futex_requeue futex_time64 futex_wait "
    "futex_waitv futex_wake futimesat get_robust_list get_thread_area getcpu getcwd getdents "
    "getdents64 getegid getegid32 geteuid geteuid32 getgid getgid32 getgroups getgroups32 "
    "getitimer getpeername getpgid getpgrp getpid getppid getpriority getrandom getresgid "
    "getresgid32 getresuid getresuid32 getrlimit getrusage getsid getsockname getsockopt "
    "gettid gettimeofday getuid getuid32 getxattr getxattrat inotify_add_watch inotify_init "
    "inotify_init1 inotify_rm_watch io_cancel io_destroy io_getevents io_pgetevents "
    "io_pgetevents_time64 io_setup io_submit ioctl ioprio_get ioprio_set ipc kill "
    "landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lchown32 "
    "lgetxattr link linkat listen listmount listxattr listxattrat llistxattr _llseek "
    "lremovexattr lseek lsetxattr lstat lstat64 madvise map_shadow_stack membarrier "
    "memfd_create memfd_secret mincore mkdir mkdirat mknod mknodat mlock mlock2 mlockall "
    "mmap mmap2 mprotect mq_getsetattr mq_notify mq_open mq_timedreceive "
    "mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap mseal msgctl "
    "msgget msgrcv msgsnd msync munlock munlockall munmap name_to_handle_at nanosleep "
    "newfstatat _newselect open openat openat2 pause pidfd_open pidfd_send_signal pipe pipe2 "
    "pkey_alloc pkey_free pkey_mprotect poll ppoll ppoll_time64 prctl pread64 preadv preadv2 "
    "prlimit64 process_mrelease pselect6 pselect6_time64 pwrite64 pwritev pwritev2 read "
    "readahead readlink readlinkat readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg "
    "remap_file_pages removexattr removexattrat rename renameat renameat2 restart_syscall "
    "riscv_hwprobe rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo "
    "rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo "
    "sched_get_priority_max sched_get_priority_min sched_getaffinity sched_getattr "
    "sched_getparam sched_getscheduler sched_rr_get_interval sched_rr_get_interval_time64 "
    "sched_setaffinity sched_setattr sched_setparam sched_setscheduler sched_yield seccomp "
    "select semctl semget semop semtimedop semtimedop_time64 send sendfile sendfile64 "
    "sendmmsg sendmsg sendto set_robust_list set_thread_area set_tid_address setfsgid "
    "setfsgid32 setfsuid setfsuid32 setgid setgid32 setgroups setgroups32 setitimer setpgid "
    "setpriority setregid setregid32 setresgid setresgid32 setresuid setresuid32 setreuid "
    "setreuid32 setrlimit setsid setsockopt setuid setuid32 setxattr setxattrat shmat shmctl "
    "shmdt shmget shutdown sigaltstack signalfd signalfd4 sigprocmask sigreturn socketcall "
    "socketpair splice stat stat64 statfs statfs64 statmount statx symlink symlinkat sync "
    "sync_file_range syncfs sysinfo tee tgkill time timer_create timer_delete "
    "timer_getoverrun timer_gettime timer_gettime64 timer_settime timer_settime64 "
    "timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64 "
    "times tkill truncate truncate64 ugetrlimit umask uname unlink unlinkat uretprobe utime "
    "utimensat utimensat_time64 utimes vfork vmsplice wait4 waitid waitpid write writev";

struct CapabilityGroup
{
    const char *capability;
    Names names;
};

const CapabilityGroup kCapabilityGroups[] = {
    {"CAP_DAC_READ_SEARCH", {"open_by_handle_at"}},
    {"CAP_SYS_ADMIN",
     {"bpf",           "clone",         "clone3",      "fanotify_init",   "fsconfig",
      "fsmount",       "fsopen",        "fspick",      "lookup_dcookie",  "mount",
      "mount_setattr", "move_mount",    "open_tree",   "perf_event_open", "quotactl",
      "quotactl_fd",   "setdomainname", "sethostname", "setns",           "syslog",
      "umount",        "umount2",       "unshare"}},
    {"CAP_SYS_BOOT", {"reboot"}},
    {"CAP_SYS_CHROOT", {"chroot"}},
    {"CAP_SYS_MODULE", {"delete_module", "init_module", "finit_module"}},
    {"CAP_SYS_PACCT", {"acct"}},
    {"CAP_SYS_PTRACE",
     {"kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"}},
    {"CAP_SYS_RAWIO", {"iopl", "ioperm"}},
    {"CAP_SYS_TIME", {"settimeofday", "stime", "clock_settime", "clock_settime64"}},
    {"CAP_SYS_TTY_CONFIG", {"vhangup"}},
    {"CAP_SYS_NICE", {"get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"}},
    {"CAP_SYSLOG", {"syslog"}},
    {"CAP_BPF", {"bpf"}},
    {"CAP_PERFMON", {"perf_event_open"}},
};

// Since Linux 4.8 seccomp runs again after a tracer changes a system call, so ptrace can no
// longer be used to step around the filter; moby allows these from then on.
const Names kPtraceSince48 = {"process_vm_readv", "process_vm_writev", "ptrace"};

// personality(2) domains a program may switch to: PER_LINUX, PER_LINUX32, UNAME26 with either,
// and 0xffffffff, which only queries. Others (e.g. READ_IMPLIES_EXEC) weaken the process.
constexpr unsigned long kPersonalities[] = {0x0, 0x8, 0x20000, 0x20008, 0xffffffff};

// socket(2) families refused, as moby does: AF_ALG (38) opens the kernel's crypto API to the
// container, which ordinary programs never need and which has had exploitable bugs;
// AF_VSOCK (40) reaches the hypervisor, not the container's network. Every other family is
// allowed (the kernel refuses the ones it does not have).
constexpr unsigned long kAfAlg = 38;
constexpr unsigned long kAfNfc = 39;
constexpr unsigned long kAfVsock = 40;

// clone(2) flags that create namespaces, which need CAP_SYS_ADMIN to be allowed.
constexpr unsigned long kNamespaceFlags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
                                          CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |
                                          CLONE_NEWCGROUP;

// The architectures a profile for this host lists, and the host's own extra system calls.
struct HostArchitecture
{
    Names architectures;
    Names extraNames;
    unsigned cloneFlagsArgument; ///< s390 passes clone's flags second.
};

const HostArchitecture &hostArchitecture()
{
    static const HostArchitecture host =
#if defined(__x86_64__)
        {{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}, {"arch_prctl", "modify_ldt"}, 0};
#elif defined(__i386__)
        {{}, {"modify_ldt"}, 0};
#elif defined(__aarch64__) || defined(__arm__)
        {{"SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"},
         {"arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush",
          "set_tls"},
         0};
#elif defined(__s390x__)
        {{"SCMP_ARCH_S390X", "SCMP_ARCH_S390"},
         {"s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr"},
         1};
#elif defined(__riscv)
        {{"SCMP_ARCH_RISCV64"}, {"riscv_flush_icache"}, 0};
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        {{}, {"sync_file_range2", "swapcontext"}, 0};
#else
        // Only the native architecture, which compiling always adds.
        {{}, {}, 0};
#endif
    return host;
}

bool kernelAtLeast(int wantMajor, int wantMinor)
{
    utsname name{};
    int major = 0;
    int minor = 0;
    if (::uname(&name) != 0 || std::sscanf(name.release, "%d.%d", &major, &minor) != 2)
        return true; // Assume a current kernel: anything older cannot run Glassbox anyway.
    return major > wantMajor || (major == wantMajor && minor >= wantMinor);
}

nlohmann::json allowRule(nlohmann::json list)
{
    nlohmann::json rule = nlohmann::json::object();
    rule["names"] = std::move(list);
    rule["action"] = "SCMP_ACT_ALLOW";
    return rule;
}

nlohmann::json allow(const Names &names)
{
    nlohmann::json list = nlohmann::json::array();
    for (const char *name : names)
        list.push_back(name);
    return allowRule(std::move(list));
}

nlohmann::json allow(std::string_view spaceSeparated)
{
    nlohmann::json list = nlohmann::json::array();
    size_t start = 0;
    while (start < spaceSeparated.size()) {
        size_t end = spaceSeparated.find(' ', start);
        if (end == std::string_view::npos)
            end = spaceSeparated.size();
        if (end > start)
            list.push_back(std::string(spaceSeparated.substr(start, end - start)));
        start = end + 1;
    }
    return allowRule(std::move(list));
}

nlohmann::json allowWhen(const char *name, unsigned index, unsigned long value, const char *op)
{
    nlohmann::json arg = nlohmann::json::object();
    arg["index"] = index;
    arg["value"] = value;
    arg["op"] = op;
    nlohmann::json rule = allow(Names{name});
    rule["args"] = nlohmann::json::array();
    rule["args"].push_back(std::move(arg));
    return rule;
}

} // namespace

std::string defaultProfileJson(const std::vector<std::string> &capabilities)
{
    auto has = [&](std::string_view capability) {
        return std::find(capabilities.begin(), capabilities.end(), capability) !=
               capabilities.end();
    };
    const HostArchitecture &host = hostArchitecture();

    nlohmann::json syscalls = nlohmann::json::array();
    syscalls.push_back(allow(kAlwaysAllowed));
    if (!host.extraNames.empty())
        syscalls.push_back(allow(host.extraNames));
    if (kernelAtLeast(4, 8))
        syscalls.push_back(allow(kPtraceSince48));
    // Rules for one call are alternatives: below AF_ALG, AF_NFC between the two refused
    // families, above AF_VSOCK.
    syscalls.push_back(allowWhen("socket", 0, kAfAlg, "SCMP_CMP_LT"));
    syscalls.push_back(allowWhen("socket", 0, kAfNfc, "SCMP_CMP_EQ"));
    syscalls.push_back(allowWhen("socket", 0, kAfVsock, "SCMP_CMP_GT"));
    for (unsigned long persona : kPersonalities)
        syscalls.push_back(allowWhen("personality", 0, persona, "SCMP_CMP_EQ"));

    for (const CapabilityGroup &group : kCapabilityGroups)
        if (has(group.capability))
            syscalls.push_back(allow(group.names));

    if (!has("CAP_SYS_ADMIN")) {
        // Threads and fork still work: only the namespace bits must be clear.
        syscalls.push_back(
            allowWhen("clone", host.cloneFlagsArgument, kNamespaceFlags, "SCMP_CMP_MASKED_EQ"));
        // clone3 passes its flags in memory, out of a filter's reach. ENOSYS instead of EPERM
        // makes glibc and others fall back to clone, which the rule above can check.
        nlohmann::json clone3 = nlohmann::json::object();
        clone3["names"] = nlohmann::json::array({"clone3"});
        clone3["action"] = "SCMP_ACT_ERRNO";
        clone3["errnoRet"] = ENOSYS;
        syscalls.push_back(std::move(clone3));
    }

    nlohmann::json architectures = nlohmann::json::array();
    for (const char *architecture : host.architectures)
        architectures.push_back(architecture);

    nlohmann::json profile = nlohmann::json::object();
    profile["defaultAction"] = "SCMP_ACT_ERRNO";
    profile["defaultErrnoRet"] = EPERM;
    profile["architectures"] = std::move(architectures);
    profile["syscalls"] = std::move(syscalls);
    return profile.dump(2);
}

} // namespace glassbox::seccomp
