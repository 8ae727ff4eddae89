#!/usr/bin/env bash
# run.sh IMAGE_DIR JOB [SHARE_DIR]: boots the guest that make-image.sh built (a throw-away
# qcow2 overlay over its image, so every run starts from the same pristine system), runs JOB
# as root in the autologin session on ttyS0, prints JOB's output and exits with its status.
# SHARE_DIR (a directory of the host) is mounted at the same path inside, read-write, so that
# a build tree with absolute paths (CMake, Ninja) works on both sides.
#
# QEMU runs under TCG (software emulation): on this project's machines /dev/kvm is the PVM
# flavour (kvm_pvm), which only runs PVM guest kernels; Debian's kernel aborts on it. KVM is
# used where the CPU shows vmx/svm and no kvm_pvm module is loaded.
# env TIMEOUT (seconds, default 3600): then QEMU is killed and the exit status is 124.
# Exit 125: the guest ended without reporting a status (the console's end is printed).
set -euo pipefail
IMAGE=${1:?usage: run.sh IMAGE_DIR JOB [SHARE_DIR]}
JOB=${2:?usage: run.sh IMAGE_DIR JOB [SHARE_DIR]}
SHARE=${3:-}
TIMEOUT=${TIMEOUT:-3600}

if grep -qw -E 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ] && [ ! -d /sys/module/kvm_pvm ]; then
  accel=(-accel kvm -cpu host)
else
  accel=(-accel tcg,thread=multi,tb-size=1024 -cpu max)
fi

run=$(mktemp -d "${TMPDIR:-/var/tmp}/glassbox-guest-run.XXXXXX")
qemu_pid=
cleanup() {
  [ -z "$qemu_pid" ] || kill "$qemu_pid" 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT
mkdir -p "$run/share"
qemu-img create -q -f qcow2 -b "$IMAGE/rootfs.raw" -F raw "$run/disk.qcow2"
{
  echo '#!/bin/bash'
  if [ -n "$SHARE" ]; then
    echo "mkdir -p '$SHARE' && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose work '$SHARE' || exit 125"
  fi
  cat "$JOB"
} > "$run/share/job.sh"

share_args=()
[ -z "$SHARE" ] || share_args=(-virtfs "local,path=$SHARE,mount_tag=work,security_model=passthrough")
start=$(date +%s)
qemu-system-x86_64 "${accel[@]}" -smp "$(nproc)" -m 4G -no-reboot -display none -monitor none \
  -kernel "$IMAGE/vmlinuz" -initrd "$IMAGE/initrd.img" \
  -append "root=/dev/vda rw console=ttyS0,115200 loglevel=4 panic=-1" \
  -drive "file=$run/disk.qcow2,if=virtio,format=qcow2,cache=unsafe" \
  -virtfs "local,path=$run/share,mount_tag=hostshare,security_model=passthrough" \
  "${share_args[@]}" -nic none -device virtio-rng-pci \
  -serial "file:$run/console.log" </dev/null >"$run/qemu.log" 2>&1 &
qemu_pid=$!

booted=
status=
while kill -0 "$qemu_pid" 2>/dev/null; do
  if [ -z "$booted" ] && [ -s "$run/share/started" ]; then
    booted=$(( $(date +%s) - start ))
    echo "guest: shell after ${booted} s ($(cat "$run/share/started"))" >&2
  fi
  if [ $(( $(date +%s) - start )) -ge "$TIMEOUT" ]; then
    echo "guest: no end after ${TIMEOUT} s: stopping QEMU" >&2
    kill "$qemu_pid"; status=124
    break
  fi
  sleep 1
done
wait "$qemu_pid" 2>/dev/null || true
qemu_pid=
[ ! -e "$run/share/output.log" ] || cat "$run/share/output.log"
echo "guest: $(( $(date +%s) - start )) s in all" >&2
if [ -z "$status" ]; then
  if [ -s "$run/share/rc" ]; then
    status=$(cat "$run/share/rc")
  else
    echo "guest: ended without an exit status; the console's last lines:" >&2
    tail -n 30 "$run/console.log" >&2 || true
    cat "$run/qemu.log" >&2 || true
    status=125
  fi
fi
exit "$status"
