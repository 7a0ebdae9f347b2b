package dev.braid.irc;

import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link IrcServer} in memory, on a fake clock, and its clients on {@link StringTransport}s: a
 * client sends lines and takes the lines it was sent. A connection the server closes is reported
 * lost at once, as the network would.
 */
final class TestNet {
  static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

  final FakeClock clock = new FakeClock();
  final IrcServer server;
  private int port = 40000;

  TestNet() {
    this(IrcConfig.defaults());
  }

  TestNet(IrcConfig config) {
    server = new IrcServer(clock, config.withClock(InstantSource.fixed(NOW)));
  }

  /** A client connected and not registered. */
  Client connect() {
    return new Client();
  }

  /** A client registered as {@code nick}, its welcome taken. */
  Client register(String nick) {
    Client c = connect();
    c.send("NICK " + nick, "USER " + nick + " 0 * :The " + nick);
    c.take();
    return c;
  }

  /** Clients registered as {@code nicks}, in that order, who all joined {@code channel}. */
  List<Client> inChannel(String channel, String... nicks) {
    List<Client> clients = new ArrayList<>();
    for (String nick : nicks) {
      Client c = register(nick);
      c.send("JOIN " + channel);
      clients.add(c);
    }
    for (Client c : clients) {
      c.take();
    }
    return clients;
  }

  final class Client {
    final StringTransport transport = new StringTransport();

    Client() {
      transport.setPeerAddress(new InetSocketAddress("192.0.2.7", port++));
      transport.makeConnection(server.factory().buildProtocol(transport.peerAddress()));
    }

    /** Sends each line with CR LF. */
    Client send(String... lines) {
      for (String line : lines) {
        transport.receive(line + "\r\n");
        settle();
      }
      return this;
    }

    /** The lines sent to this client since the last take, without their CR LF. */
    List<String> take() {
      String text = transport.writtenUtf8();
      transport.clear();
      List<String> lines = new ArrayList<>();
      if (!text.isEmpty()) {
        assert text.endsWith("\r\n") : text;
        lines.addAll(Arrays.asList(text.split("\r\n")));
      }
      settle();
      return lines;
    }

    /** Reports the connection lost once the server closed it. */
    void settle() {
      if (transport.disconnecting() && !transport.connectionLost()) {
        transport.reportDisconnect();
      }
    }

    boolean closed() {
      return transport.disconnecting();
    }
  }
}
