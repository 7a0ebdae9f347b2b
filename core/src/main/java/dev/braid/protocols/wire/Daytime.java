package dev.braid.protocols.wire;

import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The daytime service (RFC 867): on connection, writes the current date and time as one line of
 * ASCII, then closes. The format is the RFC's example form, in the clock's time zone: {@code
 * Tuesday, February 22, 1982 17:37:43-PST} followed by CR LF.
 *
 * <p>The time comes from the {@link Clock} given to the constructor (never from the system clock
 * directly), so tests pass a fixed clock. The reactor thread calls every method.
 */
public final class Daytime implements Protocol {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu HH:mm:ss-zzz", Locale.US);

  private final Clock clock;

  /** A daytime protocol that reads the time from {@code clock}. */
  public Daytime(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A factory that makes a {@link Daytime} reading {@code clock} for each connection. */
  public static ProtocolFactory factory(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return peer -> new Daytime(clock);
  }

  /** Writes the date line and closes the connection. */
  @Override
  public void connectionMade(Transport transport) {
    transport.write(format(clock) + "\r\n");
    transport.loseConnection();
  }

  /** The date and time line (without CR LF) for the current time of {@code clock}. */
  static String format(Clock clock) {
    ZoneId zone = clock.getZone().equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : clock.getZone();
    return FORMAT.format(ZonedDateTime.ofInstant(clock.instant(), zone));
  }
}
