/**
 * The IRC codec, sans-IO: {@link dev.braid.irc.codec.IrcMessage} is one message (IRCv3 tags,
 * source, command, parameters) and writes itself as a line; {@link dev.braid.irc.codec.IrcParser}
 * reads lines into messages within {@link dev.braid.irc.codec.IrcLimits}; {@link
 * dev.braid.irc.codec.IrcTags} escapes tag values; {@link dev.braid.irc.codec.CaseMapping} folds
 * nicknames and channel names for comparison. No transports, reactors or threads; the server that
 * wires it to connections is {@link dev.braid.irc.IrcServer}.
 */
package dev.braid.irc.codec;
