/**
 * A sans-IO HTTP/2 codec: frames (RFC 9113 sections 4 and 6) and HPACK header compression (RFC
 * 7541). {@link dev.braid.web.http2.codec.Http2FrameParser} turns bytes into {@link
 * dev.braid.web.http2.codec.Http2Frame}s and {@link dev.braid.web.http2.codec.Http2FrameEncoder}
 * turns frames into bytes; {@link dev.braid.web.http2.codec.HpackDecoder} and {@link
 * dev.braid.web.http2.codec.HpackEncoder} turn a field block into {@link
 * dev.braid.web.http2.codec.HeaderField}s and back. Bad input throws {@link
 * dev.braid.web.http2.codec.Http2Exception}, which carries the RFC's error code and says whether it
 * is a connection or a stream error. No I/O, no threads, no clock; the limits are {@link
 * dev.braid.web.http2.codec.Http2Limits}. See {@code docs/http2.md}.
 */
package dev.braid.web.http2.codec;
