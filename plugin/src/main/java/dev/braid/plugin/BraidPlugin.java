package dev.braid.plugin;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.ReactorGroup;
import dev.braid.service.Service;
import java.util.Optional;

/**
 * A server the {@code braid} command can run, found with {@link java.util.ServiceLoader}: list the
 * class in {@code META-INF/services/dev.braid.plugin.BraidPlugin} of the jar that holds it (each
 * protocol module ships its own; a jar of yours on the command's class path adds yours). The class
 * is also a picocli {@code @Command} (its name is the subcommand, its {@code description} the line
 * {@code braid --help} shows, its options the plugin's options) with a public no-argument
 * constructor; picocli fills the options in before {@link #service} is called. The command makes an
 * instance only of the plugin the command line names (all of them for {@code braid --help}).
 */
public interface BraidPlugin {
  /**
   * The service tree to run on {@code reactor} (called on the reactor thread). The command starts
   * it; if the start fails, the command prints the reason on one line and exits with status 1. On
   * SIGTERM or SIGINT the command stops it (its stop Deferred may take time to drain), then stops
   * the reactor and exits 0.
   */
  Service service(Reactor reactor);

  /**
   * The service tree to run on a group of reactors ({@code braid --reactors N} with N above 1),
   * called on the thread of the group's first reactor, where the service is also started and
   * stopped. The default runs {@link #service(Reactor)} on that first reactor alone; a plugin that
   * listens overrides it to spread its connections over the group ({@link ListeningPlugin} does).
   */
  default Service service(ReactorGroup group) {
    return service(group.reactors().getFirst());
  }

  /**
   * Re-reads what the plugin loaded from files (zones, user lists, certificates) when the command
   * gets SIGHUP, called on the reactor thread the service was made on, after {@link #service}.
   * Loading must not block that thread (hand it to {@code reactor.deferToThread}); the Deferred
   * fires once the new configuration is in use, or fails when it cannot be used, in which case the
   * service goes on as before and the plugin has logged why. Empty (the default) when the plugin
   * has nothing to reload: the command logs that SIGHUP was ignored.
   */
  default Optional<Deferred<Void>> reload() {
    return Optional.empty();
  }
}
