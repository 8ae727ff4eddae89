#!/usr/bin/env bash
# Soak benchmark (issue 21), not a CI suite: glassbox-helper, started by bus activation on a
# private system bus with the real polkitd, serves CYCLES create -> start -> stop -> remove
# cycles from three client processes at once (as a test user polkit allows), while the tool
# SIGKILLs the helper or one of its containers' shims, alternately, at a random moment every
# KILL_EVERY cycles. Clients whose call failed list the containers and remove what they made.
# At the end: containers listed, store entries, records, overlay mounts, cgroups, shims,
# runtime state (all expected 0), the helper's descriptors and RSS, failed calls (those in
# flight during a kill are expected, others must be 0), reactivations, per-cycle latency and
# the time to the first answer after a kill. Exit status 1 on any leak or unaccounted
# container. SEED repeats a run's kills (it is printed; default random).
# Every container, cgroup, mount and file is removed at the end, also on failure; a failed
# run keeps the helpers' log as /var/tmp/gb-soak-helper.log.
# Needs root and the test users (.ci/test.sh). Builds the binaries when they are missing.
#   usage: bench/soak.sh [CYCLES] [KILL_EVERY] [BUILD DIR] [SEED]
#   e.g.   bench/soak.sh 1000 10 build/ci
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-1000}
kill_every=${2:-10}
build=${3:-build/ci}
seed=${4:-}
tool=$build/bench/glassbox-bench-soak
binaries=("$build/core/glassbox-runtime" "$tool" "$build/helper/glassbox-helper"
  "$build/core/glassbox-shim")
for binary in "${binaries[@]}"; do
  if [ ! -x "$binary" ]; then
    echo "building in $build (needs a tree configured with the tests)"
    cmake --build "$build" --target glassbox-bench-soak glassbox-helper glassbox-shim \
      glassbox-runtime
    break
  fi
done
. bench/lib.sh
bench_begin soak "${binaries[@]}"

# The cgroups of the run's containers, also those the runtime no longer knows (a create cut
# short by a kill): the tool notes every id in $work/ids, the helper's directories name the
# rest. The tool removes them itself; this is for when it died first.
bench_cleanup_extra() {
  local ids dir
  ids=$({ cat "$work/ids" 2>/dev/null
    ls "$work/helper/store/containers" "$work/helper/run/runtime" "$work/helper/run/shims" \
      2>/dev/null; } | grep -E '^[0-9a-f]{64}$' | sort -u)
  [ -n "$ids" ] || return 0
  find /sys/fs/cgroup -mindepth 2 -maxdepth 8 -type d -regextype egrep \
    -regex '.*/[0-9a-f]{64}' 2>/dev/null | grep -Fwf <(echo "$ids") |
    awk -F/ '{ print NF, $0 }' | sort -rn | cut -d' ' -f2- |
    while read -r dir; do
      # cpu and cpuacct are one hierarchy under two names: gone already through the other.
      [ -d "$dir" ] || continue
      xargs -r kill -KILL <"$dir/cgroup.procs" 2>/dev/null
      for _ in 1 2 3 4 5; do rmdir "$dir" 2>/dev/null && break; sleep 0.1; done
    done
}
tool=$(realpath "$tool")

echo "$(date -u +%FT%TZ) $(uname -r), $(nproc) cores, $(free -g | awk '/^Mem/ { print $2 }') GB," \
  "load $(cut -d' ' -f1-3 /proc/loadavg)"
"$tool" --work "$work" --helper "$(realpath "$build/helper/glassbox-helper")" \
  --shim "$(realpath "$build/core/glassbox-shim")" --runtime "$bench_runtime" \
  --cycles "$cycles" --kill-every "$kill_every" ${seed:+--seed "$seed"} &
toolpid=$!
status=0
wait "$toolpid" || status=$?
# The tool removes its polkit files unless it died first.
rm -f "/etc/polkit-1/rules.d/10-glassbox-test-$toolpid.rules" \
  "/usr/share/polkit-1/actions/org.glassbox.test-$toolpid.policy"
toolpid=
if [ "$status" -ne 0 ] && [ -f "$work/helper.log" ]; then
  cp "$work/helper.log" "/var/tmp/gb-soak-helper.log"
  echo "the helpers' log: /var/tmp/gb-soak-helper.log"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
