#!/usr/bin/env bash
# The whole test suite, as the README's test command runs it: dependencies, a clang-format
# check, a build with warnings as errors and every Qt Test suite through CTest, then the
# same suites again built with AddressSanitizer and UndefinedBehaviorSanitizer.
# Privileged suites need root; run as root (CI does).
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-deps.sh

echo "== clang-format"
mapfile -t sources < <(git ls-files '*.cpp' '*.h')
clang-format --dry-run --Werror "${sources[@]}"

echo "== desktop file and AppStream metadata"
desktop-file-validate resources/org.glassbox.Glassbox.desktop
appstreamcli validate --no-net resources/org.glassbox.Glassbox.metainfo.xml

echo "== build (ci preset: warnings are errors)"
cmake --preset ci >/dev/null
cmake --build --preset ci

echo "== test users"
# The real-services suites (tests/fixtures/system_bus.h) run clients as these users; the
# test polkit rules grant every org.glassbox.* action to the first and none to the second.
if [ "$(id -u)" -eq 0 ]; then
  for user in gbtest-allowed gbtest-denied; do
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
  done
fi

echo "== tests"
ctest --preset ci

echo "== build and tests with AddressSanitizer + UndefinedBehaviorSanitizer"
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan
ctest --preset asan-ubsan
