#!/usr/bin/env bash
# Makes the JDK AOT cache (JEP 483/514/515) for the braid command, so that it starts in about a
# third of the time: runs `braid echo` once with -XX:AOTCacheOutput, echoes a few hundred lines
# through it, and stops it with SIGTERM; the JVM writes the cache as it exits.
#
#   scripts/train-aot.sh JAVA JAR AOT      (./braid calls it after building the jar)
#
# Needs only bash (the client is bash's /dev/tcp). The cache fits only this JDK build, this jar
# and the same JVM flags; the launcher makes a new one whenever it rebuilds the jar.
set -euo pipefail
java=$1 jar=$2 aot=$3
log="$aot.log"
rm -f "$aot"
"$java" -XX:AOTCacheOutput="$aot" -jar "$jar" --log-level info echo \
  --listen tcp:0:interface=127.0.0.1 >"$log" 2>&1 &
pid=$!
port=
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\) .*/\1/p' "$log" | head -1)
  [ -n "$port" ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
if [ -z "$port" ]; then
  kill $pid 2>/dev/null || true
  echo "train-aot: braid echo did not start (see $log)" >&2
  exit 1
fi
exec 3<>"/dev/tcp/127.0.0.1/$port"
for i in $(seq 1 300); do
  echo "training round trip $i" >&3
  read -r _ <&3
done
exec 3>&-
kill -TERM $pid
wait $pid
[ -f "$aot" ] || { echo "train-aot: no cache was written (see $log)" >&2; exit 1; }
