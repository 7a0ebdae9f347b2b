package dev.braid.web.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import dev.braid.web.HttpDate;
import dev.braid.web.Site;
import dev.braid.web.SiteSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@BraidTest
class FileResourceTest {
  @TempDir Path tmp;
  Path root;
  static final Instant MTIME = Instant.parse("2025-05-06T07:08:09Z");

  @BeforeEach
  void files() throws IOException {
    root = Files.createDirectories(tmp.resolve("www"));
    Files.writeString(root.resolve("hello.txt"), "0123456789abcdefghij");
    Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(MTIME));
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/index.html"), "<p>index</p>");
    Files.createDirectories(root.resolve("list"));
    Files.writeString(root.resolve("list/b.bin"), "bb");
    Files.writeString(root.resolve("list/a<script>&.txt"), "a");
    Files.createDirectories(root.resolve("list/dir"));
    Files.writeString(tmp.resolve("secret.txt"), "secret");
  }

  private String get(FileResource resource, String request) {
    FakeClock clock = new FakeClock();
    Site site =
        Site.builder(clock, resource).settings(SiteSettings.defaults().withGzip(false)).build();
    StringTransport t = new StringTransport();
    t.makeConnection(site.buildProtocol(t.peerAddress()));
    t.receive(request);
    for (int i = 0; i < 1000 && t.producer().isPresent(); i++) {
      t.drainWriteBuffer();
    }
    return t.writtenUtf8();
  }

  private String get(String target) {
    return get(
        FileResource.builder(root).chunkSize(7).build(),
        "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
  }

  private String getWith(String target, String headers) {
    return get(
        FileResource.builder(root).chunkSize(7).build(),
        "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
  }

  @Test
  void fileIsServedWithTypeLengthAndValidators() {
    String out = get("/hello.txt");
    assertThat(out)
        .startsWith("HTTP/1.1 200 OK")
        .contains("Content-Type: text/plain; charset=utf-8\r\n")
        .contains("Content-Length: 20\r\n")
        .contains("Last-Modified: Tue, 06 May 2025 07:08:09 GMT\r\n")
        .contains("ETag: \"")
        .endsWith("\r\n\r\n0123456789abcdefghij");
  }

  @Test
  void smallFileGoesOutInOneWriteWithItsHead() {
    FakeClock clock = new FakeClock();
    Site site =
        Site.builder(clock, FileResource.of(root))
            .settings(SiteSettings.defaults().withGzip(false))
            .build();
    StringTransport t = new StringTransport();
    t.makeConnection(site.buildProtocol(t.peerAddress()));
    t.receive("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(t.producer()).isEmpty();
    assertThat(t.writes()).hasSize(1);
    assertThat(t.writtenUtf8())
        .startsWith("HTTP/1.1 200 OK")
        .endsWith("\r\n\r\n0123456789abcdefghij");
  }

  @Test
  void directoryIndexFileIsServed() {
    assertThat(get("/sub/")).startsWith("HTTP/1.1 200 OK").endsWith("<p>index</p>");
  }

  @Test
  void directoryWithoutSlashIsRedirected() {
    assertThat(get("/sub?x=1")).startsWith("HTTP/1.1 301 ").contains("Location: /sub/?x=1\r\n");
  }

  @Test
  void listingIsSortedAndEscapesNames() {
    String out = get("/list/");
    assertThat(out).startsWith("HTTP/1.1 200 OK").contains("text/html");
    assertThat(out).contains("a&lt;script&gt;&amp;.txt").doesNotContain("<script>");
    assertThat(out).contains("href=\"a%3Cscript%3E%26.txt\"");
    assertThat(out.indexOf("a&lt;"))
        .isLessThan(out.indexOf("b.bin"))
        .isLessThan(out.indexOf("dir/"));
    assertThat(out).contains("<td>2</td>");
  }

  @Test
  void listingSwitchedOffGives403() {
    String out =
        get(
            FileResource.builder(root).listing(false).build(),
            "GET /list/ HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(out).startsWith("HTTP/1.1 403 ");
  }

  @Test
  void dotDotSegmentIsRefused() {
    assertThat(get("/list/../../secret.txt"))
        .startsWith("HTTP/1.1 404 ")
        .doesNotContain("secret\r");
  }

  @Test
  void dotFilesAndDotDirectoriesAreHiddenByDefault() throws IOException {
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), "[remote]");
    Files.writeString(root.resolve(".env"), "TOKEN=1");
    Files.writeString(root.resolve("list/.hidden"), "h");
    Files.createSymbolicLink(root.resolve("config-link"), root.resolve(".git/config"));
    assertThat(get("/.git/config")).startsWith("HTTP/1.1 404 ").doesNotContain("[remote]");
    assertThat(get("/.git/")).startsWith("HTTP/1.1 404 ");
    assertThat(get("/.env")).startsWith("HTTP/1.1 404 ");
    assertThat(get("/%2eenv")).startsWith("HTTP/1.1 404 ");
    assertThat(get("/config-link")).startsWith("HTTP/1.1 404 ").doesNotContain("[remote]");
    assertThat(get("/")).startsWith("HTTP/1.1 200 ").doesNotContain(".git").doesNotContain(".env");
    assertThat(get("/list/")).contains("b.bin").doesNotContain(".hidden");
  }

  @Test
  void dotFilesAreServedAndListedWhenSwitchedOn() throws IOException {
    Files.createDirectories(root.resolve(".well-known"));
    Files.writeString(root.resolve(".well-known/security.txt"), "Contact: x");
    FileResource shown = FileResource.builder(root).dotFiles(true).build();
    assertThat(get(shown, "GET /.well-known/security.txt HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 200 ")
        .endsWith("Contact: x");
    assertThat(get(shown, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).contains(".well-known");
  }

  @Test
  void aRootThatIsMissingOrNotADirectorySaysWhich() {
    assertThatThrownBy(() -> FileResource.of(tmp.resolve("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no such directory: " + tmp.resolve("nope") + " does not exist");
    assertThatThrownBy(() -> FileResource.of(tmp.resolve("secret.txt")))
        .hasMessage("not a directory: " + tmp.resolve("secret.txt"));
  }

  @Test
  void encodedDotDotIsRefused() {
    assertThat(get("/%2e%2e/secret.txt")).startsWith("HTTP/1.1 404 ");
    assertThat(get("/list/%2E%2E/%2e%2e/secret.txt")).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void encodedSlashInASegmentIsRefused() {
    assertThat(get("/sub%2findex.html")).startsWith("HTTP/1.1 404 ");
    assertThat(get("/..%2fsecret.txt")).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void backslashIsRefused() {
    assertThat(get("/list/..%5c..%5csecret.txt")).startsWith("HTTP/1.1 404 ");
    assertThat(get("/sub%5cindex.html")).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void nulIsRefused() {
    assertThat(get("/hello.txt%00.html")).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void symlinkOutOfTheRootIsRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("escape"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("escapedir"), tmp);
    assertThat(get("/escape")).startsWith("HTTP/1.1 403 ");
    assertThat(get("/escapedir/secret.txt")).startsWith("HTTP/1.1 403 ");
  }

  @Test
  void symlinkInsideTheRootIsServed() throws IOException {
    Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("hello.txt"));
    assertThat(get("/alias.txt")).startsWith("HTTP/1.1 200 ").endsWith("0123456789abcdefghij");
  }

  @Test
  void missingFileGives404() {
    assertThat(get("/nope.txt")).startsWith("HTTP/1.1 404 ");
  }

  /** ENAMETOOLONG from the file system is the client's bad name, not a server error. */
  @Test
  void segmentLongerThanTheFileSystemAllowsGives404() {
    assertThat(get("/" + "a".repeat(300))).startsWith("HTTP/1.1 404 ");
    assertThat(get("/sub/" + "b".repeat(256) + "/c")).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void fileUsedAsADirectoryGives404() {
    assertThat(get("/hello.txt/x")).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void loopOfSymbolicLinksGives404() throws IOException {
    Files.createSymbolicLink(root.resolve("loop1"), root.resolve("loop2"));
    Files.createSymbolicLink(root.resolve("loop2"), root.resolve("loop1"));
    assertThat(get("/loop1")).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void singleRangeGives206WithContentRange() {
    String out = getWith("/hello.txt", "Range: bytes=2-5\r\n");
    assertThat(out)
        .startsWith("HTTP/1.1 206 Partial Content")
        .contains("Content-Range: bytes 2-5/20\r\n")
        .contains("Content-Length: 4\r\n")
        .endsWith("\r\n\r\n2345");
  }

  @Test
  void suffixAndOpenRangesAreServed() {
    assertThat(getWith("/hello.txt", "Range: bytes=-3\r\n"))
        .contains("bytes 17-19/20")
        .endsWith("hij");
    assertThat(getWith("/hello.txt", "Range: bytes=18-\r\n"))
        .contains("bytes 18-19/20")
        .endsWith("ij");
  }

  @Test
  void severalRangesGiveMultipartByteranges() {
    String out = getWith("/hello.txt", "Range: bytes=0-1,10-11\r\n");
    assertThat(out)
        .startsWith("HTTP/1.1 206 ")
        .contains("Content-Type: multipart/byteranges; boundary=");
    assertThat(out)
        .contains("Content-Range: bytes 0-1/20\r\n\r\n01\r\n")
        .contains("Content-Range: bytes 10-11/20\r\n\r\nab\r\n");
    String boundary =
        out.substring(out.indexOf("boundary=") + 9, out.indexOf("\r\n", out.indexOf("boundary=")));
    assertThat(out).endsWith("--" + boundary + "--\r\n");
    int length =
        Integer.parseInt(
            out.substring(
                out.indexOf("Content-Length: ") + 16,
                out.indexOf("\r\n", out.indexOf("Content-Length: "))));
    assertThat(out.substring(out.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8))
        .hasSize(length);
  }

  @Test
  void overlappingRangesAreCoalesced() {
    String out = getWith("/hello.txt", "Range: bytes=0-4,3-7,8-9\r\n");
    assertThat(out)
        .startsWith("HTTP/1.1 206 ")
        .contains("Content-Range: bytes 0-9/20\r\n")
        .endsWith("0123456789");
  }

  @Test
  void unsatisfiableRangeGives416() {
    assertThat(getWith("/hello.txt", "Range: bytes=50-60\r\n"))
        .startsWith("HTTP/1.1 416 ")
        .contains("Content-Range: bytes */20\r\n");
  }

  @Test
  void tooManyRangesSendTheWholeFile() {
    StringBuilder r = new StringBuilder("Range: bytes=");
    for (int i = 0; i < 17; i++) {
      r.append(i == 0 ? "" : ",").append(i).append('-').append(i);
    }
    assertThat(getWith("/hello.txt", r + "\r\n"))
        .startsWith("HTTP/1.1 200 ")
        .endsWith("0123456789abcdefghij");
  }

  @Test
  void malformedRangeIsIgnored() {
    assertThat(getWith("/hello.txt", "Range: bytes=x-3\r\n")).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void ifModifiedSinceGives304() {
    assertThat(getWith("/hello.txt", "If-Modified-Since: " + HttpDate.format(MTIME) + "\r\n"))
        .startsWith("HTTP/1.1 304 Not Modified")
        .doesNotContain("0123");
    assertThat(
            getWith(
                "/hello.txt",
                "If-Modified-Since: " + HttpDate.format(MTIME.minusSeconds(1)) + "\r\n"))
        .startsWith("HTTP/1.1 200 ");
  }

  @Test
  void ifNoneMatchWithTheEtagGives304() {
    String first = get("/hello.txt");
    String etag =
        first.substring(
            first.indexOf("ETag: ") + 6, first.indexOf("\r\n", first.indexOf("ETag: ")));
    assertThat(getWith("/hello.txt", "If-None-Match: W/" + etag + "\r\n"))
        .startsWith("HTTP/1.1 304 ");
    assertThat(getWith("/hello.txt", "If-None-Match: \"other\"\r\n")).startsWith("HTTP/1.1 200 ");
    assertThat(getWith("/hello.txt", "If-Match: \"other\"\r\n")).startsWith("HTTP/1.1 412 ");
  }

  @Test
  void ifRangeWithTheEtagKeepsTheRangeAndOtherwiseSendsAll() {
    String first = get("/hello.txt");
    String etag =
        first.substring(
            first.indexOf("ETag: ") + 6, first.indexOf("\r\n", first.indexOf("ETag: ")));
    assertThat(getWith("/hello.txt", "Range: bytes=0-1\r\nIf-Range: " + etag + "\r\n"))
        .startsWith("HTTP/1.1 206 ");
    assertThat(getWith("/hello.txt", "Range: bytes=0-1\r\nIf-Range: \"old\"\r\n"))
        .startsWith("HTTP/1.1 200 ");
    assertThat(
            getWith(
                "/hello.txt", "Range: bytes=0-1\r\nIf-Range: " + HttpDate.format(MTIME) + "\r\n"))
        .startsWith("HTTP/1.1 206 ");
  }

  @Test
  void headSendsHeadersOnly() {
    String out = get(FileResource.of(root), "HEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(out).contains("Content-Length: 20\r\n").endsWith("\r\n\r\n");
  }

  @Test
  void postIsNotAllowed() {
    String out =
        get(
            FileResource.of(root),
            "POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    assertThat(out).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD, OPTIONS");
  }

  @Test
  void textIsGzippedForClientsThatAcceptIt() throws Exception {
    Files.writeString(root.resolve("big.txt"), "x".repeat(5000));
    FakeClock clock = new FakeClock();
    Site site = Site.create(clock, FileResource.of(root));
    StringTransport t = new StringTransport();
    t.makeConnection(site.buildProtocol(t.peerAddress()));
    t.receive("GET /big.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
    while (t.producer().isPresent()) {
      t.drainWriteBuffer();
    }
    String out = t.writtenUtf8();
    assertThat(out)
        .contains("Content-Encoding: gzip\r\n")
        .contains("Transfer-Encoding: chunked")
        .doesNotContain("xxxxxxxxxx");
  }
}
