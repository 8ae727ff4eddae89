#!/usr/bin/env bash
# Network benchmark (issue 16): glassbox-helper on a private system bus with the real polkitd
# (--default-network glassbox) against podman with netavark, same busybox rootfs and httpd,
# in one run, alternating (bench/network_bench.cpp says what each row times):
#   port  Start -> 127.0.0.1:P answers GET / through a published port (-p 127.0.0.1:P:80),
#         versus exec of `podman run -d -p 127.0.0.1:P:80` -> the same;
#   net   the extra start latency a network adds: Start on Network none, on glassbox (DNS)
#         and on a network without DNS, versus `podman run -d` with --network none, on
#         podman's default bridge (no DNS) and on a bridge with DNS.
# Everything runs in a network and mount namespace of its own (this script re-executes
# itself under `unshare --net --mount --propagation private`, brings up its lo and mounts a
# tmpfs on its /run for podman's /run/netns and iptables' lock): bridges, veths, iptables
# rules and namespace mounts never touch the host's; traffic goes only to 127.0.0.1 of that
# namespace. podman's store, run root, network definitions and containers.conf
# (network_backend = "netavark") are in the work dir, with bench/helper.sh's other choices
# (vfs, cgroupfs, cgroups nested under this script's own, runc on hybrid cgroup hosts).
# Every container, cgroup, mount and file is removed at the end, also on failure.
# Needs root.  usage: bench/network.sh [RUNS] [BUILD DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${GB_BENCH_NETNS:-}" != "$$" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; exit 1; }
  # exec keeps the pid, which tells the re-executed script it is the one inside.
  exec unshare --net --mount --propagation private env GB_BENCH_NETNS=$$ \
    GB_BENCH_HOST_NETNS="$(readlink /proc/self/ns/net)" bash "$0" "$@"
fi
ip link set lo up
mount -t tmpfs -o mode=0755 glassbox-bench-run /run
runs=${1:-20}
build=${2:-build/ci}
tool=$build/bench/glassbox-bench-network
. bench/lib.sh
bench_begin network "$build/core/glassbox-runtime" "$tool" "$build/helper/glassbox-helper" \
  "$build/core/glassbox-shim"
tool=$(realpath "$tool")
mkdir -p "$work/p/networks"
cat >"$work/containers.conf" <<EOF
[network]
network_backend = "netavark"
network_config_dir = "$work/p/networks"

[engine]
helper_binaries_dir = ["/usr/lib/podman", "/usr/libexec/podman", "/usr/local/lib/podman"]
EOF
export CONTAINERS_CONF=$work/containers.conf
podman=(podman --root "$work/p/root" --runroot "$work/p/run"
  --tmpdir "$work/p/tmp" --storage-driver vfs --cgroup-manager cgroupfs
  --events-backend file)
parent="$own/glassbox-bench-podman-$$"

bench_cleanup_extra() {
  if [ -d "$work/p" ]; then
    "${podman[@]}" rm --all --force --time 0 >/dev/null 2>&1
    "${podman[@]}" network rm --force gbbench-dns >/dev/null 2>&1
    "${podman[@]}" system reset --force >/dev/null 2>&1
  fi
  for hierarchy in /sys/fs/cgroup/*/; do
    [ -d "$hierarchy${parent#/}" ] &&
      find "$hierarchy${parent#/}" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
}

bash .ci/busybox-rootfs.sh "$work/rootfs"
tar -C "$work/rootfs" -c . | "${podman[@]}" import - localhost/glassbox-bench:latest >/dev/null
podman_runtime=
if ! "${podman[@]}" run --rm --network none --cgroup-parent "$parent" \
  --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 localhost/glassbox-bench:latest true \
  2>"$work/podman-probe.err"; then
  echo "note: podman's default runtime failed ($(tail -1 "$work/podman-probe.err")); using runc"
  podman_runtime=runc
  "${podman[@]}" rm --all --force >/dev/null 2>&1 # the failed probe's leftover
fi
"${podman[@]}" network create gbbench-dns >/dev/null

echo "$(date -u +%FT%TZ) $(uname -r), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $(podman --version); $(${podman_runtime:-crun} --version | head -1);" \
  "$(/usr/lib/podman/netavark --version); $(/usr/lib/podman/aardvark-dns --version);" \
  "$(iptables --version)"
echo "podman network backend: $("${podman[@]}" info --format '{{.Host.NetworkBackend}}');" \
  "DNS bridge: gbbench-dns ($("${podman[@]}" network inspect gbbench-dns \
    --format '{{range .Subnets}}{{.Subnet}}{{end}} dns_enabled={{.DNSEnabled}}'))"
echo "network namespace: $(readlink /proc/self/ns/net) (the script started in $GB_BENCH_HOST_NETNS)"
"$tool" --work "$work" --helper "$(realpath "$build/helper/glassbox-helper")" \
  --shim "$(realpath "$build/core/glassbox-shim")" --runtime "$bench_runtime" \
  --podman-image localhost/glassbox-bench:latest --cgroup-parent "$parent" \
  --podman-dns-network gbbench-dns ${podman_runtime:+--podman-runtime "$podman_runtime"} \
  --runs "$runs" &
toolpid=$!
wait "$toolpid"
toolpid=
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
