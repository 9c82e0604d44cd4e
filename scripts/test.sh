#!/usr/bin/env bash
# Runs every test in the solution (Release) and ends with one plain line, "N passed, N failed",
# summed over all test assemblies. Exits non-zero when a test failed or dotnet test failed.
#
#   ./scripts/test.sh                                   # everything
#   ./scripts/test.sh --filter 'FullyQualifiedName~Envs' # extra arguments go to dotnet test
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# English summary lines whatever the machine's locale: the parser below reads them.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_CLI_UI_LANGUAGE=en

log=$(mktemp "${TMPDIR:-/tmp}/carla-drl-test.XXXXXX")
trap 'rm -f "$log"' EXIT

set +e
dotnet test CarlaDrl.slnx -c Release "$@" 2>&1 | tee "$log"
dotnet_rc=${PIPESTATUS[0]}
set -e

# dotnet test prints one summary per test assembly (and target framework), e.g.
#   Passed!  - Failed:     0, Passed:   112, Skipped:     0, Total:   112, Duration: 1 s - CarlaDrl.Envs.Tests.dll (net10.0)
#   Failed!  - Failed:     1, Passed:   111, Skipped:     0, Total:   112, Duration: 1 s - ...
read -r failed passed skipped assemblies < <(
  sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" |
    sed -nE 's/^[[:space:]]*[A-Za-z]+! +- +Failed: +([0-9]+), +Passed: +([0-9]+), +Skipped: +([0-9]+), +Total: +[0-9]+.*$/\1 \2 \3/p' |
    awk '{ f += $1; p += $2; s += $3; n++ } END { print f + 0, p + 0, s + 0, n + 0 }'
)

echo
if [ "$assemblies" -eq 0 ]; then
  # Nothing ran (a build error, or no test project): never let that read as green.
  echo "test.sh: dotnet test (exit $dotnet_rc) printed no test summary; counting the run as 1 failed."
  passed=0
  failed=1
elif [ "$dotnet_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # Some assemblies ran, but something else broke (a project did not build, a test host crashed).
  echo "test.sh: dotnet test exited with $dotnet_rc although no test failed (build error or aborted test run, see above); counting that as 1 failed."
  failed=1
fi
if [ "$skipped" -gt 0 ]; then
  echo "$skipped skipped"
fi
echo "$passed passed, $failed failed"

if [ "$dotnet_rc" -ne 0 ]; then
  exit "$dotnet_rc"
fi
if [ "$failed" -ne 0 ]; then
  exit 1
fi
