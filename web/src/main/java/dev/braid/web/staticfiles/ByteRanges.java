package dev.braid.web.staticfiles;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Parsing and coalescing of {@code Range: bytes=...} (RFC 9110 section 14). Pure; any thread. */
final class ByteRanges {
  private ByteRanges() {}

  /**
   * The satisfiable ranges of {@code header} for a representation of {@code length} bytes, as
   * inclusive {@code [first, last]} pairs in request order; empty Optional if the header does not
   * parse (then it is ignored), an empty list if it parses but nothing is satisfiable. The number
   * of ranges returned counts the unsatisfiable ones too, so a cap applies to what was asked.
   */
  static Optional<List<long[]>> parse(String header, long length) {
    String h = header.strip();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return Optional.empty();
    }
    List<long[]> out = new ArrayList<>();
    int asked = 0;
    for (String spec : h.substring(6).split(",", -1)) {
      String s = spec.strip();
      if (s.isEmpty()) {
        continue;
      }
      asked++;
      int dash = s.indexOf('-');
      if (dash < 0) {
        return Optional.empty();
      }
      String a = s.substring(0, dash);
      String b = s.substring(dash + 1);
      if (!digits(a) || !(b.isEmpty() || digits(b)) || (a.isEmpty() && b.isEmpty())) {
        return Optional.empty();
      }
      if (a.isEmpty()) {
        long suffix = parseLong(b);
        if (suffix > 0 && length > 0) {
          out.add(new long[] {Math.max(0, length - suffix), length - 1});
        }
        continue;
      }
      long first = parseLong(a);
      long last = b.isEmpty() ? Long.MAX_VALUE : parseLong(b);
      if (last < first) {
        return Optional.empty();
      }
      if (first < length) {
        out.add(new long[] {first, Math.min(last, length - 1)});
      }
    }
    if (asked == 0) {
      return Optional.empty();
    }
    while (out.size() < asked && !out.isEmpty()) {
      // pad so the caller's cap counts every range asked for; padding is dropped by coalesce
      out.add(new long[] {-1, -1});
    }
    if (out.isEmpty()) {
      List<long[]> none = new ArrayList<>();
      for (int i = 0; i < asked; i++) {
        none.add(new long[] {-1, -1});
      }
      return Optional.of(none);
    }
    return Optional.of(out);
  }

  /** Sorts the ranges, drops padding and merges overlapping or adjacent ones. */
  static List<long[]> coalesce(List<long[]> ranges) {
    List<long[]> sorted = new ArrayList<>();
    for (long[] r : ranges) {
      if (r[0] >= 0) {
        sorted.add(r.clone());
      }
    }
    sorted.sort(Comparator.comparingLong(r -> r[0]));
    List<long[]> out = new ArrayList<>();
    for (long[] r : sorted) {
      long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && r[0] <= last[1] + 1) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        out.add(r);
      }
    }
    return out;
  }

  private static boolean digits(String s) {
    if (s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static long parseLong(String s) {
    return Long.parseLong(s);
  }
}
