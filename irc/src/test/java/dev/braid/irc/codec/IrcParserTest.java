package dev.braid.irc.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.irc.codec.IrcProtocolException.Reason;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@BraidTest
class IrcParserTest {
  private static final IrcLimits LIMITS = IrcLimits.defaults();

  /** The messages of {@code input}, the same whole, byte by byte and at every split. */
  static List<IrcMessage> parseEveryWay(String input) {
    return ProtocolFeeder.everyWay()
        .sameResult(
            ByteString.utf8(input),
            split -> {
              IrcParser parser = new IrcParser(LIMITS);
              List<IrcMessage> out = new ArrayList<>();
              split.feed(chunk -> parser.feed(chunk, out::add));
              assertThat(parser.bufferedBytes()).isZero();
              return out;
            });
  }

  static IrcMessage one(String line) throws IrcProtocolException {
    return IrcParser.parseLine(ByteString.utf8(line), LIMITS).orElseThrow();
  }

  @Test
  void aMessageHasTagsSourceCommandAndATrailingParameter() {
    assertThat(
            parseEveryWay("@time=2026-01-01T00:00:00.000Z;+x :nick!u@h PRIVMSG #c :hi there\r\n"))
        .containsExactly(
            new IrcMessage(
                Map.of("time", "2026-01-01T00:00:00.000Z", "+x", ""),
                Optional.of("nick!u@h"),
                "PRIVMSG",
                List.of("#c", "hi there")));
  }

  @Test
  void bareLfAndCrlfBothEndALineAndEmptyLinesAreSkipped() {
    assertThat(parseEveryWay("NICK a\n\r\n   \r\nuser u 0 * :Real Name\r\n"))
        .containsExactly(
            IrcMessage.of("NICK", "a"), IrcMessage.of("USER", "u", "0", "*", "Real Name"));
  }

  @Test
  void spacesBetweenParametersCollapseAndAColonStartsTheLastOne() throws Exception {
    assertThat(one("MODE  #c   +o  :alice bob").params()).containsExactly("#c", "+o", "alice bob");
    assertThat(one("TOPIC #c :").params()).containsExactly("#c", "");
    assertThat(one("PRIVMSG #c ::)").params()).containsExactly("#c", ":)");
  }

  @Test
  void afterFourteenMiddleParametersTheRestIsTheLastOne() throws Exception {
    String fourteen = "a b c d e f g h i j k l m n";
    IrcMessage m = one("CMD " + fourteen + " rest of it");
    assertThat(m.params()).hasSize(15).endsWith("rest of it");
  }

  @Test
  void commandsAreUpperCasedAndNumericsKept() throws Exception {
    assertThat(one("privmsg x y").command()).isEqualTo("PRIVMSG");
    assertThat(one(":server 001 nick :Welcome").command()).isEqualTo("001");
  }

  @Test
  void tagValuesAreUnescaped() throws Exception {
    IrcMessage m = one("@a=x\\:y\\sz\\\\w\\r\\n;b=end\\;c=\\q PING");
    assertThat(m.tags())
        .containsEntry("a", "x;y z\\w\r\n")
        .containsEntry("b", "end")
        .containsEntry("c", "q");
  }

  @Test
  void aNulOrACrInsideALineIsMalformed() {
    for (String line : new String[] {"PRIVMSG a :x\0y", "PRIVMSG a :x\ry"}) {
      assertThatThrownBy(() -> one(line))
          .isInstanceOfSatisfying(
              IrcProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
  }

  @Test
  void aLineWithoutACommandOrWithABadOneIsMalformed() {
    for (String line : new String[] {":src", "@a=b", ": PING", "PRIV_MSG x", "12 x", "@=x PING"}) {
      assertThatThrownBy(() -> one(line))
          .as(line)
          .isInstanceOfSatisfying(
              IrcProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
  }

  @Test
  void theLineLimitIs512BytesWithCrlfNotCountingTags() throws Exception {
    String body = "PRIVMSG #c :" + "x".repeat(510 - 12);
    assertThat(one(body).params().get(1)).hasSize(498);
    assertThat(one("@" + "a=" + "v".repeat(8000) + " " + body).params()).hasSize(2);
    assertThatThrownBy(() -> one(body + "x"))
        .isInstanceOfSatisfying(
            IrcProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.LINE_TOO_LONG));
  }

  @Test
  void theTagsLimitIs8191BytesWithTheAtAndTheSpace() throws Exception {
    String tags = "@a=" + "v".repeat(8191 - 4);
    assertThat(one(tags + " PING").tags().get("a")).hasSize(8187);
    assertThatThrownBy(() -> one(tags + "v PING"))
        .isInstanceOfSatisfying(
            IrcProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TAGS_TOO_LONG));
  }

  @Test
  void aStreamLineLongerThanBothLimitsIsRefusedAndTheNextLineStillParses() throws Exception {
    IrcParser parser = new IrcParser(LIMITS);
    ByteBuffer data =
        ByteString.utf8("PRIVMSG a :" + "x".repeat(9000) + "\r\nPING x\r\n").asByteBuffer();
    assertThatThrownBy(() -> parser.next(data))
        .isInstanceOfSatisfying(
            IrcProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.LINE_TOO_LONG));
    assertThat(parser.bufferedBytes()).isLessThanOrEqualTo(LIMITS.maxWholeLine() + 2);
    assertThat(parser.next(data)).contains(IrcMessage.of("PING", "x"));
  }

  @Test
  void bytesThatAreNotUtf8BecomeTheReplacementCharacter() throws Exception {
    byte[] latin1 = "PRIVMSG a :caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(IrcParser.parseLine(ByteString.of(latin1), LIMITS).orElseThrow().params().get(1))
        .isEqualTo("caf\uFFFD");
  }

  @Test
  void whatParsesEncodesBackToTheSameMessage() throws Exception {
    for (String line :
        new String[] {
          "@a=x\\sy;+b/c :n!u@h PRIVMSG #c :hi there",
          "NICK alice",
          "TOPIC #c :",
          "PRIVMSG #c ::)",
          "CMD a b c d e f g h i j k l m n rest of it",
        }) {
      IrcMessage m = one(line);
      ByteString encoded = m.encode();
      assertThat(IrcParser.parseLine(encoded.substring(0, encoded.size() - 2), LIMITS))
          .as(line)
          .contains(m);
    }
  }
}
