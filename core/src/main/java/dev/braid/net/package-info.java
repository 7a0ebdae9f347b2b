/**
 * Connections: the {@link Protocol} a connection feeds bytes to and the {@link Transport} it writes
 * through (with half-close, {@link HalfCloseableProtocol}, and protocol switching, {@link
 * ProtocolSwitching}); the {@link ProtocolFactory} that builds one protocol per connection and the
 * {@link ClientFactory} of outgoing ones; flow control both ways ({@link Producer}, {@link
 * PushProducer}, {@link PullProducer}, {@link Consumer}, {@link WaterMarks}, {@link FileSending});
 * UDP ({@link DatagramProtocol}, {@link DatagramTransport}) and UNIX sockets ({@link
 * UnixTransport}); what a reactor offers for each ({@link ReactorTcp}, {@link ReactorUdp}, {@link
 * ReactorUnix}).
 *
 * <p>Endpoints name where to listen or connect as a string: {@link Endpoints#serverFromString} and
 * {@link Endpoints#clientFromString} parse {@code tcp:}, {@code tcp6:}, {@code udp:} and the types
 * other packages register as an {@link EndpointParser} ({@code ssl:}/{@code tls:}, {@code unix:},
 * {@code haproxy:}); {@link HostnameEndpoint} connects to a host name with happy eyeballs, and
 * {@link ReconnectingClientFactory} reconnects with {@link Backoff}. An unknown endpoint type (or
 * any unknown name) gets a "did you mean" from {@link NearestName}.
 *
 * <p>Threads: every callback runs on the reactor thread, and only the reactor thread may call a
 * transport. Buffers: one handed to {@code dataReceived} is lent for the call; one handed to {@code
 * write} is given away.
 */
package dev.braid.net;
