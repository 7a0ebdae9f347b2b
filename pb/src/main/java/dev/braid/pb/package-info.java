/**
 * Perspective Broker, Twisted's remote-object protocol, wire-compatible with {@code
 * twisted.spread.pb}: a {@link dev.braid.pb.Broker} per connection, {@link
 * dev.braid.pb.Referenceable} objects whose {@link dev.braid.pb.Remote} methods the peer calls,
 * {@link dev.braid.pb.RemoteReference}s to the peer's objects with {@code callRemote} giving a
 * Deferred, copied values through Jelly's allow-list, remote errors as {@link
 * dev.braid.pb.RemoteError}s or registered exceptions ({@link dev.braid.pb.RemoteErrors}), and
 * logins through cred's {@code Portal} with PB's challenge-response ({@link dev.braid.pb.Pb}).
 */
package dev.braid.pb;
