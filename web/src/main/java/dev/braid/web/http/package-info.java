/**
 * HTTP's version-independent message parts (RFC 9110), shared by the HTTP/1.1 codec ({@code
 * dev.braid.web.http1}), the server and the client: {@link dev.braid.web.http.HttpHeaders}, the
 * header fields of a request, a response or trailers. This package depends on nothing else of
 * Braid, so every HTTP version's codec can use it without depending on the server.
 */
package dev.braid.web.http;
