/**
 * The API of the {@code braid} command's plugins. A plugin is a picocli command that builds a
 * service tree: {@link dev.braid.plugin.BraidPlugin} is the contract, {@link
 * dev.braid.plugin.ListeningPlugin} the base of plugins that serve a protocol on {@code --listen}
 * endpoints, and {@link dev.braid.plugin.AuthOptions} the {@code --auth} option of plugins that log
 * users in. Each protocol module ships its plugin and its {@code
 * META-INF/services/dev.braid.plugin.BraidPlugin} entry; the command ({@code dev.braid.cli.Main})
 * runs whichever plugins are on its class path (docs/plugins.md).
 */
package dev.braid.plugin;
