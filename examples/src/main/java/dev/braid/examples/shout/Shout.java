package dev.braid.examples.shout;

import dev.braid.bytes.ByteString;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.LineEnding;
import dev.braid.protocols.LineReceiver;

/**
 * README's first protocol: answers each line in capitals. {@code main} serves it on the endpoint
 * given as the one argument ({@code tcp:8000} by default) until SIGTERM or Ctrl-C; try it with
 * {@code nc localhost 8000}.
 */
public final class Shout extends LineReceiver {
  /** A new connection's protocol. */
  public Shout() {
    super(LineEnding.LF_OR_CRLF); // nc and terminals end lines with LF; Internet protocols, CRLF
  }

  @Override
  protected void lineReceived(ByteString line) {
    sendLine(line.utf8().toUpperCase());
  }

  /** Serves Shout on {@code args[0]} or tcp:8000; exits 0 on SIGTERM or Ctrl-C, 1 if it cannot. */
  public static void main(String[] args) {
    System.exit(Endpoints.serve(args.length > 0 ? args[0] : "tcp:8000", peer -> new Shout()));
  }
}
