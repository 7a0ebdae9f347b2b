package dev.braid.net;

import java.nio.channels.FileChannel;

/**
 * A transport that can send file bytes straight from the file to the socket ({@link
 * FileChannel#transferTo}, the kernel's sendfile), without copying them through the JVM. Plain TCP
 * connections implement it; layers that must see the bytes (TLS) do not, so check with {@code
 * instanceof} and fall back to reading chunks and writing them.
 *
 * <p>Use it from a {@link PullProducer}: each time the transport asks for more, call {@link
 * #sendFile} until it returns less than asked (the socket is full: the transport asks again when it
 * can take more) or the region is done. Reactor thread only.
 */
public interface FileSending {
  /**
   * Sends up to {@code count} bytes of {@code file} from {@code position}, in order after
   * everything written before. Returns how many bytes went out; 0 when earlier writes are still
   * queued or the socket is full (the registered pull producer is asked again once the socket can
   * take more), or when the connection is closed. Does not move {@code file}'s position. An I/O
   * error (reading the file or writing the socket) closes the connection ({@link ConnectionLost})
   * and returns 0.
   */
  long sendFile(FileChannel file, long position, long count);
}
