/**
 * The SOCKS codec, sans-IO: {@link dev.braid.socks.codec.SocksParser} reads what a client sends
 * (the SOCKS4/4a request, the SOCKS5 greeting, RFC 1929 login and request) as {@link
 * dev.braid.socks.codec.SocksMessage} records, and {@link dev.braid.socks.codec.SocksReplies}
 * encodes what a server answers. No transports, reactors or threads; the protocol that wires it to
 * a connection is {@link dev.braid.socks.SocksServer}.
 */
package dev.braid.socks.codec;
