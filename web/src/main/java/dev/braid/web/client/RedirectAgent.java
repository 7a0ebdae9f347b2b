package dev.braid.web.client;

import dev.braid.defer.Deferred;
import dev.braid.web.http.HttpHeaders;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Wraps an agent to follow redirects (301, 302, 303, 307, 308 with a Location), at most {@code
 * maxRedirects} times, then fails with {@link TooManyRedirectsException}. 303 turns any method but
 * HEAD into a GET without body, and so do 301 and 302 for POST (as browsers do); 307 and 308 keep
 * the method and body, so a request with a body is not followed on them (its producer cannot be
 * replayed) and the redirect response is returned as is. On a redirect to another origin (scheme,
 * host or port), Authorization, Cookie and Proxy-Authorization are dropped. The body of each
 * followed redirect is read (up to 64 KiB) and discarded, so its connection can be reused. Only
 * {@code http} and {@code https} targets are followed. Reactor thread only.
 */
public final class RedirectAgent implements Agent {
  private static final long DISCARD_LIMIT = 64 * 1024;

  /** How many redirects are followed by default: 20, as Twisted's and most browsers' limit. */
  public static final int DEFAULT_MAX_REDIRECTS = 20;

  private final Agent inner;
  private final int maxRedirects;

  /** Follows up to {@link #DEFAULT_MAX_REDIRECTS} redirects of what {@code inner} receives. */
  public RedirectAgent(Agent inner) {
    this(inner, DEFAULT_MAX_REDIRECTS);
  }

  /** Follows up to {@code maxRedirects} redirects of what {@code inner} receives. */
  public RedirectAgent(Agent inner, int maxRedirects) {
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("negative redirect count");
    }
    this.inner = inner;
    this.maxRedirects = maxRedirects;
  }

  @Override
  public Deferred<Response> request(
      String method, URI uri, HttpHeaders headers, Optional<BodyProducer> body) {
    return follow(method, uri, headers, body, 0);
  }

  private Deferred<Response> follow(
      String method, URI uri, HttpHeaders headers, Optional<BodyProducer> body, int count) {
    return inner
        .request(method, uri, headers, body)
        .addDeferredCallback(
            response -> {
              int status = response.status();
              Optional<String> location = response.headers().get("Location");
              boolean redirect =
                  status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
              if (!redirect || location.isEmpty()) {
                return Deferred.succeed(response);
              }
              URI next;
              try {
                next = uri.resolve(new URI(location.get()));
              } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                return Deferred.succeed(response);
              }
              String scheme =
                  Objects.requireNonNullElse(next.getScheme(), "").toLowerCase(Locale.ROOT);
              if (!scheme.equals("http") && !scheme.equals("https")) {
                return Deferred.succeed(response);
              }
              boolean toGet =
                  (status == 303 && !method.equals("HEAD"))
                      || ((status == 301 || status == 302) && method.equals("POST"));
              if (!toGet && body.isPresent()) {
                return Deferred.succeed(response);
              }
              if (count >= maxRedirects) {
                response.stopBody();
                return Deferred.fail(
                    new TooManyRedirectsException(
                        "more than " + maxRedirects + " redirects, last to " + next));
              }
              HttpHeaders nextHeaders = headers;
              if (!sameOrigin(uri, next)) {
                nextHeaders =
                    nextHeaders
                        .without("Authorization")
                        .without("Cookie")
                        .without("Proxy-Authorization");
              }
              if (toGet) {
                nextHeaders = nextHeaders.without("Content-Type");
              }
              String nextMethod = toGet ? "GET" : method;
              Optional<BodyProducer> nextBody = toGet ? Optional.empty() : body;
              HttpHeaders finalHeaders = nextHeaders.without("Host");
              URI target = next;
              return response
                  .readBody(DISCARD_LIMIT)
                  .addBoth(ignored -> null)
                  .addDeferredCallback(
                      ignored -> follow(nextMethod, target, finalHeaders, nextBody, count + 1));
            });
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && Objects.requireNonNullElse(a.getHost(), "")
            .equalsIgnoreCase(Objects.requireNonNullElse(b.getHost(), ""))
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }
}
