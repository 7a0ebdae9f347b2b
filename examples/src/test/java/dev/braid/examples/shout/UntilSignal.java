package dev.braid.examples.shout;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor.ShutdownPhase;
import dev.braid.reactor.Reactors;

/**
 * A program for {@link ShoutProcessTest}: {@code Reactors.react} with a main that never finishes
 * and a shutdown trigger that says when it runs, so a signal's graceful stop shows.
 */
final class UntilSignal {
  private UntilSignal() {}

  public static void main(String[] args) {
    System.exit(
        Reactors.react(
            reactor -> {
              reactor.addShutdownTrigger(
                  ShutdownPhase.BEFORE,
                  () -> {
                    System.out.println("the shutdown trigger ran");
                    return Deferred.succeed(null);
                  });
              System.out.println("running");
              return new Deferred<Void>();
            }));
  }
}
