package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.web.staticfiles.FileResource;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes {@link FileResource#resolve}, the mapping of a request path to a path under the served
 * root. The input is the path of a request-target as sent ({@code /a/%2e%2e/b}); it is split at
 * {@code /} and each segment %-decoded as UTF-8, as the server does before the resource sees it
 * (inputs that are not UTF-8 are refused with 400 before that and are skipped here). Oracles: no
 * exception escapes; a resolved path is inside the root, normalised (no {@code .} or {@code ..}
 * names), has one name per non-empty segment and holds no NUL or backslash; and a path is refused
 * exactly when a segment is {@code .} or {@code ..}, holds {@code /}, {@code \} or NUL, or is empty
 * anywhere but last.
 */
@dev.braid.testing.BraidTest
class StaticPathFuzzTest {
  private static final Path ROOT = Path.of("/srv/www/site").toAbsolutePath();

  @FuzzTest
  void pathsStayInsideTheRoot(byte[] input) {
    String path = new String(input, StandardCharsets.ISO_8859_1);
    List<String> segments = new ArrayList<>();
    for (String raw : (path.startsWith("/") ? path.substring(1) : path).split("/", -1)) {
      Optional<String> decoded = percentDecode(raw);
      if (decoded.isEmpty()) {
        return;
      }
      segments.add(decoded.get());
    }
    Harness.timed(
        input,
        () -> {
          Optional<Path> resolved = FileResource.resolve(ROOT, segments);
          assertThat(resolved.isEmpty()).as("refused").isEqualTo(mustRefuse(segments));
          if (resolved.isPresent()) {
            Path p = resolved.get();
            assertThat(p.startsWith(ROOT)).as("inside the root: %s", p).isTrue();
            assertThat(p.normalize()).isEqualTo(p);
            long names = segments.stream().filter(s -> !s.isEmpty()).count();
            assertThat(p.getNameCount()).isEqualTo(ROOT.getNameCount() + (int) names);
            for (Path name : ROOT.relativize(p)) {
              assertThat(name.toString()).isNotIn(".", "..").doesNotContain("\0", "\\", "/");
            }
          }
        });
  }

  private static boolean mustRefuse(List<String> segments) {
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      if (s.equals(".")
          || s.equals("..")
          || s.contains("/")
          || s.contains("\\")
          || s.contains("\0")
          || (s.isEmpty() && i < segments.size() - 1)) {
        return true;
      }
    }
    return false;
  }

  /** %XX escapes, then strict UTF-8; empty when malformed (the server answers 400). */
  private static Optional<String> percentDecode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(c);
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(out.toByteArray()))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
