package dev.braid.pb.jelly;

import dev.braid.bytes.ByteString;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The allow-list of copied types: each registered Java type has the name it travels under (a Python
 * class name such as {@code "shop.Item"}, or any copy tag), how to get its state, and how to build
 * it from a peer's state. Only these are built from what a peer sends; any other class name fails
 * with {@link JellyException}. Immutable; any thread.
 *
 * <pre>{@code
 * record Item(String name, long price) {}
 * JellyTypes types = JellyTypes.builder().record("shop.Item", Item.class).build();
 * }</pre>
 */
public final class JellyTypes {
  /**
   * How a registered type becomes state and back.
   *
   * @param <T> the Java type
   */
  public interface Codec<T> {
    /** The state to send for {@code value}: usually a {@code Map} of attribute names to values. */
    Object state(T value);

    /**
     * The value the peer's {@code state} describes.
     *
     * @throws Exception with a message saying what was wrong; the connection closes
     */
    T build(Object state) throws Exception;
  }

  /** One registration. */
  record Entry<T>(String name, Class<T> type, Codec<T> codec) {
    Object stateOf(Object value) {
      return codec.state(type.cast(value));
    }
  }

  private static final JellyTypes NONE = new JellyTypes(Map.of(), Map.of());

  private final Map<ByteString, Entry<?>> byName;
  private final Map<Class<?>, Entry<?>> byType;

  private JellyTypes(Map<ByteString, Entry<?>> byName, Map<Class<?>, Entry<?>> byType) {
    this.byName = byName;
    this.byType = byType;
  }

  /** No copied types at all: only Jelly's basic values. */
  public static JellyTypes none() {
    return NONE;
  }

  /** A builder starting empty. */
  public static Builder builder() {
    return new Builder(new LinkedHashMap<>(), new HashMap<>());
  }

  /** A builder starting with these registrations. */
  public Builder toBuilder() {
    return new Builder(new LinkedHashMap<>(byName), new HashMap<>(byType));
  }

  /** The names registered, in registration order. */
  public java.util.List<String> names() {
    return byName.values().stream().map(Entry::name).toList();
  }

  Optional<Entry<?>> byName(ByteString name) {
    return Optional.ofNullable(byName.get(name));
  }

  Optional<Entry<?>> byType(Class<?> type) {
    Entry<?> exact = byType.get(type);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (Entry<?> entry : byType.values()) {
      if (entry.type().isAssignableFrom(type)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /** Registers types; not thread-safe. */
  public static final class Builder {
    private final Map<ByteString, Entry<?>> byName;
    private final Map<Class<?>, Entry<?>> byType;

    private Builder(Map<ByteString, Entry<?>> byName, Map<Class<?>, Entry<?>> byType) {
      this.byName = byName;
      this.byType = byType;
    }

    /**
     * Registers {@code type} under {@code name}, its state and its building done by {@code codec}.
     * A name or a type registers once.
     */
    public <T> Builder type(String name, Class<T> type, Codec<T> codec) {
      Objects.requireNonNull(codec, "codec");
      ByteString key = ByteString.utf8(Objects.requireNonNull(name, "name"));
      if (byName.containsKey(key) || byType.containsKey(type)) {
        throw new IllegalArgumentException("registered twice: " + name + " / " + type.getName());
      }
      Entry<T> entry = new Entry<>(name, type, codec);
      byName.put(key, entry);
      byType.put(type, entry);
      return this;
    }

    /**
     * Registers the record {@code type} under {@code name}: its state is a dict of its components
     * by name, as a Python object's {@code __dict__}, and it is built from such a dict (with each
     * value {@linkplain Conversions#convert converted} to the component's type; other keys are
     * ignored).
     */
    public <R extends Record> Builder record(String name, Class<R> type) {
      RecordComponent[] components = type.getRecordComponents();
      Constructor<R> constructor;
      try {
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
          types[i] = components[i].getType();
        }
        constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalArgumentException("cannot use the record " + type.getName(), e);
      }
      for (RecordComponent c : components) {
        c.getAccessor().setAccessible(true);
      }
      return type(name, type, new RecordCodec<>(name, components, constructor));
    }

    /** The registry. */
    public JellyTypes build() {
      return new JellyTypes(Map.copyOf(byName), Map.copyOf(byType));
    }
  }

  private record RecordCodec<R>(String name, RecordComponent[] components, Constructor<R> make)
      implements Codec<R> {
    @Override
    public Object state(R value) {
      Map<String, Object> state = new LinkedHashMap<>();
      for (RecordComponent c : components) {
        try {
          state.put(c.getName(), c.getAccessor().invoke(value));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return state;
    }

    @Override
    public R build(Object state) throws Exception {
      if (!(state instanceof Map<?, ?> map)) {
        throw new JellyException("the state of a " + name + " is not a dict");
      }
      Object[] args = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        String key = components[i].getName();
        Object value = map.containsKey(key) ? map.get(key) : map.get(ByteString.utf8(key));
        if (value == null) {
          throw new JellyException("the state of a " + name + " has no " + key);
        }
        try {
          args[i] = Conversions.convert(value, components[i].getGenericType());
        } catch (IllegalArgumentException e) {
          throw new JellyException(name + "." + key + ": " + e.getMessage());
        }
      }
      return make.newInstance(args);
    }
  }

  /** A codec from two functions. */
  public static <T> Codec<T> codec(
      Function<? super T, ?> state, ThrowingFunction<Object, ? extends T> build) {
    return new Codec<>() {
      @Override
      public Object state(T value) {
        return state.apply(value);
      }

      @Override
      public T build(Object s) throws Exception {
        return build.apply(s);
      }
    };
  }

  /**
   * A function that may throw.
   *
   * @param <A> the argument
   * @param <R> the result
   */
  @FunctionalInterface
  public interface ThrowingFunction<A, R> {
    /** Applies the function. */
    R apply(A argument) throws Exception;
  }
}
