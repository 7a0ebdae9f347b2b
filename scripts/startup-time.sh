#!/usr/bin/env bash
# Measures how long `braid echo` takes from spawn to its first echoed byte: the java process is
# started, a client polls connect() every millisecond, and the clock stops when one byte sent on
# the first accepted connection has come back. Prints each run and the median [min..max], in ms.
#
#   scripts/startup-time.sh [RUNS]        default 10 runs, with and without the AOT cache
#
# Run it on an otherwise idle machine: the figure is a latency of a few hundred milliseconds of
# CPU work, so any other load shows up in it one for one.
#
# The AOT cache (cli/target/braid.aot, JDK 25 JEP 483/514/515) is made on first use by a
# training run of `braid echo` (serve, echo a few hundred round trips, SIGTERM). It matches only
# the same JDK build, jar path and JVM flags; rebuild the jar and the script makes a new one.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/find-jdk.sh"
braid_find_jdk
runs=${1:-10}
jar="$root/cli/target/braid.jar"
aot="$root/cli/target/braid.aot"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -q -pl cli -am package -DskipTests) >&2
fi
python=$(command -v python3) || { echo "startup-time: python3 is needed" >&2; exit 1; }

measure() {
  # $1: label; the rest: the JVM flags before -jar. Runs $runs times, prints the figures.
  local label=$1
  shift
  "$python" - "$runs" "$label" "$JAVA_HOME/bin/java" "$@" -jar "$jar" <<'PY'
import os, signal, socket, statistics, subprocess, sys, time

runs, label, java, rest = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def once():
    port = free_port()
    cmd = [java, *rest, "--log-level", "warn", "echo", "--listen", f"tcp:{port}:interface=127.0.0.1"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"braid exited: {proc.stderr.read().decode()}")
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                time.sleep(0.001)
        s.sendall(b"x")
        assert s.recv(1) == b"x"
        elapsed = (time.perf_counter() - start) * 1000
        s.close()
        return elapsed
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(30)
        if code != 0:
            raise SystemExit(f"braid exited with {code} after SIGTERM: {proc.stderr.read().decode()}")

once()  # warms the page cache; not counted
times = [once() for _ in range(runs)]
print(f"{label}: " + " ".join(f"{t:.1f}" for t in times))
print(f"{label}: median {statistics.median(times):.1f} ms [{min(times):.1f}..{max(times):.1f}] over {runs} runs")
PY
}

if [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ]; then
  echo "startup-time: training the AOT cache $aot (log: $aot.log) ..." >&2
  "$python" - "$JAVA_HOME/bin/java" "-XX:AOTCacheOutput=$aot" -jar "$jar" <<'PY' >"$aot.log" 2>&1
import signal, socket, subprocess, sys, time
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
proc = subprocess.Popen([*sys.argv[1:], "--log-level", "warn", "echo", "--listen", f"tcp:{port}:interface=127.0.0.1"])
while True:
    try:
        c = socket.create_connection(("127.0.0.1", port))
        break
    except OSError:
        time.sleep(0.01)
for i in range(500):
    c.sendall(b"training round trip\n")
    got = b""
    while len(got) < 20:
        got += c.recv(100)
c.close()
proc.send_signal(signal.SIGTERM)
sys.exit(proc.wait(60))
PY
fi

measure "no AOT cache"
measure "AOT cache" "-XX:AOTCache=$aot"
