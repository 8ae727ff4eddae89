#!/usr/bin/env bash
# suites.sh BUILD_DIR: inside the guest, in a delegated systemd scope (glassbox-tests.scope,
# Delegate=yes): moves itself into the leaf <scope>/runner so that the scope holds no
# processes and may hand controllers down, then runs every suite of the host-built tree with
# the test containers' cgroups under <scope>/containers (GLASSBOX_TEST_CGROUP_PARENT).
set -euo pipefail
build=${1:?usage: suites.sh BUILD_DIR}
cd "$(dirname "$0")/../.."
scope=$(sed -n 's/^0:://p' /proc/self/cgroup)
mkdir -p "/sys/fs/cgroup$scope/runner"
echo $$ > "/sys/fs/cgroup$scope/runner/cgroup.procs"
export GLASSBOX_TEST_CGROUP_PARENT=$scope/containers
# As CI=true on the host: a skipped test fails the stage.
export GLASSBOX_STRICT=1
# The guest is emulated (TCG), several times slower than the host: suites that wait for a
# window or a tray scale their timeouts by this.
export GLASSBOX_TEST_TIME_SCALE=4
echo "suites in $scope/runner, containers under $GLASSBOX_TEST_CGROUP_PARENT"
for user in gbtest-allowed gbtest-denied; do
  id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
done
rm -f "$build"/test-results/*.txt
status=0
ctest --test-dir "$build" --output-on-failure || status=1
bash .ci/test-summary.sh "$build" || status=1
exit $status
