package dev.braid.pb.jelly;

import dev.braid.bytes.ByteString;
import dev.braid.pb.banana.BananaItem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Jelly: Java values to Banana s-expressions and back, in Twisted's format.
 *
 * <table>
 *   <caption>Python and Java values</caption>
 *   <tr><th>Python</th><th>Java</th><th>s-expression</th></tr>
 *   <tr><td>None</td><td>{@link PyNone#NONE} (or an empty {@code Optional})</td><td>{@code ["None"]}</td></tr>
 *   <tr><td>bool</td><td>{@code Boolean}</td><td>{@code ["boolean", "true"]}</td></tr>
 *   <tr><td>int</td><td>{@code Long} (or {@code BigInteger} beyond 64 bits); any Java integer when sent</td><td>an integer</td></tr>
 *   <tr><td>float</td><td>{@code Double}</td><td>a float</td></tr>
 *   <tr><td>bytes</td><td>{@link ByteString}</td><td>a string</td></tr>
 *   <tr><td>str</td><td>{@code String}</td><td>{@code ["unicode", utf8]}</td></tr>
 *   <tr><td>list, tuple</td><td>{@code List}, {@link Tuple}</td><td>{@code ["list", ...]}, {@code ["tuple", ...]}</td></tr>
 *   <tr><td>dict</td><td>{@code Map}</td><td>{@code ["dictionary", [k, v], ...]}</td></tr>
 *   <tr><td>set, frozenset</td><td>{@code Set}</td><td>{@code ["set", ...]}</td></tr>
 *   <tr><td>decimal.Decimal</td><td>{@code BigDecimal}</td><td>{@code ["decimal", digits, exponent]}</td></tr>
 *   <tr><td>a Copyable</td><td>a type registered in {@link JellyTypes}</td><td>{@code [name, state]}</td></tr>
 * </table>
 *
 * <p>A list, tuple, dict, set or copied object met twice (or inside itself) is sent once as {@code
 * ["reference", id, ...]} and then as {@code ["dereference", id]}, so shared and circular
 * structures come back shared and circular. Received containers are mutable ({@code ArrayList},
 * {@code LinkedHashMap}, {@code LinkedHashSet}).
 *
 * <p>Unjellying builds only the basic values above and the registered types: any other name fails
 * with {@link JellyException}, whatever class it names. An instance is for one serialization or one
 * unserialization at a time; not thread-safe.
 */
public final class Jelly {
  /**
   * PB's hook for its own kinds of values: references to remote objects and the like. Jelly asks it
   * first when serializing (once per object of one serialization) and about each name it does not
   * know itself when unserializing.
   */
  public interface Extension {
    /** The s-expression for {@code value}, or empty if it is not one of the extension's. */
    Optional<BananaItem> jelly(Object value);

    /**
     * The value {@code sexp} (whose first item is {@code name}) stands for, or empty if {@code
     * name} is not one of the extension's.
     *
     * @throws JellyException when the s-expression is one of its but is malformed or refers to
     *     something unknown
     */
    Optional<Object> unjelly(ByteString name, List<BananaItem> sexp) throws JellyException;
  }

  private static final Extension NO_EXTENSION =
      new Extension() {
        @Override
        public Optional<BananaItem> jelly(Object value) {
          return Optional.empty();
        }

        @Override
        public Optional<Object> unjelly(ByteString name, List<BananaItem> sexp) {
          return Optional.empty();
        }
      };

  private static final int MAX_SEND_DEPTH = 1000;
  private static final Object BUILDING = new Object();

  private final JellyTypes types;
  private final Extension extension;

  /** Jelly with {@code types} as its allow-list of copied types. */
  public Jelly(JellyTypes types) {
    this(types, NO_EXTENSION);
  }

  /** Jelly with {@code types} and PB's {@code extension}. */
  public Jelly(JellyTypes types, Extension extension) {
    this.types = types;
    this.extension = extension;
  }

  /** The allow-list. */
  public JellyTypes types() {
    return types;
  }

  /**
   * The s-expression of {@code value}.
   *
   * @throws IllegalArgumentException for a value of a type Jelly cannot send (not basic, not
   *     registered, not the extension's), or nested more than 1000 deep
   */
  public BananaItem jelly(Object value) {
    Writer writer = new Writer();
    writer.count(value, 0);
    return writer.emit(value, 0);
  }

  /**
   * The value {@code sexp} stands for.
   *
   * @throws JellyException for malformed Jelly, a type name nobody registered, or a dereference to
   *     an object the s-expression never gave
   */
  public Object unjelly(BananaItem sexp) throws JellyException {
    return new Reader().read(sexp, null);
  }

  private static boolean isContainer(Object value) {
    return value instanceof List<?>
        || value instanceof Map<?, ?>
        || value instanceof Set<?>
        || value instanceof Tuple;
  }

  private static BananaItem.Bytes atom(String word) {
    return BananaItem.Bytes.of(word);
  }

  private final class Writer {
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    private final IdentityHashMap<Object, Object> states = new IdentityHashMap<>();
    private final IdentityHashMap<Object, Integer> ids = new IdentityHashMap<>();
    private final IdentityHashMap<Object, BananaItem> extended = new IdentityHashMap<>();
    private int nextId = 1;

    /** First pass: which containers and copies appear more than once. */
    void count(Object value, int depth) {
      if (depth > MAX_SEND_DEPTH) {
        throw new IllegalArgumentException("a value nested more than " + MAX_SEND_DEPTH + " deep");
      }
      if (value == null || extended.containsKey(value)) {
        return;
      }
      Optional<BananaItem> own = extension.jelly(value);
      if (own.isPresent()) {
        extended.put(value, own.get());
        return;
      }
      Optional<JellyTypes.Entry<?>> entry =
          isContainer(value) || value == null ? Optional.empty() : types.byType(value.getClass());
      if (!isContainer(value) && entry.isEmpty()) {
        if (value instanceof Optional<?> o && o.isPresent()) {
          count(o.get(), depth + 1);
        }
        return;
      }
      if (seen.containsKey(value)) {
        seen.put(value, true);
        return;
      }
      seen.put(value, false);
      switch (value) {
        case List<?> list -> list.forEach(each -> count(each, depth + 1));
        case Tuple tuple -> tuple.items().forEach(each -> count(each, depth + 1));
        case Set<?> set -> set.forEach(each -> count(each, depth + 1));
        case Map<?, ?> map ->
            map.forEach(
                (k, v) -> {
                  count(k, depth + 1);
                  count(v, depth + 1);
                });
        default -> {
          Object state = entry.orElseThrow().stateOf(value);
          states.put(value, state);
          count(state, depth + 1);
        }
      }
    }

    BananaItem emit(Object value, int depth) {
      BananaItem own = value == null ? null : extended.get(value);
      if (own != null) {
        return own;
      }
      if (Boolean.TRUE.equals(seen.get(value))) {
        Integer id = ids.get(value);
        if (id != null) {
          return BananaItem.Items.of(atom("dereference"), BananaItem.Int.of(id));
        }
        id = nextId++;
        ids.put(value, id);
        return BananaItem.Items.of(atom("reference"), BananaItem.Int.of(id), body(value, depth));
      }
      return body(value, depth);
    }

    private BananaItem body(Object value, int depth) {
      return switch (value) {
        case null -> throw new IllegalArgumentException("null cannot be jellied: use PyNone.NONE");
        case PyNone n -> BananaItem.Items.of(atom("None"));
        case Optional<?> o -> o.isPresent() ? emit(o.get(), depth + 1) : body(PyNone.NONE, depth);
        case Boolean b -> BananaItem.Items.of(atom("boolean"), atom(b ? "true" : "false"));
        case Long l -> BananaItem.Int.of(l);
        case Integer i -> BananaItem.Int.of(i);
        case Short s -> BananaItem.Int.of(s);
        case Byte b -> BananaItem.Int.of(b);
        case BigInteger b -> new BananaItem.Int(b);
        case Double d -> new BananaItem.Real(d);
        case Float f -> new BananaItem.Real(f);
        case ByteString b -> new BananaItem.Bytes(b);
        case String s -> BananaItem.Items.of(atom("unicode"), BananaItem.Bytes.of(s));
        case BigDecimal d ->
            BananaItem.Items.of(
                atom("decimal"),
                new BananaItem.Int(d.unscaledValue()),
                BananaItem.Int.of(-(long) d.scale()));
        case Unpersistable u ->
            BananaItem.Items.of(atom("unpersistable"), BananaItem.Bytes.of(u.reason()));
        case List<?> list -> sequence("list", list, depth);
        case Tuple tuple -> sequence("tuple", tuple.items(), depth);
        case Set<?> set -> sequence("set", set, depth);
        case Map<?, ?> map -> {
          List<BananaItem> items = new ArrayList<>(map.size() + 1);
          items.add(atom("dictionary"));
          map.forEach(
              (k, v) -> items.add(BananaItem.Items.of(emit(k, depth + 1), emit(v, depth + 1))));
          yield new BananaItem.Items(items);
        }
        default -> {
          JellyTypes.Entry<?> entry =
              types
                  .byType(value.getClass())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "cannot jelly a "
                                  + value.getClass().getName()
                                  + ": register it in JellyTypes"));
          Object state = states.containsKey(value) ? states.get(value) : entry.stateOf(value);
          yield BananaItem.Items.of(BananaItem.Bytes.of(entry.name()), emit(state, depth + 1));
        }
      };
    }

    private BananaItem sequence(String name, Iterable<?> items, int depth) {
      List<BananaItem> out = new ArrayList<>();
      out.add(atom(name));
      for (Object each : items) {
        out.add(emit(each, depth + 1));
      }
      return new BananaItem.Items(out);
    }
  }

  private final class Reader {
    private final Map<BigInteger, Object> references = new HashMap<>();

    Object read(BananaItem sexp, BigInteger referenceId) throws JellyException {
      Object value =
          switch (sexp) {
            case BananaItem.Int(BigInteger v) -> v.bitLength() < 64 ? (Object) v.longValue() : v;
            case BananaItem.Real(double v) -> v;
            case BananaItem.Bytes(ByteString v) -> v;
            case BananaItem.Items(List<BananaItem> items) -> list(items, referenceId);
          };
      if (referenceId != null && !references.containsKey(referenceId)) {
        references.put(referenceId, value);
      }
      return value;
    }

    private Object list(List<BananaItem> items, BigInteger referenceId) throws JellyException {
      if (items.isEmpty() || !(items.getFirst() instanceof BananaItem.Bytes(ByteString name))) {
        throw new JellyException("a list that does not start with a type name");
      }
      List<BananaItem> rest = items.subList(1, items.size());
      switch (name.utf8()) {
        case "None" -> {
          return PyNone.NONE;
        }
        case "unicode" -> {
          return utf8(bytes(rest, 0, "unicode"));
        }
        case "boolean" -> {
          String b = bytes(rest, 0, "boolean").utf8();
          if (!b.equals("true") && !b.equals("false")) {
            throw new JellyException("a boolean that is neither true nor false");
          }
          return b.equals("true");
        }
        case "list" -> {
          ArrayList<Object> list = new ArrayList<>(rest.size());
          register(referenceId, list);
          for (BananaItem each : rest) {
            list.add(read(each, null));
          }
          return list;
        }
        case "tuple" -> {
          ArrayList<Object> backing = new ArrayList<>(rest.size());
          Tuple tuple = Tuple.over(backing);
          register(referenceId, tuple);
          for (BananaItem each : rest) {
            backing.add(read(each, null));
          }
          return tuple;
        }
        case "set", "frozenset" -> {
          Set<Object> set = new LinkedHashSet<>();
          register(referenceId, set);
          for (BananaItem each : rest) {
            set.add(read(each, null));
          }
          return set;
        }
        case "dictionary" -> {
          Map<Object, Object> map = new LinkedHashMap<>();
          register(referenceId, map);
          for (BananaItem each : rest) {
            if (!(each instanceof BananaItem.Items(List<BananaItem> pair)) || pair.size() != 2) {
              throw new JellyException("a dictionary item that is not a [key, value] pair");
            }
            map.put(read(pair.get(0), null), read(pair.get(1), null));
          }
          return map;
        }
        case "reference" -> {
          BigInteger id = integer(rest, 0, "reference");
          if (rest.size() != 2) {
            throw new JellyException("a reference without exactly an id and a value");
          }
          if (references.containsKey(id)) {
            throw new JellyException("a second reference with the id " + id);
          }
          return read(rest.get(1), id);
        }
        case "dereference" -> {
          BigInteger id = integer(rest, 0, "dereference");
          Object target = references.get(id);
          if (target == null) {
            throw new JellyException("a dereference to " + id + ", which was never sent");
          }
          if (target == BUILDING) {
            throw new JellyException(
                "a circular reference into a copied object, which is built from complete state");
          }
          return target;
        }
        case "unpersistable" -> {
          return new Unpersistable(bytes(rest, 0, "unpersistable").utf8());
        }
        case "decimal" -> {
          BigInteger digits = integer(rest, 0, "decimal");
          BigInteger exponent = integer(rest, 1, "decimal");
          if (exponent.abs().bitLength() > 20) {
            throw new JellyException("a decimal exponent out of range: " + exponent);
          }
          return new BigDecimal(digits, -exponent.intValue());
        }
        default -> {
          Optional<Object> own = extension.unjelly(name, items);
          if (own.isPresent()) {
            return own.get();
          }
          JellyTypes.Entry<?> entry =
              types
                  .byName(name)
                  .orElseThrow(
                      () -> new JellyException("an unregistered type name " + printable(name)));
          if (rest.size() != 1) {
            throw new JellyException("a " + entry.name() + " without exactly one state");
          }
          if (referenceId != null) {
            references.put(referenceId, BUILDING);
          }
          Object state = read(rest.getFirst(), null);
          Object built;
          try {
            built = entry.codec().build(state);
          } catch (JellyException e) {
            throw e;
          } catch (Exception e) {
            throw new JellyException("cannot build a " + entry.name() + ": " + e.getMessage());
          }
          if (referenceId != null) {
            references.put(referenceId, built);
          }
          return built;
        }
      }
    }

    private void register(BigInteger referenceId, Object container) {
      if (referenceId != null) {
        references.put(referenceId, container);
      }
    }

    private ByteString bytes(List<BananaItem> rest, int index, String what) throws JellyException {
      if (rest.size() > index && rest.get(index) instanceof BananaItem.Bytes(ByteString b)) {
        return b;
      }
      throw new JellyException("a " + what + " without its string");
    }

    private BigInteger integer(List<BananaItem> rest, int index, String what)
        throws JellyException {
      if (rest.size() > index && rest.get(index) instanceof BananaItem.Int(BigInteger i)) {
        return i;
      }
      throw new JellyException("a " + what + " without its number");
    }
  }

  private static String utf8(ByteString bytes) throws JellyException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new JellyException("a unicode string that is not UTF-8");
    }
  }

  private static String printable(ByteString name) {
    String text = name.size() > 100 ? name.substring(0, 100).utf8() + "..." : name.utf8();
    return text.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
