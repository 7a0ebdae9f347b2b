#!/usr/bin/env bash
# Slow-client attacks on `braid web` with slowhttptest, while a normal client keeps asking.
#
#   scripts/slowhttp.sh [-c CONNECTIONS] [-l SECONDS] [MODE ...]   (defaults 2000, 60, all modes)
#
# MODE is headers (slowloris), body (R-U-Dead-Yet) or read (slow read). For each mode it starts
# `./braid web` on a free loopback port serving a scratch directory (a small page and a 4 MiB
# file), runs `slowhttptest` (Debian package slowhttptest) with CONNECTIONS connections opened
# at 200 a second for SECONDS seconds, and meanwhile fetches the small page once every 0.5 s
# with a normal client. It reports, per mode: the normal client's successes, failures and
# slowest answer; when the last slow connection was opened and when the last one was closed;
# and the server's deadline for that attack. It fails (exit 1) if the normal client failed
# even once, or if slow connections outlived their deadline by more than 10 seconds.
# Results: target/slowhttp/<mode>.csv (slowhttptest's own statistics) and summary.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
connections=2000 length=60
while getopts "c:l:h" opt; do
  case "$opt" in
    c) connections=$OPTARG ;; l) length=$OPTARG ;;
    *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(headers body read)
command -v slowhttptest >/dev/null || { echo "slowhttp.sh: needs slowhttptest (apt-get install -y slowhttptest)" >&2; exit 2; }
need=$((connections + 1000))
[ "$(ulimit -n)" -ge "$need" ] || ulimit -n "$need" 2>/dev/null || { echo "slowhttp.sh: need ulimit -n >= $need" >&2; exit 2; }
out="$root/target/slowhttp"
site="$out/site"
rm -rf "$out" && mkdir -p "$site"
printf '<!doctype html><title>ok</title><p>still here</p>\n' >"$site/index.html"
head -c $((4 * 1024 * 1024)) /dev/zero >"$site/big.bin"
./braid --version >/dev/null
: >"$out/summary.txt"
status=0
for mode in "${modes[@]}"; do
  case "$mode" in
    # The server's settings (SiteSettings.defaults): headers within 20 s; a body at 1 KiB/s or
    # more over 10 s windows; a response the client does not read is cut after the send timeout.
    headers) args=(-H -i 10 -x 24 -t GET -u "URL/") deadline=20 ;;
    body) args=(-B -i 10 -s 8192 -x 10 -t POST -u "URL/") deadline=20 ;;
    read) args=(-X -w 512 -y 1024 -n 5 -z 32 -k 3 -u "URL/big.bin") deadline=60 ;;
    *) echo "slowhttp.sh: unknown mode $mode (headers, body, read)" >&2; exit 2 ;;
  esac
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  url="http://127.0.0.1:$port"
  ./braid --log-level warn web --path "$site" --listen "tcp:$port:interface=127.0.0.1:backlog=4096" \
    >"$out/$mode-server.log" 2>&1 &
  server=$!
  python3 - "$port" <<'PY'
import socket, sys, time
for _ in range(300):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close(); sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("slowhttp.sh: the server did not start")
PY
  python3 - "$url/" "$((length + 15))" >"$out/$mode-probe.json" <<'PY' &
import json, sys, time, urllib.request
url, seconds = sys.argv[1], float(sys.argv[2])
ok = failed = 0; slowest = 0.0; errors = []
end = time.monotonic() + seconds
while time.monotonic() < end:
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            if r.status == 200 and b"still here" in r.read():
                ok += 1
            else:
                failed += 1; errors.append(f"status {r.status}")
    except Exception as e:
        failed += 1; errors.append(repr(e))
    slowest = max(slowest, time.monotonic() - start)
    time.sleep(max(0, 0.5 - (time.monotonic() - start)))
print(json.dumps({"ok": ok, "failed": failed, "slowest_s": round(slowest, 3), "errors": errors[:5]}))
PY
  probe=$!
  slowhttptest "${args[@]/URL/$url}" -c "$connections" -r 200 -l "$length" -p 5 -g -o "$out/$mode" \
    >"$out/$mode-slowhttptest.log" 2>&1 || true
  wait $probe
  kill -TERM $server; wait $server || true
  python3 - "$out" "$mode" "$connections" "$deadline" >>"$out/summary.txt" <<'PY' || status=1
import csv, json, sys
out, mode, connections, deadline = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rows = list(csv.DictReader(open(f"{out}/{mode}.csv")))
probe = json.load(open(f"{out}/{mode}-probe.json"))
col = lambda r, name: int(next(v for k, v in r.items() if k.strip().lower() == name))
opened_until = max(int(r["Seconds"]) for r in rows if col(r, "pending") + col(r, "connected") + col(r, "closed") < connections or col(r, "pending") > 0) if rows else 0
still_open = [int(r["Seconds"]) for r in rows if col(r, "connected") > 0]
last_open = max(still_open) if still_open else 0
peak = max(col(r, "connected") for r in rows) if rows else 0
outlived = last_open - opened_until - deadline
ok = probe["failed"] == 0 and outlived <= 10
print(f"{mode:8s} normal client: {probe['ok']} answered, {probe['failed']} failed, slowest {probe['slowest_s']} s; "
      f"slow connections: peak {peak} open at once, last opened at {opened_until} s, last closed by {last_open} s "
      f"(deadline {deadline} s) -> {'PASS' if ok else 'FAIL'}" + ("" if not probe["errors"] else f" errors: {probe['errors']}"))
sys.exit(0 if ok else 1)
PY
  tail -1 "$out/summary.txt"
done
exit $status
