package dev.braid.dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Zone;

/**
 * The zones a server is authoritative for, immutable: each a dnsjava {@link Zone} under its origin.
 * A query goes to the zone with the longest origin that contains its name ({@link #find}).
 */
public final class ZoneSet {
  private final Map<Name, Zone> zones;

  private ZoneSet(Map<Name, Zone> zones) {
    this.zones = Map.copyOf(zones);
  }

  /** No zones: every query is refused. */
  public static ZoneSet empty() {
    return new ZoneSet(Map.of());
  }

  /** The given zones (their origins must differ). */
  public static ZoneSet of(List<Zone> zones) {
    Map<Name, Zone> byOrigin = new LinkedHashMap<>();
    for (Zone zone : zones) {
      if (byOrigin.putIfAbsent(zone.getOrigin(), zone) != null) {
        throw new IllegalArgumentException("two zones for " + zone.getOrigin());
      }
    }
    return new ZoneSet(byOrigin);
  }

  /**
   * Loads the master file {@code file} as the zone {@code origin} ({@code $ORIGIN}, {@code $TTL},
   * {@code $INCLUDE} and {@code $GENERATE} are understood, relative names are relative to {@code
   * origin}). The zone must have an SOA and NS records at its origin.
   *
   * @throws ZoneFileException naming the file and line of the first error
   */
  public static Zone load(String origin, Path file) throws ZoneFileException {
    Name name;
    try {
      name = Name.fromString(origin, Name.root);
    } catch (TextParseException e) {
      throw new ZoneFileException(file, "not a zone name: " + origin + ": " + e.getMessage(), e);
    }
    if (!Files.isRegularFile(file)) {
      throw new ZoneFileException(
          file,
          file + ": " + (Files.exists(file) ? "is not a regular file" : "does not exist"),
          null);
    }
    try {
      return new Zone(name, file.toString());
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      String shortName = file.getFileName() + ":";
      if (message.startsWith(shortName)) {
        message = file + message.substring(shortName.length() - 1); // FILE:LINE: reason
      } else if (!message.startsWith(file.toString())) {
        message = file + ": " + message; // a check after parsing, e.g. a missing SOA
      }
      throw new ZoneFileException(file, message, e);
    }
  }

  /** The zone with the longest origin that is {@code name} or one of its ancestors. */
  public Optional<Zone> find(Name name) {
    for (int labels = name.labels(); labels >= 1; labels--) {
      Name candidate = labels == name.labels() ? name : new Name(name, name.labels() - labels);
      Zone zone = zones.get(candidate);
      if (zone != null) {
        return Optional.of(zone);
      }
    }
    return Optional.empty();
  }

  /** The zone whose origin is {@code origin} exactly. */
  public Optional<Zone> zone(Name origin) {
    return Optional.ofNullable(zones.get(origin));
  }

  /** The origins of the zones. */
  public List<Name> origins() {
    return List.copyOf(zones.keySet());
  }
}
