/**
 * A container for applications written against the JDK's {@code com.sun.net.httpserver} API
 * (Twisted's WSGI container, for Java's standard server interface): {@link
 * dev.braid.web.jdkhttp.BraidHttpServerProvider} makes {@code HttpServer.create} return a server
 * running on a Braid reactor, and {@link dev.braid.web.jdkhttp.HttpHandlerResource} mounts one
 * {@code HttpHandler} in a Braid resource tree. Handlers run on virtual threads; their streams are
 * bridged to the reactor with backpressure.
 */
package dev.braid.web.jdkhttp;
