/**
 * {@code braid amp}: {@link dev.braid.amp.plugin.AmpPlugin} serves the example AMP service ({@link
 * dev.braid.amp.example.Calculator}) on {@code --listen} endpoints. Found by the {@code braid}
 * command through this module's {@code META-INF/services/dev.braid.plugin.BraidPlugin}.
 */
package dev.braid.amp.plugin;
