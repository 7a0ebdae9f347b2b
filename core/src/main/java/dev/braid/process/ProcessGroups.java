package dev.braid.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each child as the leader of its own process group and signals whole groups.
 *
 * <p>{@link ProcessBuilder} cannot call {@code setsid} or {@code setpgid} between fork and exec, so
 * a child is started through the {@code setsid} program (util-linux): the JVM's child is not a
 * group leader, so {@code setsid} makes a new session and process group and then <em>execs</em> the
 * command in place; the pid Java sees is the command's pid and also its group id. A group is
 * signalled with libc's {@code kill(-pgid, sig)}, called through the FFM API, which needs no extra
 * process and keeps working after the child itself has exited, for as long as anything in its group
 * is left.
 *
 * <p>Both parts must be there, on Linux: otherwise children run as before, in the JVM's own process
 * group, and "the group" means the child alone (logged once, at INFO). Any thread.
 */
final class ProcessGroups {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);

  /** Linux's signal numbers (the generic ones, used by x86, ARM, RISC-V, POWER and s390). */
  private static final Map<String, Integer> NUMBERS =
      Map.of(
          "HUP", 1, "INT", 2, "QUIT", 3, "KILL", 9, "USR1", 10, "USR2", 12, "TERM", 15, "CONT", 18,
          "STOP", 19);

  private static final int ESRCH = 3;

  private static final Optional<Native> NATIVE = load();

  private ProcessGroups() {}

  /** Whether children run in their own process group and groups can be signalled. */
  static boolean supported() {
    return NATIVE.isPresent();
  }

  /**
   * The command that starts {@code argv} as a process group leader: {@code setsid PROGRAM ARGS},
   * with the program resolved first (on this JVM's {@code PATH} when it has no slash, as {@link
   * ProcessBuilder} does), so a program that cannot be run fails here with an {@link IOException}
   * naming it rather than as a {@code setsid} error in the child. Without support, {@code argv}.
   */
  static List<String> command(List<String> argv, Path workingDir) throws IOException {
    if (NATIVE.isEmpty()) {
      return argv;
    }
    List<String> command = new ArrayList<>(argv.size() + 1);
    command.add(NATIVE.get().setsid.toString());
    command.add(resolve(argv.getFirst(), workingDir));
    command.addAll(argv.subList(1, argv.size()));
    return command;
  }

  /**
   * Sends {@code signal} (a name from {@link #NUMBERS}) to every process in group {@code pgid}.
   *
   * @return false if no process is left in the group
   * @throws IllegalStateException if groups are not supported
   */
  static boolean signal(long pgid, String signal) {
    Native lib = NATIVE.orElseThrow(() -> new IllegalStateException("no process groups here"));
    Integer number = NUMBERS.get(signal);
    if (number == null || pgid <= 1 || pgid > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("cannot send " + signal + " to process group " + pgid);
    }
    int errno = lib.kill(-(int) pgid, number);
    if (errno == 0) {
      return true;
    }
    if (errno == ESRCH) {
      return false;
    }
    throw new IllegalStateException(
        "kill(-" + pgid + ", SIG" + signal + ") failed with errno " + errno);
  }

  /** The program {@code spawn} would run; see {@link Processes#resolveProgram}. */
  static Path resolveProgram(String program, Path workingDir) throws IOException {
    return workingDir.resolve(resolve(program, workingDir)).toAbsolutePath();
  }

  private static String resolve(String program, Path workingDir) throws IOException {
    if (program.contains("/")) {
      check(program, workingDir.resolve(program), workingDir);
      return program;
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/bin:/usr/bin");
    boolean denied = false;
    for (String dir : path.split(":", -1)) {
      Path candidate = workingDir.resolve(dir.isEmpty() ? "." : dir).resolve(program);
      if (Files.isRegularFile(candidate)) {
        if (Files.isExecutable(candidate)) {
          return candidate.toAbsolutePath().toString();
        }
        denied = true;
      }
    }
    throw cannotRun(program, workingDir, denied ? "permission denied" : "not found on the PATH");
  }

  private static void check(String program, Path file, Path workingDir) throws IOException {
    if (!Files.exists(file)) {
      throw cannotRun(program, workingDir, "no such file");
    }
    if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
      throw cannotRun(program, workingDir, "permission denied");
    }
  }

  private static IOException cannotRun(String program, Path workingDir, String why) {
    return new IOException(
        "Cannot run program \"" + program + "\" (in directory \"" + workingDir + "\"): " + why);
  }

  private static Optional<Native> load() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.equals("linux")
        || !List.of("amd64", "x86_64", "aarch64", "riscv64", "ppc64le", "s390x").contains(arch)) {
      LOG.info(
          "child processes run in this JVM's process group on {} {}: stopping one signals only"
              + " the process itself, not what it started",
          os,
          arch);
      return Optional.empty();
    }
    Optional<Path> setsid =
        List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).stream()
            .filter(Files::isExecutable)
            .findFirst();
    if (setsid.isEmpty()) {
      LOG.info(
          "no setsid program (/usr/bin/setsid, util-linux): child processes run in this JVM's"
              + " process group, and stopping one signals only the process itself, not what it"
              + " started");
      return Optional.empty();
    }
    try {
      return Optional.of(new Native(setsid.get()));
    } catch (RuntimeException | LinkageError e) {
      LOG.info(
          "cannot call libc kill through the FFM API ({}): child processes run in this JVM's"
              + " process group, and stopping one signals only the process itself; run with"
              + " --enable-native-access=ALL-UNNAMED",
          e.toString());
      return Optional.empty();
    }
  }

  /** libc's {@code kill}, with errno captured. */
  private static final class Native {
    final Path setsid;
    final MethodHandle kill;
    final StructLayout stateLayout = Linker.Option.captureStateLayout();
    final VarHandle errno = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    @SuppressWarnings("restricted") // the one native call: kill(2), checked arguments (pgid > 1)
    Native(Path setsid) {
      this.setsid = setsid;
      Linker linker = Linker.nativeLinker();
      MemorySegment address =
          linker
              .defaultLookup()
              .find("kill")
              .orElseThrow(() -> new UnsatisfiedLinkError("no kill in libc"));
      this.kill =
          linker.downcallHandle(
              address,
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
              Linker.Option.captureCallState("errno"));
    }

    /** Calls {@code kill(pid, sig)}; returns 0 or the errno. */
    int kill(int pid, int sig) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment state = arena.allocate(stateLayout);
        int result = (int) kill.invokeExact(state, pid, sig);
        return result == 0 ? 0 : (int) errno.get(state, 0L);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("kill(" + pid + ", " + sig + ") failed", e);
      }
    }
  }
}
