package dev.braid.web.staticfiles;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.web.HttpDate;
import dev.braid.web.Request;
import dev.braid.web.Resource;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Serves a directory tree: files with their content type, index files, HTML directory listings,
 * byte ranges and conditional requests. A leaf resource: it takes the rest of the request path
 * ({@link Request#postpath()}) itself.
 *
 * <p><b>Safety.</b> A path never leaves the root: segments {@code .} and {@code ..} (also when sent
 * as {@code %2e%2e}), segments holding {@code /} (sent as {@code %2f}), {@code \} or NUL, and empty
 * segments inside the path are answered 404; a path whose real location (symbolic links resolved)
 * is outside the root's real location is answered 403. A path the file system cannot look up (a
 * segment longer than its longest name, a file used as a directory, a loop of links) is answered
 * 404, like a missing file.
 *
 * <p><b>Dot-files.</b> Files and directories whose name starts with {@code .} ({@code .git}, {@code
 * .env}, {@code .htpasswd}) are hidden by default: a path with such a segment, or whose real
 * location under the root has one (a link to {@code .git/config}), is answered 404 as if it did not
 * exist, and listings leave them out. {@link Builder#dotFiles(boolean)} serves them.
 *
 * <p><b>Ranges.</b> One satisfiable range gives 206 with {@code Content-Range}; several give {@code
 * multipart/byteranges} (overlapping and adjacent ranges are coalesced first); none satisfiable
 * gives 416 with {@code Content-Range: bytes *}{@code /length}. A {@code Range} with more than
 * {@link Builder#maxRanges} ranges, or one that does not parse, is ignored and the whole file is
 * sent with 200. {@code If-Range} with the current strong ETag or exact {@code Last-Modified} date
 * keeps the range; anything else sends the whole file.
 *
 * <p><b>Conditionals.</b> {@code ETag} is strong, from size and modification time; {@code
 * If-None-Match} (weak comparison) and, without it, {@code If-Modified-Since} answer 304; {@code
 * If-Match} and {@code If-Unmodified-Since} answer 412.
 *
 * <p><b>Sending.</b> The file is read in chunks by a pull producer registered with the connection,
 * so a slow client makes the server read no faster than it sends, over TCP and TLS alike. Reads are
 * blocking file reads on the reactor thread (local disks). Reactor thread only.
 */
public final class FileResource implements Resource {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;
  private final List<String> indexNames;
  private final boolean listing;
  private final int maxRanges;
  private final MimeTypes mimeTypes;
  private final int chunkSize;
  private final boolean dotFiles;

  private FileResource(Builder b) {
    this.dotFiles = b.dotFiles;
    this.root = b.root.toAbsolutePath().normalize();
    this.indexNames = List.copyOf(b.indexNames);
    this.listing = b.listing;
    this.maxRanges = b.maxRanges;
    this.mimeTypes = b.mimeTypes;
    this.chunkSize = b.chunkSize;
  }

  /** Serves the tree under {@code root} with the defaults. */
  public static FileResource of(Path root) {
    return builder(root).build();
  }

  /** A builder for a resource serving the tree under {@code root}. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public Deferred<Void> render(Request request) throws IOException {
    String method = request.method();
    if (method.equals("OPTIONS")) {
      request.setStatus(204);
      request.setHeader("Allow", "GET, HEAD, OPTIONS");
      request.finish();
      return Deferred.succeed(null);
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      request.setHeader("Allow", "GET, HEAD, OPTIONS");
      return request.respondError(405, "Method " + method + " is not allowed here.");
    }
    List<String> segments = request.postpath();
    boolean trailingSlash = segments.isEmpty() || segments.get(segments.size() - 1).isEmpty();
    Optional<Path> resolved = resolve(root, segments);
    if (resolved.isEmpty() || (!dotFiles && segments.stream().anyMatch(FileResource::isDotName))) {
      return notFound(request);
    }
    Path target = resolved.get();
    Path realRoot = root.toRealPath();
    Path real;
    BasicFileAttributes attrs;
    try {
      real = target.toRealPath();
      if (!real.startsWith(realRoot)) {
        return request.respondError(403, "Access to this path is forbidden.");
      }
      if (!dotFiles && hasDotName(realRoot.relativize(real))) {
        return notFound(request);
      }
      attrs = Files.readAttributes(real, BasicFileAttributes.class);
    } catch (AccessDeniedException e) {
      return request.respondError(403, "Access to this path is forbidden.");
    } catch (FileSystemException e) {
      // the request names no file: a missing one, a name too long for the file system
      // (ENAMETOOLONG), a file used as a directory (ENOTDIR), a loop of links (ELOOP)
      return notFound(request);
    }
    if (attrs.isDirectory()) {
      if (!trailingSlash) {
        String location = request.path() + "/" + request.rawQuery().map(q -> "?" + q).orElse("");
        return request.redirect(301, location);
      }
      for (String name : indexNames) {
        Path index = real.resolve(name);
        if (Files.isRegularFile(index)) {
          Path realIndex = index.toRealPath();
          if (realIndex.startsWith(realRoot)
              && (dotFiles || !hasDotName(realRoot.relativize(realIndex)))) {
            return serveFile(
                request, realIndex, Files.readAttributes(realIndex, BasicFileAttributes.class));
          }
        }
      }
      if (!listing) {
        return request.respondError(403, "Directory listing is switched off.");
      }
      return request.respond(
          200,
          "text/html; charset=utf-8",
          ByteString.utf8(DirectoryListing.render(real, realRoot, request, dotFiles)));
    }
    if (!attrs.isRegularFile()) {
      return notFound(request);
    }
    if (trailingSlash && !segments.isEmpty()) {
      return notFound(request);
    }
    return serveFile(request, real, attrs);
  }

  /**
   * The path under {@code root} that the decoded request-path {@code segments} name, without
   * touching the file system (symbolic links are checked later, against the real root): empty
   * (answered 404) when a segment is {@code .} or {@code ..}, holds {@code /}, {@code \} or NUL, is
   * not a valid file name on this platform, or is empty anywhere but last (a trailing slash). Pure;
   * any thread.
   */
  public static Optional<Path> resolve(Path root, List<String> segments) {
    Path target = root;
    for (int i = 0; i < segments.size(); i++) {
      String seg = segments.get(i);
      if (seg.isEmpty()) {
        if (i == segments.size() - 1) {
          break;
        }
        return Optional.empty();
      }
      if (!safeSegment(seg)) {
        return Optional.empty();
      }
      try {
        target = target.resolve(seg);
      } catch (InvalidPathException e) {
        return Optional.empty();
      }
    }
    return Optional.of(target);
  }

  private static boolean safeSegment(String seg) {
    if (seg.equals(".") || seg.equals("..")) {
      return false;
    }
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (c == '/' || c == '\\' || c == 0) {
        return false;
      }
    }
    return true;
  }

  /** A dot-file's or dot-directory's name: one that starts with {@code .} (not empty). */
  static boolean isDotName(String name) {
    return name.startsWith(".");
  }

  private static boolean hasDotName(Path relative) {
    for (Path name : relative) {
      if (isDotName(name.toString())) {
        return true;
      }
    }
    return false;
  }

  private static Deferred<Void> notFound(Request request) {
    return request.respondError(404, "No such file.");
  }

  private Deferred<Void> serveFile(Request request, Path file, BasicFileAttributes attrs)
      throws IOException {
    long length = attrs.size();
    Instant modified = attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
    String etag =
        "\""
            + Long.toHexString(length)
            + "-"
            + Long.toHexString(attrs.lastModifiedTime().toMillis())
            + "\"";
    request.setHeader("Last-Modified", HttpDate.format(modified));
    request.setHeader("ETag", etag);
    request.setHeader("Accept-Ranges", "bytes");

    Optional<String> ifMatch = request.header("If-Match");
    if (ifMatch.isPresent()) {
      if (!matches(ifMatch.get(), etag, true)) {
        return request.respondError(412, "The file changed.");
      }
    } else {
      Optional<Instant> since = request.header("If-Unmodified-Since").flatMap(HttpDate::parse);
      if (since.isPresent() && modified.isAfter(since.get())) {
        return request.respondError(412, "The file changed.");
      }
    }
    Optional<String> ifNoneMatch = request.header("If-None-Match");
    boolean notModified;
    if (ifNoneMatch.isPresent()) {
      notModified = matches(ifNoneMatch.get(), etag, false);
    } else {
      Optional<Instant> since = request.header("If-Modified-Since").flatMap(HttpDate::parse);
      notModified = since.isPresent() && !modified.isAfter(since.get());
    }
    if (notModified) {
      request.setStatus(304);
      request.finish();
      return Deferred.succeed(null);
    }

    String type = mimeTypes.contentType(file.getFileName().toString());
    Optional<String> range = request.header("Range");
    if (range.isPresent()
        && request.method().equals("GET")
        && ifRangeHolds(request, etag, modified)) {
      Optional<List<long[]>> parsed = ByteRanges.parse(range.get(), length);
      if (parsed.isPresent() && parsed.get().size() <= maxRanges) {
        List<long[]> ranges = ByteRanges.coalesce(parsed.get());
        if (ranges.isEmpty()) {
          request.setHeader("Content-Range", "bytes */" + length);
          return request.respondError(416, "None of the requested ranges is in the file.");
        }
        request.setStatus(206);
        if (ranges.size() == 1) {
          long[] r = ranges.get(0);
          request.setHeader("Content-Type", type);
          request.setHeader("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + length);
          request.setHeader("Content-Length", Long.toString(r[1] - r[0] + 1));
          return FileSender.send(
              request,
              file,
              List.of(new FileSender.Part(ByteString.EMPTY, r[0], r[1] - r[0] + 1)),
              ByteString.EMPTY,
              chunkSize);
        }
        byte[] raw = new byte[12];
        RANDOM.nextBytes(raw);
        String boundary = "braid" + java.util.HexFormat.of().formatHex(raw);
        List<FileSender.Part> parts = new ArrayList<>();
        long total = 0;
        for (long[] r : ranges) {
          ByteString head =
              ByteString.ascii(
                  "\r\n--"
                      + boundary
                      + "\r\nContent-Type: "
                      + type
                      + "\r\nContent-Range: bytes "
                      + r[0]
                      + "-"
                      + r[1]
                      + "/"
                      + length
                      + "\r\n\r\n");
          parts.add(new FileSender.Part(head, r[0], r[1] - r[0] + 1));
          total += head.size() + r[1] - r[0] + 1;
        }
        ByteString tail = ByteString.ascii("\r\n--" + boundary + "--\r\n");
        total += tail.size();
        request.setHeader("Content-Type", "multipart/byteranges; boundary=" + boundary);
        request.setHeader("Content-Length", Long.toString(total));
        return FileSender.send(request, file, parts, tail, chunkSize);
      }
    }
    request.setHeader("Content-Type", type);
    request.setHeader("Content-Length", Long.toString(length));
    return FileSender.send(
        request,
        file,
        List.of(new FileSender.Part(ByteString.EMPTY, 0, length)),
        ByteString.EMPTY,
        chunkSize);
  }

  private static boolean ifRangeHolds(Request request, String etag, Instant modified) {
    Optional<String> ifRange = request.header("If-Range");
    if (ifRange.isEmpty()) {
      return true;
    }
    String v = ifRange.get().strip();
    if (v.startsWith("\"")) {
      return v.equals(etag);
    }
    if (v.startsWith("W/")) {
      return false;
    }
    return HttpDate.parse(v).map(modified::equals).orElse(false);
  }

  /** Whether the list of entity tags {@code header} matches {@code etag} (weak or strong). */
  static boolean matches(String header, String etag, boolean strong) {
    String h = header.strip();
    if (h.equals("*")) {
      return true;
    }
    for (String part : h.split(",")) {
      String tag = part.strip();
      if (tag.startsWith("W/")) {
        if (strong) {
          continue;
        }
        tag = tag.substring(2);
      }
      if (tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** Configures a {@link FileResource}; single use, any thread. */
  public static final class Builder {
    private final Path root;
    private List<String> indexNames = List.of("index.html");
    private boolean listing = true;
    private int maxRanges = 16;
    private MimeTypes mimeTypes = MimeTypes.defaults();
    private int chunkSize = 64 * 1024;
    private boolean dotFiles;

    private Builder(Path root) {
      this.root = root;
    }

    /** File names served for a directory, tried in order (default {@code index.html}). */
    public Builder indexNames(List<String> names) {
      this.indexNames = List.copyOf(names);
      return this;
    }

    /** Whether a directory without an index file gets a listing (default) or 403. */
    public Builder listing(boolean on) {
      this.listing = on;
      return this;
    }

    /**
     * Whether files and directories whose name starts with {@code .} are served and listed (default
     * false: they are answered 404 and left out of listings, so a served checkout does not give
     * away {@code .git/config} or {@code .env}).
     */
    public Builder dotFiles(boolean serve) {
      this.dotFiles = serve;
      return this;
    }

    /** The most ranges one request may ask for (default 16); more sends the whole file. */
    public Builder maxRanges(int max) {
      this.maxRanges = max;
      return this;
    }

    /** The content type table. */
    public Builder mimeTypes(MimeTypes types) {
      this.mimeTypes = types;
      return this;
    }

    /** The size of each read from the file (default 64 KiB). */
    public Builder chunkSize(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("chunk size must be positive");
      }
      this.chunkSize = bytes;
      return this;
    }

    /** The resource. */
    public FileResource build() {
      if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(root)) {
        throw new IllegalArgumentException(
            Files.exists(root)
                ? "not a directory: " + root
                : "no such directory: " + root + " does not exist");
      }
      return new FileResource(this);
    }
  }
}
