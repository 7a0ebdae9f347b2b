/**
 * The {@code braid} command: {@link Main} parses the global options and runs one {@link
 * BraidPlugin}, found with {@link java.util.ServiceLoader}; the plugins of the servers in the box
 * (echo, discard, chargen, daytime, portforward, amp, web, socks, procmon, exec) and {@code braid
 * passwd}. The only package of Braid that prints to the terminal.
 */
package dev.braid.cli;
