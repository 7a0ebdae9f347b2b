package dev.braid.cred;

import dev.braid.bytes.ByteString;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a client presents to log in. A {@link CredentialsChecker} says which kinds it checks ({@link
 * CredentialsChecker#credentialTypes()}). Immutable values; any thread.
 */
public sealed interface Credentials
    permits Credentials.UsernamePassword,
        Credentials.UsernameHashedPassword,
        Credentials.Anonymous,
        Credentials.SshPublicKey {

  /**
   * A user name and a password (its bytes, usually UTF-8). {@link #toString()} never shows the
   * password.
   */
  record UsernamePassword(String username, ByteString password) implements Credentials {
    /** Checks that neither part is null. */
    public UsernamePassword {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    /** The credentials {@code username} / {@code password}, the password encoded as UTF-8. */
    public static UsernamePassword of(String username, String password) {
      return new UsernamePassword(username, ByteString.utf8(password));
    }

    @Override
    public String toString() {
      return "UsernamePassword[username=" + username + ", password=<hidden>]";
    }
  }

  /**
   * A user name and a proof of the password that only a checker holding the password itself can
   * verify (Twisted's {@code IUsernameHashedPassword}): Perspective Broker's challenge-response,
   * where the client sends a hash of the password and a challenge. The checker passes the stored
   * password to {@link #checkPassword}; checkers that keep only salted hashes cannot handle these.
   */
  record UsernameHashedPassword(String username, Predicate<ByteString> matcher)
      implements Credentials {
    /** Checks that neither part is null. */
    public UsernameHashedPassword {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(matcher, "matcher");
    }

    /** True if {@code password} is the one the client proved it knows. */
    public boolean checkPassword(ByteString password) {
      return matcher.test(password);
    }
  }

  /** No credentials at all: the client asks for anonymous access. */
  record Anonymous() implements Credentials {}

  /**
   * A user name and a public key. Without {@link #proof()} the checker only says whether the key is
   * authorized for the user (SSH asks this before the client signs anything); with a proof, the
   * checker also verifies that the client holds the private key.
   */
  record SshPublicKey(String username, PublicKey key, Optional<Proof> proof)
      implements Credentials {
    /** Checks that no part is null. */
    public SshPublicKey {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(proof, "proof");
    }

    /** A key offered for lookup only, without a signature. */
    public static SshPublicKey lookup(String username, PublicKey key) {
      return new SshPublicKey(username, key, Optional.empty());
    }
  }

  /**
   * A signature by the private key over {@code signedData}, in the JCA format of {@code algorithm}
   * (for example {@code Ed25519}, {@code SHA256withECDSA}, {@code SHA256withRSA}); the SSH layer
   * converts its wire signature to this form.
   */
  record Proof(ByteString signedData, ByteString signature, String algorithm) {
    /** Checks that no part is null. */
    public Proof {
      Objects.requireNonNull(signedData, "signedData");
      Objects.requireNonNull(signature, "signature");
      Objects.requireNonNull(algorithm, "algorithm");
    }
  }
}
