#!/usr/bin/env bash
# The include rule (issue 29): the product never knows it is simulated, and plug-ins reach the
# harness only through its plug-in-facing headers.
#   - no file under harness/, probes/ or adapters/ includes sim/ (nor the old probes/sim/);
#   - no plug-in (probes/, adapters/) includes harness/run/ or harness/cli/.
# Prints each offending line and exits 1; run by ctest (include_rule) and CI.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
status=0
report() {  # $1: what the rule says, $2: grep's matches
  if [[ -n $2 ]]; then
    echo "include rule broken: $1" >&2
    echo "$2" >&2
    status=1
  fi
}
report "harness/, probes/ and adapters/ must not include the simulator (sim/)" \
  "$(grep -rnE '^\s*#\s*include\s*[<"](sim|probes/sim)/' harness probes adapters --include='*.cpp' --include='*.hpp' --include='*.h' || true)"
report "plug-ins (probes/, adapters/) must not include harness/run/ or harness/cli/" \
  "$(grep -rnE '^\s*#\s*include\s*[<"]harness/(run|cli)/' probes adapters --include='*.cpp' --include='*.hpp' --include='*.h' || true)"
report "simulators live under sim/, not probes/sim/" "$(find probes/sim -type f 2>/dev/null || true)"
exit $status
