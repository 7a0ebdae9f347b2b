/**
 * A reverse proxy resource: {@link dev.braid.web.proxy.ReverseProxyResource} forwards the requests
 * under its place in a {@link dev.braid.web.Site}'s tree to an upstream HTTP server through the
 * pooling client, streaming both bodies with backpressure.
 */
package dev.braid.web.proxy;
