/**
 * JMH benchmarks of Braid (Deferreds, coroutines, the line parser, loopback echo and AMP, the HTTP
 * server) and {@link PeerMain}, the peer server the shared comparison harness starts.
 */
package dev.braid.bench;
