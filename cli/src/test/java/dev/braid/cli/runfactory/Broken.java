package dev.braid.cli.runfactory;

import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import java.net.SocketAddress;

/** Classes {@code braid run --factory} refuses, each with its own message. */
public final class Broken {
  private Broken() {}

  /** A factory whose only constructor takes an argument. */
  public static final class NeedsAnArgument implements ProtocolFactory {
    /** Not what braid run can call. */
    public NeedsAnArgument(String greeting) {
      greeting.length();
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
      throw new UnsupportedOperationException();
    }
  }

  /** An abstract factory. */
  public abstract static class Abstract implements ProtocolFactory {
    /** For subclasses. */
    protected Abstract() {}
  }

  /** A factory method that throws. */
  public static final class Throws {
    private Throws() {}

    /** Fails with a message for the user. */
    public static ProtocolFactory factory() {
      throw new IllegalStateException("the greeting file is missing");
    }
  }

  /** A factory method that returns null. */
  public static final class ReturnsNull {
    private ReturnsNull() {}

    /** Returns no factory. */
    public static ProtocolFactory factory() {
      return null;
    }
  }
}
