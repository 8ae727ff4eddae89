#!/usr/bin/env bash
# The README's set-up command: dependencies, build, install, then a first container on the
# built-in busybox rootfs (no network). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
cmake --install build/dev --prefix /usr/local >/dev/null
echo "installed $(command -v glassbox-runtime): $(glassbox-runtime --version | head -1)"

demo=/var/lib/glassbox/demo
rm -rf "$demo"
bash .ci/busybox-rootfs.sh "$demo/rootfs"
(cd "$demo" && glassbox-runtime spec)
# A non-interactive first run: show what the container sees of itself.
sed -i 's/"terminal": true/"terminal": false/' "$demo/config.json"
sed -i 's/"sh"$/"sh", "-c", "echo Hello from $(hostname): pid $$, uid $(id -u); echo namespaces:; ls -l \/proc\/self\/ns | sed 1d"/' "$demo/config.json"
glassbox-runtime delete --force glassbox-demo 2>/dev/null || true
(cd "$demo" && glassbox-runtime run glassbox-demo)
echo
echo "The bundle is in $demo; try: cd $demo && glassbox-runtime run mybox"
