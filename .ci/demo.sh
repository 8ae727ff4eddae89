#!/usr/bin/env bash
# The README's set-up command: dependencies, build, install, the built-in busybox image,
# then a first container from it (no network needed). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
cmake --install build/dev --prefix /usr/local >/dev/null
# The system bus and polkitd only read their own directories, not /usr/local/share: put the
# bus policy and the polkit actions where they look, and let a running bus reload.
install -D -m 644 resources/dbus/org.glassbox.Manager1.conf /etc/dbus-1/system.d/org.glassbox.Manager1.conf
install -D -m 644 resources/polkit/org.glassbox.policy /usr/share/polkit-1/actions/org.glassbox.policy
install -D -m 644 build/dev/resources/org.glassbox.Manager1.service \
  /usr/share/dbus-1/system-services/org.glassbox.Manager1.service
# Where systemd runs the system it starts the helper for the bus (glassbox-helper.service,
# installed under /usr/local/lib/systemd/system): make it read the new or changed unit.
# A helper still running from an earlier install is restarted on the new binary (its
# containers keep running and the new helper re-adopts them).
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl try-restart glassbox-helper.service
fi
if [ -S /run/dbus/system_bus_socket ]; then
  dbus-send --system --type=method_call --dest=org.freedesktop.DBus / \
    org.freedesktop.DBus.ReloadConfig >/dev/null 2>&1 || true
fi
echo "installed: $(glassbox-runtime --version | head -1)"

# busybox:latest, built locally from Debian's busybox-static (same image id every time).
glassbox-image load-busybox
glassbox-image layers busybox

# A first container from the image: an overlay rootfs plus an OCI bundle, run with the
# runtime, then its writable layer compared with the image (docker diff), then removed.
id=glassbox-demo
glassbox-runtime delete --force "$id" 2>/dev/null || true
glassbox-image remove-container "$id" 2>/dev/null || true
bundle=$(glassbox-image create-container "$id" busybox sh -c \
  'echo "Hello from $(hostname), pid $$ in my own pid namespace, uid $(id -u)";
   echo "my namespaces:"; ls -l /proc/self/ns | sed 1d; echo hi > /tmp/hello')
glassbox-runtime run --bundle "$bundle" "$id"
echo "what the container changed (A added, C changed, D deleted):"
glassbox-image diff "$id"
glassbox-image remove-container "$id"

# The desktop application, talking to the installed helper (D-Bus activation starts it),
# with busybox:latest in its store: click Run... and press Run.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "no display (\$DISPLAY and \$WAYLAND_DISPLAY are unset): not starting the desktop"
  echo "application. Use the command-line client instead, e.g.:"
  echo "  glassboxctl run -d --name web busybox sleep 600 && glassboxctl ps"
  exit 0
fi
echo "starting glassbox, the desktop application: click Run... to start a busybox container"
if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
  # As the desktop's user, not root: polkit decides what it may do.
  runuser -u "$SUDO_USER" -- env DISPLAY="${DISPLAY:-}" WAYLAND_DISPLAY="${WAYLAND_DISPLAY:-}" \
    XDG_RUNTIME_DIR="/run/user/$(id -u "$SUDO_USER")" setsid glassbox >/dev/null 2>&1 &
else
  setsid glassbox >/dev/null 2>&1 &
fi
