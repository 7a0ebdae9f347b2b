package dev.braid.web.http2.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.web.http2.codec.Http2Frame.Setting;
import dev.braid.web.http2.codec.Http2FrameParser.Side;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The frame parser and encoder against RFC 9113 sections 3.4, 4, 5.5 and 6: each test feeds its
 * input whole, byte by byte, at every cut and in random chunks, and checks one MUST.
 */
@BraidTest
class Http2FrameParserTest {
  private static final ByteString SETTINGS = frame(Http2Frame.SETTINGS, 0, 0, "");
  private static final ByteString CLIENT_START = Http2FrameParser.PREFACE.concat(SETTINGS);
  private static final Http2Frame.Settings EMPTY_SETTINGS =
      new Http2Frame.Settings(false, List.of());

  /** What parsing gave: frames, stream errors as text, and the connection error that ended it. */
  record Outcome(List<Object> events, Optional<String> connectionError, int buffered) {}

  /** Every way for short inputs; whole, byte by byte and random chunks for long ones. */
  private static ProtocolFeeder feeder(ByteString input) {
    return input.size() <= 2048
        ? ProtocolFeeder.everyWay()
        : ProtocolFeeder.standard().withRandomChunks(ProtocolFeeder.EVERY_WAY_SEED, 4);
  }

  private static Outcome parse(Side side, Http2Limits limits, ByteString input) {
    return feeder(input)
        .sameResult(
            input,
            split -> {
              Http2FrameParser parser = new Http2FrameParser(side, limits);
              List<Object> events = new ArrayList<>();
              String[] error = {null};
              split.feed(
                  chunk -> {
                    while (error[0] == null && chunk.hasRemaining()) {
                      try {
                        parser.next(chunk).ifPresent(events::add);
                      } catch (Http2Exception e) {
                        if (e.isConnectionError()) {
                          error[0] = e.error() + ": " + e.getMessage();
                        } else {
                          events.add("stream " + e.streamId() + " " + e.error());
                        }
                      }
                    }
                  });
              return new Outcome(
                  events,
                  Optional.ofNullable(error[0]),
                  error[0] == null ? parser.bufferedBytes() : -1);
            });
  }

  /** What a server parses from the preface, an empty SETTINGS and {@code frames}. */
  private static Outcome server(ByteString... frames) {
    return parse(Side.SERVER, Http2Limits.DEFAULT, CLIENT_START.concat(concat(frames)));
  }

  private static Outcome client(ByteString... frames) {
    return parse(Side.CLIENT, Http2Limits.DEFAULT, SETTINGS.concat(concat(frames)));
  }

  private static void assertConnectionError(Outcome outcome, Http2Error error, String message) {
    assertThat(outcome.connectionError())
        .hasValueSatisfying(e -> assertThat(e).startsWith(error + ": ").contains(message));
  }

  private static ByteString concat(ByteString... parts) {
    ByteString all = ByteString.EMPTY;
    for (ByteString part : parts) {
      all = all.concat(part);
    }
    return all;
  }

  private static ByteString frame(int type, int flags, int stream, String payloadHex) {
    return frame(
        type, flags, stream, ByteString.of(HexFormat.of().parseHex(payloadHex.replace(" ", ""))));
  }

  private static ByteString frame(int type, int flags, int stream, ByteString payload) {
    ByteBuffer header = ByteBuffer.allocate(9);
    int length = payload.size();
    header.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
    header.put((byte) type).put((byte) flags).putInt(stream);
    return ByteString.wrapOwned(header.array()).concat(payload);
  }

  private static ByteString octets(int n) {
    return ByteString.wrapOwned(new byte[n]);
  }

  // 3.4: the connection preface

  @Test
  void aWrongClientPrefaceIsAProtocolError() {
    ByteString http1 = ByteString.ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertConnectionError(
        parse(Side.SERVER, Http2Limits.DEFAULT, http1), Http2Error.PROTOCOL_ERROR, "preface");
  }

  @Test
  void thePrefaceMustBeFollowedBySettings() {
    ByteString ping = frame(Http2Frame.PING, 0, 0, "0000000000000000");
    assertConnectionError(
        parse(Side.SERVER, Http2Limits.DEFAULT, Http2FrameParser.PREFACE.concat(ping)),
        Http2Error.PROTOCOL_ERROR,
        "first frame must be SETTINGS");
  }

  @Test
  void theServersFirstFrameMustBeSettingsAndNotAnAck() {
    assertConnectionError(
        parse(Side.CLIENT, Http2Limits.DEFAULT, Http2FrameEncoder.encode(Http2Frame.Settings.ACK)),
        Http2Error.PROTOCOL_ERROR,
        "first frame must be SETTINGS");
    assertThat(client().events()).containsExactly(EMPTY_SETTINGS);
  }

  @Test
  void aPartialPrefaceIsHeldAndCounted() {
    Outcome outcome =
        parse(Side.SERVER, Http2Limits.DEFAULT, Http2FrameParser.PREFACE.substring(0, 10));
    assertThat(outcome.connectionError()).isEmpty();
    assertThat(outcome.buffered()).isEqualTo(10);
  }

  // 4.1 and 4.2: the frame header and frame size

  @Test
  void theReservedBitAndUnknownFlagsAreIgnored() {
    ByteString ping = frame(Http2Frame.PING, 0xfe, 0, "0000000000000007");
    ByteString data = frame(Http2Frame.DATA, 0xf6, 0x8000_0003, "6869");
    assertThat(server(ping, data).events())
        .containsExactly(
            EMPTY_SETTINGS,
            new Http2Frame.Ping(false, 7),
            new Http2Frame.Data(3, ByteString.ascii("hi"), false, 0));
  }

  @Test
  void aFrameLargerThanMaxFrameSizeIsAFrameSizeError() {
    ByteString big = frame(Http2Frame.DATA, 0, 1, octets(16_385));
    assertConnectionError(
        server(big), Http2Error.FRAME_SIZE_ERROR, "larger than SETTINGS_MAX_FRAME_SIZE");
  }

  @Test
  void aFrameOfExactlyMaxFrameSizeIsAccepted() {
    ByteString full = frame(Http2Frame.DATA, 0, 1, octets(16_384));
    assertThat(server(full).events()).hasSize(2);
  }

  @Test
  void theFrameSizeLimitIsASetting() {
    ByteString big = frame(Http2Frame.DATA, 0x1, 1, octets(20_000));
    Outcome outcome =
        parse(Side.SERVER, Http2Limits.DEFAULT.withMaxFrameSize(20_000), CLIENT_START.concat(big));
    assertThat(outcome.events()).last().isEqualTo(new Http2Frame.Data(1, octets(20_000), true, 0));
  }

  @Test
  void anOversizedFrameFailsFromItsHeaderWithoutHoldingThePayload() {
    ByteString header = frame(Http2Frame.DATA, 0, 1, octets(1 << 20)).substring(0, 9);
    assertConnectionError(server(header), Http2Error.FRAME_SIZE_ERROR, "1048576 octets");
  }

  @Test
  void heldBytesAreThoseOfTheUnfinishedFrame() {
    ByteString partial = frame(Http2Frame.DATA, 0, 1, octets(100)).substring(0, 50);
    assertThat(server(partial).buffered()).isEqualTo(50);
  }

  // 5.5: extensions

  @Test
  void framesOfUnknownTypesAreIgnored() {
    ByteString unknown = frame(0xfa, 0xff, 5, "0102030405");
    ByteString ping = frame(Http2Frame.PING, 1, 0, "0000000000000001");
    assertThat(server(unknown, ping).events())
        .containsExactly(EMPTY_SETTINGS, new Http2Frame.Ping(true, 1));
  }

  @Test
  void anUnknownFrameInsideAFieldBlockIsAProtocolError() {
    ByteString headers = frame(Http2Frame.HEADERS, 0, 1, "82");
    ByteString unknown = frame(0xfa, 0, 1, "");
    assertConnectionError(server(headers, unknown), Http2Error.PROTOCOL_ERROR, "CONTINUATION");
  }

  // 6.1 to 6.8: the stream a frame type must be on

  @ParameterizedTest(name = "type {0} on stream 0")
  @CsvSource({
    "0, 00, DATA",
    "1, 82, HEADERS",
    "2, 0000000310, PRIORITY",
    "3, 00000008, RST_STREAM"
  })
  void aStreamFrameOnStreamZeroIsAProtocolError(int type, String payload, String name) {
    assertConnectionError(
        server(frame(type, 0x4, 0, payload)), Http2Error.PROTOCOL_ERROR, name + " on stream 0");
  }

  @ParameterizedTest(name = "type {0} on stream 1")
  @CsvSource({"4, '', SETTINGS", "6, 0000000000000000, PING", "7, 0000000000000000, GOAWAY"})
  void aConnectionFrameOnAStreamIsAProtocolError(int type, String payload, String name) {
    assertConnectionError(
        server(frame(type, 0, 1, payload)), Http2Error.PROTOCOL_ERROR, name + " on stream 1");
  }

  // 6.1 DATA

  @Test
  void paddedDataDropsThePaddingAndCountsItForFlowControl() {
    Outcome outcome = server(frame(Http2Frame.DATA, 0x9, 1, "03 6869 000000"));
    Http2Frame.Data data = new Http2Frame.Data(1, ByteString.ascii("hi"), true, 4);
    assertThat(outcome.events()).last().isEqualTo(data);
    assertThat(data.flowControlledLength()).isEqualTo(6);
  }

  @Test
  void dataPaddingAsLongAsThePayloadIsAProtocolError() {
    assertConnectionError(
        server(frame(Http2Frame.DATA, 0x8, 1, "04 000000")), Http2Error.PROTOCOL_ERROR, "padding");
  }

  // 6.2 HEADERS and 6.10 CONTINUATION

  @Test
  void headersPaddingAndPriorityFieldsAreReadAndDropped() {
    // PADDED, PRIORITY, END_HEADERS, END_STREAM: pad 2, dependency 0 weight 15, block 82, padding
    ByteString headers = frame(Http2Frame.HEADERS, 0x2d, 1, "02 80000000 0f 82 0000");
    assertThat(server(headers).events())
        .last()
        .isEqualTo(new Http2Frame.Headers(1, ByteString.of((byte) 0x82), true));
  }

  @Test
  void headersPaddingLongerThanTheBlockIsAProtocolError() {
    ByteString headers = frame(Http2Frame.HEADERS, 0x2c, 1, "02 00000000 0f 00");
    assertConnectionError(server(headers), Http2Error.PROTOCOL_ERROR, "padding");
  }

  @Test
  void headersDependingOnTheirOwnStreamIsAProtocolError() {
    ByteString headers = frame(Http2Frame.HEADERS, 0x24, 3, "00000003 0f 82");
    assertConnectionError(server(headers), Http2Error.PROTOCOL_ERROR, "depend on itself");
  }

  @Test
  void continuationFramesAreJoinedIntoOneFieldBlock() {
    ByteString headers = frame(Http2Frame.HEADERS, 0x1, 1, "82");
    ByteString empty = frame(Http2Frame.CONTINUATION, 0, 1, "");
    ByteString last = frame(Http2Frame.CONTINUATION, 0x4, 1, "8684");
    assertThat(server(headers, empty, last).events())
        .last()
        .isEqualTo(
            new Http2Frame.Headers(1, ByteString.of((byte) 0x82, (byte) 0x86, (byte) 0x84), true));
  }

  @Test
  void anotherFrameInsideAFieldBlockIsAProtocolError() {
    ByteString headers = frame(Http2Frame.HEADERS, 0, 1, "82");
    ByteString ping = frame(Http2Frame.PING, 0, 0, "0000000000000000");
    assertConnectionError(
        server(headers, ping), Http2Error.PROTOCOL_ERROR, "CONTINUATION frames of that stream");
  }

  @Test
  void continuationOfAnotherStreamIsAProtocolError() {
    ByteString headers = frame(Http2Frame.HEADERS, 0, 1, "82");
    ByteString other = frame(Http2Frame.CONTINUATION, 0x4, 3, "86");
    assertConnectionError(server(headers, other), Http2Error.PROTOCOL_ERROR, "stream 1");
  }

  @Test
  void continuationWithoutHeadersIsAProtocolError() {
    assertConnectionError(
        server(frame(Http2Frame.CONTINUATION, 0x4, 1, "82")),
        Http2Error.PROTOCOL_ERROR,
        "without a HEADERS");
  }

  @Test
  void aFloodOfEmptyContinuationFramesIsCountedAndStopped() {
    List<ByteString> frames = new ArrayList<>();
    frames.add(frame(Http2Frame.HEADERS, 0, 1, "82"));
    for (int i = 0; i < 4; i++) {
      frames.add(frame(Http2Frame.CONTINUATION, 0, 1, ""));
    }
    Outcome outcome =
        parse(
            Side.SERVER,
            Http2Limits.DEFAULT.withMaxContinuationFrames(3),
            CLIENT_START.concat(concat(frames.toArray(ByteString[]::new))));
    assertConnectionError(outcome, Http2Error.ENHANCE_YOUR_CALM, "more than 3 CONTINUATION frames");
  }

  @Test
  void aFieldBlockLargerThanTheLimitIsStoppedWhenAFrameHeaderWouldPassIt() {
    ByteString headers = frame(Http2Frame.HEADERS, 0, 1, octets(600));
    ByteString more = frame(Http2Frame.CONTINUATION, 0x4, 1, octets(600));
    Outcome outcome =
        parse(
            Side.SERVER,
            Http2Limits.DEFAULT.withMaxFieldBlockSize(1000),
            CLIENT_START.concat(headers).concat(more.substring(0, 9)));
    assertConnectionError(outcome, Http2Error.ENHANCE_YOUR_CALM, "larger than the limit of 1000");
  }

  @Test
  void aFieldBlockBeingJoinedCountsAsHeld() {
    ByteString headers = frame(Http2Frame.HEADERS, 0, 1, octets(600));
    assertThat(server(headers).buffered()).isEqualTo(600);
  }

  // 6.3 PRIORITY

  @Test
  void priorityIsReadForTheConnectionToIgnore() {
    assertThat(server(frame(Http2Frame.PRIORITY, 0, 5, "80000003 10")).events())
        .last()
        .isEqualTo(new Http2Frame.Priority(5, 3, true, 16));
  }

  @Test
  void priorityOfAnotherLengthIsAStreamFrameSizeErrorAndParsingGoesOn() {
    ByteString ping = frame(Http2Frame.PING, 0, 0, "0000000000000000");
    assertThat(server(frame(Http2Frame.PRIORITY, 0, 5, "00000003"), ping).events())
        .containsExactly(
            EMPTY_SETTINGS, "stream 5 FRAME_SIZE_ERROR", new Http2Frame.Ping(false, 0));
  }

  @Test
  void priorityOnItsOwnStreamIsAStreamProtocolError() {
    assertThat(server(frame(Http2Frame.PRIORITY, 0, 5, "00000005 10")).events())
        .containsExactly(EMPTY_SETTINGS, "stream 5 PROTOCOL_ERROR");
  }

  // 6.4 RST_STREAM

  @Test
  void rstStreamKeepsUnknownCodes() {
    Outcome outcome =
        server(
            frame(Http2Frame.RST_STREAM, 0, 1, "00000008"),
            frame(Http2Frame.RST_STREAM, 0, 3, "000000ff"));
    assertThat(outcome.events())
        .containsExactly(
            EMPTY_SETTINGS, new Http2Frame.RstStream(1, 8), new Http2Frame.RstStream(3, 255));
    assertThat(new Http2Frame.RstStream(1, 8).error()).contains(Http2Error.CANCEL);
    assertThat(new Http2Frame.RstStream(3, 255).error()).isEmpty();
  }

  @Test
  void rstStreamOfAnotherLengthIsAFrameSizeError() {
    assertConnectionError(
        server(frame(Http2Frame.RST_STREAM, 0, 1, "0000000800")),
        Http2Error.FRAME_SIZE_ERROR,
        "4 octets");
  }

  // 6.5 SETTINGS

  private static ByteString settings(int id, long value) {
    return Http2FrameEncoder.encode(
        new Http2Frame.Settings(false, List.of(new Setting(id, value))));
  }

  @Test
  void settingsAreReadInOrderWithUnknownIdentifiersKept() {
    ByteString frame =
        frame(Http2Frame.SETTINGS, 0, 0, "0003 00000064 00ff 00000001 0003 00000032");
    Http2Frame.Settings settings = (Http2Frame.Settings) server(frame).events().getLast();
    assertThat(settings.settings())
        .containsExactly(new Setting(3, 100), new Setting(255, 1), new Setting(3, 50));
    assertThat(settings.value(Setting.MAX_CONCURRENT_STREAMS)).contains(50L);
  }

  @Test
  void aSettingsAckWithAPayloadIsAFrameSizeError() {
    assertConnectionError(
        server(frame(Http2Frame.SETTINGS, 1, 0, "0003 00000064")),
        Http2Error.FRAME_SIZE_ERROR,
        "acknowledgement");
  }

  @Test
  void settingsLengthNotAMultipleOfSixIsAFrameSizeError() {
    assertConnectionError(
        server(frame(Http2Frame.SETTINGS, 0, 0, "0003 000000")),
        Http2Error.FRAME_SIZE_ERROR,
        "multiple of 6");
  }

  @Test
  void enablePushOtherThanZeroOrOneIsAProtocolError() {
    assertConnectionError(
        server(settings(Setting.ENABLE_PUSH, 2)), Http2Error.PROTOCOL_ERROR, "0 or 1");
    assertThat(server(settings(Setting.ENABLE_PUSH, 1)).connectionError()).isEmpty();
  }

  @Test
  void aClientReceivingEnablePushOneIsAProtocolError() {
    assertConnectionError(
        client(settings(Setting.ENABLE_PUSH, 1)), Http2Error.PROTOCOL_ERROR, "server cannot send");
  }

  @Test
  void initialWindowSizeAboveTwoToTheThirtyOneIsAFlowControlError() {
    assertThat(server(settings(Setting.INITIAL_WINDOW_SIZE, Integer.MAX_VALUE)).connectionError())
        .isEmpty();
    assertConnectionError(
        server(settings(Setting.INITIAL_WINDOW_SIZE, 1L << 31)),
        Http2Error.FLOW_CONTROL_ERROR,
        "2^31-1");
  }

  @Test
  void maxFrameSizeOutsideItsRangeIsAProtocolError() {
    assertConnectionError(
        server(settings(Setting.MAX_FRAME_SIZE, 16_383)),
        Http2Error.PROTOCOL_ERROR,
        "16384 to 16777215");
    assertConnectionError(
        server(settings(Setting.MAX_FRAME_SIZE, 1 << 24)),
        Http2Error.PROTOCOL_ERROR,
        "16384 to 16777215");
    assertThat(server(settings(Setting.MAX_FRAME_SIZE, (1 << 24) - 1)).connectionError()).isEmpty();
  }

  // 6.6 PUSH_PROMISE

  @Test
  void aServerReceivingPushPromiseIsAProtocolError() {
    assertConnectionError(
        server(frame(Http2Frame.PUSH_PROMISE, 0x4, 1, "00000002 82")),
        Http2Error.PROTOCOL_ERROR,
        "client cannot send PUSH_PROMISE");
  }

  @Test
  void aClientReadsPushPromiseWithItsPromisedStream() {
    ByteString promise = frame(Http2Frame.PUSH_PROMISE, 0x8, 1, "01 00000002 82 00");
    ByteString more = frame(Http2Frame.CONTINUATION, 0x4, 1, "86");
    assertThat(client(promise, more).events())
        .last()
        .isEqualTo(new Http2Frame.PushPromise(1, 2, ByteString.of((byte) 0x82, (byte) 0x86)));
  }

  // 6.7 PING

  @Test
  void pingOfAnotherLengthIsAFrameSizeError() {
    assertConnectionError(
        server(frame(Http2Frame.PING, 0, 0, "00000000000000")),
        Http2Error.FRAME_SIZE_ERROR,
        "8 octets");
  }

  // 6.8 GOAWAY

  @Test
  void goAwayCarriesTheLastStreamTheCodeAndDebugData() {
    Outcome outcome = server(frame(Http2Frame.GOAWAY, 0, 0, "80000007 0000000b 6869"));
    assertThat(outcome.events())
        .last()
        .isEqualTo(new Http2Frame.GoAway(7, 0xb, ByteString.ascii("hi")));
  }

  @Test
  void goAwayShorterThanEightOctetsIsAFrameSizeError() {
    assertConnectionError(
        server(frame(Http2Frame.GOAWAY, 0, 0, "00000000")),
        Http2Error.FRAME_SIZE_ERROR,
        "at least 8");
  }

  // 6.9 WINDOW_UPDATE

  @Test
  void windowUpdateIgnoresTheReservedBit() {
    assertThat(server(frame(Http2Frame.WINDOW_UPDATE, 0, 0, "80000400")).events())
        .last()
        .isEqualTo(new Http2Frame.WindowUpdate(0, 1024));
  }

  @Test
  void windowUpdateOfZeroOnAStreamIsAStreamError() {
    ByteString zero = frame(Http2Frame.WINDOW_UPDATE, 0, 3, "00000000");
    ByteString ok = frame(Http2Frame.WINDOW_UPDATE, 0, 3, "00000001");
    assertThat(server(zero, ok).events())
        .containsExactly(
            EMPTY_SETTINGS, "stream 3 PROTOCOL_ERROR", new Http2Frame.WindowUpdate(3, 1));
  }

  @Test
  void windowUpdateOfZeroOnTheConnectionIsAConnectionError() {
    assertConnectionError(
        server(frame(Http2Frame.WINDOW_UPDATE, 0, 0, "00000000")),
        Http2Error.PROTOCOL_ERROR,
        "increment 0");
  }

  @Test
  void windowUpdateOfAnotherLengthIsAFrameSizeError() {
    assertConnectionError(
        server(frame(Http2Frame.WINDOW_UPDATE, 0, 1, "000001")),
        Http2Error.FRAME_SIZE_ERROR,
        "4 octets");
  }

  // after a connection error

  @Test
  void afterAConnectionErrorTheParserRefusesEverything() throws Exception {
    Http2FrameParser parser = new Http2FrameParser(Side.SERVER, Http2Limits.DEFAULT);
    ByteBuffer bad = ByteBuffer.wrap(ByteString.ascii("GET / HTTP/1.1\r\n").toByteArray());
    Http2Exception first = null;
    try {
      parser.next(bad);
    } catch (Http2Exception e) {
      first = e;
    }
    assertThat(first).isNotNull();
    Http2Exception again = null;
    try {
      parser.next(ByteBuffer.wrap(CLIENT_START.toByteArray()));
    } catch (Http2Exception e) {
      again = e;
    }
    assertThat(again).isSameAs(first);
  }

  // the encoder

  @Test
  void everyFrameTheEncoderWritesParsesBackToItself() {
    List<Http2Frame> frames =
        List.of(
            new Http2Frame.Settings(
                false,
                List.of(
                    new Setting(Setting.MAX_CONCURRENT_STREAMS, 100),
                    new Setting(Setting.INITIAL_WINDOW_SIZE, 1 << 20))),
            Http2Frame.Settings.ACK,
            new Http2Frame.Data(1, ByteString.ascii("body"), false, 0),
            new Http2Frame.Data(1, ByteString.ascii("end"), true, 10),
            new Http2Frame.Headers(3, ByteString.of((byte) 0x82, (byte) 0x87), true),
            new Http2Frame.Priority(3, 1, false, 200),
            new Http2Frame.RstStream(3, Http2Error.CANCEL.code()),
            new Http2Frame.Ping(true, -1L),
            new Http2Frame.GoAway(3, Http2Error.NO_ERROR.code(), ByteString.ascii("bye")),
            new Http2Frame.WindowUpdate(0, Integer.MAX_VALUE));
    ByteString wire = Http2FrameParser.PREFACE;
    for (Http2Frame frame : frames) {
      wire = wire.concat(Http2FrameEncoder.encode(frame));
    }
    assertThat(parse(Side.SERVER, Http2Limits.DEFAULT, wire).events()).isEqualTo(frames);
  }

  @Test
  void aFieldBlockLongerThanTheFrameSizeIsSplitIntoContinuationFrames() {
    ByteString block = ByteString.wrapOwned(new byte[40_000]);
    ByteString wire = Http2FrameEncoder.encode(new Http2Frame.Headers(1, block, false));
    assertThat(wire.size()).isEqualTo(40_000 + 3 * 9);
    assertThat(wire.byteAt(3)).isEqualTo((byte) Http2Frame.HEADERS);
    assertThat(wire.byteAt(4) & 0x4).as("no END_HEADERS on the HEADERS frame").isZero();
    Http2Frame promise = new Http2Frame.PushPromise(1, 2, block);
    assertThat(client(wire, Http2FrameEncoder.encode(promise)).events())
        .containsExactly(EMPTY_SETTINGS, new Http2Frame.Headers(1, block, false), promise);
  }
}
