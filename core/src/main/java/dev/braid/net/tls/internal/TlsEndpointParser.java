package dev.braid.net.tls.internal;

import dev.braid.net.ClientEndpoint;
import dev.braid.net.EndpointDescription;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.ServerEndpoint;
import dev.braid.net.endpoints.EndpointParser;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.net.tls.CertificateKey;
import dev.braid.net.tls.Pem;
import dev.braid.net.tls.SniCertificates;
import dev.braid.net.tls.Tls;
import dev.braid.net.tls.TlsOptions;
import dev.braid.reactor.Reactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The {@code tls:} and {@code ssl:} endpoint types (the same parser under two prefixes):
 *
 * <ul>
 *   <li>servers: {@code tls:PORT:certificates=DIR} (SNI over a directory, see {@link
 *       SniCertificates#loadDirectory}) or {@code ssl:PORT:certKey=PEM[:privateKey=PEM]} (the key
 *       defaults to the certKey file), with {@code [:interface=ADDR][:alpn=P1,P2][:backlog=N]} and
 *       {@code [:plainHttp=close|400]} (what a plain HTTP request sent to the port gets: closed,
 *       the default, or a 400 saying to use https);
 *   <li>clients: {@code tls:HOST:PORT[:trustRoots=PEM-FILE-OR-DIR][:alpn=P1,P2][:timeout=S]}, which
 *       verify the server's name against HOST and trust the JDK's store unless trustRoots is set.
 * </ul>
 *
 * Certificates and keys are read when the description is parsed (blocking file I/O, at startup).
 */
public class TlsEndpointParser implements EndpointParser {
  private final String prefix;

  /** The {@code tls:} parser (for ServiceLoader). */
  public TlsEndpointParser() {
    this("tls");
  }

  TlsEndpointParser(String prefix) {
    this.prefix = prefix;
  }

  /** The {@code ssl:} parser (for ServiceLoader). */
  public static final class Ssl extends TlsEndpointParser {
    /** The {@code ssl:} parser (for ServiceLoader). */
    public Ssl() {
      super("ssl");
    }
  }

  @Override
  public String prefix() {
    return prefix;
  }

  @Override
  public ServerEndpoint parseServer(Reactor reactor, EndpointDescription d) {
    return parseServer(reactor, d, UnaryOperator.identity());
  }

  /** The TLS layer goes over what {@code below} makes of the plain TCP endpoint. */
  @Override
  public ServerEndpoint parseServer(
      Reactor reactor, EndpointDescription d, UnaryOperator<ServerEndpoint> below) {
    d.allowOnly(
        1,
        "port",
        "certKey",
        "privateKey",
        "certificates",
        "interface",
        "alpn",
        "backlog",
        "plainHttp");
    int port = d.port(d.require("port", 0), true);
    var params = d.params();
    if (params.containsKey("backlog")) {
      d.positiveInt("backlog", params.get("backlog")); // checked here, to name this description
    }
    TlsOptions.Builder builder;
    try {
      if (params.containsKey("certificates")) {
        if (params.containsKey("certKey")) {
          throw new EndpointSyntaxException(d.text(), "give certificates or certKey, not both");
        }
        builder =
            TlsOptions.server(
                SniCertificates.loadDirectory(d.path("certificates", params.get("certificates"))));
      } else if (params.containsKey("certKey")) {
        Path cert = d.path("certKey", params.get("certKey"));
        Path key = d.path("privateKey", params.getOrDefault("privateKey", params.get("certKey")));
        builder = TlsOptions.server(CertificateKey.fromPem(cert, key));
      } else {
        throw new EndpointSyntaxException(
            d.text(), "missing certKey=PEM (and privateKey=PEM) or certificates=DIR");
      }
    } catch (IOException e) {
      throw new EndpointSyntaxException(d.text(), readProblem(e));
    }
    if (params.containsKey("alpn")) {
      builder.alpn(params.get("alpn").split(","));
    }
    if (params.containsKey("plainHttp")) {
      builder.plainHttp(
          switch (params.get("plainHttp").strip()) {
            case "close" -> TlsOptions.PlainHttp.CLOSE;
            case "400" -> TlsOptions.PlainHttp.ANSWER_400;
            default ->
                throw new EndpointSyntaxException(
                    d.text(), "plainHttp must be close or 400, got " + params.get("plainHttp"));
          });
    }
    StringBuilder tcp = new StringBuilder("tcp:").append(port);
    if (params.containsKey("interface")) {
      tcp.append(":interface=").append(escape(params.get("interface")));
    }
    if (params.containsKey("backlog")) {
      tcp.append(":backlog=").append(params.get("backlog").strip());
    }
    ServerEndpoint inner = below.apply(Endpoints.serverFromString(reactor, tcp.toString()));
    return Tls.serverEndpoint(reactor, inner, builder.build());
  }

  /** Says what went wrong reading a certificate or key file, in words (the JDK gives the path). */
  private static String readProblem(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      return "cannot read " + missing.getFile() + ": no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return "cannot read " + denied.getFile() + ": permission denied";
    }
    return e.getMessage();
  }

  @Override
  public ClientEndpoint parseClient(Reactor reactor, EndpointDescription d) {
    d.allowOnly(2, "host", "port", "trustRoots", "alpn", "timeout");
    String host = d.require("host", 0);
    if (host.isBlank()) {
      throw new EndpointSyntaxException(d.text(), "host must not be empty");
    }
    int port = d.port(d.require("port", 1), false);
    var params = d.params();
    TlsOptions.Builder builder = TlsOptions.client();
    if (params.containsKey("trustRoots")) {
      try {
        builder.trustRoots(trustRoots(d.path("trustRoots", params.get("trustRoots"))));
      } catch (IOException e) {
        throw new EndpointSyntaxException(d.text(), "trustRoots: " + e.getMessage());
      }
    }
    if (params.containsKey("alpn")) {
      builder.alpn(params.get("alpn").split(","));
    }
    StringBuilder tcp =
        new StringBuilder("tcp:host=").append(escape(host)).append(":port=").append(port);
    if (params.containsKey("timeout")) {
      tcp.append(":timeout=").append(escape(params.get("timeout")));
    }
    ClientEndpoint inner = Endpoints.clientFromString(reactor, tcp.toString());
    return Tls.clientEndpoint(reactor, inner, builder.build(), host, port);
  }

  /** The certificates of a PEM bundle, or of every {@code .pem}/{@code .crt} in a directory. */
  static List<X509Certificate> trustRoots(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return Pem.readCertificates(path);
    }
    List<X509Certificate> roots = new ArrayList<>();
    try (Stream<Path> files = Files.list(path)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (Files.isRegularFile(file) && (name.endsWith(".pem") || name.endsWith(".crt"))) {
          roots.addAll(Pem.readCertificates(file));
        }
      }
    }
    if (roots.isEmpty()) {
      throw new IOException(path + ": no .pem or .crt certificates in the directory");
    }
    return roots;
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
  }
}
