package dev.braid.web.staticfiles;

import dev.braid.web.Html;
import dev.braid.web.Request;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The HTML listing of a directory: sorted names, sizes, dates; every name escaped. Pure. */
final class DirectoryListing {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private DirectoryListing() {}

  private record Entry(String name, boolean directory, long size, java.time.Instant modified) {}

  static String render(Path dir, Path root, Request request, boolean dotFiles) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        if (!dotFiles && FileResource.isDotName(p.getFileName().toString())) {
          continue;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
          continue;
        }
        entries.add(
            new Entry(
                p.getFileName().toString(),
                a.isDirectory(),
                a.size(),
                a.lastModifiedTime().toInstant()));
      }
    }
    entries.sort(Comparator.comparing(Entry::name));
    String shown = "/" + String.join("/", request.segments());
    StringBuilder b = new StringBuilder();
    b.append("<table>\n<tr><th>Name</th><th>Size</th><th>Last modified (UTC)</th></tr>\n");
    if (!dir.equals(root)) {
      b.append("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
    }
    for (Entry e : entries) {
      String label = e.name() + (e.directory() ? "/" : "");
      String href = Html.encodeSegment(e.name()) + (e.directory() ? "/" : "");
      b.append("<tr><td><a href=\"")
          .append(Html.escape(href))
          .append("\">")
          .append(Html.escape(label))
          .append("</a></td><td>")
          .append(e.directory() ? "-" : Long.toString(e.size()))
          .append("</td><td>")
          .append(DATE.format(e.modified()))
          .append("</td></tr>\n");
    }
    b.append("</table>");
    return Html.page("Index of " + shown, b.toString());
  }
}
