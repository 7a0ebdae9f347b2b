/** {@code braid dns}: the DNS server as a plugin of the {@code braid} command. */
package dev.braid.dns.plugin;
