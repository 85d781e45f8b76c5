#!/usr/bin/env bash
# ./workshop bench against wrk (and ab), side by side against one node with no load factor.
# Starts a node on PORT, warms it with wrk, then alternates wrk and bench RUNS times on keep-alive
# connections (10), then again with a connection per request (wrk -H "Connection: close", bench
# without -k); prints each run and the medians. Needs wrk (apt-get install wrk). Not ab: it sends
# HTTP/1.0, which workshop servers answer with 505, so its numbers would be of refusals.
# Usage: bench/bench-vs-wrk.sh [runs]   (env PORT=5911, N=50000 requests per bench run)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
PORT="${PORT:-5911}"
N="${N:-50000}"
URL="http://127.0.0.1:$PORT/"
command -v wrk >/dev/null || { echo "needs wrk: sudo apt-get install wrk" >&2; exit 1; }
./workshop --version >/dev/null   # build first
NODE=""
cleanup() { [ -n "$NODE" ] && kill "$NODE" 2>/dev/null; true; }
trap cleanup EXIT
./workshop node --port "$PORT" --id 1 >/dev/null 2>&1 &
NODE=$!
until curl -sf "$URL" >/dev/null; do sleep 0.05; done
wrk -t1 -c10 -d5s "$URL" >/dev/null   # warm the node's JIT, so both tools meet the same node

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
WRK=(); BENCH=(); WRKC=(); BENCHC=()
for i in $(seq "$RUNS"); do
  w=$(wrk -t1 -c10 -d5s "$URL" | awk '/Requests\/sec/ {print $2}')
  b=$(./workshop bench -n "$N" -c 10 -k "$URL" | awk '/Requests per second/ {print $4}')
  echo "run $i: wrk -t1 -c10 -d5s: $w req/s; bench -n $N -c 10 -k: $b req/s; load $(cut -d' ' -f1 /proc/loadavg)"
  WRK+=("$w"); BENCH+=("$b")
done
for i in $(seq "$RUNS"); do
  a=$(wrk -t1 -c10 -d5s -H "Connection: close" "$URL" | awk '/Requests\/sec/ {print $2}')
  c=$(./workshop bench -n 5000 -c 10 "$URL" | awk '/Requests per second/ {print $4}')
  echo "run $i, a connection per request: wrk -H 'Connection: close': $a req/s; bench -n 5000 -c 10: $c req/s; load $(cut -d' ' -f1 /proc/loadavg)"
  WRKC+=("$a"); BENCHC+=("$c")
done
mw=$(printf '%s\n' "${WRK[@]}" | median); mb=$(printf '%s\n' "${BENCH[@]}" | median)
echo "median: wrk $mw req/s, bench -k $mb req/s, ratio $(awk -v b="$mb" -v w="$mw" 'BEGIN {printf "%.2f", b/w}')"
ma=$(printf '%s\n' "${WRKC[@]}" | median); mc=$(printf '%s\n' "${BENCHC[@]}" | median)
echo "median, a connection per request: wrk $ma req/s, bench $mc req/s, ratio $(awk -v b="$mc" -v a="$ma" 'BEGIN {printf "%.2f", b/a}')"
