package dev.braid.web.http1;

/** The HTTP/1.x versions this codec speaks. Other versions are refused with 505. */
public enum HttpVersion {
  /** HTTP/1.0: no persistent connection unless asked for, no chunked coding. */
  HTTP_1_0("HTTP/1.0"),
  /** HTTP/1.1. */
  HTTP_1_1("HTTP/1.1");

  private final String text;

  HttpVersion(String text) {
    this.text = text;
  }

  /** The version as written on the wire, as {@code "HTTP/1.1"}. */
  public String text() {
    return text;
  }
}
