package dev.braid.web.staticfiles;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.PullProducer;
import dev.braid.web.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Sends regions of a file as a response body: a pull producer asked for more each time the
 * connection has sent everything queued, so memory stays flat whatever the file size and the
 * client's speed. Over plain TCP the bytes go from the file to the socket with {@code sendfile}
 * ({@link Request#transferFile}); otherwise (TLS, gzip, chunked) it reads one chunk at a time and
 * writes it. Reactor thread only.
 */
final class FileSender implements PullProducer {
  /** A prefix to write, then {@code count} bytes of the file from {@code offset}. */
  record Part(ByteString prefix, long offset, long count) {}

  private final Request request;
  private final FileChannel channel;
  private final List<Part> parts;
  private final ByteString tail;
  private final int chunkSize;
  private int index;
  private long sentOfPart = -1;
  private boolean done;
  private boolean zeroCopy = true;

  private FileSender(
      Request request, FileChannel channel, List<Part> parts, ByteString tail, int chunkSize) {
    this.request = request;
    this.channel = channel;
    this.parts = parts;
    this.tail = tail;
    this.chunkSize = chunkSize;
  }

  static Deferred<Void> send(
      Request request, Path file, List<Part> parts, ByteString tail, int chunkSize)
      throws IOException {
    if (request.method().equals("HEAD")) {
      request.finish();
      return Deferred.succeed(null);
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    FileSender sender = new FileSender(request, ch, parts, tail, chunkSize);
    request
        .notifyFinish()
        .addErrback(
            e -> {
              sender.close();
              return null;
            });
    request.registerProducer(sender);
    return Deferred.succeed(null);
  }

  @Override
  public void resumeProducing() {
    if (done) {
      return;
    }
    try {
      while (index < parts.size()) {
        Part p = parts.get(index);
        if (sentOfPart < 0) {
          sentOfPart = 0;
          if (!p.prefix().isEmpty()) {
            request.write(p.prefix());
          }
        }
        long left = p.count() - sentOfPart;
        if (left > 0 && zeroCopy) {
          long n = request.transferFile(channel, p.offset() + sentOfPart, left);
          if (n >= 0) {
            sentOfPart += n;
            if (n < left) {
              return;
            }
            continue;
          }
          zeroCopy = false;
        }
        if (left > 0) {
          ByteBuffer buf = ByteBuffer.allocate((int) Math.min(chunkSize, left));
          while (buf.hasRemaining()) {
            int n = channel.read(buf, p.offset() + sentOfPart + buf.position());
            if (n < 0) {
              throw new IOException("the file got shorter while it was being sent");
            }
          }
          sentOfPart += buf.capacity();
          request.write(buf.flip());
          return;
        }
        index++;
        sentOfPart = -1;
      }
      done = true;
      if (!tail.isEmpty()) {
        request.write(tail);
      }
      close();
      request.unregisterProducer();
      request.finish();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stopProducing() {
    close();
  }

  private void close() {
    done = true;
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to read from it anyway
    }
  }
}
