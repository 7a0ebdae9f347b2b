package dev.braid.web.http2.codec;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.StreamParser;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads HTTP/2 frames (RFC 9113 sections 4 and 6) from the bytes one endpoint receives; no I/O,
 * following the parser contract of {@link StreamParser}.
 *
 * <p>What it checks: the client connection preface (on the server side), that the first frame is
 * SETTINGS, the frame size against {@link Http2Limits#maxFrameSize()}, each frame type's length,
 * stream and fields, padding, the SETTINGS values RFC 9113 section 6.5.2 bounds, and the sequence
 * of a field block: a HEADERS or PUSH_PROMISE without END_HEADERS must be followed by CONTINUATION
 * frames of the same stream and nothing else, at most {@link Http2Limits#maxContinuationFrames()}
 * of them (empty ones count) and at most {@link Http2Limits#maxFieldBlockSize()} octets in all.
 * Frames of unknown types are skipped; unknown flags and the reserved bit are ignored. Stream
 * states, flow control and field-block decoding are the connection's.
 *
 * <p>Errors are {@link Http2Exception}s. A connection error fails the parser for good (later calls
 * throw it again); after a stream error the bad frame has been consumed and parsing goes on.
 *
 * <p>Held bytes: at most one frame (9 octets of header and its payload) plus the field block being
 * joined. Not thread-safe: the connection's thread uses it.
 */
public final class Http2FrameParser implements StreamParser<Http2Frame> {
  /** The client connection preface, before the client's first SETTINGS frame. */
  public static final ByteString PREFACE = ByteString.ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

  /** The side of the connection this parser reads for. */
  public enum Side {
    /** A server reading what a client sends: the preface first, and no PUSH_PROMISE. */
    SERVER,
    /** A client reading what a server sends. */
    CLIENT
  }

  private static final int HEADER_SIZE = 9;
  private static final int FLAG_END_STREAM = 0x1;
  private static final int FLAG_ACK = 0x1;
  private static final int FLAG_END_HEADERS = 0x4;
  private static final int FLAG_PADDED = 0x8;
  private static final int FLAG_PRIORITY = 0x20;

  private final Side side;
  private final Http2Limits limits;

  private int prefaceMatched;
  private boolean settingsSeen;
  private final byte[] header = new byte[HEADER_SIZE];
  private int headerFill;
  private byte[] payload;
  private int payloadFill;

  private int type;
  private int flags;
  private int streamId;

  // the field block being joined: its first frame, the fragments so far, the CONTINUATIONs read
  private Http2Frame blockStart;
  private final ByteArrayOutputStream block = new ByteArrayOutputStream();
  private int continuations;

  private Http2Exception failed;

  /** A parser for {@code side}, with {@code limits}. */
  public Http2FrameParser(Side side, Http2Limits limits) {
    this.side = side;
    this.limits = limits;
    this.prefaceMatched = side == Side.SERVER ? 0 : PREFACE.size();
  }

  @Override
  public int bufferedBytes() {
    int preface = prefaceMatched < PREFACE.size() ? prefaceMatched : 0;
    return preface + headerFill + (payload == null ? 0 : payloadFill) + block.size();
  }

  @Override
  public Optional<Http2Frame> next(ByteBuffer data) throws Http2Exception {
    if (failed != null) {
      throw failed;
    }
    try {
      return read(data);
    } catch (Http2Exception e) {
      if (e.isConnectionError()) {
        failed = e;
      }
      throw e;
    }
  }

  private Optional<Http2Frame> read(ByteBuffer data) throws Http2Exception {
    while (prefaceMatched < PREFACE.size()) {
      if (!data.hasRemaining()) {
        return Optional.empty();
      }
      if (data.get() != PREFACE.byteAt(prefaceMatched)) {
        throw connection(Http2Error.PROTOCOL_ERROR, "the client connection preface is wrong");
      }
      prefaceMatched++;
    }
    while (data.hasRemaining()) {
      if (payload == null) {
        int take = Math.min(HEADER_SIZE - headerFill, data.remaining());
        data.get(header, headerFill, take);
        headerFill += take;
        if (headerFill < HEADER_SIZE) {
          return Optional.empty();
        }
        startFrame();
      }
      int take = Math.min(payload.length - payloadFill, data.remaining());
      data.get(payload, payloadFill, take);
      payloadFill += take;
      if (payloadFill < payload.length) {
        return Optional.empty();
      }
      byte[] complete = payload;
      payload = null;
      headerFill = 0;
      payloadFill = 0;
      Optional<Http2Frame> frame = frame(complete);
      if (frame.isPresent()) {
        return frame;
      }
    }
    return Optional.empty();
  }

  /** Checks the frame header just read, before its payload is held. */
  private void startFrame() throws Http2Exception {
    int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
    type = header[3] & 0xff;
    flags = header[4] & 0xff;
    streamId = ((header[5] & 0x7f) << 24) | ((header[6] & 0xff) << 16);
    streamId |= ((header[7] & 0xff) << 8) | (header[8] & 0xff);
    if (length > limits.maxFrameSize()) {
      throw connection(
          Http2Error.FRAME_SIZE_ERROR,
          "frame of "
              + length
              + " octets is larger than SETTINGS_MAX_FRAME_SIZE "
              + limits.maxFrameSize());
    }
    if (!settingsSeen) {
      if (type != Http2Frame.SETTINGS || (flags & FLAG_ACK) != 0) {
        throw connection(Http2Error.PROTOCOL_ERROR, "the first frame must be SETTINGS");
      }
      settingsSeen = true;
    }
    if (blockStart != null) {
      if (type != Http2Frame.CONTINUATION || streamId != blockStart.streamId()) {
        throw connection(
            Http2Error.PROTOCOL_ERROR,
            "a field block on stream "
                + blockStart.streamId()
                + " must go on with CONTINUATION frames of that stream");
      }
      if (++continuations > limits.maxContinuationFrames()) {
        throw connection(
            Http2Error.ENHANCE_YOUR_CALM,
            "more than "
                + limits.maxContinuationFrames()
                + " CONTINUATION frames in a field block");
      }
      if ((long) block.size() + length > limits.maxFieldBlockSize()) {
        throw tooLargeBlock();
      }
    } else if (type == Http2Frame.CONTINUATION) {
      throw connection(
          Http2Error.PROTOCOL_ERROR, "CONTINUATION without a HEADERS or PUSH_PROMISE before it");
    }
    payload = new byte[length];
  }

  private Http2Exception tooLargeBlock() {
    return connection(
        Http2Error.ENHANCE_YOUR_CALM,
        "field block larger than the limit of " + limits.maxFieldBlockSize() + " octets");
  }

  /** The frame of a complete payload, or empty for a frame to skip or a field block to go on. */
  private Optional<Http2Frame> frame(byte[] p) throws Http2Exception {
    return switch (type) {
      case Http2Frame.DATA -> Optional.of(data(p));
      case Http2Frame.HEADERS -> headers(p);
      case Http2Frame.PRIORITY -> Optional.of(priority(p));
      case Http2Frame.RST_STREAM -> Optional.of(rstStream(p));
      case Http2Frame.SETTINGS -> Optional.of(settings(p));
      case Http2Frame.PUSH_PROMISE -> pushPromise(p);
      case Http2Frame.PING -> Optional.of(ping(p));
      case Http2Frame.GOAWAY -> Optional.of(goAway(p));
      case Http2Frame.WINDOW_UPDATE -> Optional.of(windowUpdate(p));
      case Http2Frame.CONTINUATION -> continuation(p);
      default -> Optional.empty();
    };
  }

  private Http2Frame data(byte[] p) throws Http2Exception {
    requireStream("DATA");
    int padding = padding(p, 0);
    int from = padding > 0 ? 1 : 0;
    ByteString body = ByteString.of(p, from, p.length - padding);
    return new Http2Frame.Data(streamId, body, (flags & FLAG_END_STREAM) != 0, padding);
  }

  private Optional<Http2Frame> headers(byte[] p) throws Http2Exception {
    requireStream("HEADERS");
    int priority = (flags & FLAG_PRIORITY) != 0 ? 5 : 0;
    int padding = padding(p, priority);
    int from = (padding > 0 ? 1 : 0) + priority;
    if (priority > 0 && dependency(p, from - 5) == streamId) {
      // a stream error in RFC 9113 section 5.3.1, but the field block then goes undecoded and
      // the compression context is lost: a connection error, as section 5.4.1 allows
      throw connection(Http2Error.PROTOCOL_ERROR, "a stream cannot depend on itself");
    }
    return fieldBlock(
        new Http2Frame.Headers(streamId, ByteString.EMPTY, (flags & FLAG_END_STREAM) != 0),
        p,
        from,
        p.length - padding - priority);
  }

  private Optional<Http2Frame> pushPromise(byte[] p) throws Http2Exception {
    if (side == Side.SERVER) {
      throw connection(Http2Error.PROTOCOL_ERROR, "a client cannot send PUSH_PROMISE");
    }
    requireStream("PUSH_PROMISE");
    int padding = padding(p, 4);
    int from = (padding > 0 ? 1 : 0) + 4;
    int promised = dependency(p, from - 4);
    if (promised == 0) {
      throw connection(Http2Error.PROTOCOL_ERROR, "PUSH_PROMISE promises stream 0");
    }
    return fieldBlock(
        new Http2Frame.PushPromise(streamId, promised, ByteString.EMPTY),
        p,
        from,
        p.length - padding - 4);
  }

  /** Starts a field block; it is complete now with END_HEADERS, or after CONTINUATION frames. */
  private Optional<Http2Frame> fieldBlock(Http2Frame start, byte[] p, int from, int length)
      throws Http2Exception {
    if (length > limits.maxFieldBlockSize()) {
      throw tooLargeBlock();
    }
    if ((flags & FLAG_END_HEADERS) != 0) {
      return Optional.of(withBlock(start, ByteString.of(p, from, length)));
    }
    blockStart = start;
    continuations = 0;
    block.write(p, from, length);
    return Optional.empty();
  }

  private Optional<Http2Frame> continuation(byte[] p) {
    block.write(p, 0, p.length);
    if ((flags & FLAG_END_HEADERS) == 0) {
      return Optional.empty();
    }
    Http2Frame start = blockStart;
    ByteString joined = ByteString.wrapOwned(block.toByteArray());
    blockStart = null;
    block.reset();
    return Optional.of(withBlock(start, joined));
  }

  private static Http2Frame withBlock(Http2Frame start, ByteString fieldBlock) {
    return switch (start) {
      case Http2Frame.Headers h -> new Http2Frame.Headers(h.streamId(), fieldBlock, h.endStream());
      case Http2Frame.PushPromise pp ->
          new Http2Frame.PushPromise(pp.streamId(), pp.promisedStreamId(), fieldBlock);
      default -> throw new IllegalStateException("not a field block frame: " + start);
    };
  }

  /**
   * The padding of a frame with the PADDED flag (its pad-length octet included), or 0; {@code
   * fixed} octets of other fields follow the pad length.
   */
  private int padding(byte[] p, int fixed) throws Http2Exception {
    if ((flags & FLAG_PADDED) == 0) {
      if (p.length < fixed) {
        throw connection(Http2Error.FRAME_SIZE_ERROR, "frame too short for its fields");
      }
      return 0;
    }
    if (p.length < 1 + fixed) {
      throw connection(Http2Error.FRAME_SIZE_ERROR, "frame too short for its pad length");
    }
    int padLength = p[0] & 0xff;
    if (padLength > p.length - 1 - fixed) {
      throw connection(
          Http2Error.PROTOCOL_ERROR,
          "padding of " + padLength + " octets is longer than the frame");
    }
    return padLength + 1;
  }

  private Http2Frame priority(byte[] p) throws Http2Exception {
    requireStream("PRIORITY");
    if (p.length != 5) {
      throw Http2Exception.stream(
          streamId, Http2Error.FRAME_SIZE_ERROR, "PRIORITY must be 5 octets, got " + p.length);
    }
    int dependency = dependency(p, 0);
    if (dependency == streamId) {
      throw Http2Exception.stream(
          streamId, Http2Error.PROTOCOL_ERROR, "a stream cannot depend on itself");
    }
    return new Http2Frame.Priority(streamId, dependency, (p[0] & 0x80) != 0, p[4] & 0xff);
  }

  private Http2Frame rstStream(byte[] p) throws Http2Exception {
    requireStream("RST_STREAM");
    requireLength("RST_STREAM", p, 4);
    return new Http2Frame.RstStream(streamId, unsigned32(p, 0));
  }

  private Http2Frame settings(byte[] p) throws Http2Exception {
    requireConnection("SETTINGS");
    if ((flags & FLAG_ACK) != 0) {
      if (p.length != 0) {
        throw connection(Http2Error.FRAME_SIZE_ERROR, "a SETTINGS acknowledgement must be empty");
      }
      return Http2Frame.Settings.ACK;
    }
    if (p.length % 6 != 0) {
      throw connection(
          Http2Error.FRAME_SIZE_ERROR, "SETTINGS length must be a multiple of 6, got " + p.length);
    }
    List<Http2Frame.Setting> settings = new ArrayList<>(p.length / 6);
    for (int at = 0; at < p.length; at += 6) {
      int id = ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
      long value = unsigned32(p, at + 2);
      check(id, value);
      settings.add(new Http2Frame.Setting(id, value));
    }
    return new Http2Frame.Settings(false, settings);
  }

  private void check(int id, long value) throws Http2Exception {
    switch (id) {
      case Http2Frame.Setting.ENABLE_PUSH -> {
        if (value > 1) {
          throw connection(
              Http2Error.PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH must be 0 or 1, got " + value);
        }
        if (value == 1 && side == Side.CLIENT) {
          throw connection(
              Http2Error.PROTOCOL_ERROR, "a server cannot send SETTINGS_ENABLE_PUSH 1");
        }
      }
      case Http2Frame.Setting.INITIAL_WINDOW_SIZE -> {
        if (value > Integer.MAX_VALUE) {
          throw connection(
              Http2Error.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1: " + value);
        }
      }
      case Http2Frame.Setting.MAX_FRAME_SIZE -> {
        if (value < Http2Limits.MIN_MAX_FRAME_SIZE || value > Http2Limits.MAX_MAX_FRAME_SIZE) {
          throw connection(
              Http2Error.PROTOCOL_ERROR,
              "SETTINGS_MAX_FRAME_SIZE must be 16384 to 16777215, got " + value);
        }
      }
      default -> {
        // no bound in RFC 9113; unknown identifiers are kept for the connection to ignore
      }
    }
  }

  private Http2Frame ping(byte[] p) throws Http2Exception {
    requireConnection("PING");
    requireLength("PING", p, 8);
    long opaque = 0;
    for (byte b : p) {
      opaque = (opaque << 8) | (b & 0xff);
    }
    return new Http2Frame.Ping((flags & FLAG_ACK) != 0, opaque);
  }

  private Http2Frame goAway(byte[] p) throws Http2Exception {
    requireConnection("GOAWAY");
    if (p.length < 8) {
      throw connection(Http2Error.FRAME_SIZE_ERROR, "GOAWAY must be at least 8 octets");
    }
    return new Http2Frame.GoAway(
        dependency(p, 0) & 0x7fff_ffff, unsigned32(p, 4), ByteString.of(p, 8, p.length - 8));
  }

  private Http2Frame windowUpdate(byte[] p) throws Http2Exception {
    requireLength("WINDOW_UPDATE", p, 4);
    int increment = (int) (unsigned32(p, 0) & 0x7fff_ffff);
    if (increment == 0) {
      if (streamId == 0) {
        throw connection(Http2Error.PROTOCOL_ERROR, "WINDOW_UPDATE with increment 0");
      }
      throw Http2Exception.stream(
          streamId, Http2Error.PROTOCOL_ERROR, "WINDOW_UPDATE with increment 0");
    }
    return new Http2Frame.WindowUpdate(streamId, increment);
  }

  private void requireStream(String name) throws Http2Exception {
    if (streamId == 0) {
      throw connection(Http2Error.PROTOCOL_ERROR, name + " on stream 0");
    }
  }

  private void requireConnection(String name) throws Http2Exception {
    if (streamId != 0) {
      throw connection(Http2Error.PROTOCOL_ERROR, name + " on stream " + streamId + ", not 0");
    }
  }

  private static void requireLength(String name, byte[] p, int length) throws Http2Exception {
    if (p.length != length) {
      throw connection(
          Http2Error.FRAME_SIZE_ERROR, name + " must be " + length + " octets, got " + p.length);
    }
  }

  /** The 31-bit stream identifier at {@code at}, the reserved or exclusive bit dropped. */
  private static int dependency(byte[] p, int at) {
    return (int) (unsigned32(p, at) & 0x7fff_ffff);
  }

  private static long unsigned32(byte[] p, int at) {
    return ((long) (p[at] & 0xff) << 24)
        | ((p[at + 1] & 0xff) << 16)
        | ((p[at + 2] & 0xff) << 8)
        | (p[at + 3] & 0xff);
  }

  private static Http2Exception connection(Http2Error error, String message) {
    return Http2Exception.connection(error, message);
  }
}
