package dev.braid.pb.jelly;

import java.util.Objects;

/**
 * What the sender could not serialize, with its reason (Jelly's {@code unpersistable}): Twisted
 * sends one in place of an object its security options refuse.
 *
 * @param reason the sender's explanation
 */
public record Unpersistable(String reason) {
  /** Checks that the reason is not null. */
  public Unpersistable {
    Objects.requireNonNull(reason, "reason");
  }
}
