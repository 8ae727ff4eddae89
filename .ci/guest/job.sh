# job.sh: the guest stage inside the stock Debian 12 guest, as root in the autologin
# session on ttyS0 (user-0.slice/session-1.scope). SRC is set by .ci/guest.sh above.
set -uo pipefail
cd "$SRC"
echo "== guest: kernel $(uname -r), $(systemctl --version | head -n 1), /sys/fs/cgroup is" \
     "$(stat -fc %T /sys/fs/cgroup), this shell in $(sed -n 's/^0:://p' /proc/self/cgroup)"
results=()
check() {
  local name=$1 started status=0
  shift
  started=$(date +%s)
  echo "== guest: $name"
  "$@" || status=$?
  results+=("$name: $([ $status -eq 0 ] && echo passed || echo "FAILED (exit $status)") in $(( $(date +%s) - started )) s")
  return 0
}
# (a) the README's set-up command, as a user types it, on the tree the host built
check "set-up command (bash .ci/demo.sh)" bash .ci/demo.sh
# (b) every suite, from a delegated scope as a service with Delegate=yes would
check "every suite (build/ci)" systemd-run --scope --quiet --unit=glassbox-tests \
  --property=Delegate=yes -- bash .ci/guest/suites.sh build/ci
# (c) a desktop user: view without a password, start through a polkit agent
check "desktop user with polkit agent" bash .ci/guest/desktop-check.sh
echo "== guest results"
printf '  %s\n' "${results[@]}"
! printf '%s\n' "${results[@]}" | grep -q FAILED
