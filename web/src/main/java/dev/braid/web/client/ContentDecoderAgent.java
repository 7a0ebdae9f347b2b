package dev.braid.web.client;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.web.http.HttpHeaders;
import java.net.URI;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Wraps an agent to ask for gzip ({@code Accept-Encoding: gzip}) and decode gzip responses as their
 * body streams in. The decoded response has no Content-Encoding or Content-Length. A body that
 * decodes to more than {@code maxDecodedBytes} (a decompression bomb) fails with {@link
 * DecompressionLimitException} and its connection is closed; so does a body that is not valid gzip.
 * Reactor thread only.
 */
public final class ContentDecoderAgent implements Agent {
  /** The decoded size a body may reach by default: 64 MiB. */
  public static final long DEFAULT_MAX_DECODED_BYTES = 64L * 1024 * 1024;

  private final Agent inner;
  private final long maxDecodedBytes;

  /** Decodes what {@code inner} receives, up to {@link #DEFAULT_MAX_DECODED_BYTES} per body. */
  public ContentDecoderAgent(Agent inner) {
    this(inner, DEFAULT_MAX_DECODED_BYTES);
  }

  /** Decodes what {@code inner} receives, up to {@code maxDecodedBytes} per body. */
  public ContentDecoderAgent(Agent inner, long maxDecodedBytes) {
    if (maxDecodedBytes < 0) {
      throw new IllegalArgumentException("negative limit");
    }
    this.inner = inner;
    this.maxDecodedBytes = maxDecodedBytes;
  }

  @Override
  public Deferred<Response> request(
      String method, URI uri, HttpHeaders headers, Optional<BodyProducer> body) {
    HttpHeaders asked =
        headers.contains("Accept-Encoding") ? headers : headers.with("Accept-Encoding", "gzip");
    return inner
        .request(method, uri, asked, body)
        .addCallback(
            response -> {
              String coding = response.headers().get("Content-Encoding").orElse("").strip();
              if (!coding.equalsIgnoreCase("gzip") && !coding.equalsIgnoreCase("x-gzip")) {
                return response;
              }
              HttpHeaders decodedHeaders =
                  response.headers().without("Content-Encoding").without("Content-Length");
              return response.transformed(
                  decodedHeaders, consumer -> new GzipDecoder(response, consumer, maxDecodedBytes));
            });
  }

  /** Streams gzip members (RFC 1952) through an {@link Inflater}, checking CRC and size. */
  private static final class GzipDecoder implements BodyConsumer {
    private static final int HEADER_LIMIT = 64 * 1024;

    private final Response source;
    private final BodyConsumer downstream;
    private final long max;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] out = new byte[16 * 1024];
    private ByteString buffered = ByteString.EMPTY;
    private boolean inHeader = true;
    private boolean inTrailer;
    private long decoded;
    private long memberSize;
    private boolean failed;
    private boolean sawMember;

    GzipDecoder(Response source, BodyConsumer downstream, long max) {
      this.source = source;
      this.downstream = downstream;
      this.max = max;
    }

    @Override
    public void dataReceived(ByteString data) {
      if (failed) {
        return;
      }
      try {
        buffered = buffered.concat(data);
        process();
      } catch (DecompressionLimitException e) {
        fail(e);
      } catch (DataFormatException e) {
        fail(
            new DecompressionLimitException(
                "response body is not valid gzip: " + e.getMessage(), e));
      }
    }

    private void process() throws DataFormatException {
      while (!failed) {
        if (inHeader) {
          int length = headerLength(buffered);
          if (length < 0) {
            if (buffered.size() > HEADER_LIMIT) {
              throw new DecompressionLimitException("gzip header too long");
            }
            return;
          }
          buffered = buffered.substring(length, buffered.size());
          inHeader = false;
          sawMember = true;
          inflater.reset();
          crc.reset();
          memberSize = 0;
        } else if (inTrailer) {
          if (buffered.size() < 8) {
            return;
          }
          long expectedCrc = le32(buffered, 0);
          long expectedSize = le32(buffered, 4);
          if (expectedCrc != crc.getValue() || expectedSize != (memberSize & 0xffffffffL)) {
            throw new DataFormatException("gzip CRC or size mismatch");
          }
          buffered = buffered.substring(8, buffered.size());
          inTrailer = false;
          inHeader = true;
          if (buffered.isEmpty()) {
            return;
          }
        } else {
          if (buffered.isEmpty()) {
            return;
          }
          inflater.setInput(buffered.toByteArray());
          while (!inflater.finished() && !inflater.needsInput()) {
            int n = inflater.inflate(out);
            if (n == 0 && inflater.needsDictionary()) {
              throw new DataFormatException("gzip stream needs a dictionary");
            }
            if (n == 0 && !inflater.finished() && !inflater.needsInput()) {
              break;
            }
            decoded += n;
            memberSize += n;
            if (decoded > max) {
              throw new DecompressionLimitException(
                  "decoded response body exceeds " + max + " bytes (decompression bomb?)");
            }
            crc.update(out, 0, n);
            if (n > 0) {
              downstream.dataReceived(ByteString.of(out, 0, n));
            }
            if (failed) {
              return;
            }
          }
          int left = inflater.getRemaining();
          buffered = buffered.substring(buffered.size() - left, buffered.size());
          if (inflater.finished()) {
            inTrailer = true;
          } else {
            return;
          }
        }
      }
    }

    /** The length of the gzip member header at the start of {@code b}, or -1 if incomplete. */
    private static int headerLength(ByteString b) throws DataFormatException {
      if (b.size() >= 1 && (b.byteAt(0) & 0xff) != 0x1f
          || b.size() >= 2 && (b.byteAt(1) & 0xff) != 0x8b
          || b.size() >= 3 && b.byteAt(2) != 8) {
        throw new DataFormatException("not a gzip header");
      }
      if (b.size() < 10) {
        return -1;
      }
      int flags = b.byteAt(3) & 0xff;
      int at = 10;
      if ((flags & 4) != 0) {
        if (b.size() < at + 2) {
          return -1;
        }
        at += 2 + ((b.byteAt(at) & 0xff) | (b.byteAt(at + 1) & 0xff) << 8);
      }
      for (int bit : new int[] {8, 16}) {
        if ((flags & bit) != 0) {
          int zero = b.indexOf((byte) 0, at);
          if (zero < 0) {
            return -1;
          }
          at = zero + 1;
        }
      }
      if ((flags & 2) != 0) {
        at += 2;
      }
      return at <= b.size() ? at : -1;
    }

    private static long le32(ByteString b, int at) {
      return (b.byteAt(at) & 0xffL)
          | (b.byteAt(at + 1) & 0xffL) << 8
          | (b.byteAt(at + 2) & 0xffL) << 16
          | (b.byteAt(at + 3) & 0xffL) << 24;
    }

    private void fail(Throwable reason) {
      if (failed) {
        return;
      }
      failed = true;
      inflater.end();
      source.stopBody();
      downstream.bodyFailed(reason);
    }

    @Override
    public void bodyEnded(HttpHeaders trailers) {
      if (failed) {
        return;
      }
      if (!sawMember || !inHeader || !buffered.isEmpty()) {
        fail(new DecompressionLimitException("gzip body ended in the middle of a member"));
        return;
      }
      inflater.end();
      downstream.bodyEnded(trailers);
    }

    @Override
    public void bodyFailed(Throwable reason) {
      if (!failed) {
        failed = true;
        inflater.end();
        downstream.bodyFailed(reason);
      }
    }
  }
}
