package dev.braid.process;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;

/**
 * Logs one output stream of a child process line by line: each line (without its {@code \n} or
 * {@code \r\n}, decoded as UTF-8) is one INFO event on the given logger, with the key-value fields
 * {@code process} (the process's name) and {@code stream} (e.g. {@code stdout}). A line longer than
 * 64 KiB is logged in 64 KiB pieces; call {@link #flush} when the stream ends to log a last line
 * that has no newline. Not thread-safe: use it from the reactor thread, in {@link
 * ProcessProtocol#childDataReceived}.
 */
public final class ProcessOutputLogger {
  /** The longest line logged as one event. */
  public static final int MAX_LINE = 64 * 1024;

  private final Logger log;
  private final String process;
  private final String stream;
  private byte[] pending = new byte[256];
  private int length;

  /**
   * A logger of the stream {@code stream} of the process called {@code process}, to {@code log}.
   */
  public ProcessOutputLogger(Logger log, String process, String stream) {
    this.log = log;
    this.process = process;
    this.stream = stream;
  }

  /** Logs every complete line in {@code data} and keeps the rest; reads {@code data} to its end. */
  public void feed(ByteBuffer data) {
    while (data.hasRemaining()) {
      byte b = data.get();
      if (b == '\n') {
        emit();
        continue;
      }
      if (length == pending.length) {
        if (length >= MAX_LINE) {
          emit();
        } else {
          pending = Arrays.copyOf(pending, Math.min(MAX_LINE, length * 2));
        }
      }
      pending[length++] = b;
    }
  }

  /** Logs what is left of an unfinished line, if anything. */
  public void flush() {
    if (length > 0) {
      emit();
    }
  }

  private void emit() {
    int end = length;
    if (end > 0 && pending[end - 1] == '\r') {
      end--;
    }
    String line = new String(pending, 0, end, StandardCharsets.UTF_8);
    length = 0;
    log.atInfo().addKeyValue("process", process).addKeyValue("stream", stream).log(line);
  }
}
