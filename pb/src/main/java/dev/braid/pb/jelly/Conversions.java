package dev.braid.pb.jelly;

import dev.braid.bytes.ByteString;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an unjellied value into the Java type a method parameter or a record component declares:
 * Python ints into {@code int}, {@code long} or {@link BigInteger} (when they fit), ints into
 * {@code double}, None into an empty {@link Optional}, a list or tuple into a {@code List} of the
 * declared item type, and so on. Anything else must already be of the declared type. Stateless; any
 * thread.
 */
public final class Conversions {
  private Conversions() {}

  /**
   * {@code value} as {@code target}.
   *
   * @throws IllegalArgumentException naming both types when the value cannot be one
   */
  public static Object convert(Object value, Type target) {
    Class<?> raw = raw(target);
    if (raw == Optional.class) {
      if (value == PyNone.NONE) {
        return Optional.empty();
      }
      return Optional.of(convert(value, argument(target, 0)));
    }
    if (raw.isPrimitive()) {
      raw = boxed(raw);
    }
    if (raw == Object.class) {
      return value;
    }
    if (value instanceof Long l) {
      if (raw == Integer.class && l == l.intValue()) {
        return l.intValue();
      }
      if (raw == Long.class) {
        return l;
      }
      if (raw == BigInteger.class) {
        return BigInteger.valueOf(l);
      }
      if (raw == Double.class) {
        return l.doubleValue();
      }
    }
    if (value instanceof BigInteger b && raw == Long.class && b.bitLength() < 64) {
      return b.longValue();
    }
    if (value instanceof Tuple t && raw == List.class) {
      value = t.items();
    }
    if (value instanceof List<?> list && raw == List.class && target instanceof ParameterizedType) {
      Type item = argument(target, 0);
      List<Object> out = new ArrayList<>(list.size());
      for (Object each : list) {
        out.add(convert(each, item));
      }
      return out;
    }
    if (value instanceof Set<?> set && raw == Set.class && target instanceof ParameterizedType) {
      Type item = argument(target, 0);
      Set<Object> out = new LinkedHashSet<>();
      for (Object each : set) {
        out.add(convert(each, item));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map && raw == Map.class && target instanceof ParameterizedType) {
      Type key = argument(target, 0);
      Type item = argument(target, 1);
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(convert(k, key), convert(v, item)));
      return out;
    }
    if (raw.isInstance(value)) {
      return value;
    }
    throw new IllegalArgumentException(
        "expected " + target.getTypeName() + ", got " + describe(value));
  }

  /** The Python type of {@code value}, for messages: {@code int}, {@code str}, {@code list}... */
  public static String describe(Object value) {
    return switch (value) {
      case Long l -> "int " + l;
      case BigInteger b -> "int";
      case Double d -> "float " + d;
      case String s -> "str";
      case ByteString b -> "bytes";
      case Boolean b -> "bool " + b;
      case PyNone n -> "None";
      case List<?> l -> "list";
      case Tuple t -> "tuple";
      case Map<?, ?> m -> "dict";
      case Set<?> s -> "set";
      default -> value.getClass().getName();
    };
  }

  private static Class<?> raw(Type type) {
    return switch (type) {
      case Class<?> c -> c;
      case ParameterizedType p -> (Class<?>) p.getRawType();
      default -> Object.class;
    };
  }

  private static Type argument(Type type, int index) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
  }

  private static Class<?> boxed(Class<?> primitive) {
    if (primitive == int.class) {
      return Integer.class;
    } else if (primitive == long.class) {
      return Long.class;
    } else if (primitive == double.class) {
      return Double.class;
    } else if (primitive == boolean.class) {
      return Boolean.class;
    }
    return primitive;
  }
}
