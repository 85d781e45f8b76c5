#!/usr/bin/env bash
# Module 01 benchmark: throughput and latency of one node (wrk), start-up time, memory, and the
# workshop client's own ceiling. Needs wrk (apt-get install wrk). Uses port 5901 by default.
# Usage: bench/node.sh [seconds-per-run]   (env PORT=5901)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-8}"
PORT="${PORT:-5901}"
URL="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "needs wrk: sudo apt-get install wrk" >&2; exit 1; }
./workshop --version >/dev/null   # build first, so start-up is not a build
POST_LUA="$(mktemp --suffix=.lua)"
printf 'wrk.method="POST"\nwrk.body=[[{"key":"k","value":"v"}]]\nwrk.headers["Content-Type"]="application/json"\n' >"$POST_LUA"
NODE=""
cleanup() { [ -n "$NODE" ] && kill "$NODE" 2>/dev/null; rm -f "$POST_LUA"; }
trap cleanup EXIT

rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }
start_node() {
  local t0 t1
  t0=$(date +%s%N)
  ./workshop node --port "$PORT" --id 1 >/dev/null 2>&1 &
  NODE=$!
  until curl -sf "$URL/health" >/dev/null; do sleep 0.01; done
  t1=$(date +%s%N)
  STARTUP_MS=$(( (t1 - t0) / 1000000 ))
}
stop_node() { kill "$NODE"; wait "$NODE" 2>/dev/null || true; NODE=""; }

echo "== start-up (exec of ./workshop until the first /health answer), 5 runs"
for i in 1 2 3 4 5; do start_node; printf '%s ms\n' "$STARTUP_MS"; stop_node; done

start_node
sleep 1
echo "== idle RSS: $(rss "$NODE") MiB"
wrk -t1 -c32 -d3s "$URL/health" >/dev/null   # warm-up: let the JIT compile the hot path
wrk -t1 -c32 -d3s -s "$POST_LUA" "$URL/data" >/dev/null
for c in 32 64; do
  echo "== GET /health, $c connections"
  wrk -t1 -c"$c" -d"${DUR}s" --latency "$URL/health" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors"
  echo "== POST /data, $c connections"
  wrk -t1 -c"$c" -d"${DUR}s" --latency -s "$POST_LUA" "$URL/data" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors"
done
echo "== one minute of full load (POST /data, 64 connections)"
wrk -t1 -c64 -d60s -s "$POST_LUA" "$URL/data" | grep -E "Requests/sec"
echo "== RSS after a minute of load: $(rss "$NODE") MiB"
echo "== the workshop client alone (32 concurrent, ${DUR}s), twice"
./workshop client --target "$URL" --concurrent 32 --duration "${DUR}s" | grep -E "^Summary"
./workshop client --target "$URL" --concurrent 32 --duration "${DUR}s" | grep -E "^Summary"
