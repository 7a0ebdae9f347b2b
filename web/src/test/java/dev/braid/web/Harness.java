package dev.braid.web;

import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.time.Instant;
import java.time.InstantSource;

/** A site on a fake clock with one in-memory connection. */
final class Harness {
  final FakeClock clock = new FakeClock();
  final Site site;
  final StringTransport transport = new StringTransport();

  Harness(Resource root) {
    this(root, SiteSettings.defaults());
  }

  Harness(Resource root, SiteSettings settings) {
    site =
        Site.builder(clock, root)
            .settings(settings)
            .wallClock(InstantSource.fixed(Instant.parse("2026-01-02T03:04:05Z")))
            .build();
    transport.makeConnection(site.buildProtocol(transport.peerAddress()));
  }

  String out() {
    return transport.writtenUtf8();
  }

  String take() {
    String s = transport.writtenUtf8();
    transport.clear();
    return s;
  }

  static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
