/**
 * Services: the long-lived parts of a program (a listening server, a kept-up client connection, a
 * periodic task) with a start and a stop that return Deferreds, arranged in a tree ({@link
 * dev.braid.service.MultiService}) that starts children in order and stops them in reverse. The
 * {@code braid} command runs a plugin's service tree and stops it on SIGTERM.
 *
 * <p>Every method is called on the reactor thread.
 */
package dev.braid.service;
