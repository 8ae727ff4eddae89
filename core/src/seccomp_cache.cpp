// A cache of compiled seccomp programs, keyed by the profile's canonical text.
#include "glassbox/seccomp.h"

#include "glassbox/file_io.h"

#include <cstring>
#include <fcntl.h>
#include <seccomp.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glassbox::seccomp {

namespace {

// Bump when compile() changes what it produces for the same profile.
constexpr const char *cacheFormat = "glassbox-seccomp-cache 1";

void appendList(std::string &out, const std::vector<std::string> &items)
{
    out += std::to_string(items.size());
    for (const auto &item : items)
        out += ' ' + std::to_string(item.size()) + ':' + item;
    out += '\n';
}

/// Everything compile() reads, written unambiguously (lengths before strings), plus the
/// libseccomp version whose syscall tables resolved the names.
std::string canonicalText(const oci::Seccomp &config)
{
    const scmp_version *version = seccomp_version();
    std::string out = std::string(cacheFormat) + " libseccomp " + std::to_string(version->major) +
                      '.' + std::to_string(version->minor) + '.' + std::to_string(version->micro) +
                      '\n';
    out += "default " + std::to_string(static_cast<int>(config.defaultAction)) + ' ' +
           (config.defaultErrnoRet ? std::to_string(*config.defaultErrnoRet) : "-") + '\n';
    appendList(out, config.architectures);
    appendList(out, config.flags);
    for (const auto &rule : config.syscalls) {
        out += "rule " + std::to_string(static_cast<int>(rule.action)) + ' ' +
               (rule.errnoRet ? std::to_string(*rule.errnoRet) : "-") + '\n';
        appendList(out, rule.names);
        for (const auto &arg : rule.args)
            out += "arg " + std::to_string(arg.index) + ' ' + std::to_string(arg.value) + ' ' +
                   std::to_string(arg.valueTwo) + ' ' + arg.op + '\n';
    }
    return out;
}

uint64_t fnv1a(std::string_view text)
{
    uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

// Entry layout: u64 text length, text, u32 flags, u64 instruction count, instructions.
std::string serialize(const std::string &text, const Program &program)
{
    std::string out;
    auto put = [&](const void *data, size_t size) {
        out.append(static_cast<const char *>(data), size);
    };
    uint64_t length = text.size();
    uint32_t flags = program.flags;
    uint64_t count = program.code.size();
    put(&length, sizeof length);
    out += text;
    put(&flags, sizeof flags);
    put(&count, sizeof count);
    put(program.code.data(), count * sizeof(sock_filter));
    return out;
}

std::optional<Program> deserialize(const std::string &entry, const std::string &text)
{
    size_t offset = 0;
    auto get = [&](void *data, size_t size) {
        if (entry.size() - offset < size)
            return false;
        std::memcpy(data, entry.data() + offset, size);
        offset += size;
        return true;
    };
    uint64_t length = 0;
    if (!get(&length, sizeof length) || length != text.size() ||
        entry.compare(offset, length, text) != 0)
        return std::nullopt;
    offset += length;
    Program program;
    uint32_t flags = 0;
    uint64_t count = 0;
    if (!get(&flags, sizeof flags) || !get(&count, sizeof count) || count == 0 ||
        count > BPF_MAXINSNS || entry.size() - offset != count * sizeof(sock_filter))
        return std::nullopt;
    program.flags = flags;
    program.code.resize(count);
    get(program.code.data(), count * sizeof(sock_filter));
    return program;
}

} // namespace

Result<Program> compileCached(const oci::Seccomp &config, const std::string &cacheDirectory)
{
    const std::string text = canonicalText(config);
    char name[32];
    std::snprintf(name, sizeof name, "%016llx", static_cast<unsigned long long>(fnv1a(text)));
    const std::string path = cacheDirectory + "/" + name;

    struct stat st
    {
    };
    // Only a directory of root's that nobody else may write is trusted.
    const bool trusted = ::lstat(cacheDirectory.c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
                         st.st_uid == ::geteuid() && (st.st_mode & 077) == 0;
    if (trusted) {
        if (auto entry = readFile(path)) {
            if (auto program = deserialize(*entry, text))
                return std::move(*program);
        }
    }
    auto program = compile(config);
    if (!program)
        return program;
    if (trusted || (::mkdir(cacheDirectory.c_str(), 0700) == 0))
        (void)writeFileAtomically(path, serialize(text, *program), 0600);
    return program;
}

} // namespace glassbox::seccomp
