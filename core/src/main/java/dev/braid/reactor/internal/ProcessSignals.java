package dev.braid.reactor.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches the process's SIGTERM and SIGINT for a program's main ({@code Reactors.react}), through
 * the JDK's {@code sun.misc.Signal} (module {@code jdk.unsupported}): the only way to stop
 * gracefully and exit 0 on Ctrl-C, where a shutdown hook can only delay an exit of 130 or 143. The
 * class is reached reflectively so that core compiles with {@code -Werror} (javac warns on every
 * direct use and cannot be told not to); where it is missing, signals keep the JVM's default.
 */
public final class ProcessSignals {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessSignals.class);

  private ProcessSignals() {}

  /**
   * Runs {@code onSignal} (on a JVM signal thread) for each of {@code names} ({@code "TERM"},
   * {@code "INT"}) the process receives, and returns what puts the previous handlers back.
   */
  public static Runnable handle(Runnable onSignal, String... names) {
    List<Runnable> restores = new ArrayList<>();
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Constructor<?> newSignal = signalType.getConstructor(String.class);
      Method install = signalType.getMethod("handle", signalType, handlerType);
      Object handler =
          Proxy.newProxyInstance(
              ProcessSignals.class.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      onSignal.run();
                      yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "ProcessSignals handler";
                  });
      for (String name : names) {
        Object signal = newSignal.newInstance(name);
        Object previous;
        try {
          previous = install.invoke(null, signal, handler);
        } catch (InvocationTargetException e) {
          LOG.debug("cannot handle SIG{}: {}", name, e.getCause().toString());
          continue;
        }
        restores.add(
            () -> {
              try {
                install.invoke(null, signal, previous);
              } catch (ReflectiveOperationException e) {
                LOG.debug("cannot restore the handler of SIG{}", name, e);
              }
            });
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      LOG.debug("signals keep the JVM's default handling: {}", e.toString());
    }
    return () -> restores.forEach(Runnable::run);
  }
}
