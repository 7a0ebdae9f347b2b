package dev.braid.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Answers queries from the zones it holds, sans IO: one query message in, one response message out,
 * or nothing when the input must be dropped. The transports ({@link DnsDatagramServer}, {@link
 * DnsStreamServer}) only move bytes.
 *
 * <p>What it answers (RFC 1034 section 4.3.2, RFC 2308, RFC 6891, RFC 8482):
 *
 * <ul>
 *   <li>a name with records of the type asked for: the records, AA set; a wildcard name is answered
 *       with the query's name as the owner;
 *   <li>a CNAME: the CNAME, then what its target has if the target is in the same zone (up to
 *       {@link DnsLimits#maxCnameChain()} links, never in a loop);
 *   <li>a name that does not exist: NXDOMAIN with the zone's SOA in the authority section (for
 *       negative caching); a name with no records of that type: NOERROR, no answer, the SOA;
 *   <li>a name below a delegation: not authoritative, the delegation's NS records in the authority
 *       section and their addresses in the zone (glue) in the additional section;
 *   <li>ANY: one RRset of the name, not all of them (RFC 8482);
 *   <li>the addresses in the zone of the names NS, MX and SRV answers point at, in the additional
 *       section;
 *   <li>EDNS0: an OPT record in the response advertising {@link DnsLimits#udpPayload()}; a query
 *       with an EDNS version above 0 gets BADVERS;
 *   <li>a name in no zone: REFUSED (this server does not recurse: RA is never set, RD is copied);
 *       an opcode other than QUERY: NOTIMP;
 *   <li>zone transfers ({@link #respondOverTcp}), to the peers and keys its {@link TransferPolicy}
 *       allows (REFUSED for others): AXFR over TCP as a stream of messages (RFC 5936), the zone's
 *       SOA first and last; IXFR (RFC 1995) with the client's serial: the SOA alone when the client
 *       is up to date or asks over UDP, otherwise the whole zone in AXFR form (the server keeps no
 *       history of changes); AXFR over UDP is FORMERR, a transfer of a name that is not a zone's
 *       origin NOTAUTH;
 *   <li>TSIG (RFC 8945): a query signed with a known key gets a signed response (every message of a
 *       transfer signed); an unknown key or a signature or time that does not verify gets NOTAUTH;
 *   <li>a message that cannot be parsed (a name longer than 255 bytes, a label longer than 63, a
 *       compression pointer that loops or points forward, section counts larger than the message, a
 *       truncated record, a question count other than one): FORMERR with the query's ID, or nothing
 *       when not even the 12-byte header is there or the message is itself a response.
 * </ul>
 *
 * The question is copied from the query as it came, so its case is preserved. Safe to share between
 * threads: the zones are immutable and can be replaced whole ({@link #replaceZones}).
 */
public final class Authority {
  private static final Logger LOG = LoggerFactory.getLogger(Authority.class);
  private static final int HEADER = 12;

  /** How many bytes of records a zone transfer puts in one message, at most (one record more). */
  private static final int TRANSFER_MESSAGE_BYTES = 16 * 1024;

  private final DnsLimits limits;
  private final TransferPolicy transfers;
  private volatile ZoneSet zones;

  /** An authority for {@code zones} within {@code limits}, refusing every zone transfer. */
  public Authority(ZoneSet zones, DnsLimits limits) {
    this(zones, limits, TransferPolicy.none());
  }

  /**
   * An authority for {@code zones} within {@code limits}, transferring zones as {@code transfers}
   * allows.
   */
  public Authority(ZoneSet zones, DnsLimits limits, TransferPolicy transfers) {
    this.zones = zones;
    this.limits = limits;
    this.transfers = transfers;
  }

  /** The limits. */
  public DnsLimits limits() {
    return limits;
  }

  /** The zones answered from now. */
  public ZoneSet zones() {
    return zones;
  }

  /** Answers from {@code next} from now on; a query being answered finishes with the old zones. */
  public void replaceZones(ZoneSet next) {
    zones = next;
  }

  /**
   * The response to the query in {@code query} (the bytes of one DNS message), encoded, or empty
   * when nothing must be sent back. The peer is not known, so zone transfers are allowed only to
   * signed queries.
   *
   * @param overTcp whether the query came over TCP (responses up to 65,535 bytes) or UDP (up to the
   *     size the client can take; larger ones are truncated with TC set)
   */
  public Optional<byte[]> respond(byte[] query, boolean overTcp) {
    return respond(query, overTcp, null);
  }

  /**
   * The response to the query in {@code query} from {@code peer} ({@code null} if not known), or
   * empty when nothing must be sent back. Over TCP a zone transfer has more than one message: use
   * {@link #respondOverTcp} there; this gives only the first.
   */
  public Optional<byte[]> respond(byte[] query, boolean overTcp, InetAddress peer) {
    Iterator<byte[]> replies = replies(query, overTcp, peer);
    return replies.hasNext() ? Optional.of(replies.next()) : Optional.empty();
  }

  /**
   * The responses, in order, to the query in {@code query} that came over TCP from {@code peer}:
   * none when the connection must just close, one for most queries, many for a zone transfer, made
   * as they are taken (a large zone is never held encoded in memory at once).
   */
  public Iterator<byte[]> respondOverTcp(byte[] query, InetAddress peer) {
    return replies(query, true, peer);
  }

  private Iterator<byte[]> replies(byte[] query, boolean overTcp, InetAddress peer) {
    if (query.length < HEADER) {
      return Collections.emptyIterator();
    }
    if ((query[2] & 0x80) != 0) {
      return Collections
          .emptyIterator(); // QR set: a response, never answered (no reflection loops)
    }
    Message request;
    try {
      request = new Message(query);
    } catch (IOException | RuntimeException e) {
      LOG.debug("DNS: malformed query: {}", e.toString());
      return one(formErr(query));
    }
    TSIG key = null;
    if (request.getTSIG() != null) {
      TSIGRecord signature = request.getTSIG();
      Optional<TSIG> known = transfers.key(signature.getName());
      int verified = known.isEmpty() ? Rcode.BADKEY : known.get().verify(request, query, null);
      if (verified != Rcode.NOERROR) {
        LOG.debug(
            "DNS: TSIG {} from {}: {}", signature.getName(), peer, Rcode.TSIGstring(verified));
        return one(notAuth(request, known.orElse(null), verified));
      }
      key = known.get();
    }
    Record question = request.getQuestion();
    if (question != null
        && (question.getType() == Type.AXFR || question.getType() == Type.IXFR)
        && request.getHeader().getOpcode() == Opcode.QUERY
        && request.getSection(Section.QUESTION).size() == 1) {
      return transfer(request, overTcp, peer, key);
    }
    Message response = answer(request, overTcp);
    if (key != null) {
      response.setTSIG(key, Rcode.NOERROR, request.getTSIG());
    }
    int max = overTcp ? 65_535 : udpSize(request);
    return one(response.toWire(max));
  }

  private static Iterator<byte[]> one(byte[] reply) {
    return List.of(reply).iterator();
  }

  /** NOTAUTH for a query whose TSIG did not verify; signed only when the time was what failed. */
  private static byte[] notAuth(Message request, TSIG key, int tsigError) {
    Message response = header(request);
    response.getHeader().setRcode(Rcode.NOTAUTH);
    if (key != null) {
      response.setTSIG(key, tsigError, request.getTSIG());
    }
    return response.toWire(65_535);
  }

  /** A response to {@code request} with its ID, opcode, RD and question, and QR set. */
  private static Message header(Message request) {
    Header in = request.getHeader();
    Message response = new Message(in.getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setOpcode(in.getOpcode());
    if (in.getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    if (request.getQuestion() != null) {
      response.addRecord(request.getQuestion(), Section.QUESTION);
    }
    return response;
  }

  private Iterator<byte[]> transfer(Message request, boolean overTcp, InetAddress peer, TSIG key) {
    Record question = request.getQuestion();
    int type = question.getType();
    Optional<Zone> found = zones.find(question.getName());
    Message refusal = header(request);
    if (key != null) {
      refusal.setTSIG(key, Rcode.NOERROR, request.getTSIG());
    }
    if (found.isEmpty()) {
      refusal.getHeader().setRcode(Rcode.REFUSED);
      return one(refusal.toWire(65_535));
    }
    Zone zone = found.get();
    if (!zone.getOrigin().equals(question.getName())) {
      refusal.getHeader().setRcode(Rcode.NOTAUTH); // inside a zone, but not a zone
      return one(refusal.toWire(65_535));
    }
    if (type == Type.AXFR && !overTcp) {
      refusal.getHeader().setRcode(Rcode.FORMERR); // RFC 5936 section 4.2: AXFR is TCP only
      return one(refusal.toWire(65_535));
    }
    if (key == null && !transfers.allowsUnsigned(peer)) {
      LOG.debug(
          "DNS: zone transfer of {} refused to {}",
          zone.getOrigin(),
          peer == null ? "a peer" : peer.getHostAddress());
      refusal.getHeader().setRcode(Rcode.REFUSED);
      return one(refusal.toWire(65_535));
    }
    SOARecord soa = zone.getSOA();
    if (type == Type.IXFR) {
      List<Record> authority = request.getSection(Section.AUTHORITY);
      if (authority.size() != 1 || !(authority.getFirst() instanceof SOARecord theirs)) {
        refusal.getHeader().setRcode(Rcode.FORMERR); // RFC 1995 section 3: the client's SOA
        return one(refusal.toWire(65_535));
      }
      if (!overTcp || Serial.compare(theirs.getSerial(), soa.getSerial()) >= 0) {
        Message upToDate = header(request);
        upToDate.getHeader().setFlag(Flags.AA);
        upToDate.addRecord(soa, Section.ANSWER);
        if (key != null) {
          upToDate.setTSIG(key, Rcode.NOERROR, request.getTSIG());
        }
        int max = overTcp ? 65_535 : udpSize(request);
        return one(upToDate.toWire(max));
      }
    }
    LOG.info(
        "DNS: zone {} (serial {}) transferred to {}{}",
        zone.getOrigin(),
        soa.getSerial(),
        peer == null ? "a peer" : peer.getHostAddress(),
        key == null ? "" : " (TSIG " + request.getTSIG().getName() + ")");
    return new TransferMessages(request, zone, key);
  }

  /** The messages of one zone transfer, made one at a time as they are taken. */
  private static final class TransferMessages implements Iterator<byte[]> {
    private final Message request;
    private final Iterator<RRset> sets;
    private final TSIG.StreamGenerator signer;
    private final List<Record> pending = new ArrayList<>();
    private boolean first = true;

    TransferMessages(Message request, Zone zone, TSIG key) {
      this.request = request;
      this.sets = zone.AXFR();
      this.signer = key == null ? null : new TSIG.StreamGenerator(key, request.getTSIG());
    }

    @Override
    public boolean hasNext() {
      return first || !pending.isEmpty() || sets.hasNext();
    }

    @Override
    public byte[] next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      Message m = new Message(request.getHeader().getID());
      m.getHeader().setFlag(Flags.QR);
      m.getHeader().setFlag(Flags.AA);
      if (first) {
        m.addRecord(request.getQuestion(), Section.QUESTION); // RFC 5936 section 2.2
        first = false;
      }
      int bytes = 0;
      while (bytes < TRANSFER_MESSAGE_BYTES) {
        if (pending.isEmpty()) {
          if (!sets.hasNext()) {
            break;
          }
          RRset set = sets.next();
          pending.addAll(set.rrs());
          pending.addAll(set.sigs());
          continue;
        }
        Record r = pending.removeFirst();
        m.addRecord(r, Section.ANSWER);
        bytes += r.toWire(Section.ANSWER).length;
      }
      if (signer != null) {
        signer.generate(m);
      }
      return m.toWire();
    }
  }

  /** The largest UDP response the client of {@code request} takes. */
  private int udpSize(Message request) {
    OPTRecord opt = request.getOPT();
    if (opt == null) {
      return 512;
    }
    return Math.min(limits.udpPayload(), Math.max(512, opt.getPayloadSize()));
  }

  /** The response to a parsed query. */
  Message answer(Message request, boolean overTcp) {
    Header in = request.getHeader();
    Message response = new Message(in.getID());
    Header out = response.getHeader();
    out.setFlag(Flags.QR);
    out.setOpcode(in.getOpcode());
    if (in.getFlag(Flags.RD)) {
      out.setFlag(Flags.RD);
    }
    OPTRecord opt = request.getOPT();
    if (opt != null) {
      boolean badVersion = opt.getVersion() > 0;
      response.addRecord(
          new OPTRecord(limits.udpPayload(), badVersion ? Rcode.BADVERS >> 4 : 0, 0, 0),
          Section.ADDITIONAL);
      if (badVersion) {
        return response; // RFC 6891 section 6.1.3: BADVERS, nothing else
      }
    }
    if (in.getOpcode() != Opcode.QUERY) {
      out.setRcode(Rcode.NOTIMP);
      return response;
    }
    List<Record> questions = request.getSection(Section.QUESTION);
    if (questions.size() != 1) {
      out.setRcode(Rcode.FORMERR);
      return response;
    }
    Record question = questions.getFirst();
    response.addRecord(question, Section.QUESTION);
    int type = question.getType();
    if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
      out.setRcode(Rcode.REFUSED);
      return response;
    }
    Optional<Zone> found = zones.find(question.getName());
    if (found.isEmpty()) {
      out.setRcode(Rcode.REFUSED);
      return response;
    }
    lookup(found.get(), question.getName(), type, response);
    return response;
  }

  private void lookup(Zone zone, Name name, int type, Message response) {
    Header out = response.getHeader();
    Set<Name> seen = new HashSet<>();
    Name current = name;
    for (int links = 0; ; links++) {
      SetResponse found = zone.findRecords(current, type);
      if (found.isCNAME() && type != Type.CNAME) {
        out.setFlag(Flags.AA);
        CNAMERecord cname = found.getCNAME();
        Record owned = cname.withName(current);
        response.addRecord(owned, Section.ANSWER);
        Name target = cname.getTarget();
        if (!seen.add(current)
            || links >= limits.maxCnameChain()
            || !target.subdomain(zone.getOrigin())
            || seen.contains(target)) {
          return; // the resolver follows the rest (out of zone, too long, or a loop)
        }
        current = target;
        continue;
      }
      if (found.isSuccessful()) {
        out.setFlag(Flags.AA);
        List<RRset> sets = found.answers();
        List<RRset> chosen = type == Type.ANY ? sets.subList(0, 1) : sets;
        for (RRset set : chosen) {
          addSet(response, set, Section.ANSWER);
          addAddressesFor(zone, set, response);
        }
        return;
      }
      if (found.isDelegation()) {
        RRset ns = found.getNS();
        addSet(response, ns, Section.AUTHORITY);
        addAddressesFor(zone, ns, response);
        return;
      }
      if (found.isDNAME()) {
        // DNAME is loaded but not synthesized from: answered as a name with no such records.
        LOG.debug("DNS: {} is under a DNAME, answered without synthesis", current);
      }
      out.setFlag(Flags.AA);
      if (found.isNXDOMAIN()) {
        out.setRcode(Rcode.NXDOMAIN); // the name, or the end of its in-zone CNAME chain
      }
      response.addRecord(zone.getSOA(), Section.AUTHORITY);
      return;
    }
  }

  private static void addSet(Message response, RRset set, int section) {
    for (Record r : set.rrs()) {
      response.addRecord(r, section);
    }
    for (Record r : set.sigs()) {
      response.addRecord(r, section);
    }
  }

  /** The in-zone A and AAAA records of the names NS, MX and SRV records point at. */
  private static void addAddressesFor(Zone zone, RRset set, Message response) {
    List<Name> targets = new ArrayList<>();
    for (Record r : set.rrs()) {
      switch (r) {
        case NSRecord ns -> targets.add(ns.getTarget());
        case MXRecord mx -> targets.add(mx.getTarget());
        case SRVRecord srv -> targets.add(srv.getTarget());
        default -> {}
      }
    }
    for (Name target : targets) {
      if (!target.subdomain(zone.getOrigin())) {
        continue;
      }
      for (int type : new int[] {Type.A, Type.AAAA}) {
        RRset addresses = zone.findExactMatch(target, type);
        if (addresses != null && !alreadyIn(response, addresses)) {
          addSet(response, addresses, Section.ADDITIONAL);
        }
      }
    }
  }

  private static boolean alreadyIn(Message response, RRset set) {
    for (int section : new int[] {Section.ANSWER, Section.ADDITIONAL}) {
      for (Record r : response.getSection(section)) {
        if (r.getName().equals(set.getName()) && r.getType() == set.getType()) {
          return true;
        }
      }
    }
    return false;
  }

  /** FORMERR for bytes that are not a message: the ID and opcode copied, nothing else. */
  private static byte[] formErr(byte[] query) {
    byte[] reply = new byte[HEADER];
    reply[0] = query[0];
    reply[1] = query[1];
    reply[2] = (byte) (0x80 | (query[2] & 0x78) | (query[2] & 0x01)); // QR, opcode, RD
    reply[3] = (byte) Rcode.FORMERR;
    return reply;
  }
}
