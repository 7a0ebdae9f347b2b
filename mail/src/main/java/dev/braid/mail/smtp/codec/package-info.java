/**
 * The SMTP codec (RFC 5321 with ESMTP's SIZE, 8BITMIME, SMTPUTF8 and AUTH), sans-IO: {@link
 * dev.braid.mail.smtp.codec.SmtpCommands} parses the arguments of MAIL, RCPT and EHLO into {@link
 * dev.braid.mail.smtp.codec.MailFrom}, {@link dev.braid.mail.smtp.codec.RcptTo} and {@link
 * dev.braid.mail.smtp.codec.Mailbox} records; {@link dev.braid.mail.smtp.codec.MessageReader} reads
 * the message after DATA (dot-unstuffing, the end only at CRLF.CRLF, bare CR and LF refused, the
 * size counted as it comes); {@link dev.braid.mail.smtp.codec.SmtpReply} encodes replies with
 * enhanced status codes (RFC 3463); {@link dev.braid.mail.smtp.codec.Sasl} decodes AUTH PLAIN and
 * LOGIN responses. No transports, reactors or threads; the server that wires it to a connection is
 * {@link dev.braid.mail.smtp.SmtpServer}.
 */
package dev.braid.mail.smtp.codec;
