// seccomp: the OCI `linux.seccomp` section compiled with libseccomp into plain BPF (in the
// parent, where errors can still be reported), and that BPF loaded with seccomp(2).
#include "glassbox/seccomp.h"

#include "glassbox/fd.h"

#include <array>
#include <cerrno>
#include <linux/seccomp.h>
#include <memory>
#include <optional>
#include <seccomp.h>
#include <string>
#include <string_view>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

// Older kernel headers lack the newer flags; the values are kernel ABI.
#ifndef SECCOMP_FILTER_FLAG_SPEC_ALLOW
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW (1UL << 2)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

namespace glassbox::seccomp {
namespace {

struct FilterRelease
{
    void operator()(void *filter) const { seccomp_release(filter); }
};
// scmp_filter_ctx is a void pointer.
using Filter = std::unique_ptr<void, FilterRelease>;

// The kernel reports errno values up to MAX_ERRNO and silently caps larger ones; libseccomp
// would silently mask them to 16 bits. Either way the container would see another errno.
constexpr uint32_t kMaxErrno = 4095;
// The kernel's limit on one classic BPF program.
constexpr size_t kMaxInstructions = BPF_MAXINSNS;
// seccomp(2) filters see at most six system call arguments.
constexpr unsigned kMaxArguments = 6;

std::string at(std::string_view path, size_t index)
{
    return std::string(path) + '[' + std::to_string(index) + ']';
}

tl::unexpected<Error> configError(const std::string &path, std::string_view what, int code = 0)
{
    return makeError(code, quoted(path) + ": " + std::string(what));
}

std::optional<uint32_t> architectureToken(std::string_view name)
{
    static constexpr std::pair<std::string_view, uint32_t> table[] = {
        {"SCMP_ARCH_NATIVE", SCMP_ARCH_NATIVE},
        {"SCMP_ARCH_X86", SCMP_ARCH_X86},
        {"SCMP_ARCH_X86_64", SCMP_ARCH_X86_64},
        {"SCMP_ARCH_X32", SCMP_ARCH_X32},
        {"SCMP_ARCH_ARM", SCMP_ARCH_ARM},
        {"SCMP_ARCH_AARCH64", SCMP_ARCH_AARCH64},
        {"SCMP_ARCH_MIPS", SCMP_ARCH_MIPS},
        {"SCMP_ARCH_MIPS64", SCMP_ARCH_MIPS64},
        {"SCMP_ARCH_MIPS64N32", SCMP_ARCH_MIPS64N32},
        {"SCMP_ARCH_MIPSEL", SCMP_ARCH_MIPSEL},
        {"SCMP_ARCH_MIPSEL64", SCMP_ARCH_MIPSEL64},
        {"SCMP_ARCH_MIPSEL64N32", SCMP_ARCH_MIPSEL64N32},
        {"SCMP_ARCH_PPC", SCMP_ARCH_PPC},
        {"SCMP_ARCH_PPC64", SCMP_ARCH_PPC64},
        {"SCMP_ARCH_PPC64LE", SCMP_ARCH_PPC64LE},
        {"SCMP_ARCH_S390", SCMP_ARCH_S390},
        {"SCMP_ARCH_S390X", SCMP_ARCH_S390X},
        {"SCMP_ARCH_PARISC", SCMP_ARCH_PARISC},
        {"SCMP_ARCH_PARISC64", SCMP_ARCH_PARISC64},
        {"SCMP_ARCH_RISCV64", SCMP_ARCH_RISCV64},
    };
    for (const auto &[entry, token] : table)
        if (entry == name)
            return token;
    return std::nullopt;
}

std::optional<scmp_compare> comparison(std::string_view name)
{
    static constexpr std::pair<std::string_view, scmp_compare> table[] = {
        {"SCMP_CMP_NE", SCMP_CMP_NE},
        {"SCMP_CMP_LT", SCMP_CMP_LT},
        {"SCMP_CMP_LE", SCMP_CMP_LE},
        {"SCMP_CMP_EQ", SCMP_CMP_EQ},
        {"SCMP_CMP_GE", SCMP_CMP_GE},
        {"SCMP_CMP_GT", SCMP_CMP_GT},
        {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
    };
    for (const auto &[entry, op] : table)
        if (entry == name)
            return op;
    return std::nullopt;
}

std::optional<unsigned> filterFlag(std::string_view name)
{
    static constexpr std::pair<std::string_view, unsigned long> table[] = {
        {"SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC},
        {"SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG},
        {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW},
        {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV},
    };
    for (const auto &[entry, flag] : table)
        if (entry == name)
            return static_cast<unsigned>(flag);
    return std::nullopt;
}

// The libseccomp action for a rule or the default. `errnoPath` names the errno field.
Result<uint32_t> actionValue(oci::SeccompAction action, std::optional<uint32_t> errnoRet,
                             const std::string &actionPath, const std::string &errnoPath)
{
    using oci::SeccompAction;
    const bool takesErrno = action == SeccompAction::Errno || action == SeccompAction::Trace;
    if (errnoRet && !takesErrno)
        return configError(errnoPath, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno value");
    if (errnoRet && *errnoRet > kMaxErrno)
        return configError(errnoPath, std::to_string(*errnoRet) + " is above the kernel's " +
                                          std::to_string(kMaxErrno) + " (MAX_ERRNO)");
    // EPERM when unset, as runc and crun do.
    const uint32_t value = errnoRet.value_or(EPERM);
    switch (action) {
    case SeccompAction::Kill:
        return SCMP_ACT_KILL_THREAD;
    case SeccompAction::KillProcess:
        return SCMP_ACT_KILL_PROCESS;
    case SeccompAction::Trap:
        return SCMP_ACT_TRAP;
    case SeccompAction::Errno:
        return SCMP_ACT_ERRNO(value);
    case SeccompAction::Trace:
        return SCMP_ACT_TRACE(value);
    case SeccompAction::Allow:
        return SCMP_ACT_ALLOW;
    case SeccompAction::Log:
        return SCMP_ACT_LOG;
    }
    return configError(actionPath, "unknown action " + std::to_string(static_cast<int>(action)));
}

Result<std::vector<scmp_arg_cmp>> conditions(const oci::SeccompSyscall &rule,
                                             const std::string &path)
{
    std::vector<scmp_arg_cmp> result;
    for (size_t k = 0; k < rule.args.size(); ++k) {
        const oci::SeccompArg &arg = rule.args[k];
        const std::string argPath = at(path + ".args", k);
        if (arg.index >= kMaxArguments)
            return configError(argPath + ".index", "argument index " + std::to_string(arg.index) +
                                                       " is not below " +
                                                       std::to_string(kMaxArguments));
        auto op = comparison(arg.op);
        if (!op)
            return configError(argPath + ".op", "unknown operator " + quoted(arg.op));
        // For SCMP_CMP_MASKED_EQ the spec's `value` is the mask and `valueTwo` the value,
        // which is libseccomp's datum_a / datum_b order.
        result.push_back(scmp_arg_cmp{arg.index, *op, arg.value, arg.valueTwo});
    }
    return result;
}

// libseccomp refuses two comparisons of one argument in one rule; runc and crun then add one
// rule per comparison (so they match as alternatives), and profiles written for them rely on it.
bool comparesAnArgumentTwice(const std::vector<scmp_arg_cmp> &conditions)
{
    std::array<int, kMaxArguments> seen{};
    for (const scmp_arg_cmp &condition : conditions)
        if (++seen[condition.arg] > 1)
            return true;
    return false;
}

Status addRules(const Filter &filter, uint32_t defaultAction, const oci::SeccompSyscall &rule,
                const std::string &path)
{
    if (rule.names.empty())
        return configError(path + ".names", "lists no system call");
    auto action = actionValue(rule.action, rule.errnoRet, path + ".action", path + ".errnoRet");
    if (!action)
        return tl::unexpected(std::move(action).error());
    auto compare = conditions(rule, path);
    if (!compare)
        return tl::unexpected(std::move(compare).error());
    // libseccomp refuses rules that repeat the default action; they change nothing anyway.
    if (*action == defaultAction)
        return {};
    const bool separately = comparesAnArgumentTwice(*compare);

    for (size_t j = 0; j < rule.names.size(); ++j) {
        const std::string &name = rule.names[j];
        const std::string namePath = at(path + ".names", j);
        if (name.empty())
            return configError(namePath, "empty system call name");
        const int number = seccomp_syscall_resolve_name(name.c_str());
        // A name this libseccomp does not know (newer than it, or another architecture's) is
        // skipped, as runc and crun do, so one profile serves several kernels.
        if (number == __NR_SCMP_ERROR)
            continue;
        int rc = 0;
        if (!separately) {
            rc = seccomp_rule_add_array(filter.get(), *action, number,
                                        static_cast<unsigned>(compare->size()), compare->data());
        } else {
            for (const scmp_arg_cmp &one : *compare) {
                rc = seccomp_rule_add_array(filter.get(), *action, number, 1, &one);
                if (rc < 0)
                    break;
            }
        }
        if (rc < 0)
            return configError(namePath, "libseccomp refused the rule for " + quoted(name), -rc);
    }
    return {};
}

Result<std::vector<sock_filter>> exportProgram(const Filter &filter)
{
    // libseccomp 2.5 only exports to a file descriptor; a memfd keeps it off any filesystem.
    UniqueFd memory(::memfd_create("glassbox-seccomp", MFD_CLOEXEC));
    if (!memory)
        return sysError("memfd_create for the seccomp program");
    if (int rc = seccomp_export_bpf(filter.get(), memory.get()); rc < 0)
        return makeError(-rc, "seccomp_export_bpf");
    const off_t size = ::lseek(memory.get(), 0, SEEK_END);
    if (size < 0)
        return sysError("lseek in the exported seccomp program");
    if (size == 0 || size % static_cast<off_t>(sizeof(sock_filter)) != 0)
        return makeError(EINVAL, "libseccomp exported " + std::to_string(size) +
                                     " bytes, not a whole BPF program");
    std::vector<sock_filter> code(static_cast<size_t>(size) / sizeof(sock_filter));
    auto *bytes = reinterpret_cast<char *>(code.data());
    off_t done = 0;
    while (done < size) {
        const ssize_t n =
            ::pread(memory.get(), bytes + done, static_cast<size_t>(size - done), done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return sysError("read back the exported seccomp program");
        if (n == 0)
            return makeError(EIO, "the exported seccomp program ended early");
        done += n;
    }
    return code;
}

} // namespace

Result<Program> compile(const oci::Seccomp &config)
{
    const std::string base = "linux.seccomp";
    Program program;

    for (size_t i = 0; i < config.flags.size(); ++i) {
        auto flag = filterFlag(config.flags[i]);
        if (!flag)
            return configError(at(base + ".flags", i), "unknown flag " + quoted(config.flags[i]));
        program.flags |= *flag;
    }

    auto defaultAction = actionValue(config.defaultAction, config.defaultErrnoRet,
                                     base + ".defaultAction", base + ".defaultErrnoRet");
    if (!defaultAction)
        return tl::unexpected(std::move(defaultAction).error());

    Filter filter(seccomp_init(*defaultAction));
    if (!filter)
        return makeError(EINVAL, "seccomp_init refused the default action of " +
                                     quoted(base + ".defaultAction"));
    // The runtime sets no_new_privs itself when the config asks for it; a filter that set it
    // on load would take that choice away (and root may load filters without it).
    if (int rc = seccomp_attr_set(filter.get(), SCMP_FLTATR_CTL_NNP, 0); rc < 0)
        return makeError(-rc, "seccomp_attr_set SCMP_FLTATR_CTL_NNP");

    for (size_t i = 0; i < config.architectures.size(); ++i) {
        const std::string path = at(base + ".architectures", i);
        auto token = architectureToken(config.architectures[i]);
        if (!token)
            return configError(path, "unknown architecture " + quoted(config.architectures[i]));
        // The native architecture is always in a new filter, hence EEXIST.
        if (int rc = seccomp_arch_add(filter.get(), *token); rc < 0 && rc != -EEXIST)
            return configError(path, "libseccomp cannot add " + quoted(config.architectures[i]),
                               -rc);
    }

    for (size_t i = 0; i < config.syscalls.size(); ++i)
        GB_TRY(addRules(filter, *defaultAction, config.syscalls[i], at(base + ".syscalls", i)));

    auto code = exportProgram(filter);
    if (!code)
        return tl::unexpected(std::move(code).error());
    if (code->size() > kMaxInstructions)
        return makeError(E2BIG, quoted(base) + " compiles to " + std::to_string(code->size()) +
                                    " BPF instructions, more than the kernel's " +
                                    std::to_string(kMaxInstructions));
    program.code = std::move(*code);
    return program;
}

Status load(const Program &program)
{
    if (program.code.empty() || program.code.size() > kMaxInstructions)
        return makeError(EINVAL, "load a seccomp program of " +
                                     std::to_string(program.code.size()) + " instructions");
    sock_fprog fprog{};
    fprog.len = static_cast<unsigned short>(program.code.size());
    // The kernel copies the program and never writes through this pointer.
    fprog.filter = const_cast<sock_filter *>(program.code.data());
    // glibc has no seccomp() wrapper.
    if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, program.flags, &fprog) != 0)
        return sysError("seccomp(SECCOMP_SET_MODE_FILTER)");
    return {};
}

} // namespace glassbox::seccomp
