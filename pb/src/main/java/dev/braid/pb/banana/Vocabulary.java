package dev.braid.pb.banana;

import dev.braid.bytes.ByteString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The words of Banana's {@code pb} dialect that travel as one VOCAB token (a number) instead of a
 * string: Jelly's and PB's command words, numbered 1 to 31 as Twisted numbers them.
 */
public final class Vocabulary {
  private static final List<String> WORDS =
      List.of(
          "None",
          "class",
          "dereference",
          "reference",
          "dictionary",
          "function",
          "instance",
          "list",
          "module",
          "persistent",
          "tuple",
          "unpersistable",
          "copy",
          "cache",
          "cached",
          "remote",
          "local",
          "lcache",
          "version",
          "login",
          "password",
          "challenge",
          "logged_in",
          "not_logged_in",
          "cachemessage",
          "message",
          "answer",
          "error",
          "decref",
          "decache",
          "uncache");

  private static final ByteString[] BY_NUMBER = new ByteString[WORDS.size() + 1];
  private static final Map<ByteString, Integer> NUMBERS = new HashMap<>();

  static {
    for (int i = 0; i < WORDS.size(); i++) {
      ByteString word = ByteString.ascii(WORDS.get(i));
      BY_NUMBER[i + 1] = word;
      NUMBERS.put(word, i + 1);
    }
  }

  private Vocabulary() {}

  /** The word numbered {@code number}, if there is one. */
  public static Optional<ByteString> word(long number) {
    return number >= 1 && number < BY_NUMBER.length
        ? Optional.of(BY_NUMBER[(int) number])
        : Optional.empty();
  }

  /** The number of {@code word}, or 0 if it is not a word of the vocabulary. */
  public static int number(ByteString word) {
    return word.size() > 13 ? 0 : NUMBERS.getOrDefault(word, 0);
  }
}
