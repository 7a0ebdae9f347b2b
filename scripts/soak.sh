#!/usr/bin/env bash
# Soak test: holds many connections to `braid echo` with light traffic and samples the server.
#
#   scripts/soak.sh [-c CONNECTIONS] [-d SECONDS] [-i INTERVAL]    (defaults 10000, 600, 30)
#
# Starts `./braid echo` on a free loopback port, opens CONNECTIONS connections with
# scripts/soak_client.py (each sends 16 bytes every 30 s and checks the echo), and every INTERVAL
# seconds samples the server: heap used after a full GC (jcmd GC.run + GC.heap_info), RSS and
# open file descriptors (/proc). After the clients close it checks the descriptors are back to
# the baseline. Prints a table and the slopes of heap and RSS (least squares over the samples
# taken once every connection is open), and fails (exit 1) when a slope is 1 MiB/min or more,
# when descriptors stay above the baseline, or when an echo was lost or wrong.
# Results: target/soak/samples.csv and target/soak/summary.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
connections=10000 duration=600 interval=30
while getopts "c:d:i:h" opt; do
  case "$opt" in
    c) connections=$OPTARG ;; d) duration=$OPTARG ;; i) interval=$OPTARG ;;
    *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
. scripts/find-jdk.sh
braid_find_jdk
need=$((connections + 1000))
if [ "$(ulimit -n)" -lt "$need" ]; then
  ulimit -n "$need" 2>/dev/null || { echo "soak.sh: need ulimit -n >= $need" >&2; exit 2; }
fi
out=target/soak
mkdir -p "$out"
./braid --version >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
./braid --log-level warn echo --listen "tcp:$port:interface=127.0.0.1:backlog=4096" &
server=$!
trap 'kill $server 2>/dev/null || true; [ -n "${client:-}" ] && kill $client 2>/dev/null || true' EXIT
python3 - "$port" <<'PY'
import socket, sys, time
for _ in range(300):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close(); sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("soak.sh: the server did not start")
PY
# ./braid execs java, so $server is the JVM's pid.
sample() { # heap-after-GC-bytes rss-bytes fds
  "$JAVA_HOME/bin/jcmd" "$server" GC.run >/dev/null
  local heap rss fds
  heap=$("$JAVA_HOME/bin/jcmd" "$server" GC.heap_info | awk '/used/ && !/Metaspace|class space/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K.*/,"",v); s+=v}} END {print s*1024}' | head -1)
  rss=$(awk '/VmRSS/ {print $2*1024}' /proc/$server/status)
  fds=$(ls /proc/$server/fd | wc -l)
  echo "$heap $rss $fds"
}
read -r heap0 rss0 fds0 < <(sample)
echo "baseline: heap ${heap0} B, RSS ${rss0} B, fds ${fds0}"
start=$(date +%s)
python3 scripts/soak_client.py --port "$port" --connections "$connections" --seconds "$duration" \
  >"$out/client.json" 2>"$out/client.log" &
client=$!
echo "t_seconds,heap_bytes,rss_bytes,fds" >"$out/samples.csv"
while kill -0 $client 2>/dev/null; do
  sleep "$interval"
  kill -0 $client 2>/dev/null || break
  read -r heap rss fds < <(sample)
  t=$(( $(date +%s) - start ))
  echo "$t,$heap,$rss,$fds" >>"$out/samples.csv"
  printf 't=%4ss heap=%6.1f MiB rss=%6.1f MiB fds=%6s\n' "$t" "$(echo "$heap/1048576" | bc -l)" "$(echo "$rss/1048576" | bc -l)" "$fds"
done
wait $client
client=
fds_after=$fds0
for _ in $(seq 1 50); do # the server closes its side within moments of the clients
  fds_after=$(ls /proc/$server/fd | wc -l)
  [ "$fds_after" -le "$fds0" ] && break
  sleep 0.2
done
read -r heap_end rss_end _ < <(sample)
kill -TERM $server
wait $server || true
python3 - "$out" "$connections" "$fds0" "$fds_after" "$heap_end" "$rss_end" <<'PY'
import csv, json, sys
out, connections, fds0, fds_after, heap_end, rss_end = sys.argv[1], int(sys.argv[2]), *map(int, sys.argv[3:])
rows = [r for r in csv.DictReader(open(f"{out}/samples.csv"))]
client = json.loads(open(f"{out}/client.json").read().strip().splitlines()[-1])
# Slopes over the samples taken once (nearly) every connection is open.
steady = [r for r in rows if int(r["fds"]) >= fds0 + 0.99 * connections] or rows
def slope(key):
    xs = [int(r["t_seconds"]) / 60 for r in steady]; ys = [int(r[key]) / 1048576 for r in steady]
    if len(xs) < 2: return 0.0
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0
heap_slope, rss_slope = slope("heap_bytes"), slope("rss_bytes")
peak_fds = max(int(r["fds"]) for r in rows) if rows else fds0
lines = [
    f"connections held: {connections} (peak server fds {peak_fds}, baseline {fds0}, after close {fds_after})",
    f"samples in steady state: {len(steady)} of {len(rows)}",
    f"heap after GC: slope {heap_slope:+.3f} MiB/min, last {int(steady[-1]['heap_bytes'])/1048576:.1f} MiB" if steady else "no samples",
    f"RSS: slope {rss_slope:+.3f} MiB/min, last {int(steady[-1]['rss_bytes'])/1048576:.1f} MiB" if steady else "",
    f"echoes: {client['messages']} messages, {client['mismatches']} mismatched, {client['errors']} connection errors, {client['connect_errors']} failed connects",
]
ok = (abs(heap_slope) < 1 and abs(rss_slope) < 1 and fds_after <= fds0 and client["mismatches"] == 0
      and client["errors"] == 0 and client["connect_errors"] == 0 and peak_fds >= fds0 + connections)
lines.append("PASS" if ok else "FAIL")
open(f"{out}/summary.txt", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
sys.exit(0 if ok else 1)
PY
