#!/usr/bin/env bash
# Throughput through nginx of scripts/deploy-local with two replicas, then with one (replica b
# stopped): wrk POST /v1/route over the hub pairs (bench/http_route.lua) at 16 and 64 connections.
# Prints requests/s, p50, p99 and the load average (what else shared the cores), then takes the
# deployment down again.
#   bench/deploy_wrk.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
seconds=${2:-8}
command -v wrk >/dev/null || { echo "deploy_wrk: wrk is not installed (scripts/install-deps)" >&2; exit 2; }
deploy="$here/../scripts/deploy-local"

"$deploy" up --build "$build" >/dev/null
trap '"$deploy" down --build "$build" >/dev/null' EXIT
base=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["base"])' "$build/deploy-local/state.json")
url=http://127.0.0.1:$((base + 3))
echo "deploy-local: nginx $url, replicas on $((base + 1)) and $((base + 2)); $(nproc) cores"

run() {  # label connections
  local out
  wrk -t2 -c"$2" -d1s -s "$here/http_route.lua" "$url" >/dev/null  # warm every connection and planner
  out=$(wrk -t2 -c"$2" -d"${seconds}s" --latency -s "$here/http_route.lua" "$url")
  printf '%-26s %3d conns  %8.0f req/s  p50 %9s  p99 %9s  load average %s %s\n' "$1" "$2" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1 == "50%" {print $2}' <<<"$out")" \
    "$(awk '$1 == "99%" {print $2}' <<<"$out")" "$(cut -d' ' -f1 /proc/loadavg)" \
    "$(grep -E "Socket errors|Non-2xx" <<<"$out" | tr '\n' ' ' || true)"
}

run "nginx, 2 replicas" 16
run "nginx, 2 replicas" 64
"$deploy" stop b --build "$build" >/dev/null
run "nginx, 1 replica" 16
run "nginx, 1 replica" 64
