package dev.braid.protocols.proxy.internal;

import dev.braid.net.EndpointDescription;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.ServerEndpoint;
import dev.braid.net.endpoints.EndpointParser;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.proxy.ProxyProtocol;
import dev.braid.reactor.Reactor;

/**
 * The {@code haproxy:} endpoint type: {@code haproxy:ENDPOINT} listens on the server endpoint
 * {@code ENDPOINT} ({@code haproxy:tcp:8080}, {@code haproxy:tls:443:certificates=DIR}, {@code
 * haproxy:unix:/run/app.sock}) and expects every connection to begin with a PROXY protocol header
 * ({@link ProxyProtocol}, default options). The header is read from the plain connection, below a
 * TLS layer the inner endpoint adds. Servers only. Found through {@link java.util.ServiceLoader};
 * not for direct use.
 */
public final class HaproxyEndpointParser implements EndpointParser {
  /** Called by {@link java.util.ServiceLoader}. */
  public HaproxyEndpointParser() {}

  @Override
  public String prefix() {
    return "haproxy";
  }

  @Override
  public ServerEndpoint parseServer(Reactor reactor, EndpointDescription d) {
    String text = d.text();
    int colon = text.indexOf(':');
    String innerText = colon < 0 ? "" : text.substring(colon + 1);
    if (innerText.isBlank()) {
      throw new EndpointSyntaxException(
          text, "haproxy: needs the endpoint to wrap, e.g. haproxy:tcp:8080");
    }
    EndpointDescription inner;
    try {
      inner = EndpointDescription.parse(innerText);
    } catch (EndpointSyntaxException e) {
      throw new EndpointSyntaxException(text, "in the wrapped endpoint: " + e.getMessage());
    }
    EndpointParser parser = Endpoints.parsers().get(inner.prefix());
    if (parser == null) {
      throw new EndpointSyntaxException(
          text,
          "unknown endpoint type \""
              + inner.prefix()
              + "\" to wrap (known: "
              + String.join(", ", Endpoints.parsers().keySet())
              + ")");
    }
    try {
      return parser.parseServer(
          reactor,
          inner,
          plain -> ProxyProtocol.serverEndpoint(reactor, plain, ProxyProtocol.Options.defaults()));
    } catch (EndpointSyntaxException e) {
      throw new EndpointSyntaxException(text, "in the wrapped endpoint: " + e.getMessage());
    }
  }
}
