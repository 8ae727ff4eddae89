#!/usr/bin/env bash
# Helper benchmark (issue 5): glassbox-helper on a private system bus with the real polkitd,
# against podman and the bare runtime on the same busybox rootfs, in one run:
#   start  D-Bus Start call -> PropertiesChanged State=running, versus `podman run -d` and
#          `glassbox-runtime run --detach`, alternating, median and p90 (target: helper
#          under 2x the bare runtime);
#   stats  GetStats for 100 running containers at 1 Hz for 30 s, the helper's CPU time per
#          second as % of one core, versus `podman stats --no-stream` at 1 Hz for 100 podman
#          containers (target: under 1%).
# podman runs with its store in the work dir (vfs storage, cgroupfs, cgroups nested under
# this script's own, --network none, rlimits this host allows; short paths, because podman
# refuses a runroot over 50 characters). Its default runtime, crun,
# refuses hybrid cgroup hosts, so on those podman uses runc (printed in the output).
# Every container, cgroup, mount and file is removed at the end, also on failure.
# Needs root.  usage: bench/helper.sh [RUNS] [BUILD DIR] [CONTAINERS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
build=${2:-build/ci}
containers=${3:-100}
seconds=${4:-30}
tool=$build/bench/glassbox-bench-helper
. bench/lib.sh
bench_begin helper "$build/core/glassbox-runtime" "$tool" "$build/helper/glassbox-helper" \
  "$build/core/glassbox-shim"
tool=$(realpath "$tool")
runtime=$bench_runtime
bench_runtime_roots+=("$work/bare")
podman=(podman --root "$work/p/root" --runroot "$work/p/run"
  --tmpdir "$work/p/tmp" --storage-driver vfs --cgroup-manager cgroupfs
  --events-backend file)
# podman's cgroupfs paths are absolute: nest them under our own cgroup (the deepest one; on
# this host only the memory hierarchy gives us one); bench_begin noted which of the parents
# runc creates are missing now.
parent="$own/glassbox-bench-podman-$$"

bench_cleanup_extra() {
  if [ -d "$work/p" ]; then
    "${podman[@]}" rm --all --force --time 0 >/dev/null 2>&1
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
mkdir -p "$work/bundle"
(cd "$work/bundle" && "$runtime" spec)
sed -i -e 's/"terminal": true/"terminal": false/' -e 's/^\( *\)"sh"$/\1"sleep", "1000"/' \
  -e "s|\"path\": \"rootfs\"|\"path\": \"$work/rootfs\"|" "$work/bundle/config.json"

echo "$(date -u +%FT%TZ) $(uname -r), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $("$runtime" --version | head -1); $(podman --version);" \
  "$(${podman_runtime:-crun} --version | head -1)"
"$tool" --work "$work" --helper "$(realpath "$build/helper/glassbox-helper")" \
  --shim "$(realpath "$build/core/glassbox-shim")" --runtime "$runtime" \
  --bundle "$work/bundle" --podman-image localhost/glassbox-bench:latest \
  --cgroup-parent "$parent" ${podman_runtime:+--podman-runtime "$podman_runtime"} \
  --runs "$runs" --containers "$containers" --seconds "$seconds" &
toolpid=$!
wait "$toolpid"
toolpid=
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
