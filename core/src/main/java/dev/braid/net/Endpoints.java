package dev.braid.net;

import dev.braid.reactor.Reactor;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Endpoints from strings, as a command line takes them:
 *
 * <ul>
 *   <li>{@code tcp:PORT[:interface=ADDR][:backlog=N]} — listen ({@code PORT} may be 0);
 *   <li>{@code tcp:host=HOST:port=PORT[:timeout=SECONDS][:bindAddress=ADDR]} (or {@code
 *       tcp:HOST:PORT}) — connect.
 * </ul>
 *
 * More prefixes come from {@link EndpointParser} implementations on the class path.
 */
public final class Endpoints {
  private Endpoints() {}

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

  private static EndpointParser parser(EndpointDescription description) {
    Map<String, EndpointParser> parsers = parsers();
    EndpointParser parser = parsers.get(description.prefix());
    if (parser == null) {
      throw new EndpointSyntaxException(
          description.text(),
          "unknown endpoint type \""
              + description.prefix()
              + "\" (known: "
              + String.join(", ", parsers.keySet())
              + ")");
    }
    return parser;
  }

  /** Every parser on the class path, by prefix. */
  public static Map<String, EndpointParser> parsers() {
    Map<String, EndpointParser> byPrefix = new TreeMap<>();
    byPrefix.put("tcp", new TcpEndpoints());
    for (EndpointParser parser : ServiceLoader.load(EndpointParser.class)) {
      byPrefix.putIfAbsent(parser.prefix(), parser);
    }
    return byPrefix;
  }
}
