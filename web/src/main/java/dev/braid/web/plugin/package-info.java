/**
 * {@code braid web}: {@link dev.braid.web.plugin.WebPlugin} serves a directory, reverse proxies and
 * {@code com.sun.net.httpserver} handlers from a {@link dev.braid.web.Site}, optionally behind HTTP
 * Basic authentication ({@code --auth}). Found by the {@code braid} command through this module's
 * {@code META-INF/services/dev.braid.plugin.BraidPlugin}.
 */
package dev.braid.web.plugin;
