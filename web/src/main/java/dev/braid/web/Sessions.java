package dev.braid.web;

import dev.braid.time.DelayedCall;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The live sessions of a site and their expiry timers. Reactor thread only. */
final class Sessions {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Site site;
  private final Map<String, Session> byId = new HashMap<>();
  private final Map<String, DelayedCall> timers = new HashMap<>();

  Sessions(Site site) {
    this.site = site;
  }

  Duration timeout() {
    return site.settings().sessionTimeout();
  }

  Optional<Session> existing(Request request) {
    String id = request.cookies().get(site.settings().sessionCookie());
    Session s = id == null ? null : byId.get(id);
    if (s != null) {
      timers.get(id).reset(timeout());
    }
    return Optional.ofNullable(s);
  }

  Session sessionFor(Request request) {
    Optional<Session> found = existing(request);
    if (found.isPresent()) {
      return found.get();
    }
    byte[] raw = new byte[16];
    RANDOM.nextBytes(raw);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Session s = new Session(id, this);
    byId.put(id, s);
    timers.put(id, site.time().callLater(timeout(), () -> expire(s)));
    request.addCookie(
        Cookie.of(site.settings().sessionCookie(), id).withSecure(request.isSecure()));
    return s;
  }

  void expire(Session s) {
    if (byId.remove(s.id()) != null) {
      DelayedCall c = timers.remove(s.id());
      if (c.active()) {
        c.cancel();
      }
      s.markExpired();
    }
  }

  void expireAll() {
    for (Session s : byId.values().toArray(new Session[0])) {
      expire(s);
    }
  }
}
