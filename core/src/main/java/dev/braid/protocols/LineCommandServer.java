package dev.braid.protocols;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.Transport;
import dev.braid.net.tls.Tls;
import dev.braid.net.tls.TlsOptions;
import dev.braid.net.tls.TlsTransport;
import dev.braid.time.ReactorTime;
import dev.braid.time.Timeout;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of a server whose client sends one command per line and reads line replies (SMTP, POP3,
 * IMAP, FTP, IRC, memcache's text protocol): the parts every such server needs, written once.
 *
 * <ul>
 *   <li><b>Dispatch.</b> The constructor registers a handler per verb with {@link #command} (the
 *       reply is written before the handler returns) or {@link #asyncCommand} (the handler returns
 *       a Deferred; lines the client pipelined meanwhile wait, so replies keep the commands'
 *       order). Verbs are matched case-insensitively. {@link #parse} splits a line into a {@link
 *       CommandLine}; a protocol whose lines start with a tag (IMAP) overrides it.
 *   <li><b>Limits</b> ({@link CommandLimits}): a line over the length limit is answered with the
 *       protocol's reply and the connection closes; unknown verbs, syntax errors and failed
 *       commands count towards an error limit; an idle client is told so and disconnected.
 *   <li><b>Flow control.</b> The server registers itself as the transport's producer: a client that
 *       sends commands and does not read the replies stops being read once the replies it has not
 *       taken pass the transport's high-water mark.
 *   <li><b>Logins</b> through {@link #login}: wraps an attempt (a {@code Portal.login} of the
 *       {@code cred} module, or any Deferred), holds back the reply to a failure by {@link
 *       CommandLimits#loginFailureDelay()}, and closes the connection after {@link
 *       CommandLimits#maxLoginFailures()} failures.
 *   <li><b>STARTTLS</b> through {@link #startTls}: writes the protocol's "go ahead" line, throws
 *       away every byte the client sent after the command before the handshake (the STARTTLS
 *       command-injection class, CVE-2011-0411: such bytes are never executed as if they had come
 *       over TLS), and continues over TLS.
 * </ul>
 *
 * <p>Replies are lines written with {@link #reply}; what the base class answers by itself is in the
 * protocol's words, given as {@link CommandReplies}. Everything runs on the reactor thread; a
 * handler's argument is a {@code String} the handler may keep.
 *
 * <p>A subclass that overrides {@link #connectionMade} or {@link #connectionLost} calls {@code
 * super} (first in {@code connectionMade}); one that switches to raw mode (a BDAT chunk, an IMAP
 * literal) calls {@link #resetIdleTimeout()} as bytes arrive, since only lines restart the idle
 * timer by themselves.
 */
public abstract class LineCommandServer extends LineReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(LineCommandServer.class);

  /** A command handler that answers before it returns. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Handles one command; {@code argument} is the text after the verb, or empty. An exception is
     * logged, answered with {@link CommandReplies#internalError()} and counted as an error.
     */
    void handle(String argument) throws Exception;
  }

  /** A command handler that answers later: the next command waits for its Deferred. */
  @FunctionalInterface
  public interface AsyncHandler {
    /**
     * Starts handling one command and returns a Deferred that fires once the reply is written. A
     * failure of that Deferred (or an exception thrown here) is logged, answered with {@link
     * CommandReplies#internalError()} and counted as an error.
     */
    Deferred<?> handle(String argument) throws Exception;
  }

  /** Reads the lines that follow a command instead of dispatching them (SMTP's DATA). */
  @FunctionalInterface
  public interface LineReader {
    /**
     * Takes one line; returns true to read the next line too, false to go back to commands. An
     * exception ends the reading as a failed command.
     */
    boolean line(ByteString line) throws Exception;
  }

  private final ReactorTime time;
  private final CommandLimits limits;
  private final CommandReplies replies;
  private final Map<String, AsyncHandler> handlers = new HashMap<>();
  private final Timeout idle;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  private LineReader reader;
  private boolean busy;
  private boolean consumerPaused;
  private boolean tls;
  private int errors;
  private int loginFailures;

  /**
   * A server of CRLF-terminated command lines on {@code time}'s clock, within {@code limits},
   * answering what it handles itself with {@code replies}.
   */
  @SuppressWarnings("this-escape") // the timer calls back only from the reactor, after construction
  protected LineCommandServer(ReactorTime time, CommandLimits limits, CommandReplies replies) {
    this(time, limits, replies, LineEnding.CRLF);
  }

  /**
   * A server of command lines ended as {@code ending} says (IRC takes a bare LF as well as CR LF),
   * on {@code time}'s clock, within {@code limits}, answering what it handles itself with {@code
   * replies}.
   */
  @SuppressWarnings("this-escape") // the timer calls back only from the reactor, after construction
  protected LineCommandServer(
      ReactorTime time, CommandLimits limits, CommandReplies replies, LineEnding ending) {
    super(ending, limits.maxLineLength());
    this.time = Objects.requireNonNull(time, "time");
    this.limits = limits;
    this.replies = Objects.requireNonNull(replies, "replies");
    this.idle = time.timeout(this::idleTimedOut);
  }

  /**
   * Registers {@code handler} for {@code verb} (any case); replaces a handler registered before.
   */
  protected final void command(String verb, Handler handler) {
    Objects.requireNonNull(handler, "handler");
    asyncCommand(
        verb,
        argument -> {
          handler.handle(argument);
          return null;
        });
  }

  /** Registers an asynchronous {@code handler} for {@code verb} (any case). */
  protected final void asyncCommand(String verb, AsyncHandler handler) {
    handlers.put(verb.toUpperCase(Locale.ROOT), Objects.requireNonNull(handler, "handler"));
  }

  /** Registers as the transport's producer and starts the idle timer. */
  @Override
  public void connectionMade(Transport transport) {
    super.connectionMade(transport);
    transport.registerProducer(this);
    idle.setTimeout(limits.idleTimeout());
  }

  /** Stops the idle timer. */
  @Override
  public void connectionLost(Throwable reason) {
    idle.cancelTimeout();
  }

  /** Writes {@code line} and the line delimiter. */
  protected final void reply(String line) {
    sendLine(line);
  }

  /** The limits this server runs with. */
  protected final CommandLimits limits() {
    return limits;
  }

  /** The clock this server runs on. */
  protected final ReactorTime time() {
    return time;
  }

  /** True once {@link #startTls} ran on this connection. */
  protected final boolean tlsActive() {
    return tls;
  }

  /** Restarts the idle timer: for a subclass reading raw bytes, which are not lines. */
  protected final void resetIdleTimeout() {
    idle.resetTimeout();
  }

  /**
   * Splits {@code line} into verb and argument: the verb runs to the first space and must be ASCII
   * letters, digits or '-'; the argument is the rest, spaces after the verb skipped. The line must
   * be UTF-8 with no NUL or CR in it. Throws {@link BadInputException} otherwise, which is answered
   * with {@link CommandReplies#syntaxError()}.
   */
  protected CommandLine parse(ByteString line) throws BadInputException {
    String text = decode(line);
    int space = text.indexOf(' ');
    String verb = space < 0 ? text : text.substring(0, space);
    if (verb.isEmpty()) {
      throw new BadInputException("no command verb");
    }
    for (int i = 0; i < verb.length(); i++) {
      char c = verb.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) {
        throw new BadInputException("a command verb is letters and digits");
      }
    }
    int start = space < 0 ? text.length() : space;
    while (start < text.length() && text.charAt(start) == ' ') {
      start++;
    }
    return new CommandLine(verb.toUpperCase(Locale.ROOT), text.substring(start), line);
  }

  /**
   * Answers a verb that has no handler. The default writes {@link CommandReplies#unknownCommand()}
   * and counts an error; a protocol whose replies name the command (IMAP's tag) overrides it.
   */
  protected void unknownCommand(CommandLine command) {
    commandError(replies.unknownCommand());
  }

  /**
   * Counts one error against {@link CommandLimits#maxErrors()} after writing {@code reply}: for a
   * command that was understood but refused (a bad sequence, a bad argument). At the limit the
   * connection is told {@link CommandReplies#tooManyErrors()} and closed.
   */
  protected final void commandError(String reply) {
    reply(reply);
    errors++;
    if (errors >= limits.maxErrors() && !transport().disconnecting()) {
      LOG.info("Closing the connection with {}: {} errors, the limit", peer(), limits.maxErrors());
      reply(replies.tooManyErrors());
      transport().loseConnection();
    }
  }

  /**
   * Sends the lines after the current command to {@code reader} until it returns false (SMTP's
   * DATA, up to the line with the single dot). Call it from a handler; the lines are the client's
   * bytes unchanged, still bounded by the line length limit.
   */
  protected final void readLines(LineReader reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  /**
   * Holds every line after the current one until {@code pending} fires, as an {@linkplain
   * #asyncCommand asynchronous handler}'s Deferred does: for a {@link LineReader} whose last line
   * starts work that answers later (SMTP's DATA storing the message, an AUTH exchange checking the
   * password). Call it from the reader, at most once per line, before returning. A failure of
   * {@code pending} is logged, answered with {@link CommandReplies#internalError()} and counted as
   * an error.
   */
  protected final void holdUntil(Deferred<?> pending) {
    await("line reader", Objects.requireNonNull(pending, "pending"));
  }

  /**
   * Runs a login attempt and applies the login limits to it. On success the avatar (whatever the
   * attempt yields) comes through at once; on failure the returned Deferred fails with the same
   * error after {@link CommandLimits#loginFailureDelay()}, for the caller to answer; and after the
   * {@link CommandLimits#maxLoginFailures()}th failure the connection closes once the current
   * command is answered. Call it from an {@linkplain #asyncCommand asynchronous handler} and return
   * its chain, so that no other command runs while a login is pending.
   */
  protected final <A> Deferred<A> login(Supplier<Deferred<A>> attempt) {
    Deferred<A> attempted;
    try {
      attempted = Objects.requireNonNull(attempt.get(), "the login attempt returned null");
    } catch (RuntimeException e) {
      attempted = Deferred.fail(e);
    }
    Deferred<A> result = new Deferred<>();
    attempted.addCallbacks(
        avatar -> {
          result.callback(avatar);
          return null;
        },
        error -> {
          loginFailures++;
          LOG.info(
              "Failed login {} of {} from {}: {}",
              loginFailures,
              limits.maxLoginFailures(),
              peer(),
              error.toString());
          time.callLater(limits.loginFailureDelay(), () -> result.errback(error));
          return null;
        });
    return result;
  }

  /**
   * Writes {@code goAhead} (the protocol's "220 Ready to start TLS"), throws away every byte the
   * client sent after the current command, and starts TLS as the server with {@code options}. From
   * then on {@link #transport()} is the TLS transport and lines come over TLS. Call it from a
   * handler, after checking {@link #tlsActive()} (a second STARTTLS is the protocol's error to
   * answer).
   *
   * @throws IllegalStateException if TLS is already active
   * @throws IllegalArgumentException if the transport cannot switch protocols
   */
  protected final TlsTransport startTls(String goAhead, TlsOptions options) {
    if (tls) {
      throw new IllegalStateException("TLS is already active on this connection");
    }
    reply(goAhead);
    ByteString dropped = clearLineBuffer();
    if (!dropped.isEmpty()) {
      LOG.info(
          "Dropped {} bytes that {} sent after STARTTLS before the handshake",
          dropped.size(),
          peer());
    }
    TlsTransport secure = Tls.startTls(time, transport(), this, options);
    switchTransport(secure);
    tls = true;
    return secure;
  }

  /** Answers {@link CommandReplies#lineTooLong()} and closes the connection. */
  @Override
  protected final void lineLengthExceeded(ByteString lineStart) {
    LOG.info(
        "Closing the connection with {}: a line longer than {} bytes",
        peer(),
        limits.maxLineLength());
    reply(replies.lineTooLong());
    transport().loseConnection();
  }

  /** Dispatches one line (or gives it to the current {@link LineReader}). */
  @Override
  protected final void lineReceived(ByteString line) {
    idle.resetTimeout();
    if (reader != null) {
      readLine(line);
      return;
    }
    CommandLine command;
    try {
      command = parse(line);
    } catch (BadInputException e) {
      LOG.debug("Syntax error from {}: {}", peer(), e.getMessage());
      commandError(replies.syntaxError());
      return;
    }
    AsyncHandler handler = handlers.get(command.verb());
    if (handler == null) {
      unknownCommand(command);
      return;
    }
    Deferred<?> pending;
    try {
      pending = handler.handle(command.argument());
    } catch (Exception e) {
      failed(command.verb(), e);
      return;
    }
    if (pending != null) {
      await(command.verb(), pending);
    } else {
      afterCommand();
    }
  }

  /** Pauses reading; lines already received wait until {@link #resumeProducing()}. */
  @Override
  public void pauseProducing() {
    consumerPaused = true;
    super.pauseProducing();
  }

  /** Resumes reading, unless a command is still pending (it resumes when the command ends). */
  @Override
  public void resumeProducing() {
    consumerPaused = false;
    if (!busy) {
      super.resumeProducing();
    }
  }

  private void readLine(ByteString line) {
    boolean more;
    try {
      more = reader.line(line);
    } catch (Exception e) {
      reader = null;
      failed("line reader", e);
      return;
    }
    if (!more) {
      reader = null;
      afterCommand();
    }
  }

  private void await(String verb, Deferred<?> pending) {
    busy = true;
    idle.cancelTimeout();
    super.pauseProducing();
    pending.addCallbacks(
        ignored -> {
          commandDone();
          return null;
        },
        error -> {
          failed(verb, error);
          commandDone();
          return null;
        });
  }

  private void commandDone() {
    busy = false;
    if (transport().disconnecting()) {
      return;
    }
    idle.setTimeout(limits.idleTimeout());
    afterCommand();
    if (!consumerPaused && !transport().disconnecting()) {
      super.resumeProducing();
    }
  }

  private void afterCommand() {
    if (loginFailures >= limits.maxLoginFailures() && !transport().disconnecting()) {
      LOG.info(
          "Closing the connection with {}: {} failed logins, the limit",
          peer(),
          limits.maxLoginFailures());
      transport().loseConnection();
    }
  }

  private void failed(String verb, Throwable error) {
    if (transport().disconnecting()) {
      return;
    }
    LOG.warn("Command {} from {} failed", verb, peer(), error);
    commandError(replies.internalError());
  }

  private void idleTimedOut() {
    if (transport().disconnecting()) {
      return;
    }
    LOG.info("Closing the connection with {}: idle for {}", peer(), limits.idleTimeout());
    reply(replies.timeout());
    transport().loseConnection();
  }

  private Object peer() {
    return transport().peerAddress();
  }

  private String decode(ByteString line) throws BadInputException {
    ByteBuffer bytes = line.asByteBuffer();
    for (int i = bytes.position(); i < bytes.limit(); i++) {
      byte b = bytes.get(i);
      if (b == 0 || b == '\r') {
        throw new BadInputException(b == 0 ? "a NUL in a command line" : "a bare CR in a line");
      }
    }
    try {
      return utf8.reset().decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new BadInputException("a command line that is not UTF-8");
    }
  }
}
