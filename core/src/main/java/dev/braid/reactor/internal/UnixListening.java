package dev.braid.reactor.internal;

import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorUnix.UnixListenOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens UNIX domain listening sockets for {@link SelectorReactor#listenUnix}: takes the optional
 * lockfile, removes a stale socket file under it, binds, applies the mode, and registers the
 * channel as a {@link TcpListeningPort} whose stop removes the socket file and releases the lock.
 * Reactor thread only.
 */
final class UnixListening {
  private static final Logger LOG = LoggerFactory.getLogger(UnixListening.class);

  private UnixListening() {}

  static TcpListeningPort open(
      SelectorReactor reactor, Path path, ProtocolFactory factory, UnixListenOptions options)
      throws IOException {
    String description = "unix:" + path;
    FileChannel lockChannel = null;
    if (options.lockfile()) {
      lockChannel = lock(path, description);
      if (Files.deleteIfExists(path)) {
        LOG.info("removed the stale socket file {} (its lock was free)", path);
      }
    }
    FileChannel lock = lockChannel;
    ServerSocketChannel channel;
    try {
      channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException e) {
      release(lock);
      throw e;
    }
    boolean bound = false;
    try {
      channel.bind(UnixDomainSocketAddress.of(path), options.backlog());
      bound = true;
      if (options.mode().isPresent()) {
        Files.setPosixFilePermissions(path, options.mode().get());
      }
      channel.configureBlocking(false);
    } catch (IOException | UnsupportedOperationException e) {
      TcpListeningPort.closeQuietly(channel);
      if (bound) {
        deleteQuietly(path);
      }
      release(lock);
      BindException error =
          new BindException("cannot listen on " + description + ": " + e.getMessage());
      error.initCause(e);
      throw error;
    }
    return TcpListeningPort.adopt(
        reactor,
        channel,
        factory,
        null,
        () -> {
          deleteQuietly(path);
          release(lock);
        });
  }

  /**
   * Opens {@code PATH.lock} and takes an exclusive lock on it, or throws a BindException when
   * another process (or another port in this process) holds it.
   */
  private static FileChannel lock(Path path, String description) throws IOException {
    Path lockPath = path.resolveSibling(path.getFileName() + ".lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      BindException error =
          new BindException(
              "cannot listen on " + description + ": cannot open " + lockPath + ": " + e);
      error.initCause(e);
      throw error;
    }
    FileLock held;
    try {
      held = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      held = null;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (held == null) {
      channel.close();
      throw new BindException(
          "another process is listening on " + description + " (it holds " + lockPath + ")");
    }
    return channel;
  }

  /** Releases the lock by closing its channel; the lock file itself stays (see docs/unix.md). */
  private static void release(FileChannel lock) {
    if (lock != null) {
      TcpListeningPort.closeQuietly(lock);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("cannot remove the socket file {}: {}", path, e.toString());
    }
  }
}
