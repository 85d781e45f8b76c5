#!/usr/bin/env bash
# Side by side: start-up, idle memory and GET /health throughput of a node from two or more
# builds (two checkouts of this repository, or one with different class caches), measured in
# alternated rounds of one run so that the machine's load falls on all of them alike.
# Needs wrk and curl.
#
# Usage: bench/versus.sh [-r rounds] [-d seconds] [-s starts] TARGET...
#   TARGET is label=DIR[@cache]: DIR is a checkout whose target/workshop.jar is built;
#   cache is how to start it: auto (DIR/workshop as students do, the default), off, cds or aot
#   (DIR/workshop with WORKSHOP_CLASS_CACHE set), or java (plain `java -jar`, no flags).
# Example: bench/versus.sh before=/work/base after=. after-plain=.@java
# Env: PORT (default 5911), JAVA (default: the JDK DIR/workshop finds, else java on PATH).
set -euo pipefail
ROUNDS=3 DUR=5 STARTS=3
while getopts "r:d:s:" o; do
  case "$o" in r) ROUNDS="$OPTARG" ;; d) DUR="$OPTARG" ;; s) STARTS="$OPTARG" ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
[ "$#" -ge 1 ] || { sed -n '2,12p' "$0"; exit 2; }
command -v wrk >/dev/null || { echo "needs wrk: sudo apt-get install wrk" >&2; exit 1; }
PORT="${PORT:-5911}"
URL="http://127.0.0.1:$PORT"
JAVA="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
NODE=""
cleanup() { if [ -n "$NODE" ]; then kill "$NODE" 2>/dev/null || true; fi; }
trap cleanup EXIT

labels=() dirs=() caches=()
for t in "$@"; do
  label="${t%%=*}" rest="${t#*=}"
  dir="${rest%@*}" cache=auto
  [ "$rest" != "$dir" ] && cache="${rest##*@}"
  [ -f "$dir/target/workshop.jar" ] || { echo "no $dir/target/workshop.jar: build it first" >&2; exit 1; }
  labels+=("$label") dirs+=("$(cd "$dir" && pwd)") caches+=("$cache")
  (cd "$dir" && WORKSHOP_CLASS_CACHE="${cache/java/off}" ./workshop --version >/dev/null)   # caches made
done

start_node() {   # index -> sets NODE and STARTUP_MS
  local i="$1" t0
  t0=$(date +%s%N)
  if [ "${caches[$i]}" = java ]; then
    "$JAVA" -jar "${dirs[$i]}/target/workshop.jar" node --port "$PORT" --id 1 >/dev/null 2>&1 &
  else
    WORKSHOP_CLASS_CACHE="${caches[$i]}" "${dirs[$i]}/workshop" node --port "$PORT" --id 1 >/dev/null 2>&1 &
  fi
  NODE=$!
  until curl -sf "$URL/health" >/dev/null 2>&1; do sleep 0.005; done
  STARTUP_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
stop_node() { kill "$NODE" 2>/dev/null || true; wait "$NODE" 2>/dev/null || true; NODE=""; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

HZ=$(getconf CLK_TCK)
OUT="$(mktemp -d)"
echo "== load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds, ${DUR}s wrk runs, $STARTS starts each"
for r in $(seq "$ROUNDS"); do
  order=$(seq 0 $(( ${#labels[@]} - 1 )))
  if [ $((r % 2)) -eq 0 ]; then order=$(echo "$order" | tac); fi
  for i in $order; do
    l="${labels[$i]}"
    for s in $(seq "$STARTS"); do
      start_node "$i"; echo "$STARTUP_MS" >>"$OUT/$l.start"
      if [ "$s" -lt "$STARTS" ]; then stop_node; fi
    done
    sleep 2
    rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$NODE/status"); echo "$rss" >>"$OUT/$l.rss"
    wrk -t1 -c32 -d5s "$URL/health" >/dev/null   # warm-up: the JIT compiles the hot path
    # The node's JVM is the launcher's child after exec: same PID. CPU per request is steadier
    # than req/s when others share the cores.
    t0=$(awk '{print $14 + $15}' "/proc/$NODE/stat")
    res=$(wrk -t1 -c32 -d"${DUR}s" --latency "$URL/health")
    t1=$(awk '{print $14 + $15}' "/proc/$NODE/stat")
    rps=$(echo "$res" | awk '/Requests\/sec/ {printf "%d", $2}'); echo "$rps" >>"$OUT/$l.rps"
    n=$(echo "$res" | awk '/requests in/ {print $1}')
    cpu=$(( (t1 - t0) * 1000000 / HZ / n )); echo "$cpu" >>"$OUT/$l.cpu"
    p50=$(echo "$res" | awk '$1 == "50%" {print $2}')
    rss2=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$NODE/status"); echo "$rss2" >>"$OUT/$l.rss2"
    stop_node
    printf 'round %d %-15s start %s ms (last of %d)  idle RSS %s MiB  GET /health c32 %s req/s p50 %s  %s us CPU/req  RSS after %s MiB  load %s\n' \
      "$r" "$l" "$STARTUP_MS" "$STARTS" "$rss" "$rps" "$p50" "$cpu" "$rss2" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
echo "== medians"
for l in "${labels[@]}"; do
  printf '%-15s start %6s ms (min %s)  idle RSS %6s MiB  GET /health c32 %7s req/s  %4s us CPU/req  RSS after load %6s MiB\n' "$l" \
    "$(median <"$OUT/$l.start")" "$(sort -n "$OUT/$l.start" | head -n1)" "$(median <"$OUT/$l.rss")" \
    "$(median <"$OUT/$l.rps")" "$(median <"$OUT/$l.cpu")" "$(median <"$OUT/$l.rss2")"
done
echo "== load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$OUT"
