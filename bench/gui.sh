#!/usr/bin/env bash
# GUI benchmark (issue 6): the desktop application `glassbox` with CONTAINERS running busybox
# containers and the Resources tab of one of them open, on a virtual X server (Xvfb, xcb):
# the time from launch to the first paint of the populated list (LAUNCHES launches, from the
# `glassbox.startup` log), then over SECONDS its CPU (utime+stime from /proc/PID/stat) and
# RSS (VmRSS each second, VmHWM). glassbox-bench-gui (bench/gui_bench.cpp) runs the real
# glassbox-helper on a private system bus with the real polkitd and starts the containers.
# Every container, cgroup, mount, process and file is removed at the end, also on failure
# (bench/lib.sh). Needs root, Xvfb and a build with the tests (the ci preset or build-gui).
# usage: bench/gui.sh [BUILD DIR] [CONTAINERS] [LAUNCHES] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}
containers=${2:-100}
launches=${3:-5}
seconds=${4:-60}
tool=$build/bench/glassbox-bench-gui
. bench/lib.sh
bench_begin gui "$build/core/glassbox-runtime" "$tool" "$build/helper/glassbox-helper" \
  "$build/core/glassbox-shim" "$build/app/gui/glassbox"
command -v Xvfb >/dev/null || { echo "Xvfb is missing (apt-get install xvfb)" >&2; exit 1; }

# Our own X server (its pid in $work, so the trap ends it), on the first free display.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb=$!
echo "$xvfb" >"$work/xvfb.pid"
for _ in $(seq 100); do
  [ -s "$work/display" ] && break
  sleep 0.1
done
[ -s "$work/display" ] || { echo "Xvfb did not start: $(cat "$work/xvfb.log")" >&2; exit 1; }
export DISPLAY=":$(cat "$work/display")" QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1
unset WAYLAND_DISPLAY

echo "$(date -u +%FT%TZ) $(uname -r), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Qt $(dpkg-query -W -f '${Version}' libqt6core6 2>/dev/null), display $DISPLAY (Xvfb)"
"$(realpath "$tool")" --work "$work" --helper "$(realpath "$build/helper/glassbox-helper")" \
  --shim "$(realpath "$build/core/glassbox-shim")" --runtime "$bench_runtime" \
  --gui "$(realpath "$build/app/gui/glassbox")" --containers "$containers" \
  --launches "$launches" --seconds "$seconds" &
toolpid=$!
wait "$toolpid"
toolpid=
kill "$xvfb" && wait "$xvfb" 2>/dev/null
rm "$work/xvfb.pid"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
