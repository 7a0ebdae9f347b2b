package dev.braid.plugin;

import dev.braid.defer.Deferred;
import dev.braid.service.AbstractService;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A service that, added last to a plugin's service tree, logs one line per endpoint once they all
 * listen: {@code listening on 0.0.0.0:8000 (tcp:8000)}, however many reactors or sockets serve it.
 * {@link ListeningPlugin} adds one; a plugin with endpoints of its own kinds (UDP beside TCP, say)
 * adds its own. The logger is asked for at start, after the command has set up logging.
 */
public final class ListeningLog extends AbstractService {
  private record Entry(
      String endpoint, Supplier<? extends Optional<? extends SocketAddress>> address) {}

  private final Supplier<Logger> logger;
  private final BiFunction<String, SocketAddress, String> message;
  private final List<Entry> entries = new ArrayList<>();

  /** Logs {@code message(endpoint, address)} for each endpoint added, on {@code logger}. */
  public ListeningLog(Supplier<Logger> logger, BiFunction<String, SocketAddress, String> message) {
    super("listening log");
    this.logger = logger;
    this.message = message;
  }

  /**
   * Logs {@code endpoint} at start, with the address {@code address} gives then (none: no line).
   */
  public void add(String endpoint, Supplier<? extends Optional<? extends SocketAddress>> address) {
    entries.add(new Entry(endpoint, address));
  }

  @Override
  protected Deferred<Void> doStart() {
    Logger log = logger.get();
    for (Entry e : entries) {
      e.address().get().ifPresent(a -> log.info("{}", message.apply(e.endpoint(), a)));
    }
    return Deferred.succeed(null);
  }

  @Override
  protected Deferred<Void> doStop() {
    return Deferred.succeed(null);
  }
}
