package dev.braid.socks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

@BraidTest
class AddressRulesTest {
  @Test
  void localAndPrivateAddressesAreRestricted() {
    String[] restricted = {
      "0.0.0.0",
      "0.1.2.3",
      "10.0.0.1",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "100.64.0.1",
      "100.127.255.255",
      "127.0.0.1",
      "127.255.0.9",
      "169.254.169.254",
      "192.0.0.8",
      "198.18.0.1",
      "198.19.255.1",
      "224.0.0.1",
      "239.255.255.250",
      "240.0.0.1",
      "255.255.255.255",
      "::",
      "::1",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "fec0::1",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::10.0.0.1",
      "64:ff9b::a00:1",
      "2002:c0a8:101::1"
    };
    for (String address : restricted) {
      assertThat(AddressRules.isRestricted(InetAddress.ofLiteral(address))).as(address).isTrue();
    }
  }

  @Test
  void publicAddressesAreNot() {
    String[] open = {
      "1.1.1.1",
      "8.8.8.8",
      "93.184.216.34",
      "172.32.0.1",
      "172.15.255.255",
      "100.128.0.1",
      "100.63.255.255",
      "192.0.2.1",
      "198.20.0.1",
      "223.255.255.255",
      "2606:4700:4700::1111",
      "2001:db8::1",
      "64:ff9b::808:808",
      "2002:808:808::1"
    };
    for (String address : open) {
      assertThat(AddressRules.restriction(InetAddress.ofLiteral(address))).as(address).isEmpty();
    }
  }

  @Test
  void aMappedAddressHeldAsIpv6IsJudgedByItsIpv4Part() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 10;
    mapped[15] = 1;
    assertThat(AddressRules.restriction(Inet6Address.getByAddress(null, mapped, -1)))
        .hasValueSatisfying(why -> assertThat(why).contains("RFC 1918"));
  }

  @Test
  void theReasonNamesTheRange() {
    assertThat(AddressRules.restriction(InetAddress.ofLiteral("127.0.0.1"))).contains("loopback");
    assertThat(AddressRules.restriction(InetAddress.ofLiteral("100.64.1.1")))
        .contains("carrier-grade NAT (100.64.0.0/10)");
  }
}
