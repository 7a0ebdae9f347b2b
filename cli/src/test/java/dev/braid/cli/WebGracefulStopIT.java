package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to {@code braid web} drains HTTP: it stops listening, closes idle keep-alive connections
 * at once, lets a download in flight finish (up to {@code --shutdown-timeout}), then exits 0.
 */
@BraidTest(timeoutSeconds = 120)
class WebGracefulStopIT {
  private static final long BIG = 256L << 20;
  @TempDir Path dir;

  /** Starts {@code braid web} on the files in {@code dir}. */
  private RealPeer startServer(String shutdownTimeout) throws Exception {
    Files.writeString(dir.resolve("small.txt"), "small\n");
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("big.bin").toFile(), "rw")) {
      f.setLength(BIG); // sparse: no disk needed
    }
    RealPeer server =
        Launcher.braid(
                "--shutdown-timeout",
                shutdownTimeout,
                "web",
                "--listen",
                "tcp:0:interface=127.0.0.1",
                "--path",
                dir.toString())
            .start();
    return server;
  }

  /**
   * Connects {@code download} with a small receive buffer and asks for the big file; returns the
   * stream to read the response from.
   */
  private static InputStream startDownload(Socket download, int port) throws IOException {
    download.setReceiveBufferSize(16 * 1024);
    download.setSoTimeout(20_000);
    download.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    download
        .getOutputStream()
        .write("GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return download.getInputStream();
  }

  /** Reads a response head (through the blank line) byte by byte. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the connection ended inside a head: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static long contentLength(String head) {
    Matcher m = Pattern.compile("Content-Length: (\\d+)").matcher(head);
    assertThat(m.find()).as(head).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** Reads at most {@code max} bytes of body; returns how many came before the end. */
  private static long readBody(InputStream in, long max) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long got = 0;
    while (got < max) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, max - got));
      if (n < 0) {
        break;
      }
      got += n;
    }
    return got;
  }

  @Test
  void sigtermLetsADownloadInFlightFinishClosesIdleConnectionsAndExitsZero() throws Exception {
    RealPeer server = startServer("60");
    int port = Launcher.awaitListening(server);
    try (Socket idle = new Socket("127.0.0.1", port);
        Socket download = new Socket()) {
      idle.setSoTimeout(20_000);
      idle.getOutputStream()
          .write("GET /small.txt HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream idleIn = idle.getInputStream();
      String idleHead = readHead(idleIn);
      assertThat(readBody(idleIn, contentLength(idleHead))).isEqualTo(6);

      InputStream in = startDownload(download, port);
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200 ");
      long length = contentLength(head);
      assertThat(length).isEqualTo(BIG);
      long got = readBody(in, 1 << 20);

      server.terminate(); // SIGTERM; the download has most of its bytes to come

      // the idle keep-alive connection is closed at once, while the download still holds the
      // server up (its client has not read the rest)
      assertThat(idleIn.read()).as("end of the idle connection").isEqualTo(-1);
      assertThat(server.process().isAlive()).as("the server waits for the download").isTrue();

      got += readBody(in, length - got);
      assertThat(got).as("bytes of the download").isEqualTo(length);
      assertThat(in.read()).as("end after the download").isEqualTo(-1);
    }
    assertThat(server.exitsWithin(Launcher.EXIT)).as("exited").isTrue();
    assertThat(server.result().exit()).as(server.err()).isZero();
  }

  @Test
  void aDownloadThatOutlastsTheShutdownTimeoutIsCutAndTheServerStillExitsZero() throws Exception {
    RealPeer server = startServer("1");
    int port = Launcher.awaitListening(server);
    try (Socket download = new Socket()) {
      InputStream in = startDownload(download, port);
      readHead(in);
      server.terminate();
      // the client reads nothing more until the server has given up on it and exited
      assertThat(server.exitsWithin(Launcher.EXIT)).as("exited").isTrue();
      assertThat(server.result().exit()).as(server.err()).isZero();
      long got = 0;
      try {
        got = readBody(in, BIG);
      } catch (java.net.SocketException e) {
        // reset by the server's abort: fewer bytes than the file, which is the point
      }
      assertThat(got).isLessThan(BIG);
    }
  }
}
