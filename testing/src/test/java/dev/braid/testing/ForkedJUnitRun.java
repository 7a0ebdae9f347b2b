package dev.braid.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A JUnit run in a JVM of its own, for {@link AnotherSlf4jBackendTest}: runs the test method named
 * by its argument ({@code CLASS#METHOD}) through JUnit's launcher, as a build tool does, and prints
 * {@code started N failed N} and then each failure's message.
 */
final class ForkedJUnitRun {
  private ForkedJUnitRun() {}

  public static void main(String[] args) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectMethod(args[0])).build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(request, summary);
    TestExecutionSummary result = summary.getSummary();
    System.out.println(
        "started " + result.getTestsStartedCount() + " failed " + result.getTestsFailedCount());
    for (TestExecutionSummary.Failure failure : result.getFailures()) {
      System.out.println("failure: " + failure.getException().getMessage());
    }
  }
}
