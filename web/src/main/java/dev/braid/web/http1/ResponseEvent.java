package dev.braid.web.http1;

/**
 * An event of {@link ResponseParser}: {@link InterimResponse} (1xx other than 101, no body), then
 * {@link ResponseHead}, {@link BodyChunk}s and {@link MessageEnd}.
 */
public sealed interface ResponseEvent extends HttpEvent
    permits InterimResponse, ResponseHead, BodyChunk, MessageEnd {}
