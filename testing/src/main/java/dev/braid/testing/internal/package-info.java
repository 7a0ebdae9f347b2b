/**
 * Braid-internal parts of the testing kit: the live reactor behind a {@code ReactorTester}, and the
 * SLF4J binding that captures logged errors for {@code LoggedErrors}. Use the types of {@code
 * dev.braid.testing}.
 */
package dev.braid.testing.internal;
