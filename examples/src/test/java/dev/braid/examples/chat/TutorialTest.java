package dev.braid.examples.chat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.QuotedCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md, docs/tutorial.md and docs/testing.md honest: their Java code is this module's,
 * as is.
 */
@BraidTest
class TutorialTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path DOCS = MODULE.resolveSibling("docs");

  @Test
  void everyJavaBlockOfTheTutorialIsQuotedFromThisModule() {
    QuotedCode.check(DOCS.resolve("tutorial.md"), 5, MODULE.resolve("src"));
  }

  @Test
  void theReadmesFirstProtocolIsQuotedFromThisModule() {
    QuotedCode.check(MODULE.resolveSibling("README.md"), 0, MODULE.resolve("src"));
  }

  @Test
  void everyJavaBlockOfTheTestingGuideIsQuotedFromThisModule() {
    QuotedCode.check(DOCS.resolve("testing.md"), 5, MODULE.resolve("src"));
  }
}
