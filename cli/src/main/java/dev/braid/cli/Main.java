package dev.braid.cli;

import dev.braid.cli.logging.CommandLogging;
import dev.braid.cli.logging.LogFormat;
import dev.braid.net.NearestName;
import dev.braid.plugin.BraidPlugin;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.ReactorGroup;
import dev.braid.reactor.Reactors;
import dev.braid.service.Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.event.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import sun.misc.Signal;

/**
 * The {@code braid} command: {@code braid [global options] <plugin> [plugin options]}. Each server
 * in the box, and each {@link BraidPlugin} on the class path, is a subcommand.
 *
 * <p>The command runs the plugin on one reactor (or, with {@code --reactors N}, on a {@link
 * ReactorGroup} of N, stopped as one) until SIGTERM or SIGINT, which stop the reactor gracefully
 * (listening ports close, connections close, shutdown triggers run) and exit 0; a second signal
 * exits at once. A plugin that cannot start prints one line, {@code braid: <reason>}, and the
 * command exits 1; a usage error exits 2.
 */
@Command(
    name = "braid",
    mixinStandardHelpOptions = true,
    version = "braid 0.1.0",
    description = "Runs a Braid server: braid <plugin> [options].",
    optionListHeading = "Global options (before the plugin):%n",
    commandListHeading = "Plugins (braid <plugin> --help for each one's options):%n",
    subcommandsRepeatable = false)
public final class Main {
  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
  private String logLevel;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, or json (one JSON object a line) (default: ${DEFAULT-VALUE}).")
  private String logFormat;

  @Option(
      names = "--logfile",
      paramLabel = "PATH",
      description = "Log to this file instead of standard error; it rotates by size.")
  private Path logFile;

  @Option(
      names = "--logfile-max-size",
      paramLabel = "BYTES",
      defaultValue = "10485760",
      description = "Rotate the log file past this size (default: ${DEFAULT-VALUE}).")
  private long logFileMaxSize;

  @Option(
      names = "--logfile-keep",
      paramLabel = "N",
      defaultValue = "5",
      description = "How many rotated log files to keep (default: ${DEFAULT-VALUE}).")
  private int logFileKeep;

  @Option(
      names = "--pidfile",
      paramLabel = "PATH",
      description =
          "Write the process id here; refuse to start while the process it names is alive; removed on exit.")
  private Path pidFile;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "On SIGTERM/SIGINT, how long services may take to drain before the command exits (default: ${DEFAULT-VALUE}).")
  private long shutdownTimeoutSeconds;

  @Option(
      names = "--reactors",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Run on a group of N reactors (threads), each serving its share of the connections "
              + "accepted on tcp: endpoints (default: ${DEFAULT-VALUE}; this machine has "
              + "${sys:braid.cores} cores).")
  private int reactors;

  /** The plugins of the box, in the order {@code braid --help} lists them (see listingRank). */
  private static final List<String> BOX_ORDER =
      List.of(
          "echo",
          "discard",
          "chargen",
          "daytime",
          "portforward",
          "amp",
          "pb",
          "web",
          "socks",
          "dns",
          "mail",
          "words",
          "procmon",
          "exec",
          "run");

  private Main() {}

  /**
   * The plugin named on the command line: the first argument that is neither a global option nor
   * the value of one; null when there is none.
   */
  static String pluginName(String[] args) {
    java.util.Set<String> takeValues = new java.util.HashSet<>();
    for (java.lang.reflect.Field field : Main.class.getDeclaredFields()) {
      Option option = field.getAnnotation(Option.class);
      if (option != null && field.getType() != boolean.class) {
        takeValues.addAll(List.of(option.names()));
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        return arg;
      }
      if (!arg.contains("=") && takeValues.contains(arg)) {
        i++;
      }
    }
    return null;
  }

  /**
   * Where {@code braid --help} lists a plugin: the plugins of the box in the order the command has
   * always listed them, whichever jar and class path order they come from, then every other plugin
   * (a user's) in class path order.
   */
  private static int listingRank(String name) {
    int rank = BOX_ORDER.indexOf(name);
    return rank < 0 ? BOX_ORDER.size() : rank;
  }

  private static String commandName(Class<?> plugin) {
    Command command = plugin.getAnnotation(Command.class);
    return command == null ? "" : command.name();
  }

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command and returns its exit status (for tests). */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, System.in, out, err);
  }

  /** Runs the command with {@code in} as standard input and returns its exit status. */
  static int run(String[] args, java.io.InputStream in, PrintWriter out, PrintWriter err) {
    Main main = new Main();
    System.setProperty("braid.cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    CommandLine commandLine = new CommandLine(main);
    // Only the plugin the command line names gets a picocli model (built by reflection, the
    // larger part of the parser's start-up cost); --help, a missing or an unknown name get all.
    String wanted = pluginName(args);
    List<ServiceLoader.Provider<BraidPlugin>> providers =
        ServiceLoader.load(BraidPlugin.class).stream()
            .sorted(Comparator.comparingInt(p -> listingRank(commandName(p.type()))))
            .toList();
    boolean tool = "passwd".equals(wanted) || "cert".equals(wanted);
    boolean known = tool || providers.stream().anyMatch(p -> commandName(p.type()).equals(wanted));
    if (!known || "passwd".equals(wanted)) {
      commandLine.addSubcommand(new PasswdCommand());
    }
    if (!known || "cert".equals(wanted)) {
      commandLine.addSubcommand(new CertCommand());
    }
    for (ServiceLoader.Provider<BraidPlugin> provider : providers) {
      if (!known || commandName(provider.type()).equals(wanted)) {
        commandLine.addSubcommand(provider.get());
      }
    }
    commandLine.setOut(out).setErr(err);
    commandLine.setDefaultValueProvider(ListeningPlugin.defaultValues());
    ParseResult parsed;
    try {
      parsed = commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      if (e instanceof CommandLine.UnmatchedArgumentException unmatched
          && e.getCommandLine() == commandLine
          && !unmatched.getUnmatched().isEmpty()
          && !unmatched.getUnmatched().get(0).startsWith("-")) {
        String name = unmatched.getUnmatched().get(0);
        err.println(
            "braid: unknown plugin '"
                + name
                + "' ("
                + NearestName.among(name, commandLine.getSubcommands().keySet())
                    .map(near -> "did you mean '" + near + "'? ")
                    .orElse("")
                + "plugins: "
                + String.join(", ", commandLine.getSubcommands().keySet())
                + ")");
        return 2;
      }
      err.println(
          "braid: "
              + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ")
              + " (see '"
              + e.getCommandLine().getCommandSpec().qualifiedName()
              + " --help')");
      return 2;
    }
    Integer helpExit = CommandLine.executeHelpRequest(parsed);
    if (helpExit != null) {
      return helpExit;
    }
    if (!parsed.hasSubcommand()) {
      err.println("braid: name a plugin to run, e.g. braid echo --listen tcp:8000");
      commandLine.usage(err);
      return 2;
    }
    if (parsed.subcommand().commandSpec().userObject() instanceof PasswdCommand passwd) {
      return passwd.run(in, out, err);
    }
    if (parsed.subcommand().commandSpec().userObject() instanceof CertCommand cert) {
      return cert.run(out, err);
    }
    String level = main.logLevel.toLowerCase(Locale.ROOT);
    if (!List.of("trace", "debug", "info", "warn", "error").contains(level)) {
      err.println(
          "braid: --log-level must be trace, debug, info, warn or error, got " + main.logLevel);
      return 2;
    }
    LogFormat format;
    switch (main.logFormat.toLowerCase(Locale.ROOT)) {
      case "text" -> format = LogFormat.TEXT;
      case "json" -> format = LogFormat.JSON;
      default -> {
        err.println("braid: --log-format must be text or json, got " + main.logFormat);
        return 2;
      }
    }
    if (main.reactors < 1) {
      err.println("braid: --reactors must be at least 1, got " + main.reactors);
      return 2;
    }
    if (main.shutdownTimeoutSeconds < 0 || main.logFileMaxSize < 1 || main.logFileKeep < 0) {
      err.println(
          "braid: --shutdown-timeout and --logfile-keep must not be negative, --logfile-max-size must be positive");
      return 2;
    }
    try {
      CommandLogging.install(
          Level.valueOf(level.toUpperCase(Locale.ROOT)),
          format,
          main.logFile,
          main.logFileMaxSize,
          main.logFileKeep,
          System.err);
    } catch (IOException e) {
      err.println("braid: cannot open the log file " + main.logFile + ": " + e.getMessage());
      return 1;
    }
    if (main.pidFile != null) {
      String problem = PidFile.claim(main.pidFile);
      if (problem != null) {
        err.println("braid: " + problem);
        return 1;
      }
    }
    try {
      BraidPlugin plugin = (BraidPlugin) parsed.subcommand().commandSpec().userObject();
      return serve(
          plugin,
          main.reactors,
          Duration.ofSeconds(main.shutdownTimeoutSeconds),
          level.equals("debug") || level.equals("trace"),
          err);
    } finally {
      if (main.pidFile != null) {
        PidFile.release(main.pidFile);
      }
    }
  }

  private static int serve(
      BraidPlugin plugin, int reactors, Duration shutdownTimeout, boolean debug, PrintWriter err) {
    ReactorGroup group =
        reactors > 1
            ? ReactorGroup.builder().reactors(reactors).shutdownTimeout(shutdownTimeout).build()
            : null;
    Reactor reactor =
        group == null ? Reactors.create(shutdownTimeout) : group.reactors().getFirst();
    AtomicInteger exit = new AtomicInteger(0);
    AtomicInteger signals = new AtomicInteger();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (signals.incrementAndGet() > 1) {
              Runtime.getRuntime().halt(exit.get() == 0 ? 130 : exit.get());
            }
            reactor.callFromThread(
                () -> {
                  if (reactor.running()) {
                    reactor.stop();
                  }
                });
          });
    }
    Signal.handle(new Signal("HUP"), signal -> reactor.callFromThread(() -> reload(plugin)));
    reactor.callWhenRunning(
        () -> {
          Service service;
          try {
            service = group == null ? plugin.service(reactor) : plugin.service(group);
          } catch (RuntimeException e) {
            failed(e, debug, err, exit, reactor);
            return;
          }
          if (group == null) {
            reactor.addShutdownTrigger(Reactor.ShutdownPhase.BEFORE, service::stopService);
          } else {
            group.addShutdownTrigger(Reactor.ShutdownPhase.BEFORE, service::stopService);
          }
          service
              .startService()
              .addErrback(
                  error -> {
                    failed(error, debug, err, exit, reactor);
                    return null;
                  });
        });
    if (group == null) {
      reactor.run();
    } else {
      group.run();
    }
    return exit.get();
  }

  /** SIGHUP: the plugin reloads its files, or the log says it has none to reload. */
  private static void reload(BraidPlugin plugin) {
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Main.class);
    String name =
        plugin.getClass().getAnnotation(picocli.CommandLine.Command.class) == null
            ? plugin.getClass().getSimpleName()
            : plugin.getClass().getAnnotation(picocli.CommandLine.Command.class).name();
    java.util.Optional<dev.braid.defer.Deferred<Void>> reloading;
    try {
      reloading = plugin.reload();
    } catch (RuntimeException e) {
      log.error("SIGHUP: braid {} could not reload: {}", name, describe(e));
      return;
    }
    if (reloading.isEmpty()) {
      log.info("SIGHUP: braid {} has nothing to reload; ignored", name);
      return;
    }
    reloading
        .get()
        .addCallbacks(
            done -> {
              log.info("SIGHUP: braid {} reloaded", name);
              return null;
            },
            error -> {
              log.warn("SIGHUP: braid {} kept its old configuration: {}", name, describe(error));
              return null;
            });
  }

  private static void failed(
      Throwable error, boolean debug, PrintWriter err, AtomicInteger exit, Reactor reactor) {
    err.println("braid: " + describe(error));
    if (debug) {
      error.printStackTrace(err);
    }
    exit.set(1);
    reactor.stop();
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.toString() : message;
  }
}
