#!/usr/bin/env bash
# caravan sweep over Open MPI: `mpirun -np 2` on loopback (TCP over lo) writes the same CSV as one
# process, row for row, for three scenarios x two weekly departures x the hub pairs plus one
# assignment run per scenario and departure.
# Usage: sweep_mpi_test.sh CARAVAN WORK_DIR [MPIRUN]
set -euo pipefail
caravan=$1 work=$2 mpirun=${3:-mpirun}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"

grid=(--scenarios baseline,cku-open,red-sea-closed --hubs --depart 2027-01-04T08:00Z --departures 2 --every-hours 168
      --demand "$here/../../examples/demand.csv" --method msa --iterations 5)

"$caravan" sweep "${grid[@]}" --threads 2 --output "$work/one.csv"

# Open MPI refuses to start as root without --allow-run-as-root, and a container may count fewer
# slots than processes (--oversubscribe). The byte transport is TCP on loopback only.
flags=(-np 2 --oversubscribe --mca btl self,tcp --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo)
[ "$(id -u)" -eq 0 ] && flags+=(--allow-run-as-root)
"$mpirun" "${flags[@]}" "$caravan" sweep "${grid[@]}" --output "$work/two.csv" 2> "$work/two.err" || {
  cat "$work/two.err" >&2; exit 1; }
cat "$work/two.err" >&2
grep -q " 2 processes x 1 thread" "$work/two.err" || { echo "FAIL: the MPI run did not report 2 processes" >&2; exit 1; }

rows=$(wc -l < "$work/one.csv")
# header + 3 scenarios x 2 departures x (hub pairs) route rows + 3 x 2 x (demand rows) assign rows
route_rows=$(grep -c '^route,' "$work/one.csv")
assign_rows=$(grep -c '^assign,' "$work/one.csv")
demand_rows=$(($(grep -cv '^[[:space:]]*$' "$here/../../examples/demand.csv") - 1))
[ "$assign_rows" -eq $((6 * demand_rows)) ] || { echo "FAIL: $assign_rows assign rows, expected $((6 * demand_rows))" >&2; exit 1; }
[ $((route_rows % 6)) -eq 0 ] && [ "$route_rows" -gt 0 ] || { echo "FAIL: $route_rows route rows" >&2; exit 1; }
[ "$rows" -eq $((1 + route_rows + assign_rows)) ] || { echo "FAIL: $rows lines" >&2; exit 1; }
if ! diff "$work/one.csv" "$work/two.csv" > "$work/diff.txt"; then
  echo "FAIL: the MPI result differs from the single-process one:" >&2
  head -20 "$work/diff.txt" >&2
  exit 1
fi
# Bad input: exit 2 and a one-line reason naming the flag.
expect_refusal() {
  local want=$1; shift
  local rc=0
  "$caravan" sweep "$@" > "$work/bad.out" 2> "$work/bad.err" || rc=$?
  [ "$rc" -eq 2 ] || { echo "FAIL: sweep $* exited $rc, expected 2" >&2; exit 1; }
  grep -qF "$want" "$work/bad.err" || { echo "FAIL: sweep $*: '$(cat "$work/bad.err")' does not say '$want'" >&2; exit 1; }
}
expect_refusal "caravan: --departures: not within 1..1000" --departures 0
expect_refusal "caravan: --scenarios: no-such-scenario" --scenarios baseline,no-such-scenario
expect_refusal "caravan: --scenarios: 'baseline' is named twice" --scenarios baseline,baseline
expect_refusal "caravan: --every-hours: not within (0, 8784]" --every-hours 0

echo "PASS: $route_rows route rows and $assign_rows assign rows, identical with 1 and 2 processes"
