/**
 * An IRC server (Twisted words' {@code twistd words}): {@link dev.braid.irc.IrcServer} holds the
 * users and channels its connections share and makes their protocol; {@link
 * dev.braid.irc.IrcConfig} holds its names, logins and limits. The messages are read and written by
 * {@link dev.braid.irc.codec}; {@code braid words} is {@link dev.braid.irc.plugin}.
 */
package dev.braid.irc;
