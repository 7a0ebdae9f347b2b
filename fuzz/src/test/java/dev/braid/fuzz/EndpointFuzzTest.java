package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.net.EndpointDescription;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.testing.MemoryReactor;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzzes endpoint strings: {@link EndpointDescription#parse} and every registered parser behind
 * {@link Endpoints#serverFromString} and {@link Endpoints#clientFromString}. A malformed string may
 * only throw {@link EndpointSyntaxException}; a well-formed one, written back out with escapes,
 * parses to the same description.
 */
@dev.braid.testing.BraidTest
class EndpointFuzzTest {
  @FuzzTest
  void descriptionsFailOnlyWithSyntaxErrorsAndRoundTrip(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Harness.timed(
        input,
        () -> {
          EndpointDescription description;
          try {
            description = EndpointDescription.parse(text);
          } catch (EndpointSyntaxException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
          }
          EndpointDescription again = EndpointDescription.parse(render(description));
          assertThat(again.prefix()).isEqualTo(description.prefix());
          assertThat(again.args()).isEqualTo(description.args());
          assertThat(again.params()).isEqualTo(description.params());
        });
  }

  /**
   * Endpoint strings come from the operator, and reading the files they name (certificates, trust
   * roots) is their purpose, so Jazzer's path-traversal detector allows every path here and has no
   * target to steer towards (its probe stays in the corpus as {@code operator-path-*}); the other
   * targets keep the detector as it is.
   */
  @FuzzTest
  void endpointParsersFailOnlyWithSyntaxErrors(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    MemoryReactor reactor = new MemoryReactor();
    try (SilentCloseable anyPath = BugDetectors.setFilePathTraversalAllowPath(path -> true);
        SilentCloseable noTarget = BugDetectors.setFilePathTraversalTarget(() -> null)) {
      Harness.timed(
          input,
          () -> {
            try {
              Endpoints.serverFromString(reactor, text);
            } catch (EndpointSyntaxException e) {
              assertThat(e.getMessage()).isNotBlank();
            }
            try {
              Endpoints.clientFromString(reactor, text);
            } catch (EndpointSyntaxException e) {
              assertThat(e.getMessage()).isNotBlank();
            }
          });
    }
  }

  /** The description as text, every special character escaped. */
  private static String render(EndpointDescription description) {
    StringBuilder out = new StringBuilder(escape(description.prefix()));
    for (String arg : description.args()) {
      out.append(':').append(escape(arg));
    }
    for (Map.Entry<String, String> param : description.params().entrySet()) {
      out.append(':').append(escape(param.getKey())).append('=').append(escape(param.getValue()));
    }
    return out.toString();
  }

  private static String escape(String part) {
    StringBuilder out = new StringBuilder();
    for (char c : part.toCharArray()) {
      if (c == '\\' || c == ':' || c == '=') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
