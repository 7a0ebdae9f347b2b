package dev.braid.cli;

import dev.braid.net.ProtocolFactory;
import dev.braid.reactor.Reactor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Function;

/**
 * The class named by {@code braid run --factory CLASS}, checked, and how it makes a factory. Two
 * forms, looked for in this order:
 *
 * <ol>
 *   <li>a public static method {@code factory(Reactor)}, or else {@code factory()}, whose return
 *       type is a {@link ProtocolFactory} (as {@code Echo.factory()} is);
 *   <li>a public, concrete class implementing {@link ProtocolFactory} with a public no-argument
 *       constructor.
 * </ol>
 *
 * Anything else is an {@link IllegalArgumentException} whose message says what is wrong and what
 * would do; the command prints it as {@code braid: <message>} and exits 1.
 */
final class FactoryClass {
  private final String name;
  private final Function<Reactor, Object> make;

  private FactoryClass(String name, Function<Reactor, Object> make) {
    this.name = name;
    this.make = make;
  }

  /** Finds {@code className} through {@code loader} and checks that it gives a factory. */
  static FactoryClass load(String className, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "--factory: no class "
              + className
              + " on the class path (add your classes with --classpath DIR_OR_JAR, or"
              + " BRAID_CLASSPATH=... ./braid run ...)",
          e);
    } catch (LinkageError e) {
      throw new IllegalArgumentException(
          "--factory: class " + className + " cannot be loaded: " + e, e);
    }
    Method method = factoryMethod(type);
    if (method != null) {
      if (!Modifier.isPublic(type.getModifiers())) {
        throw new IllegalArgumentException(
            "--factory: class " + className + " must be public for braid to call its factory");
      }
      boolean takesReactor = method.getParameterCount() == 1;
      String call = className + "." + (takesReactor ? "factory(reactor)" : "factory()");
      return new FactoryClass(
          call,
          reactor ->
              invoke(
                  call,
                  () ->
                      method.invoke(null, takesReactor ? new Object[] {reactor} : new Object[0])));
    }
    if (!ProtocolFactory.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          "--factory: "
              + className
              + " is not a ProtocolFactory and has no public static factory() or factory(Reactor)"
              + " method returning one");
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(
          "--factory: "
              + className
              + " is abstract; name a concrete class implementing ProtocolFactory");
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "--factory: "
              + className
              + " implements ProtocolFactory but has no public no-argument constructor"
              + (Modifier.isPublic(type.getModifiers()) ? "" : " (and the class is not public)"),
          e);
    }
    if (!Modifier.isPublic(type.getModifiers())) {
      throw new IllegalArgumentException(
          "--factory: class " + className + " must be public for braid to make it");
    }
    String call = "new " + className + "()";
    return new FactoryClass(call, reactor -> invoke(call, constructor::newInstance));
  }

  /**
   * The public static {@code factory(Reactor)} or {@code factory()} returning a factory, or null.
   */
  private static Method factoryMethod(Class<?> type) {
    for (Class<?>[] parameters : new Class<?>[][] {{Reactor.class}, {}}) {
      try {
        Method method = type.getMethod("factory", parameters);
        if (Modifier.isStatic(method.getModifiers())
            && ProtocolFactory.class.isAssignableFrom(method.getReturnType())) {
          return method;
        }
      } catch (NoSuchMethodException e) {
        // Not this form; try the next.
      }
    }
    return null;
  }

  private interface Call {
    Object call() throws ReflectiveOperationException;
  }

  private static Object invoke(String call, Call body) {
    try {
      return body.call();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalArgumentException(
          "--factory: "
              + call
              + " failed: "
              + (cause.getMessage() == null ? cause : cause.getMessage()),
          cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("--factory: " + call + " failed: " + e, e);
    }
  }

  /** A factory for the protocols served on {@code reactor}. */
  ProtocolFactory factory(Reactor reactor) {
    if (make.apply(reactor) instanceof ProtocolFactory factory) {
      return factory;
    }
    throw new IllegalArgumentException("--factory: " + name + " returned null");
  }

  @Override
  public String toString() {
    return name;
  }
}
