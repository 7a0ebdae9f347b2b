package dev.braid.net;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The known name nearest to one that is not known, for "did you mean" in error messages (an unknown
 * command, endpoint type or plugin): the name at the smallest edit distance (insertions, deletions,
 * substitutions and swaps of two neighbouring letters, ignoring case), if that distance is small
 * for the length of the name, 1 up to four letters, 2 above. Used by {@link
 * dev.braid.net.endpoints.Endpoints} for endpoint types and by the {@code braid} command for plugin
 * names. Pure and thread-safe.
 */
public final class NearestName {
  private NearestName() {}

  /**
   * The name of {@code known} nearest to {@code unknown}, the first of them in iteration order on a
   * tie; empty when none is near enough to be a likely typo.
   */
  public static Optional<String> among(String unknown, Collection<String> known) {
    String typed = unknown.toLowerCase(Locale.ROOT);
    int allowed = typed.length() <= 4 ? 1 : 2;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : known) {
      int distance = distance(typed, name.toLowerCase(Locale.ROOT));
      if (distance <= allowed && distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Optimal string alignment distance: Levenshtein plus swaps of adjacent characters. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
