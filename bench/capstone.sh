#!/usr/bin/env bash
# Module 23 benchmark: quorum writes and reads through the registry (N=3, W=2, R=2) with three
# nodes, then the same with one node killed. Needs wrk (apt-get install wrk). Uses ports
# 5950-5953 by default.
# Usage: bench/capstone.sh [seconds-per-run] [connections]   (env BASE=5950)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-10}"
CONNS="${2:-16}"
BASE="${BASE:-5950}"
REG="http://127.0.0.1:$BASE"
command -v wrk >/dev/null || { echo "needs wrk: sudo apt-get install wrk" >&2; exit 1; }
./workshop --version >/dev/null   # build first
WRITE_LUA="$(mktemp --suffix=.lua)"
READ_LUA="$(mktemp --suffix=.lua)"
# Writes cycle through 1,000 keys, so every key the reads ask for exists.
cat >"$WRITE_LUA" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"key":"k%d","value":"v%d"}', counter % 1000, counter)
  return wrk.format("POST", "/data", {["Content-Type"] = "application/json"}, body)
end
LUA
cat >"$READ_LUA" <<'LUA'
math.randomseed(1)
request = function()
  return wrk.format("GET", "/data/k" .. math.random(0, 999))
end
LUA
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -f "$WRITE_LUA" "$READ_LUA"
}
trap cleanup EXIT

alive() { curl -sf "$REG/cluster-status" | grep -o '"alive_count":[0-9]*' | cut -d: -f2; }
run() {
  echo "== $1, $CONNS connections, ${DUR}s"
  wrk -t1 -c"$CONNS" -d"${DUR}s" --latency -s "$2" "$REG" \
    | grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors"
}

./workshop registry --port "$BASE" --max-port "$((BASE + 9))" >/dev/null 2>&1 &
PIDS+=($!)
until curl -sf "$REG/health" >/dev/null; do sleep 0.05; done
for i in 1 2 3; do
  ./workshop resilient-node --port "$((BASE + i))" --id "node-$i" --registry "$REG" >/dev/null 2>&1 &
  PIDS+=($!)
done
until [ "$(alive)" = "3" ]; do sleep 0.1; done
echo "== registry and 3 nodes up; warming up (writes, then reads, 5 s each)"
wrk -t1 -c"$CONNS" -d5s -s "$WRITE_LUA" "$REG" >/dev/null
wrk -t1 -c"$CONNS" -d5s -s "$READ_LUA" "$REG" >/dev/null
run "quorum writes, 3 of 3 nodes alive" "$WRITE_LUA"
run "quorum reads, 3 of 3 nodes alive" "$READ_LUA"
curl -sf -X POST "$REG/kill/node-3" >/dev/null
echo "== killed node-3 through the registry (alive: $(alive))"
run "quorum writes, 2 of 3 nodes alive" "$WRITE_LUA"
run "quorum reads, 2 of 3 nodes alive" "$READ_LUA"
