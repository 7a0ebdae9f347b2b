package dev.braid.pb.jelly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A Python tuple: an immutable sequence, jellied as {@code ["tuple", ...]} (a Java {@link List} is
 * a Python list). Equal when the items are equal. Immutable, though an item may be a mutable list.
 */
public final class Tuple {
  private final List<Object> items;

  private Tuple(List<Object> items) {
    this.items = Collections.unmodifiableList(items);
  }

  /** The tuple of {@code items} (none may be null; use {@link PyNone#NONE}). */
  public static Tuple of(Object... items) {
    return new Tuple(List.of(items));
  }

  /** The tuple of the items of {@code items}, copied. */
  public static Tuple copyOf(List<?> items) {
    return new Tuple(List.copyOf(items));
  }

  /** A tuple over {@code items} itself, filled by the unjellier after it was registered. */
  static Tuple over(ArrayList<Object> items) {
    return new Tuple(items);
  }

  /** The items, unmodifiable. */
  public List<Object> items() {
    return items;
  }

  /** The number of items. */
  public int size() {
    return items.size();
  }

  /** The item at {@code index}. */
  public Object get(int index) {
    return items.get(index);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tuple t && t.items.equals(items);
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }

  @Override
  public String toString() {
    return "("
        + String.join(", ", Arrays.stream(items.toArray()).map(String::valueOf).toList())
        + ")";
  }
}
