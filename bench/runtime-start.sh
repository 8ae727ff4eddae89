#!/usr/bin/env bash
# Container start benchmark: `run` of /bin/true in the same busybox bundle, N times each,
# glassbox-runtime, runc and crun alternating in one run. Reports the median wall time per
# container and peak RSS, with ratios to crun.
#
# crun refuses hybrid cgroup hosts ("cgroups in hybrid mode not supported"), so its runs
# happen in a private mount namespace in which /sys/fs/cgroup/unified is unmounted; only
# crun's. Needs root.  usage: bench/runtime-start.sh [N] [build dir]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100}
build=${2:-build/ci}
measure=$(realpath "$build/bench/glassbox-bench-measure")
glassbox=$(realpath "$build/core/glassbox-runtime")
[ -x "$measure" ] && [ -x "$glassbox" ] || { echo "build first: cmake --build --preset ci" >&2; exit 1; }

work=$(mktemp -d /tmp/glassbox-bench.XXXXXX)
mntns=/run/glassbox-bench-crun.mnt
cleanup() {
  umount "$mntns" 2>/dev/null || true
  rm -f "$mntns"
  rm -rf "$work" /run/glassbox-bench-*
}
trap cleanup EXIT

bash .ci/busybox-rootfs.sh "$work/rootfs"
(cd "$work" && "$glassbox" spec)
# No terminal, and the command is /bin/true: the benchmark measures the runtime.
sed -i -e 's/"terminal": true/"terminal": false/' -e 's/^\( *\)"sh"$/\1"\/bin\/true"/' "$work/config.json"
# A second bundle without the seccomp section, to show the start cost apart from seccomp
# (glassbox caches compiled filters; runc and crun compile the profile on every start).
mkdir -p "$work/noseccomp"
awk '/"seccomp": \{/ { skip = 1; depth = 0 }
     skip { depth += gsub(/\{/, "{"); depth -= gsub(/\}/, "}"); if (depth == 0) { skip = 0; sub(/,$/, "", prev) } next }
     { if (NR > 1 && !first) print prev; prev = $0; first = 0 }
     END { print prev }' "$work/config.json" |
  sed "s|\"path\": \"rootfs\"|\"path\": \"$work/rootfs\"|" >"$work/noseccomp/config.json"

mntns_args=()
if [ -d /sys/fs/cgroup/unified ] && mountpoint -q /sys/fs/cgroup/unified; then
  touch "$mntns"
  unshare --mount="$mntns" --propagation private true
  nsenter --mount="$mntns" umount /sys/fs/cgroup/unified
  mntns_args=(--mntns "crun=$mntns")
  echo "note: crun runs in a private mount namespace with /sys/fs/cgroup/unified unmounted (hybrid host)"
fi

echo "$(date -u +%FT%TZ) $(uname -r), $(nproc) cores; $runs runs each, alternating"
echo "versions: $("$glassbox" --version | head -1); $(runc --version | head -1); $(crun --version | head -1)"
for scenario in default noseccomp; do
  bundle=$work
  [ "$scenario" = noseccomp ] && bundle=$work/noseccomp
  echo
  echo "## $scenario config ($( [ "$scenario" = default ] && echo "Docker's default seccomp profile" || echo "no seccomp section"))"
  "$measure" --bundle "$bundle" --runs "$runs" --reference crun "${mntns_args[@]}" \
    "glassbox=$glassbox" "runc=$(command -v runc)" "crun=$(command -v crun)"
done
