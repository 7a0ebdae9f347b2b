package dev.braid.cli;

import dev.braid.bytes.ByteString;
import dev.braid.cred.Passwords;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code braid passwd USER}: prints a password-file line {@code USER:HASH} (bcrypt) for {@code
 * --auth file:PATH}. The password is read from standard input (one line), or asked for twice on a
 * terminal; it is never taken from the command line, where other users could see it. Not a server:
 * the command runs it and exits, without a reactor.
 */
@Command(
    name = "passwd",
    mixinStandardHelpOptions = true,
    description =
        "Prints a password-file line USER:HASH (bcrypt) for --auth file:PATH; reads the password"
            + " from standard input (one line).")
public final class PasswdCommand {
  @Parameters(paramLabel = "USER", description = "The user name (no colon, no spaces).")
  private String user;

  @Option(
      names = "--cost",
      paramLabel = "N",
      defaultValue = "12",
      description = "bcrypt cost: 2^N rounds, 4 to 31 (default: ${DEFAULT-VALUE}).")
  private int cost;

  /** For picocli. */
  public PasswdCommand() {}

  /** Reads the password from {@code in} (or the console), prints the line; returns the status. */
  int run(InputStream in, PrintWriter out, PrintWriter err) {
    if (user.isEmpty() || user.contains(":") || user.chars().anyMatch(Character::isWhitespace)) {
      err.println("braid: the user name must be non-empty, without colons or spaces");
      return 2;
    }
    if (cost < Passwords.MIN_COST || cost > Passwords.MAX_COST) {
      err.println(
          "braid: --cost must be from "
              + Passwords.MIN_COST
              + " to "
              + Passwords.MAX_COST
              + ", got "
              + cost);
      return 2;
    }
    char[] password;
    try {
      password = read(in, err);
    } catch (IOException e) {
      err.println("braid: cannot read the password: " + e.getMessage());
      return 1;
    }
    if (password == null) {
      return 1;
    }
    try {
      ByteString bytes =
          ByteString.wrapOwned(toBytes(StandardCharsets.UTF_8.encode(CharBuffer.wrap(password))));
      out.println(user + ":" + Passwords.hash(bytes, cost));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("braid: " + e.getMessage());
      return 1;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static byte[] toBytes(java.nio.ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private char[] read(InputStream in, PrintWriter err) throws IOException {
    Console console = System.console();
    if (console != null && console.isTerminal() && in == System.in) {
      char[] first = console.readPassword("Password for %s: ", user);
      char[] second = console.readPassword("Again: ");
      if (first == null || second == null || !Arrays.equals(first, second)) {
        err.println("braid: the passwords differ");
        return null;
      }
      Arrays.fill(second, '\0');
      return first;
    }
    String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    if (line == null) {
      err.println("braid: no password on standard input");
      return null;
    }
    return line.toCharArray();
  }
}
