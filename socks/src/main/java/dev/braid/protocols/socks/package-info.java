/**
 * SOCKS4, SOCKS4a and SOCKS5 (RFC 1928, with RFC 1929 user name/password authentication): a sans-IO
 * {@link dev.braid.protocols.socks.SocksParser} of what clients send, {@link
 * dev.braid.protocols.socks.SocksReplies} to encode what servers answer, and {@link
 * dev.braid.protocols.socks.SocksServer}, a CONNECT proxy that authenticates through a cred {@link
 * dev.braid.cred.Portal}, refuses private destinations unless allowed ({@link
 * dev.braid.protocols.socks.AddressRules}) and relays with flow control both ways.
 */
package dev.braid.protocols.socks;
