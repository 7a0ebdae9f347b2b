package dev.braid.web;

import java.time.Duration;
import java.util.Optional;

/**
 * A cookie to send with {@link Request#addCookie}: name, value and attributes. Immutable; any
 * thread.
 *
 * @param name the cookie name (an HTTP token)
 * @param value the value (no controls, whitespace, {@code "}, {@code ,}, {@code ;} or {@code \})
 * @param path the {@code Path} attribute
 * @param domain the {@code Domain} attribute
 * @param maxAge the {@code Max-Age} attribute
 * @param secure whether to send {@code Secure}
 * @param httpOnly whether to send {@code HttpOnly}
 * @param sameSite the {@code SameSite} attribute ({@code Strict}, {@code Lax} or {@code None})
 */
public record Cookie(
    String name,
    String value,
    Optional<String> path,
    Optional<String> domain,
    Optional<Duration> maxAge,
    boolean secure,
    boolean httpOnly,
    Optional<String> sameSite) {

  /** Checks the name and value. */
  public Cookie {
    if (name.isEmpty() || !name.chars().allMatch(Cookie::isTokenChar)) {
      throw new IllegalArgumentException("a cookie name is a token: " + name);
    }
    if (!value
        .chars()
        .allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\')) {
      throw new IllegalArgumentException("bad character in the value of cookie " + name);
    }
    for (Optional<String> attr : java.util.List.of(path, domain, sameSite)) {
      if (attr.isPresent() && attr.get().chars().anyMatch(c -> c < 0x20 || c == ';' || c == 0x7f)) {
        throw new IllegalArgumentException("bad character in an attribute of cookie " + name);
      }
    }
  }

  /** A cookie with path {@code /}, {@code HttpOnly} and {@code SameSite=Lax}. */
  public static Cookie of(String name, String value) {
    return new Cookie(
        name,
        value,
        Optional.of("/"),
        Optional.empty(),
        Optional.empty(),
        false,
        true,
        Optional.of("Lax"));
  }

  /** This cookie with {@code Max-Age} set. */
  public Cookie withMaxAge(Duration age) {
    return new Cookie(name, value, path, domain, Optional.of(age), secure, httpOnly, sameSite);
  }

  /** This cookie with {@code Secure} set or not. */
  public Cookie withSecure(boolean on) {
    return new Cookie(name, value, path, domain, maxAge, on, httpOnly, sameSite);
  }

  /** The value of a {@code Set-Cookie} header for this cookie. */
  public String toSetCookie() {
    StringBuilder b = new StringBuilder(name).append('=').append(value);
    path.ifPresent(p -> b.append("; Path=").append(p));
    domain.ifPresent(d -> b.append("; Domain=").append(d));
    maxAge.ifPresent(a -> b.append("; Max-Age=").append(Math.max(0, a.toSeconds())));
    if (secure) {
      b.append("; Secure");
    }
    if (httpOnly) {
      b.append("; HttpOnly");
    }
    sameSite.ifPresent(s -> b.append("; SameSite=").append(s));
    return b.toString();
  }

  static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }
}
