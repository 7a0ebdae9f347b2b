package dev.braid.net.endpoints.internal;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.EndpointDescription;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.ReactorTcp.TcpConnectOptions;
import dev.braid.net.ReactorUnix;
import dev.braid.net.ReactorUnix.UnixListenOptions;
import dev.braid.net.ServerEndpoint;
import dev.braid.net.endpoints.EndpointParser;
import dev.braid.reactor.Reactor;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code unix:} endpoint type (see {@code docs/unix.md}): servers {@code
 * unix:PATH[:mode=0660][:lockfile=1][:backlog=N]}, clients {@code unix:PATH[:timeout=S]}. The path
 * may also be given as {@code path=PATH}; a colon inside it is escaped with a backslash. The
 * reactor must provide {@link ReactorUnix}. Found through {@link java.util.ServiceLoader}; not for
 * direct use. Reactor thread only.
 */
public final class UnixEndpointParser implements EndpointParser {
  /** Called by {@link java.util.ServiceLoader}. */
  public UnixEndpointParser() {}

  @Override
  public String prefix() {
    return "unix";
  }

  @Override
  public ServerEndpoint parseServer(Reactor reactor, EndpointDescription d) {
    d.allowOnly(1, "path", "mode", "lockfile", "backlog");
    Path path = path(d);
    ReactorUnix unix = unix(reactor, d);
    UnixListenOptions options = UnixListenOptions.defaults();
    String mode = d.params().get("mode");
    if (mode != null) {
      options = options.withMode(mode(d, mode));
    }
    String lockfile = d.params().get("lockfile");
    if (lockfile != null) {
      options = options.withLockfile(flag(d, "lockfile", lockfile));
    }
    if (d.params().containsKey("backlog")) {
      options = options.withBacklog(d.positiveInt("backlog", d.params().get("backlog")));
    }
    UnixListenOptions chosen = options;
    return factory -> Deferred.maybeDeferred(() -> unix.listenUnix(path, factory, chosen));
  }

  @Override
  public ClientEndpoint parseClient(Reactor reactor, EndpointDescription d) {
    d.allowOnly(1, "path", "timeout");
    Path path = path(d);
    ReactorUnix unix = unix(reactor, d);
    Duration timeout =
        d.params().containsKey("timeout")
            ? d.seconds("timeout", d.params().get("timeout"))
            : TcpConnectOptions.DEFAULT_TIMEOUT;
    return ClientEndpoint.fromConnector(client -> unix.connectUnix(path, client, timeout));
  }

  private static Path path(EndpointDescription d) {
    String path = d.require("path", 0);
    if (path.isEmpty()) {
      throw new EndpointSyntaxException(d.text(), "path must not be empty");
    }
    return d.path("path", path);
  }

  private static ReactorUnix unix(Reactor reactor, EndpointDescription d) {
    if (reactor instanceof ReactorUnix unix) {
      return unix;
    }
    throw new EndpointSyntaxException(
        d.text(), "this reactor (" + reactor + ") does not support UNIX sockets");
  }

  private static int mode(EndpointDescription d, String value) {
    try {
      int mode = Integer.parseInt(value.trim(), 8);
      if (mode >= 0 && mode <= 0777) {
        return mode;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new EndpointSyntaxException(
        d.text(), "mode must be an octal number from 0 to 0777, got \"" + value + "\"");
  }

  private static boolean flag(EndpointDescription d, String key, String value) {
    return switch (value.trim()) {
      case "1" -> true;
      case "0" -> false;
      default -> throw new EndpointSyntaxException(d.text(), key + " must be 0 or 1, got " + value);
    };
  }
}
