#!/usr/bin/env bash
# desktop-session.sh: run by desktop-check.sh as the desktop's user, in a console login.
set -uo pipefail
fail() { echo "FAIL: $*"; exit 1; }
property() { loginctl show-session "$XDG_SESSION_ID" --property="$1" --value; }
session="seat=$(property Seat) active=$(property Active) remote=$(property Remote)"
echo "session $XDG_SESSION_ID of $(id -un): $session"
[ "$session" = "seat=seat0 active=yes remote=no" ] || fail "not an active local session: $session"

echo "-- glassboxctl ps, no agent: view is allowed to the active session without a password"
glassboxctl ps || fail "listing containers was refused"

echo "-- glassboxctl run without an agent: refused, nothing started"
if glassboxctl run -d --name desk-agent busybox sleep 300 2>/tmp/desk-noagent.err; then
  fail "a container was started without authentication"
fi
cat /tmp/desk-noagent.err
glassboxctl ps -a | grep -q desk-agent && fail "the refused run left a container"

echo "-- glassboxctl run with pkttyagent answering the administrator's password"
# As systemctl does: an agent registered for the very process that calls (pkttyagent
# --process), asking on that process's terminal, here a pseudo-terminal from script(1) into
# which the password is typed once the prompt is there. The shell execs glassboxctl, so the
# registered pid is the caller's.
rm -f /tmp/desk-agent.tty
cat > /tmp/desk-agent.sh <<'EOS'
# pkttyagent closes the notify descriptor (the only writer of this fifo) once registered.
rm -f /tmp/desk-agent.ready; mkfifo /tmp/desk-agent.ready
pkttyagent --process $$ --notify-fd 3 3>/tmp/desk-agent.ready &
timeout 120 cat /tmp/desk-agent.ready || { echo "pkttyagent did not register"; exit 1; }
exec glassboxctl run -d --name desk-agent busybox sleep 300
EOS
fifo=$(mktemp -u); mkfifo "$fifo"
( for _ in $(seq 1 150); do grep -q 'Password:' /tmp/desk-agent.tty 2>/dev/null && break; sleep 0.2; done
  echo 'admin-password-1'; sleep 5 ) > "$fifo" &
typer=$!
script --return --quiet --flush --command "bash /tmp/desk-agent.sh" /tmp/desk-agent.tty \
  < "$fifo" > /dev/null
status=$?
kill "$typer" 2>/dev/null
echo "the caller's terminal:"; tr -d '\r' < /tmp/desk-agent.tty | sed 's/^/  /'
[ "$status" -eq 0 ] || fail "run with the agent failed (exit $status)"
grep -q 'gbadmin' /tmp/desk-agent.tty || fail "the agent did not ask for the administrator"
# `ps` lists the running containers only.
if ! glassboxctl ps | grep -q desk-agent; then
  glassboxctl ps -a
  glassboxctl logs desk-agent
  fail "desk-agent is not running"
fi
echo "PASS: listed without a password, started after authentication as the administrator"
