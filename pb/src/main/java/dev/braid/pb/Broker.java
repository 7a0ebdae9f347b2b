package dev.braid.pb;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.BaseProtocol;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import dev.braid.pb.banana.BananaEncoder;
import dev.braid.pb.banana.BananaItem;
import dev.braid.pb.banana.BananaParser;
import dev.braid.pb.jelly.Jelly;
import dev.braid.pb.jelly.JellyException;
import dev.braid.pb.jelly.JellyTypes;
import dev.braid.pb.jelly.PyNone;
import dev.braid.pb.jelly.Tuple;
import dev.braid.protocols.BadInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Perspective Broker connection, either side (Twisted's {@code pb.Broker}): it negotiates
 * Banana's {@code pb} dialect and PB's version 6, then carries calls both ways. Objects this side
 * sends by reference ({@link Referenceable}) are kept in a table until the peer releases them; the
 * peer's objects arrive as {@link RemoteReference}s.
 *
 * <p>Make one with {@link Pb}'s factories. Reactor thread only. Bad input (broken Banana, Jelly
 * naming an unregistered type, a reference to an object never sent, a protocol violation) is logged
 * and closes the connection; a call whose arguments were refused is first answered with an error.
 */
public final class Broker extends BaseProtocol {
  private static final Logger log = LoggerFactory.getLogger(Broker.class);

  /** PB's protocol version, as Twisted's. */
  static final int VERSION = 6;

  static final ByteString ROOT = ByteString.ascii("root");
  private static final String FAILURE_TYPE = "twisted.spread.pb.CopyableFailure";
  private static final ByteString PB = ByteString.ascii("pb");
  private static final ByteString NONE_DIALECT = ByteString.ascii("none");

  private static final class Local {
    final Object object;
    int references = 1;

    Local(Object object) {
      this.object = object;
    }
  }

  /** One of this side's Cacheables, as copied to the peer. */
  private static final class Cached {
    final Cacheable object;
    final CacheObserver observer;
    int references = 1;

    Cached(Cacheable object, CacheObserver observer) {
      this.object = object;
      this.observer = observer;
    }
  }

  private final boolean client;
  private final PbConfig config;
  private final BananaParser parser;
  private final BananaEncoder encoder;
  private final Jelly jelly;
  private final Function<Broker, Referenceable> rootFor;
  private boolean dialectChosen;
  private boolean vocabulary;
  private boolean closed;
  private final Map<Object, Local> locals = new HashMap<>();
  private final IdentityHashMap<Object, Long> localIds = new IdentityHashMap<>();
  private final IdentityHashMap<Object, Runnable> onForget = new IdentityHashMap<>();
  private final Map<Long, Deferred<Object>> waiting = new LinkedHashMap<>();
  private final IdentityHashMap<Cacheable, Long> cachedIds = new IdentityHashMap<>();
  private final Map<Long, Cached> cached = new HashMap<>();
  private final Map<Long, RemoteCache> copies = new HashMap<>();
  private final Map<Long, Integer> copyReceipts = new HashMap<>();
  private final IdentityHashMap<RemoteCache, Long> copyIds = new IdentityHashMap<>();
  private final List<Runnable> disconnects = new ArrayList<>();
  private RemoteReference root;
  private Throwable rootError;
  private final List<Deferred<RemoteReference>> rootWaiters = new ArrayList<>();
  private final Deferred<Throwable> lost = new Deferred<>();
  private long lastLocalId;
  private long lastRequestId;

  private Broker(boolean client, PbConfig config, Function<Broker, Referenceable> rootFor) {
    this.client = client;
    this.config = config;
    this.parser = new BananaParser(config.banana());
    this.encoder = new BananaEncoder(config.banana());
    JellyTypes types =
        config.types().toBuilder().type(FAILURE_TYPE, Throwable.class, new FailureCodec()).build();
    this.jelly = new Jelly(types, new References());
    this.rootFor = rootFor;
  }

  static Broker server(PbConfig config, Function<Broker, Referenceable> rootFor) {
    return new Broker(false, config, rootFor);
  }

  static Broker client(PbConfig config) {
    return new Broker(true, config, null);
  }

  /** The settings. */
  public PbConfig config() {
    return config;
  }

  /**
   * The peer's root object (a client's view of the server): fires once the dialect and version are
   * agreed, or fails with {@link PbConnectionLost} if the connection closes first.
   */
  public Deferred<RemoteReference> rootObject() {
    if (root != null) {
      return Deferred.succeed(root);
    }
    if (rootError != null) {
      return Deferred.fail(rootError);
    }
    Deferred<RemoteReference> d = new Deferred<>();
    rootWaiters.add(d);
    return d;
  }

  /** Fires with the reason when the connection has closed. */
  public Deferred<Throwable> whenLost() {
    Deferred<Throwable> d = new Deferred<>();
    lost.addListener(d::callback);
    return d;
  }

  /** Runs {@code action} once when the connection closes (at once if it already has). */
  public void notifyOnDisconnect(Runnable action) {
    if (closed) {
      action.run();
    } else {
      disconnects.add(action);
    }
  }

  /**
   * Tells the peer this side no longer uses its copy {@code cache} (one {@code decache} per time
   * the copy was received); the peer stops updating it once every copy is released.
   */
  public void release(RemoteCache cache) {
    Long id = copyIds.get(cache);
    if (id == null) {
      return;
    }
    int receipts = copyReceipts.getOrDefault(id, 0);
    copyReceipts.put(id, 0);
    for (int i = 0; i < receipts && !closed; i++) {
      sendCall("decache", BananaItem.Int.of(id));
    }
  }

  /** How many of this side's Cacheables the peer holds copies of. */
  public int cachedObjectCount() {
    return cached.size();
  }

  /** How many of this side's objects the peer holds references to (the root included). */
  public int localObjectCount() {
    return locals.size();
  }

  /** Closes the connection. */
  public void disconnect() {
    if (connected()) {
      transport().unregisterProducer();
      transport().loseConnection();
    }
  }

  /**
   * What the transport pauses when its write buffer passes the high-water mark, and resumes below
   * the low one: this broker's reading. A peer that sends calls and does not read the answers finds
   * its calls are not read either, so the answers waiting for it stay within the water marks (plus
   * the answers to what one read brought).
   */
  private final PushProducer reading =
      new PushProducer() {
        @Override
        public void pauseProducing() {
          transport().pauseProducing();
        }

        @Override
        public void resumeProducing() {
          transport().resumeProducing();
        }

        @Override
        public void stopProducing() {}
      };

  @Override
  public void connectionMade(Transport transport) {
    super.connectionMade(transport);
    transport.registerProducer(reading);
    if (!client) {
      locals.put(ROOT, new Local(rootFor.apply(this)));
      writeItem(BananaItem.Items.of(new BananaItem.Bytes(PB), new BananaItem.Bytes(NONE_DIALECT)));
    }
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    try {
      while (!closed && data.hasRemaining()) {
        Optional<BananaItem> item = parser.next(data);
        if (item.isPresent()) {
          expressionReceived(item.get());
        }
      }
    } catch (BadInputException e) {
      log.warn("Closing the PB connection with {}: {}", transport().peerAddress(), e.getMessage());
      closed = true;
      disconnect();
    }
  }

  @Override
  public void connectionLost(Throwable reason) {
    closed = true;
    PbConnectionLost error = new PbConnectionLost("the PB connection closed", reason);
    List<Deferred<Object>> pending = new ArrayList<>(waiting.values());
    waiting.clear();
    pending.forEach(d -> d.errback(error));
    if (root == null) {
      rootError = error;
      List<Deferred<RemoteReference>> waiters = new ArrayList<>(rootWaiters);
      rootWaiters.clear();
      waiters.forEach(d -> d.errback(error));
    }
    List<Runnable> actions = new ArrayList<>(disconnects);
    disconnects.clear();
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        log.error("A PB disconnect notification failed", e);
      }
    }
    for (Cached each : List.copyOf(cached.values())) {
      stoppedObserving(each);
    }
    cached.clear();
    cachedIds.clear();
    copies.clear();
    copyIds.clear();
    locals.clear();
    localIds.clear();
    onForget.clear();
    lost.callback(reason);
  }

  private void expressionReceived(BananaItem item) throws BadInputException {
    if (!dialectChosen) {
      chooseDialect(item);
      return;
    }
    if (!(item instanceof BananaItem.Items(List<BananaItem> items))
        || items.isEmpty()
        || !(items.getFirst() instanceof BananaItem.Bytes(ByteString command))) {
      throw new PbProtocolException("an expression that is not a command list");
    }
    List<BananaItem> args = items.subList(1, items.size());
    switch (command.utf8()) {
      case "version" -> {
        if (args.size() != 1
            || !(args.getFirst() instanceof BananaItem.Int(BigInteger v))
            || v.intValue() != VERSION
            || v.bitLength() > 31) {
          throw new PbProtocolException("an incompatible PB version: " + args);
        }
      }
      case "message" -> message(args, id -> local(id));
      case "cachemessage" -> message(args, id -> id instanceof Long l ? copies.get(l) : null);
      case "decache" -> decache(args);
      case "uncache" -> uncache(args);
      case "answer" -> answer(args, false);
      case "error" -> answer(args, true);
      case "decref" -> decref(args);
      case "didNotUnderstand" -> log.info("The PB peer did not understand {}", args);
      default -> sendCall("didNotUnderstand", new BananaItem.Bytes(command));
    }
  }

  private void chooseDialect(BananaItem item) throws PbProtocolException {
    if (client) {
      if (!(item instanceof BananaItem.Items(List<BananaItem> offered))) {
        throw new PbProtocolException("the server offered no list of dialects");
      }
      ByteString chosen = null;
      for (BananaItem each : offered) {
        if (each instanceof BananaItem.Bytes(ByteString d)
            && (d.equals(PB) || d.equals(NONE_DIALECT))) {
          chosen = d;
          break;
        }
      }
      if (chosen == null) {
        throw new PbProtocolException("the server offered no dialect Braid speaks: " + offered);
      }
      writeItem(new BananaItem.Bytes(chosen));
      selectDialect(chosen);
      root = new RemoteReference(this, ROOT, false);
      List<Deferred<RemoteReference>> waiters = new ArrayList<>(rootWaiters);
      rootWaiters.clear();
      waiters.forEach(d -> d.callback(root));
    } else {
      if (!(item instanceof BananaItem.Bytes(ByteString d))
          || !(d.equals(PB) || d.equals(NONE_DIALECT))) {
        throw new PbProtocolException("the client chose a dialect that was not offered");
      }
      selectDialect(d);
    }
  }

  private void selectDialect(ByteString dialect) {
    dialectChosen = true;
    if (dialect.equals(PB)) {
      vocabulary = true;
      parser.useVocabulary();
    }
    sendCall("version", BananaItem.Int.of(VERSION));
  }

  // ------------------------------------------------------------------ calls in

  private Object local(Object id) {
    Local local = locals.get(id);
    return local == null ? null : local.object;
  }

  private void message(List<BananaItem> args, Function<Object, Object> targets)
      throws BadInputException {
    if (args.size() != 6 || !(args.get(0) instanceof BananaItem.Int(BigInteger requestId))) {
      throw new PbProtocolException("a message without its six parts");
    }
    Object objectId = objectId(args.get(1));
    if (!(args.get(2) instanceof BananaItem.Bytes(ByteString name))) {
      throw new PbProtocolException("a message whose method name is not a string");
    }
    boolean answer = !(args.get(3) instanceof BananaItem.Int(BigInteger a)) || a.signum() != 0;
    long id = requestId.longValue();
    Object target = targets.apply(objectId);
    if (target == null) {
      if (answer) {
        sendError(id, "twisted.spread.pb.Error", "Invalid Object ID", List.of());
      }
      return;
    }
    Object callArgs;
    Object keywords;
    try {
      callArgs = jelly.unjelly(args.get(4));
      keywords = jelly.unjelly(args.get(5));
    } catch (JellyException e) {
      if (answer) {
        sendError(id, "twisted.spread.jelly.InsecureJelly", e.getMessage(), List.of());
      }
      throw e;
    }
    List<Object> positional =
        switch (callArgs) {
          case Tuple t -> t.items();
          case List<?> l -> List.copyOf(l);
          default -> throw new PbProtocolException("a message whose arguments are not a tuple");
        };
    if (!(keywords instanceof Map<?, ?> named)) {
      throw new PbProtocolException("a message whose keyword arguments are not a dict");
    }
    Deferred<Object> result;
    try {
      Object value = RemoteMethods.invoke(target, name.utf8(), positional, named);
      result =
          value instanceof Deferred<?> d ? d.addCallback(v -> (Object) v) : Deferred.succeed(value);
    } catch (Throwable e) {
      result = Deferred.fail(e);
    }
    if (!answer) {
      result.addErrback(
          e -> {
            log.info("A PB call that wanted no answer failed: {}", e.toString());
            return null;
          });
      return;
    }
    result.addCallbacks(
        value -> {
          sendAnswer(id, value);
          return null;
        },
        error -> {
          sendFailure(id, error);
          return null;
        });
  }

  private void sendAnswer(long requestId, Object value) {
    if (closed) {
      return;
    }
    BananaItem sexp;
    try {
      sexp = jelly.jelly(value == null ? PyNone.NONE : value);
    } catch (RuntimeException e) {
      sendFailure(requestId, e);
      return;
    }
    sendCall("answer", BananaItem.Int.of(requestId), sexp);
  }

  private void sendFailure(long requestId, Throwable error) {
    if (closed) {
      return;
    }
    RemoteErrors errors = config.errors();
    String traceback = "Traceback unavailable\n";
    if (config.sendTracebacks()) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      traceback = trace.toString();
    }
    sendError(
        requestId,
        errors.nameOf(error),
        RemoteErrors.messageOf(error),
        errors.parentsOf(error),
        traceback);
  }

  private void sendError(long requestId, String type, String message, List<String> parents) {
    List<String> all = new ArrayList<>();
    all.add(type);
    all.addAll(parents);
    all.addAll(List.of("builtins.Exception", "builtins.BaseException", "builtins.object"));
    sendError(requestId, type, message, all, "Traceback unavailable\n");
  }

  private void sendError(
      long requestId, String type, String message, List<String> parents, String traceback) {
    Throwable failure = new RemoteError(type, message, traceback, parents);
    sendCall("error", BananaItem.Int.of(requestId), jelly.jelly(failure));
  }

  private void decref(List<BananaItem> args) throws PbProtocolException {
    if (args.size() != 1) {
      throw new PbProtocolException("a decref without its object id");
    }
    Object id = objectId(args.getFirst());
    Local local = locals.get(id);
    if (local == null || id.equals(ROOT)) {
      throw new PbProtocolException("a decref of object " + id + ", which the peer does not hold");
    }
    if (--local.references == 0) {
      locals.remove(id);
      localIds.remove(local.object);
      Runnable forget = onForget.remove(local.object);
      if (forget != null) {
        forget.run();
      }
    }
  }

  private void decache(List<BananaItem> args) throws PbProtocolException {
    if (args.size() != 1
        || !(objectId(args.getFirst()) instanceof Long id)
        || !cached.containsKey(id)) {
      throw new PbProtocolException("a decache of a copy the peer does not hold: " + args);
    }
    Cached each = cached.get(id);
    if (--each.references == 0) {
      cached.remove(id);
      cachedIds.remove(each.object);
      stoppedObserving(each);
      sendCall("uncache", BananaItem.Int.of(id));
    }
  }

  private void uncache(List<BananaItem> args) throws PbProtocolException {
    if (args.size() != 1
        || !(objectId(args.getFirst()) instanceof Long id)
        || !copies.containsKey(id)) {
      throw new PbProtocolException("an uncache of a copy this side does not hold: " + args);
    }
    copyIds.remove(copies.remove(id));
    copyReceipts.remove(id);
  }

  private void stoppedObserving(Cached each) {
    try {
      each.object.stoppedObserving(each.observer);
    } catch (RuntimeException e) {
      log.error("A Cacheable's stoppedObserving failed", e);
    }
  }

  private static Object objectId(BananaItem item) throws PbProtocolException {
    return switch (item) {
      case BananaItem.Int(BigInteger i) when i.bitLength() < 64 -> i.longValue();
      case BananaItem.Bytes(ByteString b) -> b;
      default -> throw new PbProtocolException("an object id that is neither a number nor a name");
    };
  }

  // ------------------------------------------------------------------ calls out

  Deferred<Object> sendMessage(Object objectId, String method, Object[] args, Map<String, ?> kw) {
    return sendMessage("message", objectId, method, args, kw);
  }

  Deferred<Object> sendMessage(
      String command, Object objectId, String method, Object[] args, Map<String, ?> kw) {
    if (closed || !connected()) {
      return Deferred.fail(
          new PbConnectionLost("calling " + method + " on a broker that is not connected", null));
    }
    BananaItem netArgs;
    BananaItem netKw;
    try {
      netArgs = jelly.jelly(Tuple.of(args));
      netKw = jelly.jelly(kw);
    } catch (RuntimeException e) {
      return Deferred.fail(e);
    }
    long requestId = ++lastRequestId;
    Deferred<Object> answer = new Deferred<>();
    waiting.put(requestId, answer);
    sendCall(
        command,
        BananaItem.Int.of(requestId),
        objectId instanceof Long l
            ? BananaItem.Int.of(l)
            : new BananaItem.Bytes((ByteString) objectId),
        BananaItem.Bytes.of(method),
        BananaItem.Int.of(1),
        netArgs,
        netKw);
    return answer;
  }

  void sendDecref(Object objectId) {
    if (!closed && connected()) {
      sendCall(
          "decref",
          objectId instanceof Long l
              ? BananaItem.Int.of(l)
              : new BananaItem.Bytes((ByteString) objectId));
    }
  }

  /** Runs {@code action} when the peer releases its last reference to {@code object}. */
  void onForget(Object object, Runnable action) {
    onForget.put(object, action);
  }

  private void answer(List<BananaItem> args, boolean error) throws BadInputException {
    if (args.size() != 2 || !(args.get(0) instanceof BananaItem.Int(BigInteger requestId))) {
      throw new PbProtocolException("an answer without a request id and a value");
    }
    Deferred<Object> d = waiting.remove(requestId.bitLength() < 64 ? requestId.longValue() : -1L);
    if (d == null) {
      throw new PbProtocolException("an answer to request " + requestId + ", which was never made");
    }
    Object value;
    try {
      value = jelly.unjelly(args.get(1));
    } catch (JellyException e) {
      d.errback(e);
      throw e;
    }
    if (!error) {
      d.callback(value);
    } else if (value instanceof Throwable t) {
      d.errback(t);
    } else {
      d.errback(new RemoteError("builtins.Exception", String.valueOf(value), "", List.of()));
    }
  }

  private void sendCall(String command, BananaItem... args) {
    List<BananaItem> items = new ArrayList<>(args.length + 1);
    items.add(BananaItem.Bytes.of(command));
    items.addAll(List.of(args));
    writeItem(new BananaItem.Items(items));
  }

  private void writeItem(BananaItem item) {
    transport().write(encoder.encode(item, vocabulary));
  }

  private long register(Object object) {
    Long id = localIds.get(object);
    if (id != null) {
      locals.get(id).references++;
      return id;
    }
    if (locals.size() >= config.maxReferences()) {
      throw new IllegalStateException(
          "the peer already holds "
              + config.maxReferences()
              + " references (PbConfig.maxReferences)");
    }
    long fresh = ++lastLocalId;
    locals.put(fresh, new Local(object));
    localIds.put(object, fresh);
    return fresh;
  }

  /** Jelly's hook for references both ways. */
  private final class References implements Jelly.Extension {
    @Override
    public Optional<BananaItem> jelly(Object value) {
      if (value instanceof RemoteReference ref) {
        if (ref.broker() != Broker.this) {
          throw new IllegalArgumentException(
              "a RemoteReference can only go back to its own broker");
        }
        Object id = ref.id();
        return Optional.of(
            BananaItem.Items.of(
                BananaItem.Bytes.of("local"),
                id instanceof Long l
                    ? BananaItem.Int.of(l)
                    : new BananaItem.Bytes((ByteString) id)));
      }
      if (value instanceof Cacheable cacheable) {
        return Optional.of(cache(cacheable));
      }
      if (value instanceof RemoteCache copy && copyIds.containsKey(copy)) {
        return Optional.of(
            BananaItem.Items.of(
                BananaItem.Bytes.of("lcache"), BananaItem.Int.of(copyIds.get(copy))));
      }
      if (value instanceof Referenceable object) {
        return Optional.of(
            BananaItem.Items.of(
                BananaItem.Bytes.of("remote"), BananaItem.Int.of(register(object))));
      }
      return Optional.empty();
    }

    @Override
    public Optional<Object> unjelly(ByteString name, List<BananaItem> sexp) throws JellyException {
      switch (name.utf8()) {
        case "remote" -> {
          if (sexp.size() != 2
              || !(sexp.get(1) instanceof BananaItem.Int(BigInteger id))
              || id.bitLength() > 63) {
            throw new JellyException("a remote reference without its id");
          }
          return Optional.of(new RemoteReference(Broker.this, id.longValue(), true));
        }
        case "local" -> {
          Object id;
          try {
            id = sexp.size() == 2 ? objectId(sexp.get(1)) : null;
          } catch (PbProtocolException e) {
            id = null;
          }
          Local local = id == null ? null : locals.get(id);
          if (local == null) {
            throw new JellyException(
                "a reference to local object " + id + ", which was never sent to the peer");
          }
          return Optional.of(local.object);
        }
        case "cached" -> {
          long id = cacheId(sexp, "cached");
          RemoteCache copy = copies.get(id);
          if (copy == null) {
            throw new JellyException("a cached reference to copy " + id + ", which was never sent");
          }
          copyReceipts.merge(id, 1, Integer::sum);
          return Optional.of(copy);
        }
        case "lcache" -> {
          long id = cacheId(sexp, "lcache");
          Cached each = cached.get(id);
          if (each == null) {
            throw new JellyException(
                "a reference to cached object " + id + ", which the peer does not hold");
          }
          return Optional.of(each.object);
        }
        default -> {
          var make = config.caches().get(name.utf8());
          if (make == null) {
            return Optional.empty();
          }
          if (sexp.size() != 3) {
            throw new JellyException("a " + name.utf8() + " cache without an id and a state");
          }
          long id = cacheId(sexp, name.utf8());
          if (copies.containsKey(id)) {
            throw new JellyException("a second copy with the cache id " + id);
          }
          RemoteCache copy = make.get();
          Object state = jelly.unjelly(sexp.get(2));
          try {
            copy.setState(state);
          } catch (Exception e) {
            throw new JellyException("cannot build a " + name.utf8() + ": " + e.getMessage());
          }
          copies.put(id, copy);
          copyIds.put(copy, id);
          copyReceipts.put(id, 1);
          return Optional.of(copy);
        }
      }
    }

    private long cacheId(List<BananaItem> sexp, String what) throws JellyException {
      if (sexp.size() < 2
          || !(sexp.get(1) instanceof BananaItem.Int(BigInteger id))
          || id.bitLength() > 63) {
        throw new JellyException("a " + what + " without its id");
      }
      return id.longValue();
    }
  }

  private BananaItem cache(Cacheable cacheable) {
    Long known = cachedIds.get(cacheable);
    if (known != null) {
      cached.get(known).references++;
      return BananaItem.Items.of(BananaItem.Bytes.of("cached"), BananaItem.Int.of(known));
    }
    if (cached.size() >= config.maxReferences()) {
      throw new IllegalStateException(
          "the peer already holds "
              + config.maxReferences()
              + " cached copies (PbConfig.maxReferences)");
    }
    long id = ++lastLocalId;
    CacheObserver observer = new CacheObserver(this, id);
    Cached each = new Cached(cacheable, observer);
    cached.put(id, each);
    cachedIds.put(cacheable, id);
    return BananaItem.Items.of(
        BananaItem.Bytes.of(cacheable.cacheType()),
        BananaItem.Int.of(id),
        jelly.jelly(cacheable.stateFor(observer)));
  }

  /** A remote failure's state, as Twisted's {@code CopyableFailure} sends it. */
  private final class FailureCodec implements JellyTypes.Codec<Throwable> {
    @Override
    public Object state(Throwable value) {
      RemoteError error =
          value instanceof RemoteError r
              ? r
              : new RemoteError(
                  config.errors().nameOf(value),
                  RemoteErrors.messageOf(value),
                  "Traceback unavailable\n",
                  config.errors().parentsOf(value));
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("count", 1L);
      state.put("type", ByteString.utf8(error.remoteType()));
      state.put("value", error.remoteMessage());
      state.put("captureVars", false);
      state.put("frames", List.of());
      state.put("stack", List.of());
      state.put("tb", PyNone.NONE);
      state.put("parents", error.parents());
      state.put("traceback", error.remoteTraceback());
      return state;
    }

    @Override
    public Throwable build(Object state) throws JellyException {
      if (!(state instanceof Map<?, ?> map)) {
        throw new JellyException("a CopyableFailure whose state is not a dict");
      }
      String type = text(map.get("type"), "?");
      String message = text(map.get("value"), "");
      String traceback = text(map.get("traceback"), "");
      List<String> parents = new ArrayList<>();
      if (map.get("parents") instanceof List<?> names) {
        names.forEach(n -> parents.add(text(n, "?")));
      }
      return config.errors().fromRemote(type, message, traceback, parents);
    }

    private static String text(Object value, String otherwise) {
      return switch (value) {
        case String s -> s;
        case ByteString b -> b.utf8();
        case null -> otherwise;
        default -> String.valueOf(value);
      };
    }
  }
}
