/**
 * Credentials, Twisted's cred for Braid: a {@link dev.braid.cred.Portal} logs {@link
 * dev.braid.cred.Credentials} in by asking a {@link dev.braid.cred.CredentialsChecker} who they
 * belong to (an avatar id) and a {@link dev.braid.cred.Realm} for that user's avatar.
 *
 * <p>Checkers in the box: {@link dev.braid.cred.InMemoryChecker}, {@link
 * dev.braid.cred.PasswordFileChecker} (bcrypt hashes), {@link dev.braid.cred.AnonymousChecker} and
 * {@link dev.braid.cred.SshKeysChecker} (authorized_keys files); {@link
 * dev.braid.cred.Checkers#fromString} builds one from a string such as {@code file:/etc/braid.pw}.
 */
package dev.braid.cred;
