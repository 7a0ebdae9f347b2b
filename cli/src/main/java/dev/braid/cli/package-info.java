/**
 * The {@code braid} command: {@link Main} parses the global options and runs one {@link
 * dev.braid.plugin.BraidPlugin}, found on the class path with {@link java.util.ServiceLoader} (each
 * protocol module ships its own); here are the plugins of core's own servers (echo, discard,
 * chargen, daytime, portforward, procmon, exec) and {@code braid passwd}. The only package of Braid
 * that prints to the terminal.
 */
package dev.braid.cli;
