package dev.braid.pb;

import java.util.List;
import java.util.Objects;

/**
 * An error the peer's method raised, as the peer described it (Twisted's {@code CopiedFailure}):
 * its type's name ({@code builtins.ValueError}), its message, its traceback if the peer sends one,
 * and the names of its classes. Errors whose type is registered in {@link RemoteErrors} arrive as
 * that Java exception instead.
 */
public final class RemoteError extends Exception {
  private static final long serialVersionUID = 1L;

  private final String remoteType;
  private final String remoteTraceback;
  private final List<String> parents;

  /** An error of type {@code remoteType} with {@code message}. */
  public RemoteError(
      String remoteType, String message, String remoteTraceback, List<String> parents) {
    super(remoteType + ": " + message);
    this.remoteType = Objects.requireNonNull(remoteType, "remoteType");
    this.remoteTraceback = Objects.requireNonNull(remoteTraceback, "remoteTraceback");
    this.parents = List.copyOf(parents);
  }

  /** The qualified name of the peer's exception type. */
  public String remoteType() {
    return remoteType;
  }

  /** The message without the type: the peer's {@code str(exception)}. */
  public String remoteMessage() {
    return getMessage().substring(remoteType.length() + 2);
  }

  /** The traceback the peer sent ({@code "Traceback unavailable\n"} unless it sends them). */
  public String remoteTraceback() {
    return remoteTraceback;
  }

  /** The names of the exception's classes, its own first. */
  public List<String> parents() {
    return parents;
  }

  /** True if the peer's exception is (a subclass of) the class named {@code type}. */
  public boolean is(String type) {
    return remoteType.equals(type) || parents.contains(type);
  }
}
