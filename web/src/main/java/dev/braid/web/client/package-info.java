/**
 * The HTTP/1.1 client: {@link dev.braid.web.client.Agent} (a connection pool per origin, HTTPS,
 * proxies, timeouts), and wrappers adding redirects ({@link dev.braid.web.client.RedirectAgent})
 * and gzip decoding ({@link dev.braid.web.client.ContentDecoderAgent}). Everything runs on the
 * reactor thread. See {@code docs/web.md}, section "Client".
 */
package dev.braid.web.client;
