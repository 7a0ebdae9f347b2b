package dev.braid.pb;

import dev.braid.bytes.ByteString;
import dev.braid.cred.Credentials;
import dev.braid.cred.LoginResult;
import dev.braid.cred.Portal;
import dev.braid.defer.Deferred;
import dev.braid.pb.jelly.PyNone;
import dev.braid.pb.jelly.Tuple;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The root object of a server with a portal (Twisted's {@code _PortalWrapper}): {@code login}
 * answers a challenge and a challenger, whose {@code respond} checks the answer; {@code
 * loginAnonymous} logs in without credentials.
 */
final class PortalRoot implements Referenceable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Portal portal;
  private final Broker broker;

  PortalRoot(Portal portal, Broker broker) {
    this.portal = portal;
    this.broker = broker;
  }

  @Remote
  public Tuple login(Object username) {
    String name =
        switch (username) {
          case ByteString b -> b.utf8();
          case String s -> s;
          default -> throw new IllegalArgumentException("a user name must be bytes or str");
        };
    byte[] challenge = new byte[16];
    RANDOM.nextBytes(challenge);
    ByteString c = ByteString.wrapOwned(challenge);
    return Tuple.of(c, new Challenger(name, c));
  }

  @Remote
  public Deferred<Referenceable> loginAnonymous(Object mind) {
    return avatar(new Credentials.Anonymous(), mind);
  }

  private Deferred<Referenceable> avatar(Credentials credentials, Object mind) {
    Optional<Object> theMind = mind == PyNone.NONE ? Optional.empty() : Optional.of(mind);
    return portal.login(credentials, theMind, Referenceable.class).addCallback(this::loggedIn);
  }

  private Referenceable loggedIn(LoginResult<Referenceable> result) {
    Runnable[] logout = {result.logout()};
    Runnable once =
        () -> {
          Runnable r = logout[0];
          logout[0] = null;
          if (r != null) {
            r.run();
          }
        };
    broker.onForget(result.avatar(), once);
    broker.notifyOnDisconnect(once);
    return result.avatar();
  }

  /** One login's challenge (Twisted's {@code _PortalAuthChallenger}). */
  final class Challenger implements Referenceable {
    private final String username;
    private final ByteString challenge;
    private boolean used;

    Challenger(String username, ByteString challenge) {
      this.username = username;
      this.challenge = challenge;
    }

    @Remote
    public Deferred<Referenceable> respond(ByteString response, Object mind) {
      if (used) {
        throw new IllegalStateException("this challenge was already answered");
      }
      used = true;
      Credentials credentials =
          new Credentials.UsernameHashedPassword(
              username,
              password ->
                  MessageDigest.isEqual(
                      Pb.respond(challenge, password).toByteArray(), response.toByteArray()));
      return avatar(credentials, mind);
    }
  }
}
