/** {@code braid mail}: the mail server plugin of the {@code braid} command. */
package dev.braid.mail.plugin;
