package dev.braid.mail;

import dev.braid.bytes.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The maildirs of the users under one root ({@code root/USER/{tmp,new,cur}}), and durable delivery
 * into them, as the maildir format (D. J. Bernstein's) lays down:
 *
 * <ol>
 *   <li>the message is written to a file in {@code tmp/} with a name unique to this delivery, and
 *       the file is fsynced;
 *   <li>it is renamed into {@code new/} (an atomic rename in one directory tree), and {@code new/}
 *       is fsynced so the rename itself survives a crash.
 * </ol>
 *
 * <p>Only then does {@link #deliver} return: a server answers {@code 250} after that, so a message
 * the client was told is taken survives a crash of the process or the machine, and a reader of
 * {@code new/} never sees a partial file. For several users, every copy is written and fsynced in
 * {@code tmp/} first and only then renamed, so a failure while writing leaves no copy in any {@code
 * new/} (the tmp files are removed) and the client's retry makes no duplicates.
 *
 * <p>File names are {@code SECONDS.MmicrosPpidQcount.HOST,S=SIZE}: the delivery time, this
 * process's id and its delivery count make the name unique on the host; {@code /} and {@code :} in
 * the host name are written {@code \057} and {@code \072}, as the format asks.
 *
 * <p>{@link #deliver} blocks on disk: call it off the reactor thread ({@code
 * Reactor.deferToThread}). It is thread-safe.
 */
public final class Maildirs {
  private static final AtomicLong DELIVERIES = new AtomicLong();
  private static final String[] SUBDIRECTORIES = {"tmp", "new", "cur"};

  private final Path root;
  private final String host;
  private final Clock clock;

  /** Maildirs under {@code root}, naming files for {@code host}, timed by {@code clock}. */
  public Maildirs(Path root, String host, Clock clock) {
    this.root = Objects.requireNonNull(root, "root");
    this.host = host.replace("/", "\\057").replace(":", "\\072");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The root the users' maildirs are under. */
  public Path root() {
    return root;
  }

  /** The maildir of {@code user}: {@code root/user}. */
  public Path maildir(String user) {
    return root.resolve(user);
  }

  /**
   * Stores {@code message} into the maildir of each of {@code users} (made if missing), durably;
   * returns the files in each {@code new/}, in order. Blocks.
   *
   * @throws IOException if a copy could not be written or moved; no copy was moved into {@code
   *     new/} unless the failure came while renaming (then those moved stay)
   */
  public List<Path> deliver(List<String> users, ByteString message) throws IOException {
    List<Path> staged = new ArrayList<>(users.size());
    try {
      for (String user : users) {
        staged.add(stage(user, message));
      }
    } catch (IOException | RuntimeException e) {
      for (Path tmp : staged) {
        Files.deleteIfExists(tmp);
      }
      throw e;
    }
    List<Path> delivered = new ArrayList<>(users.size());
    for (Path tmp : staged) {
      Path dir = tmp.getParent().getParent().resolve("new");
      Path target = dir.resolve(tmp.getFileName());
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename atomically into " + dir, e);
      }
      fsyncDirectory(dir);
      delivered.add(target);
    }
    return delivered;
  }

  private Path stage(String user, ByteString message) throws IOException {
    Path maildir = maildir(user);
    for (String sub : SUBDIRECTORIES) {
      Path dir = maildir.resolve(sub);
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        fsyncDirectory(dir.getParent());
      }
    }
    Path tmp = maildir.resolve("tmp").resolve(uniqueName(message.size()));
    try (FileChannel file =
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = message.asByteBuffer();
      while (bytes.hasRemaining()) {
        file.write(bytes);
      }
      file.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  private String uniqueName(int size) {
    Instant now = clock.instant();
    long micros = now.getNano() / 1000;
    return now.getEpochSecond()
        + ".M"
        + micros
        + "P"
        + ProcessHandle.current().pid()
        + "Q"
        + DELIVERIES.incrementAndGet()
        + "."
        + host
        + ",S="
        + size;
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
