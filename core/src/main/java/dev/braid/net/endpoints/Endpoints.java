package dev.braid.net.endpoints;

import dev.braid.net.ClientEndpoint;
import dev.braid.net.DatagramEndpoint;
import dev.braid.net.EndpointDescription;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.NearestName;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ServerEndpoint;
import dev.braid.net.endpoints.internal.ServeMain;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactors;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Endpoints from strings, as a command line takes them:
 *
 * <ul>
 *   <li>{@code tcp:PORT[:interface=ADDR][:backlog=N]} — listen ({@code PORT} may be 0);
 *   <li>{@code tcp:host=HOST:port=PORT[:timeout=SECONDS][:bindAddress=ADDR]} (or {@code
 *       tcp:HOST:PORT}) — connect; a host name is resolved and its addresses tried as {@link
 *       HostnameEndpoint} does;
 *   <li>{@code tcp6:PORT[:interface=ADDR6][:backlog=N]} and {@code tcp6:host=HOST:port=PORT} — the
 *       same over IPv6 only;
 *   <li>{@code udp:PORT[:interface=ADDR][:maxPacketSize=N]} — a datagram port ({@link
 *       #datagramServerFromString}).
 * </ul>
 *
 * More prefixes come from {@link EndpointParser} implementations on the class path: {@code tls:},
 * {@code ssl:}, {@code unix:} and {@code haproxy:} ship with Braid. Every prefix is listed in
 * {@code docs/endpoints.md}.
 */
public final class Endpoints {
  private Endpoints() {}

  /**
   * The one call that serves a protocol from a program's {@code main}: on a new reactor ({@link
   * Reactors#react}), listens on {@code endpoint} (an endpoint string, such as {@code "tcp:8000"})
   * with {@code factory}, writes {@code listening on 0.0.0.0:8000 (tcp:8000)} to standard error,
   * and serves until SIGTERM or SIGINT (Ctrl-C), which stop it gracefully: status 0. When it cannot
   * listen (the port is busy, the endpoint is malformed) it writes why ({@code cannot listen on
   * tcp:8000: Address already in use}) and returns 1.
   *
   * <pre>{@code
   * public static void main(String[] args) {
   *   System.exit(Endpoints.serve("tcp:8000", peer -> new Shout()));
   * }
   * }</pre>
   */
  public static int serve(String endpoint, ProtocolFactory factory) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(factory, "factory");
    return ServeMain.serve(Reactors.create(), endpoint, factory, System.err);
  }

  /** The server endpoint described by {@code description}; see the class comment. */
  public static ServerEndpoint serverFromString(Reactor reactor, String description) {
    EndpointDescription parsed = EndpointDescription.parse(description);
    return parser(parsed).parseServer(reactor, parsed);
  }

  /** The client endpoint described by {@code description}; see the class comment. */
  public static ClientEndpoint clientFromString(Reactor reactor, String description) {
    EndpointDescription parsed = EndpointDescription.parse(description);
    return parser(parsed).parseClient(reactor, parsed);
  }

  /**
   * The datagram endpoint described by {@code description} (for example {@code
   * udp:5353:interface=127.0.0.1}); throws {@link EndpointSyntaxException} when it is malformed or
   * its prefix has no datagram form.
   */
  public static DatagramEndpoint datagramServerFromString(Reactor reactor, String description) {
    EndpointDescription parsed = EndpointDescription.parse(description);
    return parser(parsed).parseDatagramServer(reactor, parsed);
  }

  private static EndpointParser parser(EndpointDescription description) {
    Map<String, EndpointParser> parsers = parsers();
    EndpointParser parser = parsers.get(description.prefix());
    if (parser == null) {
      throw new EndpointSyntaxException(
          description.text(),
          "unknown endpoint type \""
              + description.prefix()
              + "\" ("
              + NearestName.among(description.prefix(), parsers.keySet())
                  .map(name -> "did you mean " + name + ":? ")
                  .orElse("")
              + "known: "
              + String.join(", ", parsers.keySet())
              + ")");
    }
    return parser;
  }

  /** Every parser on the class path, by prefix. */
  public static Map<String, EndpointParser> parsers() {
    Map<String, EndpointParser> byPrefix = new TreeMap<>();
    byPrefix.put("tcp", new TcpEndpoints());
    byPrefix.put("tcp6", new Tcp6Endpoints());
    byPrefix.put("udp", new UdpEndpoints());
    for (EndpointParser parser : ServiceLoader.load(EndpointParser.class)) {
      byPrefix.putIfAbsent(parser.prefix(), parser);
    }
    return byPrefix;
  }
}
