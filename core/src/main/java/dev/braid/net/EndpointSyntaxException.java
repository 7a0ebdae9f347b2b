package dev.braid.net;

/**
 * An endpoint description that cannot be parsed; the message names the description and the part
 * that is wrong, e.g. {@code bad endpoint "tcp:http": port must be a number from 0 to 65535, got
 * "http"}.
 */
public final class EndpointSyntaxException extends IllegalArgumentException {
  public EndpointSyntaxException(String description, String problem) {
    super("bad endpoint \"" + description + "\": " + problem);
  }
}
