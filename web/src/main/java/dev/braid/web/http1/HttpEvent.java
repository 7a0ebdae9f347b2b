package dev.braid.web.http1;

/**
 * What a parser reports. A message is one head, zero or more {@link BodyChunk}s and one {@link
 * MessageEnd}; switch on {@link RequestEvent} or {@link ResponseEvent} for an exhaustive match.
 */
public sealed interface HttpEvent permits RequestEvent, ResponseEvent {}
