package dev.braid.cli;

import dev.braid.plugin.BraidPlugin;
import dev.braid.process.ProcessMonitor;
import dev.braid.reactor.Reactor;
import dev.braid.service.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code braid procmon}: keeps processes running with a {@link ProcessMonitor}, one from the
 * command line after {@code --}, or several from a {@code --config} file ({@link ProcMonConfig}).
 */
@Command(
    name = "procmon",
    mixinStandardHelpOptions = true,
    description = {
      "Process monitor: runs commands, restarts them when they die (with backoff), logs their output.",
      "Usage: braid procmon [options] -- COMMAND ARGS...   or   braid procmon --config FILE",
      "Config file lines: 'NAME: COMMAND ARGS', 'NAME.cwd = DIR', 'NAME.env.KEY = VALUE', '# comment'."
    })
public final class ProcMonPlugin implements BraidPlugin {
  @Option(
      names = "--min-delay",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description =
          "First restart delay of a process that died quickly (default: ${DEFAULT-VALUE}).")
  private double minDelay;

  @Option(
      names = "--max-delay",
      paramLabel = "SECONDS",
      defaultValue = "3600",
      description =
          "Longest restart delay; the delay doubles up to it (default: ${DEFAULT-VALUE}).")
  private double maxDelay;

  @Option(
      names = "--threshold",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description =
          "A process that ran this long restarts at once and its delay resets (default: ${DEFAULT-VALUE}).")
  private double threshold;

  @Option(
      names = "--kill-time",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description =
          "KILL a process and its process group this long after TERM, on stop or after it exited"
              + " (default: ${DEFAULT-VALUE}).")
  private double killTime;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Read the processes from FILE instead of the command line.")
  private Path config;

  @Parameters(
      paramLabel = "COMMAND",
      description = "The command to run (after --), and its arguments.")
  private List<String> command;

  private static Duration seconds(String option, double value, boolean zeroAllowed) {
    if (!(value > 0 || zeroAllowed && value == 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          option
              + " must be a "
              + (zeroAllowed ? "non-negative" : "positive")
              + " number of seconds, got "
              + value);
    }
    return Duration.ofNanos((long) (value * 1e9));
  }

  @Override
  public Service service(Reactor reactor) {
    boolean hasCommand = command != null && !command.isEmpty();
    if (hasCommand == (config != null)) {
      throw new IllegalArgumentException(
          "procmon needs either a command (braid procmon -- COMMAND ARGS) or --config FILE");
    }
    Duration min = seconds("--min-delay", minDelay, false);
    Duration max = seconds("--max-delay", maxDelay, false);
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("--max-delay must not be below --min-delay");
    }
    ProcessMonitor monitor =
        ProcessMonitor.builder(reactor)
            .minRestartDelay(min)
            .maxRestartDelay(max)
            .threshold(seconds("--threshold", threshold, true))
            .killTime(seconds("--kill-time", killTime, true))
            .build("procmon");
    Path here = Path.of("").toAbsolutePath();
    if (hasCommand) {
      monitor.addProcess(Path.of(command.getFirst()).getFileName().toString(), command);
      return monitor;
    }
    String text;
    try {
      text = Files.readString(config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the procmon config "
              + config
              + ": "
              + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
    }
    Path base = config.toAbsolutePath().getParent();
    for (ProcMonConfig.Entry entry : ProcMonConfig.parse(text, config.toString(), base)) {
      Map<String, String> env = new HashMap<>(System.getenv());
      env.putAll(entry.env());
      monitor.addProcess(entry.name(), entry.argv(), env, entry.cwd() == null ? here : entry.cwd());
    }
    return monitor;
  }
}
