package dev.braid.testing;

import dev.braid.defer.internal.UnhandledErrors;
import dev.braid.testing.internal.TestLogging;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The JUnit 5 extension behind {@link BraidTest}; use the annotation rather than this class. */
public final class BraidExtension implements BeforeEachCallback, AfterEachCallback {
  /** Used by JUnit. */
  public BraidExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    TestLogging.reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    UnhandledErrors.collectNow();
    List<LoggedErrors.Entry> errors = LoggedErrors.flush();
    if (!errors.isEmpty()) {
      AssertionError failure =
          new AssertionError(
              "the test logged "
                  + errors.size()
                  + " error(s) it did not expect (flush expected ones with LoggedErrors.flush): "
                  + errors.stream().map(e -> e.logger() + ": " + e.message()).toList());
      errors.forEach(e -> e.error().ifPresent(failure::addSuppressed));
      throw failure;
    }
  }
}
