package dev.braid.irc;

import dev.braid.bytes.ByteString;
import dev.braid.irc.codec.IrcMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message relayed to many clients, written once per kind of recipient: with or without the
 * {@code time} tag (server-time), with or without the sender's client-only tags (message-tags). A
 * message to a channel of a thousand is encoded at most four times.
 */
final class Outgoing {
  private final IrcMessage message;
  private final Map<String, String> clientTags;
  private final String time;
  private final ByteString[] encoded = new ByteString[4];

  /** {@code message} (with its source), stamped {@code time}, carrying {@code clientTags}. */
  Outgoing(IrcMessage message, Map<String, String> clientTags, String time) {
    this.message = message;
    this.clientTags = clientTags;
    this.time = time;
  }

  /** The message. */
  IrcMessage message() {
    return message;
  }

  /** The bytes to write to {@code client}, by the capabilities it enabled. */
  ByteString to(IrcConnection client) {
    boolean withTime = client.has(Cap.SERVER_TIME);
    boolean withTags = client.has(Cap.MESSAGE_TAGS) && !clientTags.isEmpty();
    int variant = (withTime ? 1 : 0) | (withTags ? 2 : 0);
    ByteString bytes = encoded[variant];
    if (bytes == null) {
      Map<String, String> tags = new LinkedHashMap<>();
      if (withTime) {
        tags.put("time", time);
      }
      if (withTags) {
        tags.putAll(clientTags);
      }
      bytes = message.withTags(tags).encode();
      encoded[variant] = bytes;
    }
    return bytes;
  }
}
