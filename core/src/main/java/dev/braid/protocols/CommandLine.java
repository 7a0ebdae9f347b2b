package dev.braid.protocols;

import dev.braid.bytes.ByteString;
import java.util.Objects;

/**
 * One line of a line-command protocol, split by {@link LineCommandServer#parse}: the verb in upper
 * case ASCII, the argument (the text after the verb and the spaces that follow it, empty when there
 * is none) and the line as received.
 */
public record CommandLine(String verb, String argument, ByteString line) {
  /** Checks that no part is null. */
  public CommandLine {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(argument, "argument");
    Objects.requireNonNull(line, "line");
  }
}
