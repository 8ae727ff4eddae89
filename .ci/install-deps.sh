#!/usr/bin/env bash
# Installs every Debian 12 package Glassbox needs to build, test and benchmark.
# Idempotent: when everything is already installed it does nothing (no apt-get update).
# With --list it only prints the package names (the guest image installs the same list).
# The test command passes --with-guest.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format
  # libraries
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-charts-dev libqt6opengl6-dev qt6-svg-dev libseccomp-dev libcap-dev nlohmann-json3-dev
  libarchive-dev libssl-dev libexpected-dev
  # registry pulls: HTTP(S) with libcurl, podman's registries.conf (TOML) with toml++
  libcurl4-openssl-dev libtomlplusplus-dev
  # Qt's own translations (qtbase_de.qm: the standard buttons of a German window)
  qt6-translations-l10n
  # the built-in busybox image and the test rootfs
  busybox-static
  # services and tools the tests use (trayer: the XEmbed system tray of test_tray, which
  # asks X through libxcb which windows are docked; Debian 12 has no stalonetray)
  dbus polkitd xvfb iproute2 trayer libxcb1-dev
  # validators of the desktop file and the AppStream metadata
  desktop-file-utils appstream
  # container networking: podman's network stack (bridge, NAT, port forwards, per-network
  # DNS; installed to /usr/lib/podman), and the iptables it drives (netavark does not depend
  # on it in Debian 12)
  netavark aardvark-dns iptables
  # peers for the benchmarks and compatibility tests (catatonit: podman's --init)
  runc crun podman conmon catatonit time
)

# Only the tests need these: a real registry on 127.0.0.1 (the CNCF distribution registry)
# and skopeo to fill it. Installed by the test command, not by the set-up command: a desktop
# that only runs Glassbox has no use for a registry daemon.
test_packages=(docker-registry skopeo)

if [ "${1:-}" = --list ]; then
  printf '%s\n' "${packages[@]}" "${test_packages[@]}"
  exit 0
fi
# --with-guest (the test command): also what its guest stage (.ci/guest.sh) needs on the
# host, QEMU to boot a stock Debian 12 and mmdebstrap to build its image. Not in --list: the
# guest itself, like a user's machine, needs neither.
if [ "${1:-}" = --with-guest ]; then
  packages+=("${test_packages[@]}" qemu-system-x86 qemu-utils mmdebstrap)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${missing[*]}; run as root (sudo) to install them" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian starts the registry it installs as a service on port 5000 of every address; the
# tests start their own on 127.0.0.1. One this script installed is stopped and disabled.
if [[ " ${missing[*]} " == *" docker-registry "* ]] && [ -d /run/systemd/system ]; then
  systemctl disable --now docker-registry.service 2>/dev/null || true
fi
