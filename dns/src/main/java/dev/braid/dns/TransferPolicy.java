package dev.braid.dns;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * Who may transfer a zone (AXFR and IXFR, RFC 5936 and RFC 1995) and which TSIG keys (RFC 8945) the
 * server knows. A transfer is allowed to a query signed with one of {@link #keys} whose signature
 * verifies, or to an unsigned query from an address in {@link #allowFrom}. Everything else is
 * refused: by default ({@link #none()}) no one may transfer, as a zone's full contents help an
 * attacker map a network.
 *
 * <p>A query signed with a key the server does not know, or whose signature or time does not
 * verify, gets NOTAUTH whatever its address (RFC 8945 section 5.2). Queries signed with a known key
 * get signed responses, transfers or not.
 *
 * @param allowFrom the addresses that may transfer without a key
 * @param keys the TSIG keys, by name; any of them may transfer
 */
public record TransferPolicy(List<AddressBlock> allowFrom, Map<Name, TSIG> keys) {
  /** Copies the lists. */
  public TransferPolicy {
    allowFrom = List.copyOf(allowFrom);
    keys = Map.copyOf(keys);
  }

  /** No transfers. */
  public static TransferPolicy none() {
    return new TransferPolicy(List.of(), Map.of());
  }

  /** This policy, with transfers also allowed to unsigned queries from {@code block}. */
  public TransferPolicy withAllowFrom(AddressBlock block) {
    Objects.requireNonNull(block, "block");
    List<AddressBlock> more = new java.util.ArrayList<>(allowFrom);
    more.add(block);
    return new TransferPolicy(more, keys);
  }

  /** This policy, knowing {@code key} too (named {@code name}, the name a signed query gives). */
  public TransferPolicy withKey(Name name, TSIG key) {
    Map<Name, TSIG> more = new LinkedHashMap<>(keys);
    if (more.putIfAbsent(name, key) != null) {
      throw new IllegalArgumentException("two TSIG keys named " + name);
    }
    return new TransferPolicy(allowFrom, more);
  }

  /**
   * Parses a key written as dig's {@code -y} option writes it: {@code [ALGORITHM:]NAME:SECRET}, the
   * secret in base64, the algorithm one of hmac-sha256 (the default), hmac-sha384, hmac-sha512,
   * hmac-sha224, hmac-sha1 or hmac-md5.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public TransferPolicy withKey(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "a TSIG key is [ALGORITHM:]NAME:BASE64-SECRET, not " + redacted(parts));
    }
    String algorithm = parts.length == 3 ? parts[0] : "hmac-sha256";
    String keyName = parts[parts.length - 2];
    String secret = parts[parts.length - 1];
    Name algorithmName;
    try {
      algorithmName = TSIG.algorithmToName(algorithm);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown TSIG algorithm " + algorithm, e);
    }
    byte[] bytes;
    try {
      bytes = java.util.Base64.getDecoder().decode(secret);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the secret of TSIG key " + keyName + " is not base64", e);
    }
    if (bytes.length == 0 || keyName.isEmpty()) {
      throw new IllegalArgumentException("a TSIG key needs a name and a secret");
    }
    Name name;
    try {
      name = Name.fromString(keyName, Name.root);
    } catch (org.xbill.DNS.TextParseException e) {
      throw new IllegalArgumentException("not a TSIG key name: " + keyName, e);
    }
    return withKey(name, new TSIG(algorithmName, name, bytes));
  }

  private static String redacted(String[] parts) {
    return parts.length > 1 ? parts[0] + ":..." : "a string without ':'";
  }

  /** The key named {@code name}. */
  public Optional<TSIG> key(Name name) {
    return Optional.ofNullable(keys.get(name));
  }

  /** Whether an unsigned query from {@code peer} may transfer ({@code null}: an unknown peer). */
  public boolean allowsUnsigned(InetAddress peer) {
    if (peer == null) {
      return false;
    }
    for (AddressBlock block : allowFrom) {
      if (block.contains(peer)) {
        return true;
      }
    }
    return false;
  }
}
