package dev.braid.pb;

import dev.braid.bytes.ByteString;
import dev.braid.cred.Credentials;
import dev.braid.cred.Portal;
import dev.braid.defer.Deferred;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.ProtocolFactory;
import dev.braid.pb.jelly.PyNone;
import dev.braid.pb.jelly.Tuple;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where PB starts: servers publishing a root object or a cred {@link Portal} (Twisted's {@code
 * PBServerFactory}), and clients getting the root object or logging in (Twisted's {@code
 * PBClientFactory}). Reactor thread only; the Deferreds fire there.
 *
 * <pre>{@code
 * reactor.listenTcp(8789, Pb.serverFactory(PbConfig.defaults(), new Calculator()));
 *
 * Pb.getRootObject(Endpoints.clientFromString(reactor, "tcp:localhost:8789"), PbConfig.defaults())
 *     .addDeferredCallback(root -> root.callRemote(Long.class, "add", 1, 2))
 *     .addListener(sum -> System.out.println(sum));
 * }</pre>
 */
public final class Pb {
  private Pb() {}

  /** A server whose every connection gets {@code root} as its root object. */
  public static ProtocolFactory serverFactory(PbConfig config, Referenceable root) {
    Objects.requireNonNull(root, "root");
    return peer -> Broker.server(config, broker -> root);
  }

  /**
   * A server whose each connection gets the root object {@code rootFor} makes for its broker
   * (Twisted's {@code IPBRoot.rootObject(broker)}): for state per client.
   */
  public static ProtocolFactory serverFactory(
      PbConfig config, Function<? super Broker, ? extends Referenceable> rootFor) {
    Objects.requireNonNull(rootFor, "rootFor");
    return peer -> Broker.server(config, rootFor::apply);
  }

  /**
   * A server whose root object logs clients in through {@code portal} (Twisted's {@code
   * PBServerFactory(portal)}): by PB's challenge-response (the password never crosses the wire, so
   * the portal needs a checker of {@link Credentials.UsernameHashedPassword}, such as {@code
   * InMemoryChecker}), or anonymously. The realm is asked for an avatar of type {@link
   * Referenceable}, and its logout runs when the client releases the avatar or disconnects.
   */
  public static ProtocolFactory serverFactory(PbConfig config, Portal portal) {
    Objects.requireNonNull(portal, "portal");
    return peer -> Broker.server(config, broker -> new PortalRoot(portal, broker));
  }

  /** A client connection whose broker is handed to {@code connected} (for tests and tools). */
  public static ProtocolFactory clientFactory(PbConfig config) {
    return peer -> Broker.client(config);
  }

  /** Connects to {@code endpoint} and fires with the server's root object. */
  public static Deferred<RemoteReference> getRootObject(ClientEndpoint endpoint, PbConfig config) {
    return endpoint
        .connect(clientFactory(config))
        .addDeferredCallback(protocol -> ((Broker) protocol).rootObject());
  }

  /**
   * Connects to {@code endpoint} and logs in with {@code credentials} ({@link
   * Credentials.UsernamePassword} by challenge-response, or {@link Credentials.Anonymous}); fires
   * with the avatar, or fails with the server's refusal ({@code UnauthorizedLogin}) after closing
   * the connection. {@code mind} is this side's object the server may call back.
   */
  public static Deferred<RemoteReference> login(
      ClientEndpoint endpoint,
      PbConfig config,
      Credentials credentials,
      Optional<Referenceable> mind) {
    return getRootObject(endpoint, config)
        .addDeferredCallback(
            root ->
                login(root, credentials, mind)
                    .addErrback(
                        error -> {
                          root.broker().disconnect();
                          throw error instanceof Exception e ? e : new IllegalStateException(error);
                        }));
  }

  /** Logs in through {@code root}, a server's root object that is a portal. */
  public static Deferred<RemoteReference> login(
      RemoteReference root, Credentials credentials, Optional<Referenceable> mind) {
    Object theMind = mind.isPresent() ? mind.get() : PyNone.NONE;
    return switch (credentials) {
      case Credentials.Anonymous a ->
          root.callRemote(RemoteReference.class, "loginAnonymous", theMind);
      case Credentials.UsernamePassword(String username, ByteString password) ->
          root.callRemote("login", ByteString.utf8(username))
              .addDeferredCallback(
                  answer -> {
                    if (!(answer instanceof Tuple t)
                        || t.size() != 2
                        || !(t.get(0) instanceof ByteString challenge)
                        || !(t.get(1) instanceof RemoteReference challenger)) {
                      throw new PbProtocolException("the server's login answer is not a challenge");
                    }
                    return challenger.callRemote(
                        RemoteReference.class, "respond", respond(challenge, password), theMind);
                  });
      default ->
          Deferred.fail(
              new IllegalArgumentException(
                  "PB logs in with a user name and password or anonymously, not " + credentials));
    };
  }

  /** PB's answer to a challenge: MD5(MD5(password) + challenge). */
  static ByteString respond(ByteString challenge, ByteString password) {
    MessageDigest md5 = md5();
    byte[] hashed = md5.digest(password.toByteArray());
    md5.update(hashed);
    md5.update(challenge.toByteArray());
    return ByteString.wrapOwned(md5.digest());
  }

  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }
}
