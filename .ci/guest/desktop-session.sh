#!/usr/bin/env bash
# desktop-session.sh: run by desktop-check.sh as the desktop's user, in a console login.
set -uo pipefail
fail() { echo "FAIL: $*"; exit 1; }
session=$(loginctl show-session "$XDG_SESSION_ID" -p Seat -p Active -p Remote --value | tr '\n' ' ')
echo "session $XDG_SESSION_ID of $(id -un): seat, active, remote = $session"
[ "$session" = "seat0 yes no " ] || fail "not an active local session: $session"

echo "-- glassboxctl ps, no agent: view is allowed to the active session without a password"
glassboxctl ps || fail "listing containers was refused"

echo "-- glassboxctl run without an agent: refused, nothing started"
if glassboxctl run -d --name desk-agent busybox sleep 300 2>/tmp/desk-noagent.err; then
  fail "a container was started without authentication"
fi
cat /tmp/desk-noagent.err
glassboxctl ps -a | grep -q desk-agent && fail "the refused run left a container"

echo "-- glassboxctl run with pkttyagent answering the administrator's password"
# pkttyagent registers for this session and asks on its terminal: a pseudo-terminal from
# script(1), into which the password is typed once the prompt is there.
fifo=$(mktemp -u); mkfifo "$fifo"
script -qfc "pkttyagent --notify-fd 3 3>/tmp/desk-agent.ready" /tmp/desk-agent.tty < "$fifo" &
agent=$!
exec 4>"$fifo"
for _ in $(seq 1 50); do [ -s /tmp/desk-agent.ready ] && break; sleep 0.2; done
( for _ in $(seq 1 100); do grep -q 'Password:' /tmp/desk-agent.tty 2>/dev/null && break; sleep 0.2; done
  echo 'admin-password-1' >&4 ) &
typer=$!
glassboxctl run -d --name desk-agent busybox sleep 300 || { cat /tmp/desk-agent.tty; fail "run with the agent failed"; }
wait "$typer" 2>/dev/null
exec 4>&-
kill "$agent" 2>/dev/null
echo "agent's terminal:"; sed 's/^/  /' /tmp/desk-agent.tty
grep -q 'gbadmin' /tmp/desk-agent.tty || fail "the agent did not ask for the administrator"
glassboxctl ps | grep desk-agent | grep -qi running || fail "desk-agent is not running"
echo "PASS: listed without a password, started after authentication as the administrator"
