package dev.braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import org.junit.jupiter.api.Test;

@BraidTest
class MountsTest {
  /** A leaf answering its prepath and postpath. */
  static final class Echo implements Resource {
    final String name;

    Echo(String name) {
      this.name = name;
    }

    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    public Deferred<Void> render(Request request) {
      return request.respond(
          200,
          "text/plain",
          ByteString.utf8(name + " pre=" + request.prepath() + " post=" + request.postpath()));
    }
  }

  private static String get(Harness h, String target) {
    h.transport.receive("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    String out = h.take();
    return out.substring(out.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void theLongestMountTakesItsSubtreeAndTheFallbackLeafGetsTheWholePathOtherwise() {
    Mounts mounts =
        Mounts.over(new Echo("files"))
            .mount("/api", new Echo("api"))
            .mount("/api/v2/", new Echo("v2"));
    Harness h = new Harness(mounts);
    assertThat(get(h, "/docs/a.md")).isEqualTo("files pre=[] post=[docs, a.md]");
    assertThat(get(h, "/api")).isEqualTo("api pre=[api] post=[]");
    assertThat(get(h, "/api/users/1")).isEqualTo("api pre=[api] post=[users, 1]");
    assertThat(get(h, "/api/v2/x")).isEqualTo("v2 pre=[api, v2] post=[x]");
    assertThat(get(h, "/apix")).isEqualTo("files pre=[] post=[apix]");
    assertThat(get(h, "/")).isEqualTo("files pre=[] post=[]");
  }
}
