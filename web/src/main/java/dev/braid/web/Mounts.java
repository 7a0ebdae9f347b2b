package dev.braid.web;

import dev.braid.defer.Deferred;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Places resources at fixed paths over another tree: {@code Mounts.over(files).mount("/api",
 * proxy)} sends {@code /api} and everything below it to {@code proxy} (with {@code api} in its
 * {@link Request#prepath()}) and every other path to {@code files}, even when {@code files} is a
 * leaf such as a {@code FileResource} that serves the whole path itself. The longest matching mount
 * wins.
 *
 * <p>Build it before serving; {@link #render} runs on the reactor thread.
 */
public final class Mounts implements Resource {
  private record Mount(List<String> segments, Resource resource) {}

  private final Resource fallback;
  private final List<Mount> mounts = new ArrayList<>();

  private Mounts(Resource fallback) {
    this.fallback = Objects.requireNonNull(fallback);
  }

  /** Mounts over {@code fallback}, which answers every path no mount takes. */
  public static Mounts over(Resource fallback) {
    return new Mounts(fallback);
  }

  /**
   * Places {@code resource} at {@code path} (such as {@code /api} or {@code /a/b}; decoded
   * segments, a trailing slash ignored). Returns this.
   */
  public Mounts mount(String path, Resource resource) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a mount path starts with /: " + path);
    }
    List<String> segments = new ArrayList<>(List.of(path.substring(1).split("/", -1)));
    if (!segments.isEmpty() && segments.getLast().isEmpty()) {
      segments.removeLast();
    }
    if (segments.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("a mount path has no empty segments: " + path);
    }
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("mount a resource at / as the fallback instead");
    }
    for (Mount m : mounts) {
      if (m.segments().equals(segments)) {
        throw new IllegalArgumentException("something is already mounted at " + path);
      }
    }
    mounts.add(new Mount(List.copyOf(segments), Objects.requireNonNull(resource)));
    return this;
  }

  /** True: the mounts decide by the whole rest of the path. */
  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public Deferred<Void> render(Request request) {
    List<String> rest = request.postpath();
    Mount best = null;
    for (Mount m : mounts) {
      if (rest.size() >= m.segments().size()
          && rest.subList(0, m.segments().size()).equals(m.segments())
          && (best == null || m.segments().size() > best.segments().size())) {
        best = m;
      }
    }
    if (best == null) {
      return Site.renderFrom(fallback, request);
    }
    request.walked(request.prepath().size() + best.segments().size());
    return Site.renderFrom(best.resource(), request);
  }
}
