#!/bin/sh
# Runs a ceiling server for the peer harness: null-http.sh epoll|uring PORT.
# Builds it with gcc into bench/target/ceiling on first use (uring needs Debian's liburing-dev).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kind=$1
port=$2
out="$here/../target/ceiling"
mkdir -p "$out"
bin="$out/null-http-$kind"
if [ ! -x "$bin" ] || [ "$here/null_http_$kind.c" -nt "$bin" ] || [ "$here/null_http.h" -nt "$bin" ]; then
  case "$kind" in
    epoll) gcc -O2 -Wall -o "$bin" "$here/null_http_epoll.c" ;;
    uring)
      if [ ! -f /usr/include/liburing.h ]; then
        echo "null-http.sh: the io_uring ceiling needs liburing: apt-get install -y liburing-dev" >&2
        exit 2
      fi
      gcc -O2 -Wall -o "$bin" "$here/null_http_uring.c" -luring ;;
    *) echo "null-http.sh: kind is epoll or uring, not $kind" >&2; exit 2 ;;
  esac
fi
exec "$bin" "$port"
