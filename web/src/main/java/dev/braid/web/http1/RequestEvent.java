package dev.braid.web.http1;

/**
 * An event of {@link RequestParser}: {@link RequestHead}, {@link BodyChunk}, {@link MessageEnd}.
 */
public sealed interface RequestEvent extends HttpEvent permits RequestHead, BodyChunk, MessageEnd {}
