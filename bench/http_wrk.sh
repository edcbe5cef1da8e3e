#!/usr/bin/env bash
# wrk on loopback against a fresh `caravan serve`: POST /v1/route over the hub pairs of
# bench/http_hub_pairs.csv at 8 and 64 connections, GET /v1/health at 64, then the same route work
# in process (http_route_inprocess_bench) for the HTTP/in-process ratio. Prints one line per load:
# requests/s, p50, p99 and the server's CPU time per request (robust when the machine is shared).
#   bench/http_wrk.sh [BUILD_DIR] [SECONDS] [extra `caravan serve` options…]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
seconds=${2:-8}
shift $(( $# > 2 ? 2 : $# ))
command -v wrk >/dev/null || { echo "http_wrk: wrk is not installed (scripts/install-deps)" >&2; exit 2; }

log=$(mktemp)
"$build/caravan" serve --port 0 "$@" 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
port=
for _ in $(seq 200); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { cat "$log" >&2; echo "http_wrk: the server did not start" >&2; exit 1; }
grep "listening on" "$log"
url=http://127.0.0.1:$port
tick=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }

run() {  # label connections path-or-script
  local label=$1 connections=$2 target=$3 out before after
  # Warm up every connection (and every planner) before measuring.
  if [[ $target == *.lua ]]; then
    wrk -t2 -c"$connections" -d1s -s "$target" "$url" >/dev/null
    before=$(cpu_ticks)
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$target" "$url")
  else
    wrk -t2 -c"$connections" -d1s "$url$target" >/dev/null
    before=$(cpu_ticks)
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$url$target")
  fi
  after=$(cpu_ticks)
  local rps p50 p99 requests errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  errors=$(grep -E "Socket errors|Non-2xx" <<<"$out" | tr '\n' ' ' || true)
  printf '%-34s %6d conns  %10.0f req/s  p50 %9s  p99 %9s  server CPU %6.1f us/req %s\n' "$label" "$connections" "$rps" \
    "$p50" "$p99" "$(awk -v t=$((after - before)) -v n="$requests" -v hz="$tick" 'BEGIN {print 1e6 * t / hz / n}')" "$errors"
}

run "POST /v1/route (hub pairs)" 8 "$here/http_route.lua"
run "POST /v1/route (hub pairs)" 64 "$here/http_route.lua"
run "GET /v1/health" 64 /v1/health
if [ -x "$build/http_route_inprocess_bench" ]; then
  "$build/http_route_inprocess_bench" "$seconds"
fi
