package dev.braid.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.testing.BraidTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class HttpHeadersTest {
  @Test
  void lookupIgnoresCaseButFieldsKeepTheirCaseAndOrder() {
    var headers = HttpHeaders.of("Content-Type", "text/plain", "X-A", "1", "x-a", "2");
    assertThat(headers.get("content-type")).contains("text/plain");
    assertThat(headers.getAll("X-a")).containsExactly("1", "2");
    assertThat(headers.fields().get(2).name()).isEqualTo("x-a");
    assertThat(headers.get("missing")).isEmpty();
    assertThat(headers.size()).isEqualTo(3);
  }

  @Test
  void wellKnownNamesAreFoundInAnyCaseAndAbsentOnesAreNot() {
    var headers =
        HttpHeaders.of(
            "content-LENGTH", "5", "HOST", "a", "X-Other", "1", "transfer-encoding", "x");
    assertThat(headers.get("Content-Length")).contains("5");
    assertThat(headers.getAll("host")).containsExactly("a");
    assertThat(headers.contains("Transfer-Encoding")).isTrue();
    assertThat(headers.get("x-other")).contains("1");
    assertThat(headers.get("Connection")).isEmpty();
    assertThat(headers.getAll("EXPECT")).isEmpty();
    assertThat(headers.contains("Content-Type")).isFalse();
    assertThat(headers.getTokens("Connection")).isEmpty();
    assertThat(headers.without("host").get("Host")).isEmpty();
    assertThat(headers.with("connection", "close").get("Connection")).contains("close");
  }

  @Test
  void withSetReplacesEveryFieldOfThatName() {
    var headers = HttpHeaders.of("A", "1", "B", "2", "a", "3").withSet("A", "4");
    assertThat(headers.fields())
        .containsExactly(new HttpHeaders.Field("B", "2"), new HttpHeaders.Field("A", "4"));
    assertThat(headers.without("b").size()).isEqualTo(1);
  }

  @Test
  void tokenListsAreSplitOnCommas() {
    var headers = HttpHeaders.of("Connection", "keep-alive, Upgrade", "Connection", "close");
    assertThat(headers.getTokens("connection")).containsExactly("keep-alive", "Upgrade", "close");
    assertThat(headers.containsToken("Connection", "upgrade")).isTrue();
  }

  @Test
  void namesThatAreNotTokensAreRefused() {
    for (String name : List.of("", "A B", "A:", "Ä", "A\r\nB")) {
      assertThatThrownBy(() -> HttpHeaders.of(name, "v"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void valuesThatCouldInjectLinesAreRefused() {
    for (String value :
        List.of("a\r\nX: y", "a\nb", "a\rb", "a\0b", "a\u0001", " lead", "trail\t", "\u0100")) {
      assertThatThrownBy(() -> HttpHeaders.of("X", value))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void equalityComparesFieldsInOrder() {
    assertThat(HttpHeaders.of("A", "1", "B", "2")).isEqualTo(HttpHeaders.of("A", "1", "B", "2"));
    assertThat(HttpHeaders.of("A", "1", "B", "2")).isNotEqualTo(HttpHeaders.of("B", "2", "A", "1"));
    assertThat(HttpHeaders.of()).isEqualTo(HttpHeaders.empty());
  }
}
