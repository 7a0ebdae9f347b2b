package dev.braid.web;

import dev.braid.defer.Deferred;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic authentication in front of a resource tree: a request without valid credentials gets
 * 401 with {@code WWW-Authenticate: Basic realm="..."}; one with credentials the {@link Checker}
 * accepts goes on to the protected tree. Only use it over TLS: Basic sends the password in clear.
 * Reactor thread only.
 */
public final class BasicAuth implements Resource {
  /** Checks a user name and password; answers on the reactor thread. */
  @FunctionalInterface
  public interface Checker {
    /** Whether {@code user} with {@code password} may enter. */
    Deferred<Boolean> check(String user, String password);
  }

  private final String realm;
  private final Checker checker;
  private final Resource wrapped;

  /** Protects {@code wrapped} in {@code realm} with {@code checker}. */
  public BasicAuth(String realm, Checker checker, Resource wrapped) {
    if (realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
      throw new IllegalArgumentException("a realm has no quote, backslash or control character");
    }
    this.realm = realm;
    this.checker = checker;
    this.wrapped = wrapped;
  }

  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public Deferred<Void> render(Request request) {
    Optional<String[]> creds = credentials(request);
    if (creds.isEmpty()) {
      return challenge(request);
    }
    return checker
        .check(creds.get()[0], creds.get()[1])
        .addDeferredCallback(
            ok -> {
              if (!ok) {
                return challenge(request);
              }
              return Site.renderFrom(wrapped, request);
            });
  }

  private Deferred<Void> challenge(Request request) {
    request.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    return request.respondError(401, "Authentication required.");
  }

  /** The user name of the request's Basic credentials, whether or not they were checked. */
  public static Optional<String> user(Request request) {
    return credentials(request).map(c -> c[0]);
  }

  private static Optional<String[]> credentials(Request request) {
    Optional<String> header = request.header("Authorization");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String h = header.get().strip();
    if (h.length() < 6 || !h.substring(0, 6).equalsIgnoreCase("basic ")) {
      return Optional.empty();
    }
    try {
      String decoded =
          new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return Optional.empty();
      }
      return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
