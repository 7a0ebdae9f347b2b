package dev.braid.web;

import dev.braid.defer.Deferred;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A resource that dispatches on the request method: override {@link #get}, {@link #post}, {@link
 * #put}, {@link #delete} or {@link #patch}. A method that is not overridden is answered 405 with an
 * {@code Allow} header listing those that are; {@code HEAD} runs {@link #get} and the server drops
 * the body (keeping its length); {@code OPTIONS} answers 204 with {@code Allow}. Children added
 * with {@link #putChild} are found by {@link #getChild}; the empty segment (a trailing slash) finds
 * this resource unless a child was put under it. Used on the reactor thread only.
 */
public abstract class MethodResource implements Resource {
  private final Map<String, Resource> children = new HashMap<>();
  private volatile String allow;

  /**
   * Which of get, post, put, delete and patch the class overrides, one bit each (see OVERRIDDEN).
   */
  private final int overridden = OVERRIDDEN.get(getClass());

  /** Subclasses only. */
  protected MethodResource() {}

  /** Makes {@code child} answer the path segment {@code segment} below this resource. */
  public final void putChild(String segment, Resource child) {
    children.put(segment, child);
  }

  @Override
  public Resource getChild(String segment, Request request) {
    Resource child = children.get(segment);
    if (child != null) {
      return child;
    }
    return segment.isEmpty() ? this : ErrorResource.of(404, "No such resource.");
  }

  @Override
  public final Deferred<Void> render(Request request) throws Exception {
    return switch (request.method()) {
      case "GET", "HEAD" -> has(GET) ? get(request) : notAllowed(request);
      case "POST" -> has(POST) ? post(request) : notAllowed(request);
      case "PUT" -> has(PUT) ? put(request) : notAllowed(request);
      case "DELETE" -> has(DELETE) ? delete(request) : notAllowed(request);
      case "PATCH" -> has(PATCH) ? patch(request) : notAllowed(request);
      case "OPTIONS" -> {
        request.setStatus(204);
        request.setHeader("Allow", allowed());
        request.finish();
        yield Deferred.succeed(null);
      }
      default -> notAllowed(request);
    };
  }

  /** Answers GET (and HEAD). */
  protected Deferred<Void> get(Request request) throws Exception {
    return notAllowed(request);
  }

  /** Answers POST. */
  protected Deferred<Void> post(Request request) throws Exception {
    return notAllowed(request);
  }

  /** Answers PUT. */
  protected Deferred<Void> put(Request request) throws Exception {
    return notAllowed(request);
  }

  /** Answers DELETE. */
  protected Deferred<Void> delete(Request request) throws Exception {
    return notAllowed(request);
  }

  /** Answers PATCH. */
  protected Deferred<Void> patch(Request request) throws Exception {
    return notAllowed(request);
  }

  /** The {@code Allow} header value: the methods this resource answers, in a fixed order. */
  public final String allowed() {
    String a = allow;
    if (a == null) {
      List<String> methods = new ArrayList<>();
      if (has(GET)) {
        methods.add("GET");
        methods.add("HEAD");
      }
      for (int i = 1; i < HANDLERS.size(); i++) {
        if (has(1 << i)) {
          methods.add(HANDLERS.get(i).toUpperCase(java.util.Locale.ROOT));
        }
      }
      methods.add("OPTIONS");
      a = String.join(", ", methods);
      allow = a;
    }
    return a;
  }

  private Deferred<Void> notAllowed(Request request) {
    request.setHeader("Allow", allowed());
    return request.respondError(405, "Method " + request.method() + " is not allowed here.");
  }

  private static final List<String> HANDLERS = List.of("get", "post", "put", "delete", "patch");
  private static final int GET = 1;
  private static final int POST = 2;
  private static final int PUT = 4;
  private static final int DELETE = 8;
  private static final int PATCH = 16;

  private boolean has(int handler) {
    return (overridden & handler) != 0;
  }

  /**
   * Per subclass, which handler methods it overrides (bit i for {@code HANDLERS[i]}), found by
   * reflection once per class; each instance keeps its bits in a field.
   */
  private static final ClassValue<Integer> OVERRIDDEN =
      new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
          int found = 0;
          for (int i = 0; i < HANDLERS.size(); i++) {
            for (Class<?> c = type; c != MethodResource.class; c = c.getSuperclass()) {
              try {
                c.getDeclaredMethod(HANDLERS.get(i), Request.class);
                found |= 1 << i;
                break;
              } catch (NoSuchMethodException e) {
                // keep looking in the superclass
              }
            }
          }
          return found;
        }
      };
}
