package dev.braid.web.plugin;

import com.sun.net.httpserver.HttpHandler;
import dev.braid.cred.Credentials;
import dev.braid.cred.LoginResult;
import dev.braid.cred.Portal;
import dev.braid.cred.Realm;
import dev.braid.defer.Deferred;
import dev.braid.net.Addresses;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ServerEndpoint;
import dev.braid.plugin.AuthOptions;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.reactor.Reactor;
import dev.braid.web.AccessLog;
import dev.braid.web.BasicAuth;
import dev.braid.web.Mounts;
import dev.braid.web.Resource;
import dev.braid.web.Site;
import dev.braid.web.VirtualHosts;
import dev.braid.web.jdkhttp.HttpHandlerResource;
import dev.braid.web.proxy.ReverseProxyResource;
import dev.braid.web.staticfiles.FileResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code braid web}: serves a directory over HTTP/1.1 (and HTTPS with a {@code tls:}/{@code ssl:}
 * endpoint), with index files, listings, ranges and conditional requests, optional virtual hosts
 * and a Combined Log Format access log; {@code --proxy} mounts reverse proxies, {@code --handler}
 * mounts {@code com.sun.net.httpserver} handlers, and {@code --auth} puts everything behind HTTP
 * Basic authentication.
 *
 * <p>Dot-files and dot-directories ({@code .git}, {@code .env}) are not served unless {@code
 * --dot-files} is given. Once listening, it logs one line per endpoint saying what it serves where:
 * {@code serving /srv/site on http://0.0.0.0:8080/}, {@code https://} for a {@code tls:}/{@code
 * ssl:} endpoint. A TLS endpoint answers a plain HTTP request (someone typed {@code http://}) with
 * a 400 that says to use https.
 */
@Command(
    name = "web",
    mixinStandardHelpOptions = true,
    description = "HTTP/1.1 web server: serves a directory (static files, listings, ranges).")
public final class WebPlugin extends ListeningPlugin {
  @Option(
      names = "--path",
      paramLabel = "DIR",
      description = "The directory to serve (default: the current directory).")
  private Path path = Path.of(".");

  @Option(
      names = "--index",
      paramLabel = "NAMES",
      split = ",",
      description = "Index file names for directories, comma-separated (default: index.html).")
  private List<String> index = List.of("index.html");

  @Option(names = "--no-listing", description = "Answer 403 for directories without an index file.")
  private boolean noListing;

  @Option(
      names = "--vhost",
      paramLabel = "NAME=DIR",
      description = "Serve DIR for requests to host NAME (repeatable); other hosts get --path.")
  private List<String> vhosts = List.of();

  @Option(
      names = "--access-log",
      paramLabel = "FILE",
      description = "Append a Combined Log Format line per request to FILE ('-': the log output).")
  private String accessLog;

  @Option(
      names = "--proxy",
      paramLabel = "/PREFIX=URL",
      description = "Forward requests under /PREFIX to URL, http://host:port[/path] (repeatable).")
  private List<String> proxies = List.of();

  @Option(
      names = "--handler",
      paramLabel = "[/PATH=]CLASS",
      description =
          "Run CLASS, a com.sun.net.httpserver.HttpHandler with a no-argument constructor on the"
              + " class path, for requests under /PATH (default /: instead of the files).")
  private List<String> handlers = List.of();

  @Option(
      names = "--dot-files",
      description =
          "Serve and list files and directories whose name starts with a dot (.git, .env);"
              + " by default they are answered 404 and left out of listings.")
  private boolean dotFiles;

  @Mixin private AuthOptions auth;

  @Override
  protected String defaultEndpoint() {
    return "tcp:8080";
  }

  /** Lets responses in flight finish (idle keep-alive connections close at once). */
  @Override
  protected Deferred<Void> drain(Reactor reactor, ProtocolFactory factory) {
    return ((Site) factory).shutdown();
  }

  @Override
  protected ProtocolFactory factory(Reactor reactor) {
    Resource root = files(path);
    for (String h : handlers) {
      if (h.indexOf('=') < 0 || h.startsWith("/=")) {
        root = HttpHandlerResource.create(reactor, handler(h.substring(h.indexOf('=') + 1)));
      }
    }
    Mounts mounts = Mounts.over(root);
    boolean mounted = false;
    for (String h : handlers) {
      int eq = h.indexOf('=');
      if (eq > 0 && !h.startsWith("/=")) {
        mounts.mount(
            h.substring(0, eq), HttpHandlerResource.create(reactor, handler(h.substring(eq + 1))));
        mounted = true;
      }
    }
    for (String p : proxies) {
      int eq = p.indexOf('=');
      if (eq <= 0 || !p.startsWith("/")) {
        throw new IllegalArgumentException("--proxy takes /PREFIX=URL, not " + p);
      }
      URI upstream;
      try {
        upstream = URI.create(p.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--proxy: not a URL: " + p.substring(eq + 1), e);
      }
      mounts.mount(p.substring(0, eq), ReverseProxyResource.create(reactor, upstream));
      mounted = true;
    }
    if (mounted) {
      root = mounts;
    }
    if (!vhosts.isEmpty()) {
      VirtualHosts hosts = VirtualHosts.withDefault(root);
      for (String v : vhosts) {
        int eq = v.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--vhost takes NAME=DIR, not " + v);
        }
        hosts.addHost(v.substring(0, eq), files(Path.of(v.substring(eq + 1))));
      }
      root = hosts;
    }
    Optional<Portal> portal = auth.portal(reactor, Realm.avatarIds());
    if (portal.isPresent()) {
      Portal p = portal.get();
      root = new BasicAuth("braid", (user, password) -> login(p, user, password), root);
    }
    Site.Builder site = Site.builder(reactor, root);
    if (accessLog != null) {
      try {
        site.accessLog(
            accessLog.equals("-") ? AccessLog.toLogger() : AccessLog.toFile(Path.of(accessLog)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the access log " + accessLog, e);
      }
    }
    return site.build();
  }

  private static Deferred<Boolean> login(Portal portal, String user, String password) {
    return portal
        .login(Credentials.UsernamePassword.of(user, password), String.class)
        .addCallbacks(
            (LoginResult<String> result) -> {
              result.logout().run();
              return true;
            },
            error -> false);
  }

  private static HttpHandler handler(String className) {
    try {
      Class<?> type =
          Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      if (!HttpHandler.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(
            "--handler: " + className + " is not a com.sun.net.httpserver.HttpHandler");
      }
      return (HttpHandler) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("--handler: no class " + className + " on the class path");
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "--handler: cannot make a " + className + " with its no-argument constructor: " + e, e);
    }
  }

  private FileResource files(Path dir) {
    return FileResource.builder(dir)
        .indexNames(index)
        .listing(!noListing)
        .dotFiles(dotFiles)
        .build();
  }

  /** The line logged once an endpoint listens: {@code serving DIR on http://0.0.0.0:8080/}. */
  @Override
  protected String listeningMessage(String endpoint, SocketAddress address) {
    return "serving " + served() + " on " + url(endpoint, address);
  }

  /**
   * A TLS endpoint answers a plain HTTP request with a 400 that says to use https ({@code
   * plainHttp=400}), unless its description says otherwise.
   */
  @Override
  protected ServerEndpoint serverEndpoint(Reactor reactor, String description) {
    boolean answer = usesTls(description) && !description.contains(":plainHttp=");
    return super.serverEndpoint(reactor, answer ? description + ":plainHttp=400" : description);
  }

  /** What the root serves: the directory, or the handler mounted on {@code /} instead. */
  private String served() {
    String what = path.toAbsolutePath().normalize().toString();
    for (String h : handlers) {
      if (h.indexOf('=') < 0 || h.startsWith("/=")) {
        what = "handler " + h.substring(h.indexOf('=') + 1);
      }
    }
    return what;
  }

  /**
   * The URL a browser would use for {@code address}, bound for {@code endpoint}: {@code https} for
   * a {@code tls:}/{@code ssl:} endpoint (also under {@code haproxy:}), the address as people write
   * it ({@code 0.0.0.0}, {@code [::]}, {@code [::1]}); a UNIX socket is named as its endpoint.
   */
  static String url(String endpoint, SocketAddress address) {
    boolean tls = usesTls(endpoint);
    if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return endpoint + (tls ? " (TLS)" : "");
    }
    return (tls ? "https" : "http") + "://" + Addresses.display(inet) + "/";
  }
}
