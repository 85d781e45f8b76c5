#!/usr/bin/env bash
# Module 02 benchmark: a node directly versus the same node behind `./workshop lb`, alternated in
# one run, with the CPU each process spends per request. With nginx installed
# (apt-get install nginx-light) the same node behind nginx is measured too, as the reference for
# what a reverse proxy costs on this machine. Needs wrk (apt-get install wrk).
# Usage: bench/lb.sh [seconds-per-run] [rounds] [connections]
#        (env NODE_PORT=15001 LB_PORT=18080 NGINX_PORT=18081 WARM=20: seconds of warm-up each, which
#        the JIT needs before the forwarding path reaches its steady cost; longer on a busy machine)
#        VERSUS=/path/to/another/checkout (built) runs that tree's node and balancer too, on the next
#        ports, and interleaves them with this tree's in every round, alternating which goes first:
#        before and after a change measured seconds apart, under the same load. Its lines end in '*'.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSUS="${VERSUS:-}"
DUR="${1:-5}"
ROUNDS="${2:-3}"
CONNS="${3:-32}"
NODE_PORT="${NODE_PORT:-15001}"
LB_PORT="${LB_PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18081}"
WARM="${WARM:-20}"
NODE_URL="http://127.0.0.1:$NODE_PORT"
LB_URL="http://127.0.0.1:$LB_PORT"
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
command -v wrk >/dev/null || { echo "needs wrk: sudo apt-get install wrk" >&2; exit 1; }
./workshop --version >/dev/null   # build first
PIDS=()
NGINX_DIR=""
NGINX=""
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$NGINX_DIR" ]; then rm -rf "$NGINX_DIR"; fi
}
trap cleanup EXIT

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, in clock ticks
# nginx serves from a worker process, a child of the one started here: count the whole tree.
tree_ticks() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do total=$((total + $(ticks "$p"))); done
  echo "$total"
}
HZ=$(getconf CLK_TCK)

./workshop node --port "$NODE_PORT" --id 1 >/dev/null 2>&1 &
NODE=$!; PIDS+=("$NODE")
./workshop lb --port "$LB_PORT" --backends "$NODE_URL" >/dev/null 2>&1 &
LB=$!; PIDS+=("$LB")
if [ -n "$VERSUS" ]; then
  (cd "$VERSUS" && ./workshop --version >/dev/null)
  NODE2_URL="http://127.0.0.1:$((NODE_PORT + 1))" LB2_URL="http://127.0.0.1:$((LB_PORT + 2))"
  (cd "$VERSUS" && exec ./workshop node --port $((NODE_PORT + 1)) --id 1 >/dev/null 2>&1) &
  NODE2=$!; PIDS+=("$NODE2")
  (cd "$VERSUS" && exec ./workshop lb --port $((LB_PORT + 2)) --backends "$NODE2_URL" \
    >/dev/null 2>&1) &
  LB2=$!; PIDS+=("$LB2")
fi
NGINX_BIN="$(command -v nginx || true)"
[ -z "$NGINX_BIN" ] && [ -x /usr/sbin/nginx ] && NGINX_BIN=/usr/sbin/nginx
if [ -n "$NGINX_BIN" ]; then
  NGINX_DIR="$(mktemp -d)"
  {
    echo "worker_processes 1; daemon off; pid $NGINX_DIR/nginx.pid; error_log $NGINX_DIR/error.log;"
    echo "events { worker_connections 1024; }"
    echo "http { access_log off;"
    echo "  upstream node { server 127.0.0.1:$NODE_PORT; keepalive 64; }"
    echo "  server { listen 127.0.0.1:$NGINX_PORT;"
    echo "    location / { proxy_pass http://node; proxy_http_version 1.1; proxy_set_header Connection \"\"; } } }"
  } >"$NGINX_DIR/nginx.conf"
  "$NGINX_BIN" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" &
  NGINX=$!; PIDS+=("$NGINX")
fi
URLS=("$NODE_URL" "$LB_URL")
if [ -n "$NGINX" ]; then URLS+=("$NGINX_URL"); fi
if [ -n "$VERSUS" ]; then URLS+=("$NODE2_URL" "$LB2_URL"); fi
for u in "${URLS[@]}"; do until curl -sf "$u/health" >/dev/null; do sleep 0.05; done; done
echo "== warm-up: $WARM s each"
wrk -t1 -c"$CONNS" -d"${WARM}s" "$NODE_URL/" >/dev/null
wrk -t1 -c"$CONNS" -d"${WARM}s" "$LB_URL/" >/dev/null
if [ -n "$VERSUS" ]; then
  wrk -t1 -c"$CONNS" -d"${WARM}s" "$NODE2_URL/" >/dev/null
  wrk -t1 -c"$CONNS" -d"${WARM}s" "$LB2_URL/" >/dev/null
fi

per_req() { echo $(( ($2 - $1) * 1000000 / HZ / $3 )); }
measure() {   # label url [node-pid lb-pid]
  local node="${3:-$NODE}" lb="${4:-$LB}" n0 l0 g0=0 out reqs extra=""
  n0=$(ticks "$node"); l0=$(ticks "$lb")
  if [ -n "$NGINX" ]; then g0=$(tree_ticks "$NGINX"); fi
  # wrk's own CPU (user + system seconds, from the shell's timing of it) is the load tool's share
  # of the two cores, which the node and the proxy cannot have.
  out=$( { TIMEFORMAT='wrk-cpu %U %S'; time wrk -t1 -c"$CONNS" -d"${DUR}s" --latency "$2/"; } 2>&1)
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  if [ -n "$NGINX" ]; then extra="  nginx $(per_req "$g0" "$(tree_ticks "$NGINX")" "$reqs") us/req"; fi
  printf '%-7s %6s req/s  p50 %8s  p99 %8s  node %3s us/req  lb %3s us/req%s  wrk %3s us/req\n' "$1" \
    "$(echo "$out" | awk '/Requests\/sec/ {printf "%d", $2}')" \
    "$(echo "$out" | awk '$1 == "50%" {print $2}')" \
    "$(echo "$out" | awk '$1 == "99%" {print $2}')" \
    "$(per_req "$n0" "$(ticks "$node")" "$reqs")" \
    "$(per_req "$l0" "$(ticks "$lb")" "$reqs")" "$extra" \
    "$(echo "$out" | awk -v n="$reqs" '$1 == "wrk-cpu" {printf "%d", ($2 + $3) * 1000000 / n}')"
}
this_tree() {
  measure direct "$NODE_URL"
  measure via-lb "$LB_URL"
}
other_tree() {
  measure direct\* "$NODE2_URL" "$NODE2" "$LB2"
  measure via-lb\* "$LB2_URL" "$NODE2" "$LB2"
}
echo "== GET /, $CONNS connections, ${DUR}s per run, $ROUNDS rounds"
if [ -n "$VERSUS" ]; then echo "== lines ending in * are $VERSUS"; fi
for r in $(seq "$ROUNDS"); do
  if [ -n "$VERSUS" ] && [ $((r % 2)) -eq 0 ]; then other_tree; fi
  this_tree
  if [ -n "$VERSUS" ] && [ $((r % 2)) -eq 1 ]; then other_tree; fi
  if [ -n "$NGINX" ]; then measure nginx "$NGINX_URL"; fi
done
