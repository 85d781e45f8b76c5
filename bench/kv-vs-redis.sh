#!/usr/bin/env bash
# ./workshop kv against a real redis-server on this machine, side by side, with redis-benchmark.
# Part 1: no log on either (ours without --appendonly, redis-server --save '' --appendonly no);
# ROUNDS alternated rounds of `redis-benchmark -t set,get -c 32 -n N -q`, then the medians.
# Part 2: each fsync policy on both (ours --appendonly P, redis-server --appendonly yes
# --appendfsync P): SET only, alternated rounds, medians; then a kill -9 of each server during a
# steady stream of SETs from one redis-cli (each reply counted), a restart from the same log, and
# what came back. Every server is started and stopped here, by PID.
# Needs redis-server and redis-benchmark (apt-get install redis-server).
# Usage: bench/kv-vs-redis.sh [rounds]   (env OURS=6380 REDIS=6399 N=200000 NSET=100000)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
OURS="${OURS:-6380}"
REDIS="${REDIS:-6399}"
N="${N:-200000}"
NSET="${NSET:-100000}"
for tool in redis-server redis-benchmark redis-cli; do
  command -v "$tool" >/dev/null || { echo "needs $tool: sudo apt-get install redis-server" >&2; exit 1; }
done
./workshop --version >/dev/null   # build first
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

wait_port() { until [ "$(redis-cli -p "$1" PING 2>/dev/null)" = PONG ]; do sleep 0.1; done; }   # PONG: listening and done loading
ours() { # ours <policy|none> <dir>
  local extra=()
  [ "$1" != none ] && extra=(--appendonly "$1" --dir "$2")
  ./workshop kv --port "$OURS" --http-port 0 --id kv-bench "${extra[@]}" >"$WORK/ours.log" 2>&1 &
  OURS_PID=$!; PIDS+=("$OURS_PID"); wait_port "$OURS"
}
redis() { # redis <policy|none> <dir>
  mkdir -p "$2"
  if [ "$1" = none ]; then
    redis-server --port "$REDIS" --save '' --appendonly no --dir "$2" >"$WORK/redis.log" 2>&1 &
  else
    redis-server --port "$REDIS" --save '' --appendonly yes --appendfsync "$1" --dir "$2" >"$WORK/redis.log" 2>&1 &
  fi
  REDIS_PID=$!; PIDS+=("$REDIS_PID"); wait_port "$REDIS"
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
rps() { # rps <port> <tests> <n>: "SET GET" rates
  redis-benchmark -p "$1" -t "$2" -c 32 -n "$3" -q 2>/dev/null | tr '\r' '\n' |
    awk '/requests per second/ {printf "%s ", $2}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
load() { cut -d' ' -f1 /proc/loadavg; }
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system CPU of a process, in ticks
TICK=$(getconf CLK_TCK)

echo "== part 1: no log, redis-benchmark -t set,get -c 32 -n $N -q, $ROUNDS rounds"
ours none "$WORK/o0"; redis none "$WORK/r0"
redis-benchmark -p "$OURS" -t set,get -c 32 -n 50000 -q >/dev/null 2>&1   # warm our JIT
OS=(); OG=(); RS=(); RG=(); OC=(); RC=()
for i in $(seq "$ROUNDS"); do
  c0=$(cpu "$OURS_PID")
  read -r s g <<<"$(rps "$OURS" set,get "$N")"; OS+=("$s"); OG+=("$g")
  c1=$(cpu "$OURS_PID"); r0=$(cpu "$REDIS_PID")
  read -r rs rg <<<"$(rps "$REDIS" set,get "$N")"; RS+=("$rs"); RG+=("$rg")
  r1=$(cpu "$REDIS_PID")
  # CPU microseconds per request (SET and GET together): the server's own cost, whatever the load
  oc=$(awk -v d=$((c1 - c0)) -v t="$TICK" -v n="$N" 'BEGIN {printf "%.1f", d / t * 1e6 / (2 * n)}')
  rc=$(awk -v d=$((r1 - r0)) -v t="$TICK" -v n="$N" 'BEGIN {printf "%.1f", d / t * 1e6 / (2 * n)}')
  OC+=("$oc"); RC+=("$rc")
  echo "round $i: ours SET $s GET $g ($oc us CPU a request); redis SET $rs GET $rg ($rc us); load $(load)"
done
stop "$OURS_PID"; stop "$REDIS_PID"
ms=$(printf '%s\n' "${OS[@]}" | median); mg=$(printf '%s\n' "${OG[@]}" | median)
rs=$(printf '%s\n' "${RS[@]}" | median); rg=$(printf '%s\n' "${RG[@]}" | median)
oc=$(printf '%s\n' "${OC[@]}" | median); rc=$(printf '%s\n' "${RC[@]}" | median)
echo "median CPU a request: ours $oc us, redis $rc us"
echo "median: ours SET $ms GET $mg; redis SET $rs GET $rg; SET ratio $(awk -v a="$ms" -v b="$rs" 'BEGIN {printf "%.2f", a/b}'), GET ratio $(awk -v a="$mg" -v b="$rg" 'BEGIN {printf "%.2f", a/b}')"

# A steady stream of SETs from one redis-cli, one at a time; kill -9 after 1 s; count the OKs.
crash() { # crash <port> <pid>: prints "acked"
  # timeout: after the kill, redis-cli would try to reconnect for every line left
  seq 1 1000000 | awk '{print "SET key:" $1 " " $1}' | timeout 2 redis-cli -p "$1" >"$WORK/acks" 2>/dev/null &
  local writer=$!
  sleep 1
  kill -9 "$2"; wait "$2" 2>/dev/null || true
  wait "$writer" 2>/dev/null || true
  grep -c '^OK$' "$WORK/acks" || true
}

echo "== part 2: each fsync policy, redis-benchmark -t set -c 32 -n $NSET -q, $ROUNDS rounds; then kill -9"
for policy in always everysec no; do
  ours "$policy" "$WORK/o-$policy"; redis "$policy" "$WORK/r-$policy"
  OW=(); RW=()
  for i in $(seq "$ROUNDS"); do
    o=$(rps "$OURS" set "$NSET"); r=$(rps "$REDIS" set "$NSET")
    OW+=("$o"); RW+=("$r")
    echo "$policy round $i: ours SET $o; redis SET $r; load $(load)"
  done
  om=$(printf '%s\n' "${OW[@]}" | median); rm_=$(printf '%s\n' "${RW[@]}" | median)
  echo "$policy median: ours SET $om; redis SET $rm_; ratio $(awk -v a="$om" -v b="$rm_" 'BEGIN {printf "%.2f", a/b}')"
  redis-cli -p "$OURS" INFO persistence | tr -d '\r' | grep -E "aof_fsyncs|aof_current_size" | tr '\n' ' '; echo
  redis-cli -p "$OURS" INFO stats | tr -d '\r' | grep -E "total_writes_applied"
  oa=$(crash "$OURS" "$OURS_PID"); ra=$(crash "$REDIS" "$REDIS_PID")
  ours "$policy" "$WORK/o-$policy"; redis "$policy" "$WORK/r-$policy"
  ohave=$(redis-cli -p "$OURS" EXISTS $(seq 1 "$oa" | sed 's/^/key:/') 2>/dev/null || echo 0)
  rhave=$(redis-cli -p "$REDIS" EXISTS $(seq 1 "$ra" | sed 's/^/key:/') 2>/dev/null || echo 0)
  echo "$policy kill -9: ours $oa acknowledged, $ohave of them back after restart, lost $((oa - ohave)); redis $ra acknowledged, $rhave back, lost $((ra - rhave))"
  grep -h "dropped\|replayed" "$WORK/ours.log" | tail -1
  stop "$OURS_PID"; stop "$REDIS_PID"
done
