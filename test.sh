#!/usr/bin/env bash
# Builds and runs every test project, then prints one closing line "N passed, N failed, N skipped" and exits
# with dotnet test's status (a crashed test host can print "Passed!" before "Test Run Aborted", so the
# status, not the summary, decides).
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Inrr.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary line per test assembly: "Passed!  - Failed: 0, Passed: 3, Skipped: 1, Total: 4, ..."
read -r passed failed skipped < <(
  grep -E '^(Passed|Failed)!.*Total:' "$log" | sed -E 's/.*Failed: *([0-9]+), *Passed: *([0-9]+), *Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p += $1; f += $2; s += $3} END {print p + 0, f + 0, s + 0}')
if grep -q "Test Run Aborted" "$log" && [ "$status" -eq 0 ]; then status=1; fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # build error or crashed host: never report green
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
