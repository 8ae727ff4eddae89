// glassbox-bench-measure: runs OCI runtimes side by side on the same bundle, alternating,
// and reports the wall time and peak RSS of each `run` (fork to reaped exit, measured with
// CLOCK_MONOTONIC and wait4's ru_maxrss), with ratios to a reference runtime.
//
// usage: glassbox-bench-measure --bundle DIR --runs N --reference NAME
//            [--mntns NAME=FILE] NAME=BINARY [NAME=BINARY ...]
// --mntns runs NAME's processes in the mount namespace bound at FILE (crun needs one in
// which the hybrid host's cgroup2 tree is unmounted); entering it costs one setns(2).
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sched.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace {

struct Runtime
{
    std::string name;
    std::string binary;
    std::string mountNamespace;
    std::vector<double> millis;
    std::vector<long> rssKb;
    int failures = 0;
};

double now()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

template <typename T> T median(std::vector<T> values)
{
    if (values.empty())
        return T{};
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

template <typename T> T percentile(std::vector<T> values, double p)
{
    if (values.empty())
        return T{};
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

bool runOnce(Runtime &runtime, const std::string &bundle, const std::string &root, int index)
{
    const std::string id = "bench-" + runtime.name + "-" + std::to_string(index);
    std::vector<std::string> args = {runtime.binary, "--root", root, "run", "--bundle", bundle, id};
    const double start = now();
    pid_t pid = fork();
    if (pid == 0) {
        if (!runtime.mountNamespace.empty()) {
            int fd = open(runtime.mountNamespace.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0 || setns(fd, CLONE_NEWNS) != 0)
                _exit(126);
        }
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        std::vector<char *> argv;
        for (auto &a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    if (pid < 0 || wait4(pid, &status, 0, &usage) != pid)
        return false;
    const double elapsed = now() - start;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        ++runtime.failures;
        return false;
    }
    runtime.millis.push_back(elapsed);
    runtime.rssKb.push_back(usage.ru_maxrss);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    std::string bundle;
    std::string reference;
    int runs = 100;
    std::map<std::string, std::string> mountNamespaces;
    std::vector<Runtime> runtimes;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto next = [&]() -> std::string {
            return i + 1 < argc ? argv[++i] : "";
        };
        if (arg == "--bundle") {
            bundle = next();
        } else if (arg == "--runs") {
            runs = std::atoi(next().c_str());
        } else if (arg == "--reference") {
            reference = next();
        } else if (arg == "--mntns") {
            std::string spec = next();
            auto eq = spec.find('=');
            mountNamespaces[spec.substr(0, eq)] = spec.substr(eq + 1);
        } else if (auto eq = arg.find('='); eq != std::string::npos) {
            runtimes.push_back({arg.substr(0, eq), arg.substr(eq + 1), {}, {}, {}, 0});
        } else {
            std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
            return 2;
        }
    }
    if (bundle.empty() || runtimes.empty() || runs <= 0) {
        std::fprintf(stderr, "usage: glassbox-bench-measure --bundle DIR --runs N --reference NAME "
                             "[--mntns NAME=FILE] NAME=BINARY...\n");
        return 2;
    }
    char rootTemplate[] = "/run/glassbox-bench-XXXXXX";
    if (mkdtemp(rootTemplate) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    for (auto &runtime : runtimes)
        runtime.mountNamespace = mountNamespaces[runtime.name];
    // Warm-up: page cache, dentries, first-use kernel paths.
    for (auto &runtime : runtimes)
        for (int i = 0; i < 3; ++i)
            runOnce(runtime, bundle, std::string(rootTemplate) + "/" + runtime.name, -1 - i);
    for (auto &runtime : runtimes) {
        runtime.millis.clear();
        runtime.rssKb.clear();
        runtime.failures = 0;
    }
    for (int i = 0; i < runs; ++i)
        for (auto &runtime : runtimes) // alternating, so drift hits every runtime alike
            runOnce(runtime, bundle, std::string(rootTemplate) + "/" + runtime.name, i);

    const Runtime *ref = nullptr;
    for (const auto &runtime : runtimes)
        if (runtime.name == reference)
            ref = &runtime;
    std::printf("| runtime | runs ok | median ms | p90 ms | median peak RSS KiB | max peak RSS KiB "
                "| time vs %s | RSS vs %s |\n|---|---|---|---|---|---|---|---|\n",
                reference.c_str(), reference.c_str());
    for (const auto &runtime : runtimes) {
        double ms = median(runtime.millis);
        long rss = median(runtime.rssKb);
        double timeRatio = ref && median(ref->millis) > 0 ? ms / median(ref->millis) : 0;
        double rssRatio = ref && median(ref->rssKb) > 0
                              ? static_cast<double>(rss) / static_cast<double>(median(ref->rssKb))
                              : 0;
        std::printf(
            "| %s | %zu/%d | %.2f | %.2f | %ld | %ld | %.2fx | %.2fx |\n", runtime.name.c_str(),
            runtime.millis.size(), runs, ms, percentile(runtime.millis, 0.9), rss,
            runtime.rssKb.empty() ? 0
                                  : *std::max_element(runtime.rssKb.begin(), runtime.rssKb.end()),
            timeRatio, rssRatio);
    }
    rmdir(rootTemplate);
    for (const auto &runtime : runtimes)
        if (runtime.failures > 0)
            return 1;
    return 0;
}
