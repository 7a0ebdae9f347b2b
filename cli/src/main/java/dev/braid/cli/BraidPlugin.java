package dev.braid.cli;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;

/**
 * A server the {@code braid} command can run, found with {@link java.util.ServiceLoader}: list the
 * class in {@code META-INF/services/dev.braid.cli.BraidPlugin}. The class is also a picocli
 * {@code @Command} (its name is the subcommand, its options the plugin's options); picocli fills
 * the options in before {@link #start} is called.
 */
public interface BraidPlugin {
  /**
   * Starts the server on {@code reactor} (on the reactor thread). The Deferred fires once it is up
   * (for example listening on every endpoint), or fails with the reason it cannot start; the
   * command then prints that reason on one line and exits with status 1.
   */
  Deferred<?> start(Reactor reactor);
}
