package dev.braid.amp;

/** The arguments or response of a command that has none. */
public record Empty() {
  /** The one value needed. */
  public static final Empty INSTANCE = new Empty();
}
