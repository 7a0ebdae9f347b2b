/**
 * The SMTP server (RFC 5321, ESMTP): {@link dev.braid.mail.smtp.SmtpServer} receives mail for the
 * local domains of its {@link dev.braid.mail.smtp.SmtpConfig} and stores it durably into maildirs;
 * every limit is a setting of that one record.
 */
package dev.braid.mail.smtp;
