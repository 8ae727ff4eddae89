#!/usr/bin/env bash
# The whole test suite, as the README's test command runs it: dependencies, a clang-format
# check, the desktop metadata validators, then stages:
#   ci          build with warnings as errors, every Qt Test suite through CTest
#   asan-ubsan  the same suites built with AddressSanitizer and UndefinedBehaviorSanitizer
#   guest       a stock Debian 12 booted under QEMU (kernel 6.1, systemd, pure cgroup v2):
#               the set-up command, every suite, a desktop user with a polkit agent
#               (.ci/guest.sh)
# After each stage .ci/test-summary.sh checks that every suite of tests/suites.txt ran and
# prints the suites and test functions passed, failed and skipped; with CI=true a skip fails.
# GLASSBOX_STAGES="ci asan-ubsan" picks stages (default: all of them; CI=true needs all).
# Privileged suites need root; run as root (CI does).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

all_stages="ci asan-ubsan guest"
stages=${GLASSBOX_STAGES:-$all_stages}
if [ "${CI:-}" = true ] && [ "$stages" != "$all_stages" ]; then
  echo "test.sh: CI=true runs every stage ($all_stages), not: $stages" >&2
  exit 2
fi

bash .ci/install-deps.sh --with-guest

echo "== clang-format"
mapfile -t sources < <(git ls-files '*.cpp' '*.h')
clang-format --dry-run --Werror "${sources[@]}"

echo "== desktop file and AppStream metadata"
desktop-file-validate resources/org.glassbox.Glassbox.desktop
appstreamcli validate --no-net resources/org.glassbox.Glassbox.metainfo.xml

echo "== test users"
# The real-services suites (tests/fixtures/system_bus.h) run clients as these users; the
# test polkit rules grant every org.glassbox.* action to the first, none to the second, view
# and manage to the third, and view alone to the fourth.
if [ "$(id -u)" -eq 0 ]; then
  for user in gbtest-allowed gbtest-denied gbtest-manager gbtest-viewer; do
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
  done
fi

# run_stage PRESET: configure, build, run every suite, summarize. Returns non-zero on any
# failure but lets the caller go on to report the other stages.
results=()
run_stage() {
  local preset=$1 build=build/$1 status=0
  echo "== stage $preset: build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "== stage $preset: tests"
  rm -f "$build"/test-results/*.txt
  ctest --preset "$preset" || status=1
  local summary
  summary=$(bash .ci/test-summary.sh "$build" 2>&1) || status=1
  echo "$summary"
  results+=("$preset: $(grep -E '^Suites: ' <<<"$summary" | sed 's/^Suites: //'); $(grep -E '^Test functions: ' <<<"$summary" | sed 's/^Test functions: //')$([ $status -eq 0 ] || echo ' -- FAILED')")
  totals+=("$(grep -E '^Test functions: ' <<<"$summary" | sed -E 's/^Test functions: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/')")
  return $status
}

# The guest stage: its suites' summary comes from inside the guest.
run_guest() {
  local log status=0
  log=$(mktemp)
  bash .ci/guest.sh 2>&1 | tee "$log" || status=1
  local summary
  summary=$(grep -E '^(Suites|Test functions): ' "$log" | tail -n 2)
  results+=("guest: $(grep -E '^Suites: ' <<<"$summary" | sed 's/^Suites: //'); $(grep -E '^Test functions: ' <<<"$summary" | sed 's/^Test functions: //')$([ $status -eq 0 ] || echo ' -- FAILED')")
  totals+=("$(grep -E '^Test functions: ' <<<"$summary" | sed -E 's/^Test functions: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/')")
  rm -f "$log"
  return $status
}

failed=0
totals=()
for stage in $stages; do
  case "$stage" in
    ci | asan-ubsan) run_stage "$stage" || failed=1 ;;
    guest) run_guest || failed=1 ;;
    *) echo "test.sh: unknown stage $stage" >&2; exit 2 ;;
  esac
done

echo "== stages ($(( $(date +%s) - started )) s)"
printf '  %s\n' "${results[@]}"
sum_p=0 sum_f=0 sum_s=0
for t in "${totals[@]}"; do
  read -r p f s <<<"$t"
  sum_p=$((sum_p + ${p:-0})) sum_f=$((sum_f + ${f:-0})) sum_s=$((sum_s + ${s:-0}))
done
echo "Total: ${sum_p} passed, ${sum_f} failed, ${sum_s} skipped"
exit "$failed"
