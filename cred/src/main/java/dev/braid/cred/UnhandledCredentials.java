package dev.braid.cred;

/** No checker registered with the {@link Portal} handles this kind of credentials. */
public final class UnhandledCredentials extends LoginFailed {
  /** A failure saying {@code message}. */
  public UnhandledCredentials(String message) {
    super(message);
  }
}
