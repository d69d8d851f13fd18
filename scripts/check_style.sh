#!/usr/bin/env bash
# The style CI enforces (ctest entry `style`): every C++ file laid out by .clang-format, and no
# comma operator as a statement separator. Fix the layout with: scripts/check_style.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
command -v git >/dev/null && [ -e .git ] || { echo "SKIP: not a git checkout"; exit 77; }
command -v clang-format >/dev/null || { echo "SKIP: clang-format is needed (scripts/deps.sh --with-test-tools)"; exit 77; }
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
status=0
if ! clang-format --dry-run --Werror "${files[@]}" 2> /tmp/wattbench-style.$$; then
  grep -E '^[^ ].*: (error|warning):' /tmp/wattbench-style.$$ | cut -d: -f1 | sort -u | sed 's/$/: not as .clang-format lays it out (scripts\/check_style.sh --fix)/'
  status=1
fi
rm -f /tmp/wattbench-style.$$
python3 scripts/comma_statements.py "${files[@]}" || status=1
exit $status
