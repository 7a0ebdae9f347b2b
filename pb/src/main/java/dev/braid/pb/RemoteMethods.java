package dev.braid.pb;

import dev.braid.bytes.ByteString;
import dev.braid.pb.jelly.Conversions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds and calls the {@link Remote} methods of a {@link Referenceable}. */
final class RemoteMethods {
  private static final ClassValue<Map<String, Method>> METHODS =
      new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
          Map<String, Method> methods = new HashMap<>();
          for (Method m : type.getMethods()) {
            Remote remote = m.getAnnotation(Remote.class);
            if (remote == null || Modifier.isStatic(m.getModifiers())) {
              continue;
            }
            String name = remote.value().isEmpty() ? m.getName() : remote.value();
            if (methods.put(name, m) != null) {
              throw new IllegalStateException(
                  type.getName() + " has two remote methods named " + name);
            }
            m.setAccessible(true);
          }
          return Map.copyOf(methods);
        }
      };

  private RemoteMethods() {}

  /**
   * Calls {@code name} on {@code target}; returns what it returned ({@code null} for void), throws
   * what it threw, {@link NoSuchRemoteMethod}, or {@link IllegalArgumentException} for arguments
   * that do not fit.
   */
  static Object invoke(Object target, String name, List<Object> args, Map<?, ?> keywords)
      throws Throwable {
    Method method = METHODS.get(target.getClass()).get(name);
    if (method == null) {
      throw new NoSuchRemoteMethod(
          "No such method: " + name + " on " + target.getClass().getSimpleName());
    }
    Parameter[] parameters = method.getParameters();
    boolean takesKeywords =
        parameters.length > 0
            && parameters[parameters.length - 1].isAnnotationPresent(Remote.Keywords.class);
    int positional = takesKeywords ? parameters.length - 1 : parameters.length;
    if (args.size() != positional) {
      throw new IllegalArgumentException(
          name
              + "() takes "
              + positional
              + " positional arguments but "
              + args.size()
              + " were given");
    }
    if (!takesKeywords && !keywords.isEmpty()) {
      throw new IllegalArgumentException(name + "() takes no keyword arguments");
    }
    Object[] values = new Object[parameters.length];
    for (int i = 0; i < positional; i++) {
      try {
        values[i] = Conversions.convert(args.get(i), parameters[i].getParameterizedType());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            name + "() argument " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (takesKeywords) {
      Map<String, Object> named = new LinkedHashMap<>();
      keywords.forEach(
          (k, v) -> named.put(k instanceof ByteString b ? b.utf8() : String.valueOf(k), v));
      values[positional] = named;
    }
    try {
      return method.invoke(target, values);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
