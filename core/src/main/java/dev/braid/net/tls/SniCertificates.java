package dev.braid.net.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The certificates a TLS server chooses among by the name the client asks for (SNI). Each entry has
 * a name; a client's server name matches an entry by its name or by a DNS name of its certificate
 * (a {@code *.example.com} wildcard matches one label). A client that sends no name, or a name that
 * matches nothing, gets the default entry: the one named {@code default} if there is one, else the
 * first name in alphabetical order. Immutable; any thread.
 */
public final class SniCertificates {
  private final Map<String, CertificateKey> byName;
  private final Map<String, String> aliasOfDnsName;
  private final String defaultName;

  private SniCertificates(Map<String, CertificateKey> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("no certificates");
    }
    this.byName = Collections.unmodifiableMap(new TreeMap<>(entries));
    Map<String, String> dns = new LinkedHashMap<>();
    for (var e : byName.entrySet()) {
      dns.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getKey());
    }
    for (var e : byName.entrySet()) {
      for (String name : e.getValue().dnsNames()) {
        dns.putIfAbsent(name, e.getKey());
      }
    }
    this.aliasOfDnsName = Collections.unmodifiableMap(dns);
    this.defaultName =
        byName.containsKey("default") ? "default" : byName.keySet().iterator().next();
  }

  /** One certificate for every client. */
  public static SniCertificates single(CertificateKey key) {
    return new SniCertificates(Map.of("default", key));
  }

  /** The given entries, by name. */
  public static SniCertificates of(Map<String, CertificateKey> entries) {
    return new SniCertificates(entries);
  }

  /**
   * Loads a directory in certbot's layout: each {@code DIR/NAME/fullchain.pem} with {@code
   * DIR/NAME/privkey.pem} is entry {@code NAME}, and each {@code DIR/NAME.pem} holding both the
   * chain and the key is entry {@code NAME}. Blocking file I/O; throws {@link IOException} naming
   * the bad file, or when the directory holds no pair.
   */
  public static SniCertificates loadDirectory(Path dir) throws IOException {
    Map<String, CertificateKey> entries = new LinkedHashMap<>();
    List<Path> children = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.sorted().forEach(children::add);
    }
    for (Path child : children) {
      String file = child.getFileName().toString();
      if (Files.isDirectory(child)) {
        Path chain = child.resolve("fullchain.pem");
        Path key = child.resolve("privkey.pem");
        if (Files.isRegularFile(chain) && Files.isRegularFile(key)) {
          entries.put(file, CertificateKey.fromPem(chain, key));
        }
      } else if (file.endsWith(".pem")) {
        entries.put(file.substring(0, file.length() - 4), CertificateKey.fromPem(child));
      }
    }
    if (entries.isEmpty()) {
      throw new IOException(
          dir + ": no certificates (expected NAME/fullchain.pem + NAME/privkey.pem, or NAME.pem)");
    }
    return new SniCertificates(entries);
  }

  /** The entries, by name. */
  public Map<String, CertificateKey> entries() {
    return byName;
  }

  /** The name of the entry for clients without a matching server name. */
  public String defaultName() {
    return defaultName;
  }

  /** The name of the entry for a client that asked for {@code serverName}, if one matches. */
  public Optional<String> match(String serverName) {
    String name = serverName.toLowerCase(Locale.ROOT);
    String exact = aliasOfDnsName.get(name);
    if (exact != null) {
      return Optional.of(exact);
    }
    int dot = name.indexOf('.');
    if (dot > 0) {
      return Optional.ofNullable(aliasOfDnsName.get("*" + name.substring(dot)));
    }
    return Optional.empty();
  }
}
