package dev.braid.pb;

import dev.braid.cred.UnauthorizedLogin;
import dev.braid.cred.UnhandledCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How exceptions cross the wire both ways. A Java exception thrown by a remote method goes to the
 * peer as a {@code CopyableFailure} whose type is its registered name, or else its Java class name;
 * a failure from the peer whose type is registered arrives as that Java exception (made from the
 * message), any other as a {@link RemoteError}. Immutable; any thread.
 *
 * <pre>{@code
 * RemoteErrors errors =
 *     RemoteErrors.defaults().with("shop.OutOfStock", OutOfStock.class, OutOfStock::new);
 * }</pre>
 */
public final class RemoteErrors {
  private record Entry<E extends Throwable>(
      String name, Class<E> type, Function<String, ? extends E> make) {}

  private static final RemoteErrors DEFAULTS =
      new RemoteErrors(List.of())
          .with(
              "twisted.cred.error.UnauthorizedLogin",
              UnauthorizedLogin.class,
              UnauthorizedLogin::new)
          .with(
              "twisted.spread.flavors.NoSuchMethod",
              NoSuchRemoteMethod.class,
              NoSuchRemoteMethod::new)
          .with(
              "twisted.cred.error.UnhandledCredentials",
              UnhandledCredentials.class,
              UnhandledCredentials::new);

  private final List<Entry<?>> entries;

  private RemoteErrors(List<Entry<?>> entries) {
    this.entries = entries;
  }

  /**
   * Twisted's cred errors ({@code UnauthorizedLogin}, {@code UnhandledCredentials}) and {@code
   * NoSuchMethod} ({@link NoSuchRemoteMethod}).
   */
  public static RemoteErrors defaults() {
    return DEFAULTS;
  }

  /** These mappings and {@code type} under the Python name {@code name}, made by {@code make}. */
  public <E extends Throwable> RemoteErrors with(
      String name, Class<E> type, Function<String, ? extends E> make) {
    List<Entry<?>> more = new ArrayList<>(entries);
    more.add(
        new Entry<>(
            Objects.requireNonNull(name, "name"),
            Objects.requireNonNull(type, "type"),
            Objects.requireNonNull(make, "make")));
    return new RemoteErrors(List.copyOf(more));
  }

  /** The exception a peer's failure of {@code type} with {@code message} stands for. */
  public Throwable fromRemote(String type, String message, String traceback, List<String> parents) {
    for (Entry<?> entry : entries) {
      if (entry.name().equals(type)) {
        return entry.make().apply(message);
      }
    }
    return new RemoteError(type, message, traceback, parents);
  }

  /** The type name the peer sees for {@code error}. */
  public String nameOf(Throwable error) {
    if (error instanceof RemoteError remote) {
      return remote.remoteType();
    }
    Entry<?> best = null;
    for (Entry<?> entry : entries) {
      if (entry.type().isInstance(error)
          && (best == null || best.type().isAssignableFrom(entry.type()))) {
        best = entry;
      }
    }
    return best != null ? best.name() : error.getClass().getName();
  }

  /** The class names the peer sees for {@code error}: its own first, then its superclasses'. */
  public List<String> parentsOf(Throwable error) {
    if (error instanceof RemoteError remote && !remote.parents().isEmpty()) {
      return remote.parents();
    }
    List<String> names = new ArrayList<>();
    names.add(nameOf(error));
    for (Class<?> c = error.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      if (!names.contains(c.getName())) {
        names.add(c.getName());
      }
    }
    names.add("builtins.Exception");
    names.add("builtins.BaseException");
    names.add("builtins.object");
    return names;
  }

  /** The message the peer sees for {@code error}. */
  static String messageOf(Throwable error) {
    if (error instanceof RemoteError remote) {
      return remote.remoteMessage();
    }
    return Objects.requireNonNullElse(error.getMessage(), "");
  }
}
