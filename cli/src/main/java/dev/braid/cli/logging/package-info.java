/**
 * Logging for the {@code braid} command: an SLF4J binding that writes text or JSON lines to the
 * standard error or a rotating log file, set by {@code --log-level}, {@code --log-format} and
 * {@code --logfile}.
 */
package dev.braid.cli.logging;
