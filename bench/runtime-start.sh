#!/usr/bin/env bash
# Runtime benchmark: glassbox-runtime, runc and crun on the same busybox bundle, alternating
# within one run, each step reported as median wall time and peak RSS with ratios to crun:
#   run of /bin/true (with Docker's default seccomp profile, and without a seccomp section),
#   create, start and delete as separate steps, and exec of /bin/true in a running container.
# crun refuses hybrid cgroup hosts ("cgroups in hybrid mode not supported"), so only crun's
# commands run in a private mount namespace in which /sys/fs/cgroup/unified is unmounted.
# Needs root.  usage: bench/runtime-start.sh [N] [build dir]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100}
build=${2:-build/ci}
[ -x "$build/bench/glassbox-bench-measure" ] && [ -x "$build/core/glassbox-runtime" ] ||
  { echo "build first: cmake --build --preset ci" >&2; exit 1; }
measure=$(realpath "$build/bench/glassbox-bench-measure")
glassbox=$(realpath "$build/core/glassbox-runtime")

work=$(mktemp -d /tmp/glassbox-bench.XXXXXX)
mntns=/run/glassbox-bench-crun.mnt
cleanup() {
  umount "$mntns" 2>/dev/null || true
  rm -f "$mntns"
  rm -rf "$work" /run/glassbox-bench-*
}
trap cleanup EXIT

bash .ci/busybox-rootfs.sh "$work/rootfs"
mkdir -p "$work/default" "$work/noseccomp" "$work/sleep"
(cd "$work/default" && "$glassbox" spec)
# No terminal, the rootfs by absolute path, and /bin/true: the benchmark measures runtimes.
sed -i -e 's/"terminal": true/"terminal": false/' -e 's/^\( *\)"sh"$/\1"\/bin\/true"/' \
  -e "s|\"path\": \"rootfs\"|\"path\": \"$work/rootfs\"|" "$work/default/config.json"
# Without the seccomp section, to show the start cost apart from seccomp (glassbox caches
# compiled filters; runc and crun compile the profile on every start).
awk '/"seccomp": \{/ { skip = 1; depth = 0 }
     skip { depth += gsub(/\{/, "{"); depth -= gsub(/\}/, "}"); if (depth == 0) { skip = 0; sub(/,$/, "", prev) } next }
     { if (NR > 1 && !first) print prev; prev = $0; first = 0 }
     END { print prev }' "$work/default/config.json" >"$work/noseccomp/config.json"
sed 's/"\/bin\/true"/"sleep", "100000"/' "$work/default/config.json" >"$work/sleep/config.json"

mntns_args=()
if [ -d /sys/fs/cgroup/unified ] && mountpoint -q /sys/fs/cgroup/unified; then
  touch "$mntns"
  unshare --mount="$mntns" --propagation private true
  nsenter --mount="$mntns" umount /sys/fs/cgroup/unified
  mntns_args=(--mntns "crun=$mntns")
  echo "note: crun runs in a private mount namespace with /sys/fs/cgroup/unified unmounted (hybrid host)"
fi

echo "$(date -u +%FT%TZ) $(uname -r), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each, alternating"
echo "versions: $("$glassbox" --version | head -1); $(runc --version | head -1); $(crun --version | head -1)"
peers=("glassbox=$glassbox" "runc=$(command -v runc)" "crun=$(command -v crun)")
measure() { "$measure" --runs "$runs" --reference crun "${mntns_args[@]}" "$@" "${peers[@]}"; }

echo; echo "## run, Docker's default seccomp profile"; measure --mode run --bundle "$work/default"
echo; echo "## run, no seccomp section";            measure --mode run --bundle "$work/noseccomp"
echo; echo "## create / start / delete, default profile"; measure --mode lifecycle --bundle "$work/default"
echo; echo "## exec into a running container, default profile"; measure --mode exec --bundle "$work/sleep"
