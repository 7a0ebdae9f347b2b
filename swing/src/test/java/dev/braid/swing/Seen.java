package dev.braid.swing;

import dev.braid.reactor.Reactor;
import java.awt.EventQueue;

/** Where a callback ran: on the event dispatch thread or not, and owning the reactor or not. */
record Seen(String what, boolean onEdt, boolean owner) {
  static Seen here(String what, Reactor reactor) {
    return new Seen(what, EventQueue.isDispatchThread(), reactor.isReactorThread());
  }

  static Seen onEdtAsOwner(String what) {
    return new Seen(what, true, true);
  }
}
