package dev.braid.net;

import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Echo;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's view of a listening socket, read with {@code ss} (iproute2): for a socket in the
 * LISTEN state, its Send-Q column is the backlog the socket was given in {@code listen(2)}, as the
 * kernel keeps it (already capped at {@code somaxconn}).
 */
public final class ListenQueue {
  private static final Duration BOUND = Duration.ofSeconds(30);

  private ListenQueue() {}

  /** The backlog of the socket listening on {@code address} (TCP or UNIX), as {@code ss} says. */
  public static int backlogOf(SocketAddress address) throws IOException {
    List<String> command = new ArrayList<>(List.of("ss", "-H", "-l", "-n"));
    String local;
    if (address instanceof InetSocketAddress inet) {
      command.addAll(List.of("-t", "sport = :" + inet.getPort()));
      local = ":" + inet.getPort();
    } else if (address instanceof UnixDomainSocketAddress unix) {
      command.add("-x");
      local = unix.getPath().toString();
    } else {
      throw new IllegalArgumentException("not a TCP or UNIX address: " + address);
    }
    RealPeer.Result ss = RealPeer.command(command).debianPackage("iproute2").run(BOUND);
    String output = ss.out();
    if (ss.exit() != 0) {
      throw new IOException(command + " failed: " + output);
    }
    for (String line : output.lines().toList()) {
      List<String> fields = List.of(line.trim().split("\\s+"));
      int state = fields.indexOf("LISTEN");
      if (state >= 0
          && fields.size() > state + 3
          && (fields.get(state + 3).endsWith(local) || fields.get(state + 3).equals(local))) {
        return Integer.parseInt(fields.get(state + 2));
      }
    }
    throw new IOException("ss shows no socket listening on " + address + ":\n" + output);
  }

  /**
   * Listens on {@code description} with an echo server, reads the backlog the kernel holds for it,
   * and stops listening.
   */
  public static int listenedBacklog(ReactorTester t, String description) throws Exception {
    ListeningPort port =
        t.await(Endpoints.serverFromString(t.reactor(), description).listen(Echo.factory()));
    try {
      return backlogOf(port.address());
    } finally {
      t.await(port.stopListening());
    }
  }
}
