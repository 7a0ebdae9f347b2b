/**
 * {@code braid words}: {@link dev.braid.irc.plugin.WordsPlugin} runs an {@link
 * dev.braid.irc.IrcServer} on {@code --listen} endpoints, with SASL logins through {@code --auth}
 * and operators from {@code --oper}. Found by the {@code braid} command through this module's
 * {@code META-INF/services/dev.braid.plugin.BraidPlugin}.
 */
package dev.braid.irc.plugin;
