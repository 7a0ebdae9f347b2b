#!/usr/bin/env bash
# Static file throughput of `braid web` over loopback, and whether it needs heap.
#
#   scripts/static-throughput.sh [-s SIZE_MIB] [-n RUNS] [-x HEAP]    (defaults 1024, 3, 64m)
#
# Creates a sparse SIZE_MIB file in a fresh directory under /tmp (read once, so it is in the page
# cache), serves that directory with `braid web` (cli/target/braid.jar, built when missing or
# stale) on a free 127.0.0.1 port with -XmxHEAP, downloads the file RUNS times with curl
# (-o /dev/null) and prints curl's speed_download for each run (bytes/s, and GB/s with
# 1 GB = 10^9 B). Before the first and after the last download it samples the server's heap (jcmd
# GC.heap_info, "used") and RSS, so a heap that grew with the file would show; with a 1 GiB file
# and a 64 MiB heap limit the transfer only works if the body never passes through the heap.
# Removes the file and stops the server at the end, also on error.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
size_mib=1024 runs=3 heap=64m
while getopts "s:n:x:h" opt; do
  case "$opt" in
    s) size_mib=$OPTARG ;; n) runs=$OPTARG ;; x) heap=$OPTARG ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
. scripts/find-jdk.sh
braid_find_jdk
jar=cli/target/braid.jar
if [ ! -f "$jar" ] || [ -n "$(find core/src/main web/src/main cli/src/main -newer "$jar" -print -quit)" ]; then
  echo "static-throughput: building the command (missing, or the sources changed)..." >&2
  ./mvnw -q -pl cli -am package -DskipTests >&2
fi
dir=$(mktemp -d /tmp/braid-static-XXXXXX)
log="$dir.log"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"; wait "$server" 2>/dev/null || true
  fi
  rm -rf "$dir" "$log"
}
trap cleanup EXIT
truncate -s "${size_mib}M" "$dir/big.bin"
# Read it once so the page cache holds it: the runs then measure the server, not page allocation.
cat "$dir/big.bin" > /dev/null
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$JAVA_HOME/bin/java" "-Xmx$heap" -XX:+UseSerialGC -jar "$jar" web --listen "tcp:$port:interface=127.0.0.1" \
  --path "$dir" > "$log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  sleep 0.1
done
heap_used() {
  "$JAVA_HOME/bin/jcmd" "$server" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}'
}
rss() { awk '/VmRSS/ {print $2 " " $3}' "/proc/$server/status"; }
echo "file: $size_mib MiB (sparse), server: braid web -Xmx$heap, pid $server, port $port"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "before: heap used $(heap_used), RSS $(rss)"
for i in $(seq "$runs"); do
  out=$(curl -s -o /dev/null -w '%{http_code} %{size_download} %{speed_download}' "http://127.0.0.1:$port/big.bin")
  read -r code bytes speed <<<"$out"
  expected=$((size_mib * 1024 * 1024))
  if [ "$code" != 200 ] || [ "$bytes" != "$expected" ]; then
    echo "run $i: FAILED (status $code, $bytes of $expected bytes)"; exit 1
  fi
  echo "run $i: $bytes bytes, $speed B/s = $(/usr/bin/python3 -c "print(f'{$speed/1e9:.2f}')") GB/s"
done
echo "after:  heap used $(heap_used), RSS $(rss)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
