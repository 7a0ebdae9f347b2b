package dev.braid.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules, checked over the main classes of every module (tests are free to reach
 * into the packages they test).
 */
class ArchitectureTest {
  /** The protocol modules: each depends on core and the testing kit, and on others only here. */
  private static final Map<String, Set<String>> PROTOCOL_MODULES =
      Map.of(
          "amp", Set.of("plugin"), // braid amp
          "cred", Set.of(),
          "dns", Set.of("plugin"), // braid dns
          "pb", Set.of("cred", "plugin"), // logins through cred's Portal; braid pb
          "mail", Set.of("cred", "plugin"), // AUTH through cred's Portal; braid mail
          "irc", Set.of("cred", "plugin"), // SASL and OPER through cred; braid words
          "socks", Set.of("cred", "plugin"), // logins through cred's Portal; braid socks
          "web", Set.of("cred", "plugin")); // Basic auth through cred's Portal; braid web

  // A module's classes: its target/classes (test, compile) or its jar in target (verify).
  private static final Pattern MODULE = Pattern.compile("/([a-z-]+)/target/(classes/|braid-)");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.braid");
    assertThat(classes.stream().map(ArchitectureTest::module).distinct())
        .as("modules whose classes were imported")
        .contains("core", "testing", "amp", "web", "socks", "cred", "plugin", "cli", "swing");
  }

  /** The module a class was compiled in: the folder above its {@code target}. */
  static String module(JavaClass c) {
    String uri = c.getSource().map(s -> s.getUri().toString()).orElse("");
    Matcher m = MODULE.matcher(uri);
    return m.find() ? m.group(1) : "?" + uri;
  }

  private static boolean isBraid(JavaClass c) {
    return c.getPackageName().startsWith("dev.braid.") && c.getSource().isPresent();
  }

  private static boolean isInternal(JavaClass c) {
    return c.getPackageName().matches(".*\\.internal(\\..*)?");
  }

  private static String describe(Dependency d) {
    return d.getDescription();
  }

  @Test
  void noModuleUsesAnotherModulesInternalPackages() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : classes) {
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass().getBaseComponentType();
        if (isBraid(target) && isInternal(target) && !module(target).equals(module(c))) {
          violations.add(module(c) + " -> " + module(target) + ": " + describe(d));
        }
      }
    }
    assertThat(violations)
        .as("internal packages are private to their module; add a public API instead")
        .isEmpty();
  }

  @Test
  void protocolModulesDependOnCoreAndTheKitAndOnOthersOnlyThroughTheirDeclaredApi() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : classes) {
      String from = module(c);
      Set<String> declared = PROTOCOL_MODULES.get(from);
      if (declared == null) {
        continue;
      }
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass().getBaseComponentType();
        if (!isBraid(target)) {
          continue;
        }
        String to = module(target);
        boolean allowed =
            to.equals(from)
                || to.equals("core")
                || to.equals("testing")
                || (declared.contains(to) && !isInternal(target));
        if (!allowed) {
          violations.add(from + " -> " + to + ": " + describe(d));
        }
      }
    }
    assertThat(violations)
        .as(
            "protocol modules depend on core, the testing kit and the declared APIs %s",
            PROTOCOL_MODULES)
        .isEmpty();
  }

  /**
   * No cycles between packages, where a package's {@code internal} sub-package is part of it (an
   * API and its implementation room are one unit). The engine is layered: the clock ({@code time})
   * below Deferreds ({@code defer}), below protocols and transports ({@code net}), below the
   * reactor ({@code reactor}, whose interface hands out Deferreds and offers {@code net}'s TCP and
   * UDP), below endpoints ({@code net.endpoints}) and everything built on them. In {@code web}, the
   * codec ({@code web.http1}) and the server and client above it share the header fields of {@code
   * web.http}. There is no declared exception.
   */
  @Test
  void packagesAreFreeOfCycles() {
    slices().assignedFrom(PACKAGE_WITH_ITS_INTERNALS).should().beFreeOfCycles().check(classes);
  }

  private static final SliceAssignment PACKAGE_WITH_ITS_INTERNALS =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          if (!javaClass.getPackageName().startsWith("dev.braid.")) {
            return SliceIdentifier.ignore();
          }
          String slice = javaClass.getPackageName().replaceFirst("\\.internal(\\..*)?$", "");
          return SliceIdentifier.of(slice);
        }

        @Override
        public String getDescription() {
          return "packages of dev.braid, each with its internal sub-package";
        }
      };
}
