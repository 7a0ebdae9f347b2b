package dev.braid.cli;

import dev.braid.net.ProtocolFactory;
import dev.braid.reactor.Reactor;
import dev.braid.web.AccessLog;
import dev.braid.web.Resource;
import dev.braid.web.Site;
import dev.braid.web.VirtualHosts;
import dev.braid.web.staticfiles.FileResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code braid web}: serves a directory over HTTP/1.1 (and HTTPS with a {@code tls:}/{@code ssl:}
 * endpoint), with index files, listings, ranges and conditional requests, optional virtual hosts
 * and a Combined Log Format access log.
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

  @Override
  protected String defaultEndpoint() {
    return "tcp:8080";
  }

  @Override
  protected ProtocolFactory factory(Reactor reactor) {
    Resource root = files(path);
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

  private FileResource files(Path dir) {
    return FileResource.builder(dir).indexNames(index).listing(!noListing).build();
  }
}
