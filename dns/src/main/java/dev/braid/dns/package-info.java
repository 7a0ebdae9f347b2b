/**
 * DNS (RFC 1034, RFC 1035): an authoritative server for BIND master files over UDP and TCP.
 *
 * <p>{@link dev.braid.dns.Authority} answers one query message with one response message (sans IO);
 * {@link dev.braid.dns.DnsDatagramServer} serves it on a UDP port and {@link
 * dev.braid.dns.DnsStreamServer} on TCP connections (two-byte length prefixes, pipelined queries,
 * an idle limit). {@link dev.braid.dns.ZoneSet} holds the zones, loaded from master files with
 * errors that name the file and line. Messages and master files are read and written by dnsjava
 * ({@code org.xbill.DNS}), the field's Java codec; the limits are in {@link
 * dev.braid.dns.DnsLimits}.
 */
package dev.braid.dns;
