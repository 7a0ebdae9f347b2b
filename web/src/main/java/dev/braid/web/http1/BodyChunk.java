package dev.braid.web.http1;

import dev.braid.bytes.ByteString;

/**
 * Some bytes of a message body, never empty. Chunk boundaries follow the input, not the sender's
 * chunked framing.
 */
public record BodyChunk(ByteString data) implements RequestEvent, ResponseEvent {}
