package dev.braid.dns.client;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.Addresses;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.DatagramProtocol;
import dev.braid.net.DatagramTransport;
import dev.braid.net.Transport;
import dev.braid.protocols.Int16StringReceiver;
import dev.braid.reactor.Reactor;
import dev.braid.time.DelayedCall;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Asks name servers on the reactor (a stub resolver, RFC 1035 section 7): one question per query,
 * over UDP with EDNS0, asking again over TCP when the answer comes back truncated (TC).
 *
 * <p><b>Against spoofed answers</b> (the Kaminsky class of cache poisoning): every try goes out on
 * a new UDP socket with a port the kernel picks at random and a query ID from {@link SecureRandom};
 * an answer counts only if it comes from the address and port asked, with QR set, that ID and the
 * same question. Anything else is dropped (at DEBUG) and the query keeps waiting.
 *
 * <p><b>Tries.</b> Each try waits {@link ResolverOptions#timeout()}; the servers are asked in turn,
 * {@link ResolverOptions#attempts()} rounds in all, then the query fails with {@link
 * DnsTimeoutException}. A server answering SERVFAIL, REFUSED, NOTIMP or FORMERR is skipped for the
 * next; when every try ends so, the query gives the last of those answers. NOERROR and NXDOMAIN are
 * answers. Cancelling the Deferred closes the socket and stops the timers.
 *
 * <p>Reactor thread only. Time is the reactor's clock, so tests move it with a fake clock.
 */
public final class DnsClient {
  private static final Logger LOG = LoggerFactory.getLogger(DnsClient.class);
  private static final int EDNS_PAYLOAD = 1232;

  private final Reactor reactor;
  private final ResolverOptions options;
  private final SecureRandom random = new SecureRandom();

  private DnsClient(Reactor reactor, ResolverOptions options) {
    this.reactor = reactor;
    this.options = options;
  }

  /** A client on {@code reactor} asking as {@code options} says. */
  public static DnsClient create(Reactor reactor, ResolverOptions options) {
    return new DnsClient(reactor, options);
  }

  /** The options. */
  public ResolverOptions options() {
    return options;
  }

  /**
   * Asks for the records of {@code type} (a {@link org.xbill.DNS.Type} value) at {@code name} (an
   * absolute name), class IN. Fires with the server's response, whatever its rcode (NXDOMAIN is an
   * answer); fails with {@link DnsTimeoutException} when no server answered.
   */
  public Deferred<Message> query(Name name, int type) {
    if (!name.isAbsolute()) {
      return Deferred.fail(new IllegalArgumentException("not an absolute name: " + name));
    }
    return new Query(Record.newRecord(name, type, DClass.IN)).start();
  }

  /** One query: its tries, one at a time. */
  private final class Query implements DatagramProtocol {
    private final Record question;
    private final Deferred<Message> result = new Deferred<>(d -> finish());
    private DatagramTransport udp;
    private Transport tcp;
    private DelayedCall timer;
    private InetSocketAddress server;
    private int id;
    private int tries;
    private Message lastFailure;

    Query(Record question) {
      this.question = question;
    }

    Deferred<Message> start() {
      next();
      return result;
    }

    private void next() {
      if (result.called()) {
        return;
      }
      finishTry();
      int total = options.attempts() * options.servers().size();
      if (tries == total) {
        if (lastFailure != null) {
          done(lastFailure);
        } else {
          fail(
              new DnsTimeoutException(
                  "no answer for "
                      + question.getName()
                      + " "
                      + org.xbill.DNS.Type.string(question.getType())
                      + " from "
                      + options.servers()
                      + " after "
                      + total
                      + " tries"));
        }
        return;
      }
      server = options.servers().get(tries % options.servers().size());
      tries++;
      id = random.nextInt(0x10000);
      try {
        udp = reactor.listenUdp(0, this);
      } catch (IOException e) {
        fail(e);
        return;
      }
      timer = reactor.callLater(options.timeout(), this::next);
      udp.write(ByteBuffer.wrap(wire(true)), server);
    }

    private byte[] wire(boolean edns) {
      Message m = new Message(id);
      m.getHeader().setFlag(Flags.RD);
      m.addRecord(question, Section.QUESTION);
      if (edns) {
        m.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
      }
      return m.toWire();
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress from) {
      if (!(from instanceof InetSocketAddress inet) || !sameAddress(inet, server)) {
        LOG.debug("DNS client: dropped a datagram from {}, which was not asked", from);
        return;
      }
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      Message response = matching(bytes);
      if (response == null) {
        return;
      }
      if (response.getHeader().getFlag(Flags.TC)) {
        finishTry();
        askOverTcp();
        return;
      }
      answered(response);
    }

    /** The response in {@code bytes} if it answers this try, or null (logged at DEBUG). */
    private Message matching(byte[] bytes) {
      Message response;
      try {
        response = new Message(bytes);
      } catch (IOException | RuntimeException e) {
        LOG.debug("DNS client: dropped a malformed answer from {}: {}", server, e.toString());
        return null;
      }
      Record asked = response.getQuestion();
      if (!response.getHeader().getFlag(Flags.QR)
          || response.getHeader().getID() != id
          || asked == null
          || !asked.getName().equals(question.getName())
          || asked.getType() != question.getType()
          || asked.getDClass() != question.getDClass()) {
        LOG.debug("DNS client: dropped an answer from {} that does not match the query", server);
        return null;
      }
      return response;
    }

    private void answered(Message response) {
      int rcode = response.getRcode();
      if (rcode == Rcode.SERVFAIL
          || rcode == Rcode.REFUSED
          || rcode == Rcode.NOTIMP
          || rcode == Rcode.FORMERR) {
        LOG.debug("DNS client: {} answered {}", server, Rcode.string(rcode));
        lastFailure = response;
        next();
        return;
      }
      done(response);
    }

    private void askOverTcp() {
      timer = reactor.callLater(options.timeout(), this::next);
      InetSocketAddress to = server;
      int attempt = tries;
      TcpTry protocol = new TcpTry(this, attempt);
      ClientEndpoint.fromConnector(
              client -> reactor.connectTcp(to.getAddress().getHostAddress(), to.getPort(), client))
          .connectProtocol(protocol)
          .addErrback(
              error -> {
                if (tries == attempt && !result.called()) {
                  LOG.debug("DNS client: TCP to {} failed: {}", to, error.toString());
                  next();
                }
                return null;
              });
    }

    void tcpConnected(Transport transport, int attempt) {
      if (tries != attempt) {
        transport.abortConnection();
        return;
      }
      tcp = transport;
    }

    void tcpAnswer(ByteString bytes, int attempt) {
      if (tries != attempt) {
        return;
      }
      Message response = matching(bytes.toByteArray());
      if (response == null) {
        next();
        return;
      }
      answered(response);
    }

    private void done(Message response) {
      finish();
      if (!result.called()) {
        result.callback(response);
      }
    }

    private void fail(Throwable error) {
      finish();
      if (!result.called()) {
        result.errback(error);
      }
    }

    private void finishTry() {
      if (timer != null && timer.active()) {
        timer.cancel();
      }
      timer = null;
      if (udp != null) {
        udp.stopListening();
        udp = null;
      }
      if (tcp != null) {
        tcp.loseConnection();
        tcp = null;
      }
    }

    private void finish() {
      finishTry();
      tries = Integer.MAX_VALUE / 2; // no further tries, whatever fires next
    }
  }

  /** One try over TCP: sends the query with its length prefix, reads one answer. */
  private static final class TcpTry extends Int16StringReceiver {
    private final Query query;
    private final int attempt;

    TcpTry(Query query, int attempt) {
      super(65_535);
      this.query = query;
      this.attempt = attempt;
    }

    @Override
    public void connectionMade(Transport transport) {
      super.connectionMade(transport);
      query.tcpConnected(transport, attempt);
      sendString(ByteString.wrapOwned(query.wire(false)));
    }

    @Override
    protected void stringReceived(ByteString answer) {
      query.tcpAnswer(answer, attempt);
    }
  }

  /** The same address and port; an IPv4-mapped IPv6 address is its IPv4 address. */
  static boolean sameAddress(InetSocketAddress a, InetSocketAddress b) {
    return a.getPort() == b.getPort()
        && Addresses.unmapped(a.getAddress()).equals(Addresses.unmapped(b.getAddress()));
  }
}
