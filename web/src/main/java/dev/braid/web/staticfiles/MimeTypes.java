package dev.braid.web.staticfiles;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Content types by file extension: a built-in table of the common web types, extendable with {@link
 * #with}. Text types (and JSON, JavaScript, XML, SVG) get {@code charset=utf-8}; unknown extensions
 * are {@code application/octet-stream}. Immutable; any thread.
 */
public final class MimeTypes {
  private static final MimeTypes DEFAULTS = new MimeTypes(table());

  private final Map<String, String> byExtension;

  private MimeTypes(Map<String, String> byExtension) {
    this.byExtension = Map.copyOf(byExtension);
  }

  /** The built-in table. */
  public static MimeTypes defaults() {
    return DEFAULTS;
  }

  /** This table with {@code extension} (without the dot, any case) mapped to {@code type}. */
  public MimeTypes with(String extension, String type) {
    Map<String, String> m = new HashMap<>(byExtension);
    m.put(extension.toLowerCase(Locale.ROOT), type);
    return new MimeTypes(m);
  }

  /** The {@code Content-Type} for a file called {@code fileName}. */
  public String contentType(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    String type = byExtension.getOrDefault(ext, "application/octet-stream");
    if (type.contains(";")) {
      return type;
    }
    boolean text =
        type.startsWith("text/")
            || type.equals("application/json")
            || type.equals("application/javascript")
            || type.equals("application/xml")
            || type.equals("image/svg+xml");
    return text ? type + "; charset=utf-8" : type;
  }

  private static Map<String, String> table() {
    Map<String, String> m = new HashMap<>();
    String[][] rows = {
      {"html", "text/html"},
      {"htm", "text/html"},
      {"css", "text/css"},
      {"txt", "text/plain"},
      {"text", "text/plain"},
      {"md", "text/markdown"},
      {"csv", "text/csv"},
      {"xml", "application/xml"},
      {"js", "application/javascript"},
      {"mjs", "application/javascript"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"wasm", "application/wasm"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"bmp", "image/bmp"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"otf", "font/otf"},
      {"pdf", "application/pdf"},
      {"zip", "application/zip"},
      {"gz", "application/gzip"},
      {"tar", "application/x-tar"},
      {"mp3", "audio/mpeg"},
      {"ogg", "audio/ogg"},
      {"wav", "audio/wav"},
      {"mp4", "video/mp4"},
      {"webm", "video/webm"},
      {"java", "text/plain"},
      {"py", "text/plain"},
      {"sh", "text/plain"},
      {"yaml", "text/plain"},
      {"yml", "text/plain"},
      {"toml", "text/plain"},
      {"log", "text/plain"},
    };
    for (String[] r : rows) {
      m.put(r[0], r[1]);
    }
    return m;
  }
}
