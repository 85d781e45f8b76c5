#!/usr/bin/env bash
# ./workshop bench against wrk, side by side against one node with no load factor.
# Starts a node on PORT, warms it with wrk, then alternates, RUNS times:
#   wrk -t1 -c10 -d10s URL            and  ./workshop bench -k -c 10 -n N URL   (keep-alive)
#   wrk -t1 -c10 -d10s -H "Connection: close" URL  and  ./workshop bench -c 10 -n NC URL
#     (a connection per request, as ab without -k; wrk reconnects after each answer)
# and with MODES="keep close client" also module 01's client against wrk, POST /data:
#   wrk -t1 -c32 -d10s -s post.lua URL/data  and  ./workshop client --concurrent 32 --duration 10s
# With BEFORE=<another tree> it runs that tree's ./workshop bench in each round too, so the
# before and after see the same machine. Each bench is a fresh JVM, as a student runs it.
# CPU per request is each process's user + system time over the requests it counted (GNU time);
# the node's is read from /proc/<pid>/stat around each run. Prints every run and the medians.
# Not ab: its -c 10 runs ten connections from one process as wrk does, but it reports no CPU;
# ab against the same node is in docs/PERFORMANCE.md.
# Needs wrk (apt-get install wrk) and /usr/bin/time.
# Usage: bench/bench-vs-wrk.sh [runs]   (env PORT=5911, N=200000, NC=40000, BEFORE=dir, and
# LOG=file to keep every tool's full output)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
PORT="${PORT:-5911}"
N="${N:-200000}"
NC="${NC:-40000}"
BEFORE="${BEFORE:-}"
MODES="${MODES:-keep close}"
URL="http://127.0.0.1:$PORT/"
command -v wrk >/dev/null || { echo "needs wrk: sudo apt-get install wrk" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time: sudo apt-get install time" >&2; exit 1; }
./workshop --version >/dev/null   # build first
[ -z "$BEFORE" ] || "$BEFORE/workshop" --version >/dev/null
NODE=""
cleanup() { [ -n "$NODE" ] && kill "$NODE" 2>/dev/null; true; }
trap cleanup EXIT
./workshop node --port "$PORT" --id 1 >/dev/null 2>&1 &
NODE=$!
until curl -sf "$URL" >/dev/null; do sleep 0.05; done
wrk -t1 -c10 -d5s "$URL" >/dev/null   # warm the node's JIT, so every tool meets the same node
POST_LUA="$(mktemp --suffix=.lua)"
printf 'wrk.method="POST"\nwrk.body=[[{"key":"test","value":"123"}]]\nwrk.headers["Content-Type"]="application/json"\n' >"$POST_LUA"
case " $MODES " in *" client "*) wrk -t1 -c32 -d5s -s "$POST_LUA" "${URL}data" >/dev/null ;; esac

ticks() { awk '{print $14 + $15}' "/proc/$NODE/stat"; }
HZ=$(getconf CLK_TCK)
OUT=$(mktemp)
# run LABEL CMD...: prints "req/s client-us node-us" for one run of CMD
run() {
  local label="$1"; shift
  local t0 t1 rate count cpu
  t0=$(ticks)
  /usr/bin/time -f "cpu %U %S" "$@" >"$OUT" 2>&1
  t1=$(ticks)
  { echo "== $*"; cat "$OUT"; } >>"${LOG:-/dev/null}"
  if [ "$label" = client ]; then
    rate=$(sed -n 's/^Summary: .*(\([0-9,.]*\) req\/s)$/\1/p' "$OUT" | tr -d ,)
    count=$(awk '/^Summary:/ {gsub(",", "", $2); print $2}' "$OUT")
  elif [ "$label" = wrk ]; then
    rate=$(awk '/Requests\/sec/ {print $2}' "$OUT")
    count=$(awk '/requests in/ {print $1}' "$OUT")
  else
    rate=$(awk '/Requests per second/ {print $4}' "$OUT")
    count=$(awk '/Complete requests/ {print $3}' "$OUT")
    grep -q "^Failed requests: *0$" "$OUT" || grep "Failed requests" "$OUT" >&2
  fi
  cpu=$(awk '/^cpu / {print $2 + $3}' "$OUT")
  awk -v r="$rate" -v n="$count" -v c="$cpu" -v t=$((t1 - t0)) -v hz="$HZ" \
    'BEGIN {printf "%s %.1f %.1f\n", r, c * 1e6 / n, t / hz * 1e6 / n}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A R
for mode in $MODES; do
  for i in $(seq "$RUNS"); do
    if [ $mode = keep ]; then
      w=$(run wrk wrk -t1 -c10 -d10s "$URL")
      a=$(run bench ./workshop bench -k -c 10 -n "$N" "$URL")
      [ -z "$BEFORE" ] || b=$(run bench "$BEFORE/workshop" bench -k -c 10 -n "$N" "$URL")
    elif [ $mode = client ]; then
      w=$(run wrk wrk -t1 -c32 -d10s -s "$POST_LUA" "${URL}data")
      a=$(run client ./workshop client --target "${URL%/}" --concurrent 32 --duration 10s)
      [ -z "$BEFORE" ] || b=$(run client "$BEFORE/workshop" client --target "${URL%/}" --concurrent 32 --duration 10s)
    else
      w=$(run wrk wrk -t1 -c10 -d10s -H "Connection: close" "$URL")
      a=$(run bench ./workshop bench -c 10 -n "$NC" "$URL")
      [ -z "$BEFORE" ] || b=$(run bench "$BEFORE/workshop" bench -c 10 -n "$NC" "$URL")
    fi
    line="$mode run $i: wrk $w"
    line+=" | bench $a"
    [ -z "$BEFORE" ] || line+=" | before $b"
    echo "$line | load $(cut -d' ' -f1 /proc/loadavg)   (req/s, client us/req, node us/req)"
    R[$mode,wrk]+="${w%% *} "; R[$mode,bench]+="${a%% *} "
    R[$mode,ratio]+="$(awk -v a="${a%% *}" -v w="${w%% *}" 'BEGIN {printf "%.3f", a/w}') "
    if [ -n "$BEFORE" ]; then
      R[$mode,before]+="${b%% *} "
      R[$mode,bratio]+="$(awk -v b="${b%% *}" -v w="${w%% *}" 'BEGIN {printf "%.3f", b/w}') "
    fi
  done
done
for mode in $MODES; do
  mw=$(printf '%s\n' ${R[$mode,wrk]} | median)
  ma=$(printf '%s\n' ${R[$mode,bench]} | median)
  line="median, $mode: wrk $mw req/s, bench $ma (round by round $(printf '%s\n' ${R[$mode,ratio]} | median) of wrk)"
  if [ -n "$BEFORE" ]; then
    mb=$(printf '%s\n' ${R[$mode,before]} | median)
    line+=", before $mb ($(printf '%s\n' ${R[$mode,bratio]} | median) of wrk)"
  fi
  echo "$line"
done
rm -f "$OUT" "$POST_LUA"
