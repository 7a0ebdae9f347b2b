/**
 * A desktop chat client for the tutorial's chat server, on Braid's Swing reactor ({@code
 * docs/swing.md}). {@link dev.braid.examples.swingchat.ChatModel} is what the window shows (no
 * widgets, testable headless), {@link dev.braid.examples.swingchat.ChatConnection} is the protocol
 * that feeds it, {@link dev.braid.examples.swingchat.ChatPanel} draws it, and {@link
 * dev.braid.examples.swingchat.SwingChatClient} puts them in a window. Everything runs on the AWT
 * event dispatch thread.
 */
package dev.braid.examples.swingchat;
