package dev.braid.pb.jelly;

/** Python's {@code None} as a value (Braid's API takes no nulls): jellied as {@code ["None"]}. */
public enum PyNone {
  /** The one None. */
  NONE;

  @Override
  public String toString() {
    return "None";
  }
}
