package dev.braid.web;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's session: an id carried in a cookie, attributes, and an expiry that each request
 * touching the session pushes back ({@link SiteSettings#sessionTimeout()}). Get it with {@link
 * Request#session()}. Used on the reactor thread.
 */
public final class Session {
  private final String id;
  private final Sessions owner;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private boolean expired;

  Session(String id, Sessions owner) {
    this.id = id;
    this.owner = owner;
  }

  /** The session id (random, 128 bits, URL-safe). */
  public String id() {
    return id;
  }

  /** The attribute {@code name}, if set. */
  public Optional<Object> get(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  /** Sets attribute {@code name}. */
  public void put(String name, Object value) {
    attributes.put(name, value);
  }

  /** Removes attribute {@code name}. */
  public void remove(String name) {
    attributes.remove(name);
  }

  /** Ends the session now; the next request gets a new one. */
  public void expire() {
    owner.expire(this);
  }

  /** True once the session expired. */
  public boolean expired() {
    return expired;
  }

  void markExpired() {
    expired = true;
    attributes.clear();
  }

  /** How long an unused session lives. */
  public Duration timeout() {
    return owner.timeout();
  }
}
