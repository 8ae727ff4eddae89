# Sourced by the benchmarks that run glassbox-helper through a tool built on the tests'
# TestSystemBus (bench/helper.sh, bench/gui.sh): a work directory, and a trap that leaves no
# process, container, mount, cgroup, polkit file or file behind, also when the tool fails or
# is killed. Source it from the repository root after `set -euo pipefail`, then:
#   bench_begin NAME RUNTIME BINARY...
#                               needs root, glassbox-runtime and the other binaries; sets
#                               $work (/var/tmp/gb-NAME.*), $own (our deepest cgroup) and
#                               installs the EXIT trap
#   toolpid=PID                 while the tool runs (its polkit files are named after it)
# The trap kills the tool and every process whose pid is in $work/*.pid (the tool writes
# helper.pid and the like), deletes the helper's containers through the runtime
# ($bench_runtime_roots, default the helper's), calls bench_cleanup_extra if the script
# defines it, waits for the shims, unmounts what is left under $work, removes the cgroup
# directories that did not exist before, the polkit files and $work.

bench_begin() {
  local name=$1 binary
  for binary in "${@:2}"; do
    [ -x "$binary" ] || { echo "missing $binary; build it first" >&2; exit 1; }
  done
  [ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; exit 1; }
  bench_runtime=$(realpath "$2")
  work=$(mktemp -d "/var/tmp/gb-$name.XXXXXX")
  bench_runtime_roots=("$work/helper/run/runtime")
  toolpid=
  # Runtimes create missing cgroup parents (glassbox: <own cgroup>/glassbox in every
  # hierarchy; runc: the ancestors of a --cgroup-parent under our deepest own cgroup). Note
  # which of those are missing now, to remove them at the end, deepest first.
  own=$(awk -F: 'length($3) > length(o) { o = $3 } END { print o }' /proc/self/cgroup)
  created_cgroups=()
  local hierarchy own_here rel ancestor dir dirs
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
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  set +e
  [ -n "$toolpid" ] && kill -KILL "$toolpid" 2>/dev/null
  # The helper's containers outlive it by design; delete them through the runtime (which
  # kills their processes and removes their cgroups), after which their shims exit.
  local pidfile root id mnt dir
  for pidfile in "$work"/*.pid; do
    [ -s "$pidfile" ] && kill -KILL "$(cat "$pidfile")" 2>/dev/null
  done
  for root in "${bench_runtime_roots[@]}"; do
    [ -d "$root" ] || continue
    for id in $("$bench_runtime" --root "$root" list -q 2>/dev/null); do
      "$bench_runtime" --root "$root" delete --force "$id" >/dev/null 2>&1
    done
  done
  declare -F bench_cleanup_extra >/dev/null && bench_cleanup_extra
  # Shims finish deleting after the container is gone; wait for them (their argv names
  # the work dir) before unmounting their rootfs.
  for _ in $(seq 50); do
    pgrep -f -- "--dir $work/" >/dev/null || break
    sleep 0.1
  done
  awk -v w="$work" 'index($5, w) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r mnt; do umount "$mnt" 2>/dev/null || umount -l "$mnt"; done
  for dir in "${created_cgroups[@]}"; do rmdir "$dir" 2>/dev/null; done
  if [ -n "$toolpid" ]; then
    rm -f "/etc/polkit-1/rules.d/10-glassbox-test-$toolpid.rules" \
      "/usr/share/polkit-1/actions/org.glassbox.test-$toolpid.policy"
  fi
  rm -rf --one-file-system "$work"
}
