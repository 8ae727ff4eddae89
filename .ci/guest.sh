#!/usr/bin/env bash
# guest.sh: the test command's real-desktop stage. Boots a stock Debian 12 (its own 6.1
# kernel, systemd as PID 1, pure cgroup v2, logind, polkitd; .ci/guest/make-image.sh) under
# QEMU and runs in it, on the trees this host built (shared at the same path; compiling
# inside an emulated guest is about ten times slower):
#   (a) the README's set-up command, (b) every suite, (c) a desktop user's check with a
#   real polkit agent (.ci/guest/job.sh).
# The image is cached in GLASSBOX_GUEST_CACHE (default /var/cache/glassbox/guest) under a key
# made of the package list and the image script, and rebuilt when either changes.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
bash .ci/install-deps.sh --with-guest
cache=${GLASSBOX_GUEST_CACHE:-/var/cache/glassbox/guest}
key=$( { bash .ci/install-deps.sh --list; cat .ci/guest/make-image.sh; } | sha256sum | cut -c1-16)
image=$cache/$key
if [ ! -s "$image/rootfs.raw" ]; then
  started=$(date +%s)
  echo "== guest: building the Debian 12 image $key (mmdebstrap; a few minutes)"
  rm -rf "$cache"/*  # an image of an older package list is of no more use
  bash .ci/guest/make-image.sh "$image"
  echo "guest image built in $(( $(date +%s) - started )) s"
else
  echo "== guest: cached image $image"
fi

# demo.sh in the guest builds the dev preset: build it here so that there it is up to date.
echo "== guest: host builds of the dev preset (set-up command) and the ci preset (suites)"
cmake --preset dev >/dev/null
cmake --build --preset dev
cmake --preset ci >/dev/null
cmake --build --preset ci

job=$(mktemp)
trap 'rm -f "$job"' EXIT
{ echo "SRC='$src'"; cat .ci/guest/job.sh; } > "$job"
TIMEOUT=${GLASSBOX_GUEST_TIMEOUT:-3000} bash .ci/guest/run.sh "$image" "$job" "$src"
