#!/usr/bin/env bash
# desktop-check.sh: inside the guest, after the README's set-up command installed Glassbox:
# the end-to-end check of a desktop user, with Debian's own polkit defaults and no test rules.
# A user logged in on the local console (tty1: an active logind session on seat0) lists
# containers without being asked for a password (org.glassbox.view is allow_active), and
# starting one goes through a real polkit authentication agent (pkttyagent) that answers
# with the administrator's password (auth_admin_keep); without an agent it is refused.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# The desktop's user, and an administrator (Debian's polkit rules: members of group sudo).
id gbdesk >/dev/null 2>&1 || useradd --create-home --shell /bin/bash gbdesk
id gbadmin >/dev/null 2>&1 || useradd --create-home --shell /bin/bash --groups sudo gbadmin
echo 'gbadmin:admin-password-1' | chpasswd
rm -f /tmp/desk.done /tmp/desk.log
install -m 755 "$here/desktop-session.sh" /home/gbdesk/desktop-session.sh
cat > /home/gbdesk/.bash_profile <<'EOP'
# the desktop check runs once, in this console login's session
if [ "$(tty)" = /dev/tty1 ] && [ ! -e /tmp/desk.done ]; then
  bash ~/desktop-session.sh > /tmp/desk.log 2>&1
  echo $? > /tmp/desk.done
fi
EOP
chown gbdesk: /home/gbdesk/.bash_profile

# Log gbdesk in on tty1, as a display manager or a console login would.
mkdir -p /etc/systemd/system/getty@tty1.service.d
printf '[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin gbdesk --noclear %%I $TERM\n' \
  > /etc/systemd/system/getty@tty1.service.d/autologin.conf
systemctl daemon-reload
systemctl restart getty@tty1.service

for _ in $(seq 1 300); do
  [ -e /tmp/desk.done ] && break
  sleep 1
done
echo "-- the desktop user's session:"
loginctl list-sessions --no-legend || true
cat /tmp/desk.log 2>/dev/null || echo "(no log)"
glassboxctl rm -f desk-agent >/dev/null 2>&1 || true
[ -e /tmp/desk.done ] || { echo "desktop check: no result after 300 s"; exit 1; }
if [ "$(cat /tmp/desk.done)" != 0 ]; then
  echo "-- the helper's journal:"
  journalctl --no-pager -o short-monotonic -u glassbox-helper.service -u 'glassbox-*.scope' |
    tail -n 60
fi
exit "$(cat /tmp/desk.done)"
