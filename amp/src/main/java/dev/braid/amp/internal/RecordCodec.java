package dev.braid.amp.internal;

import dev.braid.amp.AmpBox;
import dev.braid.amp.AmpDecimal;
import dev.braid.amp.AmpLimits;
import dev.braid.amp.AmpName;
import dev.braid.amp.AmpValueException;
import dev.braid.bytes.ByteString;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a record to the keys of an AMP box and back: one key per component, named after it (or its
 * {@link AmpName}), typed after its Java type (see {@code docs/amp.md} for the table). An {@code
 * Optional} component is an optional AMP argument: left out when empty. Built once per record class
 * ({@link #of}); thread-safe.
 */
public final class RecordCodec<R extends Record> {
  private static final ClassValue<RecordCodec<?>> CACHE =
      new ClassValue<>() {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        protected RecordCodec<?> computeValue(Class<?> type) {
          return new RecordCodec(type.asSubclass(Record.class));
        }
      };

  private record Field(
      String name, ByteString key, Method accessor, ValueCodec<Object> codec, boolean optional) {}

  private final Class<R> type;
  private final List<Field> fields;
  private final Constructor<R> constructor;

  private RecordCodec(Class<R> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    List<Field> list = new ArrayList<>();
    Set<ByteString> keys = new HashSet<>();
    Class<?>[] parameterTypes = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      parameterTypes[i] = c.getType();
      AmpName rename = c.getAnnotation(AmpName.class);
      String keyName = rename == null ? c.getName() : rename.value();
      ByteString key = ByteString.utf8(keyName);
      if (key.isEmpty() || key.size() > AmpBox.MAX_KEY_LENGTH || keyName.startsWith("_")) {
        throw new IllegalArgumentException(
            type.getName() + "." + c.getName() + ": the AMP key '" + keyName + "' is not allowed");
      }
      if (!keys.add(key)) {
        throw new IllegalArgumentException(
            type.getName() + ": two components use the AMP key " + keyName);
      }
      Type generic = c.getGenericType();
      boolean optional = false;
      if (generic instanceof ParameterizedType p && p.getRawType() == Optional.class) {
        optional = true;
        generic = p.getActualTypeArguments()[0];
      }
      Method accessor = c.getAccessor();
      accessor.setAccessible(true);
      list.add(
          new Field(c.getName(), key, accessor, codecFor(generic, type, c.getName()), optional));
    }
    this.fields = List.copyOf(list);
    try {
      this.constructor = type.getDeclaredConstructor(parameterTypes);
      constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
    }
  }

  /** The codec of record class {@code type} (built on first use, then cached). */
  @SuppressWarnings("unchecked")
  public static <R extends Record> RecordCodec<R> of(Class<R> type) {
    try {
      return (RecordCodec<R>) CACHE.get(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The record class. */
  public Class<R> type() {
    return type;
  }

  /** The AMP keys and types, in order, for messages ({@code "a: Integer"}). */
  public List<String> describe() {
    return fields.stream()
        .map(f -> f.key.utf8() + ": " + f.codec.ampType() + (f.optional ? " (optional)" : ""))
        .toList();
  }

  /** Adds the fields of {@code value} to {@code box}, and returns {@code box}. */
  public AmpBox.Builder encode(R value, AmpBox.Builder box) {
    return encode(value, box, AmpLimits.DEFAULTS);
  }

  /**
   * Adds the fields of {@code value} to {@code box}, each within {@code limits}, and returns {@code
   * box}.
   */
  public AmpBox.Builder encode(R value, AmpBox.Builder box, AmpLimits limits) {
    for (Field f : fields) {
      Object v;
      try {
        v = f.accessor.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new AmpValueException("cannot read " + type.getSimpleName() + "." + f.name, e);
      }
      if (f.optional) {
        if (v == null || ((Optional<?>) v).isEmpty()) {
          continue;
        }
        v = ((Optional<?>) v).get();
      }
      if (v == null) {
        throw new AmpValueException(
            type.getSimpleName() + "." + f.name + " is null; use Optional for optional values");
      }
      ByteString wire;
      try {
        wire = f.codec.encode(v, limits);
      } catch (AmpValueException e) {
        throw new AmpValueException(type.getSimpleName() + "." + f.name + ": " + e.getMessage(), e);
      }
      if (wire.size() > AmpBox.MAX_VALUE_LENGTH) {
        throw new AmpValueException(
            type.getSimpleName()
                + "."
                + f.name
                + " takes "
                + wire.size()
                + " bytes on the wire; AMP values are at most 65535 bytes");
      }
      box.put(f.key, wire);
    }
    return box;
  }

  /** The record the keys of {@code box} stand for; other keys are ignored, as Twisted does. */
  public R decode(AmpBox box) {
    return decode(box, AmpLimits.DEFAULTS);
  }

  /** Like {@link #decode(AmpBox)}, each value within {@code limits}. */
  public R decode(AmpBox box, AmpLimits limits) {
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      Field f = fields.get(i);
      Optional<ByteString> wire = box.get(f.key);
      if (wire.isEmpty()) {
        if (!f.optional) {
          throw new AmpValueException(
              "the box has no " + f.key.utf8() + " (" + type.getSimpleName() + ")");
        }
        values[i] = Optional.empty();
        continue;
      }
      Object v;
      try {
        v = f.codec.decode(wire.get(), limits);
      } catch (AmpValueException e) {
        throw new AmpValueException(f.key.utf8() + ": " + e.getMessage(), e);
      }
      values[i] = f.optional ? Optional.of(v) : v;
    }
    try {
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new AmpValueException(
          type.getSimpleName() + " refused the values: " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AmpValueException("cannot build " + type.getSimpleName(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static ValueCodec<Object> codecFor(Type t, Class<?> owner, String name) {
    return (ValueCodec<Object>) (ValueCodec<?>) resolve(t, owner, name);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ValueCodec<?> resolve(Type t, Class<?> owner, String name) {
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      Type element = p.getActualTypeArguments()[0];
      if (element instanceof Class<?> c && c.isRecord()) {
        return Values.ampList(RecordCodec.of((Class) c));
      }
      return Values.listOf(resolve(element, owner, name));
    }
    if (t instanceof Class<?> c) {
      if (c == long.class || c == Long.class) {
        return Values.LONG;
      }
      if (c == int.class || c == Integer.class) {
        return Values.INT;
      }
      if (c == BigInteger.class) {
        return Values.BIG_INTEGER;
      }
      if (c == String.class) {
        return Values.UNICODE;
      }
      if (c == ByteString.class) {
        return Values.BYTES;
      }
      if (c == double.class || c == Double.class) {
        return Values.FLOAT_CODEC;
      }
      if (c == boolean.class || c == Boolean.class) {
        return Values.BOOLEAN;
      }
      if (c == OffsetDateTime.class) {
        return Values.DATE_TIME_CODEC;
      }
      if (c == AmpDecimal.class) {
        return Values.DECIMAL;
      }
      if (c == BigDecimal.class) {
        return Values.BIG_DECIMAL;
      }
    }
    throw new IllegalArgumentException(
        owner.getName()
            + "."
            + name
            + ": AMP has no type for "
            + t.getTypeName()
            + " (use long, int, BigInteger, String, ByteString, double, boolean, OffsetDateTime,"
            + " AmpDecimal, BigDecimal, List of those or of records, or Optional of any)");
  }

  @Override
  public String toString() {
    return "RecordCodec" + describe();
  }
}
