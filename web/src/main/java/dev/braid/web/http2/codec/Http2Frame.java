package dev.braid.web.http2.codec;

import dev.braid.bytes.ByteString;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP/2 frame as {@link Http2FrameParser} reads it and {@link Http2FrameEncoder} writes it (RFC
 * 9113 section 6). A HEADERS or PUSH_PROMISE frame carries its whole field block, its CONTINUATION
 * frames already joined; frames of unknown types are skipped by the parser and have no record.
 * Immutable.
 */
public sealed interface Http2Frame {
  /** The stream the frame belongs to; 0 for the connection. */
  int streamId();

  /** The frame type codes (RFC 9113 section 6). */
  int DATA = 0x0;

  /** HEADERS's type code. */
  int HEADERS = 0x1;

  /** PRIORITY's type code. */
  int PRIORITY = 0x2;

  /** RST_STREAM's type code. */
  int RST_STREAM = 0x3;

  /** SETTINGS's type code. */
  int SETTINGS = 0x4;

  /** PUSH_PROMISE's type code. */
  int PUSH_PROMISE = 0x5;

  /** PING's type code. */
  int PING = 0x6;

  /** GOAWAY's type code. */
  int GOAWAY = 0x7;

  /** WINDOW_UPDATE's type code. */
  int WINDOW_UPDATE = 0x8;

  /** CONTINUATION's type code. */
  int CONTINUATION = 0x9;

  /**
   * DATA: body octets of a stream.
   *
   * @param padding the octets of padding the frame had, its pad-length octet included (0 when not
   *     padded); they count against flow control with the data
   */
  record Data(int streamId, ByteString data, boolean endStream, int padding) implements Http2Frame {
    /** Checks the stream and the padding. */
    public Data {
      requireStream(streamId);
      Objects.requireNonNull(data, "data");
      if (padding < 0 || padding > 256) {
        throw new IllegalArgumentException("padding must be 0 to 256, got " + padding);
      }
    }

    /** The octets this frame counts against the flow-control windows: data and padding. */
    public int flowControlledLength() {
      return data.size() + padding;
    }
  }

  /**
   * HEADERS (and its CONTINUATION frames): a field block opening a stream or carrying trailers.
   * Priority fields are read and ignored, as RFC 9113 section 5.3.2 allows.
   */
  record Headers(int streamId, ByteString fieldBlock, boolean endStream) implements Http2Frame {
    /** Checks the stream. */
    public Headers {
      requireStream(streamId);
      Objects.requireNonNull(fieldBlock, "fieldBlock");
    }
  }

  /**
   * PRIORITY: deprecated by RFC 9113; read and handed on, for the connection to ignore.
   *
   * @param weight the weight octet as sent (the weight minus one, 0 to 255)
   */
  record Priority(int streamId, int dependency, boolean exclusive, int weight)
      implements Http2Frame {
    /** Checks the ranges. */
    public Priority {
      requireStream(streamId);
      if (dependency < 0 || weight < 0 || weight > 255) {
        throw new IllegalArgumentException("dependency or weight out of range");
      }
    }
  }

  /**
   * RST_STREAM: the peer ends a stream.
   *
   * @param errorCode the error code as sent, an unsigned 32-bit value
   */
  record RstStream(int streamId, long errorCode) implements Http2Frame {
    /** Checks the stream and the code. */
    public RstStream {
      requireStream(streamId);
      requireUnsigned32(errorCode);
    }

    /** The code as an {@link Http2Error}, or empty for a code RFC 9113 does not define. */
    public Optional<Http2Error> error() {
      return Http2Error.of(errorCode);
    }
  }

  /**
   * SETTINGS: the peer's parameters, in the order sent (unknown identifiers included: the
   * connection ignores them), or an acknowledgement of this endpoint's SETTINGS.
   */
  record Settings(boolean ack, List<Setting> settings) implements Http2Frame {
    /** Copies the list; an acknowledgement carries none. */
    public Settings {
      settings = List.copyOf(settings);
      if (ack && !settings.isEmpty()) {
        throw new IllegalArgumentException("a SETTINGS acknowledgement carries no settings");
      }
    }

    /** The acknowledgement of a SETTINGS frame. */
    public static final Settings ACK = new Settings(true, List.of());

    @Override
    public int streamId() {
      return 0;
    }

    /** The last value sent for {@code id}, if any. */
    public Optional<Long> value(int id) {
      Optional<Long> found = Optional.empty();
      for (Setting setting : settings) {
        if (setting.id() == id) {
          found = Optional.of(setting.value());
        }
      }
      return found;
    }
  }

  /**
   * One SETTINGS parameter.
   *
   * @param id the identifier, 0 to 65535 (the constants here name RFC 9113's)
   * @param value the value, an unsigned 32-bit number
   */
  record Setting(int id, long value) {
    /** SETTINGS_HEADER_TABLE_SIZE. */
    public static final int HEADER_TABLE_SIZE = 0x1;

    /** SETTINGS_ENABLE_PUSH. */
    public static final int ENABLE_PUSH = 0x2;

    /** SETTINGS_MAX_CONCURRENT_STREAMS. */
    public static final int MAX_CONCURRENT_STREAMS = 0x3;

    /** SETTINGS_INITIAL_WINDOW_SIZE. */
    public static final int INITIAL_WINDOW_SIZE = 0x4;

    /** SETTINGS_MAX_FRAME_SIZE. */
    public static final int MAX_FRAME_SIZE = 0x5;

    /** SETTINGS_MAX_HEADER_LIST_SIZE. */
    public static final int MAX_HEADER_LIST_SIZE = 0x6;

    /** Checks the ranges. */
    public Setting {
      if (id < 0 || id > 0xffff) {
        throw new IllegalArgumentException("setting identifier must be 0 to 65535, got " + id);
      }
      requireUnsigned32(value);
    }
  }

  /** PUSH_PROMISE (and its CONTINUATION frames): a server reserves a stream for a push. */
  record PushPromise(int streamId, int promisedStreamId, ByteString fieldBlock)
      implements Http2Frame {
    /** Checks the streams. */
    public PushPromise {
      requireStream(streamId);
      requireStream(promisedStreamId);
      Objects.requireNonNull(fieldBlock, "fieldBlock");
    }
  }

  /** PING: 8 opaque octets, or the acknowledgement echoing them. */
  record Ping(boolean ack, long opaqueData) implements Http2Frame {
    @Override
    public int streamId() {
      return 0;
    }
  }

  /**
   * GOAWAY: the peer stops opening streams; streams above {@code lastStreamId} were not processed.
   *
   * @param errorCode the error code as sent, an unsigned 32-bit value
   */
  record GoAway(int lastStreamId, long errorCode, ByteString debugData) implements Http2Frame {
    /** Checks the ranges. */
    public GoAway {
      if (lastStreamId < 0) {
        throw new IllegalArgumentException("last stream must be at least 0, got " + lastStreamId);
      }
      requireUnsigned32(errorCode);
      Objects.requireNonNull(debugData, "debugData");
    }

    @Override
    public int streamId() {
      return 0;
    }

    /** The code as an {@link Http2Error}, or empty for a code RFC 9113 does not define. */
    public Optional<Http2Error> error() {
      return Http2Error.of(errorCode);
    }
  }

  /**
   * WINDOW_UPDATE: the peer grows a flow-control window, of a stream or (stream 0) the connection.
   *
   * @param increment 1 to 2^31-1
   */
  record WindowUpdate(int streamId, int increment) implements Http2Frame {
    /** Checks the ranges. */
    public WindowUpdate {
      if (streamId < 0 || increment < 1) {
        throw new IllegalArgumentException(
            "stream must be at least 0 and increment at least 1, got "
                + streamId
                + " and "
                + increment);
      }
    }
  }

  private static void requireStream(int streamId) {
    if (streamId < 1) {
      throw new IllegalArgumentException("this frame needs a stream (1 or more), got " + streamId);
    }
  }

  private static void requireUnsigned32(long value) {
    if (value < 0 || value > 0xffff_ffffL) {
      throw new IllegalArgumentException("value must be an unsigned 32-bit number, got " + value);
    }
  }
}
