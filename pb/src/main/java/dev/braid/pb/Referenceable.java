package dev.braid.pb;

/**
 * An object passed to the peer by reference (Twisted's {@code pb.Referenceable}): the peer gets a
 * {@link RemoteReference} and may call its public methods annotated {@link Remote}. Mark a class
 * with this interface; nothing else is needed.
 *
 * <pre>{@code
 * final class Counter implements Referenceable {
 *   private long total;
 *
 *   @Remote
 *   public long add(long n) {
 *     return total += n;
 *   }
 * }
 * }</pre>
 *
 * <p>Methods run on the reactor thread. A method may return a value, a {@code Deferred} of one (the
 * answer goes when it fires), or nothing (the peer gets None); what it throws goes to the caller as
 * a remote error ({@link RemoteErrors}).
 */
public interface Referenceable {}
