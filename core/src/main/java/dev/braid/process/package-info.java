/**
 * Child processes on the reactor: {@link dev.braid.process.Processes#spawn} starts a program and
 * connects it to a {@link dev.braid.process.ProcessProtocol}, whose callbacks all run on the
 * reactor thread. Blocking pipe I/O happens on virtual threads, one chunk in flight per stream. See
 * {@code docs/processes.md}.
 */
package dev.braid.process;
