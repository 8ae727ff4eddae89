// The cgroup v2 device filter: OCI device rules -> the device state cgroup v1 would reach ->
// a BPF_PROG_TYPE_CGROUP_DEVICE program -> attached to the container's cgroup.
//
// The program is assembled here from <linux/bpf.h>'s instruction encoding and loaded with raw
// bpf(2) calls: it is a few instructions per rule, so there is no ELF object to ship, no
// libbpf to depend on, and nothing extra in the statically linked glassbox-runtime.
#include "device_filter.h"

#include "glassbox/file_io.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <limits>
#include <map>
#include <sys/syscall.h>
#include <tuple>
#include <unistd.h>

namespace glassbox::cgroup::detail {

namespace {

// The kernel only asks whether the license is GPL-compatible, which matters for GPL-only
// helpers; a device program calls no helper at all, so none is declared.
constexpr char programLicense[] = "";

constexpr int64_t anyNumber = -1;
constexpr uint32_t allAccess = BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD;

// The key of a v1 exception: type 'b' or 'c', major and minor (anyNumber = "*").
struct Device
{
    char type;
    int64_t major;
    int64_t minor;
    bool operator==(const Device &) const = default;
    bool operator<(const Device &other) const
    {
        return std::tie(type, major, minor) < std::tie(other.type, other.major, other.minor);
    }
};

// What the v1 devices controller keeps: a default and exceptions to it, each with the access
// bits (BPF_DEVCG_ACC_*) it covers.
struct DeviceState
{
    bool defaultAllow = false;
    std::map<Device, uint32_t> exceptions;
};

std::string number(int64_t value)
{
    return value == anyNumber ? std::string("*") : std::to_string(value);
}

std::string describe(const Device &device, uint32_t access)
{
    std::string text =
        std::string(1, device.type) + ' ' + number(device.major) + ':' + number(device.minor) + ' ';
    if (access & BPF_DEVCG_ACC_READ)
        text += 'r';
    if (access & BPF_DEVCG_ACC_WRITE)
        text += 'w';
    if (access & BPF_DEVCG_ACC_MKNOD)
        text += 'm';
    return text;
}

Result<int64_t> deviceNumber(const std::optional<int64_t> &value, const std::string &field,
                             const char *name)
{
    if (!value || *value < 0)
        return anyNumber;
    if (*value > std::numeric_limits<uint32_t>::max())
        return makeError(EINVAL, quoted(field) + ": " + name + " " + std::to_string(*value) +
                                     " is not a device number (at most 2^32-1)");
    return *value;
}

// v1's dev_exception_rm(), plus runc's refusal to take access out of a wider exception, which
// v1 would silently leave in place.
Status removeException(DeviceState &state, const Device &device, uint32_t access,
                       const std::string &field)
{
    const Device wider[] = {{device.type, anyNumber, device.minor},
                            {device.type, device.major, anyNumber},
                            {device.type, anyNumber, anyNumber}};
    for (const Device &candidate : wider) {
        auto it = state.exceptions.find(candidate);
        if (candidate != device && it != state.exceptions.end() && (it->second & access) != 0)
            return makeError(EINVAL, quoted(field) + ": " + quoted(describe(device, access)) +
                                         " would need a hole in the earlier rule " +
                                         quoted(describe(candidate, it->second)) +
                                         ", which the device cgroup cannot make");
    }
    if (auto it = state.exceptions.find(device); it != state.exceptions.end()) {
        it->second &= ~access;
        if (it->second == 0)
            state.exceptions.erase(it);
    }
    return {};
}

// devices.allow / devices.deny of cgroup v1 (security/device_cgroup.c), rule by rule.
Result<DeviceState> emulate(const std::vector<oci::DeviceRule> &rules)
{
    DeviceState state;
    for (size_t i = 0; i < rules.size(); ++i) {
        const oci::DeviceRule &rule = rules[i];
        const std::string field = "linux.resources.devices[" + std::to_string(i) + "]";
        if (rule.type != 'a' && rule.type != 'b' && rule.type != 'c')
            return makeError(EINVAL, quoted(field) + ": device type " +
                                         quoted(std::string(1, rule.type)) + " is not a, b or c");
        uint32_t access = 0;
        for (char c : rule.access)
            access |= c == 'r'   ? BPF_DEVCG_ACC_READ
                      : c == 'w' ? BPF_DEVCG_ACC_WRITE
                      : c == 'm' ? BPF_DEVCG_ACC_MKNOD
                                 : 0;
        if (access == 0 || rule.access.find_first_not_of("rwm") != std::string::npos)
            return makeError(EINVAL, quoted(field) + ": access " + quoted(rule.access) +
                                         " is not made of r, w and m");
        // v1 reads nothing after an `a`: it always means every device and every access.
        if (rule.type == 'a') {
            state = DeviceState{rule.allow, {}};
            continue;
        }
        auto major = deviceNumber(rule.major, field, "major");
        if (!major)
            return tl::unexpected(std::move(major).error());
        auto minor = deviceNumber(rule.minor, field, "minor");
        if (!minor)
            return tl::unexpected(std::move(minor).error());
        const Device device{rule.type, *major, *minor};
        // A rule with the default's verdict takes away an exception; otherwise it adds one.
        if (rule.allow == state.defaultAllow)
            GB_TRY(removeException(state, device, access, field));
        else
            state.exceptions[device] |= access;
    }
    return state;
}

constexpr bpf_insn instruction(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
    bpf_insn insn{};
    insn.code = code;
    insn.dst_reg = dst & 0xf;
    insn.src_reg = src & 0xf;
    insn.off = off;
    insn.imm = imm;
    return insn;
}

constexpr bpf_insn loadWord(uint8_t dst, int16_t offset)
{
    return instruction(BPF_LDX | BPF_MEM | BPF_W, dst, BPF_REG_1, offset, 0);
}
constexpr bpf_insn alu32(uint8_t op, uint8_t dst, int32_t imm)
{
    return instruction(BPF_ALU | op | BPF_K, dst, 0, 0, imm);
}
constexpr bpf_insn jumpImm(uint8_t op, uint8_t dst, int32_t imm)
{
    return instruction(BPF_JMP | op | BPF_K, dst, 0, 0, imm);
}
constexpr bpf_insn returnValue(int32_t value)
{
    return instruction(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, value);
}
constexpr bpf_insn exitInsn()
{
    return instruction(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

long bpfCall(int command, bpf_attr &attr)
{
    return ::syscall(SYS_bpf, command, &attr, sizeof attr);
}

template <typename T> uint64_t pointer(const T *data)
{
    return reinterpret_cast<uintptr_t>(data);
}

Result<std::vector<uint32_t>> programIds(int cgroupFd, const std::string &directory)
{
    std::vector<uint32_t> ids(64); // the kernel's limit of programs per cgroup and type
    for (int attempt = 0; attempt < 10; ++attempt) {
        bpf_attr attr{};
        attr.query.target_fd = static_cast<uint32_t>(cgroupFd);
        attr.query.attach_type = BPF_CGROUP_DEVICE;
        attr.query.prog_ids = pointer(ids.data());
        attr.query.prog_cnt = static_cast<uint32_t>(ids.size());
        if (bpfCall(BPF_PROG_QUERY, attr) == 0) {
            ids.resize(attr.query.prog_cnt);
            return ids;
        }
        if (errno != ENOSPC)
            break;
        ids.resize(attr.query.prog_cnt); // more were attached meanwhile
    }
    return sysError("query the eBPF device programs of " + quoted(directory));
}

Status attachOrDetach(int command, int cgroupFd, int programFd, const std::string &directory)
{
    bpf_attr attr{};
    attr.target_fd = static_cast<uint32_t>(cgroupFd);
    attr.attach_bpf_fd = static_cast<uint32_t>(programFd);
    attr.attach_type = BPF_CGROUP_DEVICE;
    // Our program runs alongside any an ancestor has: a device must pass all of them.
    if (command == BPF_PROG_ATTACH)
        attr.attach_flags = BPF_F_ALLOW_MULTI;
    if (bpfCall(command, attr) != 0)
        return sysError(std::string(command == BPF_PROG_ATTACH ? "attach" : "detach") +
                        " an eBPF device program " +
                        (command == BPF_PROG_ATTACH ? "to " : "from ") + quoted(directory));
    return {};
}

} // namespace

Result<std::vector<bpf_insn>> deviceProgram(const std::vector<oci::DeviceRule> &rules)
{
    auto state = emulate(rules);
    if (!state)
        return tl::unexpected(std::move(state).error());

    // struct bpf_cgroup_dev_ctx: access_type = access << 16 | type, major, minor (all u32).
    std::vector<bpf_insn> program = {
        loadWord(BPF_REG_2, 0), alu32(BPF_AND, BPF_REG_2, 0xffff), // r2 = type
        loadWord(BPF_REG_3, 0), alu32(BPF_RSH, BPF_REG_3, 16),     // r3 = access
        loadWord(BPF_REG_4, 4),                                    // r4 = major
        loadWord(BPF_REG_5, 8),                                    // r5 = minor
    };
    // Every exception has the verdict opposite to the default, so their order does not matter.
    const int32_t verdict = state->defaultAllow ? 0 : 1;
    for (const auto &[device, access] : state->exceptions) {
        std::vector<bpf_insn> block;
        block.push_back(jumpImm(BPF_JNE, BPF_REG_2,
                                device.type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR));
        if (access != allAccess) {
            // As in v1: an allowed access must lie within one exception's access; a denied one
            // only needs to touch it (opening /dev/zero O_RDWR is refused by a deny of `w`).
            block.push_back(instruction(BPF_ALU | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_3, 0, 0));
            block.push_back(alu32(BPF_AND, BPF_REG_1, static_cast<int32_t>(access)));
            block.push_back(state->defaultAllow ? jumpImm(BPF_JEQ, BPF_REG_1, 0)
                                                : instruction(BPF_JMP | BPF_JNE | BPF_X, BPF_REG_1,
                                                              BPF_REG_3, 0, 0));
        }
        // The immediate is sign-extended to 64 bits against a zero-extended u32, so a number
        // of 2^31 or more never matches; no device has one (majors have 12 bits, minors 20).
        if (device.major != anyNumber)
            block.push_back(jumpImm(BPF_JNE, BPF_REG_4, static_cast<int32_t>(device.major)));
        if (device.minor != anyNumber)
            block.push_back(jumpImm(BPF_JNE, BPF_REG_5, static_cast<int32_t>(device.minor)));
        // Each test jumps over the rest of the block and its two-instruction verdict.
        for (size_t i = 0; i < block.size(); ++i)
            if (BPF_CLASS(block[i].code) == BPF_JMP)
                block[i].off = static_cast<int16_t>(block.size() - i + 1);
        program.insert(program.end(), block.begin(), block.end());
        program.push_back(returnValue(verdict));
        program.push_back(exitInsn());
    }
    program.push_back(returnValue(state->defaultAllow ? 1 : 0));
    program.push_back(exitInsn());
    return program;
}

Result<UniqueFd> loadDeviceProgram(const std::vector<bpf_insn> &program)
{
    bpf_attr attr{};
    attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
    attr.insns = pointer(program.data());
    attr.insn_cnt = static_cast<uint32_t>(program.size());
    attr.license = pointer(programLicense);
    // The first try writes no log (the verifier is faster without); a failure is retried with
    // one so that the error can say why, growing it while the kernel says it is too small.
    std::string log;
    constexpr size_t maxLog = size_t{16} * 1024 * 1024 - 1;
    for (int attempt = 0;; ++attempt) {
        const long fd = bpfCall(BPF_PROG_LOAD, attr);
        if (fd >= 0)
            return UniqueFd(static_cast<int>(fd));
        if (errno == EAGAIN && attempt < 30) // the verifier was interrupted by a signal
            continue;
        const bool grow = log.empty() || (errno == ENOSPC && log.size() < maxLog);
        if (!grow || attempt >= 40)
            break;
        log.assign(log.empty() ? size_t{64} * 1024 : std::min(log.size() * 8, maxLog), '\0');
        attr.log_level = 1;
        attr.log_buf = pointer(log.data());
        attr.log_size = static_cast<uint32_t>(log.size());
    }
    const int error = errno;
    std::string message =
        "load the eBPF device program (" + std::to_string(program.size()) + " instructions)";
    std::string_view text = trimmed(log.c_str());
    // The reason is at the end of the log; a long log keeps only its end.
    constexpr size_t kept = 4096;
    if (text.size() > kept)
        text = text.substr(text.size() - kept);
    if (!text.empty())
        message += ", the verifier says:\n" + std::string(text);
    return makeError(error, std::move(message));
}

Result<std::vector<uint32_t>> attachedDevicePrograms(const std::string &directory)
{
    auto cgroupFd = openAt(AT_FDCWD, directory, O_RDONLY | O_DIRECTORY);
    if (!cgroupFd)
        return tl::unexpected(std::move(cgroupFd).error());
    return programIds(cgroupFd->get(), directory);
}

Status applyDeviceFilter(const std::string &directory, const std::vector<oci::DeviceRule> &rules)
{
    auto program = deviceProgram(rules);
    if (!program)
        return tl::unexpected(std::move(program).error());
    auto loaded = loadDeviceProgram(*program);
    if (!loaded)
        return withContext(std::move(loaded).error(), "device rules of " + quoted(directory));
    auto cgroupFd = openAt(AT_FDCWD, directory, O_RDONLY | O_DIRECTORY);
    if (!cgroupFd)
        return tl::unexpected(std::move(cgroupFd).error());

    // The old programs are taken by descriptor before the new one is attached, so that the
    // ids cannot be confused with it.
    auto ids = programIds(cgroupFd->get(), directory);
    if (!ids)
        return tl::unexpected(std::move(ids).error());
    std::vector<UniqueFd> old;
    for (uint32_t id : *ids) {
        bpf_attr attr{};
        attr.prog_id = id;
        const long fd = bpfCall(BPF_PROG_GET_FD_BY_ID, attr);
        if (fd < 0 && errno == ENOENT) // detached and freed since the query
            continue;
        if (fd < 0)
            return sysError("open the eBPF device program " + std::to_string(id) + " of " +
                            quoted(directory));
        old.emplace_back(static_cast<int>(fd));
    }

    // Our descriptor of the new program closes on return: from then on only the attachment
    // keeps it, and removing the cgroup frees it.
    GB_TRY(attachOrDetach(BPF_PROG_ATTACH, cgroupFd->get(), loaded->get(), directory));
    for (const UniqueFd &fd : old)
        GB_TRY(attachOrDetach(BPF_PROG_DETACH, cgroupFd->get(), fd.get(), directory));
    return {};
}

} // namespace glassbox::cgroup::detail
