#!/usr/bin/env bash
# fresh-debian.sh: proves the README's two commands on a FRESH Debian 12 system, not on a
# development machine where packages were installed by hand. mmdebstrap makes a minimal
# bookworm root (variant minbase: only essential and required packages, no recommends),
# a clean clone of this checkout's HEAD is made in it, and inside it, as root:
#   1. bash .ci/demo.sh    the set-up command (install-deps, build, install, first container)
#   2. bash .ci/test.sh    the test command (GLASSBOX_STAGES picks stages; default: ci)
# then the programs the README promises are checked under /usr/local. Each step's time is
# printed, and the whole output is kept in OUT/fresh-debian.log.
#
# usage: sudo bash .ci/fresh-debian.sh [OUT]      (default OUT: /var/tmp/glassbox-fresh)
#   env STAGES="ci asan-ubsan"   stages of the test command (default: ci)
#   env MIRROR=... SECURITY_MIRROR=...   Debian mirrors (default: the ones this host's apt uses)
#   env KEEP=1   keep the root afterwards (it is removed before each run either way)
# Inside, GLASSBOX_STRICT=1 makes any skipped test fail the run, as CI=true does.
#
# The root is entered with unshare (own mount namespace) + pivot_root, with the host's /proc,
# /sys (cgroups included) and /dev: enough for the build, the D-Bus and polkit suites (they
# start their own bus and polkitd) and the runtime's namespaces, mounts and cgroups. It is
# not a booted system (no systemd as PID 1): .ci/guest.sh is the stage that boots one.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "fresh-debian: run as root (mmdebstrap, chroot)" >&2; exit 2; }

OUT=${1:-/var/tmp/glassbox-fresh}
ROOT=$OUT/root
STAGES=${STAGES:-ci}
. .ci/mirrors.sh

if ! command -v mmdebstrap >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap
fi

mkdir -p "$OUT"
exec > >(tee "$OUT/fresh-debian.log") 2>&1
rm -rf "$ROOT"
t0=$(date +%s)
echo "== mmdebstrap: minimal Debian 12 root in $ROOT"
mmdebstrap --variant=minbase --mode=root --aptopt='APT::Install-Recommends "false"' \
  bookworm "$ROOT" "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" \
  "deb $SECURITY_MIRROR bookworm-security main"
echo "fresh root: $(chroot "$ROOT" dpkg-query -W | wc -l) packages"

# A clean clone of this checkout's HEAD, as a user's checkout would be (git itself comes
# from install-deps.sh inside; the host's git makes the clone).
git clone --quiet "$PWD" "$ROOT/src/glassbox"
echo "checkout: $(git -C "$ROOT/src/glassbox" log --oneline -1)"

# inside CMD...: runs CMD in the root as root, with the host's /proc, /sys and /dev. The
# root becomes the mount namespace's own root with pivot_root, not a chroot: the kernel
# refuses new user namespaces to a chrooted process, and /proc's paths would name the host's
# directory.
inside() {
  unshare --mount --propagation private -- bash -euc '
    root=$1; shift
    mount --bind "$root" "$root"
    mount --rbind /proc "$root/proc"; mount --rbind /sys "$root/sys"
    mount --rbind /dev "$root/dev"; mount -t tmpfs tmpfs "$root/run"
    mount -t tmpfs tmpfs "$root/tmp"
    cd "$root"
    mkdir -p .host
    pivot_root . .host
    umount -l /.host
    rmdir /.host
    exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LANG=C.UTF-8 GLASSBOX_STRICT=1 "$@"' bash "$ROOT" "$@"
}

status=0
t1=$(date +%s)
echo "== the set-up command: bash .ci/demo.sh"
inside bash -c 'cd /src/glassbox && bash .ci/demo.sh' || status=$?
t2=$(date +%s)
echo "set-up command: exit $status, $((t2 - t1)) s"

echo "== what the README promises, installed"
for program in /usr/local/bin/glassbox /usr/local/bin/glassboxctl /usr/local/bin/glassbox-runtime \
               /usr/local/bin/glassbox-image /usr/local/libexec/glassbox-helper \
               /usr/local/libexec/glassbox/glassbox-shim; do
  if [ -x "$ROOT$program" ]; then echo "  ok  $program"; else echo "  MISSING  $program"; status=1; fi
done

test_status=0
if [ "$status" -eq 0 ]; then
  echo "== the test command: bash .ci/test.sh (stages: $STAGES)"
  inside bash -c "cd /src/glassbox && GLASSBOX_STAGES='$STAGES' bash .ci/test.sh" || test_status=$?
  echo "test command: exit $test_status, $(( $(date +%s) - t2 )) s"
else
  echo "test command: not run (the set-up command failed)"
fi
t3=$(date +%s)
echo "fresh-debian: mmdebstrap $((t1 - t0)) s, set-up $((t2 - t1)) s, tests $((t3 - t2)) s"
[ "${KEEP:-0}" = 1 ] || rm -rf "$ROOT"
[ "$status" -eq 0 ] && [ "$test_status" -eq 0 ]
