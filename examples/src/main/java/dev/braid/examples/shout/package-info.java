/**
 * README's first protocol ({@link dev.braid.examples.shout.Shout}), a line server served with
 * {@code Endpoints.serve}, compiled and tested as the README shows it.
 */
package dev.braid.examples.shout;
