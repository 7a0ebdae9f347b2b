package dev.braid.cred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import org.junit.jupiter.api.Test;

@BraidTest
class PasswordsTest {
  @Test
  void aHashVerifiesItsPasswordAndNoOther() {
    String hash = Passwords.hash(ByteString.utf8("s3cret"), 4);
    assertThat(Passwords.verify(ByteString.utf8("s3cret"), hash)).isTrue();
    assertThat(Passwords.verify(ByteString.utf8("s3creT"), hash)).isFalse();
  }

  @Test
  void theCostIsWrittenInTheHash() {
    String hash = Passwords.hash(ByteString.utf8("pw"), 5);
    assertThat(hash).startsWith("$2b$05$").hasSize(60);
    assertThat(Passwords.costOf(hash)).isEqualTo(5);
    assertThat(Passwords.isHash(hash)).isTrue();
  }

  @Test
  void aCostOutsideBcryptsRangeIsRefused() {
    assertThatThrownBy(() -> Passwords.hash(ByteString.utf8("pw"), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from 4 to 31, got 3");
    assertThatThrownBy(() -> Passwords.hash(ByteString.utf8("pw"), 32))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyAndOverlongPasswordsAreRefusedNotTruncated() {
    assertThatThrownBy(() -> Passwords.hash(ByteString.EMPTY, 4)).hasMessageContaining("empty");
    assertThatThrownBy(() -> Passwords.hash(ByteString.utf8("x".repeat(72)), 4))
        .hasMessageContaining("at most 71 bytes");
  }

  @Test
  void aPublishedBcryptTestVectorVerifies() {
    // From the test vectors of OpenBSD's bcrypt as used by jBCrypt: password "abc", cost 6.
    String vector = "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i";
    assertThat(Passwords.verify(ByteString.utf8("abc"), vector)).isTrue();
    assertThat(Passwords.verify(ByteString.utf8("abd"), vector)).isFalse();
  }

  @Test
  void theTwoYAndTwoAPrefixesOfOtherToolsAreRead() {
    String ours = Passwords.hash(ByteString.utf8("password"), 4);
    assertThat(Passwords.verify(ByteString.utf8("password"), "$2y$" + ours.substring(4))).isTrue();
  }

  @Test
  void malformedHashesNeverVerify() {
    assertThat(Passwords.verify(ByteString.utf8("pw"), "pw")).isFalse();
    assertThat(Passwords.verify(ByteString.utf8("pw"), "$2b$04$short")).isFalse();
  }
}
