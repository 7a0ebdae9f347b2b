package dev.braid.cli;

import dev.braid.net.ProtocolFactory;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.reactor.Reactor;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code braid run --factory CLASS}: serves a protocol of the user's with no plugin code, as {@code
 * twistd -y} runs an application file. {@code CLASS} is found on the class path ({@code
 * BRAID_CLASSPATH} with {@code ./braid}) or on {@code --classpath}, and gives a factory in one of
 * the ways {@link FactoryClass} accepts.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Serves your own protocol: a ProtocolFactory class, no plugin code needed.",
    footer = {
      "",
      "CLASS is one of (looked for in this order):",
      "  a class with a public static method factory(Reactor) or factory()",
      "    returning a ProtocolFactory;",
      "  a public class implementing ProtocolFactory, with a public",
      "    no-argument constructor.",
      "It is asked for a factory once per reactor (--reactors N). Example:",
      "  braid run --classpath target/classes --factory com.example.Shout"
    })
public final class RunPlugin extends ListeningPlugin {
  @Option(
      names = "--factory",
      paramLabel = "CLASS",
      required = true,
      description = "The class that gives the protocol factory (see below).")
  private String factoryClass;

  @Option(
      names = "--classpath",
      paramLabel = "PATHS",
      description =
          "Directories and jars to load CLASS from, separated by the path separator (: on Unix),"
              + " searched after the command's own class path.")
  private String classPath;

  private FactoryClass resolved;

  /** Made by the {@code braid} command through {@link java.util.ServiceLoader}. */
  public RunPlugin() {}

  @Override
  protected String defaultEndpoint() {
    return "tcp:8000";
  }

  @Override
  protected ProtocolFactory factory(Reactor reactor) {
    if (resolved == null) {
      resolved = FactoryClass.load(factoryClass, loader());
    }
    return resolved.factory(reactor);
  }

  private ClassLoader loader() {
    ClassLoader parent = RunPlugin.class.getClassLoader();
    if (classPath == null || classPath.isBlank()) {
      return parent;
    }
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry);
      if (!Files.exists(path)) {
        throw new IllegalArgumentException("--classpath: " + entry + " does not exist");
      }
      try {
        urls.add(path.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("--classpath: " + entry + ": " + e.getMessage(), e);
      }
    }
    return new URLClassLoader("braid-run", urls.toArray(URL[]::new), parent);
  }
}
