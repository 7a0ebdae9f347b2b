/**
 * Braid's mail (Twisted's mail): the parts every mail protocol shares. {@link
 * dev.braid.mail.LocalDomains} says which addresses are local and whose they are (users, aliases, a
 * catch-all); {@link dev.braid.mail.Maildirs} stores messages into each user's maildir, durably
 * (fsynced before it returns). The SMTP server is in {@code dev.braid.mail.smtp}, its codec in
 * {@code dev.braid.mail.smtp.codec}, and {@code braid mail} in {@code dev.braid.mail.plugin}.
 */
package dev.braid.mail;
