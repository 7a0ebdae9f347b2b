package dev.braid.dns.client;

import dev.braid.bytes.ByteString;
import dev.braid.testing.FakeDatagramTransport;
import dev.braid.testing.MemoryReactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Plays name servers on a {@link MemoryReactor}: reads the queries sent, answers them. */
final class Wire {
  static final InetSocketAddress SERVER_1 = server("192.0.2.1");
  static final InetSocketAddress SERVER_2 = server("192.0.2.2");

  private Wire() {}

  static InetSocketAddress server(String address) {
    return new InetSocketAddress(InetAddress.ofLiteral(address), 53);
  }

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The UDP socket of the latest try. */
  static FakeDatagramTransport latest(MemoryReactor reactor) {
    List<MemoryReactor.UdpServer> sockets = reactor.udpServers();
    return sockets.getLast().transport();
  }

  /** The query sent on {@code socket}, with where it went. */
  static Message query(FakeDatagramTransport socket) {
    try {
      return new Message(socket.sent().getLast().data().toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A response to {@code query} with {@code rcode} and {@code answers}. */
  static Message response(Message query, int rcode, Record... answers) {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setRcode(rcode);
    m.addRecord(query.getQuestion(), Section.QUESTION);
    for (Record r : answers) {
      m.addRecord(r, r.getType() == org.xbill.DNS.Type.SOA ? Section.AUTHORITY : Section.ANSWER);
    }
    return m;
  }

  /** Delivers {@code response} on {@code socket} as if from {@code from}. */
  static void deliver(FakeDatagramTransport socket, Message response, InetSocketAddress from) {
    socket.receive(ByteString.wrapOwned(response.toWire()), from);
  }
}
