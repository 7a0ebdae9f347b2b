package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

@BraidTest
class PluginNameTest {
  @Test
  void thePluginIsTheFirstArgumentThatIsNotAGlobalOptionOrItsValue() {
    assertThat(Main.pluginName(new String[] {"echo", "--listen", "tcp:0"})).isEqualTo("echo");
    assertThat(Main.pluginName(new String[] {"--log-level", "debug", "web"})).isEqualTo("web");
    assertThat(Main.pluginName(new String[] {"--log-level=debug", "--reactors", "2", "echo"}))
        .isEqualTo("echo");
    assertThat(Main.pluginName(new String[] {"--pidfile", "/tmp/p", "socks"})).isEqualTo("socks");
    assertThat(Main.pluginName(new String[] {"--help"})).isNull();
    assertThat(Main.pluginName(new String[] {})).isNull();
  }

  @Test
  void anUnknownPluginStillListsEveryPlugin() {
    StringWriter err = new StringWriter();
    int status =
        Main.run(
            new String[] {"nosuch"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("unknown plugin 'nosuch'").contains("echo", "web", "socks");
  }

  @Test
  void aPluginsOwnHelpStillWorksWhenOnlyItIsLoaded() {
    StringWriter out = new StringWriter();
    int status =
        Main.run(
            new String[] {"echo", "--help"},
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));
    assertThat(status).isZero();
    assertThat(out.toString()).contains("--listen");
  }

  @Test
  void aMistypedPluginSuggestsTheNearestName() {
    StringWriter err = new StringWriter();
    int status =
        Main.run(new String[] {"ecoh"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).startsWith("braid: unknown plugin 'ecoh' (did you mean 'echo'? ");
  }

  @Test
  void helpHeadsTheGlobalOptionsAndThePluginsEachWithTheirOwnHeading() {
    StringWriter out = new StringWriter();
    int status =
        Main.run(
            new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(status).isZero();
    String help = out.toString();
    int options = help.indexOf("Global options (before the plugin):\n");
    int plugins = help.indexOf("Plugins (braid <plugin> --help for each one's options):\n");
    assertThat(options).isPositive();
    assertThat(help.indexOf("--log-level", options)).isGreaterThan(options).isLessThan(plugins);
    assertThat(help.indexOf("  echo ")).isGreaterThan(plugins);
    assertThat(help).doesNotContain("Commands:").doesNotContain("options]. Plugins:");
  }
}
