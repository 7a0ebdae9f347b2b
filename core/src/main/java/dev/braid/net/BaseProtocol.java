package dev.braid.net;

import java.util.Objects;

/**
 * A protocol that keeps its transport: the usual starting point for a protocol class (Twisted's
 * {@code Protocol} base class). {@link #connectionMade} stores the transport, {@link #transport()}
 * returns it.
 *
 * <p>Reactor thread only, like every protocol.
 */
public abstract class BaseProtocol implements Protocol {
  private Transport transport;

  /** For subclasses. */
  protected BaseProtocol() {}

  /**
   * Stores the transport. A subclass that overrides this must call {@code
   * super.connectionMade(transport)} first.
   */
  @Override
  public void connectionMade(Transport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /**
   * The transport, once {@link #connectionMade} ran; throws {@link IllegalStateException} before
   * that (or when an override of {@code connectionMade} forgot to call {@code super}).
   */
  protected final Transport transport() {
    if (transport == null) {
      throw new IllegalStateException(
          "no transport yet: connectionMade has not run (or an override did not call super)");
    }
    return transport;
  }

  /**
   * Makes {@code replacement} the transport from now on: for a protocol that starts a layer on its
   * own connection (STARTTLS hands back a TLS transport to write to instead of the plain one).
   */
  protected final void switchTransport(Transport replacement) {
    this.transport = Objects.requireNonNull(replacement, "replacement");
  }

  /** True once {@link #connectionMade} ran. */
  protected final boolean connected() {
    return transport != null;
  }
}
