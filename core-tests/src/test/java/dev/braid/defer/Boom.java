package dev.braid.defer;

/** The error the Deferred tests fail things with, so logged errors are easy to pick out. */
final class Boom extends RuntimeException {
  Boom(String message) {
    super(message);
  }
}
