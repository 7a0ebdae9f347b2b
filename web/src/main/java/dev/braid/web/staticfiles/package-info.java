/**
 * Static files: {@link dev.braid.web.staticfiles.FileResource} serves a directory tree (ranges,
 * conditional requests, index files, listings) without ever leaving its root; {@link
 * dev.braid.web.staticfiles.MimeTypes} maps extensions to content types.
 */
package dev.braid.web.staticfiles;
