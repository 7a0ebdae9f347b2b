package dev.braid.web.http2.codec;

import dev.braid.bytes.ByteString;
import java.nio.ByteBuffer;

/**
 * Writes {@link Http2Frame}s as RFC 9113 frames. A field block longer than the peer's
 * SETTINGS_MAX_FRAME_SIZE is split into a HEADERS or PUSH_PROMISE frame and CONTINUATION frames;
 * every other frame must fit in one (a DATA frame is cut by the caller, who also keeps the
 * flow-control windows). Stateless: any thread.
 */
public final class Http2FrameEncoder {
  private static final int HEADER_SIZE = 9;

  private Http2FrameEncoder() {}

  /** {@code frame} for a peer that accepts frames of up to 16384 octets. */
  public static ByteString encode(Http2Frame frame) {
    return encode(frame, Http2Limits.MIN_MAX_FRAME_SIZE);
  }

  /**
   * {@code frame} for a peer whose SETTINGS_MAX_FRAME_SIZE is {@code maxFrameSize}.
   *
   * @throws IllegalArgumentException if a frame other than a field block does not fit
   */
  public static ByteString encode(Http2Frame frame, int maxFrameSize) {
    return switch (frame) {
      case Http2Frame.Data d -> {
        int padding = d.padding();
        ByteBuffer out =
            start(
                d.data().size() + padding,
                Http2Frame.DATA,
                flags(d.endStream(), 0x1) | (padding > 0 ? 0x8 : 0),
                d.streamId(),
                maxFrameSize);
        if (padding > 0) {
          out.put((byte) (padding - 1));
        }
        d.data().writeTo(out);
        yield finish(out.put(new byte[Math.max(0, padding - 1)]));
      }
      case Http2Frame.Headers h ->
          fieldBlock(
              Http2Frame.HEADERS,
              flags(h.endStream(), 0x1),
              h.streamId(),
              ByteString.EMPTY,
              h.fieldBlock(),
              maxFrameSize);
      case Http2Frame.Priority p -> {
        ByteBuffer out = start(5, Http2Frame.PRIORITY, 0, p.streamId(), maxFrameSize);
        out.putInt(p.dependency() | (p.exclusive() ? 0x8000_0000 : 0)).put((byte) p.weight());
        yield finish(out);
      }
      case Http2Frame.RstStream r ->
          finish(
              start(4, Http2Frame.RST_STREAM, 0, r.streamId(), maxFrameSize)
                  .putInt((int) r.errorCode()));
      case Http2Frame.Settings s -> {
        ByteBuffer out =
            start(
                s.settings().size() * 6, Http2Frame.SETTINGS, flags(s.ack(), 0x1), 0, maxFrameSize);
        for (Http2Frame.Setting setting : s.settings()) {
          out.putShort((short) setting.id()).putInt((int) setting.value());
        }
        yield finish(out);
      }
      case Http2Frame.PushPromise pp -> {
        ByteString promised =
            ByteString.wrapOwned(ByteBuffer.allocate(4).putInt(pp.promisedStreamId()).array());
        yield fieldBlock(
            Http2Frame.PUSH_PROMISE, 0, pp.streamId(), promised, pp.fieldBlock(), maxFrameSize);
      }
      case Http2Frame.Ping p ->
          finish(
              start(8, Http2Frame.PING, flags(p.ack(), 0x1), 0, maxFrameSize)
                  .putLong(p.opaqueData()));
      case Http2Frame.GoAway g -> {
        ByteBuffer out =
            start(8 + g.debugData().size(), Http2Frame.GOAWAY, 0, 0, maxFrameSize)
                .putInt(g.lastStreamId())
                .putInt((int) g.errorCode());
        g.debugData().writeTo(out);
        yield finish(out);
      }
      case Http2Frame.WindowUpdate w ->
          finish(
              start(4, Http2Frame.WINDOW_UPDATE, 0, w.streamId(), maxFrameSize)
                  .putInt(w.increment()));
    };
  }

  private static int flags(boolean set, int flag) {
    return set ? flag : 0;
  }

  /**
   * The first frame carries {@code fixed} and as much of the block as fits; CONTINUATIONs go on.
   */
  private static ByteString fieldBlock(
      int type, int flags, int streamId, ByteString fixed, ByteString block, int maxFrameSize) {
    int first = Math.min(block.size(), maxFrameSize - fixed.size());
    int continuations = first == block.size() ? 0 : ceilDiv(block.size() - first, maxFrameSize);
    ByteBuffer out =
        ByteBuffer.allocate(HEADER_SIZE * (1 + continuations) + fixed.size() + block.size());
    header(out, fixed.size() + first, type, flags | (continuations == 0 ? 0x4 : 0), streamId);
    fixed.writeTo(out);
    block.substring(0, first).writeTo(out);
    for (int at = first; at < block.size(); at += maxFrameSize) {
      int size = Math.min(maxFrameSize, block.size() - at);
      boolean last = at + size == block.size();
      header(out, size, Http2Frame.CONTINUATION, last ? 0x4 : 0, streamId);
      block.substring(at, at + size).writeTo(out);
    }
    return finish(out);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static ByteBuffer start(int length, int type, int flags, int streamId, int maxFrameSize) {
    if (length > maxFrameSize) {
      throw new IllegalArgumentException(
          "a frame of " + length + " octets does not fit the peer's limit of " + maxFrameSize);
    }
    return header(ByteBuffer.allocate(HEADER_SIZE + length), length, type, flags, streamId);
  }

  private static ByteBuffer header(ByteBuffer out, int length, int type, int flags, int streamId) {
    return out.put((byte) (length >>> 16))
        .put((byte) (length >>> 8))
        .put((byte) length)
        .put((byte) type)
        .put((byte) flags)
        .putInt(streamId);
  }

  private static ByteString finish(ByteBuffer out) {
    return ByteString.wrapOwned(out.array());
  }
}
