package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.testing.BraidTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The procmon config file: process lines, settings lines, quoting, and clear errors. */
@BraidTest
class ProcMonConfigTest {
  private static final Path BASE = Path.of("/etc/braid");

  @Test
  void processLinesAndTheirSettingsAreRead() {
    List<ProcMonConfig.Entry> entries =
        ProcMonConfig.parse(
            """
            # comment

            web: python3 -m http.server 8080
            web.cwd = www
            web.env.PYTHONUNBUFFERED = 1
            tick: /bin/sh -c 'while :; do date; sleep 60; done'
            """,
            "conf",
            BASE);
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).name()).isEqualTo("web");
    assertThat(entries.get(0).argv()).containsExactly("python3", "-m", "http.server", "8080");
    assertThat(entries.get(0).cwd()).isEqualTo(Path.of("/etc/braid/www"));
    assertThat(entries.get(0).env()).isEqualTo(Map.of("PYTHONUNBUFFERED", "1"));
    assertThat(entries.get(1).argv())
        .containsExactly("/bin/sh", "-c", "while :; do date; sleep 60; done");
    assertThat(entries.get(1).cwd()).isNull();
  }

  @Test
  void wordsSplitOnBlanksWithSingleDoubleAndBackslashQuoting() {
    assertThat(ProcMonConfig.words("  a  'b c' \"d \\\"e\\\\\" f\\ g h''  "))
        .containsExactly("a", "b c", "d \"e\\", "f g", "h");
    assertThatThrownBy(() -> ProcMonConfig.words("a 'b")).hasMessage("unterminated ' quote");
    assertThatThrownBy(() -> ProcMonConfig.words("a \"b")).hasMessage("unterminated \" quote");
  }

  @Test
  void badLinesAreReportedWithTheirLineNumber() {
    assertThatThrownBy(() -> ProcMonConfig.parse("a: x\nwhat is this\n", "f.conf", BASE))
        .hasMessageStartingWith("f.conf line 2: expected \"NAME: COMMAND ARGS\"");
    assertThatThrownBy(() -> ProcMonConfig.parse("b.cwd = /tmp\n", "f.conf", BASE))
        .hasMessage("f.conf line 1: no process named \"b\" on a line above");
    assertThatThrownBy(() -> ProcMonConfig.parse("a: x\na: y\n", "f.conf", BASE))
        .hasMessage("f.conf line 2: a second process named \"a\"");
    assertThatThrownBy(() -> ProcMonConfig.parse("a: 'x\n", "f.conf", BASE))
        .hasMessage("f.conf line 1: unterminated ' quote");
    assertThatThrownBy(() -> ProcMonConfig.parse("a:   \n", "f.conf", BASE))
        .hasMessage("f.conf line 1: process \"a\" has no command");
    assertThatThrownBy(() -> ProcMonConfig.parse("# nothing\n", "f.conf", BASE))
        .hasMessage("f.conf: no processes");
  }
}
