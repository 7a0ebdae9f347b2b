package dev.braid.cred;

import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.RealPeer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@BraidTest
class AuthorizedKeyTest {
  @TempDir Path dir;
  private final MemoryReactor reactor = new MemoryReactor();

  /** A public key line made by OpenSSH's ssh-keygen. */
  private String sshKeygen(String type, String bits) throws Exception {
    Path key = dir.resolve("id_" + type + bits);
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "ssh-keygen", "-q", "-t", type, "-N", "", "-C", "user@host", "-f", key.toString()));
    if (!bits.isEmpty()) {
      command.addAll(List.of("-b", bits));
    }
    RealPeer.Result keygen =
        RealPeer.command(command).debianPackage("openssh-client").run(Duration.ofSeconds(60));
    assertThat(keygen.exit()).as(keygen.out()).isZero();
    return Files.readString(dir.resolve(key.getFileName() + ".pub")).strip();
  }

  private static byte[] sshString(byte[] bytes) {
    return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
  }

  /** An authorized_keys line for a JCA Ed25519 key (the raw key is the end of its X.509 form). */
  private static String ed25519Line(KeyPair pair, String comment) {
    byte[] x509 = pair.getPublic().getEncoded();
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    blob.writeBytes(sshString("ssh-ed25519".getBytes(StandardCharsets.US_ASCII)));
    blob.writeBytes(sshString(Arrays.copyOfRange(x509, x509.length - 32, x509.length)));
    return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
  }

  @Test
  void keysMadeBySshKeygenOfEveryTypeAreRead() throws Exception {
    String[][] kinds = {
      {"ed25519", "", "EdDSA"},
      {"ecdsa", "256", "EC"},
      {"ecdsa", "384", "EC"},
      {"ecdsa", "521", "EC"},
      {"rsa", "2048", "RSA"}
    };
    for (String[] kind : kinds) {
      String line = sshKeygen(kind[0], kind[1]);
      AuthorizedKey key = AuthorizedKey.parseLine(line);
      assertThat(key.key().getAlgorithm()).as(line).isEqualTo(kind[2]);
      assertThat(key.comment()).isEqualTo("user@host");
      assertThat(key.options()).isEmpty();
      assertThat(line).startsWith(key.type() + " ");
      assertThat(key.matches(AuthorizedKey.parseLine(line).key())).isTrue();
    }
  }

  @Test
  void optionsBeforeTheKeyAreKeptIncludingQuotedSpaces() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String options = "from=\"10.0.0.0/8,192.168.1.1\",command=\"echo hi there\",no-pty";
    AuthorizedKey key = AuthorizedKey.parseLine(options + " " + ed25519Line(pair, "a comment"));
    assertThat(key.options()).isEqualTo(options);
    assertThat(key.comment()).isEqualTo("a comment");
    assertThat(key.matches(pair.getPublic())).isTrue();
  }

  @Test
  void aDifferentKeyDoesNotMatch() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    AuthorizedKey key = AuthorizedKey.parseLine(ed25519Line(generator.generateKeyPair(), "x"));
    assertThat(key.matches(generator.generateKeyPair().getPublic())).isFalse();
  }

  @Test
  void malformedLinesAreRefusedWithTheirLineNumber() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String good = ed25519Line(pair, "ok");
    String data = good.split(" ")[1];
    byte[] blob = Base64.getDecoder().decode(data);
    String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(blob, blob.length - 3));
    String[][] cases = {
      {"ssh-dss AAAA", "unsupported key type \"ssh-dss\""},
      {"ssh-ed25519", "no key data after ssh-ed25519"},
      {"ssh-ed25519 !!!notbase64", "the key data is not base64"},
      {"ssh-ed25519 " + truncated, "the key data is truncated"},
      {"ssh-rsa " + data, "the key data is a ssh-ed25519 key, but the line says ssh-rsa"},
      {"command=\"unterminated ssh-ed25519 " + data, "unterminated quote"},
      {"no-pty", "no key: expected"},
      {"no-pty ssh-foo AAAA", "unknown key type \"ssh-foo\""},
    };
    for (String[] c : cases) {
      assertThatThrownBy(
              () -> AuthorizedKey.parseFile("keys", List.of("# comment", "", good, c[0])))
          .as(c[0])
          .isInstanceOf(AuthorizedKeysException.class)
          .hasMessageStartingWith("keys, line 4: ")
          .hasMessageContaining(c[1]);
    }
  }

  @Test
  void theSshKeysCheckerAcceptsAListedKeyAndAValidSignature() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    KeyPair alice = generator.generateKeyPair();
    Files.write(dir.resolve("alice.keys"), List.of("# alice", ed25519Line(alice, "alice")));
    CredentialsChecker checker = Checkers.fromString(reactor, "sshkeys:" + dir.resolve("%u.keys"));
    assertThat(
            successResultOf(
                checker.requestAvatarId(
                    Credentials.SshPublicKey.lookup("alice", alice.getPublic()))))
        .isEqualTo("alice");

    byte[] data = "session data".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(alice.getPrivate());
    signer.update(data);
    var signed =
        new Credentials.Proof(ByteString.of(data), ByteString.of(signer.sign()), "Ed25519");
    assertThat(
            successResultOf(
                checker.requestAvatarId(
                    new Credentials.SshPublicKey("alice", alice.getPublic(), Optional.of(signed)))))
        .isEqualTo("alice");

    var forged =
        new Credentials.Proof(ByteString.utf8("other data"), signed.signature(), "Ed25519");
    failureResultOf(
        checker.requestAvatarId(
            new Credentials.SshPublicKey("alice", alice.getPublic(), Optional.of(forged))),
        UnauthorizedLogin.class);
  }

  @Test
  void theSshKeysCheckerRefusesUnlistedKeysUnknownUsersAndPathTricks() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    KeyPair alice = generator.generateKeyPair();
    Files.write(dir.resolve("alice.keys"), List.of(ed25519Line(alice, "alice")));
    CredentialsChecker checker = SshKeysChecker.create(reactor, dir.resolve("%u.keys").toString());
    assertThat(
            failureResultOf(
                checker.requestAvatarId(
                    Credentials.SshPublicKey.lookup(
                        "alice", generator.generateKeyPair().getPublic())),
                UnauthorizedLogin.class))
        .hasMessage("key not authorized for alice");
    failureResultOf(
        checker.requestAvatarId(Credentials.SshPublicKey.lookup("bob", alice.getPublic())),
        UnauthorizedLogin.class);
    failureResultOf(
        checker.requestAvatarId(Credentials.SshPublicKey.lookup("../alice", alice.getPublic())),
        UnauthorizedLogin.class);
  }
}
