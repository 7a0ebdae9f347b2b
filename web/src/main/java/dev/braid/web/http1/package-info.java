/**
 * A strict, sans-IO HTTP/1.1 codec (RFC 9112): {@link dev.braid.web.http1.RequestParser} and {@link
 * dev.braid.web.http1.ResponseParser} turn bytes into {@link dev.braid.web.http1.HttpEvent}s,
 * {@link dev.braid.web.http1.Http1Encoder} turns heads and body chunks into bytes. No I/O, no
 * threads, no clock: the server and the client wire them to transports. See {@code docs/web.md},
 * section "Codec".
 */
package dev.braid.web.http1;
