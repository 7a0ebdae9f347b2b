package dev.braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import dev.braid.web.staticfiles.FileResource;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headless Chromium renders a page with an image and a script, and a directory listing. */
@BraidTest(timeoutSeconds = 90)
class ChromiumTest {
  private static final String PIXEL =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

  @TempDir Path tmp;

  private static Deferred<String> dumpDom(Reactor reactor, Path profile, String url) {
    return RealPeer.command(
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--user-data-dir=" + profile,
            "--virtual-time-budget=5000",
            "--dump-dom",
            url)
        .separateStderr()
        .run(reactor, Duration.ofSeconds(60))
        .addCallback(RealPeer.Result::out);
  }

  @Test
  void chromiumLoadsAPageWithItsImageAndScriptAndRendersAListing(ReactorTester t) throws Exception {
    Path www = Files.createDirectories(tmp.resolve("www"));
    Files.writeString(
        www.resolve("index.html"),
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>t</title><script src="app.js"></script></head>
        <body><img id="pixel" src="pixel.png"><p id="out">script did not run</p></body></html>
        """);
    Files.writeString(
        www.resolve("app.js"),
        """
        window.addEventListener("load", () => {
          const img = document.getElementById("pixel");
          document.getElementById("out").textContent =
              "script ran, image " + img.naturalWidth + "x" + img.naturalHeight;
        });
        """);
    Files.write(www.resolve("pixel.png"), Base64.getDecoder().decode(PIXEL));
    Path list = Files.createDirectories(www.resolve("list"));
    Files.writeString(list.resolve("<b>bold<b>&.txt"), "x");
    Files.writeString(list.resolve("plain.txt"), "y");

    Site site = Site.create(t.reactor(), FileResource.of(www));
    ListeningPort port =
        t.await(Endpoints.serverFromString(t.reactor(), "tcp:0:interface=127.0.0.1").listen(site));
    String base = "http://127.0.0.1:" + ((InetSocketAddress) port.address()).getPort();

    String page = t.await(dumpDom(t.reactor(), tmp.resolve("profile1"), base + "/"));
    assertThat(page).contains("script ran, image 1x1");

    String listing = t.await(dumpDom(t.reactor(), tmp.resolve("profile2"), base + "/list/"));
    assertThat(listing)
        .contains("&lt;b&gt;bold&lt;b&gt;&amp;.txt")
        .doesNotContain("<b>bold")
        .contains("href=\"%3Cb%3Ebold%3Cb%3E%26.txt\"")
        .contains("plain.txt");
    t.await(port.stopListening());
  }
}
