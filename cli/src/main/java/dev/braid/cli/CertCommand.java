package dev.braid.cli;

import dev.braid.net.tls.CertificateKey;
import dev.braid.net.tls.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code braid cert}: makes a local certificate authority and a certificate for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1} signed by it, for trying TLS on one's own machine. It writes
 * {@code localhost.pem} (the certificate, then its key: {@code ssl:8443:certKey=localhost.pem}) and
 * {@code ca.pem} (the CA's certificate, for a client's trust roots: {@code curl --cacert ca.pem}).
 * The CA's private key is never written: it signs this one certificate and is thrown away, so
 * trusting {@code ca.pem} trusts nothing else.
 *
 * <p>The JDK has no public API that makes a certificate; this runs the running JDK's own {@code
 * keytool} (as {@link dev.braid.net.tls.DevCertificates} does) in a temporary directory. Not a
 * server: the command runs it and exits, without a reactor.
 */
@Command(
    name = "cert",
    mixinStandardHelpOptions = true,
    description =
        "Makes a local CA and a certificate for localhost signed by it: localhost.pem (for"
            + " ssl:...:certKey=) and ca.pem (for curl --cacert).")
public final class CertCommand {
  /** The names the certificate is for, as keytool's subjectAltName extension spells them. */
  static final String SUBJECT_ALT_NAMES = "dns:localhost,ip:127.0.0.1,ip:::1";

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Where to write localhost.pem and ca.pem (default: the current directory).")
  private Path dir;

  @Option(
      names = "--force",
      description = "Replace localhost.pem and ca.pem if they are there (default: refuse).")
  private boolean force;

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "365",
      description = "How long the certificates are valid, in days (default: ${DEFAULT-VALUE}).")
  private int days;

  /** For picocli. */
  public CertCommand() {}

  /** Makes the files and prints how to use them; returns the exit status. */
  int run(PrintWriter out, PrintWriter err) {
    if (days < 1 || days > 3650) {
      err.println("braid: --days must be from 1 to 3650, got " + days);
      return 2;
    }
    Path certKey = dir.resolve("localhost.pem").normalize();
    Path ca = dir.resolve("ca.pem").normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      err.println("braid: --dir " + dir + " is not a directory");
      return 1;
    }
    if (!force) {
      for (Path file : List.of(certKey, ca)) {
        if (Files.exists(file)) {
          err.println("braid: " + file + " exists; --force replaces it");
          return 1;
        }
      }
    }
    Path work = null;
    try {
      Files.createDirectories(dir);
      work = Files.createTempDirectory("braid-cert");
      Made made = make(work, days);
      writePrivate(certKey, Pem.encode(new CertificateKey(List.of(made.leaf()), made.key())));
      Files.writeString(ca, Pem.encode("CERTIFICATE", made.ca().getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      err.println("braid: cannot make the certificates: " + e.getMessage());
      return 1;
    } finally {
      if (!deleteTree(work)) {
        err.println("braid: warning: could not delete " + work + " (it holds the keys); delete it");
      }
    }
    out.println("Wrote " + certKey + " (certificate and key for localhost, 127.0.0.1 and ::1)");
    out.println("  and " + ca + " (the local CA that signed it; its key was not kept).");
    out.println("Serve HTTPS with it:");
    out.println("  braid web --listen ssl:8443:certKey=" + certKey);
    out.println("and trust it:");
    out.println("  curl --cacert " + ca + " https://localhost:8443/");
    return 0;
  }

  private record Made(X509Certificate ca, X509Certificate leaf, PrivateKey key) {}

  /** Runs keytool in {@code work}: a CA, a key for localhost, its request, the CA's signature. */
  private static Made make(Path work, int days) throws IOException, GeneralSecurityException {
    Path store = work.resolve("cert.p12");
    String password = "braid-cert";
    List<String> common =
        List.of("-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password);
    List<String> newKey =
        List.of("-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA");
    String validity = String.valueOf(days);
    keytool(
        common,
        concat(
            List.of("-genkeypair", "-alias", "ca", "-dname", "CN=Braid local CA"),
            newKey,
            List.of(
                "-validity",
                validity,
                "-ext",
                "bc:c=ca:true,pathlen:0",
                "-ext",
                "ku:c=keyCertSign,cRLSign")));
    keytool(
        common,
        concat(
            List.of("-genkeypair", "-alias", "localhost", "-dname", "CN=localhost"),
            newKey,
            List.of("-validity", validity)));
    Path request = work.resolve("localhost.csr");
    keytool(common, List.of("-certreq", "-alias", "localhost", "-file", request.toString()));
    Path signed = work.resolve("localhost.crt");
    keytool(
        common,
        List.of(
            "-gencert",
            "-alias",
            "ca",
            "-infile",
            request.toString(),
            "-outfile",
            signed.toString(),
            "-sigalg",
            "SHA256withECDSA",
            "-validity",
            validity,
            "-ext",
            "SAN=" + SUBJECT_ALT_NAMES,
            "-ext",
            "bc:c=ca:false",
            "-ext",
            "ku:c=digitalSignature",
            "-ext",
            "eku=serverAuth"));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, password.toCharArray());
    }
    X509Certificate leaf;
    try (InputStream in = Files.newInputStream(signed)) {
      leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    X509Certificate ca = (X509Certificate) keys.getCertificate("ca");
    leaf.verify(ca.getPublicKey());
    return new Made(ca, leaf, (PrivateKey) keys.getKey("localhost", password.toCharArray()));
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  private static void keytool(List<String> common, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(args);
    command.addAll(common);
    command.addAll(List.of("-keypass", "braid-cert", "-noprompt"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException("keytool " + args.getFirst() + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
  }

  /** Writes {@code text} to {@code file}, readable by its owner only where the file system can. */
  private static void writePrivate(Path file, String text) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    try {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temp);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(temp + " appeared while writing it", e);
    }
    Files.writeString(temp, text, StandardCharsets.US_ASCII);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Deletes {@code root} and what is under it; false if some of it is left. */
  private static boolean deleteTree(Path root) {
    if (root == null) {
      return true;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
