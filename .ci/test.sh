#!/usr/bin/env bash
# The whole test suite, as the README's test command runs it: dependencies, a build with
# warnings as errors, a clang-format check, then every Qt Test suite through CTest.
# Privileged suites need root; run as root (CI does).
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-deps.sh

echo "== clang-format"
mapfile -t sources < <(git ls-files '*.cpp' '*.h')
clang-format --dry-run --Werror "${sources[@]}"

echo "== build (ci preset: warnings are errors)"
cmake --preset ci >/dev/null
cmake --build --preset ci

echo "== tests"
ctest --preset ci
