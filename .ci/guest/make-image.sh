#!/usr/bin/env bash
# make-image.sh DIR: a stock Debian 12 guest for .ci/guest.sh, the way desktops boot it:
# Debian's own 6.1 kernel, systemd as PID 1 with a pure cgroup v2 hierarchy, logind, dbus,
# polkitd, and every package of .ci/install-deps.sh already installed (the guest needs no
# network). mmdebstrap builds the root as a directory, `mke2fs -d` turns it into an ext4
# image: no loop devices, no mounts on the host. Writes DIR/{rootfs.raw,vmlinuz,initrd.img}.
#
# Inside, root is logged in automatically on the serial console ttyS0 (a real logind
# session, as a terminal on a desktop is), and its login shell runs /mnt/host/job.sh from
# the 9p share "hostshare", writes output.log and rc next to it, and powers the guest off.
# env MIRROR, SECURITY_MIRROR: Debian mirrors (default: the ones this host's apt uses).
set -euo pipefail
OUT=${1:?usage: make-image.sh DIR}
SRC=$(cd "$(dirname "$0")/../.." && pwd)

. "$SRC/.ci/mirrors.sh"

# What a desktop has around the project's own packages (.ci/install-deps.sh prints its list).
base="systemd systemd-sysv dbus polkitd udev libpam-systemd linux-image-amd64
  initramfs-tools kmod iproute2 procps psmisc less e2fsprogs util-linux ca-certificates
  netbase bpftool sudo"
project=$(bash "$SRC/.ci/install-deps.sh" --list)
include=$(echo $base $project | tr -s ' \n' ',')

work=$(mktemp -d "${TMPDIR:-/var/tmp}/glassbox-guest-build.XXXXXX")
trap 'rm -rf "$work"' EXIT

cat > "$work/bash_profile" <<'EOP'
# root's login shell on ttyS0 (autologin): run the host's job once per boot, then power off.
if [ "$(tty)" = /dev/ttyS0 ] && [ ! -e /run/glassbox-job-started ]; then
  touch /run/glassbox-job-started
  for i in $(seq 1 60); do mountpoint -q /mnt/host && break; mount /mnt/host 2>/dev/null && break; sleep 1; done
  if [ -r /mnt/host/job.sh ]; then
    echo "GUEST-JOB-START uptime=$(cut -d' ' -f1 /proc/uptime)" > /mnt/host/started
    (cd /root && bash /mnt/host/job.sh) > /mnt/host/output.log 2>&1
    echo $? > /mnt/host/rc
    sync
  else
    echo "no /mnt/host/job.sh"
  fi
  systemctl poweroff
fi
EOP

mmdebstrap --variant=minbase --mode=root --aptopt='APT::Install-Recommends "false"' \
  --include="$include" \
  --customize-hook="set -e
    r=\"\$1\"
    echo guest > \"\$r/etc/hostname\"
    printf '127.0.0.1 localhost\n127.0.1.1 guest\n' > \"\$r/etc/hosts\"
    printf '/dev/vda / ext4 defaults 0 1\nhostshare /mnt/host 9p trans=virtio,version=9p2000.L,msize=262144,nofail 0 0\n' > \"\$r/etc/fstab\"
    mkdir -p \"\$r/mnt/host\"
    printf '9p\n9pnet\n9pnet_virtio\n' > \"\$r/etc/modules-load.d/9p.conf\"
    chroot \"\$r\" passwd -d root
    mkdir -p \"\$r/etc/systemd/system/serial-getty@ttyS0.service.d\"
    printf '[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin root --noclear --keep-baud 115200 %%I \$TERM\n' \
      > \"\$r/etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf\"
    cp '$work/bash_profile' \"\$r/root/.bash_profile\"
    # The tests start their own registry on 127.0.0.1; Debian's would listen on port 5000.
    chroot \"\$r\" systemctl disable docker-registry.service
    chroot \"\$r\" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer man-db.timer
    chroot \"\$r\" apt-get clean" \
  bookworm "$work/rootfs" "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" \
  "deb $SECURITY_MIRROR bookworm-security main"

kernel=$(ls "$work"/rootfs/boot/vmlinuz-6.1.* | sort -V | tail -n 1)
mkdir -p "$work/out"
cp "$kernel" "$work/out/vmlinuz"
cp "${kernel/vmlinuz/initrd.img}" "$work/out/initrd.img"
mke2fs -q -t ext4 -L guestroot -d "$work/rootfs" "$work/out/rootfs.raw" 16G
rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
mv "$work/out" "$OUT"
echo "make-image: $(basename "$kernel") in $OUT"
