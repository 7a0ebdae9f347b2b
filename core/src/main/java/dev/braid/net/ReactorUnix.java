package dev.braid.net;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * UNIX domain stream sockets for a reactor: listen on and connect to a socket file. A separate
 * capability, not part of {@link dev.braid.reactor.Reactor}: the selector reactor provides it,
 * in-memory test reactors need not. Check with {@code reactor instanceof ReactorUnix}, or use the
 * {@code unix:} endpoints ({@link dev.braid.net.endpoints.Endpoints#serverFromString}). Reactor
 * thread only (or the creating thread before the reactor runs).
 */
public interface ReactorUnix {
  /**
   * Listens on the socket file {@code path}; each accepted connection gets a protocol from {@code
   * factory}, and its transport is a {@link UnixTransport}. Throws {@link java.net.BindException}
   * naming {@code unix:PATH} when it cannot listen (the file exists, or with {@link
   * UnixListenOptions#lockfile} another process holds the lock). Stopping the port removes the
   * socket file.
   */
  ListeningPort listenUnix(Path path, ProtocolFactory factory, UnixListenOptions options)
      throws IOException;

  /**
   * Connects to the socket file {@code path}; {@code factory} hears the outcome, as for TCP. A
   * missing file or a file nobody listens on fails with {@link java.net.ConnectException}, an
   * attempt longer than {@code timeout} with {@link java.net.SocketTimeoutException}.
   */
  Connector connectUnix(Path path, ClientFactory factory, Duration timeout);

  /**
   * Options for {@link #listenUnix}.
   *
   * @param mode the permissions given to the socket file after binding; empty keeps the umask's
   * @param lockfile whether to hold a lock on {@code PATH.lock} while listening, which lets a stale
   *     socket file left by a dead process be removed safely (see {@code docs/unix.md})
   * @param backlog the length of the queue of connections not yet accepted
   */
  record UnixListenOptions(Optional<Set<PosixFilePermission>> mode, boolean lockfile, int backlog) {
    /**
     * The default backlog: the same as TCP's ({@link ReactorTcp.TcpListenOptions#DEFAULT_BACKLOG}).
     */
    public static final int DEFAULT_BACKLOG = ListenBacklog.SYSTEM_DEFAULT;

    public UnixListenOptions {
      mode = mode.map(Set::copyOf);
      if (backlog < 1) {
        throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
      }
    }

    /** No mode, no lockfile, the {@link #DEFAULT_BACKLOG}. */
    public static UnixListenOptions defaults() {
      return new UnixListenOptions(Optional.empty(), false, DEFAULT_BACKLOG);
    }

    /** These options with the socket file's permissions set to {@code permissions}. */
    public UnixListenOptions withMode(Set<PosixFilePermission> permissions) {
      return new UnixListenOptions(Optional.of(permissions), lockfile, backlog);
    }

    /**
     * These options with the socket file's permissions from an octal mode such as {@code 0660}
     * (only the nine permission bits, 0 to 0777).
     */
    public UnixListenOptions withMode(int octalMode) {
      if (octalMode < 0 || octalMode > 0777) {
        throw new IllegalArgumentException(
            "mode must be 0 to 0777, got 0" + Integer.toOctalString(octalMode));
      }
      PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
      Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
      for (int i = 0; i < bits.length; i++) {
        if ((octalMode & (0400 >> i)) != 0) {
          permissions.add(bits[i]);
        }
      }
      return withMode(permissions);
    }

    /** These options with or without the lockfile. */
    public UnixListenOptions withLockfile(boolean on) {
      return new UnixListenOptions(mode, on, backlog);
    }

    /** These options with {@code n} as backlog. */
    public UnixListenOptions withBacklog(int n) {
      return new UnixListenOptions(mode, lockfile, n);
    }
  }
}
