package dev.braid.arch;

import dev.braid.testing.QuotedCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps docs/adding-a-protocol.md honest: its Java code is the socks module's, as it is. */
class AddingAProtocolGuideTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void everyJavaBlockOfTheGuideIsQuotedFromTheSocksModule() {
    QuotedCode.check(
        ROOT.resolve("docs/adding-a-protocol.md"),
        5,
        ROOT.resolve("socks/src"),
        ROOT.resolve("fuzz/src"));
  }
}
