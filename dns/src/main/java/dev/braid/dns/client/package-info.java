/**
 * A DNS client on the reactor: {@link dev.braid.dns.client.DnsClient} asks name servers over UDP
 * (falling back to TCP for truncated answers), and {@link dev.braid.dns.client.DnsResolver} is a
 * caching {@link dev.braid.net.Resolver} built on it, which a reactor can install in place of the
 * system resolver ({@code reactor.installResolver(...)}).
 */
package dev.braid.dns.client;
