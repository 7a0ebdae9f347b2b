package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.cred.Passwords;
import dev.braid.testing.BraidTest;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@BraidTest
class PasswdCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String stdin, String... args) {
    return Main.run(
        args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintWriter(out, true),
        new PrintWriter(err, true));
  }

  @Test
  void printsAUserHashLineForThePasswordOnStandardInput() {
    assertThat(run("s3cret pass\n", "passwd", "--cost", "4", "alice")).isZero();
    String line = out.toString().strip();
    assertThat(line).startsWith("alice:$2b$04$");
    String hash = line.substring("alice:".length());
    assertThat(Passwords.verify(ByteString.utf8("s3cret pass"), hash)).isTrue();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void theDefaultCostIsTwelve() {
    assertThat(run("pw\n", "passwd", "bob")).isZero();
    assertThat(Passwords.costOf(out.toString().strip().substring(4))).isEqualTo(12);
  }

  @Test
  void badUserNamesCostsAndMissingPasswordsAreOneClearLine() {
    assertThat(run("pw\n", "passwd", "a:b")).isEqualTo(2);
    assertThat(err.toString()).contains("braid: the user name must be non-empty, without colons");
    assertThat(run("pw\n", "passwd", "--cost", "3", "alice")).isEqualTo(2);
    assertThat(err.toString()).contains("braid: --cost must be from 4 to 31, got 3");
    assertThat(run("", "passwd", "alice")).isEqualTo(1);
    assertThat(err.toString()).contains("braid: no password on standard input");
    assertThat(run("\n", "passwd", "--cost", "4", "alice")).isEqualTo(1);
    assertThat(err.toString()).contains("braid: the password is empty");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void helpDescribesTheCommand() {
    assertThat(run("", "passwd", "--help")).isZero();
    assertThat(out.toString()).contains("USER:HASH").contains("--cost");
  }
}
