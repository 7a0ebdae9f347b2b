package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.cred.AuthorizedKey;
import dev.braid.cred.AuthorizedKeysException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Fuzzes {@link AuthorizedKey#parseFile} and {@link AuthorizedKey#parseLine} with the input as
 * UTF-8 text split into lines. Oracles: {@code parseLine} throws only {@link
 * IllegalArgumentException} and {@code parseFile} only {@link AuthorizedKeysException}, naming the
 * first line {@code parseLine} refuses; the keys {@code parseFile} returns are those of the
 * accepted lines; and each key written back as a line parses to the same key.
 */
@dev.braid.testing.BraidTest
class AuthorizedKeysFuzzTest {
  @FuzzTest
  void linesFailOnlyWithTheDeclaredErrorsAndRoundTrip(byte[] input) {
    Harness.timed(
        input,
        () -> {
          List<String> lines = List.of(new String(input, StandardCharsets.UTF_8).split("\n", -1));
          List<AuthorizedKey> expected = new ArrayList<>();
          int firstBad = 0;
          for (int i = 0; i < lines.size() && firstBad == 0; i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
              continue;
            }
            try {
              AuthorizedKey key = AuthorizedKey.parseLine(line);
              expected.add(key);
              checkRoundTrip(key);
            } catch (IllegalArgumentException e) {
              firstBad = i + 1;
            }
          }
          try {
            List<AuthorizedKey> keys = AuthorizedKey.parseFile("fuzz", lines);
            assertThat(firstBad).as("parseFile accepted a line parseLine refuses").isZero();
            assertThat(keys).hasSameSizeAs(expected);
            for (int k = 0; k < keys.size(); k++) {
              assertSameKey(keys.get(k), expected.get(k));
            }
          } catch (AuthorizedKeysException e) {
            assertThat(e.line()).as("the line parseFile names").isEqualTo(firstBad);
          }
        });
  }

  private static void checkRoundTrip(AuthorizedKey key) {
    String line =
        (key.options().isEmpty() ? "" : key.options() + " ")
            + key.type()
            + " "
            + Base64.getEncoder().encodeToString(key.blob().toByteArray())
            + (key.comment().isEmpty() ? "" : " " + key.comment());
    assertSameKey(AuthorizedKey.parseLine(line), key);
  }

  private static void assertSameKey(AuthorizedKey actual, AuthorizedKey expected) {
    assertThat(actual.options()).isEqualTo(expected.options());
    assertThat(actual.type()).isEqualTo(expected.type());
    assertThat(actual.blob()).isEqualTo(expected.blob());
    assertThat(actual.comment()).isEqualTo(expected.comment());
    assertThat(actual.matches(expected.key())).isTrue();
  }
}
