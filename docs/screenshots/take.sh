#!/usr/bin/env bash
# Screenshots of the desktop application for the README: runs the GUI's end-to-end suite
# (the real glassbox-helper on a private system bus with the real polkitd, a busybox image
# imported and a container running) on a virtual X server and saves the window as the suite
# sees it into docs/screenshots/: the main window (also in German), the images tab, the Run
# dialog (also with an error of the helper's), the list sorted by CPU with a busy container
# found that was off screen, and details-<tab>.png for each of the seven details tabs of a
# running container, and details-network.png of a container with a published port
# (test_gui_network), and pull-dialog.png after a search and a pull from the test's own
# registry on 127.0.0.1 (test_pull_dialog). Needs root (the helper runs containers), xvfb and a build that has
# test_gui_e2e (default: build-gui; pass another build directory as $1).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build-gui}
suite="$build/tests/test_gui_e2e"
if [ ! -x "$suite" ]; then
  echo "take.sh: $suite is missing; build it first: ninja -C $build test_gui_e2e" >&2
  exit 1
fi
out=$(pwd)/docs/screenshots
GLASSBOX_SCREENSHOTS="$out" QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1 \
  xvfb-run -a -s "-screen 0 1280x800x24" "$suite" importFromTheWindow runFromTheDialogShowsItRunning \
  runWithUserNamespaceFromTheDialog screenshots detailsScreenshots logsShowEachLineOnceAfterRestart \
  sortByCpuFindsTheHogOffScreen runDialogShowsHelperErrorsInline
# The Network tab against a real bridge: its own suite, in a network namespace of its own.
GLASSBOX_SCREENSHOTS="$out" QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1 \
  xvfb-run -a -s "-screen 0 1280x800x24" "$build/tests/test_gui_network"
GLASSBOX_SCREENSHOTS="$out" QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1 \
  xvfb-run -a -s "-screen 0 1280x800x24" "$build/tests/test_pull_dialog" searchFillsTheReference
ls -l "$out"/*.png
