package dev.braid.protocols;

/**
 * A protocol that exchanges strings each preceded by its length as an unsigned 16-bit big-endian
 * integer (so at most 65,535 bytes can be sent). Subclasses implement {@link #stringReceived}; see
 * {@link IntNStringReceiver}. The default limit on received strings is {@value #DEFAULT_MAX_LENGTH}
 * bytes.
 *
 * <p>The reactor thread calls every method.
 */
public abstract non-sealed class Int16StringReceiver extends IntNStringReceiver {
  /** The default limit on the length of a received string. */
  public static final int DEFAULT_MAX_LENGTH = 65_535;

  /** A receiver with the default limit, {@value #DEFAULT_MAX_LENGTH} bytes. */
  protected Int16StringReceiver() {
    this(DEFAULT_MAX_LENGTH);
  }

  /**
   * A receiver of strings of at most {@code maxLength} bytes.
   *
   * @throws IllegalArgumentException if {@code maxLength} is negative or more than 65,535 bytes
   */
  protected Int16StringReceiver(int maxLength) {
    super(2, maxLength);
  }
}
