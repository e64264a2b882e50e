# shellcheck shell=bash
# Sums the VSTest TRX result files of a test run. Sourced by scripts/test.sh;
# it sets no shell options so it can be sourced into any shell.

# trx_totals DIR: prints "N passed, N failed" over every *.trx under DIR.
# failed counts failed + error + timeout + aborted + disconnected tests; a TRX
# whose run did not complete (e.g. test host crash) but shows no failed test
# counts as 1 failed, so a crash can never read as green.
trx_totals() (
  set -euo pipefail
  local dir=$1 passed=0 failed=0 file counters outcome n f attr
  while IFS= read -r -d '' file; do
    # Attributes sit on one line in practice; join lines to be safe anyway.
    counters=$(tr '\n\r' '  ' <"$file" | grep -o '<Counters [^>]*>' | head -n1 || true)
    outcome=$(tr '\n\r' '  ' <"$file" | grep -o '<ResultSummary [^>]*>' | head -n1 |
      sed -n 's/.* outcome="\([^"]*\)".*/\1/p' || true)
    n=$(_trx_attr "$counters" passed)
    f=0
    for attr in failed error timeout aborted disconnected; do
      f=$((f + $(_trx_attr "$counters" "$attr")))
    done
    if [[ -z $counters ]] || { ((f == 0)) && [[ -n $outcome && $outcome != Completed && $outcome != Passed ]]; }; then
      f=$((f > 0 ? f : 1))
    fi
    passed=$((passed + n))
    failed=$((failed + f))
  done < <(find "$dir" -type f -name '*.trx' -print0 2>/dev/null)
  echo "$passed passed, $failed failed"
)

# _trx_attr "<Counters ...>" NAME: the numeric attribute NAME, 0 when absent.
# The leading space keeps "passed" from matching "passedButRunAborted".
_trx_attr() {
  local v
  v=$(sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p" <<<"$1")
  echo "${v:-0}"
}
