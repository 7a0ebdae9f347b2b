package dev.braid.reactor;

import dev.braid.net.ListeningPort;
import java.util.List;

/**
 * A reactor that can lend the role of its reactor thread to another thread for a while, in strict
 * hand-off: a coroutine body ({@code Coroutines.async}) or a test body holding the reactor runs
 * while the thread that lent the reactor is parked, and is then the reactor's thread ({@link
 * #isReactorThread()} is true there). Braid's selector reactor ({@link Reactors#create()}) and the
 * testing kit's {@code MemoryReactor} are lendable, so code written as a coroutine runs on either.
 *
 * <p>The lending itself is {@link HandOff}'s job; applications use neither method directly.
 */
public interface LendableReactor extends Reactor {
  /**
   * The listening ports still open: what a holder that lent the reactor to a test body checks the
   * body left behind (the testing kit's dirty-reactor check), like {@link #pendingCalls()}.
   */
  List<ListeningPort> listeningPorts();

  /**
   * The connections and connection attempts still open (for the same check), as opaque objects
   * whose {@code toString()} names them; a reactor without channels returns an empty list.
   */
  List<Object> openChannels();

  /**
   * Makes {@code thread} the one thread that may use the reactor from now on. Called by {@link
   * HandOff} only, on the thread that holds the reactor, just before that thread parks (or just
   * after it took the reactor back); calling it otherwise breaks the one-thread rule.
   */
  void setOwner(Thread thread);
}
