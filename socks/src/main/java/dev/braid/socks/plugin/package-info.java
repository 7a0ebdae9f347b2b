/**
 * {@code braid socks}: {@link dev.braid.socks.plugin.SocksPlugin} runs a {@link
 * dev.braid.socks.SocksServer} on {@code --listen} endpoints, with SOCKS5 logins through {@code
 * --auth}. Found by the {@code braid} command through this module's {@code
 * META-INF/services/dev.braid.plugin.BraidPlugin}.
 */
package dev.braid.socks.plugin;
