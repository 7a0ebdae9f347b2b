package dev.braid.irc.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IrcMessageTest {
  @Test
  void encodesTagsSourceCommandAndATrailingParameterOnlyWhenNeeded() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("time", "2026-01-01T00:00:00.000Z");
    tags.put("+draft/x", "a;b c");
    tags.put("flag", "");
    assertThat(
            IrcMessage.of("PRIVMSG", "#c", "hi there")
                .withSource("n!u@h")
                .withTags(tags)
                .encode()
                .utf8())
        .isEqualTo(
            "@time=2026-01-01T00:00:00.000Z;+draft/x=a\\:b\\sc;flag :n!u@h PRIVMSG #c :hi there\r\n");
    assertThat(IrcMessage.of("NICK", "alice").line()).isEqualTo("NICK alice");
    assertThat(IrcMessage.of("TOPIC", "#c", "").line()).isEqualTo("TOPIC #c :");
    assertThat(IrcMessage.of("PRIVMSG", "#c", ":)").line()).isEqualTo("PRIVMSG #c ::)");
  }

  @Test
  void crLfAndNulNeverGetIntoAParameterTheSourceOrTheCommand() {
    for (String bad : new String[] {"a\r\nQUIT", "a\nb", "a\0b", "a\rb"}) {
      assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", "#c", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CR, LF or NUL");
      assertThatThrownBy(() -> IrcMessage.of("PING").withSource(bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> IrcMessage.of(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aParameterBeforeTheLastMustBeOneWord() {
    for (String bad : new String[] {"", "two words", ":colon"}) {
      assertThatThrownBy(() -> IrcMessage.of("MODE", bad, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not the last");
    }
  }

  @Test
  void tagNamesAreCheckedAndValuesMayNotHoldNul() {
    assertThatThrownBy(() -> IrcMessage.of("PING").withTags(Map.of("bad name", "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IrcMessage.of("PING").withTags(Map.of("a", "x\0")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(IrcMessage.of("PING").withTags(Map.of("a", "x\r\ny")).line())
        .isEqualTo("@a=x\\r\\ny PING");
  }

  @Test
  void paramGivesEmptyPastTheEnd() {
    IrcMessage m = new IrcMessage(Map.of(), Optional.empty(), "JOIN", List.of("#c"));
    assertThat(m.param(0)).contains("#c");
    assertThat(m.param(1)).isEmpty();
  }
}
