#!/usr/bin/env bash
# test-summary.sh BUILD_DIR [--except SUITE[,SUITE...]]: after `ctest`, checks that every suite of tests/suites.txt was
# built and ran (and no unlisted one), reads each suite's Qt Test log in
# BUILD_DIR/test-results/, names every skip with its reason, and prints one line a person
# can read: suites run, test functions passed, failed and skipped.
# Exit status: 1 when a suite is missing, unlisted, crashed or failed, or when anything was
# skipped and CI=true or GLASSBOX_STRICT=1 (CI allows no skips); otherwise 0 (skips are then
# reported, loudly).
set -euo pipefail
build=${1:?usage: test-summary.sh BUILD_DIR [--except SUITE[,SUITE...]]}
except=
if [ "${2:-}" = --except ]; then except=${3:?--except needs a suite}; fi
# The suites a stage leaves out by its own choice, one per line (none: a line no suite has).
excluded=$(tr ',' '\n' <<<"${except:-/}")
cd "$(dirname "$0")/.."

mapfile -t expected < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' tests/suites.txt |
                        { grep -vxF "$excluded" || true; })
mapfile -t registered < <(ctest --test-dir "$build" -N | sed -n 's/^ *Test *#[0-9]*: *//p')

problems=()
for suite in "${registered[@]}"; do
  grep -qxF "$suite" <<<"$excluded" && continue
  printf '%s\n' "${expected[@]}" | grep -qxF "$suite" ||
    problems+=("$suite ran but is not listed in tests/suites.txt")
done

suites_run=0 suites_skipped=0 passed=0 failed=0 skipped=0
skips=()
for suite in "${expected[@]}"; do
  if ! printf '%s\n' "${registered[@]}" | grep -qxF "$suite"; then
    problems+=("$suite is not part of this build (a dependency missing, or the GUI turned off?)")
    continue
  fi
  log=$build/test-results/$suite.txt
  if [ ! -s "$log" ]; then
    problems+=("$suite did not run (no $log)")
    continue
  fi
  totals=$(grep -E '^Totals: ' "$log" | tail -n 1 || true)
  if [ -z "$totals" ]; then
    problems+=("$suite ended without its totals (crashed or killed; see the ctest output)")
    continue
  fi
  read -r p f s < <(sed -E 's/^Totals: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/' <<<"$totals")
  suites_run=$((suites_run + 1))
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  [ "$f" -eq 0 ] || problems+=("$suite: $f test function(s) failed")
  if grep -qE '^SKIP   : [A-Za-z0-9_]+::initTestCase\(\)' "$log"; then
    suites_skipped=$((suites_skipped + 1))
  fi
  while IFS= read -r line; do
    skips+=("$suite: ${line#SKIP   : }")
  done < <(grep -E '^SKIP   : ' "$log" || true)
  # A skip's reason is on the line after "SKIP : name()" only when it is long; Qt prints
  # "SKIP   : Class::function() reason" otherwise.
done

echo "== summary ($build)"
if [ ${#skips[@]} -gt 0 ]; then
  echo "skipped (each with its reason):"
  printf '  %s\n' "${skips[@]}"
fi
if [ ${#problems[@]} -gt 0 ]; then
  echo "FAILED:"
  printf '  %s\n' "${problems[@]}"
fi
[ -z "$except" ] || echo "not run in this stage, by its choice: $except"
echo "Suites: ${suites_run} of ${#expected[@]} ran, ${suites_skipped} skipped whole"
echo "Test functions: ${passed} passed, ${failed} failed, ${skipped} skipped"

if [ ${#problems[@]} -gt 0 ]; then
  exit 1
fi
if [ "$skipped" -gt 0 ]; then
  if [ "${CI:-}" = true ] || [ "${GLASSBOX_STRICT:-}" = 1 ]; then
    echo "no skips allowed (CI=true or GLASSBOX_STRICT=1): ${skipped} test function(s) skipped" >&2
    exit 1
  fi
  echo "WARNING: ${skipped} test function(s) skipped: this run does not prove them" >&2
fi
