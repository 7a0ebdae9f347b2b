package dev.braid.irc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IrcTagsTest {
  @Test
  void escapingRoundTripsTheFiveSpecialCharacters() {
    String value = "a;b c\\d\re\nf";
    assertThat(IrcTags.escape(value)).isEqualTo("a\\:b\\sc\\\\d\\re\\nf");
    assertThat(IrcTags.unescape(IrcTags.escape(value))).isEqualTo(value);
  }

  @Test
  void anUnknownEscapeKeepsTheCharacterAndATrailingBackslashIsDropped() {
    assertThat(IrcTags.unescape("\\b\\")).isEqualTo("b");
  }

  @Test
  void tagNamesMayHaveAClientPrefixAndAVendor() {
    assertThat(IrcTags.validKey("time")).isTrue();
    assertThat(IrcTags.validKey("+draft/react")).isTrue();
    assertThat(IrcTags.validKey("example.com/x-y")).isTrue();
    assertThat(IrcTags.validKey("")).isFalse();
    assertThat(IrcTags.validKey("+")).isFalse();
    assertThat(IrcTags.validKey("/x")).isFalse();
    assertThat(IrcTags.validKey("a b")).isFalse();
    assertThat(IrcTags.validKey("vendor/")).isFalse();
  }
}
