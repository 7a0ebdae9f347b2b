#!/bin/sh
# Reproduces docs/images/swing-chat.png: builds the examples, starts the chat server on a free
# local port, runs the Swing chat client's screenshot tool (ChatScreenshot) under Xvfb, where it
# joins as alice, lets a window-less client join as bob, exchanges two messages, and paints the
# window to the PNG. Needs Xvfb (Debian: apt-get install xvfb). Not part of ./mvnw verify.
#
# Usage: examples/swing-screenshot.sh [OUTPUT.png]   (default docs/images/swing-chat.png)
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
output=${1:-docs/images/swing-chat.png}
. "$root/scripts/find-jdk.sh"
braid_find_jdk
command -v xvfb-run >/dev/null 2>&1 || {
  echo "swing-screenshot: xvfb-run not found; install Xvfb (apt-get install xvfb)" >&2
  exit 1
}

./mvnw -q -pl examples -am package -DskipTests
jar=examples/target/chat-server.jar

# A free port: let the OS pick one, then release it for the server.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

"$JAVA_HOME/bin/java" -jar "$jar" "tcp:$port:interface=127.0.0.1" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

# Wait (at most 10 s) until the server accepts connections.
tries=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1).close()" 2>/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -ge 100 ]; then
    echo "swing-screenshot: the chat server did not start on port $port" >&2
    exit 1
  fi
  sleep 0.1
done

xvfb-run -a -s "-screen 0 1280x800x24" \
  "$JAVA_HOME/bin/java" -Dawt.useSystemAAFontSettings=lcd -Dswing.aatext=true \
  -cp "$jar" dev.braid.examples.swingchat.ChatScreenshot "tcp:127.0.0.1:$port" "$output"
echo "wrote $output"
