package dev.braid.testing;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import dev.braid.testing.internal.LiveReactorTester;
import dev.braid.testing.internal.TestLogging;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link BraidTest}; use the annotation rather than this class.
 *
 * <p>Before each test it checks that SLF4J logs to the testing kit (it fails the test, saying why,
 * when another SLF4J backend took the log) and clears the captured log. It resolves {@link
 * ReactorTester} and {@link Reactor} parameters by starting a real reactor whose loop runs on its
 * own thread and which the test's thread holds while the test body runs. After each test it checks,
 * in order: what the test left on the reactor (delayed calls, listening ports, open connections),
 * then Deferreds collected with unhandled errors, then errors logged and not flushed; any of them
 * fails the test. It kills the {@link RealPeer}s a test left running, and adds what they printed to
 * a test that failed.
 */
public final class BraidExtension
    implements BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(BraidExtension.class);

  /** Used by JUnit. */
  public BraidExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    TestLogging.requireCapture();
    TestLogging.reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ReactorTester.class || type == Reactor.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LiveReactorTester tester =
        context
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                "tester",
                key -> new LiveReactorTester(context.getDisplayName(), timeout(context)),
                LiveReactorTester.class);
    return parameter.getParameter().getType() == Reactor.class ? tester.reactor() : tester;
  }

  private static Duration timeout(ExtensionContext context) {
    long seconds =
        context
            .getTestMethod()
            .flatMap(m -> AnnotationSupport.findAnnotation(m, AwaitTimeout.class))
            .map(AwaitTimeout::value)
            .orElseGet(
                () ->
                    context
                        .getTestClass()
                        .flatMap(c -> AnnotationSupport.findAnnotation(c, BraidTest.class))
                        .map(BraidTest::timeoutSeconds)
                        .orElse(10L));
    return Duration.ofSeconds(seconds);
  }

  /** Adds what the test's {@link RealPeer}s printed to its failure, then rethrows it. */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    for (String output : RealPeer.outputs()) {
      failure.addSuppressed(new PeerOutput(output));
    }
    throw failure;
  }

  /** What a real peer printed, attached to a failed test. */
  private static final class PeerOutput extends Exception {
    PeerOutput(String output) {
      super(output, null, false, false);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    RealPeer.destroyAll();
    List<String> problems = new ArrayList<>();
    LiveReactorTester tester =
        context.getStore(NAMESPACE).remove("tester", LiveReactorTester.class);
    if (tester != null) {
      problems.addAll(tester.finish());
    }
    Deferred.logCollectedUnhandledErrors();
    List<LoggedErrors.Entry> errors = LoggedErrors.flush();
    if (!errors.isEmpty()) {
      problems.add(
          "the test logged "
              + errors.size()
              + " error(s) it did not expect (flush expected ones with LoggedErrors.flush): "
              + errors.stream().map(e -> e.logger() + ": " + e.message()).toList());
    }
    if (!problems.isEmpty()) {
      AssertionError failure =
          new AssertionError("the test left the reactor dirty: " + String.join("; ", problems));
      errors.forEach(e -> e.error().ifPresent(failure::addSuppressed));
      throw failure;
    }
  }
}
