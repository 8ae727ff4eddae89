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
for binary in "$tool" "$build/helper/glassbox-helper" "$build/core/glassbox-shim" \
  "$build/core/glassbox-runtime"; do
  [ -x "$binary" ] || { echo "missing $binary; build first: cmake --build --preset ci" >&2; exit 1; }
done
tool=$(realpath "$tool")
runtime=$(realpath "$build/core/glassbox-runtime")
[ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; exit 1; }

work=$(mktemp -d /var/tmp/gb-helper.XXXXXX)
podman=(podman --root "$work/p/root" --runroot "$work/p/run"
  --tmpdir "$work/p/tmp" --storage-driver vfs --cgroup-manager cgroupfs
  --events-backend file)
# podman's cgroupfs paths are absolute: nest them under our own cgroup (the deepest one; on
# this host only the memory hierarchy gives us one). Runtimes create missing parents (runc
# the parent's ancestors in every hierarchy, glassbox <own cgroup>/glassbox), so note which
# of those are missing now and remove them at the end, deepest first.
own=$(awk -F: 'length($3) > length(o) { o = $3 } END { print o }' /proc/self/cgroup)
parent="$own/glassbox-bench-podman-$$"
created_cgroups=()
for hierarchy in /sys/fs/cgroup/*/; do
  dirs=()
  for own_here in $(cut -d: -f3 /proc/self/cgroup | sort -u); do
    rel=${own_here#/}
    dirs+=("$hierarchy${rel:+$rel/}glassbox")
  done
  ancestor=${own#/}
  while [ -n "$ancestor" ]; do
    dirs+=("$hierarchy$ancestor")
    [[ $ancestor == */* ]] && ancestor=${ancestor%/*} || ancestor=
  done
  for dir in "${dirs[@]}"; do
    [ -d "$dir" ] || created_cgroups+=("$dir")
  done
done
toolpid=

cleanup() {
  set +e
  [ -n "$toolpid" ] && kill -KILL "$toolpid" 2>/dev/null
  # The helper's containers outlive it by design; delete them through the runtime (which
  # kills their processes and removes their cgroups), after which their shims exit.
  if [ -s "$work/helper.pid" ]; then
    kill -KILL "$(cat "$work/helper.pid")" 2>/dev/null
  fi
  for root in "$work/helper/run/runtime" "$work/bare"; do
    [ -d "$root" ] || continue
    for id in $("$runtime" --root "$root" list -q 2>/dev/null); do
      "$runtime" --root "$root" delete --force "$id" >/dev/null 2>&1
    done
  done
  if [ -d "$work/p" ]; then
    "${podman[@]}" rm --all --force --time 0 >/dev/null 2>&1
    "${podman[@]}" system reset --force >/dev/null 2>&1
  fi
  # Shims finish deleting after the container is gone; wait for them (their argv names
  # the work dir) before unmounting their rootfs.
  for _ in $(seq 50); do
    pgrep -f -- "--dir $work/" >/dev/null || break
    sleep 0.1
  done
  awk -v w="$work" 'index($5, w) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r mnt; do umount "$mnt" 2>/dev/null || umount -l "$mnt"; done
  for hierarchy in /sys/fs/cgroup/*/; do
    [ -d "$hierarchy${parent#/}" ] &&
      find "$hierarchy${parent#/}" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
  for dir in "${created_cgroups[@]}"; do rmdir "$dir" 2>/dev/null; done
  if [ -n "$toolpid" ]; then
    rm -f "/etc/polkit-1/rules.d/10-glassbox-test-$toolpid.rules" \
      "/usr/share/polkit-1/actions/org.glassbox.test-$toolpid.policy"
  fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

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
