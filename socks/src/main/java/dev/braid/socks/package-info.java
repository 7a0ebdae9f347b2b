/**
 * SOCKS4, SOCKS4a and SOCKS5 (RFC 1928, with RFC 1929 user name/password authentication): the codec
 * is in {@code dev.braid.socks.codec} ({@link dev.braid.socks.codec.SocksParser} of what clients
 * send, {@link dev.braid.socks.codec.SocksReplies} to encode what servers answer); here is {@link
 * dev.braid.socks.SocksServer}, a CONNECT proxy that authenticates through a cred {@link
 * dev.braid.cred.Portal}, refuses private destinations unless allowed ({@link
 * dev.braid.socks.AddressRules}) and relays with flow control both ways.
 */
package dev.braid.socks;
