package dev.braid.irc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaseMappingTest {
  @Test
  void rfc1459FoldsLettersAndTheScandinavianBrackets() {
    assertThat(CaseMapping.RFC1459.fold("Al[i]c\\e~")).isEqualTo("al{i}c|e^");
    assertThat(CaseMapping.RFC1459.equal("[Bot]", "{bot}")).isTrue();
    assertThat(CaseMapping.RFC1459.token()).isEqualTo("rfc1459");
  }

  @Test
  void asciiFoldsLettersOnly() {
    assertThat(CaseMapping.ASCII.fold("Al[i]c\\e~")).isEqualTo("al[i]c\\e~");
    assertThat(CaseMapping.ASCII.equal("[Bot]", "{bot}")).isFalse();
    assertThat(CaseMapping.ASCII.equal("ALICE", "alice")).isTrue();
  }

  @Test
  void nonAsciiLettersAreNotFolded() {
    assertThat(CaseMapping.ASCII.fold("\u00c9")).isEqualTo("\u00c9");
  }
}
