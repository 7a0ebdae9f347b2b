package dev.braid.amp;

import dev.braid.amp.internal.RecordCodec;
import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.defer.ThrowingFunction;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolSwitching;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import dev.braid.net.WaterMarks;
import dev.braid.net.tls.Tls;
import dev.braid.net.tls.TlsOptions;
import dev.braid.net.tls.TlsTransport;
import dev.braid.time.ReactorTime;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMP connection, either side: it calls the peer's commands ({@link #callRemote}) and answers
 * the peer's calls with the responders registered on it ({@link #respond}). Wire-compatible with
 * Twisted's {@code twisted.protocols.amp.AMP}.
 *
 * {@snippet :
 * ProtocolFactory server = peer -> new Amp().respondNow(SUM, args -> new Total(args.a() + args.b()));
 * Amp client = new Amp();
 * endpoint.connectProtocol(client)
 *     .addDeferredCallback(amp -> amp.callRemote(SUM, new Sum(1, 2)))
 *     .addListener(total -> System.out.println(total.total()));
 * }
 *
 * <p><b>Errors.</b> A responder failing with a declared error answers with its code; one failing
 * with anything else answers {@code UNKNOWN}, logs the exception at ERROR and closes the connection
 * (as Twisted does). A call of a command without a responder is answered {@code UNHANDLED}. Bytes
 * that are not AMP, boxes beyond the {@link AmpLimits}, answers to calls never made, or arguments
 * that do not decode are logged at WARN with the reason and close the connection. When the
 * connection closes, every call still waiting fails with the reason.
 *
 * <p><b>Flow control.</b> The protocol registers itself as its transport's producer: while the
 * transport holds more unsent bytes than its high-water mark (a peer that sends calls and does not
 * read the answers), it stops reading and parsing calls, keeping what it already read, and goes on
 * once the transport drains below the low-water mark. Answers go out in the order they are made.
 * After a protocol switch it unregisters, so the new protocol may register its own producer.
 *
 * <p><b>Integers.</b> An {@code Integer} has at most {@link AmpLimits#maxIntegerDigits()} digits
 * (4,300 by default, as Python): a call with a longer one is answered {@code UNKNOWN} and closes
 * the connection (logged at WARN); a response that would need a longer one is not sent: the caller
 * gets {@code UNKNOWN}, this side logs one WARN line and the connection goes on. The same holds for
 * any response the command's record cannot carry.
 *
 * <p><b>TLS.</b> {@link #callStartTls} and {@link #respondStartTls} start TLS on the connection
 * with Twisted's {@code StartTLS} command; AMP then goes on over TLS.
 *
 * <p><b>Threads.</b> Register responders before the connection starts (or on the reactor thread);
 * everything else runs on the reactor thread that owns the connection.
 *
 * <p><b>Buffers.</b> Bytes received are copied into boxes; boxes written are new buffers given to
 * the transport.
 */
public final class Amp implements Protocol {
  private static final Logger log = LoggerFactory.getLogger(Amp.class);

  /** The key of a command's name. */
  public static final String COMMAND = "_command";

  /** The key of the tag of a call that wants an answer. */
  public static final String ASK = "_ask";

  /** The key of the tag of the call an answer answers. */
  public static final String ANSWER = "_answer";

  /** The key of the tag of the call an error answers. */
  public static final String ERROR = "_error";

  /** The key of an error's code. */
  public static final String ERROR_CODE = "_error_code";

  /** The key of an error's description. */
  public static final String ERROR_DESCRIPTION = "_error_description";

  /** The error code of a failure the responder did not declare (Twisted's UNKNOWN_ERROR_CODE). */
  public static final ByteString UNKNOWN = ByteString.ascii("UNKNOWN");

  /** The error code of a command without a responder (Twisted's UNHANDLED_ERROR_CODE). */
  public static final ByteString UNHANDLED = ByteString.ascii("UNHANDLED");

  /**
   * Twisted's {@code StartTLS} command: nothing on the wire but its name (the TLS parameters stay
   * local, as Twisted's {@code tls_localCertificate} and {@code tls_verifyAuthorities} do); a
   * refusal is the error {@code TLS_ERROR} ({@link AmpTlsException}). Use it through {@link
   * #callStartTls} and {@link #respondStartTls}.
   */
  public static final Command<Empty, Empty> START_TLS =
      Command.of("StartTLS", Empty.class, Empty.class)
          .withError("TLS_ERROR", AmpTlsException.class, AmpTlsException::new);

  /** Reading paused because the transport holds more unsent bytes than its high-water mark. */
  private static final int WRITES_BACKED_UP = 1;

  /** Reading paused because too many answers wait for a StartTLS answer. */
  private static final int ANSWERS_HELD = 2;

  /** The most bytes of answers held while a StartTLS waits for its answer, before pausing. */
  private static final long MAX_HELD_WHILE_STARTING_TLS = WaterMarks.DEFAULT_HIGH;

  private static final ByteString COMMAND_KEY = ByteString.ascii(COMMAND);
  private static final ByteString ASK_KEY = ByteString.ascii(ASK);
  private static final ByteString ANSWER_KEY = ByteString.ascii(ANSWER);
  private static final ByteString ERROR_KEY = ByteString.ascii(ERROR);
  private static final ByteString ERROR_CODE_KEY = ByteString.ascii(ERROR_CODE);
  private static final ByteString ERROR_DESCRIPTION_KEY = ByteString.ascii(ERROR_DESCRIPTION);

  private record Registration(
      Command<?, ?> command, Object responder, boolean switching, StartTls tls) {
    Registration(Command<?, ?> command, Object responder, boolean switching) {
      this(command, responder, switching, null);
    }
  }

  private record StartTls(ReactorTime clock, TlsOptions options) {}

  private record Pending(
      Command<?, ?> command,
      Deferred<Object> result,
      Function<Object, Protocol> switchTo,
      StartTls tls) {}

  private final AmpLimits limits;
  private final AmpBoxParser parser;
  private final Map<ByteString, Registration> responders = new HashMap<>();
  private final Map<ByteString, Pending> pending = new LinkedHashMap<>();
  private final Deferred<Throwable> lost = new Deferred<>();
  private Transport transport;
  private long counter;
  private Protocol inner;
  private boolean switchLocked;
  private Throwable lostReason;
  private boolean closing;
  private boolean startingTls;
  private List<ByteBuffer> heldWhileStartingTls = new ArrayList<>();
  private long heldWhileStartingTlsBytes;
  private boolean tlsStarted;

  /** Why reading is paused now: {@link #WRITES_BACKED_UP}, {@link #ANSWERS_HELD}, or both. */
  private int pausedFor;

  /** Input read and not parsed yet because reading paused (a copy: lent buffers are not kept). */
  private ByteBuffer heldInput;

  private boolean feeding;
  private boolean registeredAsProducer;

  /** A protocol with {@link AmpLimits#DEFAULTS}. */
  public Amp() {
    this(AmpLimits.DEFAULTS);
  }

  /** A protocol enforcing {@code limits} on what the peer sends. */
  public Amp(AmpLimits limits) {
    this.limits = limits;
    this.parser = new AmpBoxParser(limits);
  }

  /**
   * Answers {@code command} with {@code responder}. Throws {@link IllegalStateException} if the
   * command's name already has a responder. Returns this protocol.
   */
  public <A extends Record, R extends Record> Amp respond(
      Command<A, R> command, Responder<? super A, R> responder) {
    return register(new Registration(command, responder, false));
  }

  /** Like {@link #respond}, for a responder that answers at once. */
  public <A extends Record, R extends Record> Amp respondNow(
      Command<A, R> command, ThrowingFunction<? super A, ? extends R> responder) {
    return respond(command, args -> Deferred.succeed(responder.apply(args)));
  }

  /**
   * Answers {@code command} by switching protocols (Twisted's {@code ProtocolSwitchCommand}): once
   * the response is sent, the protocol {@code responder} chose gets the connection.
   */
  public <A extends Record, R extends Record> Amp respondSwitching(
      Command<A, R> command, SwitchResponder<? super A, R> responder) {
    return register(new Registration(command, responder, true));
  }

  /**
   * Answers the peer's {@link #START_TLS} by starting TLS with {@code options} (server options when
   * this side accepted the TCP connection, to work with Twisted, whose roles follow the
   * connection's direction) once the answer is written; AMP then goes on over TLS, and {@link
   * #transport()} is the {@link TlsTransport}. A {@code StartTLS} on a connection that already has
   * TLS (or cannot get it) is answered {@code TLS_ERROR}. {@code clock} times the handshake.
   * Returns this protocol.
   */
  public Amp respondStartTls(ReactorTime clock, TlsOptions options) {
    StartTls tls = new StartTls(clock, options);
    return register(
        new Registration(
            START_TLS,
            (Responder<Empty, Empty>)
                args -> {
                  Optional<String> refused = tlsRefusal();
                  return refused.isPresent()
                      ? Deferred.fail(new AmpTlsException(refused.get()))
                      : Deferred.succeed(Empty.INSTANCE);
                },
            false,
            tls));
  }

  /**
   * Calls the peer's {@link #START_TLS} and, when the answer comes, starts TLS with {@code options}
   * (client options when this side made the TCP connection, to work with Twisted) on the same
   * connection. Until then, no other call may start (they fail with {@link
   * ProtocolSwitchedException}) and answers to the peer's calls are held, then sent over TLS. The
   * Deferred fires with the {@link TlsTransport} once TLS has started (the handshake may still be
   * running: {@link TlsTransport#whenHandshakeDone()}; calls made now are sent once it ends), or
   * fails with {@link AmpTlsException} if the peer refused or the connection cannot start TLS (AMP
   * then goes on in plaintext), or the reason the connection closed. {@code clock} times the
   * handshake. Reactor thread, once the connection is made.
   */
  public Deferred<TlsTransport> callStartTls(ReactorTime clock, TlsOptions options) {
    if (transport == null) {
      throw new IllegalStateException("callStartTls before the connection is made");
    }
    if (!options.isServer() && options.serverName().isEmpty() && options.verifyHostname()) {
      throw new IllegalArgumentException(
          "callStartTls needs TlsOptions.client().serverName(...) to verify the server");
    }
    Optional<String> refused = tlsRefusal();
    if (refused.isPresent() && lostReason == null) {
      return Deferred.fail(new AmpTlsException(refused.get()));
    }
    Deferred<Empty> answer = call(START_TLS, Empty.INSTANCE, null, new StartTls(clock, options));
    if (!answer.called()) {
      startingTls = true;
    }
    return answer.addCallback(ignored -> (TlsTransport) transport);
  }

  /**
   * Calls {@code command} on the peer. The Deferred fires with the response; or fails with the
   * declared error the peer answered, {@link UnhandledCommandException}, {@link
   * UnknownRemoteException}, {@link AmpValueException} (the arguments or the response do not fit
   * the command), {@link ProtocolSwitchedException}, or the reason the connection closed. For a
   * command {@linkplain Command#withoutAnswer without answer} it fires once the box is written.
   * Call on the reactor thread, once the connection is made.
   */
  public <A extends Record, R extends Record> Deferred<R> callRemote(
      Command<A, R> command, A arguments) {
    return call(command, arguments, null, null);
  }

  /**
   * Calls a protocol-switching command: no other call may be made while it waits; when the answer
   * comes, {@code switchTo} makes the protocol that gets the connection (before the returned
   * Deferred fires), and every later byte goes to it. If the peer answers with an error, AMP goes
   * on as before.
   */
  public <A extends Record, R extends Record> Deferred<R> callRemoteSwitching(
      Command<A, R> command, A arguments, Function<? super R, ? extends Protocol> switchTo) {
    if (!command.requiresAnswer()) {
      throw new IllegalArgumentException("a switching command needs an answer: " + command.name());
    }
    Deferred<R> d = call(command, arguments, switchTo, null);
    switchLocked = !d.called();
    return d;
  }

  /** The transport, once the connection is made. */
  public Optional<Transport> transport() {
    return Optional.ofNullable(transport);
  }

  /** The number of calls sent and not answered yet. */
  public int pendingCalls() {
    return pending.size();
  }

  /** Fires with the reason once the connection is lost (never fails). */
  public Deferred<Throwable> whenLost() {
    Deferred<Throwable> d = new Deferred<>();
    lost.addListener(d::callback);
    return d;
  }

  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
    try {
      transport.registerProducer(reading);
      registeredAsProducer = true;
    } catch (IllegalStateException e) {
      log.warn(
          "AMP with {}: the transport already has a producer ({}); answers are not flow-controlled",
          transport.peerAddress(),
          e.getMessage());
    }
  }

  /**
   * What the transport pauses when its write buffer goes above the high-water mark, and resumes
   * below the low one: this protocol's reading. A peer that sends calls and does not read the
   * answers finds the calls are not read either, so the answers waiting for it stay within the
   * water marks (plus what one read brings).
   */
  private final PushProducer reading =
      new PushProducer() {
        @Override
        public void pauseProducing() {
          pauseReading(WRITES_BACKED_UP);
        }

        @Override
        public void resumeProducing() {
          resumeReading(WRITES_BACKED_UP);
        }

        @Override
        public void stopProducing() {}

        @Override
        public String toString() {
          return "the reading of " + Amp.this;
        }
      };

  private void pauseReading(int reason) {
    boolean wasPaused = pausedFor != 0;
    pausedFor |= reason;
    if (!wasPaused && inner == null) {
      transport.pauseProducing();
    }
  }

  private void resumeReading(int reason) {
    if ((pausedFor & reason) == 0) {
      return;
    }
    pausedFor &= ~reason;
    if (pausedFor != 0 || inner != null) {
      return;
    }
    ByteBuffer held = heldInput;
    heldInput = null;
    if (held != null && !feeding) {
      feed(held);
    } else {
      heldInput = held;
    }
    if (pausedFor == 0 && inner == null && lostReason == null) {
      transport.resumeProducing();
    }
  }

  /** Why TLS cannot start on this connection now, if it cannot. */
  private Optional<String> tlsRefusal() {
    if (tlsStarted || transport instanceof TlsTransport) {
      return Optional.of("TLS has already been started on this connection");
    }
    if (startingTls) {
      return Optional.of("a StartTLS is already waiting for its answer");
    }
    if (!(transport instanceof ProtocolSwitching)) {
      return Optional.of("this connection's transport cannot start TLS");
    }
    if (inner != null) {
      return Optional.of("the connection switched protocols");
    }
    return Optional.empty();
  }

  private void startTls(StartTls tls) {
    tlsStarted = true;
    transport = Tls.startTls(tls.clock(), transport, this, tls.options());
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (inner != null) {
      inner.dataReceived(data);
      return;
    }
    if (pausedFor != 0 || feeding) {
      hold(data);
      return;
    }
    if (heldInput != null) {
      hold(data);
      ByteBuffer all = heldInput;
      heldInput = null;
      feed(all);
      return;
    }
    feed(data);
  }

  /**
   * Parses boxes from {@code data} until it ends, the protocol switches, or reading pauses (what is
   * left is then held); then goes on with input held meanwhile.
   */
  private void feed(ByteBuffer data) {
    if (feeding) {
      hold(data);
      return;
    }
    feeding = true;
    try {
      ByteBuffer next = data;
      while (next != null) {
        boolean plaintext = !tlsStarted;
        parseBoxes(next);
        if (plaintext && tlsStarted) {
          if (heldInput != null) {
            log.warn(
                "AMP peer {} sent {} plaintext bytes after StartTLS; dropped, never parsed",
                transport.peerAddress(),
                heldInput.remaining());
            heldInput = null;
          }
          return;
        }
        if (inner != null) {
          if (next.hasRemaining()) {
            inner.dataReceived(next);
          }
          next = heldInput;
          heldInput = null;
          if (next != null && next.hasRemaining()) {
            inner.dataReceived(next);
          }
          return;
        }
        if (closing) {
          heldInput = null;
          return;
        }
        if (next.hasRemaining()) {
          // Paused: keep the rest, before anything that came meanwhile.
          ByteBuffer later = heldInput;
          heldInput = null;
          hold(next);
          if (later != null) {
            hold(later);
          }
          return;
        }
        next = pausedFor == 0 ? heldInput : null;
        if (next != null) {
          heldInput = null;
        }
      }
    } finally {
      feeding = false;
    }
  }

  private void parseBoxes(ByteBuffer data) {
    while (data.hasRemaining() && inner == null && !closing && pausedFor == 0) {
      Optional<AmpBox> box;
      try {
        box = parser.next(data);
      } catch (AmpParseException e) {
        protocolError(e.getMessage());
        return;
      }
      if (box.isPresent()) {
        boolean plaintext = !tlsStarted;
        boxReceived(box.get());
        if (plaintext && tlsStarted) {
          if (data.hasRemaining()) {
            log.warn(
                "AMP peer {} sent {} plaintext bytes after StartTLS; dropped, never parsed",
                transport.peerAddress(),
                data.remaining());
            data.position(data.limit());
          }
          return;
        }
      }
    }
  }

  /** Keeps a copy of what {@code data} has left, after what is held already. */
  private void hold(ByteBuffer data) {
    if (!data.hasRemaining() || closing) {
      data.position(data.limit());
      return;
    }
    int held = heldInput == null ? 0 : heldInput.remaining();
    ByteBuffer all = ByteBuffer.allocate(held + data.remaining());
    if (heldInput != null) {
      all.put(heldInput);
    }
    heldInput = all.put(data).flip();
  }

  @Override
  public void connectionLost(Throwable reason) {
    lostReason = reason;
    heldInput = null;
    if (inner != null) {
      inner.connectionLost(reason);
    }
    failPending(reason);
    lost.callback(reason);
  }

  // ---------------------------------------------------------------------------------- calling

  @SuppressWarnings("unchecked")
  private <A extends Record, R extends Record> Deferred<R> call(
      Command<A, R> command,
      A arguments,
      Function<? super R, ? extends Protocol> switchTo,
      StartTls tls) {
    if (transport == null) {
      throw new IllegalStateException("callRemote before the connection is made");
    }
    if (lostReason != null) {
      return Deferred.fail(lostReason);
    }
    if (inner != null || switchLocked) {
      return Deferred.fail(
          new ProtocolSwitchedException(
              "the connection switched protocols: no AMP traffic allowed"));
    }
    if (startingTls) {
      return Deferred.fail(
          new ProtocolSwitchedException("StartTLS is waiting for its answer: call after it"));
    }
    AmpBox.Builder box;
    try {
      box = RecordCodec.of(command.arguments()).encode(arguments, AmpBox.builder(), limits);
    } catch (AmpValueException | IllegalArgumentException e) {
      return Deferred.fail(e);
    }
    box.put(COMMAND_KEY, ByteString.utf8(command.name()));
    if (!command.requiresAnswer()) {
      transport.write(box.build().encode());
      return Deferred.succeed((R) Empty.INSTANCE);
    }
    ByteString tag = ByteString.ascii(Long.toHexString(++counter));
    box.put(ASK_KEY, tag);
    Deferred<Object> result = new Deferred<>();
    pending.put(
        tag,
        new Pending(command, result, switchTo == null ? null : r -> switchTo.apply((R) r), tls));
    transport.write(box.build().encode());
    return (Deferred<R>) (Deferred<?>) result;
  }

  /** Writes a box, or holds it while a StartTLS waits for its answer. */
  private void send(ByteBuffer box) {
    if (startingTls) {
      heldWhileStartingTls.add(box);
      heldWhileStartingTlsBytes += box.remaining();
      if (heldWhileStartingTlsBytes > MAX_HELD_WHILE_STARTING_TLS) {
        pauseReading(ANSWERS_HELD);
      }
    } else {
      transport.write(box);
    }
  }

  private void flushHeld() {
    List<ByteBuffer> held = heldWhileStartingTls;
    heldWhileStartingTls = new ArrayList<>();
    heldWhileStartingTlsBytes = 0;
    for (ByteBuffer box : held) {
      transport.write(box);
    }
    resumeReading(ANSWERS_HELD);
  }

  private void failPending(Throwable reason) {
    List<Pending> all = new ArrayList<>(pending.values());
    pending.clear();
    for (Pending p : all) {
      p.result.errback(reason);
    }
  }

  // -------------------------------------------------------------------------------- receiving

  private void boxReceived(AmpBox box) {
    if (box.get(ANSWER_KEY).isPresent()) {
      answerReceived(box, box.get(ANSWER_KEY).get());
    } else if (box.get(ERROR_KEY).isPresent()) {
      errorReceived(box, box.get(ERROR_KEY).get());
    } else if (box.get(COMMAND_KEY).isPresent()) {
      commandReceived(box, box.get(COMMAND_KEY).get());
    } else {
      protocolError("a box that is neither a command, an answer nor an error: " + box);
    }
  }

  private void answerReceived(AmpBox box, ByteString tag) {
    Pending p = pending.remove(tag);
    if (p == null) {
      protocolError("an answer to a call that is not waiting (tag " + tag.utf8() + ")");
      return;
    }
    Object response;
    try {
      response = RecordCodec.of(p.command.response()).decode(box, limits);
    } catch (AmpValueException e) {
      switchLocked = false;
      p.result.errback(
          new AmpValueException(
              "the answer to " + p.command.name() + " does not fit: " + e.getMessage(), e));
      return;
    }
    if (p.tls != null) {
      startingTls = false;
      try {
        startTls(p.tls);
      } catch (RuntimeException e) {
        log.warn(
            "Could not start TLS with {} after StartTLS: {}; closing the connection",
            transport.peerAddress(),
            e.toString());
        heldWhileStartingTls.clear();
        heldWhileStartingTlsBytes = 0;
        closing = true;
        transport.abortConnection();
        p.result.errback(e);
        return;
      }
      flushHeld();
    }
    if (p.switchTo != null) {
      Protocol next;
      try {
        next = p.switchTo.apply(response);
      } catch (RuntimeException e) {
        switchLocked = false;
        p.result.errback(e);
        return;
      }
      switchTo(next);
    }
    p.result.callback(response);
  }

  private void errorReceived(AmpBox box, ByteString tag) {
    Pending p = pending.remove(tag);
    if (p == null) {
      protocolError("an error for a call that is not waiting (tag " + tag.utf8() + ")");
      return;
    }
    if (p.switchTo != null) {
      switchLocked = false;
    }
    if (p.tls != null) {
      startingTls = false;
      flushHeld();
    }
    ByteString code = box.get(ERROR_CODE_KEY).orElse(UNKNOWN);
    String description =
        new String(
            box.get(ERROR_DESCRIPTION_KEY).orElse(ByteString.EMPTY).toByteArray(),
            java.nio.charset.StandardCharsets.UTF_8);
    Optional<Command.CommandError> declared = p.command.errorFor(code);
    Throwable error;
    if (declared.isPresent()) {
      error = declared.get().factory().apply(description);
    } else if (code.equals(UNHANDLED)) {
      error = new UnhandledCommandException(description);
    } else {
      error = new UnknownRemoteException(code, description);
    }
    p.result.errback(error);
  }

  @SuppressWarnings("unchecked")
  private void commandReceived(AmpBox box, ByteString name) {
    Optional<ByteString> ask = box.get(ASK_KEY);
    Registration reg = responders.get(name);
    if (reg == null) {
      if (ask.isPresent()) {
        sendError(ask.get(), UNHANDLED, "Unhandled Command: " + name.utf8(), false);
      } else {
        log.warn(
            "AMP peer {} sent {} (no answer wanted), which has no responder",
            transport.peerAddress(),
            name.utf8());
      }
      return;
    }
    Command<Record, Record> command = (Command<Record, Record>) reg.command;
    Record arguments;
    try {
      arguments = RecordCodec.of(command.arguments()).decode(box, limits);
    } catch (AmpValueException e) {
      log.warn(
          "AMP peer {} called {} with arguments that do not fit: {}; closing the connection",
          transport.peerAddress(),
          command.name(),
          e.getMessage());
      if (ask.isPresent()) {
        sendError(ask.get(), UNKNOWN, "Unknown Error", true);
      } else {
        close();
      }
      return;
    }
    Deferred<?> result;
    try {
      result =
          reg.switching
              ? ((SwitchResponder<Record, Record>) reg.responder).respond(arguments)
              : ((Responder<Record, Record>) reg.responder).respond(arguments);
      if (result == null) {
        result = Deferred.fail(new NullPointerException("the responder returned null"));
      }
    } catch (Exception e) {
      result = Deferred.fail(e);
    }
    result.addCallbacks(
        value -> {
          answer(command, reg.switching, reg.tls, ask, value);
          return null;
        },
        error -> {
          respondWithError(command, ask, error);
          return null;
        });
  }

  private void answer(
      Command<Record, Record> command,
      boolean switching,
      StartTls tls,
      Optional<ByteString> ask,
      Object value) {
    if (ask.isEmpty() || lostReason != null || closing) {
      return;
    }
    Protocol next = null;
    AmpBox.Builder box;
    try {
      Record response;
      if (switching) {
        SwitchResponder.Switch<?> s = (SwitchResponder.Switch<?>) value;
        response = (Record) s.response();
        next = s.protocol();
      } else {
        response = (Record) value;
      }
      if (response == null) {
        throw new AmpValueException("the response is null");
      }
      box = RecordCodec.of(command.response()).encode(response, AmpBox.builder(), limits);
    } catch (AmpValueException
        | IllegalArgumentException
        | ClassCastException
        | NullPointerException e) {
      // The answer cannot go out; the caller hears UNKNOWN, and the connection goes on: one line
      // says why, without a stack trace (the cause is a value, not a bug to trace).
      log.warn(
          "The responder of AMP command {} for {} returned what cannot be sent: {}; answered {}",
          command.name(),
          transport.peerAddress(),
          e.getMessage(),
          UNKNOWN.utf8());
      // A switch or StartTLS that cannot be answered leaves the two sides out of step: close.
      sendError(ask.get(), UNKNOWN, "Unknown Error", switching || tls != null);
      return;
    }
    box.put(ANSWER_KEY, ask.get());
    send(box.build().encode());
    if (tls != null) {
      try {
        startTls(tls);
      } catch (RuntimeException e) {
        log.error(
            "Could not start TLS for {} after answering StartTLS; closing the connection",
            transport.peerAddress(),
            e);
        closing = true;
        transport.abortConnection();
      }
    }
    if (next != null) {
      switchTo(next);
    }
  }

  private void respondWithError(
      Command<Record, Record> command, Optional<ByteString> ask, Throwable error) {
    Optional<Command.CommandError> declared = command.errorFor(error);
    if (declared.isPresent()) {
      if (ask.isEmpty()) {
        log.warn("AMP command {} (no answer wanted) failed: {}", command.name(), error.toString());
        return;
      }
      String message = error.getMessage() == null ? "" : error.getMessage();
      sendError(ask.get(), declared.get().code(), message, declared.get().fatal());
      return;
    }
    log.error(
        "Unhandled error in the responder of AMP command {} for {}; closing the connection",
        command.name(),
        transport.peerAddress(),
        error);
    if (ask.isPresent()) {
      sendError(ask.get(), UNKNOWN, "Unknown Error", true);
    } else {
      close();
    }
  }

  private void sendError(ByteString tag, ByteString code, String description, boolean fatal) {
    if (lostReason != null || inner != null) {
      return;
    }
    AmpBox box =
        AmpBox.builder()
            .put(ERROR_KEY, tag)
            .put(ERROR_CODE_KEY, code)
            .put(ERROR_DESCRIPTION_KEY, truncatedUtf8(description))
            .build();
    send(box.encode());
    if (fatal) {
      closing = true;
      close();
    }
  }

  private void switchTo(Protocol next) {
    inner = next;
    switchLocked = false;
    if (registeredAsProducer) {
      registeredAsProducer = false;
      transport.unregisterProducer();
    }
    boolean wasPaused = pausedFor != 0;
    pausedFor = 0;
    failPending(
        new ProtocolSwitchedException("the connection switched protocols before the answer came"));
    if (wasPaused) {
      transport.resumeProducing();
    }
    next.connectionMade(transport);
    if (!feeding && heldInput != null) {
      // Bytes held while paused came after the switching box: they are the new protocol's.
      ByteBuffer held = heldInput;
      heldInput = null;
      next.dataReceived(held);
    }
  }

  private void protocolError(String reason) {
    log.warn("Bad AMP input from {}: {}; closing the connection", transport.peerAddress(), reason);
    closing = true;
    close();
  }

  /**
   * Closes the connection once the answers are sent, first giving up the producer registration (a
   * transport may wait for its producer to unregister before it closes).
   */
  private void close() {
    if (registeredAsProducer && inner == null) {
      registeredAsProducer = false;
      transport.unregisterProducer();
    }
    transport.loseConnection();
  }

  private Amp register(Registration registration) {
    ByteString name = ByteString.utf8(registration.command.name());
    if (!registration.command.requiresAnswer() && registration.switching) {
      throw new IllegalArgumentException(
          "a switching command needs an answer: " + registration.command.name());
    }
    if (responders.putIfAbsent(name, registration) != null) {
      throw new IllegalStateException(
          "the command " + registration.command.name() + " already has a responder");
    }
    return this;
  }

  private static ByteString truncatedUtf8(String text) {
    ByteString bytes = ByteString.utf8(text);
    if (bytes.size() <= AmpBox.MAX_VALUE_LENGTH) {
      return bytes;
    }
    int end = AmpBox.MAX_VALUE_LENGTH;
    while (end > 0 && (bytes.byteAt(end) & 0xC0) == 0x80) {
      end--;
    }
    return bytes.substring(0, end);
  }

  @Override
  public String toString() {
    return "Amp{pending=" + pending.size() + (inner != null ? ", switched to " + inner : "") + "}";
  }
}
