/**
 * The tutorial's chat server ({@code docs/tutorial.md}): {@link dev.braid.examples.chat.ChatRoom}
 * holds who is here, {@link dev.braid.examples.chat.ChatProtocol} serves one connection, and {@link
 * dev.braid.examples.chat.ChatServer} wires them to an endpoint and runs the reactor. Everything
 * runs on the reactor thread.
 */
package dev.braid.examples.chat;
