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
 * <p>The interfaces of endpoints live here ({@link ServerEndpoint}, {@link ClientEndpoint}, {@link
 * DatagramEndpoint}, with {@link EndpointDescription} for their strings), and their implementations
 * and parsers in {@code dev.braid.net.endpoints}, above the reactor. {@link Resolver} turns names
 * into addresses, {@link PluggableResolver} installs one per reactor, and {@link
 * ReconnectingClientFactory} reconnects with {@link Backoff}. An unknown name gets a "did you mean"
 * from {@link NearestName}.
 *
 * <p>Layers: this package depends only on Deferreds ({@code dev.braid.defer}) and the clock ({@code
 * dev.braid.time}), never on the reactor, whose interface offers what is here ({@code Reactor}
 * extends {@link ReactorTcp} and {@link ReactorUdp}).
 *
 * <p>Threads: every callback runs on the reactor thread, and only the reactor thread may call a
 * transport. Buffers: one handed to {@code dataReceived} is lent for the call; one handed to {@code
 * write} is given away.
 */
package dev.braid.net;
