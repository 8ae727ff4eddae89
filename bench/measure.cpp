// glassbox-bench-measure: runs OCI runtimes side by side on the same bundle, alternating
// runtime by runtime within each iteration, and reports wall time (fork to reaped exit,
// CLOCK_MONOTONIC) and peak RSS (wait4's ru_maxrss) per step, with ratios to a reference.
//
// usage: glassbox-bench-measure --mode run|lifecycle|exec --bundle DIR --runs N
//            --reference NAME [--mntns NAME=FILE] NAME=BINARY [NAME=BINARY ...]
//   run        `run ID` of the bundle's process (create + start + wait + delete)
//   lifecycle  `create`, `start` and `delete` as separate steps (the process is /bin/true;
//              delete waits until it has exited)
//   exec       `exec ID /bin/true` in a running container whose process is `sleep`
// --mntns runs NAME's commands in the mount namespace bound at FILE (crun needs one in
// which the hybrid host's cgroup2 tree is unmounted); entering it costs one setns(2).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
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

struct Samples
{
    std::vector<double> millis;
    std::vector<long> rssKb;
    int failures = 0;
};

struct Runtime
{
    std::string name;
    std::string binary;
    std::string mountNamespace;
    std::string root;
    std::map<std::string, Samples> steps;
};

double now()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

template <typename T> T percentile(std::vector<T> values, double p)
{
    if (values.empty())
        return T{};
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

/// Runs `runtime --root ROOT args...`; records the step unless `record` is false.
bool step(Runtime &runtime, const std::string &name, std::vector<std::string> args, bool record)
{
    args.insert(args.begin(), {runtime.binary, "--root", runtime.root});
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
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (record) {
        Samples &samples = runtime.steps[name];
        if (!ok) {
            ++samples.failures;
        } else {
            samples.millis.push_back(elapsed);
            samples.rssKb.push_back(usage.ru_maxrss);
        }
    }
    return ok;
}

/// One iteration of `mode` for one runtime.
void iterate(Runtime &runtime, const std::string &mode, const std::string &bundle, int index,
             bool record)
{
    const std::string id = "bench-" + runtime.name + "-" + std::to_string(index);
    if (mode == "run") {
        step(runtime, "run", {"run", "--bundle", bundle, id}, record);
    } else if (mode == "lifecycle") {
        if (!step(runtime, "create", {"create", "--bundle", bundle, id}, record))
            return;
        step(runtime, "start", {"start", id}, record);
        // The process is /bin/true: let it exit so delete measures removal, not killing.
        usleep(20000);
        step(runtime, "delete", {"delete", id}, record);
    } else if (mode == "exec") {
        step(runtime, "exec", {"exec", "bench-" + runtime.name + "-sleeper", "/bin/true"}, record);
    }
}

void printTable(const std::vector<Runtime> &runtimes, const std::string &stepName,
                const std::string &reference, int runs)
{
    const Runtime *ref = nullptr;
    for (const auto &runtime : runtimes)
        if (runtime.name == reference)
            ref = &runtime;
    auto medianOf = [](const Runtime *runtime, const std::string &name, bool rss) {
        if (runtime == nullptr || runtime->steps.count(name) == 0)
            return 0.0;
        const Samples &s = runtime->steps.at(name);
        return rss ? static_cast<double>(percentile(s.rssKb, 0.5)) : percentile(s.millis, 0.5);
    };
    std::printf("\n### %s\n| runtime | runs ok | median ms | p90 ms | median peak RSS KiB | "
                "time vs %s | RSS vs %s |\n|---|---|---|---|---|---|---|\n",
                stepName.c_str(), reference.c_str(), reference.c_str());
    for (const auto &runtime : runtimes) {
        auto found = runtime.steps.find(stepName);
        const Samples empty;
        const Samples &s = found == runtime.steps.end() ? empty : found->second;
        const double ms = percentile(s.millis, 0.5);
        const double rss = static_cast<double>(percentile(s.rssKb, 0.5));
        const double refMs = medianOf(ref, stepName, false);
        const double refRss = medianOf(ref, stepName, true);
        std::printf("| %s | %zu/%d | %.2f | %.2f | %.0f | %.2fx | %.2fx |\n", runtime.name.c_str(),
                    s.millis.size(), runs, ms, percentile(s.millis, 0.9), rss,
                    refMs > 0 ? ms / refMs : 0, refRss > 0 ? rss / refRss : 0);
    }
}

} // namespace

int main(int argc, char **argv)
{
    std::string bundle;
    std::string reference;
    std::string mode = "run";
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
        } else if (arg == "--mode") {
            mode = next();
        } else if (arg == "--mntns") {
            std::string spec = next();
            auto eq = spec.find('=');
            mountNamespaces[spec.substr(0, eq)] = spec.substr(eq + 1);
        } else if (auto eq = arg.find('='); eq != std::string::npos) {
            runtimes.push_back({arg.substr(0, eq), arg.substr(eq + 1), {}, {}, {}});
        } else {
            std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
            return 2;
        }
    }
    if (bundle.empty() || runtimes.empty() || runs <= 0 ||
        (mode != "run" && mode != "lifecycle" && mode != "exec")) {
        std::fprintf(stderr, "usage: glassbox-bench-measure --mode run|lifecycle|exec --bundle DIR "
                             "--runs N --reference NAME [--mntns NAME=FILE] NAME=BINARY...\n");
        return 2;
    }
    char rootTemplate[] = "/run/glassbox-bench-XXXXXX";
    if (mkdtemp(rootTemplate) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    for (auto &runtime : runtimes) {
        runtime.mountNamespace = mountNamespaces[runtime.name];
        runtime.root = std::string(rootTemplate) + "/" + runtime.name;
    }
    if (mode == "exec") {
        // One long-running container per runtime to exec into; its bundle runs `sleep`.
        for (auto &runtime : runtimes) {
            const std::string id = "bench-" + runtime.name + "-sleeper";
            if (!step(runtime, "setup", {"run", "--detach", "--bundle", bundle, id}, false)) {
                std::fprintf(stderr, "%s: could not start the container to exec into\n",
                             runtime.name.c_str());
                return 1;
            }
        }
    }
    // Warm-up: page cache, dentries, first-use kernel paths, the seccomp cache.
    for (auto &runtime : runtimes)
        for (int i = 0; i < 3; ++i)
            iterate(runtime, mode, bundle, -1 - i, false);
    for (int i = 0; i < runs; ++i)
        for (auto &runtime : runtimes)
            iterate(runtime, mode, bundle, i, true);
    if (mode == "exec")
        for (auto &runtime : runtimes)
            step(runtime, "teardown", {"delete", "--force", "bench-" + runtime.name + "-sleeper"},
                 false);

    const std::vector<std::string> stepNames =
        mode == "lifecycle" ? std::vector<std::string>{"create", "start", "delete"}
                            : std::vector<std::string>{mode};
    for (const auto &name : stepNames)
        printTable(runtimes, name, reference, runs);
    int failures = 0;
    for (const auto &runtime : runtimes)
        for (const auto &[name, samples] : runtime.steps)
            failures += samples.failures;
    return failures == 0 ? 0 : 1;
}
