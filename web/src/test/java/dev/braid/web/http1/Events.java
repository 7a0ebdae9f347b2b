package dev.braid.web.http1;

import dev.braid.bytes.ByteString;
import java.util.ArrayList;
import java.util.List;

/** Test helper: merges adjacent body chunks so event lists do not depend on how input was cut. */
final class Events {
  private Events() {}

  static <E extends HttpEvent> List<HttpEvent> merged(List<E> events) {
    List<HttpEvent> out = new ArrayList<>();
    for (HttpEvent event : events) {
      if (event instanceof BodyChunk chunk) {
        if (chunk.data().isEmpty()) {
          throw new AssertionError("empty body chunk emitted");
        }
        if (!out.isEmpty() && out.getLast() instanceof BodyChunk previous) {
          out.set(out.size() - 1, new BodyChunk(previous.data().concat(chunk.data())));
          continue;
        }
      }
      out.add(event);
    }
    return out;
  }

  static BodyChunk body(String text) {
    return new BodyChunk(ByteString.utf8(text));
  }
}
