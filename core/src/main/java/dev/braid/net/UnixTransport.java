package dev.braid.net;

import java.util.Optional;
import jdk.net.UnixDomainPrincipal;

/**
 * The transport of a UNIX domain socket connection ({@link ReactorUnix}): a {@link Transport} that
 * can also tell who the peer process runs as. Protocols reach it with {@code transport instanceof
 * UnixTransport u}. Reactor thread only.
 */
public interface UnixTransport extends Transport {
  /**
   * The user and group of the peer process as the kernel recorded them when the connection was made
   * ({@code SO_PEERCRED}), or empty where the platform does not report them.
   */
  Optional<UnixDomainPrincipal> peerCredentials();
}
